// Fixture-driven parser tests: each test/fixtures/notes/NAME.md is parsed and compared with
// the hand-written expectation in NAME.json (a deep partial match, see partial-match.ts).
// The JSON may hold "description" (the behaviour, shown in the test name) and "options"
// (passed to parseNote); every other key is compared with noteToJson(NAME.md, note).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { noteToJson, parseNote } from '../../src/core';
import type { ParseOptions } from '../../src/core';
import { formatMismatches, partialMatch } from './partial-match';

// Compiled tests live in out/test/unit; fixtures stay in the source tree.
const FIXTURES_DIR = path.resolve(__dirname, '../../../test/fixtures/notes');

interface Fixture {
  readonly name: string;
  readonly markdownFile: string;
  readonly description: string | undefined;
  readonly options: ParseOptions | undefined;
  readonly expected: Record<string, unknown>;
}

function loadFixtures(): Fixture[] {
  const files = fs.readdirSync(FIXTURES_DIR).sort();
  return files
    .filter((f) => f.endsWith('.md') && files.includes(`${f.slice(0, -3)}.json`))
    .map((markdownFile) => {
      const name = markdownFile.slice(0, -3);
      const raw = JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, `${name}.json`), 'utf8')) as Record<string, unknown>;
      const { description, options, ...expected } = raw;
      return {
        name,
        markdownFile,
        description: typeof description === 'string' ? description : undefined,
        options: options as ParseOptions | undefined,
        expected,
      };
    });
}

describe('parser fixtures (test/fixtures/notes)', () => {
  it('every expectation file has its note', () => {
    const files = fs.readdirSync(FIXTURES_DIR);
    const orphans = files.filter((f) => f.endsWith('.json') && !files.includes(`${f.slice(0, -5)}.md`));
    assert.deepStrictEqual(orphans, [], `expectations without a note: ${orphans.join(', ')}`);
  });

  for (const fixture of loadFixtures()) {
    const title = fixture.description ? `${fixture.name}: ${fixture.description}` : fixture.name;
    it(title, () => {
      // Read as is: CRLF fixtures must reach the parser with their CRLFs.
      const text = fs.readFileSync(path.join(FIXTURES_DIR, fixture.markdownFile), 'utf8');
      const json = noteToJson(fixture.markdownFile, parseNote(text, fixture.options));

      // Card ids are hashes, so expectations never spell them: check their invariants instead.
      const seen = new Map<string, number>();
      json.cards.forEach((card, i) => {
        assert.ok(typeof card.id === 'string' && card.id.length > 0, `$.cards[${i}].id: expected a non-empty string, got ${JSON.stringify(card.id)}`);
        const first = seen.get(card.id);
        assert.ok(first === undefined, `$.cards[${i}].id: ${JSON.stringify(card.id)} is also the id of $.cards[${first}]`);
        seen.set(card.id, i);
      });

      const mismatches = partialMatch(json, fixture.expected);
      if (mismatches.length > 0) {
        assert.fail(`${fixture.markdownFile} does not parse as ${fixture.name}.json expects:\n${formatMismatches(mismatches)}`);
      }
    });
  }
});

// The fixtures are only as good as the matcher: pin its semantics down.
describe('fixture matcher (partial-match)', () => {
  const paths = (actual: unknown, expected: unknown): string[] => partialMatch(actual, expected).map((m) => m.path);

  it('compares only the keys an expected object lists', () => {
    assert.deepStrictEqual(paths({ a: 1, b: 2 }, { a: 1 }), []);
    assert.deepStrictEqual(paths({ a: 1, b: { c: 2 } }, { b: { c: 3 } }), ['$.b.c']);
    assert.deepStrictEqual(paths({ a: 1 }, { z: 1 }), ['$.z']);
  });

  it('requires arrays to match in length and element by element', () => {
    assert.deepStrictEqual(paths([{ a: 1, x: 0 }, { a: 2 }], [{ a: 1 }, { a: 2 }]), []);
    assert.deepStrictEqual(paths([{ a: 1 }], [{ a: 1 }, { a: 2 }]), ['$']);
    assert.deepStrictEqual(paths({ cards: [{ options: [{ correct: false }] }] }, { cards: [{ options: [{ correct: true }] }] }), ['$.cards[0].options[0].correct']);
  });

  it('supports $contains, $none and $count on arrays', () => {
    const terms = [{ term: 'BLEU', line: 3 }, { term: 'ROUGE', line: 4 }];
    assert.deepStrictEqual(paths(terms, { $contains: [{ term: 'ROUGE' }], $none: [{ term: 'bleu' }], $count: 2 }), []);
    assert.strictEqual(paths(terms, { $contains: [{ term: 'ROUGE', line: 5 }] }).length, 1);
    assert.strictEqual(paths(terms, { $none: [{ term: 'BLEU' }] }).length, 1);
    assert.strictEqual(paths(terms, { $count: 3 }).length, 1);
  });

  it('supports string matchers, $oneOf and $absent', () => {
    assert.deepStrictEqual(paths('you evaluate translation.', { $startsWith: 'you evaluate', $includes: 'translation', $excludes: 'x' }), []);
    assert.deepStrictEqual(paths('No answer marked', { $regex: 'no answer marked', $flags: 'i' }), []);
    assert.strictEqual(paths('abc', { $regex: '^b' }).length, 1);
    assert.deepStrictEqual(paths(4, { $oneOf: [3, 4] }), []);
    assert.strictEqual(paths(5, { $oneOf: [3, 4] }).length, 1);
    assert.deepStrictEqual(paths({ a: 1 }, { reversed: { $absent: true } }), []);
    assert.deepStrictEqual(paths({ reversed: true }, { reversed: { $absent: true } }), ['$.reversed']);
  });

  it('shows both values in its messages', () => {
    const text = formatMismatches(partialMatch({ label: 'Flat-rate' }, { label: 'Pay-as-you-go pricing' }));
    assert.match(text, /\$\.label/);
    assert.match(text, /Pay-as-you-go pricing/);
    assert.match(text, /Flat-rate/);
  });

  it('rejects unknown matcher keys as fixture errors', () => {
    assert.throws(() => partialMatch([], { $contain: [] }), /unknown matcher key/);
  });
});
