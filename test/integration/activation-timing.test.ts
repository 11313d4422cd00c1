import * as assert from 'node:assert/strict';
import { activateExtension } from './extension-api';

describe('Activation timing', () => {
  it('activate() returns in under 100 ms on the fixture workspace, before any note is indexed', async () => {
    const { api } = await activateExtension();
    const { durationMs, notesIndexedAtReturn } = api.activation;
    console.log(`      activate() took ${durationMs.toFixed(1)} ms (performance.now() at its start and end); notes indexed when it returned: ${notesIndexedAtReturn}`);
    assert.ok(Number.isFinite(durationMs) && durationMs >= 0, `not a duration: ${durationMs}`);
    // 5–8 ms on the loaded 2-core CI machine; the bound leaves room for a starved CPU while
    // still catching work that belongs after activation (indexing is checked just below).
    assert.ok(durationMs < 100, `activate() took ${durationMs.toFixed(1)} ms`);
    assert.equal(notesIndexedAtReturn, 0, 'indexing must start after activate() returns');
  });
});
