import { explainNote, noteToJson, parseNote } from '../core';
import type { Note, NoteExplanation, NoteJson, ParseOptions } from '../core';
import { formatExplanation } from './explain-command';
import { version } from '../../package.json';
import type { CliIo } from './cli-io';
import { decodeNote } from '../core/index/decode-note';
import { describeFsError, markdownFilesUnder } from './note-files';
import { runMock } from './mock-command';
import { runStats } from './stats-command';
import { parseArgs, settingKeysHelp } from './parse-args';
import type { CliCommand } from './parse-args';

/** Exit statuses of `note-review`; when several apply, the highest wins. */
export const ExitStatus = {
  ok: 0,
  /** `lint` found a problem of severity `error`. */
  lintErrors: 1,
  /** The command line was wrong, or a path could not be read as a note. */
  failure: 2,
} as const;

/** The parser the CLI runs; tests pass a recording one to see the options it gets. */
export type NoteParser = (text: string, options: ParseOptions) => Note;

/** Usage text of `note-review --help`. */
export const USAGE = `Usage: note-review <command> [options] PATH...

Commands:
  parse FILE...   Show what Note Review understands of each note: counts of sections,
                  cards, terms and problems, and the list of cards.
  explain FILE... Show how each note was read: every card with its line, the format
                  (reader) that made it and its answer, then every near miss: a block
                  that looks like a question but made no card, with the forms it could use.
  lint PATH...    Print each problem of the notes as "file:line: severity: message".
                  Folders are searched recursively for *.md files (node_modules and
                  folders whose name starts with "." are skipped).
  stats PATH      Print review statistics from the review log (.note-review/log): cards
                  by state, reviews and study time per day, streak, due forecast, true
                  retention, answer buttons, average recall by section. PATH is a
                  workspace folder, or a note (found in the nearest folder above it
                  that holds a review log).
  mock PATH       List the questions a mock exam draws from a workspace folder or a
                  note (multiple-choice questions, by section weight when given).

Options:
  --json            parse: print {"files":[...]} with the full model of each note.
                    explain: print {"files":[...]} with the cards and near misses.
                    stats: print every figure as JSON (daily series included).
                    mock: print the questions drawn, with their options, as JSON.
  --exam YYYY-MM-DD stats: also print the predicted score on that exam day (FSRS
                    recall, per section) and today's new-card allowance.
  --weight NOTE[#SECTION>SUBSECTION]=N
                    stats, mock: the weight of part of the exam (repeatable).
  --seed N          mock: draw with this seed (the same seed, the same questions).
  --count N         mock: how many questions (default 65).
  --log FOLDER      stats: the review log folder, if not .note-review/log.
  --set KEY=VALUE   Change how notes are read for this run (repeatable); the keys of a
                    note's front matter (note-review:), lists comma-separated, an empty
                    separator turns its cards off; flashcards.KEY is accepted too:
${settingKeysHelp('                      ')}
  -h, --help        Show this help.
  -v, --version     Show the version.

Examples:
  note-review parse notes/aws.md          What one note holds: sections, cards, terms, problems.
  note-review parse --json notes/aws.md   The same as JSON, for scripts.
  note-review explain notes/aws.md        Which reader made each card, and what looks like a
                                          question but made none (--json for scripts).
  note-review lint notes/                 Every problem of every note under notes/.
  note-review lint --set separator=';;' notes/
                                          Lint notes whose flashcards are written front;;back.
  note-review parse --set 'clozePatterns=**answer**' --set readersOff=qa-pairs a.md
                                          Bold text is a cloze; Q:/A: lines make no cards.
  note-review stats notes/                Review statistics of the workspace folder notes/.
  note-review stats --json notes/aws.md   The statistics of one note as JSON.
  note-review stats --exam 2027-03-01 --weight 'aws.md#Domain 1=20' notes/
                                          Predicted exam-day score, Domain 1 weighted 20.
  note-review stats --log backup/log notes/
                                          Statistics from a review log kept elsewhere.
  note-review mock --seed 7 --json notes/ The questions of a 65-question mock exam, as JSON.
  note-review mock --count 20 --seed 3 --weight 'aws.md#Domain 1=3' --weight 'aws.md#Domain 2=1' notes/
                                          20 questions, three from Domain 1 for one from Domain 2.
  note-review --version                   The version of Note Review.

Exit status: 0 when done, 1 when lint found a problem of severity error,
2 on a usage error or when a path could not be read as a note (other paths are still done).
`;

const PROGRAM = 'note-review';

/**
 * Runs one `note-review` command line (`argv` without `node` and the script) and returns
 * its exit status. All input and output goes through `io`.
 */
