import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { goToLine, openFile, openWorkbench, screenshotsDir } from './workbench';
import type { Workbench } from './workbench';

const SAMPLE = 'aws-ai-practitioner-notes.md';
const QUESTION_2 = '2. What is the pricing model of Cloud Computing?';
const OPTIONS = ['Discounts over time', 'Pay-as-you-go pricing', 'pay once a year', 'Flat-rate pricing'];

/** The editor line whose text starts with `text` (the editor renders spaces as no-break spaces). */
function editorLine(page: Page, text: string): Locator {
  return page.locator('.editor-instance .view-line', { hasText: text.replace(/ /g, '\u00a0') }).first();
}

// The test code is compiled without the DOM library: the few browser types used inside
// page functions are declared here.
interface DomNode {
  readonly nodeType: number;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
  querySelector(selector: string): DomNode | null;
}
interface ComputedStyle {
  readonly display: string;
  readonly visibility: string;
  readonly opacity: string;
  readonly content: string;
  readonly color: string;
  readonly fontWeight: string;
  readonly fontStyle: string;
  readonly textDecorationLine: string;
  readonly backgroundColor: string;
}
type Browser = { getComputedStyle(node: DomNode, pseudo?: string): ComputedStyle; document: DomNode };
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/**
 * What a person sees on an editor line: its text without the characters hidden by
 * decorations, with the text decorations show in their place, and the look (colour,
 * weight, style, decoration, background) of every visible character.
 */
async function seen(line: Locator): Promise<{ text: string; styles: string[] }> {
  return line.evaluate(
    (element, nodeTypes) => {
      const { getComputedStyle } = globalThis as unknown as Browser;
      let text = '';
      const styles: string[] = [];
      const looks = (style: ComputedStyle): string => [style.color, style.fontWeight, style.fontStyle, style.textDecorationLine, style.backgroundColor].join(' ');
      const add = (content: string, style: ComputedStyle): void => {
        text += content;
        for (const ch of content) if (ch.trim() !== '') styles.push(looks(style));
      };
      const visit = (node: DomNode): void => {
        const style = getComputedStyle(node);
        if (style.display === 'none' || style.visibility === 'hidden' || style.opacity === '0') return;
        const before = getComputedStyle(node, '::before');
        if (before.content.startsWith('"')) add(JSON.parse(before.content) as string, before);
        for (const child of Array.from(node.childNodes)) {
          if (child.nodeType === nodeTypes.text) add((child.textContent ?? '').replace(/\u00a0/g, ' '), style);
          else if (child.nodeType === nodeTypes.element) visit(child);
        }
      };
      visit(element as unknown as DomNode);
      return { text, styles };
    },
    { text: TEXT_NODE, element: ELEMENT_NODE },
  );
}

/**
 * A code lens shown on screen with exactly this title. Monaco keeps the lenses of lines
 * scrolled away in the DOM, hidden, and "Hide answer" is also the start of "Hide answers in
 * section (N)": the first match in DOM order may be one nobody can see.
 */
function codeLens(page: Page, title: string): Locator {
  return page.locator('.codelens-decoration a:visible', { hasText: new RegExp(`^${title}$`) }).first();
}

