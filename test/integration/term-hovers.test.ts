import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { NotesIndex } from '../../src/vscode/adapters/notes-index';
import { TermHoverProvider } from '../../src/vscode/features/term-hovers/term-hover-provider';
import { WorkspaceGlossary } from '../../src/vscode/features/term-hovers/workspace-glossary';
import { activateExtension, workspaceFolder } from './extension-api';

const SAMPLE = 'aws-ai-practitioner-notes.md';

/** The text of every hover VS Code's providers give at `position`, joined. */
async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

/** The hovers at `position` that Note Review gave (the ones naming where the term is defined). */
async function termHovers(uri: vscode.Uri, position: vscode.Position): Promise<vscode.Hover[]> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.filter((h) => h.contents.some((c) => (typeof c === 'string' ? c : c.value).includes(', line ')));
}

async function definitions(uri: vscode.Uri, position: vscode.Position): Promise<vscode.Location[]> {
  const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', uri, position);
  return found.map((d) => ('targetUri' in d ? new vscode.Location(d.targetUri, d.targetSelectionRange ?? d.targetRange) : d));
}

/** Asks `probe` again until `accept` holds (the index and settings update asynchronously). */
async function eventually<T>(what: string, probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The position of the `nth` occurrence of `word` on 1-based `lineNumber`, plus `offset` characters. */
function positionOf(document: vscode.TextDocument, lineNumber: number, word: string, offset = 1): vscode.Position {
  const column = document.lineAt(lineNumber - 1).text.indexOf(word);
  assert.ok(column >= 0, `"${word}" is not on line ${lineNumber}: ${document.lineAt(lineNumber - 1).text}`);
  return new vscode.Position(lineNumber - 1, column + offset);
}

describe('Term hovers and definitions', () => {
  let sample: vscode.TextDocument;

  before(async () => {
    await activateExtension();
    sample = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceFolder().uri, SAMPLE));
  });

  it('shows the definition of "BLEU" in "#### Common metrics", with a link to its line', async () => {
    const position = positionOf(sample, 363, 'BLEU');
    const [hover] = await eventually('a term hover over BLEU', () => termHovers(sample.uri, position), (h) => h.length === 1);
    const markdown = hover.contents[0] as vscode.MarkdownString;
    assert.match(markdown.value, /^\*\*BLEU\*\* — \[this note, line 363\]\(command:noteReview\.revealTermDefinition\?\S+ "Open aws-ai-practitioner-notes\.md at line 363"\)/);
    assert.match(markdown.value, /you evaluate translation\. Penalizes for brevity/);
    assert.deepEqual(markdown.isTrusted, { enabledCommands: ['noteReview.revealTermDefinition'] }, 'links in notes run no other command');
    assert.equal(markdown.supportHtml, false);
    assert.ok(hover.range?.isEqual(new vscode.Range(362, 2, 362, 6)), `range ${JSON.stringify(hover.range)}`);
  });

  it('shows the definition of "foundation model" where the notes say "foundation models"', async () => {
    for (const [line, word] of [[195, 'models'], [197, 'foundation'], [149, 'foundation']] as const) {
      const text = await hoverText(sample.uri, positionOf(sample, line, word));
      assert.match(text, /\*\*foundation model\*\* — \[this note, line 135\]/, `line ${line}`);
      assert.match(text, /can do a broad range of tasks/, `line ${line}`);
    }
  });

  it('opens the defining line, with the term selected, from the link in the hover', async () => {
    await vscode.window.showTextDocument(sample, { selection: new vscode.Range(0, 0, 0, 0) });
    const text = await hoverText(sample.uri, positionOf(sample, 195, 'models'));
    const link = /\[this note, line 135\]\(command:([\w.]+)\?(\S+) "/.exec(text);
    assert.ok(link, text);
    await vscode.commands.executeCommand(link[1], ...(JSON.parse(decodeURIComponent(link[2])) as unknown[]));
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), sample.uri.toString());
    assert.ok(editor.selection.isEqual(new vscode.Range(134, 6, 134, 22)), `selection ${JSON.stringify(editor.selection)}`);
    assert.equal(editor.document.getText(editor.selection), 'foundation model');
  });

  it('refuses links that do not name a note of the workspace', async () => {
    await vscode.window.showTextDocument(sample, { selection: new vscode.Range(0, 0, 0, 0) });
    const outside = vscode.Uri.joinPath(workspaceFolder().uri, '..', 'not-a-note.txt').toString();
    await vscode.commands.executeCommand('noteReview.revealTermDefinition', outside, 1, 'x');
    await vscode.commands.executeCommand('noteReview.revealTermDefinition', 'not a uri', 'one');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), sample.uri.toString());
    assert.ok(vscode.window.activeTextEditor.selection.isEqual(new vscode.Range(0, 0, 0, 0)));
  });

  it('goes from "LLM" in "### How do we interact with an LLM?" to the line that defines "LLMs"', async () => {
    assert.equal(sample.lineAt(156).text, '### How do we interact with an LLM?');
    const found = await definitions(sample.uri, positionOf(sample, 157, 'LLM'));
    // VS Code's markdown support answers a heading with the heading itself; the term's definition is the other one.
    const ours = found.filter((l) => l.uri.toString() === sample.uri.toString() && l.range.start.line !== 156);
    assert.deepEqual(
      ours.map((l) => [l.range.start.line, l.range.start.character, l.range.end.character]),
      [[148, 6, 10]],
      'line 149, on "LLMs" in "The **LLMs** are …"',
    );
  });

  it('shows nothing over words that are not terms, or terms inside code', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'markdown',
      content: ['- BLEU -> you evaluate translation.', '', 'Plain words here.', '', '```', 'BLEU inside a fence', '```', '', '    BLEU indented', '', 'Call `BLEU` in code.', ''].join('\n'),
    });
    try {
      assert.equal((await termHovers(document.uri, positionOf(document, 1, 'BLEU'))).length, 1, 'control: the term itself');
      for (const [line, word] of [[3, 'words'], [6, 'BLEU'], [9, 'BLEU'], [11, 'BLEU']] as const) {
        assert.deepEqual(await termHovers(document.uri, positionOf(document, line, word)), [], `line ${line}`);
        assert.deepEqual(await definitions(document.uri, positionOf(document, line, word)), [], `line ${line}`);
      }
    } finally {
      await closeWithoutSaving(document);
    }
  });

  it('lists the other notes that define a term, and follows a note being deleted', async () => {
    const other = vscode.Uri.joinPath(workspaceFolder().uri, 'term-hovers-second-note.md');
    await vscode.workspace.fs.writeFile(other, new TextEncoder().encode('# Metrics\n\n- BLEU -> bilingual evaluation understudy.\n'));
    try {
      // Opening the note indexes it at once; the file watcher path is the notes index's to test.
      await vscode.workspace.openTextDocument(other);
      const position = positionOf(sample, 363, 'BLEU');
      const text = await eventually('the second note in the BLEU hover', () => hoverText(sample.uri, position), (t) => t.includes('Also defined in'));
      // The hovered note's own definition comes first; the other is a link to its line.
      assert.match(text, /you evaluate translation/);
      assert.match(text, /Also defined in \[term\\-hovers\\-second\\-note\\.md, line 3\]\(command:noteReview\.revealTermDefinition\?\S+ "Open term-hovers-second-note\.md at line 3"\)/);
      const found = await definitions(sample.uri, position);
      assert.deepEqual(
        found.map((l) => [l.uri.path.split('/').pop(), l.range.start.line]).sort(),
        [[SAMPLE, 362], ['term-hovers-second-note.md', 2]],
      );
    } finally {
      await vscode.workspace.fs.delete(other);
    }
    await eventually('the deleted note to leave the hover', () => hoverText(sample.uri, positionOf(sample, 363, 'BLEU')), (t) => !t.includes('Also defined in') && t.includes('you evaluate translation'));
  });

  it('shows a term defined in a glossary table over the word in another note, and goes to its row', async () => {
    const glossary = vscode.Uri.joinPath(workspaceFolder().uri, 'term-hovers-glossary-table.md');
    const reader = vscode.Uri.joinPath(workspaceFolder().uri, 'term-hovers-table-reader.md');
    await vscode.workspace.fs.writeFile(glossary, new TextEncoder().encode('# Words\n\n| Term | Definition |\n| --- | --- |\n| Jitter | How much the latency varies |\n'));
    await vscode.workspace.fs.writeFile(reader, new TextEncoder().encode('# Calls\n\nThe call dropped because of jitter on the line.\n'));
    try {
      await vscode.workspace.openTextDocument(glossary);
      const document = await vscode.workspace.openTextDocument(reader);
      const position = positionOf(document, 3, 'jitter');
      const text = await eventually('the glossary table in the jitter hover', () => hoverText(reader, position), (t) => t.includes('How much the latency varies'));
      assert.match(text, /\*\*Jitter\*\*/);
      const found = await definitions(reader, position);
      assert.deepEqual(found.map((l) => [l.uri.path.split('/').pop(), l.range.start.line]), [['term-hovers-glossary-table.md', 4]]);
    } finally {
      await vscode.workspace.fs.delete(glossary);
      await vscode.workspace.fs.delete(reader);
    }
  });

  describe('in other languages', () => {
    afterEach(async () => {
      await vscode.workspace.getConfiguration('noteReview').update('hovers.languages', undefined, vscode.ConfigurationTarget.Global);
    });

    it('stays out of plaintext until noteReview.hovers.languages includes it', async () => {
      const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'The BLEU score of a translation.\n' });
      try {
        const position = positionOf(document, 1, 'BLEU');
        assert.deepEqual(await termHovers(document.uri, position), []);
        await vscode.workspace.getConfiguration('noteReview').update('hovers.languages', ['markdown', 'plaintext'], vscode.ConfigurationTarget.Global);
        const text = await eventually('a hover in plaintext', () => hoverText(document.uri, position), (t) => t.includes('you evaluate translation'));
        assert.match(text, /\[aws\\-ai\\-practitioner\\-notes\\.md, line 363\]/);
      } finally {
        await closeWithoutSaving(document);
      }
    });

    it('matches only inside comments in code', async () => {
      await vscode.workspace.getConfiguration('noteReview').update('hovers.languages', ['markdown', 'typescript'], vscode.ConfigurationTarget.Global);
      const document = await vscode.workspace.openTextDocument({
        language: 'typescript',
        content: ['const bleu = "BLEU // in a string";', '// The BLEU of this output.', '/*', ' * BLEU in a block comment', ' */', 'score(bleu); /* BLEU */ BLEU;', ''].join('\n'),
      });
      try {
        const hoverAt = (line: number, word: string, nth = 0) => {
          const text = document.lineAt(line - 1).text;
          let column = -1;
          for (let i = 0; i <= nth; i++) column = text.indexOf(word, column + 1);
          return termHovers(document.uri, new vscode.Position(line - 1, column + 1));
        };
        await eventually('a hover in a TypeScript comment', () => hoverAt(2, 'BLEU'), (h) => h.length === 1);
        assert.equal((await hoverAt(4, 'BLEU')).length, 1, 'inside a block comment');
        assert.equal((await hoverAt(6, 'BLEU', 0)).length, 1, 'inside an inline block comment');
        assert.deepEqual(await hoverAt(1, 'bleu'), [], 'an identifier');
        assert.deepEqual(await hoverAt(1, 'BLEU'), [], 'a string');
        assert.deepEqual(await hoverAt(6, 'BLEU', 1), [], 'code after a closed block comment');
      } finally {
        await closeWithoutSaving(document);
      }
    });
  });

  it('answers hovers on a 1 MB note in under 5 ms at the median once it is parsed', async function () {
    this.timeout(180_000);
    const sampleText = sample.getText();
    const copies: string[] = [];
    for (let i = 0, size = 0; size < 1024 * 1024; i++, size += sampleText.length) copies.push(`# Copy ${i}\n\n${sampleText}`);
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: copies.join('\n\n') });
    const log = vscode.window.createOutputChannel('Note Review hover latency test', { log: true });
    const index = new NotesIndex(log);
    const glossary = new WorkspaceGlossary(index);
    try {
      // Positions over terms (in every copy) and over ordinary words, through the whole note.
      const termProbes: vscode.Position[] = [];
      const wordProbes: vscode.Position[] = [];
      document.getText().split('\n').forEach((text, line) => {
        for (const word of ['BLEU', 'foundation models', 'LLM', 'pre-training', 'Perplexity', 'translation']) {
          const column = text.indexOf(word);
          if (column >= 0) (word === 'translation' ? wordProbes : termProbes).push(new vscode.Position(line, column + 1));
        }
      });
      assert.ok(document.getText().length >= 1024 * 1024 && termProbes.length > 300 && wordProbes.length > 100);
      // The first hover parses the note; the measurements are of the answers after that.
      await eventually('the big note to be parsed', () => termHovers(document.uri, termProbes[0]), (h) => h.length === 1, 60_000);
      const pick = (probes: vscode.Position[], i: number) => probes[(i * 7919) % probes.length];

      // 1. Through VS Code, as an editor asks: executeHoverProvider round trips to the
      //    workbench and waits for every hover provider of markdown, not only ours. Over
      //    ordinary words the same call measures that overhead alone.
      const viaVsCode: number[] = [];
      const overhead: number[] = [];
      const wrong: string[] = [];
      for (let i = 0; i < 300; i++) {
        for (const [probes, isTerm, times] of [[termProbes, true, viaVsCode], [wordProbes, false, overhead]] as const) {
          const position = pick(probes, i);
          const started = performance.now();
          const hovers = await termHovers(document.uri, position);
          times.push(performance.now() - started);
          if ((hovers.length === 1) !== isTerm) wrong.push(`${position.line + 1}:${position.character}`);
        }
      }
      assert.deepEqual(wrong, [], 'probes whose hover was wrong (missing over a term, or present over another word)');

      // 2. The provider itself, in this extension host: what our code adds to a hover.
      const provider = new TermHoverProvider(glossary);
      assert.ok(provider.provideHover(document, termProbes[0]), 'the test provider answers');
      const own: number[] = [];
      let unanswered = 0;
      for (let i = 0; i < 1000; i++) {
        const started = performance.now();
        const hover = provider.provideHover(document, pick(termProbes, i));
        own.push(performance.now() - started);
        if (!hover) unanswered++;
      }
      assert.equal(unanswered, 0);

      const ownMs = median(own);
      const viaVsCodeMs = median(viaVsCode);
      const overheadMs = median(overhead);
      console.log(
        `      hover on a ${(document.getText().length / 1024 / 1024).toFixed(2)} MB note, median: provider ${ownMs.toFixed(3)} ms (1000 calls); ` +
          `executeHoverProvider ${viaVsCodeMs.toFixed(2)} ms over terms, ${overheadMs.toFixed(2)} ms over other words (300 calls each)`,
      );
      assert.ok(ownMs < 5, `the provider answers in ${ownMs.toFixed(3)} ms at the median`);
      assert.ok(viaVsCodeMs - overheadMs < 5, `a term hover costs ${(viaVsCodeMs - overheadMs).toFixed(2)} ms more than VS Code's own round trip`);
    } finally {
      glossary.dispose();
      index.dispose();
      log.dispose();
      await closeWithoutSaving(document);
    }
  });
});

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Closes an untitled document's editor without the "save changes?" prompt. */
async function closeWithoutSaving(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}
