import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SectionsSnapshotRow } from '../../src/vscode/features/sections/sections-view';
import { activateExtension, revertAndCloseAll, waitFor, workspaceFolder } from './extension-api';

const SAMPLE = 'aws-ai-practitioner-notes.md';

/** The note keys the Sections view lists (it lists exactly the index's notes). */
async function listedNotes(): Promise<string[]> {
  const snapshot = await vscode.commands.executeCommand<{ rows: SectionsSnapshotRow[] }>('noteReview.sections.snapshot');
  return snapshot.rows.map((row) => row.label);
}

// Generous: these follow the workbench's file watcher, which can be slow on a busy machine;
// what they check is that the index follows, not how fast.
function waitForNotes(accept: (keys: string[]) => boolean, what: string, timeoutMs = 10_000): Promise<string[]> {
  return waitFor(async () => {
    const keys = await listedNotes();
    return accept(keys) ? keys : undefined;
  }, timeoutMs, what);
}

/** The top-level section titles the view shows for a note, comma-separated. */
async function sectionTitles(key: string): Promise<string | undefined> {
  const snapshot = await vscode.commands.executeCommand<{ rows: SectionsSnapshotRow[] }>('noteReview.sections.snapshot');
  return snapshot.rows.find((row) => row.label === key)?.children.map((row) => row.label).join();
}

function waitForTitles(key: string, titles: string, what: string): Promise<string> {
  return waitFor(async () => ((await sectionTitles(key)) === titles ? titles : undefined), 10_000, what);
}

function uriOf(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, ...relative.split('/'));
}

