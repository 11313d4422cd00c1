/** The pure core of Note Review: no `vscode`, no Node built-ins. */
export * from './model/model';
export { parseNote } from './parse/parse-note';
export { explainNote, findNearMisses, NEAR_MISS_CODE } from './parse/explain-note';
export type { ExplainedCard, NearMiss, NearMissShape, NoteExplanation } from './parse/explain-note';
export { explanationMarkdown } from './parse/explanation-markdown';
export { noteToJson, formatBreadcrumb } from './model/note-json';
export type { NoteJson } from './model/note-json';
