// The notes index at 100,000 notes: the snapshot is streamed line by line through the
// file store (never one string: V8 caps a string at about 512 MB, which the one-string
// snapshot passed near 42,000 real notes), and a warm start recalls every note unread.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CACHE_MAX_ENTRIES } from '../../src/core/index/notes-index';
import { FileParseCacheStore } from '../../src/vscode/adapters/parse-cache-store';
import { memoryIndex, MemoryNoteSource } from './notes-index-memory';
import { ManualClock } from './review-support';

/** The file store, refusing the one-string path so that a save or load through it fails the test. */
class StreamOnlyStore extends FileParseCacheStore {
  longestLine = 0;
  override read(): Promise<string | undefined> {
    throw new Error('the snapshot was read as one string');
  }
  override write(): Promise<void> {
    throw new Error('the snapshot was written as one string');
  }
  override writeLines(lines: AsyncIterable<string>): Promise<void> {
    return super.writeLines(this.measured(lines));
  }
  private async *measured(lines: AsyncIterable<string>): AsyncGenerator<string> {
    for await (const line of lines) {
      this.longestLine = Math.max(this.longestLine, line.length);
      yield line;
    }
  }
}

describe('notes index at 100,000 notes', function () {
  this.timeout(300_000);
  const NOTES = 100_000;
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'note-review-scale-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('saves its snapshot line by line and a warm start recalls every note from it, unread; none is evicted past the cache\'s usual size', async () => {
    assert.ok(NOTES > CACHE_MAX_ENTRIES * 4, 'the workspace is larger than the cache holds by default');
    const source = new MemoryNoteSource();
    for (let n = 0; n < NOTES; n++) source.write(`part-${Math.floor(n / 1000)}/note-${n}.md`, `# Note ${n}\n\nCapital ${n}::City ${n}\n`);
    const clock = new ManualClock();
    const store = new StreamOnlyStore(path.join(dir, 'parse-cache.json'));

    const cold = memoryIndex(source, clock, { store, version: 'scale' });
    await cold.index.whenReady();
    await cold.index.flushCache();
    assert.equal(cold.index.counts().diskParses, NOTES);
    cold.index.dispose();
    const snapshotBytes = fs.statSync(store.file).size;
    assert.ok(snapshotBytes > NOTES * 100, `snapshot of ${snapshotBytes} bytes`);
    assert.ok(store.longestLine < 2_000, `a snapshot line of ${store.longestLine} characters`);

    source.reads = 0;
    const warm = memoryIndex(source, clock, { store, version: 'scale' });
    await warm.index.whenReady();
    assert.deepEqual(warm.index.counts(), { diskParses: 0, cacheHits: NOTES, documentParses: 0, incrementalUpdates: 0, unreadHits: NOTES });
    assert.equal(source.reads, 0, 'notes were read');
    assert.equal(warm.index.size, NOTES);
    const last = warm.index.get(`file:///ws/part-99/note-${NOTES - 1}.md`);
    assert.equal(last?.note.cards[0]?.answer, `City ${NOTES - 1}`);
    warm.index.dispose();
  });
});
