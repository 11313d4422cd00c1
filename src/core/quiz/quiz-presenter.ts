import { plainTextOf } from '../parse/inline-text';
import type { MissedView, OptionView, PersistedQuiz, QuestionView, QuizScopeRef, QuizView, Rating, RatingChoice, ToExtensionMessage, ToWebviewMessage } from '../../protocol/quiz-protocol';
import { isToExtensionMessage } from '../../protocol/quiz-protocol';
import type { QuizItem } from './quiz-items';
import { choiceAnswerOf, type ChoiceAnswerRecord } from './choice-answer';
import { QuizSession, QuizStateError, type QuizOutcome } from './quiz-session';

/**
 * The quiz panel's logic without the panel: it turns what happens (a message from the
 * webview, a quiz opened, a rating saved, notes edited) into the messages to post and the
 * effects for the host to run. The host is a thin loop:
 *
 * ```ts
 * const step = await presenter.receive(messageFromWebview);
 * for (const message of step.post) webview.postMessage(message);
 * for (const effect of step.effects) {
 *   const reply = await run(effect);            // rate, open the note, load items…
 *   if (reply) apply(await presenter.handle(reply));
 * }
 * ```
 *
 * Calls must not overlap: the host awaits each step (and its effects' replies) before it
 * passes on the next input, so effects that reply see the question they were asked about.
 */

/** What the presenter reads from the outside while it builds a view. */
export interface QuizPresenterPorts {
  /**
   * Note markdown to HTML for the webview (markdown-it with `html: false`, links and
   * images made safe), for fragments written in the note `source`. One call per view.
   */
  renderHtml(markdown: readonly string[], source: string): Promise<readonly string[]>;
  /** A note's key as shown to the person ("notes/aws.md"): question locations are `key:line`. */
  noteKey(source: string): string;
  /** Spaced repetition, when a grader is set: then ratings are asked and recorded. */
  grader(): QuizPresenterGrader | undefined;
  /** The current time in ms since the epoch. */
  now(): number;
  /** Random numbers in [0, 1) for shuffling (default `Math.random`). */
  readonly random?: () => number;
}

/** The grader as the presenter sees it: rating choices to show. Recording goes through the `rate` effect. */
export interface QuizPresenterGrader {
  /** The four rating choices with their next intervals, or undefined when this card is not scheduled. */
  previews(item: QuizItem): readonly RatingChoice[] | undefined;
}

/** What the host did or learned, told to the presenter. */
export type QuizHostEvent =
  | QuizStart
  /** Reply to `rate`. */
  | { readonly type: 'didRate'; readonly cardId: string; readonly rating: Rating; readonly saved: boolean; readonly error?: string }
  /** Reply to `undoRating`. */
  | { readonly type: 'didUndoRating'; readonly saved: boolean; readonly error?: string }
  /** Reply to `loadScope`: the scope's items now, and whether to shuffle them. */
  | { readonly type: 'didLoadScope'; readonly items: readonly QuizItem[]; readonly shuffle: boolean }
  /** These notes (keys as in `QuizItem.source`) changed. */
  | { readonly type: 'notesChanged'; readonly sources: readonly string[] }
  /** Reply to `loadNotes`: every item of those notes now, by id. */
  | { readonly type: 'didLoadNotes'; readonly items: ReadonlyMap<string, QuizItem> }
  /** Running an input or an effect failed unexpectedly: the webview shows `error`. */
  | { readonly type: 'failed'; readonly error: string };

/** The quiz a presenter starts with, or that replaces the one shown. */
export type QuizStart =
  /** A new quiz over these items (a new panel, or the open one reused). */
  | { readonly type: 'open'; readonly title: string; readonly scope: QuizScopeRef; readonly items: readonly QuizItem[]; readonly shuffle: boolean }
  /** The quiz the webview kept, with the items of its notes as they are now, by id. */
  | { readonly type: 'restore'; readonly quiz: PersistedQuiz; readonly items: ReadonlyMap<string, QuizItem> };

/** Work for the host. Those marked "reply" expect the host to hand back the named event. */
export type QuizEffect =
  /** Record a rating with the grader, with the multiple-choice answer behind it. Reply: `didRate`. */
  | { readonly kind: 'rate'; readonly item: QuizItem; readonly rating: Rating; readonly durationMs: number; readonly answer?: ChoiceAnswerRecord }
  /** Take back the grader's last rating (it was this item's). Reply: `didUndoRating`. */
  | { readonly kind: 'undoRating'; readonly item: QuizItem }
  /** Read the scope's items again (to start over). Reply: `didLoadScope`. */
  | { readonly kind: 'loadScope'; readonly scope: QuizScopeRef }
  /** Read every item of these notes. Reply: `didLoadNotes`. */
  | { readonly kind: 'loadNotes'; readonly sources: readonly string[] }
  /** Show the note `source` in an editor at `line` (1-based). */
  | { readonly kind: 'revealInEditor'; readonly source: string; readonly line: number }
  /** Open the README's note formats. */
  | { readonly kind: 'openFormats' }
  /** Something for the extension's log. */
  | { readonly kind: 'log'; readonly level: 'trace' | 'warn'; readonly message: string };

