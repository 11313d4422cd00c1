import type * as vscode from 'vscode';
import { formatInterval, type CardSchedule } from '../../../core/review';
import { buildMasteryMap, type CardStanding, type MasteryCard, type MasteryMap, type MasterySection, type RecallModel, type SectionMastery } from '../../../core/review/mastery';
import { countOf, type NoteOutline, type SectionsTreeNode } from './sections-model';
import { formatPercent } from '../../../core/util/percent';

/** What the mastery map reads from the review service (`services.reviews` has it). */
export interface MasterySource {
  /** Fires when schedules change: a rating, an undo, another window, a reload. */
  readonly onDidChange: vscode.Event<void>;
  /** The card's schedule, if it has history. */
  schedule(cardId: string): CardSchedule | undefined;
  /** Whether the card was taken out of the queue. */
  isSuspended(cardId: string): boolean;
  readonly schedulerInUse: RecallModel;
}

/** The mastery of the notes shown, by tree node id, and what each note's rows show of it. */
export interface TreeMastery {
  readonly map: MasteryMap;
  /** Per note id: the mastery text of all its rows, to tell which notes need a redraw. */
  readonly signatures: ReadonlyMap<string, string>;
}

/** Builds the mastery map of these notes (outlines by note id) at `now`; tree node ids are the keys. */
export function treeMastery(outlines: ReadonlyMap<string, NoteOutline>, source: MasterySource, now: number): TreeMastery {
  const sections: MasterySection[] = [];
  const cards: MasteryCard[] = [];
  const visit = (children: readonly SectionsTreeNode[], parent: string): void => {
    for (const node of children) {
      if (node.type === 'section') {
        sections.push({ id: node.id, parent });
        visit(node.children, node.id);
      } else if (node.type === 'card') cards.push({ id: node.id, section: parent, schedule: source.schedule(node.card.id), suspended: source.isSuspended(node.card.id) });
    }
  };
  for (const [noteId, outline] of outlines) {
    sections.push({ id: noteId, parent: undefined, canBeWeakest: false });
    visit(outline.children, noteId);
  }
  const map = buildMasteryMap(sections, cards, now, source.schedulerInUse);
  const signatures = new Map<string, string>();
  for (const [noteId, outline] of outlines) {
    const parts: string[] = [masteryText(map.sections.get(noteId))];
    const sign = (children: readonly SectionsTreeNode[]): void => {
      for (const node of children) {
        if (node.type === 'section') {
          parts.push(`${masteryText(map.sections.get(node.id))}${map.weakest === node.id ? '!' : ''}`);
          sign(node.children);
        } else if (node.type === 'card') parts.push(dueLabel(map.cards.get(node.id), now));
      }
    };
    sign(outline.children);
    signatures.set(noteId, parts.join('\n'));
  }
  return { map, signatures };
}

/** `3 due · 72%`, `72%`, `3 due` or empty: the mastery part of a row's description. */
export function masteryText(mastery: SectionMastery | undefined): string {
  if (!mastery) return '';
  const parts: string[] = [];
  if (mastery.dueCount > 0) parts.push(`${mastery.dueCount} due`);
  if (mastery.averageRecall !== undefined) parts.push(formatPercent(mastery.averageRecall));
  return parts.join(' · ');
}

/** A note's or section's description: `13 cards · 3 due · 72%`. */
export function describeGroup(cardCount: number, mastery: SectionMastery | undefined): string {
  if (cardCount === 0) return '';
  const text = masteryText(mastery);
  return text ? `${countOf(cardCount, 'card')} · ${text}` : countOf(cardCount, 'card');
}

/** The tooltip lines about a note's or section's mastery. */
export function groupTooltip(mastery: SectionMastery | undefined, weakest: boolean): string[] {
  if (!mastery || mastery.cardCount === 0) return [];
  const lines = [`${mastery.dueCount} due now · ${mastery.reviewedCount} of ${countOf(mastery.cardCount, 'card')} reviewed`];
  if (mastery.averageRecall !== undefined) {
    lines.push(`Average recall probability ${formatPercent(mastery.averageRecall)} (lowest ${formatPercent(mastery.lowestRecall ?? mastery.averageRecall)})`);
  } else lines.push('No card reviewed yet: no recall probability');
  if (weakest) lines.push('Weakest section: the lowest average recall probability');
  return lines;
}

/** The accessible part: `, 3 due, average recall 72%, weakest section`; empty when nothing is reviewed. */
export function groupAccessibility(mastery: SectionMastery | undefined, weakest: boolean): string {
  if (!mastery || (mastery.dueCount === 0 && mastery.averageRecall === undefined)) return '';
  let text = mastery.dueCount > 0 ? `, ${mastery.dueCount} due` : '';
  if (mastery.averageRecall !== undefined) text += `, average recall ${formatPercent(mastery.averageRecall)}`;
  return weakest ? `${text}, weakest section` : text;
}

/** A card row's description: `due`, `in 3d`, `in 10m`, `suspended`, or empty for a card never reviewed. */
export function dueLabel(standing: CardStanding | undefined, now: number): string {
  if (standing?.state === 'suspended') return 'suspended';
  if (!standing || standing.state === 'new' || standing.dueAt === undefined) return '';
  return standing.state === 'due' ? 'due' : `in ${formatInterval(standing.dueAt - now)}`;
}

/** The tooltip line about a card's schedule. */
export function cardTooltip(standing: CardStanding | undefined, now: number): string {
  if (standing?.state === 'suspended') return 'Suspended: left out of reviews until unsuspended';
  if (!standing?.schedule || standing.state === 'new') return 'Not reviewed yet';
  const { schedule } = standing;
  const when = standing.state === 'due' ? `Due now (since ${formatInterval(now - schedule.dueAt)})` : `Due in ${formatInterval(schedule.dueAt - now)}`;
  const recall = standing.recall === undefined ? '' : ` · recall probability ${formatPercent(standing.recall)}`;
  return `${when}${recall} · ${countOf(schedule.reps, 'review')}, ${countOf(schedule.lapses, 'lapse')}`;
}


/** What the Sections view reads of the exam readiness (`services.readiness` has it). */
export interface ExamFigures {
  /** Fires when readiness was computed anew. */
  readonly onDidChange: vscode.Event<void>;
  /** Predicted exam-day recall of a note (empty breadcrumb) or section, when it has cards in an exam's scope. */
  section(note: string, section: readonly string[]): { readonly predictedRecall: number; readonly examDay: string } | undefined;
}

/** The description with the predicted exam-day recall: `13 cards · 72% · exam 64%`. */
export function withExam(description: string, exam: { readonly predictedRecall: number } | undefined): string {
  if (!exam) return description;
  const figure = `exam ${formatPercent(exam.predictedRecall)}`;
  return description ? `${description} · ${figure}` : figure;
}

/** The tooltip line about the exam, or none. */
export function examTooltip(exam: { readonly predictedRecall: number; readonly examDay: string } | undefined): string[] {
  return exam ? [`Predicted recall on the exam day (${exam.examDay}): ${formatPercent(exam.predictedRecall)}, never-reviewed cards counting 0`] : [];
}
