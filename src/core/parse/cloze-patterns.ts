// Cloze patterns as Obsidian Spaced Repetition writes them in its settings: the literal
// text around the deletion, the word `answer` where the deleted text goes, and optional
// parts in brackets holding `123` (a group id, a number or one letter: deletions sharing it make one card) or
// `hint` (shown instead of `[...]`). `\[` and `\]` are literal brackets.
//
//   ==[123;;]answer[;;hint]==        ==Paris==, ==1;;Paris==, ==Paris;;capital==
//   **[123;;]answer[;;hint]**        **Paris**
//   {{[123::]answer[::hint]}}        {{Paris}}, {{1::Paris::capital}}
//   ==answer==[^\[hint\]][\[^123\]]  ==Paris==^[capital][^1]

/** A pattern compiled to one RegExp: group 1 the id (or undefined), 2 the answer, 3 the hint. */
export interface ClozePattern {
  readonly source: string;
  readonly regex: RegExp;
  /** Text that must occur in a paragraph for the pattern to match there (its opening literal). */
  readonly opener: string;
  /** The literal right after `answer`: the search stops after its last occurrence. */
  readonly closer: string;
}

type Part = { readonly literal: string } | { readonly field: 'answer' } | { readonly optional: { readonly before: string; readonly field: 'id' | 'hint'; readonly after: string } };

/**
 * Compiles a pattern, or says why it is not one.
 *
 * ```ts
 * compileClozePattern('**answer**')   // matches `**Paris**`
 * compileClozePattern('==text==')     // 'a cloze pattern needs the word "answer"…'
 * ```
 */
export function compileClozePattern(source: string): ClozePattern | string {
  const parts = partsOf(source);
  if (typeof parts === 'string') return parts;
  const answers = parts.filter((p) => 'field' in p && p.field === 'answer').length;
  if (answers !== 1) return `a cloze pattern needs the word "answer" once, where the deleted text goes: '${source}'`;
  const at = parts.findIndex((p) => 'field' in p);
  const opener = parts.slice(0, at).map((p) => ('literal' in p ? p.literal : '')).join('');
  // The first literal after the answer (optional parts skipped) closes it.
  const next = parts.slice(at + 1).find((p) => 'literal' in p);
  const closer = next !== undefined && 'literal' in next ? next.literal : '';
  if (opener === '' || closer === '') return `a cloze pattern needs text before and after "answer" (as in ==answer==): '${source}'`;
  const fields = parts.flatMap((p) => ('optional' in p ? [p.optional.field] : []));
  if (new Set(fields).size !== fields.length) return `a cloze pattern may hold 123 and hint once each: '${source}'`;
  const stops = opener === closer ? `(?!${escape(closer)})` : `(?!${escape(closer)})(?!${escape(opener)})`;
  let regex = '';
  for (const part of parts) {
    if ('literal' in part) regex += escape(part.literal);
    else if ('field' in part) {
      // One line, neither starting nor ending with a blank, never holding the closer nor
      // the opener: a scan from one opener stops at the next, so a line of openers that
      // never close costs one pass, not one per opener.
      regex += `(?!\\s)(?<answer>(?:${stops}[^\\n])*?\\S)`;
    } else {
      const { before, field, after } = part.optional;
      // An id is a number or one letter (`{{a::Paris}}`): `{{Paris::capital}}` is an answer and its hint.
      const body = field === 'id' ? '(?<id>\\p{N}+|\\p{L})' : `(?<hint>(?:(?!${escape(after || closer)})(?!${escape(opener)})[^\\n])+?)`;
      regex += `(?:${escape(before)}${body}${escape(after)})?`;
    }
  }
  return { source, regex: new RegExp(regex, 'dgu'), opener, closer };
}

