// Reading settings (parser-settings.ts): each key set by a folder (ParseOptions.reading)
// and overridden by a note's front matter (`note-review:`), and the check that turns a bad
// value into a problem on its line while the rest of the note is still read.
import * as assert from 'assert';
import MarkdownIt from 'markdown-it';
import { parseNote, READER_NAMES, READING_KEYS, type Card, type ParseOptions } from '../../src/core';
import { READERS } from '../../src/core/parse/readers';
import { noteOverridesOf } from '../../src/core/parse/note-settings';
import { compileClozePattern } from '../../src/core/parse/cloze-patterns';

function cards(text: string, options: ParseOptions = {}): [string, string, string][] {
  // A multiple-choice card's answer is the options marked right.
  return parseNote(text, options).cards.map((c: Card) => [c.kind, c.prompt, c.kind === 'mcq' ? (c.options ?? []).filter((o) => o.correct).map((o) => o.label).join(', ') : (c.answer ?? '')]);
}

/** The note with front matter setting `yaml` under `note-review:` (block form). */
function withFrontMatter(yaml: string, body: string): { text: string; bodyLine: number } {
  const lines = ['---', 'note-review:', ...yaml.split('\n').map((line) => `  ${line}`), '---', ''];
  return { text: `${lines.join('\n')}\n${body}`, bodyLine: lines.length + 1 };
}

