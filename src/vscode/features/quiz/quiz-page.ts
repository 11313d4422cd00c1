import * as crypto from 'node:crypto';
import * as vscode from 'vscode';

/** The folders of the extension the quiz page loads from. */
export function extensionRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')];
}

/**
 * What the quiz webview may load: the extension's media and bundle, and the workspace
 * folders (images in notes). Nothing else.
 */
export function quizWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [...extensionRoots(extensionUri), ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri)],
  };
}

/** What differs between the extension's webview pages: the rest (CSP, codicons) is shared. */
export interface WebviewPage {
  readonly title: string;
  /** A stylesheet in media/. */
  readonly stylesheet: string;
  /** A bundle in dist/. */
  readonly script: string;
  /** The static body the script draws into; never note content. */
  readonly body: string;
}

/**
 * A webview page: a strict Content-Security-Policy (scripts only with this page's nonce,
 * styles, fonts and images only from the webview's own resource origin), the codicon
 * font, the shared base styles, the page's styles and its bundled script.
 */
export function webviewPageHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = crypto.randomBytes(18).toString('base64');
  const asset = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...parts)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource}`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('media', 'codicons', 'codicon.css')}">
<link rel="stylesheet" href="${asset('media', 'webview-base.css')}">
<link rel="stylesheet" href="${asset('media', page.stylesheet)}">
<title>${page.title}</title>
</head>
<body>
${page.body}
<script nonce="${nonce}" src="${asset('dist', page.script)}"></script>
</body>
</html>`;
}

/**
 * The quiz page. The content is drawn by the script from the host's `didUpdate`
 * messages; the page itself holds no note content.
 */
export function quizPageHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewPageHtml(webview, extensionUri, {
    title: 'Quiz',
    stylesheet: 'quiz.css',
    script: 'webview.js',
    body: `<div id="app" class="app" aria-busy="true">
  <header class="quiz-header">
    <nav id="breadcrumb" class="breadcrumb" aria-label="Section"></nav>
    <div class="status">
      <span id="progress" class="progress" aria-label="Progress"></span>
      <span id="score" class="score" aria-label="Score"></span>
    </div>
  </header>
  <div id="error" class="error" role="alert" hidden></div>
  <main id="main" class="main" tabindex="-1"></main>
  <div id="announcer" class="sr-only" aria-live="polite" aria-atomic="true"></div>
</div>`,
  });
}
