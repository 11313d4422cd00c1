// Problems in notes as diagnostics, with quick fixes.
export { noteDiagnostics } from './diagnostics-feature';
