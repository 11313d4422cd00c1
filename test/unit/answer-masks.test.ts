import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseNote, type Card, type Note } from '../../src/core';
import { ANSWER_PLACEHOLDER, answerMasks, cardAnswerMasks, isHideableCard, noteLines, type AnswerMask } from '../../src/core/editor/answer-masks';
import { plainTextOf } from '../../src/core/parse/inline-text';

const notesDir = path.resolve(__dirname, '../../../test/fixtures/notes');
const fixture = (name: string): string => fs.readFileSync(path.join(notesDir, name), 'utf8');
const sample = fixture('aws-ai-practitioner-notes.md');

/** The note's lines as the editor shows them with the masks applied (hidden text replaced). */
function render(text: string, masks: readonly AnswerMask[]): string[] {
  const lines = noteLines(text);
  const byLine = new Map<number, AnswerMask[]>();
  for (const mask of masks) byLine.set(mask.line, [...(byLine.get(mask.line) ?? []), mask]);
  return lines.map((line, index) => {
    let shown = line;
    const onLine = (byLine.get(index + 1) ?? []).sort((a, b) => b.startColumn - a.startColumn);
    for (const m of onLine) shown = shown.slice(0, m.startColumn) + m.replacement + shown.slice(m.endColumn);
    return shown;
  });
}

function renderAllHidden(text: string): { note: Note; shown: string[]; lines: string[] } {
  const note = parseNote(text);
  return { note, shown: render(text, answerMasks(text, note)), lines: noteLines(text) };
}

function cardAt(note: Note, prompt: string): Card {
  const card = note.cards.find((c) => c.prompt.includes(prompt));
  assert.ok(card, `no card "${prompt}"`);
  return card;
}

const REVEALING = ['`', '->', '→', '**', '[x]', '[X]', '[ ]', '✅', '(correct)', '❌'];

