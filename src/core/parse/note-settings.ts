// A note's own reading settings, written in its front matter under `note-review:`:
//
//   ---
//   note-review:
//     headingsAreCards: true
//     separator: ";;"
//     clozePatterns:
//       - "==answer=="
//       - "**answer**"
//   ---
//
// or on one line, `note-review: { headingsAreCards: true, readersOff: [qa-pairs] }`. Every
// key of parser-settings.ts can be set. Only this key's lines are read (a small reader of
// YAML's scalars, flow lists and block lists, never of the markdown); the rest of the front
// matter belongs to other tools. A value that cannot be used is reported on its line and
// left out: the note is still read, with the setting it would have had.
import { checkReadingValue, readingKeyOf, type ReadingSettings } from './parser-settings';

/** What a note's front matter sets for it, and what it set wrongly. */
export interface NoteOverrides {
  readonly overrides: Partial<ReadingSettings>;
  /** Lines are 0-based within the front matter's text (the line after the opening fence is 0). */
  readonly problems: readonly { readonly line: number; readonly message: string }[];
}

const NO_OVERRIDES: NoteOverrides = { overrides: {}, problems: [] };

const KEY = 'note-review';

/** Whether front matter text has a `note-review:` key at all (cheap: the incremental parser asks it on every parse). */
export function hasNoteOverrides(frontMatter: string | undefined): boolean {
  return frontMatter !== undefined && frontMatter.includes(KEY) && keyLine(frontMatter.split('\n')) >= 0;
}

/**
 * The settings in a note's front matter text (the lines between its fences).
 *
 * ```ts
 * noteOverridesOf('note-review: { headingsAreCards: true, separator: ";;" }').overrides
 * // { headingsAreCards: true, separator: ';;' }
 * ```
 */
export function noteOverridesOf(frontMatter: string | undefined): NoteOverrides {
  if (frontMatter === undefined || !frontMatter.includes(KEY)) return NO_OVERRIDES;
  const lines = frontMatter.split('\n');
  const at = keyLine(lines);
  if (at < 0) return NO_OVERRIDES;
  const entries: { key: string; value: YamlValue; line: number }[] = [];
  const problems: { line: number; message: string }[] = [];
  const inline = withoutComment(lines[at].slice(lines[at].indexOf(':') + 1)).trim();
  if (inline.startsWith('{')) {
    if (!inline.endsWith('}')) problems.push({ line: at, message: `${KEY}: the { … } on this line is not closed` });
    else for (const part of splitFlow(inline.slice(1, -1))) {
      const entry = entryOf(part);
      if (entry) entries.push({ ...entry, line: at });
      else if (part.trim() !== '') problems.push({ line: at, message: `${KEY}: '${part.trim()}' is not key: value` });
    }
  } else if (inline === '') {
    // The block form: the indented lines below the key; a `- item` line extends the list of the key above it.
    for (let k = at + 1; k < lines.length && (lines[k].trim() === '' || /^[ \t]/.test(lines[k])); k++) {
      const text = withoutComment(lines[k]).trim();
      if (text === '') continue;
      const last = entries[entries.length - 1];
      if (text.startsWith('- ') || text === '-') {
        const item = scalarOf(text.slice(1).trim());
        if (last && last.value === '') last.value = [item];
        else if (last && Array.isArray(last.value) && last.line < k) last.value.push(item);
        else problems.push({ line: k, message: `${KEY}: a list item belongs under a key with nothing after its colon` });
        continue;
      }
      const entry = entryOf(text);
      if (!entry) {
        problems.push({ line: k, message: `${KEY}: '${text}' is not key: value` });
        continue;
      }
      entries.push({ key: entry.key, value: entry.value, line: k });
    }
  } else {
    problems.push({ line: at, message: `${KEY}: write its settings below it, indented, or as { key: value, … }` });
  }
  const overrides: Record<string, unknown> = {};
  for (const { key, value, line } of entries) {
    const name = readingKeyOf(key);
    if (name === undefined) {
      problems.push({ line, message: `${KEY}: unknown setting '${key}'` });
      continue;
    }
    const checked = checkReadingValue(name, value);
    if (checked.ok) overrides[name] = checked.value;
    else problems.push({ line, message: `${KEY}: ${checked.message}; the setting is left as it was` });
  }
  return { overrides: overrides as Partial<ReadingSettings>, problems };
}

