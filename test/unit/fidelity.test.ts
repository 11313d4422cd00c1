// The fidelity scorer (scripts/fidelity) and the style corpus it scores (test/fixtures/styles):
// the scorer's matching rules on small made-up cases, then the corpus against its floor.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scoreCorpus, stylesDir } from '../../scripts/fidelity/corpus';
import {
  normaliseText,
  sameAnswer,
  scoreNote,
  similarPrompts,
  scoreTerms,
  termTotalOf,
  totalOf,
  type ExpectedCard,
  type FoundCard,
} from '../../scripts/fidelity/score';

// Compiled tests live in out/test/unit; fixtures stay in the source tree.
const ROOT = path.resolve(__dirname, '../../..');

const flashcard = (line: number, prompt: string, answer: string): ExpectedCard => ({ line, kind: 'flashcard', prompt, answer });
const mcq = (line: number, prompt: string, answer: string[]): ExpectedCard => ({ line, kind: 'mcq', prompt, answer });

describe('fidelity scorer', () => {
  const expected: ExpectedCard[] = [
    flashcard(3, 'What is DNS?', 'A name service.'),
    mcq(7, 'Which port is HTTPS?', ['443']),
  ];

  it('scores a perfect parse 100 % on every measure', () => {
    const s = scoreNote(expected, expected);
    assert.deepStrictEqual([s.matched, s.recall, s.precision, s.answerAccuracy, s.promptAccuracy], [2, 1, 1, 1, 1]);
    assert.deepStrictEqual([s.missed, s.invented], [[], []]);
  });

  it('counts a card the parser did not find against recall only', () => {
    const s = scoreNote(expected, [expected[1]]);
    assert.strictEqual(s.recall, 0.5);
    assert.strictEqual(s.precision, 1);
    assert.strictEqual(s.answerAccuracy, 1);
    assert.deepStrictEqual(s.missed, [expected[0]]);
  });

  it('counts a card the note does not hold against precision only', () => {
    const extra: FoundCard = flashcard(12, 'Any doubts?', 'Ask in the forum.');
    const s = scoreNote(expected, [...expected, extra]);
    assert.strictEqual(s.recall, 1);
    assert.strictEqual(s.precision, 2 / 3);
    assert.deepStrictEqual(s.invented, [extra]);
  });

  it('counts a found card with the wrong answer as matched but wrongly answered', () => {
    const s = scoreNote(expected, [expected[0], mcq(7, 'Which port is HTTPS?', [])]);
    assert.strictEqual(s.recall, 1);
    assert.strictEqual(s.precision, 1);
    assert.strictEqual(s.answerAccuracy, 0.5);
    assert.deepStrictEqual(
      s.matches.map((m) => m.answerRight),
      [true, false],
    );
  });

  it('matches a card on its line whatever its prompt, and up to three lines off only with a like prompt', () => {
    const at = (line: number, prompt: string): number => scoreNote([expected[0]], [flashcard(line, prompt, 'A name service.')]).matched;
    assert.strictEqual(at(3, 'card-last-interval'), 1);
    assert.strictEqual(at(4, 'card-last-interval'), 0);
    assert.strictEqual(at(4, 'Q1. What is DNS?'), 1);
    assert.strictEqual(at(6, 'What is **DNS**?'), 1);
    assert.strictEqual(at(7, 'What is DNS?'), 0);
  });

  it('calls prompts alike when most words are shared or one holds the other', () => {
    assert.ok(similarPrompts('What is DNS?', 'Question 4: what is **DNS**'));
    assert.ok(similarPrompts('Expected value\n\nThe mean of X', 'Expected value'));
    assert.ok(!similarPrompts('How do you see the route table on Linux', 'card-last-interval'));
    assert.ok(!similarPrompts('What does DNS resolve?', 'Which port does SSH use?'));
  });

  it('never matches cards of different kinds', () => {
    const s = scoreNote([expected[1]], [flashcard(7, 'Which port is HTTPS?', '443')]);
    assert.deepStrictEqual([s.matched, s.missed.length, s.invented.length], [0, 1, 1]);
  });

  it('pairs two cards on one line by their content, whatever the order found', () => {
    const cloze = (answer: string): ExpectedCard => ({ line: 5, kind: 'cloze', prompt: '', answer });
    const s = scoreNote([cloze('of'), cloze('in')], [cloze('in'), cloze('of')]);
    assert.strictEqual(s.answerAccuracy, 1);
  });

  it('compares answers as readers see them: markdown, HTML and whitespace aside, case kept', () => {
    assert.ok(sameAnswer('**Output:** `false`', 'Output:  false'));
    assert.ok(sameAnswer('- 22\n- over TCP', '* 22\n* over TCP'));
    assert.ok(sameAnswer('<b>Two</b> environments', 'Two environments'));
    assert.ok(sameAnswer(['`LRU`', 'FIFO'], ['FIFO', 'LRU']));
    assert.ok(!sameAnswer(['LRU'], ['LRU', 'TTL']));
    assert.ok(!sameAnswer('Paris', 'paris'));
    assert.ok(!sameAnswer('`URLSearchParams`', '`URLSearchParams` ^qs-3'));
    assert.strictEqual(normaliseText('1.'), '1.');
    assert.strictEqual(normaliseText('The ==cell== <!-- SR --> wall'), 'The cell wall');
  });

  it('totals over cards, not over notes, and scores an empty note 100 %', () => {
    const empty = scoreNote([], []);
    assert.deepStrictEqual([empty.recall, empty.precision, empty.answerAccuracy], [1, 1, 1]);
    const total = totalOf([scoreNote(expected, expected), scoreNote([flashcard(1, 'a', 'b')], [])]);
    assert.strictEqual(total.recall, 2 / 3);
    assert.strictEqual(total.notes, 2);
  });

  it('matches terms on their own line and checks their definitions', () => {
    const want = [
      { line: 3, term: 'Quorum', definition: 'replicas that must agree' },
      { line: 4, term: 'Shard', definition: 'a slice of data' },
    ];
    const s = scoreTerms(want, [
      { line: 3, term: '`Quorum`', definition: 'replicas that must agree' },
      { line: 5, term: 'Shard', definition: 'a slice of data' },
      { line: 9, term: 'client', definition: 'load balancer -> node' },
    ]);
    assert.deepStrictEqual([s.matched, s.recall, s.precision, s.definitionAccuracy], [1, 0.5, 1 / 3, 1]);
    assert.strictEqual(termTotalOf([s]).expected, 2);
  });
});

