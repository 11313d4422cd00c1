import type { FrameLocator, Locator, Page } from 'playwright-core';
import { openWorkbench } from './workbench';
import type { Workbench } from './workbench';

const WALKTHROUGH = 'note-review.note-review#noteReview.gettingStarted';

/** A step of the walkthrough, by its id in package.json. */
function step(page: Page, id: string): Locator {
  return page.locator(`button.getting-started-step[data-step-id="${WALKTHROUGH}#${id}"]`);
}

function stepDone(page: Page, id: string): Locator {
  return step(page, id).and(page.locator('[aria-checked="true"]'));
}

/** Whether the keyboard focus is in the walkthrough (checked in the page: CSS :focus needs a focused window). */
const FOCUS_IN_WALKTHROUGH = `document.querySelector('.gettingStartedContainer')?.contains(document.activeElement) === true`;

/**
 * Presses Tab until the focused element passes `isTarget` (a JS expression over `el`, the
 * focused element), as a keyboard user would, at most 60 times. Each press is made only
 * while the focus is in the walkthrough: a Tab that reached a note would type into it.
 * (The check runs in the page because the walkthrough re-renders its steps.)
 */
async function tabTo(page: Page, what: string, isTarget: string): Promise<void> {
  const check = `(() => { const el = document.activeElement; return !!el && (${isTarget}); })()`;
  for (let presses = 0; presses < 60; presses++) {
    if ((await page.evaluate(check)) === true) return;
    await page.waitForFunction(FOCUS_IN_WALKTHROUGH, undefined, { timeout: 5000 });
    await page.keyboard.press('Tab');
  }
  throw new Error(`60 presses of Tab did not reach ${what}`);
}

/**
 * Gives the keyboard back to the walkthrough after a step moved it (to a note, the Sections
 * view or the quiz panel). Ctrl+2 activates its group, but the walkthrough takes the focus
 * only from the workbench itself (it never steals it from another part), so the person
 * clicks its heading, as they would, and goes on with the keyboard.
 */
async function focusWalkthrough(page: Page): Promise<void> {
  const heading = page.locator('.gettingStartedSlideDetails h2.category-title', { hasText: 'Get Started with Note Review' });
  // A quiz panel that just opened focuses its question once loaded, which can be after the
  // click: then the click is made again (each try waits for the focus, none for a time).
  for (let attempt = 1; ; attempt++) {
    await heading.click();
    try {
      await page.waitForFunction(FOCUS_IN_WALKTHROUGH, undefined, { timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** The quiz panel's page (the last webview: the walkthrough's pictures are webviews too). */
function quizFrame(page: Page): FrameLocator {
  return page.locator('iframe.webview.ready').last().contentFrame().locator('iframe#active-frame').contentFrame();
}

/**
 * Selects a step with the keyboard (Tab to its title, Enter) and presses its button (Tab,
 * Enter), then waits for what the button does. The walkthrough re-renders its steps when
 * one completes or a context key changes; a re-render between the Tab that reached the
 * button and the Enter drops the key. So when the outcome does not come, the person does it
 * again, at most three times; every button of the walkthrough can be pressed twice without harm.
 */
async function doStep(page: Page, id: string, button: string, outcome: Locator): Promise<void> {
  const stepId = JSON.stringify(`${WALKTHROUGH}#${id}`);
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) await focusWalkthrough(page);
    await tabTo(page, `the step ${id}`, `el.matches('button.getting-started-step') && el.dataset.stepId === ${stepId}`);
    await page.keyboard.press('Enter');
    await step(page, id).and(page.locator('.expanded')).waitFor();
    await tabTo(page, `the button ${button}`, `el.matches('a.monaco-button') && el.textContent === ${JSON.stringify(button)} && el.closest('button.getting-started-step')?.dataset.stepId === ${stepId}`);
    await page.keyboard.press('Enter');
    try {
      await outcome.waitFor({ timeout: 20_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      console.log(`      (the button ${button} showed nothing after 20 s; pressing it again, try ${attempt + 1})`);
    }
  }
}

describe('The walkthrough, starting as npm start does', () => {
  let workbench: Workbench | undefined;

  before(async () => {
    workbench = await openWorkbench({ asNpmStart: true });
  });

  after(async () => workbench?.close());

  it('opens beside the sample note instead of the Welcome page, and its steps complete as they are done with the keyboard', async () => {
    const { page } = workbench!;
    // The walkthrough is the active editor of the second group; the sample note is in the first.
    const walkthroughGroup = page.locator('.editor-group-container', { has: page.locator('.gettingStartedContainer') });
    await walkthroughGroup.locator('.gettingStartedSlideDetails h2.category-title', { hasText: 'Get Started with Note Review' }).waitFor({ timeout: 60_000 });
    await page.locator('.editor-group-container', { has: page.locator('.tab.active', { hasText: 'aws-ai-practitioner-notes.md' }) }).locator('.monaco-editor').waitFor();
    for (const id of ['openNotes', 'sections', 'quiz', 'review']) await step(page, id).and(page.locator('[aria-checked="false"]')).waitFor();
    await page.locator('.gettingStartedContainer .getting-started-step').nth(3).waitFor();
    await workbench!.screenshot('walkthrough-1-beside-the-sample');
    await workbench!.docImage('walkthrough', { x: 0, y: 0, width: 1400, height: 900 }, 0.5);

    await focusWalkthrough(page);
    await doStep(page, 'openNotes', 'Open Sample Notes', stepDone(page, 'openNotes'));
    // The sample opened in the other group: the walkthrough stays in view.
    await page.locator('.editor-group-container', { hasNot: page.locator('.gettingStartedContainer') }).locator('.tab.active', { hasText: 'samples' }).waitFor();
    await walkthroughGroup.locator('.tab.active', { hasText: 'Welcome' }).waitFor();

    await focusWalkthrough(page);
    await doStep(page, 'sections', 'Show the Sections View', page.locator('.sidebar .pane-header', { hasText: 'Sections' }));
    await stepDone(page, 'sections').waitFor();

    await focusWalkthrough(page);
    await doStep(page, 'quiz', 'Quiz This Section', page.locator('.tab', { hasText: 'Quiz:' }));
    await stepDone(page, 'quiz').waitFor();
    // The panel focuses its first question once loaded; the walkthrough gets the keyboard after that.
    await quizFrame(page).locator(':focus').first().waitFor();

    await focusWalkthrough(page);
    await doStep(page, 'review', 'Start Review', page.locator('.tab', { hasText: 'Quiz: Review' }));
    await stepDone(page, 'review').waitFor();

    await focusWalkthrough(page);
    for (const id of ['openNotes', 'sections', 'quiz', 'review']) await stepDone(page, id).waitFor();
    await workbench!.screenshot('walkthrough-2-all-steps-done');
  });
});
