// The quiz panel's page. It draws the view the host sends (`didUpdate`) and sends back
// what the person does; all quiz logic lives in the host. Note content arrives as HTML
// rendered by markdown-it with `html: false`; the page's CSP allows no other script.
import { acquireWebviewApi, button, byId, h, icon, key, markdown } from './dom';
import type { OptionView, QuestionView, QuizView, Rating, SummaryView, ToExtensionMessage, ToWebviewMessage } from '../protocol/quiz-protocol';

const vscode = acquireWebviewApi<ToExtensionMessage>();
const app = byId('app');
const main = byId('main');
const breadcrumb = byId('breadcrumb');
const progress = byId('progress');
const score = byId('score');
const errorBox = byId('error');
const announcer = byId('announcer');

let view: QuizView | undefined;
/** Options ticked in a multiple-answer question (indexes into the card's options); reset per question. */
let ticked = new Set<number>();
let tickedFor = '';
/** What had focus put on it last: focus moves only when the screen really changes. */
let focusKey = '';

function post(message: ToExtensionMessage): void {
  vscode.postMessage(message);
}

window.addEventListener('message', (event: MessageEvent<ToWebviewMessage>) => {
  const message = event.data;
  if (typeof message !== 'object' || message === null || message.type !== 'didUpdate') return;
  vscode.setState(message.state);
  view = message.view;
  render(message.view);
});

function render(v: QuizView): void {
  app.removeAttribute('aria-busy');
  const screen = v.screen;
  const crumbs = screen.kind === 'question' ? screen.question.breadcrumb : [v.title];
  breadcrumb.replaceChildren(...crumbs.flatMap((c, i) => (i === 0 ? [h('span', { class: 'crumb' }, c)] : [h('span', { class: 'crumb-separator', 'aria-hidden': 'true' }, '›'), h('span', { class: 'crumb' }, c)])));
  progress.textContent = screen.kind === 'question' ? `${v.position} / ${v.total}` : screen.kind === 'summary' ? `${v.total} / ${v.total}` : '';
  progress.setAttribute('aria-label', screen.kind === 'question' ? `Question ${v.position} of ${v.total}` : 'Progress');
  score.replaceChildren(icon('pass'), ` ${v.right} / ${v.answered}`);
  score.setAttribute('aria-label', `Score: ${v.right} right of ${v.answered} answered`);
  errorBox.hidden = !v.error;
  errorBox.replaceChildren(...(v.error ? [icon('error'), ` ${v.error}`] : []));
  if (v.announcement) announce(v.announcement);

  let content: HTMLElement;
  let focusTarget: () => HTMLElement = () => main;
  let newFocusKey: string;
  switch (screen.kind) {
    case 'question': {
      const q = screen.question;
      if (tickedFor !== q.cardId) {
        ticked = new Set();
        tickedFor = q.cardId;
      }
      const drawn = renderQuestion(q, v);
      content = drawn.element;
      focusTarget = drawn.focus;
      newFocusKey = `${q.cardId}:${q.phase}:${v.position}`;
      break;
    }
    case 'summary':
      content = renderSummary(screen.summary);
      newFocusKey = 'summary';
      focusTarget = () => (content.querySelector('h2') as HTMLElement | null) ?? main;
      break;
    case 'empty':
      content = h('section', { class: 'empty' }, h('p', {}, screen.message));
      newFocusKey = 'empty';
      break;
  }
  main.replaceChildren(content);
  const focusWasInside = main.contains(document.activeElement) || document.activeElement === document.body || document.activeElement === main;
  if (newFocusKey !== focusKey || focusWasInside) {
    focusKey = newFocusKey;
    focusTarget().focus({ preventScroll: false });
  }
}

let lastAnnouncement = '';
function announce(text: string): void {
  // The same text twice in a row is still read out: make it differ invisibly.
  const next = text === lastAnnouncement ? `${text}\u00a0` : text;
  lastAnnouncement = next;
  announcer.textContent = next;
}

