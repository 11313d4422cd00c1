import * as assert from 'node:assert/strict';
import type { CardSchedule, Rating } from '../../../src/core/review';
import { MemoryModel, NEW_MEMORY, type MemoryState } from '../../../src/core/stats/memory-model';
import { seededRandom } from '../../../src/core/quiz/quiz-items';
import { DAY, MINUTE, T0, testScheduler } from '../review-support';

function same(state: MemoryState, schedule: CardSchedule, where: string): void {
  assert.equal(state.phase, schedule.phase, `${where}: phase`);
  assert.equal(state.learningStep, schedule.learningStep, `${where}: learning step`);
  assert.equal(state.stabilityDays, schedule.stabilityDays, `${where}: stability`);
  assert.equal(state.difficulty, schedule.difficulty, `${where}: difficulty`);
  assert.equal(state.lastReviewAt, schedule.lastReviewAt, `${where}: last review`);
}

describe('Statistics memory model', () => {
  for (const steps of [
    { learningSteps: ['1m', '10m'], relearningSteps: ['10m'] },
    { learningSteps: ['10m'], relearningSteps: [] },
    { learningSteps: [], relearningSteps: ['1m', '1h'] },
    { learningSteps: ['1m', '10m', '1d'], relearningSteps: ['10m', '2d'] },
  ]) {
    it(`follows ReviewScheduler rating by rating (learning steps ${steps.learningSteps.join(',') || 'none'}, relearning ${steps.relearningSteps.join(',') || 'none'})`, () => {
      const scheduler = testScheduler(steps);
      const model = new MemoryModel(steps);
      const random = seededRandom(7 + steps.learningSteps.length);
      for (let card = 0; card < 60; card++) {
        let schedule = scheduler.newCard();
        let state: MemoryState = NEW_MEMORY;
        let time = T0 + card * 13 * MINUTE;
        for (let n = 0; n < 25; n++) {
          // Gaps from a minute to two months, so learning steps, same-day and long reviews all occur.
          const r = random();
          time += r < 0.3 ? Math.floor(random() * 20) * MINUTE + MINUTE : r < 0.6 ? Math.floor(random() * 5 * DAY) : Math.floor(random() * 60 * DAY);
          const rating = (1 + Math.floor(random() * 4)) as Rating;
          schedule = scheduler.rate(schedule, rating, time);
          state = model.rate(state, rating, time);
          same(state, schedule, `card ${card}, rating ${n + 1}`);
          const later = time + Math.floor(random() * 40 * DAY);
          assert.equal(model.recall(state, later), scheduler.recallProbability(schedule, later), `card ${card}, recall after rating ${n + 1}`);
        }
      }
    });
  }

  it('has no recall probability for a card never rated', () => {
    assert.equal(new MemoryModel().recall(NEW_MEMORY, T0), undefined);
  });
});
