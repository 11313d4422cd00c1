import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { explainNote, noteToJson, parseNote } from '../../src/core';
import type { Card, Note, ParseOptions, Problem } from '../../src/core';
import { createNodeCliIo } from '../../src/cli/node-cli-io';
import { runCli } from '../../src/cli/run-cli';
import type { NoteParser } from '../../src/cli/run-cli';
import { version } from '../../package.json';

/** A note the finished parser reads as one multiple-choice card with no answer marked. */
const UNANSWERED = '# Quiz\n\n1. Which is right?\n\n- a\n- b\n';
/** The same question with its right answer marked. */
const ANSWERED = '# Quiz\n\n1. Which is right?\n\n- a\n- `b`\n';

interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly stderrLines: string[];
}

/** A note-review run over a real temporary folder, with the output captured. */
class Workspace {
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-cli-'));

  write(file: string, content: string | Uint8Array): this {
    const full = path.join(this.root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
    return this;
  }

  run(argv: string[], parse?: NoteParser): CliResult {
    let stdout = '';
    let stderr = '';
    const io = createNodeCliIo({ cwd: this.root, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
    const status = runCli(argv, io, parse);
    return { status, stdout, stderr, stderrLines: stderr.split('\n').filter((l) => l !== '') };
  }

  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** A parser that records what it was asked and returns the given problems for every note. */
function recordingParser(problems: Problem[] = []): NoteParser & { calls: { text: string; options: ParseOptions }[] } {
  const calls: { text: string; options: ParseOptions }[] = [];
  const parser = (text: string, options: ParseOptions): Note => {
    calls.push({ text, options });
    return { sections: [], cards: [], terms: [], problems, lineCount: text.split('\n').length, codeBlocks: [] };
  };
  return Object.assign(parser, { calls });
}

const NUL_BYTES = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
/** "café" in Latin-1 on line 2: 0xE9 is not UTF-8. */
const LATIN1 = Uint8Array.from([...Buffer.from('# Notes\ncaf'), 0xe9, 0x0a]);

describe('note-review CLI', () => {
  let ws: Workspace;
  beforeEach(() => (ws = new Workspace()));
  afterEach(() => ws.dispose());

  describe('parse', () => {
    it('parse --json prints {"files":[…]} with the core JSON of each file, named as given', () => {
      ws.write('a.md', ANSWERED).write('sub/b.md', UNANSWERED);
      const result = ws.run(['parse', 'a.md', 'sub/b.md', '--json']);
      assert.equal(result.status, 0);
      assert.equal(result.stderr, '');
      const json = JSON.parse(result.stdout);
      assert.deepEqual(Object.keys(json), ['files']);
      assert.deepEqual(json.files, [
        noteToJson('a.md', parseNote(ANSWERED, { noteKey: 'a.md' })),
        noteToJson('sub/b.md', parseNote(UNANSWERED, { noteKey: 'sub/b.md' })),
      ]);
      for (const file of json.files) {
        for (const key of ['sections', 'cards', 'terms', 'problems']) assert.ok(Array.isArray(file[key]), key);
      }
    });

    it('parse --json shows the sections and the multiple-choice card of a note with its right option', () => {
      ws.write('a.md', ANSWERED);
      const file = JSON.parse(ws.run(['parse', '--json', 'a.md']).stdout).files[0];
      assert.deepEqual(file.sections.map((s: { title: string; level: number; line: number }) => [s.title, s.level, s.line]), [['Quiz', 1, 1]]);
      assert.equal(file.cards.length, 1);
      const card = file.cards[0];
      assert.equal(card.kind, 'mcq');
      assert.equal(card.line, 3);
      assert.equal(card.section, 'Quiz');
      assert.equal(card.prompt, 'Which is right?');
      assert.deepEqual(card.options.map((o: { label: string; correct: boolean }) => [o.label, o.correct]), [['a', false], ['b', true]]);
    });

    it('parse without --json prints one line of counts per file', () => {
      ws.write('a.md', '# Empty\n');
      const result = ws.run(['parse', 'a.md'], recordingParser());
      assert.equal(result.status, 0);
      assert.equal(result.stdout, 'a.md: 0 sections, 0 cards, 0 terms, 0 problems\n');
    });

    it('parse without --json lists each card with its line, kind and prompt', () => {
      ws.write('a.md', ANSWERED);
      const result = ws.run(['parse', 'a.md']);
      assert.equal(result.status, 0);
      assert.match(result.stdout, /^a\.md: 1 section, 1 card, 0 terms, 0 problems\n/);
      assert.match(result.stdout, /\n {2}3 {2}mcq {8}Which is right\?\n$/);
    });

    it('the summary shows the first line of each prompt, cut at 100 characters, with line numbers aligned', () => {
      ws.write('a.md', '');
      const card = (line: number, kind: Card['kind'], prompt: string): Card => ({ id: `c${line}`, kind, line, endLine: line, section: [], prompt });
      const parse: NoteParser = () => ({
        sections: [],
        cards: [card(7, 'flashcard', 'Front\nmore front'), card(120, 'cloze', 'x'.repeat(120))],
        terms: [],
        problems: [],
        lineCount: 130,
        codeBlocks: [],
      });
      assert.equal(
        ws.run(['parse', 'a.md'], parse).stdout,
        `a.md: 0 sections, 2 cards, 0 terms, 0 problems\n    7  flashcard  Front\n  120  cloze      ${'x'.repeat(99)}…\n`,
      );
    });

    it('the note key given to the parser is the path as given, with forward slashes', () => {
      ws.write('sub/b.md', ANSWERED);
      const parser = recordingParser();
      ws.run(['parse', 'sub/b.md', './sub/b.md'], parser);
      assert.deepEqual(parser.calls.map((c) => c.options.noteKey), ['sub/b.md', './sub/b.md']);
    });

    it('a UTF-8 byte order mark is stripped before parsing', () => {
      ws.write('bom.md', Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from('# Title\n')]));
      const parser = recordingParser();
      const result = ws.run(['parse', 'bom.md'], parser);
      assert.equal(result.status, 0);
      assert.equal(parser.calls[0].text, '# Title\n');
    });

    it('parse --json still prints {"files":[]} when no file could be read', () => {
      const result = ws.run(['parse', '--json', 'missing.md']);
      assert.equal(result.status, 2);
      assert.deepEqual(JSON.parse(result.stdout), { files: [] });
    });
  });

  describe('explain', () => {
    const NOTE = '# Quiz\n\n1. Which is right?\n\n- a\n- `b`\n\n**What is TCP?**\n\nA stream protocol.\n';

    it('lists each card with its line, format and answer, then each near miss with the forms it could use', () => {
      ws.write('a.md', NOTE);
      const result = ws.run(['explain', 'a.md']);
      assert.equal(result.status, 0);
      assert.equal(result.stderr, '');
      const lines = result.stdout.split('\n');
      assert.equal(lines[0], 'a.md: 1 card, 1 near miss');
      assert.equal(lines[1], '  3  mcq        multiple-choice  Which is right?  ->  B. b');
      assert.equal(lines[2], 'Near misses (look like a question, made no card):');
      assert.match(lines[3], /^ {2}8 {2}\*\*What is TCP\?\*\*$/);
      assert.match(lines[4], /a bold question, but no answer was found for it; could use: `Q: …` on one line/);
    });

    it('explain --json prints {"files":[…]} with the cards and near misses of each file', () => {
      ws.write('a.md', NOTE);
      const json = JSON.parse(ws.run(['explain', '--json', 'a.md']).stdout);
      assert.deepEqual(json, { files: [{ file: 'a.md', ...explainNote(NOTE, { noteKey: 'a.md' }) }] });
      assert.deepEqual(json.files[0].nearMisses.map((m: { line: number; shape: string }) => [m.line, m.shape]), [[8, 'bold-question']]);
    });

    it('explain takes files, not folders, and needs at least one', () => {
      ws.write('sub/a.md', NOTE);
      const folder = ws.run(['explain', 'sub']);
      assert.equal(folder.status, 2);
      assert.match(folder.stderr, /sub: is a directory \(explain takes files/);
      const none = ws.run(['explain']);
      assert.equal(none.status, 2);
      assert.match(none.stderr, /explain needs at least one file/);
    });
  });

  describe('lint', () => {
    it('prints "file:line: warning: no answer marked" for a question without a marked answer and exits 0', () => {
      ws.write('notes/quiz.md', UNANSWERED);
      const result = ws.run(['lint', 'notes/quiz.md']);
      assert.equal(result.stdout, 'notes/quiz.md:3: warning: no answer marked\n');
      assert.equal(result.stderr, '');
      assert.equal(result.status, 0);
    });

    it('prints nothing and exits 0 for a note whose question has its answer marked', () => {
      ws.write('quiz.md', ANSWERED);
      const result = ws.run(['lint', 'quiz.md']);
      assert.deepEqual([result.status, result.stdout, result.stderr], [0, '', '']);
    });

    it('prints every problem as file:line: severity: message', () => {
      ws.write('a.md', 'x\n');
      const problems: Problem[] = [
        { line: 3, severity: 'warning', message: 'no answer marked', code: 'no-answer' },
        { line: 9, severity: 'info', message: 'duplicate question', code: 'duplicate-question' },
      ];
      const result = ws.run(['lint', 'a.md'], recordingParser(problems));
      assert.equal(result.stdout, 'a.md:3: warning: no answer marked\na.md:9: info: duplicate question\n');
      assert.equal(result.status, 0);
    });

    it('exits 1 when any problem is an error', () => {
      ws.write('a.md', 'x\n');
      const result = ws.run(['lint', 'a.md'], recordingParser([{ line: 2, severity: 'error', message: 'empty answer', code: 'empty-answer' }]));
      assert.equal(result.stdout, 'a.md:2: error: empty answer\n');
      assert.equal(result.status, 1);
    });

    it('searches folders recursively for *.md, skipping node_modules and dot-folders', () => {
      ws.write('notes/a.md', '')
        .write('notes/deep/er/b.MD', '')
        .write('notes/deep/c.txt', '')
        .write('notes/node_modules/pkg/readme.md', '')
        .write('notes/.obsidian/d.md', '')
        .write('notes/z.md', '')
        .write('other.md', '');
      const parser = recordingParser();
      const result = ws.run(['lint', 'notes', 'other.md'], parser);
      assert.equal(result.status, 0);
      assert.deepEqual(parser.calls.map((c) => c.options.noteKey), ['notes/a.md', 'notes/deep/er/b.MD', 'notes/z.md', 'other.md']);
    });

    it('names the files of the working folder without a leading ./ and of a folder given with a slash without a double slash', () => {
      ws.write('a.md', '').write('sub/b.md', '');
      const parser = recordingParser();
      ws.run(['lint', '.', 'sub/'], parser);
      assert.deepEqual(parser.calls.map((c) => c.options.noteKey), ['a.md', 'sub/b.md', 'sub/b.md']);
    });

    it('lints a folder given explicitly even when its name starts with a dot', () => {
      ws.write('.notes/a.md', '');
      const parser = recordingParser();
      ws.run(['lint', '.notes'], parser);
      assert.deepEqual(parser.calls.map((c) => c.options.noteKey), ['.notes/a.md']);
    });
  });

  describe('files that are not notes', () => {
    it('a missing file is one stderr line and exit 2, and the other files are still parsed', () => {
      ws.write('a.md', ANSWERED).write('b.md', UNANSWERED);
      const result = ws.run(['parse', '--json', 'a.md', 'missing.md', 'b.md']);
      assert.equal(result.status, 2);
      assert.deepEqual(result.stderrLines, ['note-review: missing.md: no such file or directory']);
      assert.deepEqual(JSON.parse(result.stdout).files.map((f: { file: string }) => f.file), ['a.md', 'b.md']);
    });

    it('a directory given to parse is one stderr line and exit 2', () => {
      ws.write('dir/a.md', '').write('b.md', '');
      const result = ws.run(['parse', 'dir', 'b.md'], recordingParser());
      assert.equal(result.status, 2);
      assert.equal(result.stderrLines.length, 1);
      assert.match(result.stderrLines[0], /^note-review: dir: is a directory/);
      assert.equal(result.stdout, 'b.md: 0 sections, 0 cards, 0 terms, 0 problems\n');
    });

    it('a binary file (NUL bytes in the first 8 KB) is one stderr line and exit 2', () => {
      ws.write('image.md', NUL_BYTES).write('b.md', '');
      const parser = recordingParser();
      const result = ws.run(['lint', 'image.md', 'b.md'], parser);
      assert.equal(result.status, 2);
      assert.equal(result.stderrLines.length, 1);
      assert.match(result.stderrLines[0], /^note-review: image\.md: binary file/);
      assert.deepEqual(parser.calls.map((c) => c.options.noteKey), ['b.md']);
    });

    it('a NUL byte after the first 8 KB does not make a file binary', () => {
      ws.write('long.md', Uint8Array.from([...Buffer.from('a'.repeat(8192)), 0]));
      const result = ws.run(['parse', 'long.md'], recordingParser());
      assert.equal(result.status, 0);
    });

    it('a file that is not UTF-8 is one stderr line naming the line of the first bad byte, and exit 2', () => {
      ws.write('latin1.md', LATIN1).write('b.md', '');
      const parser = recordingParser();
      const result = ws.run(['parse', 'latin1.md', 'b.md'], parser);
      assert.equal(result.status, 2);
      assert.deepEqual(result.stderrLines, ['note-review: latin1.md: not valid UTF-8 text (first invalid byte on line 2); save it as UTF-8']);
      assert.equal(parser.calls.length, 1);
    });

    it('a UTF-8 sequence cut off at the end of the file is not UTF-8', () => {
      ws.write('cut.md', Uint8Array.from([...Buffer.from('ok\n\n'), 0xe2, 0x82]));
      const result = ws.run(['parse', 'cut.md'], recordingParser());
      assert.equal(result.status, 2);
      assert.match(result.stderr, /cut\.md: not valid UTF-8 text \(first invalid byte on line 3\)/);
    });

    it('exit 2 for an unreadable file wins over exit 1 for a lint error', () => {
      ws.write('a.md', 'x\n');
      const result = ws.run(['lint', 'a.md', 'missing.md'], recordingParser([{ line: 1, severity: 'error', message: 'e', code: 'no-answer' }]));
      assert.equal(result.stdout, 'a.md:1: error: e\n');
      assert.equal(result.status, 2);
    });

    it('a parser failure on one note is reported and the other notes are still done', () => {
      ws.write('a.md', 'boom').write('b.md', 'fine');
      const parse: NoteParser = (text, options) => {
        if (text === 'boom') throw new Error('kaput');
        return recordingParser()(text, options);
      };
      const result = ws.run(['parse', 'a.md', 'b.md'], parse);
      assert.equal(result.status, 2);
      assert.deepEqual(result.stderrLines, ['note-review: a.md: internal error while parsing, please report it: kaput']);
      assert.match(result.stdout, /^b\.md: /);
    });
  });

  describe('arguments', () => {
    it('--set passes each flashcard separator to the parser, under its flashcards. name or its own', () => {
      ws.write('a.md', '');
      const parser = recordingParser();
      const result = ws.run(
        [
          'parse',
          '--set', 'flashcards.separator=;;',
          '--set=flashcards.reversedSeparator=;;;',
          '--set', 'flashcards.multilineSeparator=??',
          '--set', 'multilineReversedSeparator=?=?',
          'a.md',
        ],
        parser,
      );
      assert.equal(result.status, 0);
      assert.deepEqual(parser.calls[0].options.reading, {
        separator: ';;',
        reversedSeparator: ';;;',
        multilineSeparator: '??',
        multilineReversedSeparator: '?=?',
      });
    });

    it('--set flashcards.separator changes which lines are flashcards', () => {
      ws.write('a.md', '# Cards\n\nCapital of France;;Paris\n');
      const file = JSON.parse(ws.run(['parse', '--json', '--set', 'flashcards.separator=;;', 'a.md']).stdout).files[0];
      assert.deepEqual(file.cards.map((c: { kind: string; prompt: string; answer: string }) => [c.kind, c.prompt, c.answer]), [['flashcard', 'Capital of France', 'Paris']]);
    });

    it('an unknown --set key is a usage error (exit 2) naming the key, and nothing is parsed', () => {
      ws.write('a.md', '');
      const parser = recordingParser();
      const result = ws.run(['parse', '--set', 'flashcards.separtor=;;', 'a.md'], parser);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /^note-review: unknown setting 'flashcards\.separtor'/);
      assert.match(result.stderr, /Usage: note-review/);
      assert.equal(result.stdout, '');
      assert.equal(parser.calls.length, 0);
    });

    it('--set takes every reading setting, read as its type: lists comma-separated, booleans, an empty separator', () => {
      ws.write('a.md', '');
      const parser = recordingParser();
      const result = ws.run(
        ['parse', '--set', 'clozePatterns=**answer**,{{answer}}', '--set', 'headingsAreCards=yes', '--set', 'separator=', '--set', 'readersOff=qa-pairs,details', '--set', 'cardTags=q', '--set', 'requiredTags=flashcards', '--set', 'multilineEndMarker=---', 'a.md'],
        parser,
      );
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(parser.calls[0].options.reading, {
        clozePatterns: ['**answer**', '{{answer}}'],
        headingsAreCards: true,
        separator: '',
        readersOff: ['qa-pairs', 'details'],
        cardTags: ['q'],
        requiredTags: ['flashcards'],
        multilineEndMarker: '---',
      });
    });

    it('--set takes a list as JSON when an item holds a comma', () => {
      ws.write('a.md', '');
      const parser = recordingParser();
      const result = ws.run(['parse', '--set', 'clozePatterns=["<<answer,>>", "**answer**"]', '--set', 'answerWords=[]', 'a.md'], parser);
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(parser.calls[0].options.reading, { clozePatterns: ['<<answer,>>', '**answer**'], answerWords: [] });
    });

    it('--set changes how a note reads: bold is a cloze, and an empty separator turns single-line cards off', () => {
      ws.write('a.md', 'Paris is the **capital** of France.\n\nCapital of Spain::Madrid\n');
      const file = JSON.parse(ws.run(['parse', '--json', '--set', 'clozePatterns=**answer**', '--set', 'separator=', 'a.md']).stdout).files[0];
      assert.deepEqual(file.cards.map((c: { kind: string; prompt: string; answer: string }) => [c.kind, c.prompt, c.answer]), [['cloze', 'Paris is the [...] of France.', 'capital']]);
    });

    for (const [argv, message] of [
      [['parse', '--set', 'headingsAreCards=maybe', 'a.md'], /headingsAreCards must be true or false/],
      [['parse', '--set', 'readersOff=cloze,nope', 'a.md'], /unknown reader 'nope'/],
      [['parse', '--set', 'clozePatterns===text==', 'a.md'], /needs the word "answer"/],
      [['parse', '--set', 'cardTags=["q", 3]', 'a.md'], /cardTags: \["q", 3\] is not a JSON list of text/],
    ] as const) {
      it(`a bad --set value is a usage error saying why: ${argv[2]}`, () => {
        const parser = recordingParser();
        const result = ws.run([...argv], parser);
        assert.equal(result.status, 2);
        assert.match(result.stderr, message);
        assert.equal(parser.calls.length, 0);
      });
    }

    for (const argv of [['parse', '--set', 'flashcards.separator', 'a.md'], ['parse', 'a.md', '--set']]) {
      it(`--set without a value is a usage error: ${argv.join(' ')}`, () => {
        const result = ws.run(argv, recordingParser());
        assert.equal(result.status, 2);
        assert.match(result.stderr, /^note-review: .*--set/);
      });
    }

    it('an unknown command prints the usage on stderr and exits 2', () => {
      const result = ws.run(['frobnicate', 'a.md']);
      assert.equal(result.status, 2);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /^note-review: unknown command 'frobnicate'\n\nUsage: note-review/);
    });

    it('no arguments print the usage on stderr and exit 2', () => {
      const result = ws.run([]);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /Usage: note-review/);
    });

    it('a command without paths is a usage error', () => {
      assert.equal(ws.run(['parse']).status, 2);
      assert.equal(ws.run(['lint', '--']).status, 2);
    });

    it('an unknown option is a usage error', () => {
      const result = ws.run(['lint', '--fix', 'a.md']);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /^note-review: unknown option '--fix'/);
    });

    it('--json is not an option of lint', () => {
      assert.equal(ws.run(['lint', '--json', 'a.md']).status, 2);
    });

    it('after -- every argument is a path, even one starting with a dash', () => {
      ws.write('-odd.md', '');
      const parser = recordingParser();
      assert.equal(ws.run(['parse', '--', '-odd.md'], parser).status, 0);
      assert.deepEqual(parser.calls.map((c) => c.options.noteKey), ['-odd.md']);
    });

    it('--help prints the usage on stdout and exits 0', () => {
      for (const argv of [['--help'], ['-h'], ['help'], ['lint', '--help']]) {
        const result = ws.run(argv);
        assert.equal(result.status, 0, argv.join(' '));
        assert.match(result.stdout, /^Usage: note-review <command>/);
        assert.match(result.stdout, /multilineReversedSeparator/);
        assert.match(result.stdout, /readersOff/);
        assert.equal(result.stderr, '');
      }
    });

    it('--help gives an example of every command and option', () => {
      const help = ws.run(['--help']).stdout;
      const section = (title: string) => help.split(`\n${title}:\n`)[1].split('\n\n')[0];
      const commands = [...section('Commands').matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]);
      const options = [...section('Options').matchAll(/^ {2}(?:-\w, )?(--[a-z]+)/gm)].map((m) => m[1]);
      assert.deepEqual(commands, ['parse', 'explain', 'lint', 'stats', 'mock']);
      assert.deepEqual(options, ['--json', '--exam', '--weight', '--seed', '--count', '--log', '--set', '--help', '--version']);
      const examples = section('Examples')
        .split('\n')
        .filter((line) => line.startsWith('  note-review '))
        .map((line) => line.trim().split(/\s{2,}/)[0].split(' '));
      for (const word of [...commands, ...options]) {
        // --help needs no example: it is the text being read.
        if (word === '--help') continue;
        assert.ok(examples.some((example) => example.includes(word) || example.some((arg) => arg.startsWith(`${word}=`))), `no example uses ${word}`);
      }
    });

    it('--version prints the version from package.json', () => {
      const result = ws.run(['--version']);
      assert.deepEqual([result.status, result.stdout], [0, `${version}\n`]);
    });
  });
});
