import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseNote } from '../../src/core';
import { readOsrComment, readOsrSchedules } from '../../src/core/parse/osr-schedule-comments';

const fixture = path.resolve(__dirname, '../../../test/fixtures/osr-schedules/vault-note.md');

/** Each side read from `text`, as `prompt (reversed?) -> due,interval,ease` (or `new`), and the comments left over. */
function sidesOf(text: string): { sides: string[]; unreadable: [number, string][]; unmatched: [number, string][] } {
  const note = parseNote(text, { noteKey: 'bio.md' });
  const found = readOsrSchedules(text, note);
  const byId = new Map(note.cards.map((c) => [c.id, c]));
  return {
    sides: found.cards.map((side) => {
      const card = byId.get(side.cardId);
      assert.ok(card, `side ${JSON.stringify(side)} names a card of the note`);
      const schedule = side.schedule ? `${side.schedule.due},${side.schedule.intervalDays},${side.schedule.ease}` : 'new';
      return `${card.prompt}${card.reversed ? ' (reversed)' : ''} -> ${schedule}`;
    }),
    unreadable: found.unreadable.map((p) => [p.line, p.reason]),
    unmatched: found.unmatched.map((p) => [p.line, p.reason]),
  };
}

describe('Obsidian Spaced Repetition schedule comments: the grammar', () => {
  it('reads one triple per side, in order', () => {
    assert.deepEqual(readOsrComment('!2026-03-01,4,270!2026-02-20,2,250'), {
      ok: true,
      sides: [
        { due: '2026-03-01', intervalDays: 4, ease: 270 },
        { due: '2026-02-20', intervalDays: 2, ease: 250 },
      ],
    });
  });

  it('reads the older form without "!" as one side', () => {
    assert.deepEqual(readOsrComment('2021-08-11,4,270'), { ok: true, sides: [{ due: '2021-08-11', intervalDays: 4, ease: 270 }] });
  });

  it('reads a day-first date into YYYY-MM-DD', () => {
    assert.deepEqual(readOsrComment('!05-03-2026,7,250'), { ok: true, sides: [{ due: '2026-03-05', intervalDays: 7, ease: 250 }] });
  });

  it('a side with the placeholder date 2000-01-01 was never reviewed: no schedule', () => {
    assert.deepEqual(readOsrComment('!2026-03-01,4,270!2000-01-01,1,250'), { ok: true, sides: [{ due: '2026-03-01', intervalDays: 4, ease: 270 }, undefined] });
  });

  it('says why a comment is unreadable: not a date, a date that does not exist, interval 0, a missing field', () => {
    const reasons = ['!tomorrow,4,250', '!2026-02-30,4,250', '!2026-03-01,0,250', '!2026-03-01,4', '!2026-03-01,4,250!oops'].map((body) => {
      const reading = readOsrComment(body);
      assert.equal(reading.ok, false, body);
      return reading.ok ? '' : reading.reason;
    });
    assert.deepEqual(reasons, [
      '"tomorrow,4,250" is not a due date, an interval and an ease (like !2026-03-01,4,270)',
      '"2026-02-30" is not a date (YYYY-MM-DD)',
      'an interval of 0 days (the plugin writes at least 1)',
      '"2026-03-01,4" is not a due date, an interval and an ease (like !2026-03-01,4,270)',
      'side 2: "oops" is not a due date, an interval and an ease (like !2026-03-01,4,270)',
    ]);
  });
});

describe('Obsidian Spaced Repetition schedule comments: which card each side is', () => {
  it('gives each side of the fixture vault note to its card, and reports the rest with their lines', () => {
    const { sides, unreadable, unmatched } = sidesOf(fs.readFileSync(fixture, 'utf8'));
    assert.deepEqual(sides, [
      // at the end of the card's own line
      'Ribosome -> 2026-03-01,4,270',
      // a `:::` card: front to back first, then the reversed twin
      'Lysosome -> 2026-03-05,9,250',
      "The cell's recycling centre (reversed) -> 2026-02-27,3,230",
      // a multi-line card: the comment on the line after its back
      'What does the nucleus hold? -> 2026-04-10,30,290',
      // cloze deletions in text order; the second was never reviewed
      'The [...] packs proteins into vesicles. -> 2026-03-02,5,250',
      'The Golgi apparatus packs proteins into [...]. -> new',
      // inside the plugin's card-metadata callout right after the card
      'Chloroplast -> 2026-03-03,6,250',
    ]);
    assert.deepEqual(unreadable, [[29, '"2026-02-31" is not a date (YYYY-MM-DD)']]);
    assert.deepEqual(unmatched, [
      [23, 'follows a heading: a schedule of the whole note, not of a card'],
      [27, 'not at the end of a card or on the line right after one'],
    ]);
  });

  it('a comment in a code block is code, not a schedule', () => {
    const { sides, unreadable, unmatched } = sidesOf('```\nDiffusion::Spreading out <!--SR:!2026-03-01,1,250-->\n```\n');
    assert.deepEqual([sides, unreadable, unmatched], [[], [], []]);
  });

  it('single-line cards in one paragraph each take the comment on their own line or the line right below', () => {
    const text = 'Anion::A negative ion\n<!--SR:!2026-03-01,2,250-->\nCation::A positive ion <!--SR:!2026-03-08,9,270-->\n';
    assert.deepEqual(sidesOf(text).sides, ['Anion -> 2026-03-01,2,250', 'Cation -> 2026-03-08,9,270']);
  });

  it('a multi-line card whose back ends with a code block takes the comment after the fence; CRLF notes read the same', () => {
    const text = 'How do you list files?\n?\n```sh\nls -la\n```\n<!--SR:!2026-03-01,3,250-->\n';
    assert.deepEqual(sidesOf(text).sides, ['How do you list files? -> 2026-03-01,3,250']);
    assert.deepEqual(sidesOf(text.replace(/\n/g, '\r\n')).sides, ['How do you list files? -> 2026-03-01,3,250']);
  });

  it('a comment with more sides than its question has cards gives the cards theirs and reports the extra', () => {
    const { sides, unmatched } = sidesOf('Neuron::A nerve cell <!--SR:!2026-03-01,2,250!2026-03-04,5,250-->\n');
    assert.deepEqual(sides, ['Neuron -> 2026-03-01,2,250']);
    assert.deepEqual(unmatched, [[1, '2 sides for 1 card: the extra ones are left out']]);
  });

  it('a comment that does not close is unreadable, and a note without comments reads nothing', () => {
    assert.deepEqual(sidesOf('Axon::The long part <!--SR:!2026-03-01,2,250\n').unreadable, [[1, 'a schedule comment that does not close with -->']]);
    assert.deepEqual(sidesOf('Axon::The long part\n'), { sides: [], unreadable: [], unmatched: [] });
  });

  it('a multiple-choice question is never given a schedule', () => {
    const text = '1. Which organelle makes ATP?\n\n- Ribosome\n- `Mitochondrion`\n<!--SR:!2026-03-01,2,250-->\n';
    const { sides, unmatched } = sidesOf(text);
    assert.deepEqual(sides, []);
    assert.equal(unmatched.length, 1);
  });
});
