import * as assert from 'node:assert/strict';
import { ExcludeGlobs } from '../../src/core/index/exclude-globs';
import { hash64, textFingerprint } from '../../src/core/util/hash';
import { SliceQueue, TimeSlicer } from '../../src/core/util/time-slice';

describe('core utilities', () => {
  describe('exclude globs (files.exclude, by picomatch)', () => {
    const cases: [string, string, boolean][] = [
      ['**/drafts', 'notes/drafts/aws.md', true],
      ['**/drafts', 'drafts/aws.md', true],
      ['**/drafts', 'notes/drafts-old/aws.md', false],
      ['**/index-{drafts,private}', 'index-private/a.md', true],
      ['**/index-{drafts,private}', 'index-public/a.md', false],
      ['*.md', 'top.md', true],
      ['*.md', 'deep/top.md', false],
      ['**/*.{md,markdown}', 'a/b.markdown', true],
      ['**/.git', '.git/notes.md', true],
      ['./archive', 'archive/old.md', true],
      ['notes/?.md', 'notes/a.md', true],
      ['notes/?.md', 'notes/ab.md', false],
      ['notes/[ab].md', 'notes/b.md', true],
      ['notes/[!ab].md', 'notes/b.md', false],
    ];
    for (const [glob, path, expected] of cases) {
      it(`${glob} ${expected ? 'excludes' : 'keeps'} ${path}`, () => {
        assert.equal(new ExcludeGlobs().matches([glob], path), expected);
      });
    }

    it('compiles a list of globs once and recompiles when the list changes', () => {
      const globs = new ExcludeGlobs();
      assert.equal(globs.matches(['**/a'], 'a/x.md'), true);
      assert.equal(globs.matches(['**/b'], 'a/x.md'), false);
      assert.equal(globs.matches([], 'a/x.md'), false);
    });
  });

  describe('text hash', () => {
    it('hashing parts in turn equals hashing their concatenation, and the fingerprint holds the length', () => {
      assert.equal(hash64('ab', 'c'), hash64('abc'));
      assert.notEqual(hash64('abc'), hash64('abd'));
      assert.equal(textFingerprint('abc'), `${hash64('abc')}:3`);
    });

    it('gives the values it gave in src/core/card-id.ts before it moved (card ids in review logs stay valid)', () => {
      assert.equal(hash64('notes/aws.md', '\u0002', 'mcq\u0000which region?'), '124dc692cdb377ac');
      assert.equal(hash64(''), '488bdcb81aee8d83');
    });
  });

  describe('time slicing', () => {
    it('pauses only once a slice has used its time, then starts a new slice', async () => {
      let now = 0;
      let pauses = 0;
      const slicer = new TimeSlicer(() => now, async () => void pauses++, 15);
      now = 15;
      assert.equal(await slicer.yieldIfSpent(), false);
      now = 16;
      assert.equal(await slicer.yieldIfSpent(), true);
      assert.equal(await slicer.yieldIfSpent(), false, 'a new slice started after the pause');
      assert.equal(pauses, 1);
    });

    it('a slice queue runs jobs in order, pausing between slices, and rejects only the job that threw', async () => {
      let now = 0;
      let pauses = 0;
      const queue = new SliceQueue(() => now, async () => void pauses++, 10);
      const order: number[] = [];
      const jobs = [1, 2, 3, 4].map((n) =>
        queue.run(() => {
          order.push(n);
          now += 6;
          if (n === 3) throw new Error('job 3');
        }),
      );
      const results = await Promise.allSettled(jobs);
      assert.deepEqual(order, [1, 2, 3, 4]);
      assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      assert.equal(pauses, 2);
    });
  });
});
