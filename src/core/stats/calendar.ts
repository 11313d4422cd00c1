/**
 * Days as the learner lives them: statistics count per local day, so the caller says how
 * far local time is from UTC at a given moment (a fixed zero in tests).
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Local time's offset from UTC at a moment. */
export interface Calendar {
  /** Milliseconds to add to a UTC time to get local wall-clock time (UTC+2 → 7,200,000). */
  offsetMs(time: number): number;
}

/** UTC: the calendar of tests and of machines set to UTC. */
export const UTC_CALENDAR: Calendar = { offsetMs: () => 0 };

/**
 * `calendar` asked once per UTC hour: the machine's local calendar makes a `Date` and looks
 * the time zone up on every call, and the statistics ask for every review in the log. An
 * hour whose offset is not the same at its first and last millisecond (a clock change
 * inside it) is passed on moment by moment; clocks change at most once in an hour.
 */
export function hourlyCalendar(calendar: Calendar): Calendar {
  const byHour = new Map<number, number>();
  return {
    offsetMs(time: number): number {
      const hour = Math.floor(time / HOUR_MS);
      let offset = byHour.get(hour);
      if (offset === undefined) {
        const start = calendar.offsetMs(hour * HOUR_MS);
        offset = start === calendar.offsetMs(hour * HOUR_MS + HOUR_MS - 1) ? start : NaN;
        byHour.set(hour, offset);
      }
      return Number.isNaN(offset) ? calendar.offsetMs(time) : offset;
    },
  };
}

/** The local day number of a moment: whole days since 1970-01-01 in local time. */
export function dayNumber(time: number, calendar: Calendar): number {
  return Math.floor((time + calendar.offsetMs(time)) / DAY_MS);
}

/** `2025-01-06` for a day number. */
export function dayLabel(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The day number of a `YYYY-MM-DD` date, or undefined when the text is not a real date. */
export function parseDayLabel(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  // Date.UTC rolls 2025-02-30 over to March: only a date that reads back the same is real.
  return dayLabel(time / DAY_MS) === text ? time / DAY_MS : undefined;
}

/** The moment a local day starts (epoch ms). */
export function dayStartTime(day: number, calendar: Calendar): number {
  const guess = day * DAY_MS;
  // The offset at the day's start, not at UTC midnight; one correction is enough across a DST change.
  return guess - calendar.offsetMs(guess - calendar.offsetMs(guess));
}
