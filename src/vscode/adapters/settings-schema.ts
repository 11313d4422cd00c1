// The table behind the settings reader (settings.ts): the type the code reads each
// `noteReview.*` setting as, joined to what package.json declares for it (default, enum,
// scope). No `vscode` import, so plain Node tests can check it against the manifest.
import { contributes } from '../../../package.json';
import type { TermCardChoice } from '../../core/quiz/quiz-items';

/** Every `noteReview.*` setting the extension reads, with the type it is read as. */
export interface SettingValues {
  'noteReview.quiz.shuffle': boolean;
  'noteReview.quiz.codeLens': boolean;
  'noteReview.quiz.termCards': TermCardChoice;
  'noteReview.mockExam.questionCount': number;
  'noteReview.mockExam.timeLimitMinutes': number;
  'noteReview.mockExam.passMark': number;
  'noteReview.flashcards.separator': string;
  'noteReview.flashcards.reversedSeparator': string;
  'noteReview.flashcards.multilineSeparator': string;
  'noteReview.flashcards.multilineReversedSeparator': string;
  'noteReview.flashcards.multilineEndMarker': string;
  'noteReview.flashcards.clozePatterns': readonly string[];
  'noteReview.reading.cardTags': readonly string[];
  'noteReview.reading.requiredTags': readonly string[];
  'noteReview.reading.headingsAreCards': boolean;
  'noteReview.reading.readersOff': readonly string[];
  'noteReview.reading.answerWords': readonly string[];
  'noteReview.answers.hiddenByDefault': boolean;
  'noteReview.answers.unwrapWhileHidden': boolean;
  'noteReview.review.desiredRetention': number;
  'noteReview.review.maximumIntervalDays': number;
  'noteReview.review.learningSteps': readonly string[];
  'noteReview.review.relearningSteps': readonly string[];
  'noteReview.review.newCardsPerDay': number;
  'noteReview.review.reviewsPerDay': number;
  'noteReview.review.fuzz': boolean;
  'noteReview.reviewLog.location': 'workspace' | 'globalStorage';
  'noteReview.reviewLog.folderName': string;
  'noteReview.maxNoteSizeMB': number;
  'noteReview.sections.followCursor': boolean;
  'noteReview.sections.showMastery': boolean;
  'noteReview.diagnostics.enabled': boolean;
  'noteReview.diagnostics.severity': 'asReported' | 'error' | 'warning' | 'information' | 'hint';
  'noteReview.diagnostics.giveawayAnswers': boolean;
  'noteReview.diagnostics.nearMisses': boolean;
  'noteReview.hovers.languages': readonly string[];
}

/** A Note Review setting's full id, as in settings.json. */
export type SettingId = keyof SettingValues;

/** A setting or a group of them: `noteReview.quiz.shuffle`, `noteReview.quiz` or `noteReview`. */
export type SettingSection = SettingId | GroupOf<SettingId> | 'noteReview';
type GroupOf<Id> = Id extends `noteReview.${infer Group}.${string}` ? `noteReview.${Group}` : never;

/** The JSON shape a value must have to be read. */
export type SettingShape = 'boolean' | 'number' | 'string' | 'string[]';
type ShapeOf<T> = T extends boolean ? 'boolean' : T extends number ? 'number' : T extends string ? 'string' : 'string[]';

const SHAPES: { readonly [Id in SettingId]: ShapeOf<SettingValues[Id]> } = {
  'noteReview.quiz.shuffle': 'boolean',
  'noteReview.quiz.codeLens': 'boolean',
  'noteReview.quiz.termCards': 'string',
  'noteReview.mockExam.questionCount': 'number',
  'noteReview.mockExam.timeLimitMinutes': 'number',
  'noteReview.mockExam.passMark': 'number',
  'noteReview.flashcards.separator': 'string',
  'noteReview.flashcards.reversedSeparator': 'string',
  'noteReview.flashcards.multilineSeparator': 'string',
  'noteReview.flashcards.multilineReversedSeparator': 'string',
  'noteReview.flashcards.multilineEndMarker': 'string',
  'noteReview.flashcards.clozePatterns': 'string[]',
  'noteReview.reading.cardTags': 'string[]',
  'noteReview.reading.requiredTags': 'string[]',
  'noteReview.reading.headingsAreCards': 'boolean',
  'noteReview.reading.readersOff': 'string[]',
  'noteReview.reading.answerWords': 'string[]',
  'noteReview.answers.hiddenByDefault': 'boolean',
  'noteReview.answers.unwrapWhileHidden': 'boolean',
  'noteReview.review.desiredRetention': 'number',
  'noteReview.review.maximumIntervalDays': 'number',
  'noteReview.review.learningSteps': 'string[]',
  'noteReview.review.relearningSteps': 'string[]',
  'noteReview.review.newCardsPerDay': 'number',
  'noteReview.review.reviewsPerDay': 'number',
  'noteReview.review.fuzz': 'boolean',
  'noteReview.reviewLog.location': 'string',
  'noteReview.reviewLog.folderName': 'string',
  'noteReview.maxNoteSizeMB': 'number',
  'noteReview.sections.followCursor': 'boolean',
  'noteReview.sections.showMastery': 'boolean',
  'noteReview.diagnostics.enabled': 'boolean',
  'noteReview.diagnostics.severity': 'string',
  'noteReview.diagnostics.giveawayAnswers': 'boolean',
  'noteReview.diagnostics.nearMisses': 'boolean',
  'noteReview.hovers.languages': 'string[]',
};

