import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { parseNote } from '../../src/core';
import { quizItemsOf, sectionRange } from '../../src/core/quiz/quiz-items';
import { goToLine, openFile, openWorkbench, reloadWindow, repoRoot, runCommand } from './workbench';
import type { Workbench } from './workbench';

const SAMPLE = 'aws-ai-practitioner-notes.md';
const HOSTILE = 'hostile.md';
const sampleText = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'workspace', SAMPLE), 'utf8');
const sampleNote = parseNote(sampleText);

/** A copy of the fixture workspace plus the hostile note, with `theme` as the colour theme. */
function quizWorkspace(theme: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-quiz-fixture-'));
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), root, { recursive: true });
  fs.copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'quiz', HOSTILE), path.join(root, HOSTILE));
  fs.mkdirSync(path.join(root, '.vscode'));
  fs.writeFileSync(path.join(root, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.colorTheme': theme, 'workbench.startupEditor': 'none' }, null, 2));
  return root;
}

function lineOf(heading: string): number {
  const line = sampleText.split(/\r?\n/).indexOf(heading) + 1;
  assert.ok(line > 0, `the fixture lost its "${heading}" heading`);
  return line;
}

/** The quiz webview's own document: two iframes deep (see VSCODE-TESTING.md, section 6). */
function quizFrame(page: Page): FrameLocator {
  return page.locator('iframe.webview.ready').last().contentFrame().locator('iframe#active-frame').contentFrame();
}

/** Opens a note in the first editor group (the quiz panel sits in the second). */
async function openNote(page: Page, name: string): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 600, y: 5 } });
  await page.keyboard.press('Control+1');
  await openFile(page, name);
}

/** Opens the quiz of the section at `line` of the sample through F1 and waits for question 1. */
async function quizSectionAt(page: Page, line: number, total: number): Promise<FrameLocator> {
  await openNote(page, SAMPLE);
  await goToLine(page, line);
  await runCommand(page, 'Note Review: Quiz This Section');
  const frame = quizFrame(page);
  await frame.locator('#progress', { hasText: `1 / ${total}` }).waitFor();
  await keyboardInQuiz(frame);
  return frame;
}

/**
 * Waits until the quiz page has the keyboard focus (it focuses the question it draws).
 * The panel takes the focus a moment after it shows: a key pressed before would land in
 * the note's editor and type into it.
 */
async function keyboardInQuiz(frame: FrameLocator): Promise<void> {
  await frame.locator(':focus').first().waitFor();
}

function expectedItems(heading: string) {
  const range = sectionRange(sampleNote, { line: lineOf(heading) });
  return quizItemsOf(sampleNote, 'sample', range);
}

