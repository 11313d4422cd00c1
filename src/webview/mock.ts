// The mock exam page. It draws the view the host sends, counts the time down, and sends
// back what the person does; the exam's logic and its clock of record live in the host.
// Keys: 1–9 choose an option, F flags, ← → or P N move, S submits.
import type { MockExamView, MockQuestionView, MockResultView, MockToExtensionMessage, MockToWebviewMessage } from '../protocol/mock-protocol';
import { acquireWebviewApi, button, byId, h, icon, key, markdown } from './dom';

const vscode = acquireWebviewApi<MockToExtensionMessage>();
const app = byId('app');
const main = byId('main');
const title = byId('title');
const progress = byId('progress');
const clock = byId('clock');
const navigator = byId('navigator');
const announcer = byId('announcer');
const errorBox = byId('error');

let view: MockExamView | undefined;
let focusKey = '';
let tick: ReturnType<typeof setInterval> | undefined;
let timeUpSent = false;

function post(message: MockToExtensionMessage): void {
  vscode.postMessage(message);
}

function formatClock(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return `${hours > 0 ? `${hours}:` : ''}${String(minutes).padStart(hours > 0 ? 2 : 1, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

function drawClock(): void {
  if (!view) return;
  if (view.result) {
    clock.textContent = `Time used ${formatClock(view.result.elapsedMs)}`;
    return;
  }
  const left = view.deadlineMs - Date.now();
  clock.textContent = `${formatClock(left)} left`;
  clock.classList.toggle('low', left < 5 * 60_000);
  if (left <= 0 && !timeUpSent) {
    timeUpSent = true;
    post({ type: 'timeUp' });
  }
}

function draw(next: MockExamView): void {
  view = next;
  app.removeAttribute('aria-busy');
  title.textContent = `Mock exam: ${next.title}`;
  const answered = next.nav.filter((c) => c.answered).length;
  const flagged = next.nav.filter((c) => c.flagged).length;
  progress.textContent = next.result
    ? `${next.result.right} of ${next.result.total} right`
    : `Question ${(next.question?.position ?? 0) + 1} of ${next.total} · ${answered} answered${flagged > 0 ? ` · ${flagged} flagged` : ''}`;
  drawClock();
  if (tick === undefined && !next.result) tick = setInterval(drawClock, 1000);
  if (next.result && tick !== undefined) {
    clearInterval(tick);
    tick = undefined;
  }
  // Redrawing replaces the elements: the one that had the focus gets it back by its id.
  const focusedId = document.activeElement?.id;
  main.replaceChildren(...(next.result ? resultView(next.result, next) : []), ...(next.question ? questionView(next.question, next) : []));
  drawNavigator(next);
  if (focusedId) document.getElementById(focusedId)?.focus();
  if (next.announcement) announcer.textContent = next.announcement;
  errorBox.hidden = next.error === undefined;
  errorBox.replaceChildren(...(next.error === undefined ? [] : [icon('error'), ` ${next.error}`]));
  const focus = `${next.question?.position ?? -1}:${next.result ? 'r' : 'q'}`;
  if (focus !== focusKey) {
    focusKey = focus;
    (main.querySelector<HTMLElement>('[data-autofocus]') ?? main).focus();
  }
}

function questionView(q: MockQuestionView, v: MockExamView): HTMLElement[] {
  const submitted = v.result !== undefined;
  const multiple = q.choose > 1;
  const legendId = `prompt-${q.position}`;
  const options = q.options.map((o, i) => {
    const input = h('input', {
      type: multiple ? 'checkbox' : 'radio',
      name: 'option',
      id: `option-${i}`,
      checked: o.chosen,
      disabled: submitted,
      'data-autofocus': o.chosen || (i === 0 && !q.options.some((other) => other.chosen)) ? 'true' : undefined,
    }) as HTMLInputElement;
    input.addEventListener('change', () => post({ type: 'choose', position: q.position, option: i }));
    const verdict = o.correct === undefined ? undefined : o.correct ? h('span', { class: 'verdict right' }, icon('pass'), ' Right answer') : o.chosen ? h('span', { class: 'verdict wrong' }, icon('error'), ' Your choice') : undefined;
    return h(
      'div',
      { class: `option${o.chosen ? ' chosen' : ''}${o.correct === true ? ' right' : ''}${o.correct === false && o.chosen ? ' wrong' : ''}` },
      input,
      h('label', { for: `option-${i}` }, key(String(i + 1)), markdown('span', o.labelHtml, 'label')),
      verdict,
      o.explanationHtml ? markdown('div', o.explanationHtml, 'explanation') : undefined,
    );
  });
  const fieldset = h(
    'fieldset',
    { class: 'question', 'aria-labelledby': legendId },
    h('div', { class: 'breadcrumb' }, q.breadcrumb.join(' › ')),
    markdown('div', q.promptHtml, 'prompt', legendId),
    multiple ? h('p', { class: 'hint' }, `Choose ${q.choose}.`) : undefined,
    ...options,
  );
  const actions = h(
    'div',
    { class: 'actions' },
    button('Previous', () => post({ type: 'goTo', position: q.position - 1 }), { id: 'previous', disabled: q.position === 0, title: 'Previous question (←)' }, icon('arrow-left')),
    submitted ? undefined : button(q.flagged ? 'Unflag' : 'Flag', () => post({ type: 'flag', position: q.position }), { id: 'flag', 'aria-pressed': q.flagged ? 'true' : 'false', title: 'Flag for review (F)' }, icon(q.flagged ? 'bookmark' : 'tag')),
    submitted ? undefined : button('Clear', () => post({ type: 'clear', position: q.position }), { id: 'clear', disabled: !q.options.some((o) => o.chosen) }),
    button('Next', () => post({ type: 'goTo', position: q.position + 1 }), { id: 'next', disabled: q.position + 1 >= v.total, title: 'Next question (→)' }, icon('arrow-right')),
    submitted ? button('Open in Note', () => post({ type: 'openSource', position: q.position }), { title: q.location }, icon('go-to-file')) : button('Submit Exam…', confirmSubmit, { class: 'primary', title: 'Submit (S)' }),
  );
  return [fieldset, actions];
}

function confirmSubmit(): void {
  if (!view) return;
  const unanswered = view.nav.filter((c) => !c.answered).length;
  const flagged = view.nav.filter((c) => c.flagged).length;
  const bar = h(
    'div',
    { class: 'confirm', role: 'alertdialog', 'aria-labelledby': 'confirm-text' },
    h('p', { id: 'confirm-text' }, `Submit the exam? ${unanswered > 0 ? `${unanswered} unanswered. ` : ''}${flagged > 0 ? `${flagged} flagged. ` : ''}Answers cannot change after.`),
    button('Submit', () => post({ type: 'submit' }), { class: 'primary', 'data-confirm': 'true' }),
    button('Keep Going', () => bar.remove()),
  );
  main.querySelector('.confirm')?.remove();
  main.append(bar);
  bar.querySelector<HTMLElement>('[data-confirm]')?.focus();
}

function resultView(r: MockResultView, v: MockExamView): HTMLElement[] {
  const verdict = h('p', { class: `result-verdict ${r.passed ? 'passed' : 'failed'}` }, icon(r.passed ? 'pass' : 'error'), ` ${r.passed ? 'Passed' : 'Not passed'}: ${r.scorePercent}% (pass mark ${r.passMarkPercent}%)`);
  const facts = h('p', { class: 'facts' }, `${r.right} of ${r.total} right, ${r.unanswered} unanswered. ${r.timedOut ? 'The time ran out. ' : ''}`);
  const rows = r.sections.map((s) => h('tr', {}, h('th', { scope: 'row' }, s.label), h('td', {}, `${s.right} / ${s.total}`), h('td', {}, `${Math.round((100 * s.right) / Math.max(1, s.total))}%`)));
  const table = h('table', { class: 'sections' }, h('caption', {}, 'Score per section'), h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Section'), h('th', { scope: 'col' }, 'Right'), h('th', { scope: 'col' }, 'Score'))), h('tbody', {}, ...rows));
  const missed = h(
    'div',
    { class: 'missed' },
    h('h2', {}, r.missed.length === 0 ? 'No question missed.' : `Missed or unanswered: ${r.missed.length}`),
    h('ol', {}, ...r.missed.map((position) => h('li', {}, button(`Question ${position + 1}`, () => post({ type: 'goTo', position }), { 'aria-current': v.question?.position === position ? 'true' : undefined })))),
  );
  const count = r.canCountAsReviews
    ? r.countedAsReviews
      ? h('p', { class: 'facts' }, 'Counted as reviews: right answers as Good, the others as Again.')
      : button('Count as Reviews', () => post({ type: 'countAsReviews' }), { title: 'Record each answer in spaced repetition: right as Good, wrong or unanswered as Again' }, icon('history'))
    : undefined;
  return [h('section', { class: 'result', 'aria-label': 'Results', tabindex: '-1', 'data-autofocus': 'true' }, verdict, facts, table, missed, count)];
}

function drawNavigator(v: MockExamView): void {
  navigator.replaceChildren(
    ...v.nav.map((cell, position) => {
      const state = v.result ? (cell.right ? 'right' : 'wrong') : cell.answered ? 'answered' : 'unanswered';
      const words = [`Question ${position + 1}`, v.result ? (cell.right ? 'right' : 'wrong') : cell.answered ? 'answered' : 'not answered', cell.flagged ? 'flagged' : ''].filter((w) => w !== '').join(', ');
      return button(String(position + 1), () => post({ type: 'goTo', position }), {
        class: `cell ${state}${cell.flagged ? ' flagged' : ''}`,
        'aria-label': words,
        title: words,
        'aria-current': v.question?.position === position ? 'true' : undefined,
      });
    }),
  );
}

window.addEventListener('message', (event: MessageEvent<MockToWebviewMessage>) => {
  const message = event.data;
  if (typeof message !== 'object' || message === null || message.type !== 'didUpdate') return;
  vscode.setState(message.state);
  draw(message.view);
});

document.addEventListener('keydown', (event) => {
  const q = view?.question;
  if (!view || !q || event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target as HTMLElement | null;
  // Keys typed on a button act on the button (Enter, Space); the letters below are page keys.
  if (target && target.tagName === 'BUTTON' && (event.key === 'Enter' || event.key === ' ')) return;
  const digit = Number(event.key);
  if (Number.isInteger(digit) && digit >= 1 && digit <= q.options.length && !view.result) post({ type: 'choose', position: q.position, option: digit - 1 });
  // On an option the arrow keys move between the options (the browser's own radio keys).
  else if ((event.key === 'n' || (event.key === 'ArrowRight' && target?.tagName !== 'INPUT')) && q.position + 1 < view.total) post({ type: 'goTo', position: q.position + 1 });
  else if ((event.key === 'p' || (event.key === 'ArrowLeft' && target?.tagName !== 'INPUT')) && q.position > 0) post({ type: 'goTo', position: q.position - 1 });
  else if (event.key === 'f' && !view.result) post({ type: 'flag', position: q.position });
  else if (event.key === 's' && !view.result) confirmSubmit();
  else return;
  event.preventDefault();
});

post({ type: 'ready' });
