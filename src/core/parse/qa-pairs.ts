// `Q:`/`A:` pairs: the labels on the text of one line. Which blocks make the question and
// the answer is decided on markdown-it's block tree in parse-note.ts.

/** `Q:`, `Q.`, `**Question:**`, `Que 1-`, `Q3)`: a question label (its number optional) at the start of a line. */
const QUESTION_LABEL = /^(?:\*\*|__)?\s*(?:Q|Que|Ques|Question)(?:\s*#?\s*(\d{1,4}))?\s*(?:\*\*|__)?\s*(?:[:：]|[.\-–—)](?=\s|$))\s*(?:\*\*|__)?\s*/i;
/** `A:`, `Ans:`, `**Answer:**`, `Answer -`: an answer label at the start of a line (`A.` and `A)` are option letters). */
const ANSWER_LABEL = /^(?:\*\*|__)?\s*(?:(?:A|Ans|Answer)\s*(?:\*\*|__)?\s*[:：]|(?:Ans|Answer)\s*(?:\*\*|__)?\s*[-–—](?=\s|$))\s*(?:\*\*|__)?\s*/i;

/** When a line opens with a question label, the text after it (maybe empty: `Q:` alone on its line). */
export function afterQuestionLabel(line: string): string | undefined {
  const m = QUESTION_LABEL.exec(line);
  return m ? line.slice(m[0].length).trim() : undefined;
}

/** When a line opens with an answer label, the text after it (maybe empty: `A:` alone on its line). */
export function afterAnswerLabel(line: string): string | undefined {
  const m = ANSWER_LABEL.exec(line);
  return m ? line.slice(m[0].length).trim() : undefined;
}