describe('Quiz panel in the workbench (dark theme)', () => {
  let workbench: Workbench;
  let fixture: string;

  before(async () => {
    fixture = quizWorkspace('Default Dark Modern');
    workbench = await openWorkbench({ fixture });
  });

  after(async () => {
    await workbench?.close();
    fs.rmSync(fixture, { recursive: true, force: true });
  });

  it('with the cursor under "### Udemy questions:", Quiz This Section opens at 1 / 13; a wrong key shows the right option and the explanations', async () => {
    const { page } = workbench;
    const frame = await quizSectionAt(page, lineOf('### Udemy questions:') + 1, 13);
    await page.locator('.tab.active', { hasText: 'Quiz: Udemy questions:' }).waitFor();
    await frame.locator('#prompt', { hasText: 'You ONLY want to manage Applications and Data' }).waitFor();
    await workbench.screenshot('quiz-dark-1-question');
    // Option 1 (On-premises) is wrong; option 4 (Platform as service) is right.
    await frame.locator('#prompt').click();
    await page.keyboard.press('1');
    await frame.locator('.outcome-wrong').waitFor();
    const options = frame.locator('.option-row');
    await options.nth(3).locator('.mark-right', { hasText: 'Right answer' }).waitFor();
    await options.nth(0).locator('.mark-wrong', { hasText: 'Your answer' }).waitFor();
    await options.nth(0).locator('.explanation', { hasText: 'you manage everything from networking to applications' }).waitFor();
    await options.nth(3).locator('.explanation', { hasText: 'You only manage data and the applications' }).waitFor();
    assert.equal(await frame.locator('#score').textContent(), ' 0 / 1');
    assert.match((await frame.locator('#announcer').textContent()) ?? '', /Wrong\. The right answer: Platform as service/);
    await workbench.screenshot('quiz-dark-2-wrong-answer');
    await workbench.docImage('quiz', { x: 350, y: 35, width: 730, height: 745 }, 0.6);
  });

  it('answering all 13 with the keyboard ends on a summary whose score matches the answers given', async () => {
    const { page } = workbench;
    const frame = quizFrame(page);
    const items = expectedItems('### Udemy questions:');
    // Question 1 was answered (wrong) above: go on with Enter, then answer "2" to every question.
    await keyboardInQuiz(frame);
    await page.keyboard.press('Enter');
    let expectedRight = 0;
    for (let n = 2; n <= 13; n++) {
      await frame.locator('#progress', { hasText: `${n} / 13` }).waitFor();
      const item = items[n - 1];
      if (item.mode === 'self-check') {
        await frame.locator('.question.phase-asking.mode-self-check').waitFor();
        await page.keyboard.press(' ');
        await frame.locator('.question.phase-revealed .explanation').first().waitFor();
        await page.keyboard.press('2'); // "I knew it"
        expectedRight++;
        continue;
      }
      await frame.locator('.question.phase-asking').waitFor();
      await page.keyboard.press('2');
      await frame.locator('.question.phase-answered').waitFor();
      if (item.card.options?.[1].correct) expectedRight++;
      await page.keyboard.press('Enter');
    }
    const result = frame.locator('.summary .result');
    await result.waitFor();
    assert.match((await result.textContent()) ?? '', new RegExp(`^${expectedRight} / 13 right`));
    assert.equal(await frame.locator('.missed li').count(), 13 - expectedRight);
    await workbench.screenshot('quiz-dark-3-summary');
    // Retry missed with the mouse.
    await frame.locator('button', { hasText: 'Retry missed' }).click();
    await frame.locator('#progress', { hasText: `1 / ${13 - expectedRight}` }).waitFor();
  });

  it('reloading the window restores the quiz at the same question', async () => {
    const { page } = workbench;
    const frame = quizFrame(page);
    const total = Number(((await frame.locator('#progress').textContent()) ?? '').split('/')[1]);
    await frame.locator('.option-row').first().click();
    await frame.locator('.question.phase-answered').waitFor();
    await frame.locator('button.rating.suggested, #next').first().click();
    await frame.locator('#progress', { hasText: `2 / ${total}` }).waitFor();
    const prompt = (await frame.locator('#prompt').textContent()) ?? '';
    await reloadWindow(page);
    const restored = quizFrame(page);
    await restored
      .locator('#progress', { hasText: `2 / ${total}` })
      .waitFor({ timeout: 60_000 })
      .catch(async (error: unknown) => {
        await workbench.screenshot('quiz-dark-4-restore-FAILED');
        throw error;
      });
    assert.equal((await restored.locator('#prompt').textContent()) ?? '', prompt);
    await page.locator('.tab', { hasText: 'Quiz: Udemy questions:' }).waitFor();
    await workbench.screenshot('quiz-dark-4-restored-after-reload');
  });
});