async function write(relative: string, text: string): Promise<vscode.Uri> {
  const uri = uriOf(relative);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

async function removeIfPresent(relative: string): Promise<void> {
  try {
    await vscode.workspace.fs.delete(uriOf(relative), { recursive: true });
  } catch {
    // Already gone: the test removed it itself.
  }
}

describe('Notes index', () => {
  before(async () => {
    await activateExtension();
    await waitForNotes((keys) => keys.includes(SAMPLE), 'the sample to be indexed', 10_000);
  });

  afterEach(async () => {
    await revertAndCloseAll();
  });

  it('follows notes created, renamed and deleted on disk', async () => {
    try {
      await write('index-new.md', '# New note\n\nQ::A\n');
      await waitForNotes((keys) => keys.includes('index-new.md'), 'the created note');

      const edit = new vscode.WorkspaceEdit();
      edit.renameFile(uriOf('index-new.md'), uriOf('index-renamed.md'));
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitForNotes((keys) => keys.includes('index-renamed.md') && !keys.includes('index-new.md'), 'the renamed note');

      await vscode.workspace.fs.delete(uriOf('index-renamed.md'));
      await waitForNotes((keys) => !keys.includes('index-renamed.md'), 'the deleted note to go');
    } finally {
      await removeIfPresent('index-new.md');
      await removeIfPresent('index-renamed.md');
    }
  });

  it('drops every note of a deleted folder, and follows a renamed folder', async () => {
    try {
      await write('index-folder/a.md', '# A\n');
      await write('index-folder/deeper/b.md', '# B\n');
      await waitForNotes((keys) => keys.includes('index-folder/a.md') && keys.includes('index-folder/deeper/b.md'), 'the folder\'s notes');

      const edit = new vscode.WorkspaceEdit();
      edit.renameFile(uriOf('index-folder'), uriOf('index-moved'));
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitForNotes(
        (keys) => keys.includes('index-moved/a.md') && keys.includes('index-moved/deeper/b.md') && !keys.some((k) => k.startsWith('index-folder/')),
        'the notes under the new folder name',
      );

      await vscode.workspace.fs.delete(uriOf('index-moved'), { recursive: true });
      await waitForNotes((keys) => !keys.some((k) => k.startsWith('index-moved/')), 'the deleted folder\'s notes to go');
    } finally {
      await removeIfPresent('index-folder');
      await removeIfPresent('index-moved');
    }
  });

  it('indexes a folder of notes moved in from outside VS Code (one event, for the folder)', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-moved-in-'));
    try {
      fs.mkdirSync(path.join(outside, 'chapter', 'deeper'), { recursive: true });
      fs.writeFileSync(path.join(outside, 'chapter', 'one.md'), '# One\n\n1. Which?\n\n- a\n- `b`\n');
      fs.writeFileSync(path.join(outside, 'chapter', 'deeper', 'two.md'), '# Two\n');
      // A rename within one file system: the watcher sees the folder appear, not its files.
      fs.renameSync(path.join(outside, 'chapter'), path.join(workspaceFolder().uri.fsPath, 'index-moved-in'));
      await waitForNotes((keys) => keys.includes('index-moved-in/one.md') && keys.includes('index-moved-in/deeper/two.md'), 'the moved-in folder\'s notes', 10_000);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
      await removeIfPresent('index-moved-in');
    }
  });

  it('catches up with notes changed or deleted on disk when no file event came (the check made when the window gets the focus back)', async () => {
    const { api } = await activateExtension();
    const uri = await write('index-outside-edit.md', '# Before\n');
    try {
      await waitForTitles('index-outside-edit.md', 'Before', 'the new note');
      // Written behind VS Code's back and checked at once: the watcher's event, if any, is
      // still on its way (and debounced), so what finds the change is the check.
      fs.writeFileSync(uri.fsPath, '# After, changed in another program\n');
      assert.ok((await api.catchUpNotesWithDisk()).includes('index-outside-edit.md'), 'the check did not find the changed note');
      await waitForTitles('index-outside-edit.md', 'After, changed in another program', 'the text on disk');
      assert.ok(!(await api.catchUpNotesWithDisk()).includes('index-outside-edit.md'), 'a second check finds the note changed again');
      fs.rmSync(uri.fsPath);
      assert.ok((await api.catchUpNotesWithDisk()).includes('index-outside-edit.md'), 'the check did not find the deleted note');
      await waitForNotes((keys) => !keys.includes('index-outside-edit.md'), 'the deleted note to leave the index');
    } finally {
      await removeIfPresent('index-outside-edit.md');
    }
  });

  it('skips node_modules and honours files.exclude, also when the setting changes', async () => {
    const files = vscode.workspace.getConfiguration('files');
    try {
      await write('node_modules/some-package/readme.md', '# A package readme\n');
      await write('index-drafts/draft.md', '# Draft\n');
      await write('index-visible.md', '# Visible\n');
      await waitForNotes((keys) => keys.includes('index-visible.md') && keys.includes('index-drafts/draft.md'), 'the visible notes');
      assert.ok(!(await listedNotes()).some((k) => k.includes('node_modules')), 'a note in node_modules was indexed');

      await files.update('exclude', { '**/index-{drafts,private}': true }, vscode.ConfigurationTarget.Workspace);
      await waitForNotes((keys) => !keys.includes('index-drafts/draft.md') && keys.includes('index-visible.md'), 'the excluded note to go');

      // A note created in an excluded folder stays out; the sync point is a note created after it.
      await write('index-drafts/later.md', '# Later\n');
      await write('index-visible-2.md', '# Visible too\n');
      const keys = await waitForNotes((k) => k.includes('index-visible-2.md'), 'the later visible note');
      assert.ok(!keys.includes('index-drafts/later.md'), 'a note created in an excluded folder was indexed');

      await files.update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
      await waitForNotes((k) => k.includes('index-drafts/draft.md') && k.includes('index-drafts/later.md'), 'the notes back once no longer excluded');
    } finally {
      await files.update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
      await removeIfPresent('node_modules');
      await removeIfPresent('index-drafts');
      await removeIfPresent('index-visible.md');
      await removeIfPresent('index-visible-2.md');
    }
  });

  it('skips notes over noteReview.maxNoteSizeMB and takes them back when the limit grows', async () => {
    const config = vscode.workspace.getConfiguration('noteReview');
    try {
      await write('index-small.md', '# Small\n');
      await waitForNotes((keys) => keys.includes('index-small.md'), 'the small note');
      // The sample is about 20 KB; 0.01 MB is about 10 KB.
      await config.update('maxNoteSizeMB', 0.01, vscode.ConfigurationTarget.Workspace);
      await waitForNotes((keys) => !keys.includes(SAMPLE) && keys.includes('index-small.md'), 'the sample to be skipped');
      await config.update('maxNoteSizeMB', undefined, vscode.ConfigurationTarget.Workspace);
      await waitForNotes((keys) => keys.includes(SAMPLE), 'the sample to come back');
    } finally {
      await config.update('maxNoteSizeMB', undefined, vscode.ConfigurationTarget.Workspace);
      await removeIfPresent('index-small.md');
    }
  });

  it('reads unsaved editor text over the file on disk, and the file again once the edits are reverted', async () => {
    const uri = await write('index-unsaved.md', '# On disk\n');
    try {
      await waitForTitles('index-unsaved.md', 'On disk', 'the note');
      const editor = await vscode.window.showTextDocument(uri);
      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '# Typed, not saved\n'));
      await waitForTitles('index-unsaved.md', 'Typed, not saved,On disk', 'the unsaved heading');

      // A change on disk while the editor holds unsaved text does not replace that text in the index.
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('# Changed on disk\n'));
      await write('index-sync.md', '# Sync point\n');
      await waitForNotes((keys) => keys.includes('index-sync.md'), 'the sync note');
      assert.equal(await sectionTitles('index-unsaved.md'), 'Typed, not saved,On disk', "the editor's text lost to the disk");

      // Closing reverts softly: the document stays open with the typed text, clean; the disk wins.
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await waitForTitles('index-unsaved.md', 'Changed on disk', 'the text on disk');
    } finally {
      await removeIfPresent('index-unsaved.md');
      await removeIfPresent('index-sync.md');
    }
  });
});