export function runCli(argv: readonly string[], io: CliIo, parse: NoteParser = parseNote): number {
  const args = parseArgs(argv);
  switch (args.kind) {
    case 'help':
      io.stdout(USAGE);
      return ExitStatus.ok;
    case 'version':
      io.stdout(`${version}\n`);
      return ExitStatus.ok;
    case 'usage-error':
      io.stderr(`${PROGRAM}: ${args.message}\n\n${USAGE}`);
      return ExitStatus.failure;
    case 'run':
      if (args.command === 'stats') return runStats(args.paths[0], args.json, args.stats, io, parse, { reading: args.reading });
      if (args.command === 'mock') return runMock(args.paths[0], args.json, args.mock, io, parse, { reading: args.reading });
      return new CommandRun(args.command, io, parse, { reading: args.reading }).run(args.paths, args.json);
    default: {
      const unexpected: never = args;
      throw new Error(`unexpected arguments ${JSON.stringify(unexpected)}`);
    }
  }
}

/** One run of `parse` or `lint` over the paths of the command line. */
class CommandRun {
  private status: number = ExitStatus.ok;

  constructor(
    private readonly command: CliCommand,
    private readonly io: CliIo,
    private readonly parse: NoteParser,
    private readonly options: Omit<ParseOptions, 'noteKey'>,
  ) {}

  run(paths: readonly string[], json: boolean): number {
    const notes: NoteJson[] = [];
    const explained: ({ file: string } & NoteExplanation)[] = [];
    for (const path of paths) {
      for (const file of this.notesAt(path)) {
        if (this.command === 'explain') {
          const explanation = this.explain(file);
          if (explanation === undefined) continue;
          if (json) explained.push({ file, ...explanation });
          else this.io.stdout(formatExplanation(file, explanation));
          continue;
        }
        const note = this.readNote(file);
        if (note === undefined) continue;
        if (this.command === 'lint') this.printProblems(file, note);
        else if (json) notes.push(noteToJson(file, note));
        else this.io.stdout(formatSummary(file, note));
      }
    }
    if (json) this.io.stdout(`${JSON.stringify({ files: this.command === 'explain' ? explained : notes }, null, 2)}\n`);
    return this.status;
  }

  /** The note files a command-line path stands for, in a stable order. */
  private *notesAt(path: string): Generator<string> {
    let kind;
    try {
      kind = this.io.stat(path);
    } catch (error) {
      this.fail(path, describeFsError(error));
      return;
    }
    if (kind === undefined) this.fail(path, 'no such file or directory');
    else if (kind === 'file') yield path;
    else if (kind === 'other') this.fail(path, 'not a regular file');
    else if (this.command !== 'lint') this.fail(path, `is a directory (${this.command} takes files; lint also takes folders)`);
    else yield* markdownFilesUnder(this.io, path, (folder, error) => this.fail(folder, describeFsError(error)));
  }

  private readNote(file: string): Note | undefined {
    const text = this.readText(file);
    return text === undefined ? undefined : this.guarded(file, () => this.parse(text, { ...this.options, noteKey: noteKeyOf(file) }));
  }

  private explain(file: string): NoteExplanation | undefined {
    const text = this.readText(file);
    return text === undefined ? undefined : this.guarded(file, () => explainNote(text, { ...this.options, noteKey: noteKeyOf(file) }));
  }

  /** The decoded text of a note file, or undefined (reported) when it cannot be read as one. */
  private readText(file: string): string | undefined {
    let bytes;
    try {
      bytes = this.io.readFile(file);
    } catch (error) {
      this.fail(file, describeFsError(error));
      return undefined;
    }
    const decoded = decodeNote(bytes);
    if (!decoded.ok) {
      this.fail(file, decoded.reason);
      return undefined;
    }
    return decoded.text;
  }

  private guarded<T>(file: string, read: () => T): T | undefined {
    try {
      return read();
    } catch (error) {
      // A parser bug on one note should not hide the results for the others.
      this.fail(file, `internal error while parsing, please report it: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  private printProblems(file: string, note: Note): void {
    const lines = note.problems.map((p) => `${file}:${p.line}: ${p.severity}: ${p.message}\n`);
    this.io.stdout(lines.join(''));
    if (note.problems.some((p) => p.severity === 'error')) this.raise(ExitStatus.lintErrors);
  }

  private fail(path: string, reason: string): void {
    this.io.stderr(`${PROGRAM}: ${path}: ${reason}\n`);
    this.raise(ExitStatus.failure);
  }

  private raise(status: number): void {
    this.status = Math.max(this.status, status);
  }
}

function noteKeyOf(file: string): string {
  return file.replace(/\\/g, '/');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The human summary of `parse` without `--json`: one line of counts, then one line per card. */
export function formatSummary(file: string, note: Note): string {
  const counts = [
    plural(note.sections.length, 'section'),
    plural(note.cards.length, 'card'),
    plural(note.terms.length, 'term'),
    plural(note.problems.length, 'problem'),
  ];
  const lineWidth = String(Math.max(0, ...note.cards.map((c) => c.line))).length;
  const cards = note.cards.map((card) => {
    const prompt = card.prompt.trim().split(/\r?\n/, 1)[0] ?? '';
    const shown = prompt.length > 100 ? `${prompt.slice(0, 99)}…` : prompt;
    return `  ${String(card.line).padStart(lineWidth)}  ${card.kind.padEnd(9)}  ${shown}\n`;
  });
  return `${file}: ${counts.join(', ')}\n${cards.join('')}`;
}