describe('Quiz panel in the workbench (light theme, hostile note)', () => {
  let workbench: Workbench;
  let fixture: string;

  before(async () => {
    fixture = quizWorkspace('Default Light Modern');
    workbench = await openWorkbench({ fixture });
  });

  after(async () => {
    await workbench?.close();
    fs.rmSync(fixture, { recursive: true, force: true });
  });

  it('shows the Udemy questions in the light theme', async () => {
    const { page } = workbench;
    const frame = await quizSectionAt(page, lineOf('### Udemy questions:') + 1, 13);
    await frame.locator('.option-row').nth(1).click();
    await frame.locator('.outcome-wrong').waitFor();
    await workbench.screenshot('quiz-light-1-wrong-answer');
  });

  it('"Section 5" asks its two heading questions and term cards', async () => {
    const { page } = workbench;
    const items = expectedItems('## Section 5: Amazon bedrock and Generative AI');
    const frame = await quizSectionAt(page, lineOf('## Section 5: Amazon bedrock and Generative AI') + 2, items.length);
    await page.locator('.tab.active', { hasText: 'Quiz: Section 5: Amazon bedrock and Generative AI' }).waitFor();
    await workbench.screenshot('quiz-light-2-term-question');
    const prompts: string[] = [];
    for (let n = 1; n <= items.length; n++) {
      await frame.locator('#progress', { hasText: `${n} / ${items.length}` }).waitFor();
      await frame.locator('.question.phase-asking').waitFor();
      prompts.push(((await frame.locator('#prompt').textContent()) ?? '').trim());
      if (items[n - 1].mode === 'choice') {
        await page.keyboard.press('1');
        await frame.locator('.question.phase-answered').waitFor();
        await page.keyboard.press('Enter');
      } else {
        await page.keyboard.press(' ');
        await frame.locator('.question.phase-revealed .answer').waitFor();
        if (n === 2) await workbench.screenshot('quiz-light-3-flashcard-back');
        await page.keyboard.press('2');
      }
    }
    await frame.locator('.summary').waitFor();
    assert.ok(prompts.includes('How do we interact with an LLM?'), prompts.join('\n'));
    assert.ok(prompts.includes('How to choose a model?'));
    assert.ok(prompts.includes('What is BLEU?'));
    assert.ok(prompts.some((p) => p.startsWith('Which term is this?') && p.includes('you evaluate translation')));
  });

  it('a hostile note runs nothing: no dialog, no navigation, no request leaves the page, no script without the nonce', async () => {
    const { page } = workbench;
    await openNote(page, HOSTILE);
    await goToLine(page, 3);
    const dialogs: string[] = [];
    const requests: string[] = [];
    const navigations: string[] = [];
    const onDialog = (dialog: { message(): string; dismiss(): Promise<void> }) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    };
    const onRequest = (request: { url(): string }) => {
      const url = new URL(request.url());
      if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !url.hostname.endsWith('.vscode-cdn.net') && url.protocol !== 'data:' && url.protocol !== 'blob:') requests.push(request.url());
    };
    await runCommand(page, 'Note Review: Quiz This Section');
    const frame = quizFrame(page);
    await frame.locator('#progress', { hasText: '1 / 1' }).waitFor();
    const inner = await findQuizFrame(page);
    const onNavigate = (f: Frame) => navigations.push(f.url());
    page.on('dialog', onDialog);
    page.on('request', onRequest);
    page.on('framenavigated', onNavigate);
    try {
      // The raw HTML shows as text.
      await frame.locator('#prompt', { hasText: "<script>alert('prompt')</script>" }).waitFor();
      await frame.locator('#prompt', { hasText: '<img src=x onerror="alert(\'img\')">' }).waitFor();
      await frame.locator('.option-row', { hasText: '<b onmouseover' }).waitFor();
      // markdown-it refuses the javascript: link: it shows as the text written.
      await frame.locator('#prompt', { hasText: "[a link](javascript:alert('link'))" }).waitFor();
      await frame.locator('#prompt a[href="https://example.com/tracker"]').waitFor();
      await frame.locator('.option-row').nth(1).hover();
      await frame.locator('.option-row').nth(3).click();
      await frame.locator('.question.phase-answered').waitFor();
      await frame.locator('.option-row', { hasText: 'remote image' }).locator('.missing-image').waitFor();
      await frame.locator('.explanation', { hasText: '<svg onload' }).waitFor();
      await frame.locator('.explanation a', { hasText: 'local' }).click();
      await workbench.screenshot('quiz-light-4-hostile-note');
      // Runs in the webview's document (a string: the tests compile without the DOM library).
      const page_ = await inner.evaluate<PageFacts>(`(() => {
        const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '';
        const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? '';
        const scripts = [...document.querySelectorAll('script')].map((s) => ({ nonce: s.nonce, src: s.getAttribute('src') ?? '', inline: s.textContent ?? '' }));
        const handlers = [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => el.tagName + ' ' + a.name));
        const dangerous = document.querySelectorAll('#main iframe, #main script, #main svg, #main style, #main a[href^="javascript"]').length;
        return { csp, nonce, scripts, handlers, dangerous, images: document.querySelectorAll('#main img').length };
      })()`);
      assert.match(page_.csp, /default-src 'none'/);
      assert.match(page_.csp, /script-src 'nonce-/);
      assert.ok(page_.nonce.length >= 16, `no nonce in the CSP: ${page_.csp}`);
      // VS Code itself injects one inline script into every webview (the acquireVsCodeApi
      // shim) before the page's CSP applies; every other script must be the page's own.
      const own = page_.scripts.filter((script) => !script.inline.trim().startsWith('globalThis.acquireVsCodeApi'));
      assert.equal(own.length, 1, JSON.stringify(page_.scripts.map((script) => script.src || script.inline.slice(0, 80))));
      for (const script of own) {
        assert.equal(script.nonce, page_.nonce, `a script without the page's nonce: ${JSON.stringify(script)}`);
        assert.equal(script.inline.trim(), '', 'an inline script');
        assert.match(script.src, /\/dist\/webview\.js$/);
      }
      assert.deepEqual(page_.handlers, []);
      assert.equal(page_.dangerous, 0);
      assert.equal(page_.images, 0);
      assert.deepEqual(dialogs, []);
      assert.deepEqual(requests, []);
      assert.deepEqual(navigations, []);
    } finally {
      page.off('dialog', onDialog);
      page.off('request', onRequest);
      page.off('framenavigated', onNavigate);
    }
  });
});

