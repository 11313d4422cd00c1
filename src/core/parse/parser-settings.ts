// The settings that change how notes are read, in one table: their keys, types, defaults
// and validation. The same keys are set per workspace folder (`noteReview.flashcards.*`
// and `noteReview.reading.*` in VS Code), per note in its front matter
// (`note-review: { headingsAreCards: true, separator: ";;" }`, see note-settings.ts) and
// per run of the CLI (`--set separator=';;'`), and every one of them checks values here.
import { compileClozePattern } from './cloze-patterns';

/** How notes are read: what makes a card, and which readers may make one. */
export interface ReadingSettings {
  /** `front::back`; empty turns single-line cards off. */
  readonly separator: string;
  /** `front:::back` makes a card and its reverse; empty turns them off. */
  readonly reversedSeparator: string;
  /** A line holding only this splits a multi-line card; empty turns them off. */
  readonly multilineSeparator: string;
  /** The same, making a card and its reverse; empty turns them off. */
  readonly multilineReversedSeparator: string;
  /** A line holding only this ends a multi-line card or cloze (blank lines inside then belong to it); empty: a blank line ends it. */
  readonly multilineEndMarker: string;
  /** Cloze patterns in Obsidian Spaced Repetition's syntax (see cloze-patterns.ts); empty: no such cloze. */
  readonly clozePatterns: readonly string[];
  /** Tags that make a line, heading or bullet a card's front (`#card`), without `#`. */
  readonly cardTags: readonly string[];
  /** When not empty, only notes carrying one of these tags (`#flashcards`, or in the front matter's `tags`) are read for cards. */
  readonly requiredTags: readonly string[];
  /** Every heading with a body and no sub-heading is a card (vocabulary notes). */
  readonly headingsAreCards: boolean;
  /** Readers (note formats) turned off, by the name `explain` shows. */
  readonly readersOff: readonly string[];
  /** Extra labels of the line that gives an answer (`Respuesta: B`), besides Answer, Ans, Correct answer and Solution. */
  readonly answerWords: readonly string[];
}

/** The defaults: Obsidian Spaced Repetition's separators, highlight clozes, every reader on. */
export const DEFAULT_READING_SETTINGS: ReadingSettings = {
  separator: '::',
  reversedSeparator: ':::',
  multilineSeparator: '?',
  multilineReversedSeparator: '??',
  multilineEndMarker: '',
  clozePatterns: ['==[123;;]answer[;;hint]=='],
  cardTags: ['card', 'flashcard', 'fc'],
  requiredTags: [],
  headingsAreCards: false,
  readersOff: [],
  answerWords: [],
};

/** A reading setting's key, as written in front matter and after `--set`. */
export type ReadingKey = keyof ReadingSettings;

/**
 * Every reader name `readersOff` accepts: the block readers of readers.ts and the
 * built-in ones of parse-note.ts, as `explain` names the cards they make.
 */
export const READER_NAMES: readonly string[] = [
  'anki-exporter',
  'mdanki',
  'callout-cards',
  'heading-options',
  'question-label-heading',
  'heading-cards',
  'end-marker-cards',
  'multiple-choice',
  'details',
  'qa-pairs',
  'tagged-cards',
  'heading-question',
  'osr-inline',
  'osr-multiline',
  'cloze',
];

type Kind = 'string' | 'string[]' | 'boolean';

/** One key of the table: its type, which VS Code group it sits in, and what it is for (the CLI's help). */
export interface ReadingKeySpec {
  readonly key: ReadingKey;
  readonly kind: Kind;
  /** The VS Code setting is `noteReview.<group>.<key>`. */
  readonly group: 'flashcards' | 'reading';
  readonly summary: string;
}

/** The keys, in the order help and docs list them. */
export const READING_KEYS: readonly ReadingKeySpec[] = [
  { key: 'separator', kind: 'string', group: 'flashcards', summary: 'single-line card separator, front::back ("" turns them off)' },
  { key: 'reversedSeparator', kind: 'string', group: 'flashcards', summary: 'card and its reverse, front:::back ("" turns them off)' },
  { key: 'multilineSeparator', kind: 'string', group: 'flashcards', summary: 'line splitting a multi-line card ("" turns them off)' },
  { key: 'multilineReversedSeparator', kind: 'string', group: 'flashcards', summary: 'the same, with its reverse ("" turns them off)' },
  { key: 'multilineEndMarker', kind: 'string', group: 'flashcards', summary: 'line ending a multi-line card or cloze ("" = a blank line ends it)' },
  { key: 'clozePatterns', kind: 'string[]', group: 'flashcards', summary: 'cloze patterns, e.g. ==[123;;]answer[;;hint]==,**answer**' },
  { key: 'cardTags', kind: 'string[]', group: 'reading', summary: 'tags making a card front, e.g. card,flashcard,fc' },
  { key: 'requiredTags', kind: 'string[]', group: 'reading', summary: 'read only notes with one of these tags, e.g. flashcards' },
  { key: 'headingsAreCards', kind: 'boolean', group: 'reading', summary: 'every heading with a body is a card (true/false)' },
  { key: 'readersOff', kind: 'string[]', group: 'reading', summary: `readers turned off, e.g. qa-pairs,details` },
  { key: 'answerWords', kind: 'string[]', group: 'reading', summary: 'more labels of answer lines, e.g. Respuesta,Lösung' },
];

