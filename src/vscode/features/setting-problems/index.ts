// Warnings for reading settings set to values the notes cannot be read with.
export { readingSettingWarnings, type SettingWarningsSnapshot } from './reading-setting-warnings';