describe('Answer hiding in the editor', () => {
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench();
    await openFile(workbench.page, SAMPLE);
  });

  after(async () => {
    await workbench?.close();
  });

  it('hides question 2’s answer so that its four options look alike, and reveals it again', async () => {
    const { page } = workbench;
    const lines = fs.readFileSync(path.join(workbench.folder, SAMPLE), 'utf8').split(/\r?\n/);
    await goToLine(page, lines.indexOf(QUESTION_2) + 1);
    const question = editorLine(page, QUESTION_2);
    await question.waitFor();
    await codeLens(page, 'Hide answer').waitFor();
    const optionLines = [editorLine(page, '- Discounts over time'), editorLine(page, '- `Pay-as-you-go pricing'), editorLine(page, '- pay once a year'), editorLine(page, '- Flat-rate pricing')];
    fs.mkdirSync(screenshotsDir, { recursive: true });
    const revealedShot = await page.screenshot({ path: path.join(screenshotsDir, 'answer-hiding-1-question-2-revealed.png'), clip: await regionOf(page, question, optionLines[3]) });
    assert.ok((await seen(optionLines[1])).text.includes('`Pay-as-you-go pricing -> on cloud computing'));

    // The editor title button, as a person would.
    await page.locator('.editor-actions a[aria-label^="Hide All Answers in Note"]').click();
    await codeLens(page, 'Reveal answer').waitFor();
    await waitUntil(async () => !(await seen(optionLines[1])).text.includes('`'));
    const hiddenShot = await page.screenshot({ path: path.join(screenshotsDir, 'answer-hiding-2-question-2-hidden.png'), clip: await regionOf(page, question, optionLines[3]) });
    await sideBySide(page, revealedShot, hiddenShot, 'answer-hiding-3-question-2-revealed-and-hidden');
    await workbench.screenshot('answer-hiding-4-hidden-window');
    await workbench.docImage('answer-hiding', { x: 350, y: 35, width: 730, height: 520 }, 0.6);

    // Every option shows its list marker and plain label, and nothing else, in the same look.
    const rows = await Promise.all(optionLines.map(seen));
    assert.deepEqual(
      rows.map((r) => r.text),
      OPTIONS.map((o) => `- ${o}`),
    );
    const looks = rows.map((r) => JSON.stringify([...new Set(r.styles)]));
    assert.equal(new Set(looks).size, 1, `the options look different: ${looks.join(' | ')}`);
    // No blank wrapped rows under the right option (its hidden explanation is long).
    const tops = await Promise.all(optionLines.map(async (l) => (await l.boundingBox())?.y ?? NaN));
    const rowHeight = (await optionLines[0].boundingBox())?.height ?? NaN;
    assert.deepEqual(tops.slice(1).map((top, i) => Math.round(top - tops[i])), [rowHeight, rowHeight, rowHeight].map(Math.round));

    await page.locator('.editor-actions a[aria-label^="Reveal All Answers in Note"]').click();
    await codeLens(page, 'Hide answer').waitFor();
    await waitUntil(async () => (await seen(optionLines[1])).text.includes('`Pay-as-you-go pricing -> on cloud computing'));
    await workbench.screenshot('answer-hiding-5-revealed-again');
  });
});

/** Polls a condition of the page until it holds (the test's own timeout bounds it). */
async function waitUntil(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** Saves two screenshots next to each other as one picture, through a blank page of the same browser. */
async function sideBySide(page: Page, left: Buffer, right: Buffer, name: string): Promise<void> {
  const browser = page.context().browser();
  if (!browser) throw new Error('no browser behind the page');
  const context = await browser.newContext({ viewport: { width: 1900, height: 400 } });
  const canvas = await context.newPage();
  try {
    const img = (png: Buffer, caption: string): string =>
      `<figure style="margin:0 12px 0 0"><figcaption style="font:14px sans-serif;margin:4px 0">${caption}</figcaption><img src="data:image/png;base64,${png.toString('base64')}"></figure>`;
    await canvas.setContent(`<body style="margin:0;background:#fff"><div id="pair" style="display:inline-flex;padding:8px">${img(left, 'Revealed')}${img(right, 'Hidden')}</div></body>`);
    await canvas.locator('img').last().waitFor();
    await canvas.locator('#pair').screenshot({ path: path.join(screenshotsDir, `${name}.png`) });
  } finally {
    await context.close();
  }
}

/** The screen region from `first`'s code lens down to the end of `last`, across the editor. */
async function regionOf(page: Page, first: Locator, last: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const editor = await page.locator('.editor-instance').first().boundingBox();
  const top = await first.boundingBox();
  const bottom = await last.boundingBox();
  if (!editor || !top || !bottom) throw new Error('the question is not on screen');
  const y = Math.max(editor.y, top.y - 30);
  return { x: editor.x, y, width: Math.min(editor.width, 900), height: bottom.y + bottom.height + 8 - y };
}
