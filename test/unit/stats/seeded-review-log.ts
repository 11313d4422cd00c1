// A review history to test statistics with: a seeded learner who studies on most days
// for `days` days before `now`, reviewing each card when FSRS says it is due, so that the
// log has streaks, gaps, lapses, every card phase, reviews without a recorded duration,
// and cards still to come due. Shared by the unit tests and the Statistics e2e test.
import { seededRandom } from '../../../src/core/quiz/quiz-items';
import { ReviewScheduler, type CardSchedule, type Rating } from '../../../src/core/review';

const DAY_MS = 86_400_000;

export interface SeededLogOptions {
  /** The card ids to review (the first `newCards` are left new). */
  readonly cards: readonly string[];
  /** The end of the history (epoch ms); no event is at or after it. */
  readonly now: number;
  /** How many days before `now` it starts. */
  readonly days: number;
  readonly seed: number;
  /** Cards never reviewed. */
  readonly newCards?: number;
  /** Cards suspended at the end (from those reviewed). */
  readonly suspended?: number;
  /** The writer id that prefixes event ids (a segment is `<writer>.jsonl`). */
  readonly writer?: string;
  /**
   * Multiple-choice cards by id, with their options' text and the right one: their
   * ratings record the option chosen (a wrong one on Again), and mock exams ask them.
   */
  readonly choices?: ReadonlyMap<string, { readonly options: readonly string[]; readonly right: string }>;
  /** Mock exams taken over the last weeks (needs `choices`). */
  readonly mockExams?: number;
  /** The note key of the cards (mock exam answers name it). */
  readonly note?: string;
}

/** The log's lines (JSON, one event each, without line breaks), in time order. */
export function seededReviewLog(options: SeededLogOptions): string[] {
  const random = seededRandom(options.seed);
  // Choices and mock exams draw from their own sequence: the reviews stay those of the seed alone.
  const choiceRandom = seededRandom(options.seed + 1);
  const wrongOption = (c: { options: readonly string[]; right: string }) => {
    const wrong = c.options.filter((o) => o !== c.right);
    return wrong[Math.floor(choiceRandom() * wrong.length)] ?? c.right;
  };
  const scheduler = new ReviewScheduler({ fuzz: false });
  const writer = options.writer ?? 'seeded';
  const lines: string[] = [];
  let seq = 0;
  const event = (fields: Record<string, unknown>) => lines.push(JSON.stringify({ v: 1, id: `${writer}.${++seq}`, ...fields }));
  const reviewed = options.cards.slice(options.newCards ?? 0);
  const schedules = new Map<string, CardSchedule>();
  const start = options.now - options.days * DAY_MS;
  // New cards are introduced a few a day over the first two thirds of the history.
  const introducedOn = new Map(reviewed.map((card, i) => [card, Math.floor((i * options.days * 2) / 3 / Math.max(1, reviewed.length))]));
  for (let day = 0; day < options.days; day++) {
    // Some days off, and the last two days always studied (a streak to show).
    if (day < options.days - 2 && random() < 0.22) continue;
    let time = start + day * DAY_MS + 8 * 3_600_000 + Math.floor(random() * 3_600_000);
    const eventsBefore = lines.length;
    const review = (card: string, current: CardSchedule) => {
      const roll = random();
      const rating: Rating = roll < 0.1 ? 1 : roll < 0.22 ? 2 : roll < 0.88 ? 3 : 4;
      const untimed = random() < 0.12;
      const choice = options.choices?.get(card);
      // Some wrong answers keep a recurring favourite wrong option (the first wrong one), as learners do.
      const chosen = choice && (rating === 1 ? [choiceRandom() < 0.5 ? choice.options.find((o) => o !== choice.right)! : wrongOption(choice)] : [choice.right]);
      event({ kind: 'review', card, time, rating, ...(untimed ? {} : { durationMs: 2000 + Math.floor(random() * 20_000) }), ...(chosen ? { chosen, correct: rating !== 1 } : {}) });
      schedules.set(card, scheduler.rate(current, rating, time));
      time += 15_000 + Math.floor(random() * 30_000);
    };
    for (const card of reviewed) {
      if ((introducedOn.get(card) ?? 0) > day) continue;
      const schedule = schedules.get(card) ?? scheduler.newCard(time);
      if (schedules.has(card) && schedule.dueAt > time + 12 * 3_600_000) continue;
      // Several passes a day through learning steps stay within the day.
      for (let step = 0; step < 3 && time < options.now; step++) {
        const current = schedules.get(card) ?? schedule;
        if (schedules.has(card) && current.dueAt > time + 12 * 3_600_000) break;
        review(card, current);
        if (schedules.get(card)!.phase === 'review') break;
      }
    }
    // On the last days the learner studies ahead when nothing is due: the streak goes on.
    if (lines.length === eventsBefore && day >= options.days - 3 && schedules.size > 0) {
      const [card, schedule] = [...schedules].reduce((a, b) => (b[1].dueAt < a[1].dueAt ? b : a));
      review(card, schedule);
    }
  }
  const mcq = [...(options.choices ?? [])];
  for (let k = 0; k < (options.mockExams ?? 0) && mcq.length > 0; k++) {
    // One a few days apart, ending yesterday; scores rising from about 55 % to 85 %.
    const time = options.now - ((options.mockExams ?? 0) - k) * 4 * DAY_MS + 12 * 3_600_000;
    const skill = 0.55 + (0.3 * k) / Math.max(1, (options.mockExams ?? 1) - 1);
    const asked = mcq.filter(() => choiceRandom() < 0.8).slice(0, 20);
    const answers = asked.map(([card, c]) => {
      const right = choiceRandom() < skill;
      return { card, note: options.note ?? 'notes.md', chosen: [right ? c.right : wrongOption(c)], correct: right };
    });
    event({ kind: 'mock', time, scope: 'Workspace', passMark: 0.7, durationMs: asked.length * 55_000, answers });
  }
  const lastTime = options.now - 60_000;
  for (const card of reviewed.slice(0, options.suspended ?? 0)) event({ kind: 'suspend', card, time: lastTime });
  return lines;
}
