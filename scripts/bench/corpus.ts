// Seeded generator of realistic study notes, shaped like samples/aws-ai-practitioner-notes.md:
// headings, paragraphs with bold terms, `term -> definition` bullets, multiple-choice
// questions with a backtick answer, flashcards, cloze highlights and code fences.

import { seededRandom } from '../../src/core/quiz/quiz-items';

// The same PRNG as the quiz's seeded shuffles (mulberry32): the same seed gives the same corpus.
export { seededRandom };

const WORDS = (
  'cloud compute storage region zone latency model training inference dataset token prompt ' +
  'embedding vector pricing service customer security policy network instance bucket function ' +
  'serverless container scaling availability durability encryption identity access role account ' +
  'budget cost monitoring logging metric alarm pipeline deployment endpoint gateway cache edge ' +
  'transformer agent retrieval guardrail evaluation accuracy bias fairness governance compliance'
).split(' ');

/** Text generator bound to one random stream. */
class Writer {
  private questionNumber = 0;
  private termNumber = 0;
  constructor(private readonly random: () => number) {}

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)];
  }

  private int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  words(min: number, max: number): string {
    const n = this.int(min, max);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.pick(WORDS));
    return out.join(' ');
  }

  sentence(): string {
    const s = this.words(6, 16);
    return s[0].toUpperCase() + s.slice(1) + '.';
  }

  paragraph(): string {
    const sentences: string[] = [];
    const n = this.int(2, 5);
    for (let i = 0; i < n; i++) sentences.push(this.sentence());
    if (this.random() < 0.3) sentences.unshift(`The **${this.words(1, 2)}** is ${this.words(4, 10)}.`);
    return sentences.join(' ');
  }

  termBullets(): string {
    const n = this.int(3, 6);
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const term = `${this.words(1, 2)} ${++this.termNumber}`;
      out.push(this.random() < 0.5 ? `- ${term} -> ${this.words(5, 14)}.` : `- **${term}**: ${this.words(5, 14)}.`);
    }
    return out.join('\n');
  }

  question(): string {
    const n = this.int(3, 5);
    const right = this.int(0, n - 1);
    const options: string[] = [];
    for (let i = 0; i < n; i++) {
      const label = this.words(2, 6);
      const explanation = this.random() < 0.6 ? ` -> ${this.words(5, 15)}` : '';
      options.push(i === right ? `- \`${label}${explanation}\`` : `- ${label}${explanation}`);
    }
    return `${++this.questionNumber}. Which ${this.words(4, 12)}?\n\n${options.join('\n')}`;
  }

  flashcard(): string {
    return `${this.words(2, 6)}::${this.words(2, 8)}`;
  }

  cloze(): string {
    return `${this.words(3, 8)} ==${this.words(1, 3)}== ${this.words(3, 8)}.`;
  }

  code(): string {
    const lines: string[] = [];
    for (let i = 0, n = this.int(2, 6); i < n; i++) lines.push(`aws ${this.pick(WORDS)} ${this.pick(WORDS)} --${this.pick(WORDS)} x::y`);
    return '```sh\n' + lines.join('\n') + '\n```';
  }

  /** One `###` section with a mix of blocks. */
  section(index: number): string {
    const blocks: string[] = [`### ${this.words(2, 5)} ${index}`];
    for (let i = 0, n = this.int(3, 7); i < n; i++) {
      const r = this.random();
      if (r < 0.35) blocks.push(this.paragraph());
      else if (r < 0.5) blocks.push(this.termBullets());
      else if (r < 0.75) blocks.push(this.question());
      else if (r < 0.83) blocks.push(this.flashcard());
      else if (r < 0.91) blocks.push(this.cloze());
      else blocks.push(this.code());
    }
    return blocks.join('\n\n');
  }
}

/**
 * A note of about `bytes` characters: a `#` title, `##` parts every 20 sections, `###`
 * sections of mixed content. Same seed and size, same text.
 */
export function generateNote(bytes: number, seed: number): string {
  const writer = new Writer(seededRandom(seed));
  const parts: string[] = [`# Study notes ${seed}\n\nNotes taken while preparing the exam.`];
  let length = parts[0].length;
  for (let i = 1; length < bytes; i++) {
    if (i % 20 === 1) {
      const heading = `## Part ${Math.ceil(i / 20)}`;
      parts.push(heading);
      length += heading.length + 2;
    }
    const section = writer.section(i);
    parts.push(section);
    length += section.length + 2;
  }
  return parts.join('\n\n') + '\n';
}

/** `count` distinct notes of about `bytes` characters each. */
export function generateNotes(count: number, bytes: number, seed: number): string[] {
  const notes: string[] = [];
  for (let i = 0; i < count; i++) notes.push(generateNote(bytes, seed * 100_003 + i));
  return notes;
}
