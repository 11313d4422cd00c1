import type { PaintedMasks } from '../features/answer-hiding';
import type { ExamSnapshot } from '../features/exam';
import type { SectionsSnapshot } from '../features/sections';
import type { SettingWarningsSnapshot } from '../features/setting-problems';

/** What each feature can show the tests, by name: `noteReview.<name>.snapshot` runs it. */
export interface TestProbeMap {
  /** The Sections view's rows, selection and message. */
  readonly sections: () => Promise<SectionsSnapshot>;
  /** The masks painted over the editors of a note (the active one when no URI is given). */
  readonly answers: (uri?: unknown) => PaintedMasks[];
  /** The exam status bar item and the readiness figures behind it, once settled. */
  readonly exam: () => Promise<ExamSnapshot>;
  /** The warnings shown about reading settings the notes cannot be read with. */
  readonly settingWarnings: () => SettingWarningsSnapshot;
}

/**
 * Where a feature shows the tests what it displays. Only the extension's tests get one
 * (`FeatureContext.testProbes`); a user's VS Code never registers these probes.
 */
export interface TestProbes {
  expose<Name extends keyof TestProbeMap>(name: Name, probe: TestProbeMap[Name]): void;
}
