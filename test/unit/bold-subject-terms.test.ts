// Bold-subject terms ("The **foundation model** can do …"), old against new: the reader
// that looked back from every bold phrase to its sentence's start (quadratic in a long
// sentence) is kept here as the reference, with the two rules added since (a sentence
// defines at most MAX_TERMS_PER_SENTENCE terms; a bold subject followed by a placeholder
// such as `TODO` defines nothing), and the linear reader must agree with it.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type MarkdownIt from 'markdown-it';
import { inlineTokens, plainText } from '../../src/core/parse/inline-text';
import { MAX_TERMS_PER_SENTENCE, boldSubjectTerms, isPlaceholderDefinition, isTermLike, type TermDraft } from '../../src/core/parse/terms';

type Token = MarkdownIt.Token;

const SUBJECT_VERBS = new Set([
  'is', 'are', 'was', 'were', 'can', 'could', 'will', 'would', 'may', 'might', 'must', 'should', 'shall',
  'does', 'do', 'did', 'has', 'have', 'had', 'refers', 'means', 'stands', 'lets', 'helps',
]);

function referenceBoldSubjectTerms(children: readonly Token[], firstLine: number): TermDraft[] {
  let plain = '';
  let line = firstLine;
  const bolds: { start: number; end: number; line: number }[] = [];
  const open: number[] = [];
  for (const token of children) {
    if (token.type === 'strong_open') open.push(plain.length);
    else if (token.type === 'strong_close') {
      const start = open.pop();
      if (start !== undefined && open.length === 0) bolds.push({ start, end: plain.length, line });
    } else if (token.type === 'softbreak' || token.type === 'hardbreak') {
      plain += ' ';
      line++;
    } else plain += plainText([token]);
  }
  const lastSentenceBreak = (before: number): number => {
    for (let i = before - 1; i > 0; i--) if (/\s/.test(plain[i]) && /[.!?]/.test(plain[i - 1])) return i + 1;
    return 0;
  };
  const nextSentenceBreak = (from: number): number => {
    for (let i = from; i < plain.length; i++) if (/[.!?]/.test(plain[i]) && (i + 1 === plain.length || /\s/.test(plain[i + 1]))) return i + 1;
    return plain.length;
  };
  const terms: TermDraft[] = [];
  const perSentence = new Map<number, number>();
  for (const bold of bolds) {
    const term = plain.slice(bold.start, bold.end).trim();
    if (!isTermLike(term) || term.endsWith(':')) continue;
    const sentenceStart = lastSentenceBreak(bold.start);
    const before = plain.slice(sentenceStart, bold.start).trim();
    const after = plain.slice(bold.end);
    const nextWord = /^\s*([A-Za-z']+)/.exec(after)?.[1]?.toLowerCase() ?? '';
    const isSubject = before.split(/\s+/).filter(Boolean).length <= 2 && (SUBJECT_VERBS.has(nextWord) || /^\s*[:—–]\s/.test(after));
    const isApposition = /^,\s+(which|a|an|the)\s/i.test(after);
    if (!isSubject && !isApposition) continue;
    if ((perSentence.get(sentenceStart) ?? 0) >= MAX_TERMS_PER_SENTENCE) continue;
    if (isSubject && isPlaceholderDefinition(plain.slice(bold.end, nextSentenceBreak(bold.end)).replace(/^\s*(?:[:—–]|[A-Za-z']+)?\s*/, ''))) continue;
    const definition = plain.slice(sentenceStart, nextSentenceBreak(bold.end)).trim();
    if (definition.length > term.length) {
      terms.push({ term, definition, line: bold.line });
      perSentence.set(sentenceStart, (perSentence.get(sentenceStart) ?? 0) + 1);
    }
  }
  return terms;
}

const PIECES = ['TODO', '*[definition goes here]*', '**', '__', '*', 'The ', 'Amazon ', 'model', 'Titan', ' is ', ' are ', ' can ', ' helps ', ', which ', ', a ', ', the ', ': ', ' — ', '. ', '! ', '? ', '.', '\n', ' ', '  ', '\u00a0', 'word', 'it\'s', '`code`', '[link](u)', 'é', '日本', ';', ','];

describe('bold-subject terms: the linear reader gives the reference reader\'s terms', () => {
  it('on random paragraphs of bold phrases, verbs, appositions and sentence marks', () => {
    // Sentences shaped like definitions (a few words, a bold phrase, a verb or an
    // apposition, more words, a mark), mixed with loose pieces that break the shape.
    const words = fc.array(fc.constantFrom('The', 'Amazon', 'model', 'it\'s', 'word', 'é', '`code`'), { maxLength: 4 }).map((w) => w.join(' '));
    const bold = fc.tuple(fc.constantFrom('**', '__'), fc.constantFrom('Titan', 'foundation model', 'LLMs', 'a. b', 'x:', 'Nova Reel', 'T')).map(([m, t]) => `${m}${t}${m}`);
    const link = fc.constantFrom(' is ', ' are ', ' can ', ' helps ', ', which ', ', a ', ', the ', ': ', ' — ', ' and ', ', ', ' ');
    const mark = fc.constantFrom('. ', '! ', '? ', '.', '; ', ' ', '\n', '.\n', '');
    const sentence = fc.tuple(words, fc.constantFrom(' ', '\u00a0', '  '), bold, link, words, mark).map((p) => p.join(''));
    const paragraph = fc.array(fc.oneof(sentence, sentence, fc.constantFrom(...PIECES)), { maxLength: 30 }).map((p) => p.join(''));
    fc.assert(
      fc.property(paragraph, (text) => {
        const tokens = inlineTokens(text);
        assert.deepStrictEqual(boldSubjectTerms(tokens, 4), referenceBoldSubjectTerms(tokens, 4));
      }),
      { numRuns: 4000, seed: 4040 },
    );
  });

  it('a sentence defines a bold subject, and an apposition, with the whole sentence as the definition', () => {
    const terms = boldSubjectTerms(inlineTokens('The **foundation model** can write text. You can use **Amazon Titan**, which is a family of models.'), 0);
    assert.deepEqual(
      terms.map((t) => [t.term, t.definition]),
      [
        ['foundation model', 'The foundation model can write text.'],
        ['Amazon Titan', 'You can use Amazon Titan, which is a family of models.'],
      ],
    );
  });

  it(`one sentence defines at most ${MAX_TERMS_PER_SENTENCE} terms: a run of appositions is a list`, () => {
    const sentence = Array.from({ length: 10 }, (_, i) => `**T${i}**, which is part ${i}`).join(' and ');
    const terms = boldSubjectTerms(inlineTokens(`${sentence}. **Next** is a new sentence.`), 0);
    assert.deepEqual(
      terms.map((t) => t.term),
      ['T0', 'T1', 'T2', 'Next'],
    );
  });
});
