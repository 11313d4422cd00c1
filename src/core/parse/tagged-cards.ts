// Tagged cards and outline properties: the text of one line, read without regexes that
// could backtrack over a long line. Which blocks make the front and the back is decided on
// markdown-it's block tree in parse-note.ts.

/**
 * Tags that make a line, a heading or an outline bullet a flashcard's front: Logseq's and
 * the Obsidian Flashcards plugin's `#card`, NeuraCache's `#flashcard`, `#fc`; `[[card]]` is
 * Logseq's page-link form of `#card`. Obsidian Spaced Repetition's deck tag `#flashcards`
 * (plural) only files cards in a deck: it makes none.
 */
const CARD_TAGS: readonly string[] = ['card', 'flashcard', 'fc'];

/** Whether a tag (lower-cased, without `#`) is one of `cardTags` (`cardTags` setting), or its reversed form (`card-reverse`, `card/reverse`). */
function cardTagKind(name: string, cardTags: readonly string[]): 'card' | 'reversed' | undefined {
  for (const written of cardTags) {
    const tag = written.replace(/^#/, '').toLowerCase();
    if (name === tag) return 'card';
    if (name === `${tag}-reverse` || name === `${tag}/reverse`) return 'reversed';
  }
  return undefined;
}

/** A line that carries a card tag: its text without the tags around it. */
export interface TaggedLine {
  readonly front: string;
  readonly reversed: boolean;
}

/**
 * When one line of markdown source carries a card tag at its end (`Why? #card`,
 * `Why?#flashcard`, `Term #ques1 #card`) or its start (`#card What does … do?`), the line
 * without its leading and trailing tags (empty for a tag-only line); else undefined.
 */
export function cardTagOf(line: string, cardTags: readonly string[] = CARD_TAGS): TaggedLine | undefined {
  if (!line.includes('#') && !line.includes('[[')) return undefined;
  const tags: string[] = [];
  let start = 0;
  // Leading hashtags, each followed by a blank: `#card What is …`.
  for (;;) {
    while (start < line.length && isBlank(line.charCodeAt(start))) start++;
    if (line.charCodeAt(start) !== 0x23) break;
    let end = start + 1;
    while (end < line.length && isTagChar(line.charCodeAt(end))) end++;
    if (end === start + 1 || (end < line.length && !isBlank(line.charCodeAt(end)))) break;
    tags.push(line.slice(start + 1, end));
    start = end;
  }
  // Trailing hashtags and `[[links]]`, blanks between them optional: `Why?#flashcard`.
  let end = line.length;
  for (;;) {
    while (end > start && isBlank(line.charCodeAt(end - 1))) end--;
    if (end - start >= 4 && line.endsWith(']]', end)) {
      const open = line.lastIndexOf('[[', end - 2);
      if (open < start || line.slice(open + 2, end - 2).includes(']')) break;
      tags.push(line.slice(open + 2, end - 2));
      end = open;
      continue;
    }
    let hash = end;
    while (hash > start && isTagChar(line.charCodeAt(hash - 1))) hash--;
    if (hash === end || hash <= start || line.charCodeAt(hash - 1) !== 0x23) break;
    tags.push(line.slice(hash, end));
    end = hash - 1;
  }
  let reversed = false;
  let tagged = false;
  for (const tag of tags) {
    const name = tag.toLowerCase();
    const kind = cardTagKind(name, cardTags);
    if (kind === 'reversed') reversed = tagged = true;
    else if (kind === 'card') tagged = true;
  }
  return tagged ? { front: line.slice(start, Math.max(start, end)).trim(), reversed } : undefined;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** Letters, digits, `_`, `-` and `/` (nested tags): what an Obsidian or Logseq tag is made of. */
function isTagChar(c: number): boolean {
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2d || c === 0x2f;
  return /[\p{L}\p{N}]/u.test(String.fromCharCode(c));
}

/**
 * Property names that are metadata wherever a `name:: value` line stands (Logseq block and
 * page properties, Dataview inline fields): never a flashcard `front::back`. Logseq's
 * scheduling properties (`card-…`) are metadata too.
 */
const KNOWN_PROPERTIES: ReadonlySet<string> = new Set([
  'alias', 'aliases', 'author', 'background-color', 'category', 'categories', 'collapsed', 'created', 'date', 'deck',
  'filters', 'heading', 'icon', 'id', 'link', 'public', 'rating', 'source', 'status', 'tags', 'template',
  'template-including-parent', 'title', 'topic', 'type', 'updated', 'url',
]);

/**
 * Whether a line is a `name:: value` property (Logseq, Dataview) rather than a flashcard:
 * a lower-case name glued to `::`, a blank after it, and a name known as metadata (see
 * KNOWN_PROPERTIES, `card-…`) or, with `anyName`, any such name (the page properties that
 * open a note).
 */
export function isPropertyLine(line: string, anyName: boolean): boolean {
  const at = line.indexOf(':: ');
  if (at <= 0) return false;
  const name = line.slice(0, at).trimStart();
  if (!PROPERTY_NAME.test(name)) return false;
  return anyName || KNOWN_PROPERTIES.has(name) || name.startsWith('card-');
}

const PROPERTY_NAME = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;

/** Logseq's cloze: `{{cloze text}}`. */
const LOGSEQ_CLOZE = /\{\{cloze\s+([^{}]*?)\s*\}\}/g;

/** A front with Logseq clozes as one cloze card's prompt and answer (Logseq hides them together), or undefined. */
export function logseqCloze(front: string): { prompt: string; answer: string } | undefined {
  if (!front.includes('{{cloze')) return undefined;
  const answers: string[] = [];
  const prompt = front.replace(LOGSEQ_CLOZE, (_, text: string) => {
    answers.push(text.trim());
    return '[...]';
  });
  return answers.length > 0 ? { prompt, answer: answers.join(', ') } : undefined;
}
