import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SectionsSnapshotRow } from '../../src/vscode/features/sections/sections-view';
import { activateExtension, revertAndCloseAll, waitFor, workspaceFolder } from './extension-api';

const SAMPLE = 'aws-ai-practitioner-notes.md';

interface Snapshot {
  rows: SectionsSnapshotRow[];
  selection: string[];
  message: string | undefined;
}

async function snapshot(): Promise<Snapshot> {
  return await vscode.commands.executeCommand<Snapshot>('noteReview.sections.snapshot');
}

function flatten(rows: readonly SectionsSnapshotRow[]): SectionsSnapshotRow[] {
  return rows.flatMap((row) => [row, ...flatten(row.children)]);
}

function noteRow(s: Snapshot, key: string): SectionsSnapshotRow | undefined {
  return s.rows.find((row) => row.label === key);
}

async function sampleRow(): Promise<SectionsSnapshotRow> {
  return waitFor(async () => noteRow(await snapshot(), SAMPLE), 10_000, `${SAMPLE} in the Sections view`);
}

function sectionsOf(row: SectionsSnapshotRow): SectionsSnapshotRow[] {
  // By id, not icon: the mastery map gives the weakest section a warning icon.
  return flatten(row.children).filter((r) => r.id.includes('#section:'));
}

describe('Sections view', () => {
  const sampleUri = () => vscode.Uri.joinPath(workspaceFolder().uri, SAMPLE);

  before(async () => {
    await activateExtension();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('noteReview.sections.showAllNotes');
    await revertAndCloseAll();
  });

  it('shows the 24 sections of the sample with card counts, and the 13 questions under "Udemy questions:"', async () => {
    const note = await sampleRow();
    // 13 questions, and two headings that end with '?' (flashcards).
    assert.equal(note.description, '15 cards');
    const sections = sectionsOf(note);
    assert.equal(sections.length, 24);
    const udemy = sections.find((s) => s.label === 'Udemy questions:');
    assert.ok(udemy, 'no "Udemy questions:" section');
    assert.equal(udemy.description, '13 cards');
    assert.equal(udemy.children.length, 13);
    assert.ok(udemy.children.every((c) => c.icon === 'checklist'), 'a question without the multiple-choice icon');
    assert.equal(udemy.children[7].label, 'AWS Regions are composed of?');
    const chapter = sections.find((s) => s.label === 'Section 3: Introduction to AWS and cloud computing');
    assert.equal(chapter?.description, '13 cards', 'counts include subsections');
    assert.equal(sections.find((s) => s.label === 'Regions and services')?.description, '', 'a section without cards has no count');
  });

  it('nests sections by level, as the headings are written', async () => {
    const note = await sampleRow();
    assert.deepEqual(
      note.children.map((r) => r.label),
      ['AWS AI Practitioner certificate'],
    );
    const top = note.children[0];
    assert.deepEqual(
      top.children.filter((r) => r.id.includes('#section:')).map((r) => r.label).slice(0, 2),
      ['Section 3: Introduction to AWS and cloud computing', 'Section 5: Amazon bedrock and Generative AI'],
    );
  });

  it('gives unique ids to duplicate headings and shows cards of every kind with their own icon', async () => {
    const uri = vscode.Uri.joinPath(workspaceFolder().uri, 'duplicates.md');
    const text = [
      '# Topic',
      '## Questions',
      'Capital of France::Paris',
      '## Questions',
      'The ==mitochondria== is the powerhouse of the cell.',
      '# Topic',
      '## Questions',
      '1. Which is a region?',
      '',
      '- `eu-west-1`',
      '- Paris',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    try {
      const note = await waitFor(async () => noteRow(await snapshot(), 'duplicates.md'), 5_000, 'duplicates.md in the tree');
      const rows = flatten(note.children);
      assert.equal(new Set(rows.map((r) => r.id)).size, rows.length, 'duplicate tree ids');
      assert.equal(sectionsOf(note).length, 5);
      assert.deepEqual(
        rows.filter((r) => r.id.includes('#card:')).map((r) => [r.icon, r.label]),
        [
          ['note', 'Capital of France'],
          ['whole-word', 'The [...] is the powerhouse of the cell.'],
          ['checklist', 'Which is a region?'],
        ],
      );
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
  });

  it('reveals a card\'s line when its row is clicked', async () => {
    const udemy = sectionsOf(await sampleRow()).find((s) => s.label === 'Udemy questions:')!;
    const question8 = udemy.children[7];
    assert.ok(question8.command, 'the row has no command');
    // The row's command is what a click or Enter runs.
    await vscode.commands.executeCommand(question8.command.command, ...(question8.command.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'no editor was opened');
    assert.equal(editor.document.uri.toString(), sampleUri().toString());
    assert.equal(editor.selection.active.line + 1, 82);
  });

  it('follows the cursor: moving into a section selects it in the view', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.noteReview');
    const udemy = sectionsOf(await sampleRow()).find((s) => s.label === 'Udemy questions:')!;
    const editor = await vscode.window.showTextDocument(sampleUri());
    editor.selection = new vscode.Selection(40, 0, 40, 0);
    await waitFor(async () => ((await snapshot()).selection.includes(udemy.id) ? true : undefined), 3_000, 'the section to be selected');
    const responsibilities = sectionsOf(await sampleRow()).find((s) => s.label === 'Responsibilities')!;
    editor.selection = new vscode.Selection(18, 0, 18, 0);
    await waitFor(async () => ((await snapshot()).selection.includes(responsibilities.id) ? true : undefined), 3_000, 'the next section to be selected');
  });

  it('follows the cursor while typing: the section is looked up in the parse of the new text', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.noteReview');
    const editor = await vscode.window.showTextDocument(sampleUri());
    const responsibilities = sectionsOf(await sampleRow()).find((s) => s.label === 'Responsibilities')!;
    editor.selection = new vscode.Selection(18, 0, 18, 0);
    await waitFor(async () => ((await snapshot()).selection.includes(responsibilities.id) ? true : undefined), 3_000, '"Responsibilities" to be selected');
    // Five lines typed at the end of "Udemy questions:", the cursor on the fourth: by the
    // parse before the edit that line is in "Section 5", by the parse after it in "Udemy".
    const section5 = editor.document.getText().split(/\r?\n/).indexOf('## Section 5: Amazon bedrock and Generative AI');
    await editor.edit((edit) => edit.insert(new vscode.Position(section5, 0), '14. Which service hosts foundation models?\n\n- EC2\n- `Amazon Bedrock`\n\n'));
    editor.selection = new vscode.Selection(section5 + 3, 0, section5 + 3, 0);
    const udemy = sectionsOf(await sampleRow()).find((s) => s.label === 'Udemy questions:')!;
    await waitFor(async () => ((await snapshot()).selection.includes(udemy.id) ? true : undefined), 3_000, '"Udemy questions:" to be selected after the parse');
  });

  it('shows only the active note when asked, and all notes again', async () => {
    const other = vscode.Uri.joinPath(workspaceFolder().uri, 'other-note.md');
    await vscode.workspace.fs.writeFile(other, new TextEncoder().encode('# Other\n\nQ::A\n'));
    try {
      await waitFor(async () => ((await snapshot()).rows.some((row) => row.label === 'other-note.md') ? true : undefined), 10_000, 'the new note in the tree');
      await vscode.window.showTextDocument(other);
      await vscode.commands.executeCommand('noteReview.sections.showActiveNoteOnly');
      await waitFor(async () => {
        const s = await snapshot();
        return s.rows.length === 1 && s.rows[0].label === 'other-note.md' ? true : undefined;
      }, 2_000, 'only the active note');
      await vscode.window.showTextDocument(sampleUri());
      await waitFor(async () => {
        const s = await snapshot();
        return s.rows.length === 1 && s.rows[0].label === SAMPLE ? true : undefined;
      }, 2_000, 'the newly active note');
      await vscode.commands.executeCommand('noteReview.sections.showAllNotes');
      await waitFor(async () => ((await snapshot()).rows.length >= 2 ? true : undefined), 2_000, 'every note again');
    } finally {
      await vscode.workspace.fs.delete(other);
    }
  });

  it('follows edits: a question added, a section deleted', async () => {
    const editor = await vscode.window.showTextDocument(sampleUri());
    const lines = editor.document.getText().split(/\r?\n/);
    const afterQuestion13 = lines.indexOf('## Section 5: Amazon bedrock and Generative AI');
    await editor.edit((edit) =>
      edit.insert(new vscode.Position(afterQuestion13, 0), '14. Which service hosts foundation models?\n\n- EC2\n- `Amazon Bedrock`\n\n'),
    );
    let started = Date.now();
    await waitFor(
      async () => (sectionsOf(await sampleRow()).find((s) => s.label === 'Udemy questions:')?.children.length === 14 ? true : undefined),
      3_000,
      'the 14th question in the tree',
    );
    const addedMs = Date.now() - started;

    const responsibilities = editor.document.getText().split(/\r?\n/).indexOf('### Responsibilities');
    const nextHeading = editor.document.getText().split(/\r?\n/).indexOf('### Acceptance use policy');
    await editor.edit((edit) => edit.delete(new vscode.Range(responsibilities, 0, nextHeading, 0)));
    started = Date.now();
    await waitFor(
      async () => (sectionsOf(await sampleRow()).some((s) => s.label === 'Responsibilities') ? undefined : true),
      3_000,
      'the deleted section to leave the tree',
    );
    console.log(`      tree updated ${addedMs} ms after adding a question, ${Date.now() - started} ms after deleting a section`);
    assert.equal(sectionsOf(await sampleRow()).length, 23);
  });
});