function renderQuestion(q: QuestionView, v: QuizView): { element: HTMLElement; focus: () => HTMLElement } {
  const section = h('section', { class: `question phase-${q.phase} mode-${q.mode}`, 'aria-labelledby': 'prompt' });
  const source = button(q.location, () => post({ type: 'openSource', cardId: q.cardId }), { class: 'link source', title: 'Open the question in the note' }, icon('go-to-file'));
  section.append(h('div', { class: 'meta' }, h('span', { class: 'kind' }, q.kindLabel), source));
  const promptElement = markdown('div', q.promptHtml, 'prompt', 'prompt');
  promptElement.setAttribute('tabindex', '-1');
  section.append(promptElement);
  if (q.outcome) section.append(outcomeBanner(q));

  let focus: () => HTMLElement = () => promptElement;
  if (q.options.length > 0) section.append(renderOptions(q));
  if (q.answerHtml !== undefined) section.append(h('div', { class: 'answer', role: 'region', 'aria-label': 'Answer' }, h('h3', {}, 'Answer'), markdown('div', q.answerHtml, 'answer-body')));

  const actions = h('div', { class: 'actions' });
  const hints: string[] = [];
  if (q.ratings && q.ratings.length > 0) {
    const group = h('div', { class: 'ratings', role: 'group', 'aria-label': 'How well did you know it?' });
    for (const r of q.ratings) {
      const suggested = r.rating === q.suggestedRating;
      const b = button(r.label, () => post({ type: 'rate', cardId: q.cardId, rating: r.rating }), { class: `rating rating-${r.rating}${suggested ? ' suggested' : ''}`, 'aria-keyshortcuts': String(r.rating), 'aria-describedby': `interval-${r.rating}` }, key(String(r.rating)));
      b.append(h('span', { class: 'interval', id: `interval-${r.rating}` }, r.interval));
      if (suggested) b.append(h('span', { class: 'sr-only' }, ' (suggested)'));
      group.append(b);
    }
    actions.append(group);
    hints.push(q.suggestedRating ? 'Enter or Space confirms the suggested rating; 1–4 choose another.' : '1–4 rate your recall.');
    const suggested = q.suggestedRating;
    if (suggested) focus = () => (group.querySelector('.suggested') as HTMLElement | null) ?? promptElement;
  } else if (q.phase === 'asking' && q.mode === 'multiple') {
    const check = button('Check', () => submitTicked(q), { class: 'primary', id: 'check', disabled: ticked.size === 0 }, icon('checklist'));
    actions.append(check);
    hints.push('1–9 tick options, Enter checks.');
  } else if (q.phase === 'asking' && q.mode === 'choice') {
    hints.push(`1–${Math.min(9, q.options.length)} answer.`);
  } else if (q.phase === 'asking') {
    actions.append(button(q.mode === 'recall' ? 'Show answer' : 'Show explanations', () => post({ type: 'reveal', cardId: q.cardId }), { class: 'primary', 'aria-keyshortcuts': 'Space' }, icon('eye')));
    hints.push('Space shows the answer.');
  } else if (q.phase === 'revealed') {
    actions.append(
      button(q.mode === 'recall' ? "Didn't know" : "I didn't know it", () => post({ type: 'selfGrade', cardId: q.cardId, knew: false }), { class: 'secondary', 'aria-keyshortcuts': '1' }, key('1'), icon('close')),
      button(q.mode === 'recall' ? 'Knew it' : 'I knew it', () => post({ type: 'selfGrade', cardId: q.cardId, knew: true }), { class: 'secondary', 'aria-keyshortcuts': '2' }, key('2'), icon('check')),
    );
    hints.push('1: did not know, 2: knew it.');
  } else {
    const next = button(v.position === v.total ? 'See results' : 'Next', () => post({ type: 'next', cardId: q.cardId }), { class: 'primary', id: 'next', 'aria-keyshortcuts': 'Enter Space' }, icon('arrow-right'));
    actions.append(next);
    hints.push('Enter or Space goes on.');
    focus = () => next;
  }
  if (v.canUndo) {
    actions.append(button('Undo', () => post({ type: 'undo' }), { class: 'secondary', 'aria-keyshortcuts': 'U Control+Z', title: 'Undo (U or Ctrl+Z)' }, icon('discard')));
    hints.push('U undoes.');
  }
  section.append(actions, h('p', { class: 'hint' }, hints.join(' ')));
  return { element: section, focus };
}

