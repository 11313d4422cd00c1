import * as assert from 'node:assert/strict';
import { simulateExamPreparation, type SimulationOptions } from './simulated-learner';

const SETUP: Omit<SimulationOptions, 'plan'> = { seed: 12, cards: 300, days: 30, reviewsPerDay: 100, newPerDay: 20 };

describe('Exam plan: simulated learner (300 cards, 30 days, at most 100 ratings a day)', () => {
  const withPlan = simulateExamPreparation({ ...SETUP, plan: true });
  const withoutPlan = simulateExamPreparation({ ...SETUP, plan: false });

  before(() => {
    // The figures the README and CHANGELOG quote: printed on every run, so they are measured, not remembered.
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

  it('with the plan, no day goes over the cap of 100 ratings', () => {
    assert.equal(withPlan.ratingsPerDay.length, 30);
    assert.ok(withPlan.ratingsPerDay.every((n) => n <= 100), withPlan.ratingsPerDay.join(' '));
  });

  it('with the plan, every card is introduced before the final week', () => {
    assert.ok(withPlan.lastNewCardDay < 30 - 7, `last new card on day index ${withPlan.lastNewCardDay}`);
  });
});
