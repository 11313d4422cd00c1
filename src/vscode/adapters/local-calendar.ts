import type { Calendar } from '../../core/stats/calendar';

/** The machine's local calendar: exam days and daily counts are the learner's days. */
export const LOCAL_CALENDAR: Calendar = { offsetMs: (time) => -new Date(time).getTimezoneOffset() * 60_000 };
