import { parseNote, type Note, type ParseOptions } from '../../src/core';

/** A parser that counts its calls. */
export function countingParser(): { parse: (text: string, options: ParseOptions) => Note; calls: () => number } {
  let calls = 0;
  return {
    parse: (text, options) => {
      calls++;
      return parseNote(text, options);
    },
    calls: () => calls,
  };
}
