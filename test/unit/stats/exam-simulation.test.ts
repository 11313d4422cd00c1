import * as assert from 'node:assert/strict';
import { describeSimulation, EXAM_SIMULATION_SETUP as SETUP, simulateExamPreparation } from './simulated-learner';

describe('Exam plan: simulated learner (300 cards, 30 days, at most 100 ratings a day)', () => {
  const withPlan = simulateExamPreparation({ ...SETUP, plan: true });
  const withoutPlan = simulateExamPreparation({ ...SETUP, plan: false });

  before(() => {
    // The figures the README and CHANGELOG quote: printed on every run, so they are measured, not remembered.
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

  it('with the plan, no day goes over the cap of 100 ratings', () => {
    assert.equal(withPlan.ratingsPerDay.length, 30);
    assert.ok(withPlan.ratingsPerDay.every((n) => n <= 100), withPlan.ratingsPerDay.join(' '));
  });

  it('with the plan, every card is introduced before the final week', () => {
    assert.ok(withPlan.lastNewCardDay < 30 - 7, `last new card on day index ${withPlan.lastNewCardDay}`);
  });
});
