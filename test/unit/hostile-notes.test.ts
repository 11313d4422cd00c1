// Hostile notes: each is generated into a temporary folder (nothing big is committed),
// parsed and linted with the CLI in-process, and must finish without a crash within a bound.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import MarkdownIt from 'markdown-it';
import { explainNote, parseNote } from '../../src/core';
import { answerMasks } from '../../src/core/editor/answer-masks';
import { MAX_CLOZE_CARDS_PER_PARAGRAPH } from '../../src/core/parse/inline-cards';
import { quizCountsBySection } from '../../src/core/quiz/quiz-items';
import { createNodeCliIo } from '../../src/cli/node-cli-io';
import { runCli } from '../../src/cli/run-cli';

/** Generous bounds: the machine is shared; a quadratic blow-up takes minutes, not seconds. */
const BOUND_MS = 15_000;
/** On a loaded machine: how many times markdown-it's parse of the same text each step may take. */
const BUSY_RATIO = 12;

/** About 1 MB of `piece(0) piece(1) …`. */
function grownTo1Mb(piece: (i: number) => string): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < 1_000_000; i++) {
    const part = piece(i);
    parts.push(part);
    length += part.length;
  }
  return parts.join('');
}

/**
 * Shapes that made a reader quadratic (a reader that looked back to a sentence's start
 * from every bold phrase, term cards that sorted every term for every term, cloze lines
 * counted from the paragraph's start), grown to 1 MB: parsing each, counting its quiz
 * lenses and masking its answers must cost at most RELATIVE_BOUND times markdown-it's own
 * parse of the same text.
 */
const LINEAR_SHAPES: Record<string, () => string> = {
  // One paragraph of bold phrases in a list-like sentence (55 KB took 2.4 s).
  'bold-phrases-one-sentence.md': () => grownTo1Mb((i) => `**Term${i}**, `),
  // One paragraph, one sentence of bold subjects (357 KB took 116 s).
  'bold-subjects-one-sentence.md': () => grownTo1Mb((i) => `**T${i}** is a thing;`),
  // Emphasis nested in strong nested in emphasis… (100,000 repeats never finished).
  'emphasis-strong-interleaved.md': () => grownTo1Mb(() => '*a **a*'),
  // Every bold phrase an apposition of one endless sentence: each would be defined by all of it.
  'bold-appositions-one-sentence.md': () => grownTo1Mb((i) => `**T${i}**, which is part ${i} and `),
  // Tens of thousands of terms, in sentences and in bullets, all with term cards.
  'bold-subject-sentences.md': () => grownTo1Mb((i) => `**T${i}** is a thing. `),
  'glossary-bullets.md': () => grownTo1Mb((i) => `- **T${i}** -> a thing of kind ${i % 7}\n`),
  // Empty Anki deletions, each reported on its line (counted from the paragraph's start, once each, before).
  'empty-clozes-one-paragraph.md': () => grownTo1Mb(() => 'x {{c1:: }} '),
  // Anki deletions of three groups among highlights: masking one group's deletions counted lines from the start for each.
  'cloze-deletions-one-paragraph.md': () => grownTo1Mb((i) => (i % 2 === 1 ? `{{c${(i % 3) + 1}::a${i}}} ` : `==h${i}== `)),
};

/** How many times markdown-it's parse of a shape our parse, lens counts and answer masks may take. */
const RELATIVE_BOUND = 3;

