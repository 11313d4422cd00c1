// Every setting the extension reads, read here: Note Review's own through one typed getter
// whose defaults come from package.json (settings-schema.ts), the few of VS Code's it
// follows through named getters, and their changes through one event. Lint keeps
// `getConfiguration` and `onDidChangeConfiguration` out of every other file.
import * as vscode from 'vscode';
import { checkReadingValue, READING_KEYS, type ReadingSettings } from '../../core';
import { SETTING_IDS, SETTINGS, settingValue, type ResourceSettingId, type SettingShape, type SettingId, type SettingSection, type SettingValues } from './settings-schema';

export type { SettingId, SettingSection, SettingValues } from './settings-schema';

/**
 * A Note Review setting's value. Settings whose manifest scope is `resource` take the note
 * (or its folder) as `scope`, so that a folder's own value wins in a multi-root workspace;
 * the compiler asks for it (`undefined` reads the workspace's value), and refuses a scope
 * for the others. Unset, or set to a value of the wrong type, it reads as the manifest's default.
 *
 * ```ts
 * const hidden = readSetting('noteReview.answers.hiddenByDefault', document.uri);
 * ```
 */
export function readSetting<Id extends SettingId>(id: Id, ...[scope]: ScopeOf<Id>): SettingValues[Id] {
  return settingValue(id, configurationOf(scope).get<unknown>(id));
}

/** While `cacheConfigurations` is on: the configuration of each workspace folder (by URI), and the workspace's (''). */
const configurations = new Map<string, vscode.WorkspaceConfiguration>();
let cachingConfigurations = false;

/**
 * The configuration that applies to `scope`. A file's settings are its workspace folder's
 * (user, workspace and folder values merged; a URI alone brings no language's), so one
 * `getConfiguration` per folder serves every note in it: a call costs about 0.1 ms, and
 * views and diagnostics read several settings per note.
 */
function configurationOf(scope: vscode.ConfigurationScope | undefined): vscode.WorkspaceConfiguration {
  if (!cachingConfigurations || (scope !== undefined && !(scope instanceof vscode.Uri))) return vscode.workspace.getConfiguration(undefined, scope);
  const folder = scope && vscode.workspace.getWorkspaceFolder(scope);
  // A file outside every folder is rare (a loose note): read as asked.
  if (scope && !folder) return vscode.workspace.getConfiguration(undefined, scope);
  const key = folder ? folder.uri.toString() : '';
  let configuration = configurations.get(key);
  if (!configuration) {
    configuration = vscode.workspace.getConfiguration(undefined, folder?.uri);
    configurations.set(key, configuration);
  }
  return configuration;
}

/**
 * Reads each folder's configuration once until the settings or the workspace folders
 * change (what `readSetting` reads is a snapshot of them). Call it first in `activate`, so
 * that the cache is emptied before any other listener of those changes reads a setting;
 * disposing it turns the cache off.
 */
export function cacheConfigurations(): vscode.Disposable {
  cachingConfigurations = true;
  configurations.clear();
  const forget = (): void => configurations.clear();
  const subscriptions = [vscode.workspace.onDidChangeConfiguration(forget), vscode.workspace.onDidChangeWorkspaceFolders(forget)];
  return {
    dispose: () => {
      cachingConfigurations = false;
      configurations.clear();
      for (const subscription of subscriptions) subscription.dispose();
    },
  };
}

type ScopeOf<Id extends SettingId> = Id extends ResourceSettingId ? [scope: vscode.ConfigurationScope | undefined] : [];

/**
 * How notes under `scope` are read: every reading setting of its folder
 * (`noteReview.flashcards.*`, `noteReview.reading.*`), as the core takes them. A value the
 * core refuses (a cloze pattern without `answer`, an unknown reader) reads as the default;
 * `readingSettingProblems` says which, and why.
 */
