/** The pure core of Note Review: no `vscode`, no Node built-ins. */
export * from './model/model';
export { parseNote } from './parse/parse-note';
export { noteToJson, formatBreadcrumb } from './model/note-json';
export type { NoteJson } from './model/note-json';