/** What the hostile-note test reads from the webview's document. */
interface PageFacts {
  csp: string;
  nonce: string;
  scripts: { nonce: string; src: string; inline: string }[];
  handlers: string[];
  dangerous: number;
  images: number;
}

/** The Playwright frame of the quiz webview's document (the one holding #app). */
async function findQuizFrame(page: Page): Promise<Frame> {
  for (const frame of page.frames()) {
    if (await frame.locator('#app.app').count().catch(() => 0)) return frame;
  }
  throw new Error('no quiz webview frame');
}

describe('Quiz panel in the workbench (high contrast theme)', () => {
  let workbench: Workbench;
  let fixture: string;

  before(async () => {
    fixture = quizWorkspace('Default High Contrast');
    workbench = await openWorkbench({ fixture });
  });

  after(async () => {
    await workbench?.close();
    fs.rmSync(fixture, { recursive: true, force: true });
  });

  it('marks the right and the chosen option with text and icons, and shows keyboard focus, in high contrast', async () => {
    const { page } = workbench;
    const frame = await quizSectionAt(page, lineOf('### Udemy questions:') + 1, 13);
    await frame.locator('body.vscode-high-contrast').waitFor();
    // Question 1's right option is the fourth: choosing the first is wrong.
    await page.keyboard.press('1');
    await frame.locator('.outcome-wrong').waitFor();
    await frame.locator('.option-row', { hasText: 'Right answer' }).waitFor();
    await frame.locator('.option-row', { hasText: 'Your answer' }).waitFor();
    // Whatever has the keyboard focus draws an outline (the high contrast themes rely on it).
    // The page's own getComputedStyle, typed here because e2e code compiles without the DOM library.
    const outline = await frame
      .locator(':focus')
      .first()
      .evaluate((element) => (globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string } }).getComputedStyle(element).outlineStyle);
    assert.notEqual(outline, 'none', 'the focused element has no visible outline');
    await workbench.screenshot('quiz-high-contrast-1-wrong-answer');
  });
});
