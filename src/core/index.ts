/** The pure core of Note Review: no `vscode`, no Node built-ins. */
export * from './model/model';
export { parseNote } from './parse/parse-note';
export { checkReadingValue, DEFAULT_READING_SETTINGS, READER_NAMES, READING_KEYS, readingKeyOf, withOverrides } from './parse/parser-settings';
export type { CheckedValue, ReadingKey, ReadingKeySpec, ReadingSettings } from './parse/parser-settings';
export { explainNote, findNearMisses, NEAR_MISS_CODE } from './parse/explain-note';
export type { ExplainedCard, NearMiss, NearMissShape, NoteExplanation } from './parse/explain-note';
export { explanationMarkdown } from './parse/explanation-markdown';
export { noteToJson, formatBreadcrumb } from './model/note-json';
export type { NoteJson } from './model/note-json';
