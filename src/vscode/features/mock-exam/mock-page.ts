import type * as vscode from 'vscode';
import { webviewPageHtml } from '../quiz';

/** The mock exam page: drawn by dist/mock.js from the host's `didUpdate` messages. */
export function mockPageHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewPageHtml(webview, extensionUri, {
    title: 'Mock Exam',
    stylesheet: 'mock.css',
    script: 'mock.js',
    body: `<div id="app" class="app" aria-busy="true">
  <header class="mock-header">
    <h1 id="title" class="title"></h1>
    <div class="status">
      <span id="progress" aria-label="Progress"></span>
      <span id="clock" class="clock" role="timer" aria-label="Time left"></span>
    </div>
  </header>
  <div id="error" class="error" role="alert" hidden></div>
  <main id="main" class="main" tabindex="-1"></main>
  <nav id="navigator" class="navigator" aria-label="Questions"></nav>
  <div id="announcer" class="sr-only" aria-live="polite" aria-atomic="true"></div>
</div>`,
  });
}
