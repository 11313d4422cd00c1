import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseNote } from '../../src/core';
import { seededReviewLog } from '../unit/stats/seeded-review-log';
import { openViewContainer, openWorkbench, repoRoot, runCommand } from './workbench';
import type { Workbench } from './workbench';

const SAMPLE = 'aws-ai-practitioner-notes.md';
const DAY_MS = 86_400_000;

/** A copy of the fixture workspace with 200 days of seeded review history, so that readiness is not zero. */
function seededWorkspace(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-exam-fixture-'));
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), root, { recursive: true });
  const ids = parseNote(fs.readFileSync(path.join(root, SAMPLE), 'utf8'), { noteKey: SAMPLE }).cards.map((c) => c.id);
  const now = Math.floor(Date.now() / DAY_MS) * DAY_MS - 3_600_000;
  fs.mkdirSync(path.join(root, '.note-review', 'log'), { recursive: true });
  fs.writeFileSync(path.join(root, '.note-review', 'log', 'seeded.jsonl'), `${seededReviewLog({ cards: ids, now, days: 200, seed: 12, newCards: 3, suspended: 0 }).join('\n')}\n`);
  return root;
}

/** The local day `days` from today, YYYY-MM-DD (the extension host runs on this machine, in its time zone). */
function localDay(days: number): string {
  const day = new Date(Date.now() + days * DAY_MS);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
}

describe('Exam readiness in the workbench (seeded review history)', () => {
  let workbench: Workbench;
  let fixture: string;

  before(async () => {
    fixture = seededWorkspace();
    workbench = await openWorkbench({ fixture });
  });

  after(async () => {
    await workbench?.close();
    fs.rmSync(fixture, { recursive: true, force: true });
  });

  it('Set Exam Date… from the palette: the status bar and each section show the predicted readiness', async () => {
    const { page } = workbench;
    await runCommand(page, 'Note Review: Set Exam Date…');
    const widget = page.locator('.quick-input-widget');
    await widget.filter({ hasText: 'the exam day' }).waitFor();
    await page.locator('.quick-input-widget input.input').fill(localDay(12));
    await page.keyboard.press('Enter');
    // Step 2 (what the exam covers) is optional: Enter with nothing picked means every card.
    await widget.filter({ hasText: 'what the exam covers' }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.statusbar-item', { hasText: /Exam in 1[123] days · ready \d+ ?%/ }).waitFor({ timeout: 60_000 });
    await openViewContainer(page, 'Note Review');
    // Note and section rows add their own predicted recall on the exam day.
    const udemy = page.locator('.sidebar .monaco-list-row', { hasText: 'Udemy questions:' }).filter({ hasText: /exam \d+ ?%/ }).first();
    await udemy.waitFor({ timeout: 60_000 });
    // The narrow side bar cuts the description: its tooltip says it whole, as the person would read it.
    const tooltip = page.locator('.monaco-hover, .workbench-hover', { hasText: /Predicted recall on the exam day \(\d{4}-\d\d-\d\d\): \d+%/ });
    for (let attempt = 1; ; attempt++) {
      await udemy.hover();
      try {
        await tooltip.first().waitFor({ timeout: 5_000 });
        break;
      } catch (error) {
        if (attempt === 5) throw error;
        await page.mouse.move(700, 450);
      }
    }
    await workbench.screenshot('exam-readiness-1-status-bar-and-sections');
  });
});
