import * as vscode from 'vscode';
import { Glossary, type ColumnRange, type GlossaryEntry } from '../../../core/editor/glossary';
import { isNoteDocument, type NotesIndex } from '../../adapters/notes-index';
import { commentRanges, commentSyntaxOf, complementOf } from './comment-ranges';

/** One definition of a term, with the note it is in. */
export interface DefinedTerm extends GlossaryEntry {
  readonly uri: vscode.Uri;
  /** The note's path in the workspace, for showing to the user. */
  readonly noteLabel: string;
}

/** A term occurrence in a document, and every definition of it. */
export interface TermAtPosition {
  readonly range: vscode.Range;
  /** Never empty; definitions in the document itself come first, then by note and line. */
  readonly definitions: readonly DefinedTerm[];
}

/**
 * The terms of every note in the workspace, kept up to date with the notes index: each
 * change of the index replaces only the changed notes' terms, so hovers never rebuild it.
 */
export class WorkspaceGlossary implements vscode.Disposable {
  private readonly glossary = new Glossary();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly notes: NotesIndex) {
    this.subscription = notes.onDidChange((uris) => this.update(uris));
    this.update(notes.all().map((n) => n.uri));
  }

  /** The term at `position`, outside code (see `ignoredColumns`), or undefined. */
  termAt(document: vscode.TextDocument, position: vscode.Position): TermAtPosition | undefined {
    const ignore = this.ignoredColumns(document, position.line);
    if (ignore === 'whole line') return undefined;
    const match = this.glossary.lookupAt(document.lineAt(position.line).text, position.character, ignore);
    if (!match) return undefined;
    const self = document.uri.toString();
    const definitions = match.entries
      .map((entry) => this.resolve(entry))
      .filter((d): d is DefinedTerm => d !== undefined)
      // Stable sort: the document's own definitions first, the glossary's order otherwise.
      .sort((a, b) => Number(b.noteKey === self) - Number(a.noteKey === self));
    if (definitions.length === 0) return undefined;
    return { range: new vscode.Range(position.line, match.start, position.line, match.end), definitions };
  }

  /**
   * Where each definition's term is written on its line (the line's start when the note
   * cannot be read). Each note is read once, from its open document if there is one.
   */
  async locationsOf(definitions: readonly DefinedTerm[]): Promise<vscode.Location[]> {
    const linesByNote = new Map<string, Promise<readonly string[] | undefined>>();
    return Promise.all(
      definitions.map(async (definition) => {
        const key = definition.uri.toString();
        let lines = linesByNote.get(key);
        if (!lines) linesByNote.set(key, (lines = linesOf(definition.uri)));
        const line = definition.line - 1;
        const text = (await lines)?.[line];
        const found = text === undefined ? undefined : this.glossary.findInLine(text, definition.term);
        return new vscode.Location(definition.uri, found ? new vscode.Range(line, found.start, line, found.end) : new vscode.Position(line, 0));
      }),
    );
  }

  /** Where `term` is written on `lineText` (matched as hovers match), or undefined. */
  findInLine(lineText: string, term: string): ColumnRange | undefined {
    return this.glossary.findInLine(lineText, term);
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private update(uris: readonly vscode.Uri[]): void {
    for (const uri of uris) {
      const indexed = this.notes.get(uri);
      if (indexed) this.glossary.setNote(uri.toString(), indexed.note.terms);
      else this.glossary.deleteNote(uri.toString());
    }
    // A rescan of the index forgets notes without an event for each; drop those here.
    for (const key of this.glossary.noteKeys()) if (!this.notes.get(vscode.Uri.parse(key))) this.glossary.deleteNote(key);
  }

  private resolve(entry: GlossaryEntry): DefinedTerm | undefined {
    const indexed = this.notes.get(vscode.Uri.parse(entry.noteKey));
    return indexed ? { ...entry, uri: indexed.uri, noteLabel: indexed.key } : undefined;
  }

  /**
   * The columns of a line where terms are not looked for: markdown code (blocks from the
   * parse, spans by the glossary itself), and in code files everything outside comments.
   * Plaintext and languages without a known comment syntax are searched whole.
   */
  private ignoredColumns(document: vscode.TextDocument, line: number): ColumnRange[] | 'whole line' {
    if (document.languageId === 'markdown') {
      if (!isNoteDocument(document)) return [];
      // noteFor returns the cached parse of this version (and brings the glossary up to date with it).
      const { codeBlocks } = this.notes.noteFor(document);
      const lineNumber = line + 1;
      return codeBlocks.some((b) => b.line <= lineNumber && lineNumber <= b.endLine) ? 'whole line' : [];
    }
    const syntax = commentSyntaxOf(document.languageId);
    if (!syntax) return [];
    const comments = commentRanges((i) => document.lineAt(i).text, line, syntax);
    if (comments.length === 0) return 'whole line';
    return complementOf(comments, document.lineAt(line).text.length);
  }

}

/** The lines of a note: its open document's, else the file's; undefined when it cannot be read. */
async function linesOf(uri: vscode.Uri): Promise<readonly string[] | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText().split(/\r?\n/);
  try {
    return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri)).split(/\r?\n/);
  } catch {
    // The note vanished since it was indexed: the line start is the best target left.
    return undefined;
  }
}
