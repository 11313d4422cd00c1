import * as vscode from 'vscode';
import type { DefinedTerm, WorkspaceGlossary } from './workspace-glossary';

/** How many other definitions a hover lists before "and N more". */
const MAX_OTHER_DEFINITIONS = 5;

/**
 * Hovers over terms defined in the workspace's notes: the definition rendered as markdown,
 * a link to the line that defines it, and links to the other notes that define it too.
 * The hover shows on the defining occurrence as well: there it is the rendered definition
 * and the list of other notes, which the source line alone does not show.
 */
export class TermHoverProvider implements vscode.HoverProvider {
  constructor(private readonly glossary: WorkspaceGlossary) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const found = this.glossary.termAt(document, position);
    if (!found) return undefined;
    return new vscode.Hover(termHoverMarkdown(found.definitions, document.uri), found.range);
  }
}

/**
 * The hover text. The definition is the user's markdown, so the string is untrusted (no
 * command links run, no HTML); the links are plain resource links with a `#L<line>`
 * fragment, which VS Code opens at that line.
 */
export function termHoverMarkdown(definitions: readonly DefinedTerm[], hoveredUri: vscode.Uri): vscode.MarkdownString {
  const [shown, ...others] = definitions;
  const markdown = new vscode.MarkdownString(undefined, false);
  markdown.isTrusted = false;
  markdown.supportHtml = false;
  // Relative links and images in the definition resolve against the note that holds it.
  markdown.baseUri = shown.uri;
  markdown.appendMarkdown(`**${escapeMarkdown(shown.term)}** — ${placeLink(shown, hoveredUri)}\n\n`);
  markdown.appendMarkdown(`${shown.definition}\n\n`);
  if (others.length > 0) {
    const listed = others.slice(0, MAX_OTHER_DEFINITIONS).map((d) => placeLink(d, hoveredUri));
    const more = others.length > MAX_OTHER_DEFINITIONS ? ` and ${others.length - MAX_OTHER_DEFINITIONS} more` : '';
    markdown.appendMarkdown(`---\n\nAlso defined in ${listed.join(', ')}${more}`);
  }
  return markdown;
}

/** "notes.md, line 12" (or "this note, line 12") as a link to that line. */
function placeLink(definition: DefinedTerm, hoveredUri: vscode.Uri): string {
  const note = definition.uri.toString() === hoveredUri.toString() ? 'this note' : escapeMarkdown(definition.noteLabel);
  const label = `${note}, line ${definition.line}`;
  // Untitled notes have no address an untrusted link may open.
  if (definition.uri.scheme === 'untitled') return label;
  return `[${label}](<${definition.uri.with({ fragment: `L${definition.line}` }).toString()}>)`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}
