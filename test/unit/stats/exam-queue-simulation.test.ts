import * as assert from 'node:assert/strict';
import { simulateThroughQueue } from './queue-learner';
import { describeSimulation, EXAM_SIMULATION_SETUP as SETUP, type SimulationResult } from './simulated-learner';

describe('Exam plan through the review queue: simulated learner (300 cards, 30 days, at most 100 ratings a day)', function () {
  this.timeout(120_000);
  let withPlan: SimulationResult;
  let withoutPlan: SimulationResult;

  before(async () => {
    withPlan = await simulateThroughQueue({ ...SETUP, plan: true });
    withoutPlan = await simulateThroughQueue({ ...SETUP, plan: false });
    // Printed on every run: the README's figures are measured, not remembered.
    console.log(describeSimulation('with the plan:   ', withPlan));
    console.log(describeSimulation('without the plan:', withoutPlan));
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
