// The notes index's races, in plain Node: an in-memory note source and a manual clock.
import * as assert from 'node:assert/strict';
import { indexingMessage, PROGRESS_INTERVAL_MS, type IndexProgress } from '../../src/core/index/index-progress';
import { CATCH_UP_MIN_INTERVAL_MS, CHANGE_BATCH_MS, DEBOUNCE_MS } from '../../src/core/index/notes-index';
import { MemoryCacheStore, memoryIndex, MemoryNoteSource, ref } from './notes-index-memory';
import { ManualClock, settle } from './review-support';

/** Section titles of the indexed note at `path`, comma-separated (undefined when not indexed). */
function titles(index: ReturnType<typeof memoryIndex>['index'], path: string): string | undefined {
  return index.get(ref(path))?.note.sections.map((s) => s.title).join();
}

function keys(index: ReturnType<typeof memoryIndex>['index']): string[] {
  return index.all().map((n) => n.key);
}

describe('notes index (core, in memory)', () => {
  let source: MemoryNoteSource;
  let clock: ManualClock;

  beforeEach(() => {
    source = new MemoryNoteSource();
    clock = new ManualClock();
  });

  it('indexes every note of the workspace, skipping node_modules, excluded folders, binary and oversized files with a reason', async () => {
    source.write('a.md', '# A\n\nQ::A\n');
    source.write('deep/b.markdown', '# B\n');
    source.write('node_modules/pkg/readme.md', '# Package\n');
    source.write('drafts/c.md', '# Draft\n');
    source.files.set(ref('image.md'), { bytes: new Uint8Array([0x89, 0x50, 0, 0, 1]), mtime: 1 });
    source.write('big.md', `# Big\n${'x'.repeat(2000)}\n`);
    source.exclude = ['**/drafts'];
    source.maxNoteBytes = 1000;
    const { index, lines } = memoryIndex(source, clock);
    await index.whenReady();
    assert.deepEqual(keys(index), ['a.md', 'deep/b.markdown']);
    const reasons = Object.fromEntries(index.skippedNotes().map((s) => [s.uri, s.reason]));
    assert.match(reasons[ref('image.md')], /binary/);
    assert.match(reasons[ref('big.md')], /larger than noteReview\.maxNoteSizeMB/);
    assert.equal(lines.filter((l) => l.startsWith('warn Skipped')).length, 2);
    index.dispose();
  });

  it('file events that arrive while the first scan is still reading are applied after it, not lost to it', async () => {
    source.write('a.md', '# Old A\n');
    source.write('b.md', '# B\n');
    source.holdReads();
    const { index } = memoryIndex(source, clock);
    const ready = index.whenReady();
    await settle();
    assert.ok(source.reads > 0, 'the scan is reading');
    // While the scan waits on its reads: a.md changes, c.md is created, b.md is deleted.
    source.write('a.md', '# New A\n');
    source.fire({ kind: 'fileChanged', ref: ref('a.md') });
    source.write('c.md', '# C\n');
    source.fire({ kind: 'fileChanged', ref: ref('c.md') });
    source.delete('b.md');
    source.fire({ kind: 'deleted', ref: ref('b.md') });
    source.releaseReads();
    await ready;
    await clock.advance(DEBOUNCE_MS);
    assert.equal(titles(index, 'a.md'), 'New A');
    assert.equal(titles(index, 'c.md'), 'C');
    // The scan's read of b.md began before the deletion, and ended with its text.
    assert.deepEqual(keys(index), ['a.md', 'c.md']);
    index.dispose();
  });

  it('a note deleted while its new text is being read does not come back', async () => {
    source.write('a.md', '# A\n');
    const { index } = memoryIndex(source, clock);
    await index.whenReady();
    const changes: string[][] = [];
    index.onDidChange((uris) => changes.push([...uris]));
    source.write('a.md', '# A, edited\n');
    source.fire({ kind: 'fileChanged', ref: ref('a.md') });
    source.holdReads();
    await clock.advance(DEBOUNCE_MS); // the re-read starts and waits
    source.delete('a.md');
    source.fire({ kind: 'deleted', ref: ref('a.md') });
    assert.equal(index.get(ref('a.md')), undefined, 'the deletion removes it at once');
    source.releaseReads(); // the read in flight ends with the text it had
    await clock.advance(DEBOUNCE_MS);
    assert.equal(index.get(ref('a.md')), undefined, 'the note came back from a read that began before its deletion');
    assert.deepEqual(changes, [[ref('a.md')]]);
    index.dispose();
  });

  it('catches up with a note changed or deleted behind the editor\'s back when the window gets the focus, at most every 30 s', async () => {
    source.write('a.md', '# Before\n');
    source.write('b.md', '# B\n');
    const { index, lines } = memoryIndex(source, clock);
    await index.whenReady();
    source.write('a.md', '# After, in another program\n'); // no event
    source.fire({ kind: 'focused' });
    await clock.advance(DEBOUNCE_MS);
    assert.equal(titles(index, 'a.md'), 'Before', 'checked right after the scan that read every note');

    await clock.advance(CATCH_UP_MIN_INTERVAL_MS);
    source.fire({ kind: 'focused' });
    await clock.advance(DEBOUNCE_MS);
    assert.equal(titles(index, 'a.md'), 'After, in another program');
    assert.ok(lines.includes('info 1 notes changed on disk without a file event; reading them again'), lines.join('\n'));

    source.delete('b.md'); // no event
    assert.deepEqual(await index.catchUpWithDisk(), [ref('b.md')]);
    await clock.advance(DEBOUNCE_MS);
    assert.deepEqual(keys(index), ['a.md']);
    assert.deepEqual(await index.catchUpWithDisk(), [], 'a second check finds nothing new');
    index.dispose();
  });

  it('a folder moved in (one event, for the folder) has its notes indexed; a created file or dependency folder is not scanned', async () => {
    const { index } = memoryIndex(source, clock);
    await index.whenReady();
    source.write('chapter/one.md', '# One\n');
    source.write('chapter/deeper/two.md', '# Two\n');
    source.fire({ kind: 'created', ref: ref('chapter') });
    source.write('node_modules/pkg/readme.md', '# Package\n');
    source.fire({ kind: 'created', ref: ref('node_modules/pkg') });
    source.write('data.v2/three.md', '# Three\n');
    source.fire({ kind: 'created', ref: ref('data.v2') });
    await clock.advance(DEBOUNCE_MS);
    assert.deepEqual(keys(index), ['chapter/deeper/two.md', 'chapter/one.md']);
    // A rescan (Refresh Notes) finds the folder whose name looks like a file.
    await index.rescan({ reparse: false });
    assert.deepEqual(keys(index), ['chapter/deeper/two.md', 'chapter/one.md', 'data.v2/three.md']);
    index.dispose();
  });

  it('a folder renamed inside the editor moves its notes; a deleted folder drops them all', async () => {
    source.write('old/a.md', '# A\n');
    source.write('old/sub/b.md', '# B\n');
    const { index } = memoryIndex(source, clock);
    await index.whenReady();
    for (const path of ['old/a.md', 'old/sub/b.md']) {
      source.files.set(ref(path.replace('old/', 'new/')), source.files.get(ref(path)) as never);
      source.files.delete(ref(path));
    }
    source.fire({ kind: 'renamed', from: ref('old'), to: ref('new') });
    await clock.advance(DEBOUNCE_MS);
    assert.deepEqual(keys(index), ['new/a.md', 'new/sub/b.md']);
    source.delete('new');
    source.fire({ kind: 'deleted', ref: ref('new') });
    assert.deepEqual(keys(index), []);
    index.dispose();
  });

  it('unsaved editor text wins over the disk; closing the editor gives the note back to the disk', async () => {
    source.write('a.md', '# On disk\n');
    const { index } = memoryIndex(source, clock);
    await index.whenReady();
    const document = source.open('a.md');
    document.edit('# Typed\n');
    source.fire({ kind: 'documentEdited', document });
    await clock.advance(DEBOUNCE_MS);
    assert.equal(titles(index, 'a.md'), 'Typed');
    assert.equal(index.get(ref('a.md'))?.version, 2);

    source.write('a.md', '# Changed on disk\n');
    source.fire({ kind: 'fileChanged', ref: ref('a.md') });
    await clock.advance(DEBOUNCE_MS);
    assert.equal(titles(index, 'a.md'), 'Typed', "the editor's text lost to the disk");

    source.close(document);
    await clock.advance(DEBOUNCE_MS);
    assert.equal(titles(index, 'a.md'), 'Changed on disk');
    assert.equal(index.get(ref('a.md'))?.version, undefined);
    index.dispose();
  });

  it('typing is parsed once the typing pauses (debounce), and noteFor parses the current version at once', async () => {
    source.write('a.md', '# A\n');
    const { index } = memoryIndex(source, clock);
    await index.whenReady();
    const document = source.open('a.md');
    const before = index.counts().documentParses;
    for (const text of ['# A1\n', '# A12\n', '# A123\n']) {
      document.edit(text);
      source.fire({ kind: 'documentEdited', document });
      await clock.advance(DEBOUNCE_MS / 3);
    }
    assert.equal(index.counts().documentParses, before, 'parsed while typing');
    await clock.advance(DEBOUNCE_MS);
    assert.equal(index.counts().documentParses, before + 1);
    document.edit('# A1234\n');
    assert.equal(index.noteFor(document).sections[0].title, 'A1234');
    source.fire({ kind: 'documentEdited', document });
    await clock.advance(DEBOUNCE_MS);
    assert.equal(index.counts().documentParses, before + 2, 'the debounced parse ran again for a version noteFor had parsed');
    index.dispose();
  });

  describe('progress of a scan', () => {
    /** Each note's stat takes `ms` of the manual clock. */
    function slowDisk(ms: number): void {
      source.onStat = () => {
        clock.time += ms;
      };
    }

    it('reports the counts when it starts, at most every 200 ms while it runs, and once finished', async () => {
      // Reads run 16 ahead of the parses: enough notes that the clock moves on while they are indexed.
      for (let n = 0; n < 60; n++) source.write(`n${String(n).padStart(2, '0')}.md`, `# Note ${n}\n`);
      slowDisk(50);
      const { index } = memoryIndex(source, clock);
      const reports: { progress: IndexProgress; at: number; current: IndexProgress | undefined }[] = [];
      index.onDidProgress((progress) => reports.push({ progress, at: clock.now(), current: index.progress() }));
      await index.whenReady();
      assert.deepEqual(reports[0].progress, { done: 0, total: 0, finished: false }, 'listing');
      assert.deepEqual(reports[1].progress, { done: 0, total: 60, finished: false }, 'listed');
      assert.deepEqual(reports.at(-1)?.progress, { done: 60, total: 60, finished: true });
      const running = reports.slice(2, -1);
      assert.ok(running.length >= 5, `only ${running.length} reports while 60 notes took 3,000 ms`);
      for (let k = 1; k < reports.length - 1; k++) {
        assert.ok(reports[k].progress.done >= reports[k - 1].progress.done, 'counts never go back');
        if (k >= 2) assert.ok(reports[k].at - reports[k - 1].at >= PROGRESS_INTERVAL_MS, `reports ${reports[k - 1].at} and ${reports[k].at} too close`);
        assert.deepEqual(reports[k].current, reports[k].progress, 'progress() tells what the last report said');
      }
      assert.equal(reports.at(-1)?.current, undefined, 'no scan runs once it finished');
      assert.equal(index.progress(), undefined);
      assert.equal(indexingMessage(running[1].progress), `Indexing notes… ${running[1].progress.done} / 60`);
      assert.equal(indexingMessage({ done: 3200, total: 10_000, finished: false }), 'Indexing notes… 3,200 / 10,000');
      index.dispose();
    });

    it('announces the first notes at once, then the rest in batches at most every 200 ms, every note once', async () => {
      for (let n = 0; n < 60; n++) source.write(`n${String(n).padStart(2, '0')}.md`, `# Note ${n}\n`);
      slowDisk(50);
      const { index } = memoryIndex(source, clock);
      const batches: { at: number; count: number }[] = [];
      index.onDidChange((uris) => batches.push({ at: clock.now(), count: uris.length }));
      const started = clock.now();
      await index.whenReady();
      const firstAt = batches[0].at - started;
      assert.ok(firstAt < CHANGE_BATCH_MS * 5, `the first notes came ${firstAt} ms after the start`);
      for (let k = 1; k < batches.length - 1; k++) assert.ok(batches[k].at - batches[k - 1].at >= CHANGE_BATCH_MS, `batches ${k - 1} and ${k} ${batches[k].at - batches[k - 1].at} ms apart`);
      assert.equal(batches.reduce((sum, b) => sum + b.count, 0), 60);
      assert.ok(batches.length >= 3 && batches.length < 30, `${batches.length} batches`);
      index.dispose();
    });

    it('a rescan that supersedes a running scan carries its reports on; one report says finished, the last one', async () => {
      for (let n = 0; n < 5; n++) source.write(`n${n}.md`, `# Note ${n}\n`);
      source.holdReads();
      const { index } = memoryIndex(source, clock);
      const reports: IndexProgress[] = [];
      index.onDidProgress((progress) => reports.push(progress));
      const first = index.whenReady();
      await settle();
      assert.ok(index.progress(), 'the first scan runs');
      source.write('n5.md', '# Note 5\n');
      const second = index.rescan({ reparse: false });
      source.releaseReads();
      await Promise.all([first, second]);
      assert.deepEqual(
        reports.filter((r) => r.finished),
        [{ done: 6, total: 6, finished: true }],
      );
      assert.equal(reports.at(-1)?.finished, true);
      assert.equal(index.progress(), undefined);
      index.dispose();
    });

    it('a scan that fails still finishes its progress, so no "indexing" message stays up', async () => {
      source.findNotes = () => Promise.reject(new Error('the workspace went away'));
      const { index } = memoryIndex(source, clock);
      const reports: IndexProgress[] = [];
      index.onDidProgress((progress) => reports.push(progress));
      await assert.rejects(index.whenReady(), /went away/);
      assert.deepEqual(reports.at(-1), { done: 0, total: 0, finished: true });
      assert.equal(index.progress(), undefined);
      index.dispose();
    });

    it('all() stays ordered by key and current as notes are added, changed and removed', async () => {
      source.write('b.md', '# B\n');
      source.write('a.md', '# A\n');
      const { index } = memoryIndex(source, clock);
      await index.whenReady();
      assert.deepEqual(keys(index), ['a.md', 'b.md']);
      assert.equal(index.size, 2);
      source.write('a.md', '# A, changed\n');
      source.fire({ kind: 'fileChanged', ref: ref('a.md') });
      source.write('0.md', '# Zero\n');
      source.fire({ kind: 'fileChanged', ref: ref('0.md') });
      await clock.advance(DEBOUNCE_MS);
      assert.deepEqual(keys(index), ['0.md', 'a.md', 'b.md']);
      assert.equal(index.all()[1].note.sections[0].title, 'A, changed', 'all() gives the current parse, not the one it sorted');
      source.delete('0.md');
      source.fire({ kind: 'deleted', ref: ref('0.md') });
      assert.deepEqual(keys(index), ['a.md', 'b.md']);
      assert.equal(index.size, 2);
      index.dispose();
    });
  });

  describe('warm start from the parse cache', () => {
    async function firstStart(store: MemoryCacheStore): Promise<void> {
      const { index } = memoryIndex(source, clock, { store, version: 'test' });
      await index.whenReady();
      await index.flushCache();
      index.dispose();
    }

    it('trusts each note\'s modification time and size: no note is read, none parsed, the notes are equal', async () => {
      for (let n = 0; n < 20; n++) source.write(`n${n}.md`, `# Note ${n}\n\nQ${n}::A${n}\n`);
      const store = new MemoryCacheStore();
      const cold = memoryIndex(source, clock, { store, version: 'test' });
      await cold.index.whenReady();
      await cold.index.flushCache();
      const coldNotes = cold.index.all().map((n) => n.note);
      cold.index.dispose();

      source.reads = 0;
      const warm = memoryIndex(source, clock, { store, version: 'test' });
      await warm.index.whenReady();
      assert.equal(source.reads, 0, 'notes were read');
      assert.deepEqual(warm.index.counts(), { diskParses: 0, cacheHits: 20, documentParses: 0, incrementalUpdates: 0, unreadHits: 20 });
      assert.deepEqual(warm.index.all().map((n) => n.note), coldNotes);
      assert.ok(warm.lines.includes('info Indexed 20 notes (0 parsed, 20 from the parse cache) in 0 ms'), warm.lines.join('\n'));
      warm.index.dispose();
    });

    it('a note changed between two starts (another modification time) is read and parsed; one touched but equal is read, not parsed', async () => {
      source.write('a.md', '# A\n');
      source.write('b.md', '# B\n');
      source.write('c.md', '# C\n');
      const store = new MemoryCacheStore();
      await firstStart(store);
      source.write('a.md', '# A, changed\n');
      source.write('b.md', '# B\n'); // touched: same text, new time

      source.reads = 0;
      const { index } = memoryIndex(source, clock, { store, version: 'test' });
      await index.whenReady();
      assert.equal(source.reads, 2);
      assert.deepEqual(index.counts(), { diskParses: 1, cacheHits: 2, documentParses: 0, incrementalUpdates: 0, unreadHits: 1 });
      assert.equal(titles(index, 'a.md'), 'A, changed');
      // Saved again with b.md's new stamp: a third start reads nothing.
      await index.flushCache();
      index.dispose();
      source.reads = 0;
      const third = memoryIndex(source, clock, { store, version: 'test' });
      await third.index.whenReady();
      assert.equal(source.reads, 0);
      third.index.dispose();
    });

    it('an edit while the cache is warm: the editor\'s text and a change on disk are both parsed, the recalled parse is not served for them', async () => {
      source.write('a.md', '# A\n');
      source.write('b.md', '# B\n');
      const store = new MemoryCacheStore();
      await firstStart(store);

      const { index } = memoryIndex(source, clock, { store, version: 'test' });
      await index.whenReady();
      assert.equal(index.counts().unreadHits, 2);
      const document = source.open('a.md');
      assert.equal(titles(index, 'a.md'), 'A', 'opening the unchanged note keeps its parse');
      document.edit('# A, typed\n');
      source.fire({ kind: 'documentEdited', document });
      source.write('b.md', '# B, saved elsewhere\n');
      source.fire({ kind: 'fileChanged', ref: ref('b.md') });
      await clock.advance(DEBOUNCE_MS);
      assert.equal(titles(index, 'a.md'), 'A, typed');
      assert.equal(titles(index, 'b.md'), 'B, saved elsewhere');

      // The next start trusts b.md's new stamp, and reads a.md (its parse was the editor's).
      await index.flushCache();
      source.close(document);
      index.dispose();
      source.reads = 0;
      const next = memoryIndex(source, clock, { store, version: 'test' });
      await next.index.whenReady();
      assert.equal(titles(next.index, 'b.md'), 'B, saved elsewhere');
      assert.equal(titles(next.index, 'a.md'), 'A');
      assert.equal(source.reads, 1);
      next.index.dispose();
    });

    it('a parse-settings change (reparse) reads and parses every note again instead of trusting the stamps', async () => {
      source.write('a.md', '# A\n');
      const store = new MemoryCacheStore();
      await firstStart(store);
      const { index } = memoryIndex(source, clock, { store, version: 'test' });
      await index.whenReady();
      source.reads = 0;
      source.fire({ kind: 'settingsChanged', reparse: true });
      await index.whenReady();
      assert.equal(source.reads, 1);
      index.dispose();
    });
  });
});
