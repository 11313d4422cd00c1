import * as assert from 'node:assert/strict';
import { dayLabel, dayNumber, dayStartTime, hourlyCalendar, parseDayLabel, UTC_CALENDAR, type Calendar } from '../../../src/core/stats/calendar';

const HOUR = 3_600_000;
/** Central European time: UTC+1 in winter, UTC+2 from 2025-03-30 01:00 UTC. */
const BERLIN: Calendar = { offsetMs: (time) => (time >= Date.UTC(2025, 2, 30, 1) ? 2 * HOUR : HOUR) };

describe('Statistics calendar', () => {
  it('numbers local days: 23:30 UTC is the next day an hour east', () => {
    const late = Date.UTC(2025, 0, 5, 23, 30);
    assert.equal(dayLabel(dayNumber(late, UTC_CALENDAR)), '2025-01-05');
    assert.equal(dayLabel(dayNumber(late, BERLIN)), '2025-01-06');
  });

  it('finds the moment a local day starts, on either side of a clock change', () => {
    assert.equal(dayStartTime(parseDayLabel('2025-01-06') as number, BERLIN), Date.UTC(2025, 0, 5, 23));
    assert.equal(dayStartTime(parseDayLabel('2025-04-01') as number, BERLIN), Date.UTC(2025, 2, 31, 22));
    assert.equal(dayStartTime(parseDayLabel('2025-04-01') as number, UTC_CALENDAR), Date.UTC(2025, 3, 1));
  });

  it('reads only real days written YYYY-MM-DD', () => {
    assert.equal(parseDayLabel('2024-02-29'), Date.UTC(2024, 1, 29) / 86_400_000);
    for (const text of ['2025-02-29', '2025-13-01', '2025-1-6', '06.01.2025', '']) assert.equal(parseDayLabel(text), undefined, text);
  });

  it('asked once per hour, gives the offsets of the calendar it wraps, clock changes inside an hour included', () => {
    // A change at half past the hour (as Lord Howe Island's) and one on the hour.
    const changes = [Date.UTC(2025, 2, 30, 1), Date.UTC(2025, 3, 5, 15, 30)];
    let asked = 0;
    const zone: Calendar = {
      offsetMs: (time) => {
        asked++;
        return time < changes[0] ? HOUR : time < changes[1] ? 2 * HOUR : 1.5 * HOUR;
      },
    };
    const hourly = hourlyCalendar(zone);
    const moments: number[] = [];
    for (let time = Date.UTC(2025, 2, 28); time < Date.UTC(2025, 3, 8); time += 7 * 60_000 + 13_000) moments.push(time);
    moments.push(changes[0] - 1, changes[0], changes[1] - 1, changes[1], changes[1] + 1);
    asked = 0;
    const expected = moments.map((time) => zone.offsetMs(time));
    asked = 0;
    assert.deepEqual(moments.map((time) => hourly.offsetMs(time)), expected);
    // About 260 hours, each asked at its two ends, and the moments of the hour with a change inside it.
    assert.ok(asked < 2 * 270 + 20, `asked ${asked} times for ${moments.length} moments`);
  });
});
