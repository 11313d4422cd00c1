import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { explainNote, explanationMarkdown, findNearMisses, parseNote } from '../../src/core';
import type { NearMissShape } from '../../src/core';

const root = path.join(__dirname, '..', '..', '..');

/** The near misses of a note as [line, shape] pairs. */
function misses(text: string): [number, NearMissShape][] {
  return explainNote(text).nearMisses.map((m) => [m.line, m.shape]);
}

describe('explainNote: the cards and the reader that made each', () => {
  it('lists every card with its line, format and answer, as parseNote reads them', () => {
    const text = [
      '# Quiz', // 1
      '', // 2
      '1. Which gas is inert?', // 3
      '', // 4
      '- Oxygen', // 5
      '- `Argon`', // 6
      '', // 7
      'Capital of France::Paris', // 8
      '', // 9
      '## What is DNS?', // 10
      '', // 11
      'It maps names to addresses.', // 12
      '', // 13
      'START', // 14
      'Basic', // 15
      'Front text', // 16
      'Back: Back text', // 17
      'END', // 18
    ].join('\n');
    const explained = explainNote(text);
    assert.deepEqual(
      explained.cards.map((c) => [c.line, c.kind, c.format, c.answer]),
      [
        [3, 'mcq', 'multiple-choice', 'B. Argon'],
        [8, 'flashcard', 'osr-inline', 'Paris'],
        [10, 'flashcard', 'heading-question', 'It maps names to addresses.\n\nSTART\nBasic\nFront text\nBack: Back text\nEND'],
        [16, 'flashcard', 'anki-exporter', 'Back text'],
      ],
    );
    assert.deepEqual(explained.cards.map((c) => c.prompt), parseNote(text).cards.map((c) => c.prompt));
  });

  it('the formats leave the parsed cards and their ids as they were', () => {
    const sample = fs.readFileSync(path.join(root, 'samples', 'aws-ai-practitioner-notes.md'), 'utf8');
    const explained = explainNote(sample, { noteKey: 'aws.md' });
    const note = parseNote(sample, { noteKey: 'aws.md' });
    assert.equal(explained.cards.length, note.cards.length);
    assert.ok(note.cards.every((card) => !('format' in card)), 'a card carries no format');
    assert.deepEqual(new Set(explained.cards.map((c) => c.format)), new Set(['multiple-choice', 'heading-question']));
  });

  it('an mcq card with no option marked has an empty answer', () => {
    assert.deepEqual(explainNote('1. Which is right?\n\n- a\n- b\n').cards.map((c) => c.answer), ['']);
  });
});

