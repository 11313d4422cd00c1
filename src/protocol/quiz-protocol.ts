/**
 * The messages between the quiz panel's host (extension side) and its webview.
 *
 * The host renders everything: each `didUpdate` carries the whole view (note content as
 * HTML rendered by markdown-it with `html: false`), and the webview only draws it and
 * sends back what the person did. The host posts nothing before the webview's `ready`,
 * and checks every incoming message with `isToExtensionMessage` before use.
 */
import { isRating, type Rating } from '../core/model/rating';
import type { QuizSessionState } from '../core/quiz/quiz-session';

export type { Rating };

/** How a question is asked (see `AskingMode` in the core). */
export type QuestionMode = 'choice' | 'multiple' | 'self-check' | 'recall';

/** Where the current question stands. */
export type QuestionPhase = 'asking' | 'revealed' | 'answered';

/** A rating button: its rating, its label and when the card would come back. */
export interface RatingChoice {
  readonly rating: Rating;
  /** "Again", "Hard", "Good", "Easy". */
  readonly label: string;
  /** The next interval if chosen, as the grader words it ("10 min", "3 d"). */
  readonly interval: string;
}

/** One option of a multiple-choice question, in display order. */
export interface OptionView {
  /** Index into the card's options: what `answer` sends back. */
  readonly index: number;
  readonly labelHtml: string;
  /** The option's explanation; empty until the question is answered or revealed, or when the note gives none. */
  readonly explanationHtml: string;
  /** Whether it is a right option: only sent once answered. */
  readonly correct?: boolean;
  /** Whether the person chose it: only sent once answered. */
  readonly chosen?: boolean;
}

/** The question on screen. */
export interface QuestionView {
  readonly cardId: string;
  readonly mode: QuestionMode;
  /** "Multiple choice", "Select 2", "Flashcard", "Cloze", "Term", "Self-check". */
  readonly kindLabel: string;
  readonly breadcrumb: readonly string[];
  readonly promptHtml: string;
  readonly options: readonly OptionView[];
  /** The back of a flashcard or cloze: only sent once revealed. */
  readonly answerHtml?: string;
  readonly phase: QuestionPhase;
  readonly outcome?: 'right' | 'wrong';
  /** Where the question is written, as "note.md:34" (the link back to it). */
  readonly location: string;
  /** Rating buttons, when a grader is present and the question waits for a rating. */
  readonly ratings?: readonly RatingChoice[];
  /** For answered multiple choice with a grader: wrong → Again, right → Good. */
  readonly suggestedRating?: Rating;
}

/** A question answered wrongly, listed at the end. */
export interface MissedView {
  readonly cardId: string;
  /** The question as plain text (shortened). */
  readonly promptText: string;
  readonly location: string;
}

/** The end of a quiz. */
export interface SummaryView {
  readonly right: number;
  readonly answered: number;
  readonly total: number;
  readonly elapsedMs: number;
  readonly missed: readonly MissedView[];
}

/** What the main area shows. */
export type ScreenView =
  | { readonly kind: 'question'; readonly question: QuestionView }
  | { readonly kind: 'summary'; readonly summary: SummaryView }
  | { readonly kind: 'empty'; readonly message: string };

/** Everything the webview draws. */
export interface QuizView {
  /** The panel's subject: the section, note or "Workspace". */
  readonly title: string;
  /** 1-based number of the question on screen (total + 1 once finished is never sent: the summary shows instead). */
  readonly position: number;
  readonly total: number;
  readonly right: number;
  readonly answered: number;
  /** Whether a grader (spaced repetition) records ratings: the webview then shows rating buttons. */
  readonly graded: boolean;
  readonly canUndo: boolean;
  readonly screen: ScreenView;
  /** Read out by screen readers (aria-live) after this update; empty for none. */
  readonly announcement: string;
  /** An error to show inline (a rating that could not be saved…). */
  readonly error?: string;
}

/** Where a quiz's questions come from, to rebuild it after a reload. */
export type QuizScopeRef =
  | { readonly kind: 'section'; readonly uri: string; readonly line: number }
  | { readonly kind: 'note'; readonly uri: string }
  | { readonly kind: 'workspace' }
  | { readonly kind: 'review'; readonly cards: readonly { readonly uri: string; readonly id: string }[] };