describe('answer masks', () => {
  describe('multiple choice', () => {
    it('shows the four options of the sample question 2 alike: list marker and plain label, nothing else', () => {
      const { note, shown, lines } = renderAllHidden(sample);
      const question = cardAt(note, 'What is the pricing model of Cloud Computing?');
      const options = question.options ?? [];
      assert.equal(options.length, 4);
      assert.ok(lines[options[1].line - 1].includes('`Pay-as-you-go pricing -> on cloud computing'), 'the fixture changed');
      assert.deepEqual(
        options.map((o) => shown[o.line - 1]),
        ['- Discounts over time', '- Pay-as-you-go pricing', '- pay once a year', '- Flat-rate pricing'],
      );
    });

    it('hides every mark and explanation of all 13 sample questions, and nothing of the question lines', () => {
      const { note, shown, lines } = renderAllHidden(sample);
      const questions = note.cards.filter((c) => c.kind === 'mcq');
      assert.equal(questions.length, 13);
      for (const question of questions) {
        assert.equal(shown[question.line - 1], lines[question.line - 1], `question on line ${question.line} was touched`);
        for (const option of question.options ?? []) {
          const line = shown[option.line - 1];
          assert.equal(line, `- ${plainTextOf(option.label)}`, `option on line ${option.line}`);
          for (const mark of REVEALING) assert.ok(!line.includes(mark), `"${mark}" visible on line ${option.line}: ${line}`);
          if (option.explanation !== '') assert.ok(!line.includes(plainTextOf(option.explanation)), `explanation visible on line ${option.line}`);
        }
      }
    });

    it('covers Answer: lines, keeping only their prefix', () => {
      const { note, shown } = renderAllHidden(fixture('mcq-answer-lines.md'));
      const byPrompt = (p: string): string => shown[cardAt(note, p).endLine - 1];
      assert.equal(byPrompt('object storage'), `Answer: ${ANSWER_PLACEHOLDER}`);
      assert.equal(byPrompt('NoSQL'), `Answer:${ANSWER_PLACEHOLDER}`);
      assert.equal(byPrompt('serverless'), `Correct Answer: ${ANSWER_PLACEHOLDER}`);
      assert.equal(byPrompt('storage services'), ANSWER_PLACEHOLDER, 'a bare "A, C, D" line');
      assert.deepEqual(
        (cardAt(note, 'serverless').options ?? []).map((o) => shown[o.line - 1]),
        ['A. EC2', 'B. RDS', 'C. Lambda', 'D. Lightsail', 'E. Fargate'],
      );
    });

    it('shows checked and unchecked task items alike', () => {
      const { note, shown } = renderAllHidden(fixture('mcq-task-items.md'));
      assert.deepEqual(
        note.cards.flatMap((c) => (c.options ?? []).map((o) => shown[o.line - 1])),
        ['- Route 53', '- CloudFront', '- VPC', '- Route 53', '- VPC'],
      );
    });

    it('shows chosen and unchosen radio buttons alike', () => {
      const { note, shown } = renderAllHidden(fixture('mcq-radio-buttons.md'));
      assert.deepEqual(
        note.cards.flatMap((c) => (c.options ?? []).map((o) => shown[o.line - 1].trim())),
        ['- Vistula', '- Danube', '- Oder', '- Oxygen', '- Nitrogen', '- Argon', '- Finland', '- Austria', '- Lithuania'],
      );
    });

    it('hides bold, ✅ and (correct) marks', () => {
      const bold = renderAllHidden(fixture('mcq-bold-option.md'));
      assert.deepEqual(
        bold.note.cards.flatMap((c) => (c.options ?? []).map((o) => bold.shown[o.line - 1])),
        ['- EC2', '- Fargate', '- Amazon Lightsail instances', '- Lambda', '- Batch'],
      );
      const emoji = renderAllHidden(fixture('mcq-emoji-correct-marker.md'));
      assert.deepEqual(
        emoji.note.cards.flatMap((c) => (c.options ?? []).map((o) => emoji.shown[o.line - 1])),
        ['- RDS', '- DynamoDB', '- Aurora', '- Redshift', '- Neptune', '- Neptune', '- DocumentDB'],
      );
    });

    it('covers explanations written under the options, quoted or bulleted, alike', () => {
      const { shown } = renderAllHidden(fixture('mcq-explanation-below-option.md'));
      assert.deepEqual(shown.slice(4, 9), ['- S3 Standard', `  ${ANSWER_PLACEHOLDER}`, '- S3 Glacier Deep Archive', `  ${ANSWER_PLACEHOLDER}`, '- S3 One Zone-IA']);
    });

    it('covers a restated answer and a <details> body but keeps the bare tags', () => {
      const { shown } = renderAllHidden(fixture('mcq-answer-restated.md'));
      assert.equal(shown[8], ANSWER_PLACEHOLDER, '**B. CloudFront**');
      assert.equal(shown[16], `> Answer: ${ANSWER_PLACEHOLDER}`);
      assert.equal(shown[24], ANSWER_PLACEHOLDER, 'SQS ✅');
      assert.deepEqual(shown.slice(32, 38), ['<details>', '<summary>Answer</summary>', '', ANSWER_PLACEHOLDER, '', '</details>']);
      assert.equal(shown[44], `Answer: ${ANSWER_PLACEHOLDER}`);
    });

    it('keeps the letters of lettered options', () => {
      const { shown } = renderAllHidden(fixture('mcq-lettered-options.md'));
      assert.deepEqual(shown.slice(11, 14), ['a) S3', 'b) CloudFront', 'c) EC2']);
      assert.deepEqual(shown.slice(19, 22), ['- A. EC2', '- B. Lambda', '- C. Lightsail']);
    });
  });

  describe('flashcards', () => {
    it('covers the back of front::back, and the reversed twin has no masks of its own', () => {
      const text = fixture('flashcards-inline.md');
      const { note, shown } = renderAllHidden(text);
      assert.equal(shown[2], `Capital of France::${ANSWER_PLACEHOLDER}`);
      assert.equal(shown[4], `S3 storage class for archives:::${ANSWER_PLACEHOLDER}`);
      const twin = note.cards.find((c) => c.reversed);
      assert.ok(twin);
      assert.equal(isHideableCard(twin), false);
      assert.deepEqual(cardAnswerMasks(noteLines(text), twin), []);
    });

    it('covers the lines after ? and ??', () => {
      const { shown } = renderAllHidden(fixture('flashcards-multiline.md'));
      assert.deepEqual(shown.slice(2, 11), ['What are the three pricing fundamentals', 'of AWS?', '?', ANSWER_PLACEHOLDER, ANSWER_PLACEHOLDER, '', 'Which AZ property matters most?', '??', ANSWER_PLACEHOLDER]);
    });

    it('covers a heading question’s section body, up to its first sub-heading', () => {
      const { shown } = renderAllHidden(fixture('heading-questions.md'));
      assert.deepEqual(shown.slice(10, 17), ['## What is agility?', '', ANSWER_PLACEHOLDER, '', '### Example', '', 'A team ships a new service in a day.']);
    });

    it('covers the sample’s heading questions', () => {
      const { note, shown, lines } = renderAllHidden(sample);
      const heading = cardAt(note, 'How do we interact with an LLM?');
      assert.equal(shown[heading.line - 1], lines[heading.line - 1]);
      for (let line = heading.line + 1; line <= heading.endLine; line++) {
        assert.ok(shown[line - 1] === '' || shown[line - 1] === ANSWER_PLACEHOLDER, `line ${line}: ${shown[line - 1]}`);
      }
    });

    it('covers a <details> answer, also when the summary is the question', () => {
      const answer = renderAllHidden(fixture('details-answer.md'));
      assert.deepEqual(answer.shown.slice(4, 9), ['<details><summary>Answer</summary>', '', ANSWER_PLACEHOLDER, '', '</details>']);
      const summary = renderAllHidden(fixture('details-summary-question.md'));
      assert.deepEqual(summary.shown.slice(2, 7), ['<details><summary>What is a closure?</summary>', '', ANSWER_PLACEHOLDER, '', '</details>']);
    });
  });

  describe('cloze', () => {
    it('covers each deletion, with its hint when it has one', () => {
      const anki = renderAllHidden(fixture('cloze-anki.md'));
      assert.deepEqual([anki.shown[2], anki.shown[6]], [`${ANSWER_PLACEHOLDER} stores objects in ${ANSWER_PLACEHOLDER}.`, 'The default region is [a region code].']);
      const highlight = renderAllHidden(fixture('cloze-highlight.md'));
      assert.equal(highlight.shown[4], `AWS is responsible for security ${ANSWER_PLACEHOLDER} the cloud, the customer for security ${ANSWER_PLACEHOLDER} the cloud.`);
    });

    it('hides only the deletions of the hidden card’s group', () => {
      const text = fixture('cloze-anki.md');
      const note = parseNote(text);
      const buckets = note.cards.find((c) => c.answer === 'buckets');
      assert.ok(buckets);
      const shown = render(text, answerMasks(text, note, (c) => c === buckets));
      assert.equal(shown[2], `{{c1::Amazon S3}} stores objects in ${ANSWER_PLACEHOLDER}.`);
    });
  });

  describe('as a whole', () => {
    it('hides only the cards asked for', () => {
      const note = parseNote(sample);
      const question2 = cardAt(note, 'pricing model of Cloud Computing');
      const masks = answerMasks(sample, note, (c) => c.id === question2.id);
      assert.ok(masks.length > 0);
      assert.ok(masks.every((m) => m.line >= question2.line && m.line <= question2.endLine));
    });

    it('never overlaps on a line, even where a question sits inside a heading question’s answer', () => {
      const text = ['## What is a region?', '', 'A place.', '', '1. Which is a region?', '', '- `us-east-1 -> yes`', '- edge', ''].join('\n');
      const note = parseNote(text);
      assert.equal(note.cards.length, 2);
      const masks = answerMasks(text, note);
      for (let i = 1; i < masks.length; i++) {
        const [a, b] = [masks[i - 1], masks[i]];
        assert.ok(a.line < b.line || a.endColumn <= b.startColumn, `overlap on line ${b.line}`);
      }
      assert.ok(!render(text, masks).join('\n').includes('`'));
    });

    it('gives the same columns for CRLF text and a leading BOM', () => {
      const lf = fixture('mcq-answer-lines.md');
      const crlf = '\ufeff' + lf.replace(/\n/g, '\r\n');
      assert.deepEqual(answerMasks(crlf, parseNote(crlf)), answerMasks(lf, parseNote(lf)));
    });

    it('follows edits: text added above a question moves its masks with it', () => {
      const before = renderAllHidden(sample).shown;
      const edited = `Added line one.\n\nAdded line two.\n\n${sample}`;
      const after = renderAllHidden(edited).shown;
      assert.deepEqual(after.slice(4), before);
    });
  });
});
