// "Note Review: Import Schedules from Note Comments": Obsidian Spaced Repetition's
// `<!--SR:…-->` schedules become `import` lines of the review log; the notes are only read.
export { scheduleImport } from './schedule-import';
export type { ScheduleImportResult } from './schedule-import';
