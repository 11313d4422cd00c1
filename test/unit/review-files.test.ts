import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { readReviewLog, ReviewBook, ReviewHistory, type CardSchedule } from '../../src/core/review';
import { ReviewLogFiles, ReviewLogWriteError } from '../../src/node/review-log-files';
import { DAY, MINUTE, reviewLine, T0, TestClock, testScheduler } from './review-support';

const filesModule = path.resolve(__dirname, '../../src/node/review-log-files.js');
const coreModule = path.resolve(__dirname, '../../src/core/review/index.js');

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-log-'));
}

function schedules(history: ReviewHistory): Record<string, CardSchedule> {
  const out: Record<string, CardSchedule> = {};
  for (const record of [...history.cards()].sort((a, b) => (a.id < b.id ? -1 : 1))) out[record.id] = record.schedule;
  return out;
}

async function loadFolder(folder: string): Promise<{ book: ReviewBook; problems: number; events: number }> {
  const book = new ReviewBook(new ReviewLogFiles(folder, 'reader'), new TestClock(), testScheduler());
  const read = await book.load();
  return { book, problems: read.problems.length, events: read.events.length };
}

/** Whether this process can write into a folder whose permissions say it cannot (root can). */
function permissionsBind(folder: string): boolean {
  const probe = path.join(folder, 'probe');
  fs.mkdirSync(probe);
  fs.chmodSync(probe, 0o555);
  try {
    fs.writeFileSync(path.join(probe, 'x'), '');
    return false;
  } catch {
    return true;
  } finally {
    fs.chmodSync(probe, 0o755);
    fs.rmSync(probe, { recursive: true, force: true });
  }
}