const HOSTILE: Record<string, () => string | Uint8Array> = {
  ...LINEAR_SHAPES,
  'headings-100k.md': () => Array.from({ length: 100_000 }, (_, i) => `${'#'.repeat((i % 6) + 1)} Heading ${i}?`).join('\n'),
  'nested-lists-10k.md': () => Array.from({ length: 10_000 }, (_, i) => `${'  '.repeat(i)}- level ${i} -> deeper`).join('\n'),
  'nested-quotes-10k.md': () => `${'> '.repeat(10_000)}deep?\n\n- a\n- \`b\``,
  'one-line-1mb.md': () => `1. Which? ${'word -> '.repeat(130_000)}\n\n- a\n- \`b\``,
  'binary.md': () => Uint8Array.from({ length: 4096 }, (_, i) => (i * 37) % 256),
  'invalid-utf8.md': () => Uint8Array.from([0x23, 0x20, 0x41, 0x0a, 0xc3, 0x28, 0xff, 0xfe, 0x0a]),
  'unclosed-fences.md': () => Array.from({ length: 2_000 }, (_, i) => (i % 3 === 0 ? '```' : i % 3 === 1 ? '# not a heading?' : 'a::b')).join('\n'),
  'unclosed-comment-details.md': () => `# T\n\n<!--\n${'- `x`\n'.repeat(5_000)}\n<details>\n${'<details><summary>Q?</summary>\n\n'.repeat(3_000)}`,
  'separators-one-line.md': () => `${'a::'.repeat(20_000)}\n\n${'==x'.repeat(30_000)}\n\n${':::'.repeat(20_000)}\n`,
  // Every `==x==` is a cloze card whose prompt is the whole paragraph: without the limit per
  // paragraph the model would grow with the square of this line.
  'highlights-one-paragraph.md': () => `# Emphasis everywhere\n\n${Array.from({ length: 20_000 }, (_, i) => `word ==w${i}==`).join(' ')}\n`,
  'cloze-bait.md': () => `${'{{c1::'.repeat(20_000)}\n\n${'{{c1::a::'.repeat(10_000)}\n\n${'=='.repeat(30_000)}a\n\n${'==a='.repeat(3_000)}\n`,
  'answer-line-bait.md': () =>
    `1. Which?\n\n- a\n- b\n\n${'Answer: '.repeat(5_000)}\n\n2. Which?\n\n- a\n- b\n\nA${', A'.repeat(20_000)}!\n\n3. Which?\n\n- a\n- b\n\n${'(A) and '.repeat(20_000)}x\n`,
  'label-bait.md': () => `${'**Q1.'.repeat(20_000)}\n\n${'Q '.repeat(30_000)}?\n\n- ${'[x] '.repeat(20_000)}\n- ${' ->'.repeat(30_000)}\n`,
  'term-bait.md': () => `- ${'**a**'.repeat(20_000)}: def\n- ${'a: '.repeat(20_000)}\n- ${'http:'.repeat(20_000)} x\n\n${'Term\n: '.repeat(10_000)}\n`,
  'details-bait.md': () => `<details>${'<summary>'.repeat(20_000)}\n\n</details>\n\n<details>\n${'<a '.repeat(30_000)}\n</details>\n`,
  // Near-miss bait: endless emphasis runs before a `?`, lettered lines, labels without answers.
  'near-miss-bait.md': () => `${'*'.repeat(200_000)}a?\n\n${'A. x\nB. y\n'.repeat(20_000)}\n${'**Q: why?**\n\n'.repeat(10_000)}1. ${'_'.repeat(100_000)}?\n   more\n`,
  'emphasis-bait.md': () => `${'*a **b _c '.repeat(30_000)}?\n\n- ${'`'.repeat(50_000)}\n- ${'** '.repeat(30_000)}\n`,
};

/**
 * Runs `fn` and fails when it took longer than `BOUND_MS`, or on a busy machine longer than
 * `BUSY_RATIO` × `baselineMs` (markdown-it's parse of the same text, timed just before):
 * load slows both alike, a hang or a quadratic path does not keep the ratio.
 */
function timed<T>(what: string, baselineMs: number, fn: () => T): T {
  const bound = Math.max(BOUND_MS, BUSY_RATIO * baselineMs);
  const start = performance.now();
  const result = fn();
  const ms = performance.now() - start;
  assert.ok(ms < bound, `${what} took ${Math.round(ms)} ms (bound ${Math.round(bound)} ms; markdown-it's parse ${Math.round(baselineMs)} ms)`);
  return result;
}

describe('cloze cards per paragraph', () => {
  const paragraph = (n: number) => `# T\n\n${Array.from({ length: n }, (_, i) => `word ==w${i}==`).join(' ')}\n`;

  it(`makes every cloze card of a paragraph with ${MAX_CLOZE_CARDS_PER_PARAGRAPH} deletions, and reports nothing`, () => {
    const note = parseNote(paragraph(MAX_CLOZE_CARDS_PER_PARAGRAPH));
    assert.equal(note.cards.filter((c) => c.kind === 'cloze').length, MAX_CLOZE_CARDS_PER_PARAGRAPH);
    assert.deepEqual(note.problems, []);
  });

  it('keeps the first cards of a paragraph with more, and says how many were left out, on the paragraph\'s line', () => {
    const note = parseNote(paragraph(4_000));
    const cloze = note.cards.filter((c) => c.kind === 'cloze');
    assert.ok(cloze.length > 0 && cloze.length <= MAX_CLOZE_CARDS_PER_PARAGRAPH, `${cloze.length} cloze cards`);
    assert.deepEqual(cloze.slice(0, 2).map((c) => c.answer), ['w0', 'w1']);
    assert.deepEqual(
      note.problems.map((p) => [p.line, p.code, p.severity]),
      [[3, 'too-many-clozes', 'warning']],
    );
    assert.match(note.problems[0].message, new RegExp(`^this paragraph would make 4000 cloze cards: only the first ${cloze.length} are made`));
    // The prompts stay within the budget whatever the paragraph's length.
    assert.ok(cloze.reduce((sum, c) => sum + c.prompt.length, 0) <= 2_000_000);
  });
});

