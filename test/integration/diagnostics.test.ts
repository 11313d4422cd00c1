import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, revertAndCloseAll, waitFor, workspaceFolder } from './extension-api';

const SAMPLE = 'aws-ai-practitioner-notes.md';
const SOURCE = 'Note Review';

function noteDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** Waits until the note's diagnostics satisfy `accept`, and returns them. */
function diagnosticsWhen(uri: vscode.Uri, accept: (diagnostics: vscode.Diagnostic[]) => boolean, timeoutMs: number, what: string): Promise<vscode.Diagnostic[]> {
  return waitFor(() => {
    const diagnostics = noteDiagnostics(uri);
    return accept(diagnostics) ? diagnostics : undefined;
  }, timeoutMs, what);
}

async function quickFixesAt(uri: vscode.Uri, line: number): Promise<vscode.CodeAction[]> {
  const range = new vscode.Range(line - 1, 0, line - 1, 0);
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
  return actions.filter((a): a is vscode.CodeAction => 'title' in a && a.title.startsWith('Mark '));
}

async function setDiagnosticsSetting(name: 'enabled' | 'severity' | 'giveawayAnswers', value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('noteReview.diagnostics').update(name, value, vscode.ConfigurationTarget.Workspace);
}

describe('Note diagnostics', () => {
  const sampleUri = () => vscode.Uri.joinPath(workspaceFolder().uri, SAMPLE);

  before(async () => {
    await activateExtension();
  });

  afterEach(async () => {
    await setDiagnosticsSetting('enabled', undefined);
    await setDiagnosticsSetting('severity', undefined);
    await setDiagnosticsSetting('giveawayAnswers', undefined);
    await revertAndCloseAll();
  });

  it('shows exactly one warning in the sample, "no answer marked" on question 8 (line 82), without opening it', async () => {
    const diagnostics = await diagnosticsWhen(sampleUri(), (d) => d.length > 0, 10_000, 'the sample\'s diagnostics');
    assert.equal(diagnostics.length, 1);
    const [warning] = diagnostics;
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(warning.range.start.line + 1, 82);
    assert.equal(warning.code, 'no-answer');
    assert.match(warning.message, /no answer marked/);
  });

  it('offers one quick fix per option; the third wraps that option in backticks and clears the warning', async () => {
    const { document } = await vscode.window.showTextDocument(sampleUri());
    // Once the note is open its warning spans the question's text, not just the line start.
    const [warning] = await diagnosticsWhen(sampleUri(), (d) => d.length === 1 && !d[0].range.isEmpty, 10_000, 'the warning on question 8');
    assert.equal(document.getText(warning.range), '8. AWS Regions are composed of?');
    // The markers reach the workbench a moment after the extension host: ask until they have.
    const fixes = await waitFor(async () => {
      const found = await quickFixesAt(sampleUri(), 82).catch(() => []);
      return found.length > 0 ? found : undefined;
    }, 5_000, 'the quick fixes on question 8');
    assert.deepEqual(
      fixes.map((f) => f.title),
      [
        "Mark 'Two or more edge locations' as the right answer",
        "Mark 'One or more discrete data centers' as the right answer",
        "Mark 'Three or more availability zones' as the right answer",
      ],
    );
    assert.ok(fixes[2].edit, 'the quick fix carries no edit');
    assert.ok(await vscode.workspace.applyEdit(fixes[2].edit));
    assert.equal(
      document.lineAt(85).text,
      '- `Three or more availability zones - Regions are made of multiple, isolated, and physically separate Availability zones within the geographic area.`',
    );
    await diagnosticsWhen(sampleUri(), (d) => d.length === 0, 5_000, 'the warning to clear');
    // The workbench's markers follow the extension host's a moment later (see above).
    await waitFor(async () => ((await quickFixesAt(sampleUri(), 82)).length === 0 ? true : undefined), 5_000, 'the quick fixes to go');
  });

  it('follows typing: a question without an answer gets its warning within a second, and loses it once answered', async () => {
    await diagnosticsWhen(sampleUri(), (d) => d.length === 1, 10_000, 'the sample\'s warning');
    const editor = await vscode.window.showTextDocument(sampleUri());
    const line = editor.document.getText().split(/\r?\n/).indexOf('## Section 5: Amazon bedrock and Generative AI');
    await editor.edit((edit) => edit.insert(new vscode.Position(line, 0), '14. Which service hosts foundation models?\n\n- EC2\n- Amazon Bedrock\n\n'));
    const started = Date.now();
    const diagnostics = await diagnosticsWhen(sampleUri(), (d) => d.length === 2, 1_000, 'a second warning');
    console.log(`      diagnostics updated ${Date.now() - started} ms after the edit`);
    assert.deepEqual(diagnostics.map((d) => d.range.start.line + 1).sort((a, b) => a - b), [82, line + 1]);
    assert.equal(editor.document.lineAt(line).text.slice(diagnostics.find((d) => d.range.start.line === line)!.range.start.character), '14. Which service hosts foundation models?');
    await editor.edit((edit) => edit.replace(new vscode.Range(line + 3, 2, line + 3, 16), '`Amazon Bedrock`'));
    await diagnosticsWhen(sampleUri(), (d) => d.length === 1, 1_000, 'the new warning to clear');
  });

  it('follows the severity setting, and the enabled setting turns diagnostics off', async () => {
    await diagnosticsWhen(sampleUri(), (d) => d.length === 1, 10_000, 'the sample\'s warning');
    await setDiagnosticsSetting('severity', 'error');
    await diagnosticsWhen(sampleUri(), (d) => d.length === 1 && d[0].severity === vscode.DiagnosticSeverity.Error, 2_000, 'an error');
    await setDiagnosticsSetting('enabled', false);
    await diagnosticsWhen(sampleUri(), (d) => d.length === 0, 2_000, 'no diagnostics');
    await setDiagnosticsSetting('enabled', undefined);
    await setDiagnosticsSetting('severity', undefined);
    await diagnosticsWhen(sampleUri(), (d) => d.length === 1 && d[0].severity === vscode.DiagnosticSeverity.Warning, 2_000, 'the warning again');
  });

  it('checks the box when the note writes its questions as task items', async () => {
    const uri = vscode.Uri.joinPath(workspaceFolder().uri, 'task-quiz.md');
    const text = ['# Quiz', '', '1. Which is DNS?', '', '- [ ] S3', '- [x] Route 53', '', '2. Which is storage?', '', '- [ ] S3', '- [ ] Route 53', ''].join('\n');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    try {
      const { document } = await vscode.window.showTextDocument(uri);
      const [warning] = await diagnosticsWhen(uri, (d) => d.length === 1 && !d[0].range.isEmpty, 5_000, 'the warning on question 2');
      assert.equal(warning.range.start.line + 1, 8);
      const fixes = await waitFor(async () => {
        const found = await quickFixesAt(uri, 8).catch(() => []);
        return found.length > 0 ? found : undefined;
      }, 5_000, 'the quick fixes on question 2');
      assert.equal(fixes.length, 2);
      assert.ok(await vscode.workspace.applyEdit(fixes[0].edit!));
      assert.equal(document.lineAt(9).text, '- [x] S3');
      await diagnosticsWhen(uri, (d) => d.length === 0, 5_000, 'the warning to clear');
    } finally {
      await revertAndCloseAll();
      await vscode.workspace.fs.delete(uri);
    }
  });

  it('reports as information a note whose right options are mostly the longest, until the setting turns it off', async () => {
    const uri = vscode.Uri.joinPath(workspaceFolder().uri, 'giveaway-quiz.md');
    // Eight questions; the right option, in backticks, is the longest and in a different place each time but one.
    const questions = Array.from({ length: 8 }, (_, i) => {
      const options = ['S3', 'EC2', 'IAM'];
      options.splice(i % 3, 0, '`The one right answer, written out in full`');
      return [`${i + 1}. What does service ${'ABCDEFGH'[i]} do?`, '', ...options.map((o) => `- ${o}`), ''];
    });
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(['# Quiz', '', ...questions.flat()].join('\n')));
    try {
      const [info] = await diagnosticsWhen(uri, (d) => d.length === 1, 10_000, 'the give-away finding');
      assert.equal(info.severity, vscode.DiagnosticSeverity.Information);
      assert.equal(info.code, 'giveaway-answers.longest');
      assert.equal(info.range.start.line + 1, 3, 'on the first question');
      assert.match(info.message, /longest in 8 of 8 multiple-choice questions/);
      await setDiagnosticsSetting('giveawayAnswers', false);
      await diagnosticsWhen(uri, (d) => d.length === 0, 5_000, 'the finding to go with the setting off');
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
  });
});
