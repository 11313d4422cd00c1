// A note's own switches, written in its front matter under `note-review:`:
//
//   ---
//   note-review:
//     headingsAreCards: true
//   ---
//
// or on one line, `note-review: { headingsAreCards: true }`. Only this key's lines are
// read (string checks on single lines of the YAML, never of the markdown); the rest of
// the front matter belongs to other tools.

/** Switches a note sets for itself. */
export interface NoteSettings {
  /** Every heading with a body and no sub-heading is a flashcard: the title the front, the body the back (vocabulary notes). */
  readonly headingsAreCards: boolean;
}

export const DEFAULT_NOTE_SETTINGS: NoteSettings = { headingsAreCards: false };

const KEY = 'note-review';

/** The settings in a note's front matter text (the lines between its fences), the defaults for what it does not set. */
export function noteSettingsOf(frontMatter: string | undefined): NoteSettings {
  if (frontMatter === undefined || !frontMatter.includes(KEY)) return DEFAULT_NOTE_SETTINGS;
  const lines = frontMatter.split('\n');
  const at = lines.findIndex((line) => line.startsWith(KEY) && line.slice(KEY.length).trimStart().startsWith(':'));
  if (at < 0) return DEFAULT_NOTE_SETTINGS;
  const entries: [string, string][] = [];
  const inline = lines[at].slice(lines[at].indexOf(':') + 1).trim();
  if (inline.startsWith('{') && inline.endsWith('}')) {
    for (const part of inline.slice(1, -1).split(',')) {
      const entry = entryOf(part);
      if (entry) entries.push(entry);
    }
  } else if (inline === '' || inline.startsWith('#')) {
    // The block form: the indented lines below the key.
    for (let k = at + 1; k < lines.length && /^[ \t]/.test(lines[k]); k++) {
      const entry = entryOf(lines[k]);
      if (entry) entries.push(entry);
    }
  }
  let headingsAreCards = DEFAULT_NOTE_SETTINGS.headingsAreCards;
  for (const [key, value] of entries) {
    if (key === 'headingsAreCards') headingsAreCards = booleanOf(value) ?? headingsAreCards;
  }
  return { headingsAreCards };
}

/** `key: value` (a trailing `# comment` and quotes dropped), or undefined. */
function entryOf(text: string): [string, string] | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  const key = text.slice(0, colon).trim().replace(/^["']|["']$/g, '');
  let value = text.slice(colon + 1).trim();
  const comment = value.indexOf(' #');
  if (comment >= 0) value = value.slice(0, comment).trim();
  return [key, value.replace(/^["']|["']$/g, '')];
}

/** YAML's spellings of true and false. */
function booleanOf(value: string): boolean | undefined {
  const v = value.toLowerCase();
  if (v === 'true' || v === 'yes' || v === 'on') return true;
  if (v === 'false' || v === 'no' || v === 'off') return false;
  return undefined;
}
