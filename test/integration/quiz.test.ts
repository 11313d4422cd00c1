import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { QuestionView, QuizView } from '../../src/protocol/quiz-protocol';
import type { QuizPanel } from '../../src/vscode/features/quiz/quiz-panel';
import { activateExtension, revertAndCloseAll, viewWhere, workspaceFolder } from './extension-api';

const SAMPLE = 'aws-ai-practitioner-notes.md';

function question(view: QuizView | undefined): QuestionView {
  assert.ok(view && view.screen.kind === 'question', `expected a question, got ${JSON.stringify(view?.screen.kind)}`);
  return view.screen.question;
}

async function openSample(): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.joinPath(workspaceFolder().uri, SAMPLE);
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false, viewColumn: vscode.ViewColumn.One });
}

function headingLine(document: vscode.TextDocument, heading: string): number {
  const index = document.getText().split(/\r?\n/).indexOf(heading);
  assert.ok(index >= 0, `the fixture lost its "${heading}" heading`);
  return index + 1;
}

describe('Quiz panel (extension side of the protocol)', () => {
  before(async () => {
    await activateExtension();
  });

  after(async () => {
    await revertAndCloseAll();
  });

  it('Quiz This Section with the cursor under "### Udemy questions:" asks its 13 questions; a wrong answer shows the right one and every explanation', async () => {
    const editor = await openSample();
    const line = headingLine(editor.document, '### Udemy questions:');
    editor.selection = new vscode.Selection(line + 2, 0, line + 2, 0);
    const panel = await vscode.commands.executeCommand<QuizPanel>('noteReview.quizSection');
    assert.ok(panel, 'the command returned no panel');
    assert.equal(panel.panel.title, 'Quiz: Udemy questions:');
    await panel.handleMessage({ type: 'ready' });
    const first = await viewWhere(panel, 'question 1', (v) => v.screen.kind === 'question' && v.position === 1);
    assert.equal(first.total, 13);
    const q1 = question(first);
    assert.deepEqual(q1.breadcrumb, ['AWS AI Practitioner certificate', 'Section 3: Introduction to AWS and cloud computing', 'Udemy questions:']);
    assert.match(q1.promptHtml, /manage Applications and Data/);
    assert.equal(q1.location, `${SAMPLE}:${line + 2}`);
    assert.ok(q1.options.every((o) => o.correct === undefined && o.explanationHtml === ''), 'nothing is given away before answering');

    await panel.handleMessage({ type: 'answer', cardId: q1.cardId, chosen: [0] });
    const answered = question(await viewWhere(panel, 'the answer', (v) => v.screen.kind === 'question' && v.screen.question.phase === 'answered'));
    assert.equal(answered.outcome, 'wrong');
    assert.deepEqual(answered.options.filter((o) => o.correct).map((o) => o.index), [3]);
    assert.deepEqual(answered.options.filter((o) => o.chosen).map((o) => o.index), [0]);
    assert.match(answered.options[0].explanationHtml, /you manage everything from networking to applications/);
    assert.match(answered.options[3].explanationHtml, /You only manage data and the applications/);
    panel.dispose();
  });

  it('following all 13 questions through the protocol ends on a summary whose score matches the answers', async () => {
    const editor = await openSample();
    const line = headingLine(editor.document, '### Udemy questions:');
    const panel = await vscode.commands.executeCommand<QuizPanel>('noteReview.quizSection', { uri: editor.document.uri, section: { line } });
    assert.ok(panel);
    await panel.handleMessage({ type: 'ready' });
    let expectedRight = 0;
    for (let n = 1; n <= 13; n++) {
      const q = question(await viewWhere(panel, `question ${n}`, (v) => v.screen.kind === 'question' && v.position === n && v.screen.question.phase === 'asking'));
      if (q.mode === 'self-check') {
        await panel.handleMessage({ type: 'reveal', cardId: q.cardId });
        const revealed = question(await viewWhere(panel, 'explanations', (v) => v.screen.kind === 'question' && v.screen.question.phase === 'revealed'));
        assert.ok(revealed.options.some((o) => o.explanationHtml !== ''));
        await panel.handleMessage({ type: 'selfGrade', cardId: q.cardId, knew: true });
        expectedRight++;
        continue;
      }
      // Odd questions right, even ones wrong: answer with option 1 and see what it scored.
      await panel.handleMessage({ type: 'answer', cardId: q.cardId, chosen: [0] });
      const answered = question(await viewWhere(panel, `answer ${n}`, (v) => v.screen.kind === 'question' && v.screen.question.phase === 'answered'));
      if (answered.options[0].correct) expectedRight++;
      assert.equal(answered.outcome, answered.options[0].correct ? 'right' : 'wrong');
      await panel.handleMessage({ type: 'next', cardId: q.cardId });
    }
    const end = await viewWhere(panel, 'the summary', (v) => v.screen.kind === 'summary');
    assert.ok(end.screen.kind === 'summary');
    assert.equal(end.screen.summary.answered, 13);
    assert.equal(end.screen.summary.right, expectedRight);
    assert.equal(end.screen.summary.missed.length, 13 - expectedRight);

    await panel.handleMessage({ type: 'retryMissed' });
    const retry = await viewWhere(panel, 'the retry', (v) => v.screen.kind === 'question' && v.position === 1);
    assert.equal(retry.total, 13 - expectedRight);
    assert.equal(retry.answered, 0);
    panel.dispose();
  });

  it('drops malformed messages and messages about another question', async () => {
    const editor = await openSample();
    const panel = await vscode.commands.executeCommand<QuizPanel>('noteReview.quizSection', { uri: editor.document.uri, section: { line: headingLine(editor.document, '### Udemy questions:') } });
    assert.ok(panel);
    await panel.handleMessage({ type: 'ready' });
    const before = question(await viewWhere(panel, 'question 1', (v) => v.screen.kind === 'question'));
    for (const bad of [null, 'answer', { type: 'answer', cardId: before.cardId, chosen: ['0'] }, { type: 'rate', cardId: before.cardId, rating: 7 }, { type: 'eval', code: 'x' }, { type: 'answer', cardId: 'not-this-one', chosen: [0] }]) {
      await panel.handleMessage(bad);
    }
    assert.equal(question(panel.lastView).phase, 'asking');
    assert.equal(panel.lastView?.answered, 0);
    panel.dispose();
  });

  it('the Sections tree argument for "Section 5" asks its two heading questions and term cards; the panel is reused', async () => {
    const editor = await openSample();
    const first = await vscode.commands.executeCommand<QuizPanel>('noteReview.quizSection', { uri: editor.document.uri, section: { line: headingLine(editor.document, '### Udemy questions:') } });
    const line = headingLine(editor.document, '## Section 5: Amazon bedrock and Generative AI');
    const panel = await vscode.commands.executeCommand<QuizPanel>('noteReview.quizSection', { uri: editor.document.uri, section: { line } });
    assert.ok(panel);
    assert.equal(panel, first, 'one panel, reused');
    assert.equal(panel.panel.title, 'Quiz: Section 5: Amazon bedrock and Generative AI');
    await panel.handleMessage({ type: 'ready' });
    const kinds = new Set<string>();
    const prompts: string[] = [];
    const total = (await viewWhere(panel, 'question 1', (v) => v.screen.kind === 'question' && v.position === 1)).total;
    for (let n = 1; n <= total; n++) {
      const q = question(await viewWhere(panel, `question ${n}`, (v) => v.position === n && v.screen.kind === 'question' && v.screen.question.phase === 'asking'));
      kinds.add(q.kindLabel);
      prompts.push(q.promptHtml);
      if (q.mode === 'choice') {
        await panel.handleMessage({ type: 'answer', cardId: q.cardId, chosen: [q.options[0].index] });
        await viewWhere(panel, 'answered', (v) => v.screen.kind === 'question' && v.screen.question.phase === 'answered');
        await panel.handleMessage({ type: 'next', cardId: q.cardId });
      } else {
        await panel.handleMessage({ type: 'reveal', cardId: q.cardId });
        await viewWhere(panel, 'revealed', (v) => v.screen.kind === 'question' && v.screen.question.phase === 'revealed');
        await panel.handleMessage({ type: 'selfGrade', cardId: q.cardId, knew: true });
      }
    }
    assert.ok(prompts.some((p) => p.includes('How do we interact with an LLM?')));
    assert.ok(prompts.some((p) => p.includes('How to choose a model?')));
    assert.ok(prompts.some((p) => p.includes('What is <strong>BLEU</strong>?')));
    assert.ok(prompts.some((p) => p.startsWith('<p>Which term is this?</p>')));
    assert.ok(kinds.has('Term: which term is this?') && kinds.has('Term') && kinds.has('Flashcard'), [...kinds].join());
    await viewWhere(panel, 'the summary', (v) => v.screen.kind === 'summary');
    panel.dispose();
  });

  it('with noteReview.quiz.termCards "off", "Section 5" asks only its two heading questions', async () => {
    const quizSettings = vscode.workspace.getConfiguration('noteReview.quiz');
    await quizSettings.update('termCards', 'off', vscode.ConfigurationTarget.Workspace);
    try {
      const editor = await openSample();
      const line = headingLine(editor.document, '## Section 5: Amazon bedrock and Generative AI');
      const panel = await vscode.commands.executeCommand<QuizPanel>('noteReview.quizSection', { uri: editor.document.uri, section: { line } });
      assert.ok(panel);
      await panel.handleMessage({ type: 'ready' });
      const first = await viewWhere(panel, 'question 1', (v) => v.screen.kind === 'question' && v.position === 1);
      assert.equal(first.total, 2);
      panel.dispose();
    } finally {
      await quizSettings.update('termCards', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('the page has a strict CSP and its only script carries the nonce', async () => {
    const editor = await openSample();
    const panel = await vscode.commands.executeCommand<QuizPanel>('noteReview.quizNote', editor.document.uri);
    assert.ok(panel);
    const html = panel.panel.webview.html;
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce && nonce.length >= 16);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.ok(scripts[0][1].includes(`nonce="${nonce}"`));
    assert.equal(scripts[0][2].trim(), '');
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
    const roots = (panel.panel.webview.options.localResourceRoots ?? []).map((r) => r.path);
    assert.ok(roots.every((r) => r.endsWith('/media') || r.endsWith('/dist') || r === workspaceFolder().uri.path), roots.join());
    panel.dispose();
  });

  it('a section with nothing to ask opens no panel', async () => {
    const editor = await openSample();
    const panel = await vscode.commands.executeCommand<QuizPanel | undefined>('noteReview.quizSection', { uri: editor.document.uri, section: { line: headingLine(editor.document, '### Regions and services') } });
    assert.equal(panel, undefined);
  });

  it('shows a "Quiz this section (N)" code lens above headings with something to ask', async () => {
    const editor = await openSample();
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 100);
    const quizLenses = lenses.filter((l) => l.command?.command === 'noteReview.quizSection');
    const udemy = headingLine(editor.document, '### Udemy questions:');
    const lens = quizLenses.find((l) => l.range.start.line === udemy - 1);
    assert.ok(lens, 'no quiz lens above "### Udemy questions:"');
    assert.match(lens.command?.title ?? '', /Quiz this section \(13\)/);
    assert.equal(quizLenses.find((l) => l.range.start.line === headingLine(editor.document, '### Regions and services') - 1), undefined);
  });

  it('when the note changes during a quiz, the current question shows the new text', async () => {
    const editor = await openSample();
    const line = headingLine(editor.document, '### Udemy questions:');
    const panel = await vscode.commands.executeCommand<QuizPanel>('noteReview.quizSection', { uri: editor.document.uri, section: { line } });
    assert.ok(panel);
    await panel.handleMessage({ type: 'ready' });
    const q1 = question(await viewWhere(panel, 'question 1', (v) => v.screen.kind === 'question'));
    await panel.handleMessage({ type: 'answer', cardId: q1.cardId, chosen: [3] });
    await viewWhere(panel, 'answered', (v) => v.screen.kind === 'question' && v.screen.question.phase === 'answered');
    const old = 'you manage everything from networking to applications.';
    const offset = editor.document.getText().indexOf(old);
    const range = new vscode.Range(editor.document.positionAt(offset), editor.document.positionAt(offset + old.length));
    await editor.edit((edit) => edit.replace(range, 'you run the whole data centre yourself.'));
    try {
      const updated = question(await viewWhere(panel, 'the edited explanation', (v) => v.screen.kind === 'question' && v.screen.question.options.some((o) => o.explanationHtml.includes('whole data centre'))));
      assert.equal(updated.cardId, q1.cardId);
      assert.equal(updated.phase, 'answered');
    } finally {
      panel.dispose();
      // Not the undo command: with the panel focused it would not reach the note.
      await revertAndCloseAll();
    }
  });
});