function outcomeBanner(q: QuestionView): HTMLElement {
  const right = q.outcome === 'right';
  return h('p', { class: `outcome ${right ? 'outcome-right' : 'outcome-wrong'}` }, icon(right ? 'pass-filled' : 'error'), right ? ' Right' : ' Wrong');
}

function renderOptions(q: QuestionView): HTMLElement {
  const list = h('ol', { class: 'options', 'aria-label': 'Options' });
  q.options.forEach((option, position) => {
    const number = String(position + 1);
    const keyLabel = position < 9 ? number : '';
    const label = markdown('span', option.labelHtml, 'label');
    const item = h('li', { class: 'option-row' });
    if (q.phase === 'asking' && q.mode === 'choice') {
      const b = h('button', { type: 'button', class: 'option', 'aria-keyshortcuts': keyLabel || undefined }, key(keyLabel), label);
      b.addEventListener('click', () => post({ type: 'answer', cardId: q.cardId, chosen: [option.index] }));
      item.append(b);
    } else if (q.phase === 'asking' && q.mode === 'multiple') {
      const box = h('input', { type: 'checkbox', id: `option-${position}`, 'aria-keyshortcuts': keyLabel || undefined }) as HTMLInputElement;
      box.checked = ticked.has(option.index);
      box.addEventListener('change', () => toggle(q, option.index, box.checked));
      item.append(h('label', { class: 'option', for: `option-${position}` }, box, key(keyLabel), label));
    } else {
      item.append(h('div', { class: `option shown${marks(option).length > 0 ? ' marked' : ''}${option.correct ? ' is-right' : ''}${option.chosen && !option.correct ? ' is-wrong' : ''}` }, key(keyLabel), label, ...marks(option)));
      if (option.explanationHtml) item.append(markdown('div', option.explanationHtml, 'explanation'));
    }
    list.append(item);
  });
  return list;
}

/** Marks of an answered option: icon and words, never colour alone. */
function marks(option: OptionView): HTMLElement[] {
  const result: HTMLElement[] = [];
  if (option.correct) result.push(h('span', { class: 'mark mark-right' }, icon('check'), option.chosen ? ' Right answer, your choice' : ' Right answer'));
  else if (option.chosen) result.push(h('span', { class: 'mark mark-wrong' }, icon('close'), ' Your answer'));
  return result;
}

function toggle(q: QuestionView, index: number, on: boolean): void {
  if (on) ticked.add(index);
  else ticked.delete(index);
  const check = document.getElementById('check') as HTMLButtonElement | null;
  if (check) check.disabled = ticked.size === 0;
  void q;
}

function submitTicked(q: QuestionView): void {
  if (ticked.size > 0) post({ type: 'answer', cardId: q.cardId, chosen: [...ticked] });
}

function renderSummary(s: SummaryView): HTMLElement {
  const percent = s.answered > 0 ? Math.round((100 * s.right) / s.answered) : 0;
  const section = h('section', { class: 'summary', 'aria-labelledby': 'summary-title' });
  section.append(
    h('h2', { id: 'summary-title', tabindex: '-1' }, icon('mortar-board'), ' Quiz complete'),
    h('p', { class: 'result' }, h('strong', {}, `${s.right} / ${s.answered}`), ` right (${percent}%) in ${duration(s.elapsedMs)}`),
  );
  if (s.missed.length > 0) {
    const list = h('ul', { class: 'missed' });
    for (const m of s.missed) {
      list.append(h('li', {}, button(m.location, () => post({ type: 'openSource', cardId: m.cardId }), { class: 'link source' }, icon('go-to-file')), h('span', { class: 'missed-prompt' }, ` ${m.promptText}`)));
    }
    section.append(h('h3', {}, `Missed (${s.missed.length})`), list);
  } else if (s.answered > 0) {
    section.append(h('p', {}, 'No question missed.'));
  }
  const actions = h('div', { class: 'actions' });
  if (s.missed.length > 0) actions.append(button('Retry missed', () => post({ type: 'retryMissed' }), { class: 'primary', 'aria-keyshortcuts': 'R' }, key('R'), icon('refresh')));
  actions.append(button('Start again', () => post({ type: 'restart' }), { class: s.missed.length > 0 ? 'secondary' : 'primary', 'aria-keyshortcuts': 'S' }, key('S'), icon('debug-restart')));
  if (view?.canUndo) actions.append(button('Undo', () => post({ type: 'undo' }), { class: 'secondary', 'aria-keyshortcuts': 'U' }, icon('discard')));
  section.append(actions);
  return section;
}

