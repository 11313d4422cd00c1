// Headings that end in `?` without asking anything to study: the engagement footers of
// READMEs and lessons ("Any questions?", "Need help?") and the "Why X?" rationale sections
// of READMEs and design notes ("Why Markdown?", "Why plain text?"). Read on a heading's
// plain text.

/** Titles (lower-cased, without leading symbols and the closing `?`) that invite the reader rather than ask. */
const ENGAGEMENT_TITLES: ReadonlySet<string> = new Set([
  'any doubts', 'any doubt', 'doubts', 'any questions', 'any question', 'questions', 'got questions', 'have questions',
  'have a question', 'any queries', 'queries', 'any suggestions', 'suggestions', 'need help', 'need more help',
  'want to help', 'want to contribute', 'how to contribute', 'how can i contribute', 'how can you help',
  'found a bug', 'interested', 'feedback', "what's next", 'whats next', 'what next', 'why', 'why not', 'ready',
  'stuck', 'still stuck', 'still confused', 'what is this', "what's this", "what's inside", 'what is inside',
  "what's new", 'who am i', 'who is this for', 'who is it for', 'why this repo', 'why this repository',
]);

/** Words that make `Why …?` a question about something (`Why is …`, `Why do we …`); without one it names a choice. */
const QUESTION_WORDS: ReadonlySet<string> = new Set([
  'is', 'are', 'was', 'were', 'be', 'do', 'does', 'did', 'can', 'could', 'should', 'would', 'will', 'may', 'might',
  'must', 'has', 'have', 'had', 'not', "isn't", "aren't", "don't", "doesn't", "can't", 'we', 'you', 'i', 'they', 'it',
]);

/**
 * Whether a heading's title (plain text, ending in `?`) is rhetorical: an engagement
 * footer ("Any doubts?", "Need help?") or a rationale section "Why X?" where X is at most
 * three words and none of them makes a question ("Why plain text?", but not "Why is the sky
 * blue?" nor "Why do we pin versions?").
 */
export function isRhetoricalHeading(title: string): boolean {
  const text = title.replace(/^[^\p{L}\p{N}]+/u, '').replace(/[?？!.\s]+$/u, '').replace(/\s+/g, ' ').toLowerCase();
  if (ENGAGEMENT_TITLES.has(text)) return true;
  if (!text.startsWith('why ')) return false;
  const words = text.slice(4).split(' ').filter(Boolean);
  return words.length >= 1 && words.length <= 3 && !words.some((w) => QUESTION_WORDS.has(w));
}