/** What the webview keeps with `setState` for the host to restore the quiz after a reload. */
export interface PersistedQuiz {
  readonly version: 1;
  readonly title: string;
  readonly scope: QuizScopeRef;
  readonly session: QuizSessionState;
}

/** Messages to the webview (past tense). */
export type ToWebviewMessage =
  /** The view changed; `state` is to be kept with `setState`. */
  { readonly type: 'didUpdate'; readonly view: QuizView; readonly state: PersistedQuiz };

/** Messages from the webview (imperatives). */
export type ToExtensionMessage =
  /** The page is loaded and listening. Sent again after the webview reloads. */
  | { readonly type: 'ready' }
  /** Multiple choice: the chosen options (indexes into the card's options). */
  | { readonly type: 'answer'; readonly cardId: string; readonly chosen: readonly number[] }
  /** Show the back / the explanations. */
  | { readonly type: 'reveal'; readonly cardId: string }
  /** Without a grader: "I knew it" / "I didn't". */
  | { readonly type: 'selfGrade'; readonly cardId: string; readonly knew: boolean }
  /** With a grader: a recall rating. */
  | { readonly type: 'rate'; readonly cardId: string; readonly rating: Rating }
  /** Go on from an answered question. */
  | { readonly type: 'next'; readonly cardId: string }
  | { readonly type: 'undo' }
  /** Open the note at the question's line. */
  | { readonly type: 'openSource'; readonly cardId: string }
  | { readonly type: 'retryMissed' }
  | { readonly type: 'restart' }
  /** Open the README's note formats (from the "nothing to ask" screen). */
  | { readonly type: 'openFormats' };

/** The `type`s of messages from the webview. */
export type ToExtensionType = ToExtensionMessage['type'];

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;

/**
 * Whether `value` is a well-formed message from the webview. Anything else (a bug, or a
 * page that was tampered with) is dropped by the host.
 */
export function isToExtensionMessage(value: unknown): value is ToExtensionMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'undo':
    case 'retryMissed':
    case 'restart':
    case 'openFormats':
      return true;
    case 'answer':
      return isString(m.cardId) && Array.isArray(m.chosen) && m.chosen.length <= 50 && m.chosen.every((i) => Number.isInteger(i) && (i as number) >= 0);
    case 'reveal':
    case 'next':
    case 'openSource':
      return isString(m.cardId);
    case 'selfGrade':
      return isString(m.cardId) && typeof m.knew === 'boolean';
    case 'rate':
      return isString(m.cardId) && isRating(m.rating);
    default:
      return false;
  }
}

/** Whether `value` looks like a quiz persisted by the webview (checked before a reload restores it). */
export function isPersistedQuiz(value: unknown): value is PersistedQuiz {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const scope = v.scope as Record<string, unknown> | undefined;
  const session = v.session as Record<string, unknown> | undefined;
  if (v.version !== 1 || typeof v.title !== 'string' || !scope || !session) return false;
  const scopeOk =
    (scope.kind === 'section' && typeof scope.uri === 'string' && Number.isInteger(scope.line)) ||
    (scope.kind === 'note' && typeof scope.uri === 'string') ||
    scope.kind === 'workspace' ||
    (scope.kind === 'review' && Array.isArray(scope.cards) && scope.cards.every((c) => typeof c === 'object' && c !== null && typeof (c as Record<string, unknown>).uri === 'string' && typeof (c as Record<string, unknown>).id === 'string'));
  return (
    scopeOk &&
    Array.isArray(session.order) &&
    session.order.every((id) => typeof id === 'string') &&
    Number.isInteger(session.position) &&
    (session.position as number) >= 0 &&
    (session.phase === 'asking' || session.phase === 'revealed' || session.phase === 'answered') &&
    typeof session.answers === 'object' &&
    session.answers !== null &&
    typeof session.optionOrders === 'object' &&
    session.optionOrders !== null &&
    typeof session.startedAtMs === 'number' &&
    typeof session.shuffle === 'boolean'
  );
}