describe('hostile notes: linear in their size', function () {
  this.timeout(120_000);
  // markdown-it as shipped, with our parser's options: the baseline, timed in the same test.
  const markdownIt = new MarkdownIt('default', { html: true, linkify: false, typographer: false });
  /**
   * The fastest of a few runs of each, interleaved, so that a busy machine slows both alike
   * and a pause of one run is not counted: three runs, and up to three more while the
   * subject is over the bound (a loaded CI machine paused one of three; a quadratic reader
   * is over it in every run).
   */
  const fastest = (baseline: () => unknown, subject: () => unknown): { baselineMs: number; subjectMs: number } => {
    let baselineMs = Infinity;
    let subjectMs = Infinity;
    for (let run = 0; run < 6 && (run < 3 || subjectMs > RELATIVE_BOUND * baselineMs); run++) {
      let start = performance.now();
      baseline();
      baselineMs = Math.min(baselineMs, performance.now() - start);
      start = performance.now();
      subject();
      subjectMs = Math.min(subjectMs, performance.now() - start);
    }
    return { baselineMs, subjectMs };
  };

  for (const [name, make] of Object.entries(LINEAR_SHAPES)) {
    it(`${name} (1 MB) is parsed, its quiz lenses counted and its answers masked in at most ${RELATIVE_BOUND} × markdown-it's parse of it`, () => {
      const text = make();
      assert.ok(text.length >= 1_000_000);
      const { baselineMs, subjectMs } = fastest(
        () => markdownIt.parse(text, {}),
        () => {
          const note = parseNote(text, { noteKey: name });
          quizCountsBySection(note);
          answerMasks(text, note);
        },
      );
      assert.ok(subjectMs <= RELATIVE_BOUND * baselineMs, `${name}: ${Math.round(subjectMs)} ms, markdown-it ${Math.round(baselineMs)} ms (bound ${RELATIVE_BOUND} ×)`);
    });
  }

  it('the shapes still read as notes: subjects and bullets are terms, lists of bold phrases are not', () => {
    const terms = (name: string) => parseNote(LINEAR_SHAPES[name]()).terms;
    assert.ok(terms('bold-subject-sentences.md').length > 40_000);
    assert.ok(terms('glossary-bullets.md').length > 25_000);
    assert.equal(terms('bold-phrases-one-sentence.md').length, 0);
    // One sentence gives at most a few terms, however many bold phrases it holds.
    assert.ok(terms('bold-appositions-one-sentence.md').length <= 3);
    const empty = parseNote(LINEAR_SHAPES['empty-clozes-one-paragraph.md']());
    assert.ok(empty.problems.length > 50_000 && empty.problems.every((p) => p.code === 'empty-cloze' && p.line === 1));
    const cloze = parseNote(LINEAR_SHAPES['cloze-deletions-one-paragraph.md']());
    assert.ok(cloze.cards.length >= 1 && answerMasks(LINEAR_SHAPES['cloze-deletions-one-paragraph.md'](), cloze).length > 10_000);
  });
});

describe('hostile notes', function () {
  // The steps are bounded by `timed`; this only stops a hang.
  this.timeout(20 * 60_000);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-hostile-'));
    for (const [name, make] of Object.entries(HOSTILE)) fs.writeFileSync(path.join(dir, name), make());
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const name of Object.keys(HOSTILE)) {
    it(`${name} is parsed and linted without a crash, within ${BOUND_MS / 1000} s (${BUSY_RATIO} × markdown-it's parse on a busy machine)`, () => {
      const bytes = fs.readFileSync(path.join(dir, name));
      const text = new TextDecoder('utf-8').decode(bytes);
      const markdownIt = new MarkdownIt('default', { html: true, linkify: false, typographer: false });
      const started = performance.now();
      markdownIt.parse(text, {});
      const baselineMs = performance.now() - started;
      const note = timed(`parsing ${name}`, baselineMs, () => parseNote(text, { noteKey: name }));
      assert.ok(note.lineCount >= 1);
      const explained = timed(`explaining ${name}`, baselineMs, () => explainNote(text, { noteKey: name }));
      assert.equal(explained.cards.length, note.cards.length);
      let stderr = '';
      const io = createNodeCliIo({ cwd: dir, stdout: () => undefined, stderr: (t) => void (stderr += t) });
      const status = timed(`linting ${name}`, baselineMs, () => runCli(['lint', name], io));
      if (name === 'binary.md' || name === 'invalid-utf8.md') {
        assert.equal(status, 2);
        assert.match(stderr, name === 'binary.md' ? /binary file/ : /not valid UTF-8/);
      } else {
        assert.ok(status === 0 || status === 1, `lint exit status ${status}: ${stderr}`);
        assert.doesNotMatch(stderr, /internal error/);
      }
    });
  }
});
