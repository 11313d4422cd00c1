import * as assert from 'node:assert/strict';
import type { CardSchedule, Rating } from '../../src/core/review';
import { buildMasteryMap, type MasteryCard, type MasterySection } from '../../src/core/review/mastery';
import { DAY, MINUTE, T0, testScheduler } from './review-support';

const scheduler = testScheduler();

/** The schedule after these ratings, each at its time (epoch ms). */
function rated(...ratings: [Rating, number][]): CardSchedule {
  let schedule = scheduler.newCard();
  for (const [rating, at] of ratings) schedule = scheduler.rate(schedule, rating, at);
  return schedule;
}

// A note with two chapters; "cloud" has a subsection "quiz".
const SECTIONS: MasterySection[] = [
  { id: 'note', parent: undefined, canBeWeakest: false },
  { id: 'cloud', parent: 'note' },
  { id: 'cloud/quiz', parent: 'cloud' },
  { id: 'bedrock', parent: 'note' },
];

describe('Mastery map', () => {
  it('counts due cards and averages recall over reviewed cards only, subsections included', () => {
    // Reviewed Good twice 30 days ago: long overdue. Reviewed Easy yesterday: due in days.
    const overdue = rated([3, T0 - 30 * DAY], [3, T0 - 30 * DAY + 10 * MINUTE]);
    const fresh = rated([4, T0 - DAY]);
    const cards: MasteryCard[] = [
      { id: 'q1', section: 'cloud/quiz', schedule: overdue },
      { id: 'q2', section: 'cloud/quiz', schedule: undefined },
      { id: 'q3', section: 'cloud', schedule: fresh },
      { id: 'q4', section: 'bedrock', schedule: undefined },
    ];
    const map = buildMasteryMap(SECTIONS, cards, T0, scheduler);
    const r1 = scheduler.recallProbability(overdue, T0) ?? NaN;
    const r3 = scheduler.recallProbability(fresh, T0) ?? NaN;
    assert.ok(r1 < 0.8 && r3 > 0.9, `the overdue card is the less likely recalled (${r1} vs ${r3})`);

    assert.deepEqual(map.sections.get('cloud/quiz'), { cardCount: 2, dueCount: 1, reviewedCount: 1, averageRecall: r1, lowestRecall: r1 });
    assert.deepEqual(map.sections.get('cloud'), { cardCount: 3, dueCount: 1, reviewedCount: 2, averageRecall: (r1 + r3) / 2, lowestRecall: r1 });
    assert.deepEqual(map.sections.get('bedrock'), { cardCount: 1, dueCount: 0, reviewedCount: 0, averageRecall: undefined, lowestRecall: undefined });
    assert.deepEqual(map.total, map.sections.get('note'));
    assert.equal(map.total.cardCount, 4);
    assert.deepEqual([map.cards.get('q1')?.state, map.cards.get('q2')?.state, map.cards.get('q3')?.state], ['due', 'new', 'scheduled']);
    assert.equal(map.cards.get('q2')?.recall, undefined, 'a card never reviewed has no recall probability');
  });

  it('names the section with the lowest average the weakest, the deeper one on a tie', () => {
    const overdue = rated([3, T0 - 30 * DAY], [3, T0 - 30 * DAY + 10 * MINUTE]);
    const fresh = rated([4, T0 - DAY]);
    const cards: MasteryCard[] = [
      { id: 'q1', section: 'cloud/quiz', schedule: overdue },
      { id: 'q4', section: 'bedrock', schedule: fresh },
    ];
    // "cloud" holds only q1, so it ties with "cloud/quiz"; the subsection is the one to point at.
    assert.equal(buildMasteryMap(SECTIONS, cards, T0, scheduler).weakest, 'cloud/quiz');
    const swapped = buildMasteryMap(SECTIONS, [{ ...cards[0], schedule: fresh }, { ...cards[1], schedule: overdue }], T0, scheduler);
    assert.equal(swapped.weakest, 'bedrock');
  });

  it('names no weakest section when no card is reviewed or every reviewed section has the same average', () => {
    const none = buildMasteryMap(SECTIONS, [{ id: 'q1', section: 'cloud', schedule: undefined }], T0, scheduler);
    assert.equal(none.weakest, undefined);
    // Rated today: every card is still certain to be recalled.
    const today = rated([3, T0 - 5 * MINUTE]);
    const even = buildMasteryMap(
      SECTIONS,
      [
        { id: 'q1', section: 'cloud/quiz', schedule: today },
        { id: 'q4', section: 'bedrock', schedule: today },
      ],
      T0,
      scheduler,
    );
    assert.equal(even.sections.get('bedrock')?.averageRecall, 1);
    assert.equal(even.weakest, undefined);
  });

  it('a forgotten card counts as new, not as reviewed or due', () => {
    const forgotten = scheduler.forget(rated([3, T0 - 10 * DAY]), T0 - DAY);
    const map = buildMasteryMap(SECTIONS, [{ id: 'q1', section: 'bedrock', schedule: forgotten }], T0, scheduler);
    assert.equal(map.cards.get('q1')?.state, 'new');
    assert.deepEqual(map.sections.get('bedrock'), { cardCount: 1, dueCount: 0, reviewedCount: 0, averageRecall: undefined, lowestRecall: undefined });
  });

  it('a suspended card is neither due nor in the recall average, and sets no next due time', () => {
    const overdue = rated([3, T0 - 30 * DAY], [3, T0 - 30 * DAY + 10 * MINUTE]);
    const soon = rated([1, T0 - 30 * 1000]);
    const cards: MasteryCard[] = [
      { id: 'q1', section: 'cloud', schedule: overdue, suspended: true },
      { id: 'q2', section: 'cloud', schedule: soon, suspended: true },
      { id: 'q3', section: 'bedrock', schedule: overdue },
    ];
    const map = buildMasteryMap(SECTIONS, cards, T0, scheduler);
    assert.deepEqual(map.sections.get('cloud'), { cardCount: 2, dueCount: 0, reviewedCount: 0, averageRecall: undefined, lowestRecall: undefined });
    assert.deepEqual([map.cards.get('q1')?.state, map.cards.get('q2')?.state, map.cards.get('q3')?.state], ['suspended', 'suspended', 'due']);
    assert.equal(map.nextDueAt, undefined, 'the suspended Again card would otherwise come due in seconds');
    assert.equal(map.total.dueCount, 1);
  });

  it('a card comes due at its due time, which is the next due time of the map before', () => {
    const learning = rated([3, T0]); // Good on a new card: the 10m learning step
    const later = rated([4, T0 - DAY]);
    const cards: MasteryCard[] = [
      { id: 'q1', section: 'cloud', schedule: learning },
      { id: 'q2', section: 'bedrock', schedule: later },
    ];
    const before = buildMasteryMap(SECTIONS, cards, T0 + MINUTE, scheduler);
    assert.equal(before.nextDueAt, T0 + 10 * MINUTE);
    assert.equal(before.sections.get('cloud')?.dueCount, 0);
    const at = buildMasteryMap(SECTIONS, cards, T0 + 10 * MINUTE, scheduler);
    assert.equal(at.sections.get('cloud')?.dueCount, 1);
    assert.equal(at.cards.get('q1')?.state, 'due');
    assert.equal(at.nextDueAt, later.dueAt, 'the next one is the Easy card');
  });

  it('a card outside every section passed counts only in the total; sections in any order', () => {
    const reversed = [...SECTIONS].reverse();
    const map = buildMasteryMap(reversed, [{ id: 'loose', section: undefined, schedule: rated([3, T0 - 2 * DAY], [3, T0 - 2 * DAY + 10 * MINUTE]) }], T0, scheduler);
    assert.equal(map.total.cardCount, 1);
    assert.equal(map.total.reviewedCount, 1);
    assert.equal(map.sections.get('note')?.cardCount, 0);
  });
});