describe('reading settings: each key, from a folder and from a note', () => {
  const overrides: { key: string; yaml: string; body: string; folder: ParseOptions['reading']; without: [string, string, string][]; with: [string, string, string][] }[] = [
    {
      key: 'separator',
      yaml: 'separator: ";;"',
      body: 'Capital of France;;Paris\n',
      folder: { separator: ';;' },
      without: [],
      with: [['flashcard', 'Capital of France', 'Paris']],
    },
    {
      key: 'reversedSeparator',
      yaml: 'reversedSeparator: "<>"',
      body: 'Hund<>dog\n',
      folder: { reversedSeparator: '<>' },
      without: [],
      with: [['flashcard', 'Hund', 'dog'], ['flashcard', 'dog', 'Hund']],
    },
    {
      key: 'multilineSeparator',
      yaml: 'multilineSeparator: "%%"',
      body: 'What is a closure?\n%%\nA function with its scope.\n',
      folder: { multilineSeparator: '%%' },
      without: [],
      with: [['flashcard', 'What is a closure?', 'A function with its scope.']],
    },
    {
      key: 'multilineReversedSeparator',
      yaml: 'multilineReversedSeparator: "%%%"',
      body: 'Hund\n%%%\ndog\n',
      folder: { multilineReversedSeparator: '%%%' },
      without: [],
      with: [['flashcard', 'Hund', 'dog'], ['flashcard', 'dog', 'Hund']],
    },
    {
      key: 'multilineEndMarker',
      yaml: 'multilineEndMarker: "+++"',
      body: 'Explain closures\n?\nA function.\n\nIt keeps its scope.\n+++\n',
      folder: { multilineEndMarker: '+++' },
      without: [['flashcard', 'Explain closures', 'A function.']],
      with: [['flashcard', 'Explain closures', 'A function.\n\nIt keeps its scope.']],
    },
    {
      key: 'clozePatterns',
      yaml: 'clozePatterns:\n  - "**answer**"\n  - "{{[123;;]answer[;;hint]}}"',
      body: 'Paris is the **capital** of {{France;;a country}}.\n',
      folder: { clozePatterns: ['**answer**', '{{[123;;]answer[;;hint]}}'] },
      without: [],
      with: [
        ['cloze', 'Paris is the [...] of France.', 'capital'],
        ['cloze', 'Paris is the capital of [a country].', 'France'],
      ],
    },
    {
      key: 'cardTags',
      yaml: 'cardTags: [anki]',
      body: 'What is ATP? #anki\nThe energy currency of the cell.\n\nWhat is DNA? #card\nA molecule.\n',
      folder: { cardTags: ['anki'] },
      without: [['flashcard', 'What is DNA?', 'A molecule.']],
      with: [['flashcard', 'What is ATP?', 'The energy currency of the cell.']],
    },
    {
      key: 'requiredTags',
      yaml: 'requiredTags: [flashcards]',
      body: 'Capital of France::Paris\n',
      folder: { requiredTags: ['flashcards'] },
      without: [['flashcard', 'Capital of France', 'Paris']],
      with: [],
    },
    {
      key: 'headingsAreCards',
      yaml: 'headingsAreCards: true',
      body: '# Words\n\n## Hund\n\ndog\n\n## Katze\n\ncat\n',
      folder: { headingsAreCards: true },
      without: [],
      with: [['flashcard', 'Hund', 'dog'], ['flashcard', 'Katze', 'cat']],
    },
    {
      key: 'readersOff',
      yaml: 'readersOff: [qa-pairs]',
      body: 'Q: What is 2 + 2?\nA: 4\n',
      folder: { readersOff: ['qa-pairs'] },
      without: [['flashcard', 'What is 2 + 2?', '4']],
      with: [],
    },
    {
      key: 'answerWords',
      yaml: 'answerWords: [Respuesta]',
      body: '1. ¿Qué gas es noble?\n\n- Oxígeno\n- Argón\n\nRespuesta: B\n',
      folder: { answerWords: ['Respuesta'] },
      without: [['mcq', '¿Qué gas es noble?', '']],
      with: [['mcq', '¿Qué gas es noble?', 'Argón']],
    },
  ];

  it('covers every key of the table', () => {
    assert.deepStrictEqual(overrides.map((o) => o.key).sort(), READING_KEYS.map((k) => k.key).sort());
  });

  for (const o of overrides) {
    it(`${o.key}: a folder's setting and a note's front matter each change what the note reads`, () => {
      assert.deepStrictEqual(cards(o.body), o.without, 'with the defaults');
      assert.deepStrictEqual(cards(o.body, { reading: o.folder }), o.with, "with the folder's setting");
      const { text } = withFrontMatter(o.yaml, o.body);
      assert.deepStrictEqual(cards(text), o.with, "with the note's front matter");
      assert.deepStrictEqual(parseNote(text).problems.filter((p) => p.code === 'bad-note-setting'), []);
    });
  }

  it("a note's front matter wins over its folder's setting", () => {
    const { text } = withFrontMatter('separator: "::"', 'Capital of France::Paris\n\nCapital of Spain;;Madrid\n');
    assert.deepStrictEqual(cards(text, { reading: { separator: ';;' } }), [['flashcard', 'Capital of France', 'Paris']]);
  });

  it('the one-line form sets several keys', () => {
    const text = '---\nnote-review: { headingsAreCards: true, separator: ";;", readersOff: [cloze, details] }\n---\n\n## Hund\n\ndog ==bark==\n\nA;;B\n';
    assert.deepStrictEqual(noteOverridesOf('note-review: { headingsAreCards: true, separator: ";;", readersOff: [cloze, details] }').overrides, {
      headingsAreCards: true,
      separator: ';;',
      readersOff: ['cloze', 'details'],
    });
    assert.deepStrictEqual(cards(text), [['flashcard', 'Hund', 'dog ==bark==\n\nA;;B']]);
  });

  it('answerWords label the answer of a Q: pair too, as whole words only', () => {
    const reading = { answerWords: ['Respuesta'] };
    assert.deepStrictEqual(cards('Q: ¿Capital de España?\nRespuesta: Madrid\n', { reading }), [['flashcard', '¿Capital de España?', 'Madrid']]);
    assert.deepStrictEqual(cards('Q: ¿Capital de España?\nRespuestas: Madrid\n', { reading }), [], 'Respuestas is not Respuesta: no answer, so no card');
  });

  it('an empty separator turns its cards off', () => {
    assert.deepStrictEqual(cards('Question\n?\nAnswer\n\nFront::Back\n', { reading: { multilineSeparator: '' } }), [['flashcard', 'Front', 'Back']]);
  });
});