function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

window.addEventListener('keydown', (event) => {
  if (!view || event.altKey || event.metaKey) return;
  const target = event.target as HTMLElement | null;
  const isButton = target instanceof HTMLButtonElement;
  const isCheckbox = target instanceof HTMLInputElement && target.type === 'checkbox';
  const go = event.key === 'Enter' || event.key === ' ';
  // Let focused controls do what they do natively.
  if ((go && isButton) || (event.key === ' ' && isCheckbox)) return;
  if ((event.ctrlKey && event.key.toLowerCase() === 'z') || (!event.ctrlKey && event.key.toLowerCase() === 'u')) {
    if (view.canUndo) {
      event.preventDefault();
      post({ type: 'undo' });
    }
    return;
  }
  if (event.ctrlKey) return;
  const screen = view.screen;
  if (screen.kind === 'summary') {
    const k = event.key.toLowerCase();
    if (k === 'r' && screen.summary.missed.length > 0) post({ type: 'retryMissed' });
    else if (k === 's') post({ type: 'restart' });
    return;
  }
  if (screen.kind !== 'question') return;
  const q = screen.question;
  const digit = /^[1-9]$/.test(event.key) ? Number(event.key) : undefined;
  if (digit !== undefined) {
    if (q.ratings && q.ratings.some((r) => r.rating === digit)) post({ type: 'rate', cardId: q.cardId, rating: digit as Rating });
    else if (q.phase === 'asking' && q.mode === 'choice' && digit <= q.options.length) post({ type: 'answer', cardId: q.cardId, chosen: [q.options[digit - 1].index] });
    else if (q.phase === 'asking' && q.mode === 'multiple' && digit <= q.options.length) {
      const index = q.options[digit - 1].index;
      const box = document.getElementById(`option-${digit - 1}`) as HTMLInputElement | null;
      if (box) box.checked = !ticked.has(index);
      toggle(q, index, !ticked.has(index));
    } else if (q.phase === 'revealed' && !q.ratings && (digit === 1 || digit === 2)) post({ type: 'selfGrade', cardId: q.cardId, knew: digit === 2 });
    else return;
    event.preventDefault();
    return;
  }
  if (!go) return;
  event.preventDefault();
  if (q.ratings && q.suggestedRating) post({ type: 'rate', cardId: q.cardId, rating: q.suggestedRating });
  else if (q.phase === 'asking' && q.mode === 'multiple') submitTicked(q);
  else if (q.phase === 'asking' && (q.mode === 'recall' || q.mode === 'self-check')) post({ type: 'reveal', cardId: q.cardId });
  else if (q.phase === 'answered' && !q.ratings) post({ type: 'next', cardId: q.cardId });
});

// Links in notes: only http(s) and mailto keep an href (VS Code opens those outside);
// anything else is text and must not navigate the page.
document.addEventListener('click', (event) => {
  const link = (event.target as HTMLElement | null)?.closest('a');
  if (link && !/^(https?|mailto):/i.test(link.getAttribute('href') ?? '')) event.preventDefault();
});

// An image that fails to load shows its alt text instead.
document.addEventListener(
  'error',
  (event) => {
    const img = event.target;
    if (img instanceof HTMLImageElement) img.replaceWith(h('span', { class: 'missing-image' }, img.alt || 'image'));
  },
  true,
);

main.replaceChildren(h('p', { class: 'loading' }, 'Loading the quiz…'));
post({ type: 'ready' });
