// The Obsidian Spaced Repetition plugin's own parser cases, run through our parser: an outside
// judge of the claim that Note Review reads OSR flashcard syntax. The cases live beside the
// repository in ../shared/peer/osr-parser-cases.json (see its PROVENANCE.md: MIT, not copied
// here); without that file the test is skipped with a message, it does not fail.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseNote, type Card, type FlashcardSeparators } from '../../src/core';

// Compiled tests live in out/test/unit; the repository root is three folders up, and the
// shared folder sits next to the clone (/work/<clone> and /work/shared in CI).
const ROOT = path.resolve(__dirname, '../../..');
const CASES_FILE = path.resolve(ROOT, '..', 'shared', 'peer', 'osr-parser-cases.json');
const FLOOR_FILE = path.join(ROOT, 'test', 'unit', 'osr-parser-cases.floor.json');

interface OsrCard {
  readonly type: 'single-line basic' | 'single-line reversed' | 'multi-line basic' | 'multi-line reversed' | 'cloze';
  readonly front: string;
  readonly back: string;
  /** 1-based first line of the question. */
  readonly line: number;
}

interface OsrCase {
  readonly name: string;
  readonly input: string;
  readonly settings: Record<string, unknown>;
  readonly expected: readonly OsrCard[];
  readonly categories: readonly string[];
  /** Settings Note Review has no equivalent for; `exercised` when they change the expected cards. */
  readonly inexpressible: readonly { readonly setting: string; readonly exercised: boolean }[];
}

/** OSR's separator settings mapped onto ours; an empty OSR separator (card type off) has no equivalent and is left out. */
export function separatorsOf(settings: Record<string, unknown>): Partial<FlashcardSeparators> {
  const pairs: [string, keyof FlashcardSeparators][] = [
    ['singleLineCardSeparator', 'separator'],
    ['singleLineReversedCardSeparator', 'reversedSeparator'],
    ['multilineCardSeparator', 'multilineSeparator'],
    ['multilineReversedCardSeparator', 'multilineReversedSeparator'],
  ];
  const out: Partial<Record<keyof FlashcardSeparators, string>> = {};
  for (const [osr, ours] of pairs) {
    const value = settings[osr];
    if (typeof value === 'string' && value !== '') out[ours] = value;
  }
  return out;
}

/** A card reduced to what OSR's cases assert, as one comparable string. */
function cardKey(kind: 'cloze' | 'flashcard', line: number, front: string, back: string): string {
  return JSON.stringify([kind, line, front.trim(), back.trim()]);
}

function ourCards(cards: readonly Card[]): string[] {
  return cards
    .filter((c) => c.kind !== 'mcq')
    .map((c) => cardKey(c.kind === 'cloze' ? 'cloze' : 'flashcard', c.line, c.prompt, c.answer ?? ''))
    .sort();
}

function osrCards(cards: readonly OsrCard[]): string[] {
  return cards.map((c) => cardKey(c.type === 'cloze' ? 'cloze' : 'flashcard', c.line, c.front, c.back)).sort();
}

/** Whether our parse of the case gives exactly OSR's cards (order aside: OSR orders reversed twins its own way). */
function passes(c: OsrCase): boolean {
  const note = parseNote(c.input, { flashcards: separatorsOf(c.settings) });
  return JSON.stringify(ourCards(note.cards)) === JSON.stringify(osrCards(c.expected));
}

describe('Obsidian Spaced Repetition parser cases (../shared/peer)', function () {
  if (!fs.existsSync(CASES_FILE)) {
    it('are run when ../shared/peer/osr-parser-cases.json is present', function () {
      console.log(`      skipped: ${CASES_FILE} not found (it sits next to the clone, see shared/peer/PROVENANCE.md)`);
      this.skip();
    });
    return;
  }
  const cases = JSON.parse(fs.readFileSync(CASES_FILE, 'utf8')) as OsrCase[];

  it('pass at least as often as when the floor was measured, overall and where we have the settings', () => {
    const supported = cases.filter((c) => !c.inexpressible.some((i) => i.exercised));
    const failed = cases.filter((c) => !passes(c));
    const failedSupported = failed.filter((c) => supported.includes(c));
    const overall = (cases.length - failed.length) / cases.length;
    const withSettings = (supported.length - failedSupported.length) / supported.length;
    console.log(
      `      OSR cases: ${cases.length - failed.length}/${cases.length} pass (${(overall * 100).toFixed(1)} %); ` +
        `with settings we support: ${supported.length - failedSupported.length}/${supported.length} (${(withSettings * 100).toFixed(1)} %)`,
    );
    for (const c of failedSupported) console.log(`        fails: ${c.name} [${c.categories.join(', ')}]`);
    // The floor only rises: raise it when more cases pass. Issue 10's target is 98 %.
    const floor = JSON.parse(fs.readFileSync(FLOOR_FILE, 'utf8')) as { overall: number; withSupportedSettings: number };
    assert.ok(overall >= floor.overall - 1e-9, `overall pass rate fell to ${(overall * 100).toFixed(1)} % (floor ${(floor.overall * 100).toFixed(1)} %)`);
    assert.ok(
      withSettings >= floor.withSupportedSettings - 1e-9,
      `pass rate with supported settings fell to ${(withSettings * 100).toFixed(1)} % (floor ${(floor.withSupportedSettings * 100).toFixed(1)} %)`,
    );
  });

  it('maps OSR separators onto ours, leaving out the empty ones that turn a card type off', () => {
    assert.deepStrictEqual(separatorsOf({ singleLineCardSeparator: ';;', singleLineReversedCardSeparator: '', multilineCardSeparator: '?' }), {
      separator: ';;',
      multilineSeparator: '?',
    });
  });
});