/** The result of one input: messages to post in order, then effects to run in order. */
export interface QuizStep {
  readonly post: readonly ToWebviewMessage[];
  readonly effects: readonly QuizEffect[];
}

interface QuizContent {
  readonly title: string;
  readonly scope: QuizScopeRef;
  readonly session: QuizSession;
}

const NOTHING: QuizStep = { post: [], effects: [] };

/** See the module comment. One presenter per quiz panel. */
export class QuizPresenter {
  private content: QuizContent;
  /** The notes the quiz asks from: edits of these are followed. */
  private sources = new Set<string>();
  /** Ids rated through the grader in this session (undo takes the rating back too). */
  private rated = new Set<string>();
  private ready = false;
  private shownId: string | undefined;
  private shownAtMs = 0;
  /** Waits for the next view when the webview is not ready yet. */
  private announcement = '';
  private error: string | undefined;

  /** A presenter showing `start` (posted once the webview says `ready`). */
  constructor(
    private readonly ports: QuizPresenterPorts,
    start: QuizStart,
  ) {
    this.content = this.contentOf(start);
    this.show(this.content);
  }

  /**
   * A message from the webview, unchecked. Malformed messages are dropped; messages about
   * another question than the current one (a double key press) only redraw the view.
   */
  async receive(raw: unknown): Promise<QuizStep> {
    if (!isToExtensionMessage(raw)) return { post: [], effects: [log('warn', `ignored a malformed message ${safeJson(raw)}`)] };
    const content = this.content;
    const message = raw;
    const current = content.session.currentItem;
    if ('cardId' in message && message.type !== 'openSource' && message.cardId !== current?.id) {
      return this.withEffects([log('trace', `ignored ${message.type} for ${message.cardId}, not the current question`)], await this.update());
    }
    this.error = undefined;
    try {
      return await this.apply(message, content);
    } catch (error) {
      if (!(error instanceof QuizStateError)) throw error;
      return this.withEffects([log('trace', `${message.type} ignored: ${error.message}`)], await this.update());
    }
  }

  /** Something the host did or learned (see QuizHostEvent). */
  async handle(event: QuizHostEvent): Promise<QuizStep> {
    switch (event.type) {
      case 'open':
        this.show(this.contentOf(event));
        return this.update(`Quiz: ${event.title}. ${this.questionAnnouncement()}`);
      case 'restore':
        this.show(this.contentOf(event));
        return this.update();
      case 'didRate':
        return this.afterRating(event);
      case 'didUndoRating':
        if (!event.saved) this.error = `The rating could not be taken back: ${event.error ?? 'unknown error'}`;
        return this.update(`Undone. ${this.questionAnnouncement()}`);
      case 'didLoadScope':
        this.show({ ...this.content, session: QuizSession.start(event.items, { shuffle: event.shuffle, now: this.ports.now(), random: this.ports.random }) });
        return this.update(`Started again. ${this.questionAnnouncement()}`);
      case 'notesChanged':
        return event.sources.some((source) => this.sources.has(source)) ? { post: [], effects: [{ kind: 'loadNotes', sources: [...this.sources] }] } : NOTHING;
      case 'didLoadNotes':
        return this.syncWithNotes(event.items);
      case 'failed':
        this.error = event.error;
        return this.update();
      default: {
        const unexpected: never = event;
        throw new Error(`unknown quiz event ${safeJson(unexpected)}`);
      }
    }
  }

