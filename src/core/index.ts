/** The pure core of Note Review: no `vscode`, no Node built-ins. */
export * from './model';
export { parseNote } from './parse-note';
export { noteToJson, formatBreadcrumb } from './note-json';
export type { NoteJson } from './note-json';
