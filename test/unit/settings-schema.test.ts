import * as assert from 'node:assert/strict';
import { contributes } from '../../package.json';
import { DEFAULT_FLASHCARD_SEPARATORS, DEFAULT_READING_SETTINGS, READER_NAMES, READING_KEYS } from '../../src/core';
import { MOCK_DEFAULTS } from '../../src/core/mock/mock-exam';
import { DEFAULT_DAILY_LIMITS, DEFAULT_SCHEDULER_SETTINGS } from '../../src/core/review';
import { manifestProperties, RESOURCE_SETTING_IDS, SETTING_IDS, SETTINGS, settingsTable, settingValue } from '../../src/vscode/adapters/settings-schema';

/** A deep copy of package.json's contributes.configuration, to break. */
function manifestCopy(): { properties: Record<string, Record<string, unknown>> } {
  return JSON.parse(JSON.stringify(contributes.configuration)) as { properties: Record<string, Record<string, unknown>> };
}

describe('settings table (package.json → the settings reader)', () => {
  it('the settings the code reads are exactly the noteReview settings package.json declares', () => {
    const declared = [...manifestProperties(contributes.configuration).keys()].filter((id) => id.startsWith('noteReview.'));
    assert.deepEqual([...SETTING_IDS].sort(), declared.sort());
  });

  it("takes every default, enum and scope from package.json's declaration", () => {
    const declared = manifestProperties(contributes.configuration);
    for (const id of SETTING_IDS) {
      const property = declared.get(id);
      assert.ok(property, id);
      assert.deepEqual(SETTINGS[id].default, property.default, `${id} default`);
      assert.deepEqual(SETTINGS[id].enum, property.enum, `${id} enum`);
      assert.equal(SETTINGS[id].scope, property.scope ?? 'window', `${id} scope`);
    }
  });

  it('the settings read with a note as their scope are exactly those package.json scopes to a resource', () => {
    const resourceScoped = SETTING_IDS.filter((id) => SETTINGS[id].scope === 'resource');
    assert.deepEqual([...RESOURCE_SETTING_IDS].sort(), [...resourceScoped].sort());
  });

  it('refuses a manifest that lacks a setting the code reads, or declares it with another type or default', () => {
    const missing = manifestCopy();
    delete missing.properties['noteReview.quiz.shuffle'];
    assert.throws(() => settingsTable(missing), /declares no setting noteReview\.quiz\.shuffle/);

    const retyped = manifestCopy();
    retyped.properties['noteReview.maxNoteSizeMB'].type = 'string';
    assert.throws(() => settingsTable(retyped), /noteReview\.maxNoteSizeMB as "string", the code reads it as number/);

    const badDefault = manifestCopy();
    badDefault.properties['noteReview.hovers.languages'].default = 'markdown';
    assert.throws(() => settingsTable(badDefault), /noteReview\.hovers\.languages the default "markdown", not a string\[\]/);
  });

  it('the defaults the core and the CLI use agree with package.json', () => {
    const defaultOf = (id: keyof typeof SETTINGS): unknown => SETTINGS[id].default;
    assert.deepEqual(
      {
        separator: defaultOf('noteReview.flashcards.separator'),
        reversedSeparator: defaultOf('noteReview.flashcards.reversedSeparator'),
        multilineSeparator: defaultOf('noteReview.flashcards.multilineSeparator'),
        multilineReversedSeparator: defaultOf('noteReview.flashcards.multilineReversedSeparator'),
      },
      { ...DEFAULT_FLASHCARD_SEPARATORS },
    );
    assert.deepEqual(
      {
        desiredRetention: defaultOf('noteReview.review.desiredRetention'),
        maximumIntervalDays: defaultOf('noteReview.review.maximumIntervalDays'),
        learningSteps: defaultOf('noteReview.review.learningSteps'),
        relearningSteps: defaultOf('noteReview.review.relearningSteps'),
        fuzz: defaultOf('noteReview.review.fuzz'),
      },
      { ...DEFAULT_SCHEDULER_SETTINGS },
    );
    assert.deepEqual({ newPerDay: defaultOf('noteReview.review.newCardsPerDay'), reviewsPerDay: defaultOf('noteReview.review.reviewsPerDay') }, { ...DEFAULT_DAILY_LIMITS });
    assert.deepEqual(
      { questionCount: defaultOf('noteReview.mockExam.questionCount'), timeLimitMinutes: defaultOf('noteReview.mockExam.timeLimitMinutes'), passMark: defaultOf('noteReview.mockExam.passMark') },
      { ...MOCK_DEFAULTS, passMark: MOCK_DEFAULTS.passMark * 100 },
    );
  });

  it('every reading setting (the keys of front matter and --set) is a folder setting with the core default, and readersOff lists every reader', () => {
    for (const { key, group } of READING_KEYS) {
      const id = `noteReview.${group}.${key}` as (typeof SETTING_IDS)[number];
      assert.ok(SETTING_IDS.includes(id), `${id} is read`);
      assert.ok((RESOURCE_SETTING_IDS as readonly string[]).includes(id), `${id} is a resource setting`);
      assert.equal(SETTINGS[id].scope, 'resource');
      assert.deepEqual(SETTINGS[id].default, DEFAULT_READING_SETTINGS[key], `${id} default`);
    }
    const readersOff = manifestProperties(contributes.configuration).get('noteReview.reading.readersOff') as { items: { enum: string[] } };
    assert.deepEqual(readersOff.items.enum, [...READER_NAMES]);
  });
});

describe('settingValue (what a value from settings.json reads as)', () => {
  it('keeps a value of the declared type, falsy ones included', () => {
    assert.equal(settingValue('noteReview.quiz.shuffle', true), true);
    assert.equal(settingValue('noteReview.answers.unwrapWhileHidden', false), false);
    assert.equal(settingValue('noteReview.review.newCardsPerDay', 0), 0);
    assert.equal(settingValue('noteReview.flashcards.separator', ''), '');
    assert.deepEqual(settingValue('noteReview.hovers.languages', []), []);
    assert.equal(settingValue('noteReview.quiz.termCards', 'whatIs'), 'whatIs');
  });

  it('reads unset, wrongly typed and unlisted values as the default', () => {
    assert.equal(settingValue('noteReview.quiz.shuffle', undefined), false);
    assert.equal(settingValue('noteReview.quiz.codeLens', 'no'), true);
    assert.equal(settingValue('noteReview.maxNoteSizeMB', '10'), 5);
    assert.deepEqual(settingValue('noteReview.hovers.languages', ['markdown', 3]), ['markdown']);
    assert.deepEqual(settingValue('noteReview.review.learningSteps', '1m'), ['1m', '10m']);
    assert.equal(settingValue('noteReview.quiz.termCards', 'sometimes'), 'both');
    assert.equal(settingValue('noteReview.reviewLog.location', 'cloud'), 'workspace');
  });
});
