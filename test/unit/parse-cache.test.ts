import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseNote } from '../../src/core';
import { PARSER_VERSION, ParseCache, cacheKey, formatSnapshot, isNote, readSnapshot, type ParseCacheStore } from '../../src/core/parse/parse-cache';
import { countingParser } from './counting-parser';

const FIXTURES_DIR = path.resolve(__dirname, '../../../test/fixtures/notes');
const NOTE = '# Quiz\n\n1. Which is right?\n\n- a\n- `b`\n\nCapital of France::Paris\n';

/** An in-memory store that remembers what was written. */
class MemoryStore implements ParseCacheStore {
  constructor(public saved: string | undefined = undefined) {}
  read(): Promise<string | undefined> {
    return Promise.resolve(this.saved);
  }
  write(snapshot: string): Promise<void> {
    this.saved = snapshot;
    return Promise.resolve();
  }
}

async function warmCache(store: MemoryStore, version = 'v1'): Promise<{ cache: ParseCache; calls: () => number }> {
  const parser = countingParser();
  const cache = new ParseCache(store, { version, parse: parser.parse });
  await cache.load();
  return { cache, calls: parser.calls };
}

describe('parse cache', () => {
  it('a second session on the same notes parses none of them again and gives equal notes', async () => {
    const store = new MemoryStore();
    const first = await warmCache(store);
    const fresh = first.cache.parse(NOTE, { noteKey: 'a.md' });
    await first.cache.save();
    assert.equal(first.calls(), 1);

    const second = await warmCache(store);
    const cached = second.cache.parse(NOTE, { noteKey: 'a.md' });
    assert.equal(second.calls(), 0);
    assert.deepEqual(cached, fresh);
    assert.deepEqual(second.cache.counts(), { hits: 1, misses: 0, rejected: 0 });
  });

  it('a changed text, note key or separator is parsed again', async () => {
    const store = new MemoryStore();
    const first = await warmCache(store);
    first.cache.parse(NOTE, { noteKey: 'a.md' });
    await first.cache.save();

    const second = await warmCache(store);
    second.cache.parse(NOTE + 'x\n', { noteKey: 'a.md' });
    second.cache.parse(NOTE, { noteKey: 'b.md' });
    const custom = second.cache.parse(NOTE, { noteKey: 'a.md', flashcards: { separator: ';;' } });
    assert.equal(second.calls(), 3);
    assert.deepEqual(custom, parseNote(NOTE, { noteKey: 'a.md', flashcards: { separator: ';;' } }));
    assert.notEqual(cacheKey(NOTE, { noteKey: 'a.md' }), cacheKey(NOTE, { noteKey: 'b.md' }));
  });

  it('a snapshot saved by another version is ignored', async () => {
    const store = new MemoryStore();
    const first = await warmCache(store, 'v1');
    first.cache.parse(NOTE);
    await first.cache.save();
    const second = await warmCache(store, 'v2');
    second.cache.parse(NOTE);
    assert.equal(second.calls(), 1);
  });

  it('corrupt snapshots are ignored and never thrown at the caller', async () => {
    const good = new MemoryStore();
    const first = await warmCache(good);
    first.cache.parse(NOTE);
    await first.cache.save();
    const snapshot = good.saved ?? '';
    // The last one slips a number in among the note's cards (each card is an array starting with its 16-digit id).
    const corruptions = ['', '{', 'null', '[]', '{"format":"x"}', snapshot.slice(0, snapshot.length / 2), snapshot.replace(/,\[\[(?="[0-9a-f]{16}")/, ',[7,[')];
    for (const corrupt of corruptions) {
      assert.notEqual(corrupt, snapshot, 'each corruption changes the snapshot');
      const { cache, calls } = await warmCache(new MemoryStore(corrupt));
      assert.deepEqual(cache.parse(NOTE), parseNote(NOTE), `with snapshot ${JSON.stringify(corrupt.slice(0, 40))}`);
      assert.equal(calls(), 1, `with snapshot ${JSON.stringify(corrupt.slice(0, 40))}`);
    }
    const failing: ParseCacheStore = { read: () => Promise.reject(new Error('disk gone')), write: () => Promise.resolve() };
    const cache = new ParseCache(failing);
    await cache.load();
    assert.deepEqual(cache.parse(NOTE), parseNote(NOTE));
  });

  it('an entry of the wrong shape is rejected, counted, and replaced by a fresh parse', async () => {
    const store = new MemoryStore();
    const first = await warmCache(store);
    first.cache.parse(NOTE);
    await first.cache.save();
    const snapshot = readSnapshot(store.saved ?? '');
    assert.ok(snapshot, 'the saved snapshot reads back');
    for (const entry of snapshot.entries.values()) (entry.note as { cards: { line: number }[] }).cards[0].line = 10_000; // outside the note
    const second = await warmCache(new MemoryStore(formatSnapshot(snapshot.version, snapshot.entries)));
    assert.deepEqual(second.cache.parse(NOTE), parseNote(NOTE));
    assert.equal(second.calls(), 1);
    assert.equal(second.cache.counts().rejected, 1);
  });

  it('decodes a saved note only when it is asked for: loading finds no damage, the damaged entry is found when its note is asked for', async () => {
    // A warm start lists its first notes before the whole snapshot is decoded.
    const OTHER = '# Other\n\nCapital of Italy::Rome\n';
    const store = new MemoryStore();
    const first = await warmCache(store);
    first.cache.parse(NOTE);
    first.cache.parse(OTHER);
    await first.cache.save();
    const snapshot = readSnapshot(store.saved ?? '');
    assert.ok(snapshot);
    const damagedKey = cacheKey(NOTE, {});
    (snapshot.entries.get(damagedKey)?.note as { cards: { line: number }[] }).cards[0].line = 10_000;
    const second = await warmCache(new MemoryStore(formatSnapshot(snapshot.version, snapshot.entries)));
    assert.deepEqual(second.cache.counts(), { hits: 0, misses: 0, rejected: 0 }, 'loading decoded no note');
    assert.deepEqual(second.cache.parse(OTHER), parseNote(OTHER));
    assert.deepEqual(second.cache.counts(), { hits: 1, misses: 0, rejected: 0 });
    assert.deepEqual(second.cache.parse(NOTE), parseNote(NOTE));
    assert.deepEqual(second.cache.counts(), { hits: 1, misses: 1, rejected: 1 });
    assert.equal(second.calls(), 1, 'only the damaged note is parsed again');
  });

  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const store = new MemoryStore();
    const cache = new ParseCache(store, { maxEntries: 2 });
    for (const text of ['a\n', 'b\n', 'c\n']) cache.parse(text);
    await cache.save();
    const entries = [...(readSnapshot(store.saved ?? '')?.entries.keys() ?? [])];
    assert.deepEqual(entries, [cacheKey('b\n', {}), cacheKey('c\n', {})]);
  });

  it('every fixture note parses to a note isNote accepts', () => {
    for (const file of fs.readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.md'))) {
      const note = parseNote(fs.readFileSync(path.join(FIXTURES_DIR, file), 'utf8'));
      assert.ok(isNote(JSON.parse(JSON.stringify(note))), file);
    }
    assert.equal(isNote({ sections: [], cards: [], terms: [], problems: [], lineCount: 1 }), false, 'codeBlocks missing');
  });
});