export function readingSettings(scope: vscode.ConfigurationScope | undefined): Partial<ReadingSettings> {
  const reading: Record<string, unknown> = {};
  for (const { key, group } of READING_KEYS) {
    const id = `noteReview.${group}.${key}` as ResourceSettingId;
    const checked = checkReadingValue(key, readSetting(id, scope));
    if (checked.ok) reading[key] = checked.value;
  }
  return reading as Partial<ReadingSettings>;
}

/** A reading setting whose value under some scope the core refuses, and why. */
export interface ReadingSettingProblem {
  readonly id: ResourceSettingId;
  readonly message: string;
}

/** The reading settings under `scope` that are set to a value the core refuses (notes there are read with the default). */
export function readingSettingProblems(scope: vscode.ConfigurationScope | undefined): ReadingSettingProblem[] {
  const configuration = vscode.workspace.getConfiguration(undefined, scope);
  const problems: ReadingSettingProblem[] = [];
  for (const { key, group } of READING_KEYS) {
    const id = `noteReview.${group}.${key}` as ResourceSettingId;
    // The raw value, not readSetting's, so that a value of the wrong type is reported too.
    const raw = configuration.get<unknown>(id);
    if (settingValue(id, raw) !== raw) {
      problems.push({ id, message: `${key} must be ${SHAPE_WORDS[SETTINGS[id].shape]}, not ${JSON.stringify(raw)}` });
      continue;
    }
    const checked = checkReadingValue(key, raw);
    if (!checked.ok) problems.push({ id, message: checked.message });
  }
  return problems;
}

const SHAPE_WORDS: Readonly<Record<SettingShape, string>> = { boolean: 'true or false', string: 'text', number: 'a number', 'string[]': 'a list of text' };

/** VS Code's `files.exclude` for `scope`: glob → on, off, or a `when` condition. */
export function filesExclude(scope: vscode.ConfigurationScope): Readonly<Record<string, unknown>> {
  const value = vscode.workspace.getConfiguration('files', scope).get<unknown>('exclude');
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** VS Code's `editor.wordWrap` for a document (language-specific values included). */
export function editorWordWrap(document: vscode.TextDocument): string {
  return vscode.workspace.getConfiguration('editor', document).get<string>('wordWrap', 'off');
}

/** VS Code's `workbench.welcomePage.walkthroughs.openOnInstall`. */
export function walkthroughsOpenOnInstall(): boolean {
  return vscode.workspace.getConfiguration('workbench.welcomePage.walkthroughs').get<boolean>('openOnInstall', true);
}

/** The settings of VS Code's own that the extension follows. */
const VSCODE_SETTINGS = ['files.exclude', 'editor.wordWrap'] as const;

/** A setting whose changes `onDidChangeSettings` reports. */
export type WatchedSetting = SettingId | (typeof VSCODE_SETTINGS)[number];

/** One change of the settings, as `onDidChangeSettings` reports it. */
export interface SettingsChange {
  /** The settings whose value changed for some scope, in the manifest's order. */
  readonly ids: readonly WatchedSetting[];
  /** Whether a setting, or any of a group (`noteReview.diagnostics`), changed for `scope` (for every scope when omitted). */
  affects(section: SettingSection | (typeof VSCODE_SETTINGS)[number], scope?: vscode.ConfigurationScope): boolean;
}

const WATCHED: readonly WatchedSetting[] = [...SETTING_IDS, ...VSCODE_SETTINGS];

/**
 * Fires once per change of the settings that touches any setting the extension reads,
 * naming every such setting that changed; other changes (another extension's settings,
 * unrelated VS Code settings) fire nothing.
 */
export const onDidChangeSettings: vscode.Event<SettingsChange> = (listener, thisArgs, disposables) => {
  const subscription = vscode.workspace.onDidChangeConfiguration((event) => {
    const ids = WATCHED.filter((id) => event.affectsConfiguration(id));
    if (ids.length === 0) return;
    listener.call(thisArgs, { ids, affects: (section, scope) => event.affectsConfiguration(section, scope) });
  });
  disposables?.push(subscription);
  return subscription;
};
