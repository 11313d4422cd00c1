import * as assert from 'node:assert/strict';
import { readAhead } from '../../src/core/index/read-ahead';

describe('readAhead', () => {
  it('yields every result in order, with at most `window` reads in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const read = async (n: number): Promise<number> => {
      inFlight++;
      most = Math.max(most, inFlight);
      // Later items finish sooner: order must come from the items, not from completion.
      await new Promise((resolve) => setTimeout(resolve, 20 - n));
      inFlight--;
      return n * 10;
    };
    const seen: [number, number][] = [];
    for await (const pair of readAhead([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], read, 3)) seen.push(pair);
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => [n, n * 10]));
    assert.equal(most, 3);
  });

  it('passes a failed read to the consumer at its turn, and leaves no unhandled rejection when the consumer stops', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const read = (n: number): Promise<number> => (n === 2 || n === 4 ? Promise.reject(new Error(`cannot read ${n}`)) : Promise.resolve(n));
      const seen: number[] = [];
      await assert.rejects(async () => {
        for await (const [n] of readAhead([1, 2, 3, 4], read, 4)) seen.push(n);
      }, /cannot read 2/);
      assert.deepEqual(seen, [1]);
      await new Promise((resolve) => setTimeout(resolve, 10));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('handles no items and a window larger than the list', async () => {
    const none: unknown[] = [];
    for await (const pair of readAhead([], async (n: number) => n, 8)) none.push(pair);
    assert.deepEqual(none, []);
    const all: number[] = [];
    for await (const [, r] of readAhead([1, 2], async (n: number) => n + 1, 100)) all.push(r);
    assert.deepEqual(all, [2, 3]);
  });
});
