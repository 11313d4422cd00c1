// Answer lines in other words: the `answerWords` reading setting names extra labels for the
// line that gives a question's answer (`Respuesta: B`, `Lösung: B`, `Rép. : B`). The
// readers know `Answer`, `Ans`, `Correct answer` and `Solution`; a line labelled with one of
// the extra words is handed to them with its label written `Answer`. One line at a time,
// string checks only.

/** The label ends with a colon, an equals sign or a dash, maybe after closing bold. */
const LABEL_END = /^\s*(?:\*\*|__)?\s*[:：=\-–—]/;

/**
 * `line` with an extra answer word opening it (after up to six marks: `> `, `**`, `✅ `)
 * written `Answer`, so that answer-line readers take it; any other line as it is.
 *
 * ```ts
 * withAnswerWord('**Respuesta:** B', ['Respuesta'])  // '**Answer:** B'
 * ```
 */
export function withAnswerWord(line: string, words: readonly string[]): string {
  if (words.length === 0) return line;
  let k = 0;
  while (k < line.length && k < 6 && !/[\p{L}\p{N}]/u.test(line[k])) k++;
  const rest = line.slice(k);
  for (const word of words) {
    if (rest.length <= word.length || rest.slice(0, word.length).toLowerCase() !== word.toLowerCase()) continue;
    const after = rest.slice(word.length);
    // A whole word: `Respuestas` is not `Respuesta`.
    if (/^[\p{L}\p{N}]/u.test(after)) continue;
    if (LABEL_END.test(after)) return `${line.slice(0, k)}Answer${after}`;
  }
  return line;
}