describe('required tags in the front matter', () => {
  const required = { reading: { requiredTags: ['flashcards'] } };
  const card = 'Capital of France::Paris\n';
  const read = (frontMatter: string): number => parseNote(`---\n${frontMatter}\n---\n${card}`, required).cards.length;

  for (const [form, frontMatter] of [
    ['a flow list', 'tags: [biology, flashcards]'],
    ['a flow list of quoted tags', 'tags: ["biology", \'#flashcards\']'],
    ['one tag', 'tags: flashcards'],
    ['tags on one line, with commas', 'tags: biology, flashcards'],
    ['a block list, indented', 'title: Cells\ntags:\n  - biology\n  - flashcards'],
    ['a block list at the margin', 'tags:\n- biology\n- flashcards\nalias: cells'],
    ['the singular key, any case', 'Tag: flashcards'],
    ['a nested tag', 'tags: [flashcards/biology]'],
  ] as const) {
    it(`a note carrying the tag as ${form} is read`, () => assert.equal(read(frontMatter), 1));
  }

  for (const [form, frontMatter] of [
    ['another tag', 'tags: [biology]'],
    ['a longer tag', 'tags: [flashcardsold]'],
    ['the tag under another key', 'topics: [flashcards]'],
    ['the tag in a list under another key', 'tags:\n- biology\naliases:\n- flashcards'],
  ] as const) {
    it(`a note with ${form} is not read for cards`, () => assert.equal(read(frontMatter), 0));
  }
});

describe('reading settings: bad values in front matter', () => {
  for (const [yaml, message] of [
    ['headingsAreCards: maybe', /headingsAreCards must be true or false/],
    ['readersOff: [cloze, nope]', /unknown reader 'nope'/],
    ['clozePatterns: ["==text=="]', /needs the word "answer"/],
    ['separtor: ";;"', /unknown setting 'separtor'/],
    ['cardTags: ["two words"]', /is not a tag/],
  ] as const) {
    it(`${yaml}: a warning on its line, the setting left as it was, and the rest of the note still read`, () => {
      const { text } = withFrontMatter(`${yaml}\nseparator: ";;"`, 'Capital of France;;Paris\n\nCapital of Spain==Madrid==\n');
      const note = parseNote(text);
      const problems = note.problems.filter((p) => p.code === 'bad-note-setting');
      assert.strictEqual(problems.length, 1);
      assert.strictEqual(problems[0].line, 3, 'the line of the bad setting');
      assert.strictEqual(problems[0].severity, 'warning');
      assert.match(problems[0].message, message);
      // The good setting below it still applies, and the highlight cloze (default) is still read.
      assert.deepStrictEqual(cards(text).map((c) => c[0]), ['flashcard', 'cloze']);
    });
  }

  it('a { … } not closed is reported, and the note is read with the defaults', () => {
    const note = parseNote('---\nnote-review: { separator: ";;"\n---\n\nA::B\n');
    assert.deepStrictEqual(note.problems.map((p) => [p.line, p.code]), [[2, 'bad-note-setting']]);
    assert.deepStrictEqual(note.cards.map((c) => c.prompt), ['A']);
  });
});