/** The parts of a pattern, or why it cannot be read. */
function partsOf(source: string): Part[] | string {
  const parts: Part[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal !== '') parts.push({ literal });
    literal = '';
  };
  for (let i = 0; i < source.length; ) {
    if (source.startsWith('\\[', i) || source.startsWith('\\]', i)) {
      literal += source[i + 1];
      i += 2;
    } else if (source[i] === '[') {
      const close = closingBracket(source, i + 1);
      if (close < 0) return `a '[' without its ']' in the cloze pattern '${source}'`;
      const inner = source.slice(i + 1, close).replace(/\\([[\]])/g, '$1');
      const field = inner.includes('123') ? 'id' : inner.includes('hint') ? 'hint' : undefined;
      if (field === undefined) return `an optional part must hold 123 or hint: '[${inner}]' in '${source}'`;
      const word = field === 'id' ? '123' : 'hint';
      const cut = inner.indexOf(word);
      flush();
      parts.push({ optional: { before: inner.slice(0, cut), field, after: inner.slice(cut + word.length) } });
      i = close + 1;
    } else if (source.startsWith('answer', i)) {
      flush();
      parts.push({ field: 'answer' });
      i += 'answer'.length;
    } else {
      literal += source[i];
      i++;
    }
  }
  flush();
  return parts;
}

/** The index of the `]` closing an optional part opened before `from` (escaped brackets skipped), or -1. */
function closingBracket(source: string, from: number): number {
  for (let i = from; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']') return i;
  }
  return -1;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One deletion found by a pattern: where it stands in the text, what it hides, its hint and id. */
export interface PatternDeletion {
  readonly start: number;
  readonly end: number;
  /** Where the hidden text stands (the caller takes it from the unmasked text). */
  readonly answerStart: number;
  readonly answerEnd: number;
  readonly hint?: string;
  readonly id?: string;
}

/**
 * The deletions each pattern finds in `masked` (the text with code spans masked), in the
 * patterns' order; a deletion overlapping one found before it is left out. The search for
 * a pattern stops after the last occurrence of its closing text, so an unclosed opener
 * costs one scan, not one per character.
 */
export function patternDeletions(masked: string, patterns: readonly ClozePattern[], taken: readonly { start: number; end: number }[] = []): PatternDeletion[] {
  const found: PatternDeletion[] = [];
  for (const pattern of patterns) {
    if (!masked.includes(pattern.opener)) continue;
    const last = masked.lastIndexOf(pattern.closer);
    if (last < 0) continue;
    // A deletion is on one line: what follows the closer on its line may still belong to it (a hint, an id).
    const lineEnd = masked.indexOf('\n', last);
    const area = lineEnd < 0 ? masked : masked.slice(0, lineEnd);
    // Spans found before, in text order: matches come in text order too, so one pointer walks them (linear).
    const before = [...taken, ...found].sort((a, b) => a.start - b.start);
    let next = 0;
    for (const m of area.matchAll(pattern.regex)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      while (next < before.length && before[next].end <= start) next++;
      if (next < before.length && before[next].start < end) continue;
      const groups = m.groups ?? {};
      const answer = m.indices?.groups?.answer ?? [start, start];
      found.push({ start, end, answerStart: answer[0], answerEnd: answer[1], ...(groups.hint !== undefined && groups.hint.trim() !== '' ? { hint: groups.hint.trim() } : {}), ...(groups.id !== undefined ? { id: groups.id } : {}) });
    }
  }
  return found;
}

const compiled = new Map<string, ClozePattern | string>();

/**
 * The patterns compiled (once per distinct pattern: a workspace has a few), leaving out
 * any that is not a pattern (settings are checked, with a message, before they get here).
 */
export function compiledClozePatterns(sources: readonly string[]): ClozePattern[] {
  const patterns: ClozePattern[] = [];
  for (const source of sources) {
    let pattern = compiled.get(source);
    if (pattern === undefined) {
      pattern = compileClozePattern(source);
      if (compiled.size < 256) compiled.set(source, pattern);
    }
    if (typeof pattern !== 'string') patterns.push(pattern);
  }
  return patterns;
}