/** Every setting id the code reads. */
export const SETTING_IDS = Object.keys(SHAPES) as readonly SettingId[];

/**
 * The settings a folder can set for its own notes (`"scope": "resource"` in the manifest):
 * the reader takes the note as the scope for these, and only these.
 */
export const RESOURCE_SETTING_IDS = [
  'noteReview.quiz.codeLens',
  'noteReview.quiz.termCards',
  'noteReview.flashcards.separator',
  'noteReview.flashcards.reversedSeparator',
  'noteReview.flashcards.multilineSeparator',
  'noteReview.flashcards.multilineReversedSeparator',
  'noteReview.flashcards.multilineEndMarker',
  'noteReview.flashcards.clozePatterns',
  'noteReview.reading.cardTags',
  'noteReview.reading.requiredTags',
  'noteReview.reading.headingsAreCards',
  'noteReview.reading.readersOff',
  'noteReview.reading.answerWords',
  'noteReview.answers.hiddenByDefault',
  'noteReview.answers.unwrapWhileHidden',
  'noteReview.maxNoteSizeMB',
  'noteReview.sections.followCursor',
  'noteReview.diagnostics.enabled',
  'noteReview.diagnostics.severity',
  'noteReview.diagnostics.giveawayAnswers',
  'noteReview.diagnostics.nearMisses',
] as const satisfies readonly SettingId[];

/** A setting a folder can set for its own notes. */
export type ResourceSettingId = (typeof RESOURCE_SETTING_IDS)[number];

/** What the manifest declares for one setting, and the shape the code reads it as. */
export interface SettingSpec<T> {
  readonly id: SettingId;
  readonly shape: SettingShape;
  readonly default: T;
  /** The allowed values, when the manifest lists them. */
  readonly enum?: readonly T[];
  /** VS Code's scope (`resource` settings can differ per folder); `window` when the manifest says nothing. */
  readonly scope: string;
}

/**
 * The settings table: each id the code reads with the manifest's default, enum and scope.
 * `configuration` is the manifest's `contributes.configuration`.
 * Throws when the manifest lacks a setting the code reads, or declares it with another
 * type or a default of the wrong shape, so that a mismatch fails at once (and in the unit
 * tests) rather than reading `undefined`.
 */
export function settingsTable(configuration: unknown): { readonly [Id in SettingId]: SettingSpec<SettingValues[Id]> } {
  const properties = manifestProperties(configuration);
  const table: Partial<Record<SettingId, SettingSpec<unknown>>> = {};
  for (const id of SETTING_IDS) {
    const declared = properties.get(id);
    if (!declared) throw new Error(`package.json declares no setting ${id}`);
    const shape = SHAPES[id];
    if (!declaredTypeFits(declared.type, declared.items, shape)) throw new Error(`package.json declares ${id} as ${JSON.stringify(declared.type)}, the code reads it as ${shape}`);
    if (!hasShape(declared.default, shape)) throw new Error(`package.json gives ${id} the default ${JSON.stringify(declared.default)}, not a ${shape}`);
    table[id] = {
      id,
      shape,
      default: declared.default,
      ...(Array.isArray(declared.enum) ? { enum: declared.enum } : {}),
      scope: typeof declared.scope === 'string' ? declared.scope : 'window',
    };
  }
  return table as { readonly [Id in SettingId]: SettingSpec<SettingValues[Id]> };
}

/** The `properties` of every section of `contributes.configuration` (one object or a list), by setting id. */
export function manifestProperties(configuration: unknown): Map<string, ManifestProperty> {
  const sections = Array.isArray(configuration) ? configuration : [configuration];
  const properties = new Map<string, ManifestProperty>();
  for (const section of sections) {
    const declared = (section as { properties?: unknown } | undefined)?.properties;
    if (typeof declared !== 'object' || declared === null) continue;
    for (const [id, property] of Object.entries(declared)) properties.set(id, property as ManifestProperty);
  }
  return properties;
}

/** One entry of `contributes.configuration.properties`, as far as the table reads it. */
export interface ManifestProperty {
  readonly type?: unknown;
  readonly items?: { readonly type?: unknown };
  readonly default?: unknown;
  readonly enum?: unknown;
  readonly scope?: unknown;
}

function declaredTypeFits(type: unknown, items: ManifestProperty['items'], shape: SettingShape): boolean {
  switch (shape) {
    case 'boolean':
    case 'string':
      return type === shape;
    case 'number':
      return type === 'number' || type === 'integer';
    case 'string[]':
      return type === 'array' && items?.type === 'string';
  }
}

/** Whether a value from settings.json has the shape the code reads. */
export function hasShape(value: unknown, shape: SettingShape): boolean {
  switch (shape) {
    case 'boolean':
    case 'string':
      return typeof value === shape;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string[]':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
  }
}

/** The settings table of this build's package.json. */
export const SETTINGS = settingsTable(contributes.configuration);

/**
 * A value read from the settings as the code may use it: the value when it has the
 * setting's shape (and is one of its enum values, if any), else the manifest's default.
 * VS Code hands out whatever settings.json holds and only underlines a wrong type there,
 * so a `"yes"` for a boolean reads as the default rather than as a truthy string.
 */
export function settingValue<Id extends SettingId>(id: Id, value: unknown): SettingValues[Id] {
  const spec: SettingSpec<unknown> = SETTINGS[id];
  if (!hasShape(value, spec.shape)) return SETTINGS[id].default;
  if (spec.enum && !spec.enum.includes(value)) return SETTINGS[id].default;
  return value as SettingValues[Id];
}