describe('parse cache: what is saved', () => {
  it('saves one line per entry between a header and a count; built in slices or at once, the text is the same', async () => {
    const texts = Array.from({ length: 300 }, (_, i) => `# Note ${i}\n\n1. Question ${i}?\n\n- a\n- \`b\`\n`);
    const whole = new MemoryStore();
    const sliced = new MemoryStore();
    const atOnce = new ParseCache(whole, { version: 'v1' });
    const inSlices = new ParseCache(sliced, { version: 'v1', pause: () => Promise.resolve() });
    for (const text of texts) {
      atOnce.parse(text);
      inSlices.parse(text);
    }
    await atOnce.save();
    await inSlices.save();
    assert.equal(sliced.saved, whole.saved);
    const lines = (whole.saved ?? '').split('\n');
    assert.equal(lines.length, 302);
    assert.deepEqual(JSON.parse(lines[0]), { format: 'note-review-parse-cache', layout: 'packed-lines', version: `${PARSER_VERSION}:v1` });
    assert.deepEqual(JSON.parse(lines[301]), { entries: 300 });
  });

  it('reads a snapshot saved by an older parser as stale: its parses are not used', async () => {
    const store = new MemoryStore();
    const older = new ParseCache(store, { version: 'v1' });
    older.parse(NOTE);
    await older.save();
    store.saved = (store.saved ?? '').replace(`"version":"${PARSER_VERSION}:v1"`, `"version":"${PARSER_VERSION - 1}:v1"`);
    assert.deepEqual(await new ParseCache(store, { version: 'v1' }).load(), { status: 'stale', entries: 0 });
  });

  it('reads a snapshot of the previous parser version (6, before radio-button options) as stale', async () => {
    assert.equal(PARSER_VERSION, 7);
    const store = new MemoryStore();
    const current = new ParseCache(store, { version: 'v1' });
    current.parse(NOTE);
    await current.save();
    assert.deepEqual(await new ParseCache(new MemoryStore(store.saved), { version: 'v1' }).load(), { status: 'loaded', entries: 1 });
    store.saved = (store.saved ?? '').replace('"version":"7:v1"', '"version":"6:v1"');
    assert.deepEqual(await new ParseCache(store, { version: 'v1' }).load(), { status: 'stale', entries: 0 });
  });

  it('reads a snapshot of the earlier entry-lines layout (each note as the JSON of its objects) as stale: its notes are parsed afresh', async () => {
    const key = cacheKey(NOTE, {});
    const entryLines = [
      JSON.stringify({ format: 'note-review-parse-cache', layout: 'entry-lines', version: `${PARSER_VERSION}:v1` }),
      `${key}\t${JSON.stringify({ length: NOTE.length, note: parseNote(NOTE) })}`,
      JSON.stringify({ entries: 1 }),
    ].join('\n');
    const { cache, calls } = await warmCache(new MemoryStore(entryLines));
    assert.deepEqual(await cache.load(), { status: 'stale', entries: 0 });
    assert.deepEqual(cache.parse(NOTE), parseNote(NOTE));
    assert.equal(calls(), 1);
    assert.equal(cache.unsaved, true, 'the parse is saved in the current layout');
  });

  it('a snapshot cut short at any line reads as damaged, and its notes are parsed afresh', async () => {
    const store = new MemoryStore();
    const first = await warmCache(store);
    for (const text of [NOTE, 'a::b\n', 'c::d\n']) first.cache.parse(text);
    await first.cache.save();
    const lines = (store.saved ?? '').split('\n');
    for (let keep = 1; keep < lines.length; keep++) {
      for (const cut of [lines.slice(0, keep).join('\n'), `${lines.slice(0, keep).join('\n')}\n${lines[keep].slice(0, lines[keep].length >> 1)}`]) {
        const { cache, calls } = await warmCache(new MemoryStore(cut));
        assert.equal((await cache.load()).status, 'corrupt', `cut after ${keep} lines`);
        assert.deepEqual(cache.parse(NOTE), parseNote(NOTE));
        assert.equal(calls(), 1, `cut after ${keep} lines`);
      }
    }
  });

  it('reads a snapshot of the older one-object layout as stale, not damaged', async () => {
    const old = JSON.stringify({ format: 'note-review-parse-cache', version: `${PARSER_VERSION}:v1`, entries: {} });
    const cache = new ParseCache(new MemoryStore(old), { version: 'v1' });
    assert.deepEqual(await cache.load(), { status: 'stale', entries: 0 });
  });


  it('a session that only takes parses from the snapshot does not write it again', async () => {
    const store = new MemoryStore();
    const first = await warmCache(store);
    first.cache.parse(NOTE);
    await first.cache.save();
    let writes = 0;
    const counting: ParseCacheStore = { read: () => store.read(), write: (s) => ((writes++), store.write(s)) };
    const second = new ParseCache(counting, { version: 'v1' });
    await second.load();
    second.parse(NOTE);
    assert.equal(second.unsaved, false);
    await second.save();
    assert.equal(writes, 0);
  });

  it('retainOnly keeps the parses still in use and drops the rest, snapshot entries never asked for included', async () => {
    const store = new MemoryStore();
    const first = await warmCache(store);
    for (const text of ['a\n', 'b\n', 'c\n']) first.cache.parse(text);
    await first.cache.save();
    const second = await warmCache(store);
    const kept = second.cache.parseWithKey('b\n');
    assert.equal(kept.cached, true);
    second.cache.parse('d\n');
    second.cache.retainOnly(new Set([kept.key, cacheKey('d\n', {})]));
    await second.cache.save();
    const entries = [...(readSnapshot(store.saved ?? '')?.entries.keys() ?? [])];
    assert.deepEqual(entries.sort(), [cacheKey('b\n', {}), cacheKey('d\n', {})].sort());
  });
});
