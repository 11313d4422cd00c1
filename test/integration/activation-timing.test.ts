import * as assert from 'node:assert/strict';
import { activateExtension } from './extension-api';

describe('Activation timing', () => {
  it('activate() returns in under 250 ms on the fixture workspace, before any note is indexed', async () => {
    const { api } = await activateExtension();
    const { durationMs, notesIndexedAtReturn } = api.activation;
    console.log(`      activate() took ${durationMs.toFixed(1)} ms (performance.now() at its start and end); notes indexed when it returned: ${notesIndexedAtReturn}`);
    assert.ok(Number.isFinite(durationMs) && durationMs >= 0, `not a duration: ${durationMs}`);
    // Usually 5–9 ms on the loaded 2-core CI machine, once 61.5 ms (the extension host was
    // starved of CPU): the bound is for gross regressions; that indexing waits until after
    // activation is checked just below, whatever the machine.
    assert.ok(durationMs < 250, `activate() took ${durationMs.toFixed(1)} ms`);
    assert.equal(notesIndexedAtReturn, 0, 'indexing must start after activate() returns');
  });
});
