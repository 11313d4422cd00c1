import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { createNodeCliIo } from '../../src/cli/node-cli-io';
import { runCli } from '../../src/cli/run-cli';
import type { StatsJson } from '../../src/cli/stats-command';
import type { StatisticsView } from '../../src/protocol/statistics-protocol';
import type { StatisticsPanel } from '../../src/vscode/features/statistics/statistics-panel';
import { activateExtension, revertAndCloseAll, waitFor, workspaceFolder } from './extension-api';

const SAMPLE = 'aws-ai-practitioner-notes.md';
const UDEMY = ['AWS AI Practitioner certificate', 'Section 3: Introduction to AWS and cloud computing', 'Udemy questions:'];

/** The panel after the page said `ready` (as its webview does) and the figures were posted. */
async function computed(panel: StatisticsPanel | undefined): Promise<{ panel: StatisticsPanel; view: StatisticsView }> {
  assert.ok(panel, 'the command returned no panel');
  await panel.handleMessage({ type: 'ready' });
  await panel.whenComputed();
  assert.ok(panel.lastView, 'no figures were posted');
  return { panel, view: panel.lastView };
}

describe('Statistics panel (extension side)', () => {
  before(async () => {
    await activateExtension();
    // The tests before may have edited the sample and closed it unsaved: the index reads
    // the file again a moment after the close. Start from the note as it is on disk.
    await waitFor(
      async () => {
        const { rows } = await vscode.commands.executeCommand<{ rows: { label: string; description: string }[] }>('noteReview.sections.snapshot');
        return rows.some((row) => row.label === SAMPLE && row.description.startsWith('15 cards')) ? true : undefined;
      },
      15_000,
      `${SAMPLE} back to its 15 cards in the index`,
    );
  });

  after(async () => {
    await revertAndCloseAll();
  });

  it('from a section row of the Sections view, shows that section: its title and its cards only', async () => {
    const uri = vscode.Uri.joinPath(workspaceFolder().uri, SAMPLE);
    // The Sections tree passes its node: { type: 'section', uri, section }.
    const { panel, view } = await computed(await vscode.commands.executeCommand<StatisticsPanel>('noteReview.showStatistics', { type: 'section', uri, section: { path: UDEMY, line: 1 } }));
    try {
      assert.equal(panel.panel.title, `Statistics: ${[SAMPLE, ...UDEMY].join(' › ')}`);
      assert.equal(view.title, [SAMPLE, ...UDEMY].join(' › '));
      assert.equal(view.cardCounts.total, 13, 'the 13 Udemy questions');
      assert.ok(view.recall.sections.every((s) => s.note === SAMPLE && UDEMY.every((t, i) => s.section[i] === t)));
    } finally {
      panel.dispose();
    }
  });

  it('from a note row, counts what `note-review stats --json` counts for that note in the same log', async () => {
    const uri = vscode.Uri.joinPath(workspaceFolder().uri, SAMPLE);
    // Two ratings of this note in the log (earlier tests may have added others: both sides read the same log).
    const { api } = await activateExtension();
    const ids = (await api.getNoteJson(uri)).cards.map((c) => c.id);
    for (const [id, rating] of [[ids[0], 3], [ids[1], 1]] as const) assert.deepEqual(await api.rateCard(id, rating, 4200), { saved: true });
    const { panel, view } = await computed(await vscode.commands.executeCommand<StatisticsPanel>('noteReview.showStatistics', { type: 'note', uri, key: SAMPLE }));
    try {
      let stdout = '';
      let stderr = '';
      const io = createNodeCliIo({ cwd: workspaceFolder().uri.fsPath, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
      assert.equal(runCli(['stats', '--json', SAMPLE], io), 0, stderr);
      const stats = (JSON.parse(stdout) as StatsJson).stats;
      assert.equal(view.title, SAMPLE);
      // Counts, not recall: the CLI ran a moment later, and recall decays by the millisecond.
      assert.deepEqual(view.cardCounts, stats.cardCounts);
      assert.deepEqual(view.totals, stats.totals);
      assert.deepEqual(Object.fromEntries(view.buttons.map((row) => [row.phase, row.counts])), stats.buttons);
      assert.deepEqual(view.days.map((d) => d.reviews), stats.days.reviews);
      assert.ok(view.totals.reviews >= 2 && view.totals.studyMs >= 8400, JSON.stringify(view.totals));
      assert.deepEqual(view.mostMissed.map((m) => [m.cardId, m.misses, m.answers]), stats.mostMissed.map((m) => [m.card, m.misses, m.answers]));
      const missed = view.mostMissed.find((m) => m.cardId === ids[1]);
      assert.ok(missed, 'the question rated Again is listed as missed');

      // A listed question opens its note at its line.
      await panel.handleMessage({ type: 'openCard', cardId: ids[1] });
      const card = (await api.getNoteJson(uri)).cards[1];
      const editor = await waitFor(() => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString() && e.selection.active.line === card.line - 1), 10_000, 'the note open at the missed question');
      assert.ok(editor);
    } finally {
      panel.dispose();
    }
  });

  it('without an argument or a note in the editor shows the workspace, reuses the one panel, ignores malformed messages and closes cleanly', async () => {
    await revertAndCloseAll();
    const first = await computed(await vscode.commands.executeCommand<StatisticsPanel>('noteReview.showStatistics'));
    assert.equal(first.panel.panel.title, 'Statistics: Workspace');
    assert.deepEqual(first.panel.scopeRef, { kind: 'workspace' });
    const again = await vscode.commands.executeCommand<StatisticsPanel>('noteReview.showStatistics');
    assert.equal(again, first.panel, 'the open panel is reused');
    let posted = 0;
    const listener = first.panel.onDidPostMessage(() => posted++);
    await first.panel.handleMessage({ type: 'deleteEverything' });
    await first.panel.handleMessage({ type: 'setForecastRange', days: 7 });
    assert.equal(posted, 0, 'nothing answered a malformed message');
    listener.dispose();
    let closed = false;
    first.panel.onDidDispose(() => (closed = true));
    first.panel.panel.dispose();
    assert.ok(closed, 'closing the webview disposed the panel');
  });
});
