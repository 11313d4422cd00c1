// `note-review mock`: the questions a mock exam would draw from a workspace or a note,
// reproducible with a seed (the same draw as "Note Review: Start Mock Exam…").
import { formatBreadcrumb, parseNote } from '../core';
import type { Note, ParseOptions } from '../core';
import { drawMockExam, MOCK_DEFAULTS, type MockDraw, type MockQuestion } from '../core/mock/mock-exam';
import { seededRandom } from '../core/quiz/quiz-items';
import type { CliIo } from './cli-io';
import { describeFsError, fileOrFolder, markdownFilesUnder, readNote, relativeKey } from './note-files';
import type { MockArgs } from './parse-args';

/** What `mock --json` prints. */
export interface MockJson {
  readonly seed: number;
  readonly requested: number;
  readonly available: number;
  readonly questions: readonly {
    readonly id: string;
    readonly note: string;
    readonly line: number;
    readonly section: readonly string[];
    readonly prompt: string;
    readonly options: readonly string[];
  }[];
  readonly perWeight: readonly { readonly note: string; readonly section: readonly string[]; readonly weight: number; readonly drawn: number; readonly available: number }[];
}

/** Runs `mock` on PATH (a workspace folder or a note); 0, or 2 when the path or a note could not be read. */
export function runMock(path: string, json: boolean, args: MockArgs, io: CliIo, parse: (text: string, options: ParseOptions) => Note = parseNote, options: Omit<ParseOptions, 'noteKey'> = {}): number {
  const fail = (subject: string, reason: string): number => {
    io.stderr(`note-review: ${subject}: ${reason}\n`);
    return 2;
  };
  const kind = fileOrFolder(io, path);
  if (kind !== 'file' && kind !== 'directory') return fail(path, kind);
  const files = kind === 'directory' ? [...markdownFilesUnder(io, path, (folder, error) => void fail(folder, describeFsError(error)))] : [path];
  const root = kind === 'directory' ? path : '';
  let status = 0;
  const all: MockQuestion[] = [];
  for (const file of files) {
    const key = kind === 'directory' ? relativeKey(root, file) : file.replace(/\\/g, '/');
    const note = readNote(io, file, key, parse, options);
    if (typeof note === 'string') {
      status = fail(file, note);
      continue;
    }
    for (const card of note.cards) all.push({ id: card.id, note: key, section: card.section, card });
  }
  // Without --seed the draw is random, and the seed used is printed so that it can be drawn again.
  const seed = args.seed ?? Math.floor((io.now?.() ?? Date.now()) % 1_000_000);
  const draw = drawMockExam(all, { count: args.count ?? MOCK_DEFAULTS.questionCount, random: seededRandom(seed), weights: args.weights });
  if (json) io.stdout(`${JSON.stringify(mockJson(seed, draw, all.length), null, 2)}\n`);
  else io.stdout(formatMock(seed, draw));
  return status;
}

function mockJson(seed: number, draw: MockDraw, available: number): MockJson {
  return {
    seed,
    requested: draw.requested,
    available,
    questions: draw.questions.map((q) => ({ id: q.id, note: q.note, line: q.card.line, section: q.section, prompt: q.card.prompt, options: (q.card.options ?? []).map((o) => o.label) })),
    perWeight: draw.perWeight.map((p) => ({ note: p.weight.note, section: p.weight.section ?? [], weight: p.weight.weight, drawn: p.drawn, available: p.available })),
  };
}

/** The human listing: one line per question drawn, then what could not be drawn. */
export function formatMock(seed: number, draw: MockDraw): string {
  const width = String(draw.questions.length).length;
  const lines = [`Mock exam, seed ${seed}: ${draw.questions.length} question${draw.questions.length === 1 ? '' : 's'}`];
  draw.questions.forEach((q, i) => {
    const prompt = q.card.prompt.trim().split(/\r?\n/, 1)[0] ?? '';
    lines.push(`${String(i + 1).padStart(width)}. ${prompt.length > 100 ? `${prompt.slice(0, 99)}…` : prompt}  (${q.note}:${q.card.line})`);
  });
  if (draw.questions.length < draw.requested) lines.push(`Only ${draw.questions.length} of the ${draw.requested} asked for: the notes hold no more multiple-choice questions${draw.perWeight.length > 0 ? ' under the weights given' : ''}.`);
  for (const p of draw.perWeight) lines.push(`  weight ${p.weight.weight}  ${formatBreadcrumb([p.weight.note, ...(p.weight.section ?? [])])}: ${p.drawn} of ${p.available}`);
  return `${lines.join('\n')}\n`;
}
