import * as assert from 'node:assert/strict';
import { parseDayLabel } from '../../../src/core/stats/calendar';
import { examDateProblem, parseExamWeight } from '../../../src/core/stats/exam-input';

const TODAY = parseDayLabel('2026-12-07') as number;

describe('Exam date input', () => {
  it('accepts today and later days, trimmed', () => {
    assert.equal(examDateProblem('2026-12-07', TODAY), undefined);
    assert.equal(examDateProblem(' 2027-03-01 ', TODAY), undefined);
  });

  it('says what is wrong with an empty, malformed, unreal or past day', () => {
    assert.deepEqual(
      ['', '1 March', '2027-3-1', '2027-02-30', '2026-12-06'].map((text) => examDateProblem(text, TODAY)),
      [
        'Write the exam day as YYYY-MM-DD, for example 2027-01-06.',
        '"1 March" is not a day written YYYY-MM-DD (for example 2027-01-06).',
        '"2027-3-1" is not a day written YYYY-MM-DD (for example 2027-01-06).',
        '"2027-02-30" is not a real day of the calendar.',
        '2026-12-06 is in the past (today is 2026-12-07): pick today or a later day.',
      ],
    );
  });

  it('reads a weight as a positive number, with or without a percent sign', () => {
    assert.deepEqual(['30', '30 %', '12.5', '.3', '0', '-4', 'thirty', ''].map(parseExamWeight), [30, 30, 12.5, 0.3, undefined, undefined, undefined, undefined]);
  });
});