  private async apply(message: ToExtensionMessage, content: QuizContent): Promise<QuizStep> {
    const session = content.session;
    const current = session.currentItem;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        return this.update(this.questionAnnouncement());
      case 'answer': {
        const answer = session.answerChoice(message.chosen, this.ports.now());
        return this.update(current ? answerAnnouncement(current, answer.outcome) : '');
      }
      case 'reveal':
        session.reveal();
        return this.update(current?.mode === 'recall' ? 'Answer shown.' : 'Explanations shown.');
      case 'selfGrade':
        session.selfGrade(message.knew, this.ports.now());
        return this.update(this.questionAnnouncement());
      case 'rate': {
        if (!this.ports.grader() || !current) return this.update();
        const chosen = session.phase === 'answered' ? session.currentAnswer?.chosen : undefined;
        const answer = chosen && chosen.length > 0 ? choiceAnswerOf(current.card, chosen) : undefined;
        return { post: [], effects: [{ kind: 'rate', item: current, rating: message.rating, durationMs: Math.max(0, this.ports.now() - this.shownAtMs), ...(answer ? { answer } : {}) }] };
      }
      case 'next':
        session.next();
        return this.update(this.questionAnnouncement());
      case 'undo': {
        if (!session.canUndo) return this.update('Nothing to undo.');
        const item = session.undo();
        if (item && this.rated.has(item.id) && this.ports.grader()) {
          this.rated.delete(item.id);
          return { post: [], effects: [{ kind: 'undoRating', item }] };
        }
        return this.update(`Undone. ${this.questionAnnouncement()}`);
      }
      case 'openSource': {
        const item = session.item(message.cardId);
        return item ? { post: [], effects: [{ kind: 'revealInEditor', source: item.source, line: item.card.line }] } : NOTHING;
      }
      case 'retryMissed': {
        const retry = session.retryMissed(this.ports.now(), this.ports.random);
        this.show({ ...content, session: retry });
        return this.update(`Retrying ${retry.total} missed questions. ${this.questionAnnouncement()}`);
      }
      case 'restart':
        return { post: [], effects: [{ kind: 'loadScope', scope: content.scope }] };
      case 'openFormats':
        return { post: [], effects: [{ kind: 'openFormats' }] };
      default: {
        const unexpected: never = message;
        return { post: [], effects: [log('warn', `unhandled message ${safeJson(unexpected)}`)] };
      }
    }
  }

  private async afterRating(event: Extract<QuizHostEvent, { type: 'didRate' }>): Promise<QuizStep> {
    const session = this.content.session;
    const item = session.currentItem;
    if (item?.id !== event.cardId) return this.withEffects([log('trace', `rating of ${event.cardId} arrived after the question changed`)], await this.update());
    if (!event.saved) {
      this.error = `The rating was not saved: ${event.error ?? 'unknown error'}`;
      return this.update(this.error);
    }
    this.rated.add(item.id);
    try {
      if (session.phase === 'answered') {
        session.noteRating(event.rating);
        session.next();
      } else {
        session.selfGrade(event.rating > 1, this.ports.now(), event.rating);
      }
    } catch (error) {
      if (!(error instanceof QuizStateError)) throw error;
      return this.withEffects([log('trace', `rate ignored: ${error.message}`)], await this.update());
    }
    return this.update(this.questionAnnouncement());
  }

  private contentOf(start: QuizStart): QuizContent {
    if (start.type === 'open') return { title: start.title, scope: start.scope, session: QuizSession.start(start.items, { shuffle: start.shuffle, now: this.ports.now(), random: this.ports.random }) };
    return { title: start.quiz.title, scope: start.quiz.scope, session: QuizSession.restore(start.quiz.session, start.items) };
  }

  private show(content: QuizContent): void {
    this.content = content;
    this.rated = new Set();
    this.error = undefined;
    this.shownId = undefined;
    this.sources = new Set(content.scope.kind === 'review' ? content.scope.cards.map((c) => c.uri) : []);
    for (const id of content.session.state.order) {
      const item = content.session.item(id);
      if (item) this.sources.add(item.source);
    }
    if (content.scope.kind === 'section' || content.scope.kind === 'note') this.sources.add(content.scope.uri);
  }

  /** Follows edits of the notes: the current question shows the new text; deleted questions are skipped. */
  private syncWithNotes(byId: ReadonlyMap<string, QuizItem>): Promise<QuizStep> {
    const session = this.content.session;
    const before = session.currentItem?.id;
    session.sync(byId, (old) => {
      // An edited question gets a new id: take the card of the same kind now at its line.
      const taken = new Set(session.state.order);
      return [...byId.values()].find((item) => item.source === old.source && item.card.line === old.card.line && item.mode === old.mode && !taken.has(item.id));
    });
    const after = session.currentItem?.id;
    return this.update(before !== after && before !== undefined ? `The question was changed in the note. ${this.questionAnnouncement()}` : '');
  }

  /** The view to post (nothing before the webview is ready). */
  private async update(announcement = ''): Promise<QuizStep> {
    if (announcement) this.announcement = announcement;
    const content = this.content;
    if (!this.ready) return NOTHING;
    const view = await this.buildView(content, this.announcement);
    this.announcement = '';
    const state: PersistedQuiz = { version: 1, title: content.title, scope: content.scope, session: content.session.state };
    return { post: [{ type: 'didUpdate', view, state }], effects: [] };
  }

  private withEffects(effects: readonly QuizEffect[], step: QuizStep): QuizStep {
    return { post: step.post, effects: [...effects, ...step.effects] };
  }

  private async buildView(content: QuizContent, announcement: string): Promise<QuizView> {
    const session = content.session;
    const score = session.score();
    const grader = this.ports.grader();
    const base = {
      title: content.title,
      total: session.total,
      right: score.right,
      answered: score.answered,
      graded: grader !== undefined,
      canUndo: session.canUndo,
      announcement,
      ...(this.error ? { error: this.error } : {}),
    };
    if (session.total === 0) {
      return { ...base, position: 0, screen: { kind: 'empty', message: 'Nothing left to ask: the questions of this quiz are no longer in the notes.' } };
    }
    const item = session.currentItem;
    if (!item) {
      const summary = session.summary(this.ports.now());
      const missed: MissedView[] = summary.missed.map((m) => ({ cardId: m.id, promptText: shorten(plainTextOf(m.card.prompt), 140), location: this.location(m) }));
      return { ...base, position: session.total, screen: { kind: 'summary', summary: { right: summary.right, answered: summary.answered, total: summary.total, elapsedMs: summary.elapsedMs, missed } } };
    }
    if (this.shownId !== item.id) {
      this.shownId = item.id;
      this.shownAtMs = this.ports.now();
    }
    return { ...base, position: session.position + 1, screen: { kind: 'question', question: await this.questionView(session, item, grader) } };
  }

  private async questionView(session: QuizSession, item: QuizItem, grader: QuizPresenterGrader | undefined): Promise<QuestionView> {
    const phase = session.phase;
    const answer = session.currentAnswer;
    const shown = phase !== 'asking';
    const card = item.card;
    const order = session.optionOrder(item);
    const options = order.map((index) => (card.options ?? [])[index]);
    // Every fragment of the question in one call: labels, then explanations shown, then the prompt and the answer.
    const explained = options.map((option) => shown && option.explanation !== undefined && option.explanation !== '');
    const fragments = [...options.map((o) => o.label), ...options.flatMap((o, i) => (explained[i] ? [o.explanation ?? ''] : [])), card.prompt, ...(shown && card.answer !== undefined ? [card.answer] : [])];
    const html = [...(await this.ports.renderHtml(fragments, item.source))];
    const labels = html.splice(0, options.length);
    const explanations = html.splice(0, explained.filter(Boolean).length);
    const [promptHtml, answerHtml] = html;
    const optionViews: OptionView[] = options.map((option, i) => ({
      index: order[i],
      labelHtml: labels[i],
      explanationHtml: explained[i] ? (explanations.shift() ?? '') : '',
      ...(phase === 'answered' && item.mode !== 'self-check' ? { correct: option.correct, chosen: (answer?.chosen ?? []).includes(order[i]) } : {}),
    }));
    const waitsForRating = (phase === 'answered' && (item.mode === 'choice' || item.mode === 'multiple') && answer?.rating === undefined) || phase === 'revealed';
    const ratings = grader && waitsForRating ? grader.previews(item) : undefined;
    return {
      cardId: item.id,
      mode: item.mode,
      kindLabel: kindLabel(item),
      breadcrumb: [...card.section],
      promptHtml,
      options: optionViews,
      ...(answerHtml !== undefined ? { answerHtml } : {}),
      phase,
      ...(answer ? { outcome: answer.outcome } : {}),
      location: this.location(item),
      ...(ratings && ratings.length > 0 ? { ratings } : {}),
      ...(ratings && phase === 'answered' && answer ? { suggestedRating: answer.outcome === 'right' ? 3 : 1 } : {}),
    };
  }

  private location(item: QuizItem): string {
    return `${this.ports.noteKey(item.source)}:${item.card.line}`;
  }

  private questionAnnouncement(): string {
    const session = this.content.session;
    if (session.total === 0) return 'Nothing left to ask.';
    if (session.finished) {
      const s = session.score();
      return `Quiz complete: ${s.right} of ${s.answered} right.`;
    }
    return `Question ${session.position + 1} of ${session.total}.`;
  }
}

function answerAnnouncement(item: QuizItem, outcome: QuizOutcome): string {
  if (outcome === 'right') return 'Right.';
  const right = (item.card.options ?? []).filter((o) => o.correct).map((o) => plainTextOf(o.label));
  return `Wrong. The right answer: ${right.join('; ')}.`;
}

function kindLabel(item: QuizItem): string {
  if (item.term !== undefined) return item.mode === 'choice' ? 'Term: which term is this?' : 'Term';
  switch (item.mode) {
    case 'choice':
      return 'Multiple choice';
    case 'multiple':
      return `Select ${(item.card.options ?? []).filter((o) => o.correct).length}`;
    case 'self-check':
      return 'Self-check: no answer marked';
    case 'recall':
      return item.card.kind === 'cloze' ? 'Cloze' : 'Flashcard';
  }
}

function log(level: 'trace' | 'warn', message: string): QuizEffect {
  return { kind: 'log', level, message };
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function safeJson(value: unknown): string {
  try {
    return shorten(JSON.stringify(value) ?? String(value), 200);
  } catch {
    return String(value);
  }
}
