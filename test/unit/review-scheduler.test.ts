import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { formatInterval, InvalidSchedulerSettingError, ReviewScheduler, type Rating } from '../../src/core/review';
import { DAY, MINUTE, T0, testScheduler } from './review-support';

describe('Review scheduler (ts-fsrs wrapper)', () => {
  it('leaves Date.prototype without enumerable properties after ts-fsrs is loaded', () => {
    // In this process (other tests may have loaded the module first) …
    assert.deepEqual(Object.keys(Date.prototype), []);
    const seen: string[] = [];
    for (const key in new Date(T0)) seen.push(key);
    assert.deepEqual(seen, []);
    // … and in a fresh process that loads nothing but the scheduler module.
    const modulePath = path.resolve(__dirname, '../../src/core/review/scheduler.js');
    const keys = execFileSync(process.execPath, ['-e', `require(${JSON.stringify(modulePath)}); const k = []; for (const key in new Date()) k.push(key); console.log(JSON.stringify([Object.keys(Date.prototype), k]))`], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(keys), [[], []]);
  });

  it('ts-fsrs itself does add the four methods (so the removal is needed)', () => {
    const out = execFileSync(process.execPath, ['-e', `require('ts-fsrs'); console.log(JSON.stringify(Object.keys(Date.prototype)))`], { encoding: 'utf8', cwd: path.resolve(__dirname, '../../..') });
    assert.deepEqual(JSON.parse(out).sort(), ['diff', 'dueFormat', 'format', 'scheduler']);
  });

  it('previews a new card as Again 1m · Hard 6m · Good 10m · Easy 8d with the default steps', () => {
    const scheduler = testScheduler();
    const labels = scheduler.preview(scheduler.newCard(), T0).map((p) => `${p.label} ${p.intervalLabel}`);
    assert.deepEqual(labels, ['Again 1m', 'Hard 6m', 'Good 10m', 'Easy 8d']);
  });

  it('rating Again brings the card back today after its learning step', () => {
    const scheduler = testScheduler();
    const card = scheduler.rate(scheduler.newCard(), 1, T0);
    assert.equal(card.phase, 'learning');
    assert.equal(card.dueAt - T0, 1 * MINUTE);
    const lapsed = scheduler.rate(scheduler.rate(scheduler.rate(card, 3, card.dueAt), 3, T0 + DAY), 1, T0 + 5 * DAY);
    assert.equal(lapsed.phase, 'relearning');
    assert.equal(lapsed.dueAt - (T0 + 5 * DAY), 10 * MINUTE, 'relearning step of 10m');
    assert.equal(lapsed.lapses, 1);
  });

  it('graduates a card with Good, Good and spaces it out in days', () => {
    const scheduler = testScheduler();
    let card = scheduler.rate(scheduler.newCard(), 3, T0);
    card = scheduler.rate(card, 3, card.dueAt);
    assert.equal(card.phase, 'review');
    assert.ok(card.dueAt - T0 >= DAY, `due after ${card.dueAt - T0} ms`);
    assert.ok((scheduler.recallProbability(card, card.dueAt) ?? 0) > 0.85);
    assert.equal(scheduler.recallProbability(scheduler.newCard(), T0), undefined);
  });

  it('honours learning steps, maximum interval and desired retention settings', () => {
    const scheduler = testScheduler({ learningSteps: ['5m'], maximumIntervalDays: 3 });
    assert.equal(scheduler.preview(scheduler.newCard(), T0)[0].intervalLabel, '5m');
    let card = scheduler.newCard();
    for (let i = 0; i < 6; i++) card = scheduler.rate(card, 4, card.dueAt > T0 ? card.dueAt : T0);
    assert.ok(card.scheduledDays <= 3, `scheduled ${card.scheduledDays} days`);
    const strict = testScheduler({ desiredRetention: 0.97 });
    const loose = testScheduler({ desiredRetention: 0.8 });
    const easy = (s: ReviewScheduler) => s.rate(s.newCard(), 4, T0).scheduledDays;
    assert.ok(easy(strict) < easy(loose));
  });

  it('rejects settings it cannot use with a typed error naming the setting', () => {
    assert.throws(() => new ReviewScheduler({ desiredRetention: 1.5 }), (e: unknown) => e instanceof InvalidSchedulerSettingError && e.setting === 'desiredRetention');
    assert.throws(() => new ReviewScheduler({ learningSteps: ['10 minutes'] }), (e: unknown) => e instanceof InvalidSchedulerSettingError && e.setting === 'learningSteps');
    assert.throws(() => new ReviewScheduler({ maximumIntervalDays: 0 }), InvalidSchedulerSettingError);
  });

  it('gives the same schedule for the same ratings at the same times, fuzz on', () => {
    const a = new ReviewScheduler({ fuzz: true });
    const b = new ReviewScheduler({ fuzz: true });
    const ratings: Rating[] = [3, 3, 4, 2, 3];
    let x = a.newCard();
    let y = b.newCard();
    let t = T0;
    for (const r of ratings) {
      x = a.rate(x, r, t);
      y = b.rate(y, r, t);
      t = Math.max(t + MINUTE, x.dueAt);
    }
    assert.deepEqual(x, y);
  });

  it('formats intervals for the rating buttons', () => {
    assert.deepEqual(
      [30_000, MINUTE, 6 * MINUTE, 10 * MINUTE, 3 * 60 * MINUTE, 4 * DAY, 45 * DAY, 400 * DAY].map(formatInterval),
      ['1m', '1m', '6m', '10m', '3h', '4d', '1.5mo', '1.1y'],
    );
  });
});
