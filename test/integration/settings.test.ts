import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { onDidChangeSettings, readSetting, type SettingsChange } from '../../src/vscode/adapters/settings';
import { activateExtension, waitFor } from './extension-api';

/** Sets a setting in the workspace's settings (undefined removes it). */
async function setInWorkspace(id: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration().update(id, value, vscode.ConfigurationTarget.Workspace);
}

/** A setting changed after the one a test looks at: read only when a mock exam starts. */
const MARKER = 'noteReview.mockExam.passMark';

describe('Settings reader', () => {
  let events: SettingsChange[] = [];
  let subscription: vscode.Disposable | undefined;

  /**
   * Changes `marker` too and waits for its event: events come in order, so by then every
   * event of the changes made before it has arrived, and none is missed or counted twice.
   */
  async function eventsUntilMarker(marker: typeof MARKER, value: unknown): Promise<SettingsChange[]> {
    await setInWorkspace(marker, value);
    const at = await waitFor(() => {
      const index = events.findIndex((e) => e.ids.includes(marker));
      return index >= 0 ? index : undefined;
    }, 10_000, `the event for ${marker}`);
    return events.slice(0, at);
  }

  beforeEach(async () => {
    await activateExtension();
    events = [];
    subscription = onDidChangeSettings((change) => events.push(change));
    // A barrier: once the marker's event is in, the events of earlier tests' changes are too.
    await eventsUntilMarker(MARKER, 1);
    events = [];
  });

  afterEach(async () => {
    // Put the settings back while still listening, and wait for the last reset's event, so
    // that no event of this test reaches the next one's list.
    const markerWasSet = vscode.workspace.getConfiguration().inspect(MARKER)?.workspaceValue !== undefined;
    for (const id of ['noteReview.quiz.shuffle', 'editor.rulers']) await setInWorkspace(id, undefined);
    events = [];
    await setInWorkspace(MARKER, undefined);
    if (markerWasSet) await waitFor(() => (events.some((e) => e.ids.includes(MARKER)) ? true : undefined), 10_000, `the event for resetting ${MARKER}`);
    subscription?.dispose();
  });

  it('changing a setting fires one event that names it, and reading it gives the new value', async () => {
    assert.equal(readSetting('noteReview.quiz.shuffle'), false, 'the manifest default');
    await setInWorkspace('noteReview.quiz.shuffle', true);
    const seen = await eventsUntilMarker(MARKER, 55);
    assert.equal(seen.length, 1, `events: ${JSON.stringify(seen.map((e) => e.ids))}`);
    assert.deepEqual(seen[0].ids, ['noteReview.quiz.shuffle']);
    assert.ok(seen[0].affects('noteReview.quiz.shuffle') && seen[0].affects('noteReview.quiz') && seen[0].affects('noteReview'));
    assert.ok(!seen[0].affects('noteReview.mockExam'), 'a group that did not change');
    assert.equal(readSetting('noteReview.quiz.shuffle'), true);
    assert.equal(readSetting(MARKER), 55);
  });

  it("a change to settings the extension does not read fires nothing", async () => {
    await setInWorkspace('editor.rulers', [100]);
    const seen = await eventsUntilMarker(MARKER, 60);
    assert.deepEqual(seen, []);
  });

  it('a value of the wrong type in settings.json reads as the manifest default', async () => {
    await setInWorkspace('noteReview.quiz.shuffle', 'yes');
    await eventsUntilMarker(MARKER, 65);
    assert.equal(vscode.workspace.getConfiguration('noteReview.quiz').get('shuffle'), 'yes', 'VS Code hands out the raw value');
    assert.equal(readSetting('noteReview.quiz.shuffle'), false);
  });
});