describe('Review log files (real files, real processes)', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a refresh notices a segment deleted since it was read (a lost delete event) and asks for a full replay, which drops its events', async () => {
    const folder = path.join(dir, 'log');
    const other = new ReviewBook(new ReviewLogFiles(folder, 'other'), new TestClock(), testScheduler());
    await other.load();
    await other.rate({ id: 'c1', note: 'n.md', prompt: 'Q1?' }, 3, 1000);
    const store = new ReviewLogFiles(folder, 'me');
    const book = new ReviewBook(store, new TestClock(T0 + MINUTE), testScheduler());
    await book.load();
    assert.ok(book.history.card('c1'), 'the other window\'s review is loaded');
    await book.rate({ id: 'c2', note: 'n.md', prompt: 'Q2?' }, 3, 1000);
    fs.rmSync(path.join(folder, 'other.jsonl'));
    await book.refresh();
    assert.equal(book.needsReplay, true, 'the refresh saw the segment go');
    await book.load();
    assert.equal(book.needsReplay, false);
    assert.equal(book.history.card('c1'), undefined, 'the deleted segment\'s review is gone');
    assert.ok(book.history.card('c2'), 'this window\'s own review stays');
    await book.refresh();
    assert.equal(book.needsReplay, false, 'a segment is reported lost once');
  });

  it('a crash in the middle of an append: what came before loads, the half line is reported and kept, the next append starts on a new line', async () => {
    const folder = path.join(dir, 'log');
    const store = new ReviewLogFiles(folder, 'w1');
    const book = new ReviewBook(store, new TestClock(), testScheduler());
    await book.load();
    await book.rate({ id: 'c1', note: 'n.md', prompt: 'Q1?' }, 3, 1000);
    await book.rate({ id: 'c2', note: 'n.md', prompt: 'Q2?' }, 3, 1000);
    // The process died half-way through writing a third line.
    const half = reviewLine('w1.3', 'c3', T0, 3).slice(0, 40);
    fs.appendFileSync(store.segmentPath, half);
    const afterCrash = await loadFolder(folder);
    assert.equal(afterCrash.events, 2);
    assert.deepEqual(afterCrash.book.problems.map((p) => [p.line, p.torn]), [[3, true]]);
    // The next session of the same writer file (a restarted process) appends.
    const next = new ReviewBook(new ReviewLogFiles(folder, 'w1'), new TestClock(T0 + DAY), testScheduler());
    await next.load();
    assert.equal((await next.rate({ id: 'c3', note: 'n.md', prompt: 'Q3?' }, 4, 1000)).saved, true);
    const text = fs.readFileSync(store.segmentPath, 'utf8');
    assert.ok(text.includes(`${half}\n{`), 'the new line starts after a line break');
    assert.ok(text.endsWith('}\n'));
    const reloaded = await loadFolder(folder);
    assert.equal(reloaded.events, 3);
    assert.deepEqual(reloaded.book.problems.map((p) => [p.line, p.torn]), [[3, false]], 'the half line is kept and still reported');
  });

  it('two processes appending 10,000 reviews each at full speed: all 20,000 load, none garbled, both derive the same schedule', async () => {
    const folder = path.join(dir, 'log');
    const script = `
      const { ReviewLogFiles } = require(${JSON.stringify(filesModule)});
      const { ReviewBook, ReviewScheduler } = require(${JSON.stringify(coreModule)});
      const [writer, count] = process.argv.slice(1);
      let time = ${T0};
      const book = new ReviewBook(new ReviewLogFiles(${JSON.stringify(folder)}, writer), { now: () => time++ }, new ReviewScheduler({ fuzz: false }));
      (async () => {
        await book.load();
        for (let i = 0; i < Number(count); i++) {
          const r = await book.rate({ id: 'card-' + (i % 500), note: 'n.md', prompt: 'Question ' + (i % 500) + '?' }, 1 + (i % 4), 1000);
          if (!r.saved) throw r.error;
        }
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const run = (writer: string) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, ['-e', script, writer, '10000'], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += String(d)));
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${writer} exited ${code}: ${stderr}`))));
      });
    const started = Date.now();
    await Promise.all([run('window-a'), run('window-b')]);
    const seconds = (Date.now() - started) / 1000;
    const one = await loadFolder(folder);
    assert.equal(one.events, 20_000);
    assert.equal(one.problems, 0);
    const two = await loadFolder(folder);
    assert.deepEqual(schedules(two.book.history), schedules(one.book.history));
    console.log(`      (20,000 fsynced appends from two processes in ${seconds.toFixed(1)} s)`);
  });

  it('a git merge of two branches that both reviewed: no conflict, every review from both sides loads', function () {
    try {
      execFileSync('git', ['--version']);
    } catch {
      this.skip();
    }
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(dir, 'notes.md'), '# Notes\n\nCapital of France::Paris\n');
    fs.mkdirSync(path.join(dir, '.note-review/log'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.note-review/log/base.jsonl'), reviewLine('base.1', 'c', T0, 3) + '\n');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    git('checkout', '-q', '-b', 'laptop');
    fs.writeFileSync(path.join(dir, '.note-review/log/laptop-1.jsonl'), [reviewLine('laptop-1.1', 'c', T0 + DAY, 3), reviewLine('laptop-1.2', 'd', T0 + DAY, 1)].join('\n') + '\n');
    git('add', '.');
    git('commit', '-q', '-m', 'laptop reviews');
    git('checkout', '-q', 'main');
    fs.writeFileSync(path.join(dir, '.note-review/log/desktop-1.jsonl'), [reviewLine('desktop-1.1', 'c', T0 + 2 * DAY, 2)].join('\n') + '\n');
    git('add', '.');
    git('commit', '-q', '-m', 'desktop reviews');
    git('merge', '-q', '--no-edit', 'laptop');
    assert.equal(git('status', '--porcelain'), '');
    const segments = fs.readdirSync(path.join(dir, '.note-review/log')).map((name) => ({ name, text: fs.readFileSync(path.join(dir, '.note-review/log', name), 'utf8') }));
    const read = readReviewLog(segments);
    assert.deepEqual(read.events.map((e) => e.id).sort(), ['base.1', 'desktop-1.1', 'laptop-1.1', 'laptop-1.2']);
    assert.equal(ReviewHistory.fromEvents(read.events, testScheduler()).card('c')?.events.length, 3);
  });

  it('an unwritable log folder (a full disk or a file in the way): the rating is not saved, the error says why, the review is kept and written later', async () => {
    const blocker = path.join(dir, '.note-review');
    fs.writeFileSync(blocker, 'not a folder');
    const store = new ReviewLogFiles(path.join(blocker, 'log'), 'w');
    const book = new ReviewBook(store, new TestClock(), testScheduler());
    await book.load();
    const result = await book.rate({ id: 'c', note: 'n.md', prompt: 'Q?' }, 3, 1000);
    assert.equal(result.saved, false);
    assert.ok(result.error instanceof ReviewLogWriteError, String(result.error));
    assert.equal(book.history.card('c')?.schedule.reps, 1);
    fs.rmSync(blocker);
    assert.deepEqual(await book.flush(), { saved: true });
    assert.equal((await loadFolder(path.join(blocker, 'log'))).events, 1);
  });

  it('a read-only log folder: the rating is not saved, the error names the folder as read-only, and it is written once writable', async function () {
    const folder = path.join(dir, 'log');
    fs.mkdirSync(folder);
    if (!permissionsBind(dir)) {
      // Root ignores permissions: run the same scenario in a child process as "nobody".
      fs.chmodSync(dir, 0o755);
      fs.chmodSync(folder, 0o555);
      // The child cannot be trusted to reach the compiled modules (a checkout in a private
      // folder, mode 0700, is out of nobody's reach): it loads one bundle of them written
      // next to the log folder, which it can read.
      const bundle = path.join(dir, 'read-only-scenario.js');
      esbuild.buildSync({
        stdin: { contents: `module.exports = { ...require(${JSON.stringify(filesModule)}), ...require(${JSON.stringify(coreModule)}) };`, resolveDir: __dirname },
        bundle: true,
        platform: 'node',
        format: 'cjs',
        outfile: bundle,
        logLevel: 'silent',
      });
      fs.chmodSync(bundle, 0o644);
      const script = `
        const { ReviewLogFiles, ReviewBook, ReviewScheduler } = require(${JSON.stringify(bundle)});
        const book = new ReviewBook(new ReviewLogFiles(${JSON.stringify(folder)}, 'w'), { now: () => ${T0} }, new ReviewScheduler({ fuzz: false }));
        book.load().then(() => book.rate({ id: 'c', note: 'n.md', prompt: 'Q?' }, 3, 1000)).then((r) =>
          console.log(JSON.stringify({ saved: r.saved, name: r.error && r.error.name, code: r.error && r.error.code, message: r.error && r.error.message, reps: book.history.card('c').schedule.reps })));`;
      let out: string;
      try {
        out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', uid: 65534, gid: 65534 });
      } catch (error) {
        // EPERM: this process may not switch to another user (a container without setuid).
        if (/EPERM/.test(String(error))) {
          console.log(`      (skipped: a child cannot run as "nobody" here: ${String(error).split('\n')[0]})`);
          this.skip();
        }
        throw error;
      }
      const result = JSON.parse(out) as { saved: boolean; name: string; code: string; message: string; reps: number };
      assert.deepEqual([result.saved, result.name, result.code, result.reps], [false, 'ReviewLogWriteError', 'EACCES', 1]);
      assert.match(result.message, /read-only.*kept in memory/);
      fs.chmodSync(folder, 0o755);
      return;
    }
    fs.chmodSync(folder, 0o555);
    const book = new ReviewBook(new ReviewLogFiles(folder, 'w'), new TestClock(), testScheduler());
    await book.load();
    const result = await book.rate({ id: 'c', note: 'n.md', prompt: 'Q?' }, 3, 1000);
    assert.equal(result.saved, false);
    assert.match(result.error?.message ?? '', /read-only.*kept in memory/);
    fs.chmodSync(folder, 0o755);
    assert.deepEqual(await book.flush(), { saved: true });
    assert.equal((await loadFolder(folder)).events, 1);
  });

  it('the log folder deleted during a review: not saved, error shown, kept in memory, written after the folder is recreated', async () => {
    const folder = path.join(dir, '.note-review', 'log');
    const store = new ReviewLogFiles(folder, 'w');
    const clock = new TestClock();
    const book = new ReviewBook(store, clock, testScheduler());
    await book.load();
    assert.equal((await book.rate({ id: 'c', note: 'n.md', prompt: 'Q?' }, 3, 1000)).saved, true);
    fs.rmSync(path.join(dir, '.note-review'), { recursive: true });
    clock.advance(10 * MINUTE);
    const result = await book.rate({ id: 'c', note: 'n.md', prompt: 'Q?' }, 3, 1000);
    assert.equal(result.saved, false);
    assert.equal((result.error as ReviewLogWriteError).code, 'ENOENT');
    assert.match(result.error?.message ?? '', /deleted/);
    assert.equal(book.history.card('c')?.schedule.reps, 2, 'kept in memory');
    await store.recreateFolder();
    assert.deepEqual(await book.flush(), { saved: true });
    const reloaded = await loadFolder(folder);
    assert.equal(reloaded.events, 1, 'the second rating is written; the first went with the deleted folder');
    assert.equal(book.pendingCount, 0);
  });

  it('leaves the notes byte-identical after any number of reviews', async () => {
    const notes = path.join(dir, 'notes');
    fs.mkdirSync(notes);
    const sample = path.resolve(__dirname, '../../../test/fixtures/workspace/aws-ai-practitioner-notes.md');
    fs.copyFileSync(sample, path.join(notes, 'aws.md'));
    const listing = () =>
      fs
        .readdirSync(dir, { recursive: true, withFileTypes: false })
        .map(String)
        .filter((p) => !p.startsWith('.note-review') && fs.statSync(path.join(dir, p)).isFile())
        .sort()
        .map((p) => `${p} ${createHash('sha256').update(fs.readFileSync(path.join(dir, p))).digest('hex')}`);
    const before = listing();
    const clock = new TestClock();
    const book = new ReviewBook(new ReviewLogFiles(path.join(dir, '.note-review', 'log'), 'w'), clock, testScheduler());
    await book.load();
    for (let i = 0; i < 200; i++) {
      await book.rate({ id: `c${i % 13}`, note: 'notes/aws.md', prompt: `Q${i % 13}?` }, ((i % 4) + 1) as 1 | 2 | 3 | 4, 1000);
      clock.advance(MINUTE);
    }
    await book.undoLastRating();
    assert.deepEqual(listing(), before);
  });
});