const SPECS: ReadonlyMap<string, ReadingKeySpec> = new Map(READING_KEYS.map((spec) => [spec.key, spec]));

/** The key a name stands for: `separator`, or the CLI's older `flashcards.separator`; undefined when unknown. */
export function readingKeyOf(name: string): ReadingKey | undefined {
  const bare = name.startsWith('flashcards.') || name.startsWith('reading.') ? name.slice(name.indexOf('.') + 1) : name;
  return SPECS.get(bare)?.key;
}

/** A value checked against its key: the value to use, or why it cannot be used. */
export type CheckedValue<K extends ReadingKey = ReadingKey> = { readonly ok: true; readonly value: ReadingSettings[K] } | { readonly ok: false; readonly message: string };

/**
 * Checks a value for a key. `value` is what settings.json or front matter gave (a string,
 * a boolean, a list), or text from the command line (`true`, `a,b`), which is read as the
 * key's type.
 *
 * ```ts
 * checkReadingValue('headingsAreCards', 'yes')  // { ok: true, value: true }
 * checkReadingValue('readersOff', 'cloze,nope') // { ok: false, message: "unknown reader 'nope' …" }
 * ```
 */
export function checkReadingValue<K extends ReadingKey>(key: K, value: unknown): CheckedValue<K> {
  const spec = SPECS.get(key);
  if (!spec) return { ok: false, message: `unknown setting '${String(key)}'` };
  const checked = checkKind(spec, value);
  if (!checked.ok) return checked as CheckedValue<K>;
  const problem = valueProblem(key, checked.value);
  return problem === undefined ? (checked as CheckedValue<K>) : { ok: false, message: problem };
}

function checkKind(spec: ReadingKeySpec, value: unknown): CheckedValue {
  switch (spec.kind) {
    case 'boolean': {
      if (typeof value === 'boolean') return { ok: true, value };
      const word = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
      if (word === 'true' || word === 'yes' || word === 'on') return { ok: true, value: true };
      if (word === 'false' || word === 'no' || word === 'off') return { ok: true, value: false };
      return { ok: false, message: `${spec.key} must be true or false, not ${describe(value)}` };
    }
    case 'string':
      if (typeof value === 'string') return { ok: true, value };
      return { ok: false, message: `${spec.key} must be text, not ${describe(value)}` };
    case 'string[]': {
      if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return { ok: true, value: (value as string[]).map((item) => item.trim()).filter((item) => item !== '') };
      // Command-line text: a JSON list when an item holds a comma (`["a,b","c"]`), else a comma-separated list (empty: the empty list).
      if (typeof value === 'string' && value.trim().startsWith('[')) {
        const items = jsonList(value);
        if (items === undefined) return { ok: false, message: `${spec.key}: ${value.trim()} is not a JSON list of text (as in ["a,b","c"])` };
        return { ok: true, value: items.map((item) => item.trim()).filter((item) => item !== '') };
      }
      if (typeof value === 'string') return { ok: true, value: value.split(',').map((item) => item.trim()).filter((item) => item !== '') };
      return { ok: false, message: `${spec.key} must be a list of text, not ${describe(value)}` };
    }
  }
}

/** What is wrong with a value of the right type, if anything. */
function valueProblem(key: ReadingKey, value: ReadingSettings[ReadingKey]): string | undefined {
  switch (key) {
    case 'separator':
    case 'reversedSeparator':
    case 'multilineSeparator':
    case 'multilineReversedSeparator':
    case 'multilineEndMarker': {
      const text = value as string;
      if (text.includes('\n')) return `${key} must be on one line`;
      return undefined;
    }
    case 'readersOff': {
      const unknown = (value as readonly string[]).find((name) => !READER_NAMES.includes(name));
      return unknown === undefined ? undefined : `unknown reader '${unknown}' in readersOff (readers: ${READER_NAMES.join(', ')})`;
    }
    case 'answerWords': {
      const bad = (value as readonly string[]).find((word) => !/^[\p{L}\p{N}][\p{L}\p{N} .'-]*$/u.test(word));
      return bad === undefined ? undefined : `answerWords: '${bad}' is not a word (letters, digits, blanks, . ' -)`;
    }
    case 'cardTags':
    case 'requiredTags': {
      const bad = (value as readonly string[]).find((tag) => /\s/.test(tag.replace(/^#/, '')) || tag.replace(/^#/, '') === '');
      return bad === undefined ? undefined : `${key}: '${bad}' is not a tag (a tag has no blanks)`;
    }
    case 'clozePatterns':
      for (const pattern of value as readonly string[]) {
        const compiled = compileClozePattern(pattern);
        if (typeof compiled === 'string') return compiled;
      }
      return undefined;
    case 'headingsAreCards':
      return undefined;
  }
}

/** The strings of a JSON list, or undefined when the text is not one. */
function jsonList(text: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? (parsed as string[]) : undefined;
  } catch {
    return undefined;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  return JSON.stringify(value);
}

/** `settings` with `overrides` on top: later wins, key by key. */
export function withOverrides(settings: ReadingSettings, ...overrides: readonly Partial<ReadingSettings>[]): ReadingSettings {
  let result = settings;
  for (const override of overrides) {
    const defined = Object.fromEntries(Object.entries(override).filter(([, value]) => value !== undefined)) as Partial<ReadingSettings>;
    if (Object.keys(defined).length > 0) result = { ...result, ...defined };
  }
  return result;
}
