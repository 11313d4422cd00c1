// The Obsidian Spaced Repetition plugin's own parser cases, run through our parser: an outside
// judge of the claim that Note Review reads OSR flashcard syntax. The cases live beside the
// repository in ../shared/peer/osr-parser-cases.json (see its PROVENANCE.md: MIT, not copied
// here); without that file the test is skipped with a message, it does not fail.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseNote, type Card } from '../../src/core';
import { checkReadingValue, type ReadingKey, type ReadingSettings } from '../../src/core/parse/parser-settings';

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
  /** Settings Note Review had no equivalent for when the cases were made (kept for the record: the test now decides from readingOf). */
  readonly inexpressible: readonly { readonly setting: string; readonly exercised: boolean }[];
}

/**
 * OSR's settings mapped onto our reading settings (the keys of `--set` and front matter),
 * and the settings that have no equivalent (none so far: a case listing one is left out of
 * the rate, and the test prints how many).
 */
export function readingOf(settings: Record<string, unknown>): { reading: Partial<ReadingSettings>; unsupported: string[] } {
  const reading: Record<string, unknown> = {};
  const unsupported: string[] = [];
  const pairs: [string, ReadingKey][] = [
    ['singleLineCardSeparator', 'separator'],
    ['singleLineReversedCardSeparator', 'reversedSeparator'],
    ['multilineCardSeparator', 'multilineSeparator'],
    ['multilineReversedCardSeparator', 'multilineReversedSeparator'],
    ['multilineCardEndMarker', 'multilineEndMarker'],
    ['clozePatterns', 'clozePatterns'],
  ];
  for (const [osr, ours] of pairs) {
    if (!(osr in settings)) continue;
    const checked = checkReadingValue(ours, settings[osr]);
    if (checked.ok) reading[ours] = checked.value;
    else unsupported.push(`${osr}: ${checked.message}`);
  }
  // OSR reads only notes tagged with one of its flashcard tags, unless folders are decks
  // (then every note of a deck folder is read; the cases are all in one).
  if (Array.isArray(settings.flashcardTags) && settings.convertFoldersToDecks !== true) {
    const checked = checkReadingValue('requiredTags', settings.flashcardTags);
    if (checked.ok) reading.requiredTags = checked.value;
    else unsupported.push(`flashcardTags: ${checked.message}`);
  }
  const known = new Set([...pairs.map(([osr]) => osr), 'flashcardTags', 'convertFoldersToDecks']);
  for (const key of Object.keys(settings)) if (!known.has(key)) unsupported.push(`${key}: no equivalent`);
  return { reading: reading as Partial<ReadingSettings>, unsupported };
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
  const note = parseNote(c.input, { reading: readingOf(c.settings).reading });
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
    const supported = cases.filter((c) => readingOf(c.settings).unsupported.length === 0);
    const failed = cases.filter((c) => !passes(c));
    const failedSupported = failed.filter((c) => supported.includes(c));
    const overall = (cases.length - failed.length) / cases.length;
    const withSettings = (supported.length - failedSupported.length) / supported.length;
    console.log(
      `      OSR cases: ${cases.length - failed.length}/${cases.length} pass (${(overall * 100).toFixed(1)} %); ` +
        `with settings we support: ${supported.length - failedSupported.length}/${supported.length} (${(withSettings * 100).toFixed(1)} %)`,
    );
    console.log(`      left out for settings we lack: ${cases.length - supported.length}`);
    for (const c of cases.filter((k) => !supported.includes(k))) console.log(`        left out: ${c.name} (${readingOf(c.settings).unsupported.join('; ')})`);
    for (const c of failedSupported) console.log(`        fails: ${c.name} [${c.categories.join(', ')}]`);
    // Issue 10's target is 98 % of the cases whose settings we support; the floor only rises.
    assert.ok(withSettings >= 0.98, `pass rate with supported settings is ${(withSettings * 100).toFixed(1)} %, under 98 %`);
    const floor = JSON.parse(fs.readFileSync(FLOOR_FILE, 'utf8')) as { overall: number; withSupportedSettings: number };
    assert.ok(overall >= floor.overall - 1e-9, `overall pass rate fell to ${(overall * 100).toFixed(1)} % (floor ${(floor.overall * 100).toFixed(1)} %)`);
    assert.ok(
      withSettings >= floor.withSupportedSettings - 1e-9,
      `pass rate with supported settings fell to ${(withSettings * 100).toFixed(1)} % (floor ${(floor.withSupportedSettings * 100).toFixed(1)} %)`,
    );
  });

  it('maps OSR settings onto ours: an empty separator stays empty (that card type off), flashcard tags become required tags unless folders are decks', () => {
    assert.deepStrictEqual(readingOf({ singleLineCardSeparator: ';;', singleLineReversedCardSeparator: '', multilineCardEndMarker: '---', clozePatterns: ['**answer**'], flashcardTags: ['#flashcards'] }), {
      reading: { separator: ';;', reversedSeparator: '', multilineEndMarker: '---', clozePatterns: ['**answer**'], requiredTags: ['#flashcards'] },
      unsupported: [],
    });
    assert.deepStrictEqual(readingOf({ flashcardTags: ['#flashcards'], convertFoldersToDecks: true }).reading, {});
    assert.deepStrictEqual(readingOf({ clozePatterns: ['==text=='], showContextInCards: true }).unsupported.length, 2);
  });
});
