import * as vscode from 'vscode';
import { webviewPageHtml } from '../quiz';

/** What the Statistics webview may load: the extension's media and bundles, nothing else (it shows no note content). */
export function statisticsWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')],
  };
}

/**
 * The Statistics page, with the quiz page's Content-Security-Policy; its script draws
 * everything from the host's messages.
 */
export function statisticsPageHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewPageHtml(webview, extensionUri, {
    title: 'Statistics',
    stylesheet: 'statistics.css',
    script: 'statistics.js',
    body: `<div id="app" class="app" aria-busy="true">
  <header class="stats-header">
    <h1 id="title" class="title">Statistics</h1>
    <span id="status" class="status" role="status"></span>
    <button type="button" id="refresh" class="secondary" aria-keyshortcuts="R" title="Compute again from the review log (R)"><span class="codicon codicon-refresh" aria-hidden="true"></span> Refresh</button>
  </header>
  <div id="error" class="error" role="alert" hidden></div>
  <main id="main" class="main" tabindex="-1" aria-labelledby="title"></main>
</div>`,
  });
}