describe('cloze patterns', () => {
  it('read the id and the hint where the pattern puts them', () => {
    assert.deepStrictEqual(cards('Brazilians speak ==1;;Portuguese;;a language== and ==1;;Spanish==.\n'), [['cloze', 'Brazilians speak [a language] and [...].', 'Portuguese, Spanish']]);
    assert.deepStrictEqual(cards('Brazilians speak ==Portuguese==^[language][^1]\n', { reading: { clozePatterns: ['==answer==[^\\[hint\\]][\\[^123\\]]'] } }), [
      ['cloze', 'Brazilians speak [language]', 'Portuguese'],
    ]);
  });

  it('are refused with a reason when they are not patterns', () => {
    assert.strictEqual(typeof compileClozePattern('==answer=='), 'object');
    assert.match(compileClozePattern('answer==') as string, /text before and after/);
    assert.match(compileClozePattern('==[answer==') as string, /without its '\]'/);
    assert.match(compileClozePattern('==[x]answer==') as string, /must hold 123 or hint/);
  });

  it('leave code spans alone, and a deletion holding the whole paragraph is emphasis', () => {
    assert.deepStrictEqual(cards('Use `**x**` here and **y** there.\n', { reading: { clozePatterns: ['**answer**'] } }), [['cloze', 'Use `**x**` here and [...] there.', 'y']]);
    assert.deepStrictEqual(cards('**Always back up first.**\n', { reading: { clozePatterns: ['**answer**'] } }), []);
  });
});

describe('a whole note indented alike', () => {
  it('is read as if it were not indented (markdown would make it one code block), lines unchanged', () => {
    const note = parseNote('\n    Capital of France::Paris\n    Capital of Spain::Madrid\n');
    assert.deepStrictEqual(note.cards.map((c) => [c.line, c.prompt, c.answer]), [
      [2, 'Capital of France', 'Paris'],
      [3, 'Capital of Spain', 'Madrid'],
    ]);
  });

  it('but a code block in a note with text at the margin stays code', () => {
    assert.deepStrictEqual(parseNote('# Code\n\n    Capital of France::Paris\n').cards, []);
  });
});

describe('reader names', () => {
  it('readersOff knows every reader of the list', () => {
    for (const reader of READERS) assert.ok(READER_NAMES.includes(reader.name), reader.name);
  });
});

describe('reading settings on hostile notes stay linear', function () {
  this.timeout(120_000);
  /** The fastest of three interleaved runs each: markdown-it's parse of the text, and ours with `options`. */
  function ratioToMarkdownIt(text: string, options: ParseOptions): { oursMs: number; markdownItMs: number } {
    const markdownIt = new MarkdownIt('default', { html: true, linkify: false, typographer: false });
    let markdownItMs = Infinity;
    let oursMs = Infinity;
    for (let run = 0; run < 3; run++) {
      let start = performance.now();
      markdownIt.parse(text, {});
      markdownItMs = Math.min(markdownItMs, performance.now() - start);
      start = performance.now();
      parseNote(text, options);
      oursMs = Math.min(oursMs, performance.now() - start);
    }
    return { oursMs, markdownItMs };
  }

  const shapes: [string, string, ParseOptions][] = [
    // Openers that never close but at the very end of the line: each scan stops at the next opener.
    ['a 1 MB line of {{x openers closed once, with {{answer}}', `${'{{x '.repeat(250_000)}}}\n`, { reading: { clozePatterns: ['{{[123;;]answer[;;hint]}}'] } }],
    ['a 1 MB line of **x openers closed once, with **answer**', `${'**x '.repeat(250_000)}**\n`, { reading: { clozePatterns: ['**answer**'] } }],
    // Thousands of cloze paragraphs before one end marker far below.
    ['20,000 cloze paragraphs above one end marker', `${'A ==cloze== here.\n\n'.repeat(20_000)}---\n`, { reading: { multilineEndMarker: '---' } }],
  ];
  for (const [name, text, options] of shapes) {
    it(`${name}: at most 3 × markdown-it's parse of it`, () => {
      const { oursMs, markdownItMs } = ratioToMarkdownIt(text, options);
      assert.ok(oursMs <= 3 * Math.max(markdownItMs, 5), `${Math.round(oursMs)} ms, markdown-it ${Math.round(markdownItMs)} ms`);
    });
  }
});
