// Types of vscode-server.js for the TypeScript tests (test/e2e) that use it.
import type { Browser } from 'playwright-core';

export const VSCODE_VERSION: string;
export const CHROMIUM_PATH: string;
export const repoRoot: string;
export const cacheRoot: string;
export const installDir: string;
export class SetupError extends Error {}

export interface ServerInstall {
  node: string;
  serverMain: string;
  vscodeDir: string;
  version: string;
}
export function ensureServer(): Promise<ServerInstall>;

export interface StartServerOptions {
  dataDir: string;
  installExtensions?: string[];
  smokeTestDriver?: boolean;
  port?: number;
  onOutput?: (line: string) => void;
  /** Settings for every workspace the server opens (its Machine settings.json). */
  machineSettings?: Readonly<Record<string, unknown>>;
}
export interface RunningServer {
  port: number;
  url: string;
  version: string;
  stop(): Promise<void>;
}
export function startServer(options: StartServerOptions): Promise<RunningServer>;
/** Settings the tests run with, as desktop VS Code has them (autosave off). */
export const DESKTOP_LIKE_SETTINGS: Readonly<Record<string, unknown>>;
export function launchBrowser(): Promise<Browser>;
export function workbenchUrl(port: number, target: string | { folder?: string; workspace?: string }, payload?: [string, string][]): string;
export function remoteUri(port: number, fsPath: string): string;
export function isNoise(text: string): boolean;
export function isServerLineWorthShowing(line: string): boolean;
export function copyToTemp(source: string, prefix: string): { root: string; folder: string };
export function findFreePort(): Promise<number>;
