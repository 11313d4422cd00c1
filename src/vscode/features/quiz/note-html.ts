import MarkdownIt from 'markdown-it';
import * as vscode from 'vscode';

type Token = MarkdownIt.Token;

/** Schemes a link in a note may keep; any other link (relative, `command:`, `file:`) is shown as text. */
const LINK_SCHEMES = /^(https?|mailto):/i;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** markdown-it's env, carrying image `src` as written → the webview URI to load (undefined: show the alt text). */
type RenderEnv = MarkdownIt.StateCore['env'] & { images: Map<string, string | undefined> };

function attr(token: Token, name: string): string {
  const value = token.attrGet(name);
  return value === null ? '' : String(value);
}

/**
 * Renders note markdown to HTML for the quiz webview: markdown-it with `html: false` (raw
 * HTML in a note shows as text), links other than http(s)/mailto turned into text, and
 * images resolved relative to the note and loaded through `asWebviewUri` only when they
 * exist inside `localResourceRoots`; any other image (missing, remote, outside the
 * workspace) shows its alt text, so nothing in a note makes the page fetch anything else.
 */
export class NoteHtmlRenderer {
  private readonly md = new MarkdownIt('default', { html: false, linkify: false, typographer: false });

  constructor(
    private readonly webview: () => vscode.Webview,
    private readonly roots: () => readonly vscode.Uri[],
  ) {
    this.md.renderer.rules.image = (tokens, idx, options, env, self) => {
      const token = tokens[idx];
      const images = (env as RenderEnv | undefined)?.images ?? new Map<string, string | undefined>();
      const alt = escapeHtml(self.renderInlineAsText(token.children ?? [], options, env));
      const src = images.get(attr(token, 'src'));
      if (!src) return `<span class="missing-image" title="Image not shown">${alt === '' ? 'image' : alt}</span>`;
      return `<img src="${escapeHtml(src)}" alt="${alt}">`;
    };
  }

  /** The HTML of `markdown` written in the note at `noteUri`. */
  async render(markdown: string, noteUri: vscode.Uri): Promise<string> {
    const env: RenderEnv = { images: new Map() };
    const tokens = this.md.parse(markdown, env);
    const pending: Promise<void>[] = [];
    walk(tokens, (token) => {
      if (token.type === 'image') {
        const src = attr(token, 'src');
        if (!env.images.has(src)) {
          env.images.set(src, undefined);
          pending.push(this.resolveImage(src, noteUri).then((uri) => void env.images.set(src, uri)));
        }
      } else if (token.type === 'link_open') {
        const href = attr(token, 'href');
        if (!LINK_SCHEMES.test(href)) {
          // An <a> without href is plain text: not focusable, goes nowhere.
          token.attrs = [['title', href]];
        }
      }
    });
    await Promise.all(pending);
    return this.md.renderer.render(tokens, this.md.options, env);
  }

  private async resolveImage(src: string, noteUri: vscode.Uri): Promise<string | undefined> {
    if (src === '' || HAS_SCHEME.test(src) || src.startsWith('//')) return undefined;
    let path: string;
    try {
      path = decodeURIComponent(src.replace(/[?#].*$/, ''));
    } catch {
      return undefined;
    }
    const base = path.startsWith('/') ? vscode.workspace.getWorkspaceFolder(noteUri)?.uri : vscode.Uri.joinPath(noteUri, '..');
    if (!base) return undefined;
    const target = vscode.Uri.joinPath(base, path);
    if (!this.roots().some((root) => isInside(target, root))) return undefined;
    try {
      const stat = await vscode.workspace.fs.stat(target);
      if (stat.type & vscode.FileType.Directory) return undefined;
    } catch {
      return undefined;
    }
    return this.webview().asWebviewUri(target).toString();
  }
}

function isInside(uri: vscode.Uri, root: vscode.Uri): boolean {
  if (uri.scheme !== root.scheme || uri.authority !== root.authority) return false;
  const prefix = root.path.endsWith('/') ? root.path : `${root.path}/`;
  return uri.path.startsWith(prefix);
}

function walk(tokens: readonly Token[], visit: (token: Token) => void): void {
  for (const token of tokens) {
    visit(token);
    if (token.children) walk(token.children, visit);
  }
}

/** Escapes text for HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
