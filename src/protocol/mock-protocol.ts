/**
 * The messages between the mock exam panel's host and its webview. As with the quiz, the
 * host renders everything (note markdown to HTML) and posts the whole view; the webview
 * draws it, counts the time down from `deadlineMs`, and sends back what the person did.
 * Right answers and explanations are only in the view once the exam is submitted.
 */

/** One option of the question on screen, in display order. */
export interface MockOptionView {
  readonly labelHtml: string;
  readonly chosen: boolean;
  /** Only after submitting. */
  readonly correct?: boolean;
  /** Only after submitting; empty when the note gives none. */
  readonly explanationHtml?: string;
}

/** A cell of the question navigator. */
export interface MockNavCell {
  readonly answered: boolean;
  readonly flagged: boolean;
  /** Only after submitting. */
  readonly right?: boolean;
}

/** The question on screen. */
export interface MockQuestionView {
  readonly position: number;
  readonly breadcrumb: readonly string[];
  readonly promptHtml: string;
  /** How many options to choose: 1, or the number of right options ("Choose 2"). */
  readonly choose: number;
  readonly options: readonly MockOptionView[];
  readonly flagged: boolean;
  /** Where it is written, "note.md:34". */
  readonly location: string;
}

/** The results, once submitted. */
export interface MockResultView {
  readonly right: number;
  readonly total: number;
  readonly unanswered: number;
  /** 0–100, rounded. */
  readonly scorePercent: number;
  readonly passMarkPercent: number;
  readonly passed: boolean;
  readonly elapsedMs: number;
  readonly timedOut: boolean;
  readonly sections: readonly { readonly label: string; readonly right: number; readonly total: number }[];
  /** Positions of the questions answered wrongly or left unanswered, in asking order. */
  readonly missed: readonly number[];
  /** Whether the answers were counted as reviews (then the button is gone). */
  readonly countedAsReviews: boolean;
  /** Whether counting as reviews is possible (spaced repetition is available). */
  readonly canCountAsReviews: boolean;
}

export interface MockExamView {
  readonly title: string;
  readonly total: number;
  readonly question?: MockQuestionView;
  readonly nav: readonly MockNavCell[];
  /** Epoch ms when the time is up (the webview counts down to it). */
  readonly deadlineMs: number;
  /** Set once submitted. */
  readonly result?: MockResultView;
  /** What a screen reader should hear after this update. */
  readonly announcement: string;
  /** Something that went wrong and that the person should see (a rating or the attempt not saved). */
  readonly error?: string;
}

export type MockToWebviewMessage = { readonly type: 'didUpdate'; readonly view: MockExamView; readonly state: unknown };

export type MockToExtensionMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'choose'; readonly position: number; readonly option: number }
  | { readonly type: 'clear'; readonly position: number }
  | { readonly type: 'flag'; readonly position: number }
  | { readonly type: 'goTo'; readonly position: number }
  | { readonly type: 'submit' }
  | { readonly type: 'timeUp' }
  | { readonly type: 'countAsReviews' }
  | { readonly type: 'openSource'; readonly position: number };

const isIndex = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0;

/** Whether a message from the webview has a known shape (anything else is dropped). */
export function isMockToExtensionMessage(value: unknown): value is MockToExtensionMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'submit':
    case 'timeUp':
    case 'countAsReviews':
      return true;
    case 'choose':
      return isIndex(m.position) && isIndex(m.option);
    case 'clear':
    case 'flag':
    case 'goTo':
    case 'openSource':
      return isIndex(m.position);
    default:
      return false;
  }
}