describe('style corpus (npm run fidelity)', () => {
  const dir = stylesDir(ROOT);
  const results = scoreCorpus(dir);

  it('holds at least 25 styles, at least 3 of them prose with nothing to study', () => {
    assert.ok(results.length >= 25, `only ${results.length} styles`);
    const proseOnly = results.filter((r) => r.score.expected === 0 && (r.terms === undefined || r.terms.expected === 0));
    assert.ok(proseOnly.length >= 3, `only ${proseOnly.length} prose-only styles`);
  });

  it('does not fall below the floor measured when the corpus was written', () => {
    // The floor only rises: when the parser reads more styles, raise it to the new figures
    // (test/fixtures/styles/README.md, "Floor"). The target of issue 10 is 98 %.
    const floor = JSON.parse(fs.readFileSync(path.join(dir, 'fidelity-floor.json'), 'utf8')) as Record<string, number>;
    const total = totalOf(results.map((r) => r.score));
    const terms = termTotalOf(results.flatMap((r) => (r.terms ? [r.terms] : [])));
    const figures: Record<string, number> = {
      recall: total.recall,
      precision: total.precision,
      answerAccuracy: total.answerAccuracy,
      termRecall: terms.recall,
      termPrecision: terms.precision,
    };
    const shown = Object.entries(figures).map(([k, v]) => `${k} ${(v * 100).toFixed(1)} %`).join(', ');
    console.log(`      fidelity over ${results.length} styles: ${shown}`);
    for (const [key, value] of Object.entries(figures)) {
      assert.ok(typeof floor[key] === 'number', `fidelity-floor.json has no "${key}"`);
      assert.ok(value >= floor[key] - 1e-9, `${key} fell to ${(value * 100).toFixed(1)} % (floor ${(floor[key] * 100).toFixed(1)} %); run npm run fidelity -- --details`);
    }
  });
});
