import * as vscode from 'vscode';
import type { DefinedTerm, WorkspaceGlossary } from './workspace-glossary';

/** The command behind the hover's links to definitions: arguments `[noteUri, line, term]`. */
export const REVEAL_TERM_DEFINITION_COMMAND = 'noteReview.revealTermDefinition';

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
 * The hover text. The definition is the user's markdown, so no HTML is rendered and the
 * only command a link may run is `noteReview.revealTermDefinition`, which opens an indexed
 * note at a line and nothing else. The links to definitions use that command rather than
 * file links with a `#L<line>` fragment: in a remote window the extension host's file URIs
 * are not the workbench's, and a file link there opens nothing.
 */
export function termHoverMarkdown(definitions: readonly DefinedTerm[], hoveredUri: vscode.Uri): vscode.MarkdownString {
  const [shown, ...others] = definitions;
  const markdown = new vscode.MarkdownString(undefined, false);
  markdown.isTrusted = { enabledCommands: [REVEAL_TERM_DEFINITION_COMMAND] };
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
  const args = encodeURIComponent(JSON.stringify([definition.uri.toString(), definition.line, definition.term]));
  const tooltip = `Open ${definition.noteLabel} at line ${definition.line}`.replace(/["\\]/g, '\\$&');
  return `[${note}, line ${definition.line}](command:${REVEAL_TERM_DEFINITION_COMMAND}?${args} "${tooltip}")`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}
