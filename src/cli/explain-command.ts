import type { NoteExplanation } from '../core';

/** Longest prompt or answer shown on one line of `explain`. */
const SHOWN_CHARS = 80;

/** The human text of `explain` for one note: its cards, then its near misses with the forms they could use. */
export function formatExplanation(file: string, explanation: NoteExplanation): string {
  const { cards, nearMisses } = explanation;
  const out = [`${file}: ${plural(cards.length, 'card')}, ${plural(nearMisses.length, 'near miss', 'near misses')}\n`];
  const lineWidth = String(Math.max(0, ...cards.map((c) => c.line), ...nearMisses.map((m) => m.line))).length;
  const formatWidth = Math.max(0, ...cards.map((c) => c.format.length));
  for (const card of cards) {
    const answer = card.answer.trim() === '' ? '(no answer)' : shorten(card.answer);
    out.push(`  ${String(card.line).padStart(lineWidth)}  ${card.kind.padEnd(9)}  ${card.format.padEnd(formatWidth)}  ${shorten(card.prompt)}  ->  ${answer}\n`);
  }
  if (nearMisses.length > 0) out.push('Near misses (look like a question, made no card):\n');
  for (const miss of nearMisses) {
    out.push(`  ${String(miss.line).padStart(lineWidth)}  ${shorten(miss.text)}\n`);
    out.push(`  ${' '.repeat(lineWidth)}  ${miss.reason}; could use: ${miss.forms.join('; or ')}\n`);
  }
  return out.join('');
}

/** The first line of a text, cut to SHOWN_CHARS. */
function shorten(text: string): string {
  const first = text.trim().split('\n', 1)[0] ?? '';
  const more = first.length > SHOWN_CHARS || text.trim().includes('\n');
  return more ? `${first.slice(0, SHOWN_CHARS - 1)}…` : first;
}

function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