describe('near misses: what looks like a question but made no card', () => {
  it('a numbered question with more under it but no options or answer found', () => {
    assert.deepEqual(misses('# Quiz\n\n1. Which gas is inert?\n   I think it is argon.\n'), [[3, 'numbered-question']]);
  });

  it('a Q: label with nothing after it', () => {
    assert.deepEqual(misses('Q: What is UDP?\n\n## Next chapter\n'), [[1, 'labelled-question']]);
  });

  it('a bold question paragraph with its answer below', () => {
    assert.deepEqual(misses('**What is TCP?**\n\nA stream protocol.\n'), [[1, 'bold-question']]);
  });

  it('a labelled question over lettered options that name no answer, reported once at the question', () => {
    const text = 'Q: Which port is HTTPS\n\n- A. 80\n- B. 443\n';
    const found = explainNote(text).nearMisses;
    assert.deepEqual(found.map((m) => [m.line, m.endLine, m.shape]), [[1, 4, 'question-with-options']]);
    assert.ok(found[0].forms.some((form) => form.includes('Answer: B')), 'the forms name an answer line');
  });

  it('lettered options with no question read above them', () => {
    assert.deepEqual(misses('Some notes.\n\n- A. one\n- B. two\n'), [[3, 'lettered-options']]);
  });

  it('a question followed by an answer line that made no card', () => {
    assert.deepEqual(misses('Is the sky blue?\n\nAnswer: yes, by Rayleigh scattering.\n'), [[1, 'question-with-answer-line']]);
  });

  it('an answer line in the words of answerWords is an answer line to the near-miss finder too (folder setting or front matter), and not without them', () => {
    const note = '¿Es azul el cielo?\n\nRespuesta: sí, por la dispersión de Rayleigh.\n';
    const shapes = (text: string, reading = {}): [number, NearMissShape][] => explainNote(text, { reading }).nearMisses.map((m) => [m.line, m.shape]);
    assert.deepEqual(shapes(note, { answerWords: ['Respuesta'] }), [[1, 'question-with-answer-line']]);
    assert.deepEqual(shapes(`---\nnote-review: { answerWords: [Respuesta] }\n---\n${note}`), [[4, 'question-with-answer-line']]);
    // Without the word, the second paragraph is prose: the question alone is no miss.
    assert.deepEqual(shapes(note), []);
    // findNearMisses, as the editor's diagnostics call it, takes the same settings.
    assert.deepEqual(findNearMisses(note, parseNote(note), { reading: { answerWords: ['Respuesta'] } }).map((m) => m.shape), ['question-with-answer-line']);
  });

  it('a miss inside a heading question\'s section is still found: that card covers only its heading', () => {
    assert.deepEqual(misses('## What is TCP?\n\nA protocol.\n\n**What is UDP?**\n\nAnother one.\n'), [[5, 'bold-question']]);
  });

  it('a miss beside a card in the same list is found, the card is not', () => {
    const text = '1. Which is right?\n\n   - a\n   - `b`\n\n2. Which gas is inert?\n   Argon, I think.\n';
    assert.deepEqual(misses(text), [[6, 'numbered-question']]);
  });

  describe('not near misses', () => {
    it("a README's rhetorical question followed by prose", () => {
      assert.deepEqual(misses('# Tool\n\nEver wondered why builds are slow?\n\nThis tool caches them.\n\n- fast\n- small\n'), []);
    });

    it('a paragraph question followed by a plain bullet list (features, not options)', () => {
      assert.deepEqual(misses('Why use it?\n\n- it is fast\n- it is small\n'), []);
    });

    it('a heading question that already is a card, and its body', () => {
      assert.deepEqual(misses('## What is DNS?\n\nIt maps names to addresses. Why? Speed.\n'), []);
    });

    it('a rhetorical heading, which the parser deliberately leaves out', () => {
      assert.deepEqual(misses('## Why Markdown?\n\nBecause it is plain text.\n'), []);
    });

    it('a Q: label over a paragraph: a Q&A pair, read as a card', () => {
      assert.deepEqual(misses('Q: What is UDP?\n\nSome notes on transport.\n'), []);
    });

    it('questions that are cards: answered Q&A pairs, answered and unanswered multiple choice', () => {
      const text = 'Q: What is UDP?\nA: A datagram protocol.\n\n1. Which is right?\n\n- a\n- `b`\n\n2. Which is wrong?\n\n- A. a\n- B. b\n';
      assert.deepEqual(misses(text), []);
    });

    it('a bare numbered list of open questions: nothing a card could be made of', () => {
      assert.deepEqual(misses('### To explore next\n\n1. How do partial indexes work?\n2. What is a covering index?\n'), []);
    });

    it('prose, a to-do list, and questions inside code', () => {
      assert.deepEqual(misses('Plain prose. More prose?\nNo, it goes on.\n\n- [ ] buy milk?\n\n```\nQ: what?\n- A. x\n- B. y\n```\n'), []);
    });

    it('the bundled sample and the prose fixtures of the styles corpus', () => {
      const prose = ['blog-rhetorical', 'code-note', 'lecture-index', 'readme', 'todo-list'].map((name) => `test/fixtures/styles/prose-${name}.md`);
      for (const file of ['samples/aws-ai-practitioner-notes.md', ...prose]) {
        assert.deepEqual(misses(fs.readFileSync(path.join(root, file), 'utf8')), [], file);
      }
    });
  });

  it('findNearMisses over an existing parse gives what explainNote gives', () => {
    const text = '**What is TCP?**\n\nA stream protocol.\n\n1. Which is right?\n\n- a\n- `b`\n';
    assert.deepEqual(findNearMisses(text, parseNote(text)), explainNote(text).nearMisses);
  });
});

describe('explanationMarkdown: the view of "Show How This Note Was Read"', () => {
  it('a table of the cards, then each near miss as a heading with its reason and forms', () => {
    const text = '1. Which is | right?\n\n- a\n- `b`\n\n**What is TCP?**\n\nA stream protocol.\n';
    const markdown = explanationMarkdown('quiz.md', explainNote(text));
    const lines = markdown.split('\n');
    assert.equal(lines[0], '# How quiz.md was read');
    assert.match(markdown, /^1 card, 1 near miss\. /m);
    // A `|` in a question is escaped: it would split the table's cell.
    assert.ok(lines.includes('| 1 | mcq | multiple-choice | Which is \\| right? | B. b |'), markdown);
    const at = lines.indexOf('### Line 6: **What is TCP?**');
    assert.ok(at > 0, markdown);
    assert.equal(lines[at + 2], 'Not a card: a bold question, but no answer was found for it. It could use:');
    assert.equal(lines[at + 4], '- `Q: …` on one line, `A: …` on the next');
  });

  it('says so when there are no cards and no near misses', () => {
    const markdown = explanationMarkdown('empty.md', explainNote('Just prose.\n'));
    assert.match(markdown, /^0 cards, 0 near misses\./m);
    assert.match(markdown, /^No cards\.$/m);
    assert.match(markdown, /^None: every block shaped like a question made a card\.$/m);
  });
});
