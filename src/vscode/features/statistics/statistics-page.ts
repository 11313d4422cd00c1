import * as crypto from 'node:crypto';
import * as vscode from 'vscode';

/** What the Statistics webview may load: the extension's media and bundles, nothing else (it shows no note content). */
export function statisticsWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')],
  };
}

/**
 * The Statistics page: the quiz page's strict Content-Security-Policy (scripts only with
 * this page's nonce; styles, fonts and images only from the webview's resource origin),
 * the codicon font, its styles and the bundled script, which draws everything from the
 * host's messages.
 */
export function statisticsPageHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
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
<link rel="stylesheet" href="${asset('media', 'statistics.css')}">
<title>Statistics</title>
</head>
<body>
<div id="app" class="app" aria-busy="true">
  <header class="stats-header">
    <h1 id="title" class="title">Statistics</h1>
    <span id="status" class="status" role="status"></span>
    <button type="button" id="refresh" class="secondary" aria-keyshortcuts="R" title="Compute again from the review log (R)"><span class="codicon codicon-refresh" aria-hidden="true"></span> Refresh</button>
  </header>
  <div id="error" class="error" role="alert" hidden></div>
  <main id="main" class="main" tabindex="-1" aria-labelledby="title"></main>
</div>
<script nonce="${nonce}" src="${asset('dist', 'statistics.js')}"></script>
</body>
</html>`;
}
