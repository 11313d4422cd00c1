// `npm run fidelity`: how well the parser reads the style corpus (test/fixtures/styles).
// Prints one row per style and the overall card recall, card precision and answer accuracy;
// `--json` prints the same as JSON; `--details` also lists every missed, invented and
// wrongly answered card. Exit code 0 either way: the floor is asserted by the unit tests.
// Build: tsc -p scripts/fidelity/tsconfig.json (into node_modules/.cache/note-review-fidelity).
import * as path from 'node:path';
import { scoreCorpus, stylesDir, type StyleResult } from './corpus';
import { termTotalOf, totalOf, type ExpectedCard, type FoundCard, type TotalScore } from './score';

const ROOT = path.resolve(__dirname, '../../../../..');

function pct(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

function answerText(answer: string | readonly string[]): string {
  const text = typeof answer === 'string' ? answer : `[${answer.join(' | ')}]`;
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 70 ? `${oneLine.slice(0, 67)}...` : oneLine;
}

function cardText(card: ExpectedCard | FoundCard): string {
  return `line ${card.line} ${card.kind} "${answerText(card.prompt)}" -> ${answerText(card.answer)}`;
}

function table(results: readonly StyleResult[], total: TotalScore): string {
  const header = ['style', 'expected', 'found', 'matched', 'recall', 'precision', 'answers', 'prompts'];
  const rows = results.map(({ style, score: s }) => [
    style,
    String(s.expected),
    String(s.found),
    String(s.matched),
    pct(s.recall),
    pct(s.precision),
    pct(s.answerAccuracy),
    pct(s.promptAccuracy),
  ]);
  rows.push([
    `OVERALL (${total.notes} styles)`,
    String(total.expected),
    String(total.found),
    String(total.matched),
    pct(total.recall),
    pct(total.precision),
    pct(total.answerAccuracy),
    pct(total.promptAccuracy),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(0, -1).map(line), line(widths.map((w) => '-'.repeat(w))), line(rows[rows.length - 1])].join('\n');
}

function termTable(results: readonly StyleResult[]): string {
  const scored = results.filter((r) => r.terms !== undefined);
  const total = termTotalOf(scored.map((r) => r.terms!));
  const rows = [
    ...scored.map((r) => [r.style, String(r.terms!.expected), String(r.terms!.found), String(r.terms!.matched), pct(r.terms!.recall), pct(r.terms!.precision), pct(r.terms!.definitionAccuracy)]),
    [`TERMS OVERALL (${total.notes} styles)`, String(total.expected), String(total.found), String(total.matched), pct(total.recall), pct(total.precision), pct(total.definitionAccuracy)],
  ];
  const header = ['terms of style', 'expected', 'found', 'matched', 'recall', 'precision', 'definitions'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Styles whose note holds nothing to study: no card and no term expected. */
function proseOnlyOf(results: readonly StyleResult[]): StyleResult[] {
  return results.filter((r) => r.score.expected === 0 && (r.terms === undefined || r.terms.expected === 0));
}

function details(results: readonly StyleResult[]): string {
  const out: string[] = [];
  for (const { style, score, terms } of results) {
    const wrong = score.matches.filter((m) => !m.answerRight);
    const termIssues = terms ? terms.missed.length + terms.invented.length : 0;
    if (score.missed.length + score.invented.length + wrong.length + termIssues === 0) continue;
    out.push(`\n${style}`);
    for (const card of score.missed) out.push(`  missed   ${cardText(card)}`);
    for (const card of score.invented) out.push(`  invented ${cardText(card)}`);
    for (const m of wrong) out.push(`  answer   line ${m.found.line}: expected ${answerText(m.expected.answer)}, found ${answerText(m.found.answer)}`);
    for (const t of terms?.missed ?? []) out.push(`  missed term   line ${t.line} "${t.term}"`);
    for (const t of terms?.invented ?? []) out.push(`  invented term line ${t.line} "${t.term}" -> ${answerText(t.definition)}`);
  }
  return out.join('\n');
}

function main(): void {
  const results = scoreCorpus(stylesDir(ROOT));
  const total = totalOf(results.map((r) => r.score));
  const proseOnly = proseOnlyOf(results);
  const proseWithCards = proseOnly.filter((r) => r.score.found > 0).map((r) => r.style);
  if (process.argv.includes('--json')) {
    const json = {
      overall: total,
      terms: termTotalOf(results.flatMap((r) => (r.terms ? [r.terms] : []))),
      proseOnly: { styles: proseOnly.map((r) => r.style), withCards: proseWithCards },
      styles: results.map((r) => ({
        style: r.style,
        expected: r.score.expected,
        found: r.score.found,
        matched: r.score.matched,
        recall: r.score.recall,
        precision: r.score.precision,
        answerAccuracy: r.score.answerAccuracy,
        promptAccuracy: r.score.promptAccuracy,
        missed: r.score.missed,
        invented: r.score.invented,
        wrongAnswers: r.score.matches.filter((m) => !m.answerRight).map((m) => ({ line: m.found.line, expected: m.expected.answer, found: m.found.answer })),
        ...(r.terms ? { terms: r.terms } : {}),
      })),
    };
    console.log(JSON.stringify(json, null, 2));
    return;
  }
  console.log(table(results, total));
  console.log(`\n${termTable(results)}`);
  console.log(`\nprose-only styles (no cards expected): ${proseOnly.length}; of them with cards found: ${proseWithCards.length === 0 ? 'none' : proseWithCards.join(', ')}`);
  if (process.argv.includes('--details')) console.log(details(results));
}

main();
