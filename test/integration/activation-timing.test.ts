import * as assert from 'node:assert/strict';
import { activateExtension } from './extension-api';

describe('Activation timing', () => {
  it('activate() returns in under 250 ms on the fixture workspace, before any note is indexed', async () => {
    const { api } = await activateExtension();
    const { durationMs, notesIndexedAtReturn } = api.activation;
    console.log(`      activate() took ${durationMs.toFixed(1)} ms (performance.now() at its start and end); notes indexed when it returned: ${notesIndexedAtReturn}`);
    assert.ok(Number.isFinite(durationMs) && durationMs >= 0, `not a duration: ${durationMs}`);
    // A loose bound, for gross regressions only (an extension host starved of CPU is slow
    // whatever the code); that indexing waits until after activation is checked just below.
    assert.ok(durationMs < 250, `activate() took ${durationMs.toFixed(1)} ms`);
    assert.equal(notesIndexedAtReturn, 0, 'indexing must start after activate() returns');
  });
});
