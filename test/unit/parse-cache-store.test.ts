import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseNote } from '../../src/core';
import { ParseCache } from '../../src/core/parse/parse-cache';
import { countingParser } from './counting-parser';
import { FileParseCacheStore, buildStamp, parseCacheFile } from '../../src/vscode/adapters/parse-cache-store';

const NOTE = '# Quiz\n\n1. Which is right?\n\n- a\n- `b`\n\nCapital of France::Paris\n';

/** A log that keeps its lines. */
function recordingLog(): { warn(message: string): void; lines: string[] } {
  const lines: string[] = [];
  return { lines, warn: (message) => lines.push(message) };
}

describe('parse cache file store', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-parse-cache-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a missing snapshot reads as none, without a log line', async () => {
    const log = recordingLog();
    const store = new FileParseCacheStore(parseCacheFile(path.join(dir, 'not-yet-created')), log);
    assert.equal(await store.read(), undefined);
    assert.deepEqual(log.lines, []);
  });

  it('writes through a temporary file renamed over the snapshot, creating the folder, leaving nothing else', async () => {
    const file = parseCacheFile(path.join(dir, 'global-storage'));
    const store = new FileParseCacheStore(file);
    await store.write('first');
    await store.write('second');
    assert.equal(await store.read(), 'second');
    assert.deepEqual(fs.readdirSync(path.dirname(file)), [path.basename(file)]);
  });

  it('a snapshot that cannot be read reads as none and is logged once, however often it is read', async () => {
    const file = parseCacheFile(dir);
    fs.mkdirSync(file); // a folder where the file should be
    const log = recordingLog();
    const store = new FileParseCacheStore(file, log);
    assert.equal(await store.read(), undefined);
    assert.equal(await store.read(), undefined);
    assert.equal(log.lines.length, 1);
    assert.match(log.lines[0], /cannot read/);
  });

  it('a failed write rejects, is logged once, removes its temporary file and keeps the cache unsaved', async () => {
    const file = parseCacheFile(dir);
    fs.mkdirSync(file); // rename over a folder fails
    const log = recordingLog();
    const store = new FileParseCacheStore(file, log);
    const cache = new ParseCache(store);
    cache.parse(NOTE);
    await assert.rejects(cache.save());
    await assert.rejects(cache.save());
    assert.equal(cache.unsaved, true);
    assert.equal(log.lines.length, 1);
    assert.match(log.lines[0], /cannot save/);
    assert.deepEqual(fs.readdirSync(dir), [path.basename(file)]);
  });

  it('a second session over the file parses nothing again', async () => {
    const store = new FileParseCacheStore(parseCacheFile(dir));
    const first = new ParseCache(store, { version: 'v1' });
    assert.equal((await first.load()).status, 'missing');
    const fresh = first.parse(NOTE, { noteKey: 'a.md' });
    await first.save();

    const parser = countingParser();
    const second = new ParseCache(new FileParseCacheStore(parseCacheFile(dir)), { version: 'v1', parse: parser.parse });
    assert.deepEqual(await second.load(), { status: 'loaded', entries: 1 });
    assert.deepEqual(second.parse(NOTE, { noteKey: 'a.md' }), fresh);
    assert.equal(parser.calls(), 0);
  });

  it('a damaged or truncated snapshot, or one of another version, is reported and not used', async () => {
    const file = parseCacheFile(dir);
    const store = new FileParseCacheStore(file);
    const first = new ParseCache(store, { version: 'v1' });
    first.parse(NOTE);
    await first.save();
    const saved = fs.readFileSync(file, 'utf8');

    const cases: [string, string, string][] = [
      ['v1', saved.slice(0, saved.length >> 1), 'corrupt'],
      ['v1', '\u0000\u0001binary', 'corrupt'],
      ['v1', '', 'corrupt'],
      ['v1', JSON.stringify({ format: 'something else', version: 'v1', entries: {} }), 'corrupt'],
      ['v2', saved, 'stale'],
    ];
    for (const [version, text, status] of cases) {
      fs.writeFileSync(file, text);
      const parser = countingParser();
      const cache = new ParseCache(new FileParseCacheStore(file), { version, parse: parser.parse });
      assert.deepEqual(await cache.load(), { status, entries: 0 }, `${status}: ${text.slice(0, 20)}`);
      assert.deepEqual(cache.parse(NOTE), parseNote(NOTE));
      assert.equal(parser.calls(), 1);
    }
  });

  it('streams the snapshot line by line and back: file stamps survive, so a second session recalls a parse without the text', async () => {
    const file = parseCacheFile(dir);
    const first = new ParseCache(new FileParseCacheStore(file), { version: 'v1' });
    const notes = Array.from({ length: 3000 }, (_, n) => `# Note ${n}\n\nQ${n}::A${n}\n`);
    const keys = new Map(notes.map((text, n) => [`file:///ws/n${n}.md`, first.parseWithKey(text, { noteKey: `n${n}.md` }).key]));
    first.setStamps(new Map([...keys].map(([id, key], n) => [id, { stamp: `${n}:100`, key }])));
    await first.save();
    assert.ok(fs.statSync(file).size > 3000 * 100, 'every entry was written');

    const parser = countingParser();
    const second = new ParseCache(new FileParseCacheStore(file), { version: 'v1', parse: parser.parse });
    assert.deepEqual(await second.load(), { status: 'loaded', entries: 3000 });
    assert.deepEqual(second.recall('file:///ws/n7.md', '7:100', { noteKey: 'n7.md' })?.note, parseNote(notes[7], { noteKey: 'n7.md' }));
    assert.equal(second.recall('file:///ws/n8.md', '8:101', { noteKey: 'n8.md' }), undefined, 'another size or time');
    assert.equal(second.recall('file:///ws/n9.md', '9:100', { noteKey: 'other.md' }), undefined, 'other parse options');
    assert.equal(parser.calls(), 0);
  });

  it('reads back exactly the lines written, long lines of multi-byte characters across its 1 MB pieces included', async () => {
    const store = new FileParseCacheStore(parseCacheFile(dir));
    const written = ['{"header":1}', 'é'.repeat(700_000), '', 'short', `${'😀'.repeat(400_000)}x`, 'ü'.repeat((1 << 20) - 1), 'last'];
    await store.writeLines(
      (async function* () {
        yield* written;
      })(),
    );
    const lines = await store.readLines();
    assert.ok(lines);
    const read: string[] = [];
    for await (const line of lines) read.push(line);
    assert.equal(read.length, written.length);
    read.forEach((line, n) => assert.ok(line === written[n], `line ${n}: ${line.length} characters, ${written[n].length} written`));
  });

  it('the build stamp changes with the bundle it names', async () => {
    const bundle = path.join(dir, 'extension.js');
    fs.writeFileSync(bundle, 'one');
    const before = await buildStamp('0.1.0', bundle);
    fs.writeFileSync(bundle, 'one more');
    assert.notEqual(await buildStamp('0.1.0', bundle), before);
    assert.equal(await buildStamp('0.1.0', path.join(dir, 'missing.js')), '0.1.0');
  });
});
