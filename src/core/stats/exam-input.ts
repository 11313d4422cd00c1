/**
 * What a person types when setting an exam date: the day, and a weight per part of the
 * exam. Checked here so that the input box says what is wrong before anything is written.
 *
 * ```ts
 * examDateProblem('2025-02-30', dayNumber(now, calendar)); // '"2025-02-30" is not a real day…'
 * parseExamWeight('30 %');                                 // 30
 * ```
 */
import { dayLabel, parseDayLabel } from './calendar';

/** Why `text` is not a usable exam day on `today` (a local day number), or undefined when it is. */
export function examDateProblem(text: string, today: number): string | undefined {
  const trimmed = text.trim();
  const example = dayLabel(today + 30);
  if (trimmed === '') return `Write the exam day as YYYY-MM-DD, for example ${example}.`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return `"${trimmed}" is not a day written YYYY-MM-DD (for example ${example}).`;
  const day = parseDayLabel(trimmed);
  if (day === undefined) return `"${trimmed}" is not a real day of the calendar.`;
  if (day < today) return `${trimmed} is in the past (today is ${dayLabel(today)}): pick today or a later day.`;
  return undefined;
}

/** A weight as typed (`30`, `30 %`, `0.3`): a positive number, or undefined when it is not one. */
export function parseExamWeight(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*%?\s*$/.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
