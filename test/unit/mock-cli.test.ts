import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseNote } from '../../src/core';
import { createNodeCliIo } from '../../src/cli/node-cli-io';
import type { MockJson } from '../../src/cli/mock-command';
import { runCli } from '../../src/cli/run-cli';
import { drawMockExam } from '../../src/core/mock/mock-exam';
import { seededRandom } from '../../src/core/quiz/quiz-items';

const repoRoot = path.resolve(__dirname, '../../..');
const SAMPLE = fs.readFileSync(path.join(repoRoot, 'samples', 'aws-ai-practitioner-notes.md'), 'utf8');

describe('note-review mock', () => {
  let root: string;
  const run = (argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const io = createNodeCliIo({ cwd: root, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), now: () => 1_234_567_890 });
    return { status: runCli(argv, io), stdout, stderr };
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-mock-'));
    fs.mkdirSync(path.join(root, 'notes'));
    fs.writeFileSync(path.join(root, 'notes', 'aws.md'), SAMPLE);
    fs.writeFileSync(path.join(root, 'notes', 'prose.md'), '# Nothing to ask\n\nJust a paragraph.\n');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('--seed 7 --json lists the questions the core draws with seed 7, the same on every run', () => {
    const first = run(['mock', '--seed', '7', '--json', 'notes']);
    assert.equal(first.status, 0, first.stderr);
    const out = JSON.parse(first.stdout) as MockJson;
    const cards = parseNote(SAMPLE, { noteKey: 'aws.md' }).cards;
    const expected = drawMockExam(
      cards.map((card) => ({ id: card.id, note: 'aws.md', section: card.section, card })),
      { count: 65, random: seededRandom(7) },
    );
    assert.deepEqual(
      out.questions.map((q) => q.id),
      expected.questions.map((q) => q.id),
    );
    assert.equal(out.seed, 7);
    assert.equal(out.requested, 65);
    assert.ok(out.questions.length > 0 && out.questions.every((q) => q.note === 'aws.md' && q.options.length >= 2 && q.line > 0));
    assert.equal(run(['mock', '--seed', '7', '--json', 'notes']).stdout, first.stdout);
    assert.notEqual(run(['mock', '--seed', '8', '--json', 'notes']).stdout, first.stdout);
  });

  it('says when the notes hold fewer questions than asked, and prints the seed it drew with', () => {
    const result = run(['mock', 'notes']);
    assert.equal(result.status, 0, result.stderr);
    const seed = /^Mock exam, seed (\d+): (\d+) questions$/m.exec(result.stdout);
    assert.ok(seed, result.stdout);
    assert.match(result.stdout, /Only \d+ of the 65 asked for/);
    assert.equal(run(['mock', '--seed', seed[1], 'notes']).stdout, result.stdout, 'the printed seed draws the same exam');
  });

  it('--count and --weight: the weighted part gets its share', () => {
    const result = run(['mock', '--json', '--seed', '1', '--count', '4', '--weight', 'aws.md#AWS AI Practitioner certificate>Section 3: Introduction to AWS and cloud computing=1', 'notes']);
    assert.equal(result.status, 0, result.stderr);
    const out = JSON.parse(result.stdout) as MockJson;
    assert.equal(out.questions.length, 4);
    assert.ok(out.questions.every((q) => q.section[1] === 'Section 3: Introduction to AWS and cloud computing'));
    assert.deepEqual(
      out.perWeight.map((p) => p.drawn),
      [4],
    );
  });

  it('bad options are usage errors with exit status 2', () => {
    for (const argv of [
      ['mock', '--count', '0', 'notes'],
      ['mock', '--seed', 'x', 'notes'],
      ['mock', 'notes', 'other'],
      ['stats', '--seed', '3', 'notes'],
      ['mock', '--exam', '2027-01-01', 'notes'],
    ]) {
      const result = run(argv);
      assert.equal(result.status, 2, argv.join(' '));
      assert.match(result.stderr.split('\n')[0], /^note-review: (--count needs a whole number of at least 1|--seed needs a whole number|mock takes one|--seed is an option of mock|--exam is an option of stats)/, argv.join(' '));
    }
  });
});
