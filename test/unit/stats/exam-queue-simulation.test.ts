import * as assert from 'node:assert/strict';
import { simulateThroughQueue } from './queue-learner';
import type { SimulationOptions, SimulationResult } from './simulated-learner';

const SETUP: Omit<SimulationOptions, 'plan'> = { seed: 12, cards: 300, days: 30, reviewsPerDay: 100, newPerDay: 20 };

describe('Exam plan through the review queue: simulated learner (300 cards, 30 days, at most 100 ratings a day)', function () {
  this.timeout(120_000);
  let withPlan: SimulationResult;
  let withoutPlan: SimulationResult;

  before(async () => {
    withPlan = await simulateThroughQueue({ ...SETUP, plan: true });
    withoutPlan = await simulateThroughQueue({ ...SETUP, plan: false });
    // Printed on every run: the README's figures are measured, not remembered.
    console.log(`      with the plan:    mean true recall on exam day ${withPlan.meanRecallOnExamDay.toFixed(3)}, fewest reviews of a card ${withPlan.fewestReviews}, busiest day ${Math.max(...withPlan.ratingsPerDay)} ratings, last new card on day ${withPlan.lastNewCardDay + 1}`);
    console.log(`      without the plan: mean true recall on exam day ${withoutPlan.meanRecallOnExamDay.toFixed(3)}, fewest reviews of a card ${withoutPlan.fewestReviews}, busiest day ${Math.max(...withoutPlan.ratingsPerDay)} ratings, last new card on day ${withoutPlan.lastNewCardDay + 1}`);
  });

  it('with the plan, the mean true recall on exam day is at least 0.90', () => {
    assert.ok(withPlan.meanRecallOnExamDay >= 0.9, `mean recall ${withPlan.meanRecallOnExamDay}`);
  });

  it('with the plan, every card is reviewed at least twice', () => {
    assert.equal(withPlan.cardsNeverSeen, 0);
    assert.ok(withPlan.fewestReviews >= 2, `fewest reviews ${withPlan.fewestReviews}`);
  });

  it('with the plan, no day goes over the cap of 100 ratings, and every card is introduced before the final week', () => {
    assert.ok(withPlan.ratingsPerDay.every((n) => n <= 100), withPlan.ratingsPerDay.join(' '));
    assert.ok(withPlan.lastNewCardDay < 30 - 7, `last new card on day index ${withPlan.lastNewCardDay}`);
  });
});