/** A YAML value as far as this reader goes: text (quotes removed), a boolean, or a list of them. */
export type YamlValue = string | boolean | YamlValue[];

/**
 * The value of a top-level key of front matter text that `isKey` accepts (the first such
 * key): a scalar or flow list on its line, or the `- item` lines below it (indented or at
 * the margin) as a list; undefined without such a key.
 *
 * ```ts
 * frontMatterValue('title: Cells\ntags:\n- biology', (key) => key === 'tags') // ['biology']
 * ```
 */
export function frontMatterValue(frontMatter: string | undefined, isKey: (key: string) => boolean): YamlValue | undefined {
  if (frontMatter === undefined) return undefined;
  const lines = frontMatter.split('\n');
  for (let at = 0; at < lines.length; at++) {
    if (/^[ \t]/.test(lines[at])) continue;
    const entry = entryOf(withoutComment(lines[at]).trim());
    if (!entry || !isKey(entry.key)) continue;
    if (entry.value !== '') return entry.value;
    const items: YamlValue[] = [];
    for (let k = at + 1; k < lines.length; k++) {
      const text = withoutComment(lines[k]).trim();
      if (text === '') continue;
      if (!text.startsWith('- ') && text !== '-') break;
      items.push(scalarOf(text.slice(1).trim()));
    }
    return items;
  }
  return undefined;
}

/** The index of the `note-review:` line, at the margin, or -1. */
function keyLine(lines: readonly string[]): number {
  return lines.findIndex((line) => line.startsWith(KEY) && line.slice(KEY.length).trimStart().startsWith(':'));
}

/** `key: value` (quotes around the key dropped), or undefined. */
function entryOf(text: string): { key: string; value: YamlValue } | undefined {
  const colon = keyColon(text);
  if (colon <= 0) return undefined;
  const key = unquote(text.slice(0, colon).trim());
  if (key === '') return undefined;
  return { key, value: valueOf(text.slice(colon + 1).trim()) };
}

/** The colon that ends a key (a `:` outside quotes, followed by a blank or the end). */
function keyColon(text: string): number {
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ':' && (i + 1 === text.length || text[i + 1] === ' ' || text[i + 1] === '\t')) return i;
  }
  return -1;
}

function valueOf(text: string): YamlValue {
  if (text.startsWith('[') && text.endsWith(']')) return splitFlow(text.slice(1, -1)).map((item) => scalarOf(item.trim())).filter((item) => item !== '');
  return scalarOf(text);
}

/** A scalar: quoted text as written, `true`/`false` as booleans (as YAML reads them), anything else as text. */
function scalarOf(text: string): string | boolean {
  if (text.length >= 2 && (text[0] === '"' || text[0] === "'") && text[text.length - 1] === text[0]) return unquote(text);
  if (/^(?:true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  return text;
}

function unquote(text: string): string {
  if (text.length < 2 || (text[0] !== '"' && text[0] !== "'") || text[text.length - 1] !== text[0]) return text;
  const inner = text.slice(1, -1);
  return text[0] === '"' ? inner.replace(/\\(["\\])/g, '$1') : inner.replace(/''/g, "'");
}

/** Splits a flow collection's inside at its top-level commas (not inside quotes or brackets). */
function splitFlow(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts.filter((part) => part.trim() !== '');
}

/** A line without a trailing ` # comment` outside quotes. */
function withoutComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) return line.slice(0, i);
  }
  return line;
}
