import type { NoteExplanation } from './explain-note';

/** Longest question or answer shown in one table cell. */
const CELL_CHARS = 80;

/**
 * How a note was read, as a markdown document: a table of its cards (line, kind, the
 * reader that made it, question, answer), then each near miss with the forms it could use.
 */
export function explanationMarkdown(title: string, explanation: NoteExplanation): string {
  const { cards, nearMisses } = explanation;
  const out = [
    `# How ${title} was read`,
    '',
    `${count(cards.length, 'card', 'cards')}, ${count(nearMisses.length, 'near miss', 'near misses')}. A near miss looks like a question but made no card. This view follows the note as you edit it.`,
    '',
    '## Cards',
    '',
  ];
  if (cards.length === 0) out.push('No cards.');
  else {
    out.push('| Line | Kind | Read as | Question | Answer |', '| ---: | --- | --- | --- | --- |');
    for (const card of cards) out.push(`| ${card.line} | ${card.kind} | ${card.format} | ${cell(card.prompt)} | ${card.answer.trim() === '' ? '*(no answer)*' : cell(card.answer)} |`);
  }
  out.push('', '## Near misses', '');
  if (nearMisses.length === 0) out.push('None: every block shaped like a question made a card.');
  for (const miss of nearMisses) {
    out.push(`### Line ${miss.line}: ${cell(miss.text)}`, '', `Not a card: ${miss.reason}. It could use:`, '');
    for (const form of miss.forms) out.push(`- ${form}`);
    out.push('');
  }
  out.push('', 'The note formats: README, "Note formats"; docs/GUIDE.md, "How a note was read".', '');
  return out.join('\n');
}

/** The first line of a text, shortened, safe inside a table cell or heading. */
function cell(text: string): string {
  const trimmed = text.trim();
  const first = trimmed.split('\n', 1)[0] ?? '';
  const shown = first.length > CELL_CHARS || trimmed.includes('\n') ? `${first.slice(0, CELL_CHARS - 1)}…` : first;
  return shown.replace(/\|/g, '\\|');
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
