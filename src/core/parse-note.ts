import type { Note, ParseOptions } from './model';

/** Parses one markdown note into sections, cards, terms and problems. (Work in progress.) */
export function parseNote(text: string, _options: ParseOptions = {}): Note {
  return { sections: [], cards: [], terms: [], problems: [], lineCount: text.split('\n').length };
}
