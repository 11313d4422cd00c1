// The list of format readers (src/core/parse/readers.ts) and a note's own switches in its
// front matter (note-settings.ts). The readers' behaviour is pinned by their fixtures in
// test/fixtures/notes.
import * as assert from 'assert';
import { noteOverridesOf } from '../../src/core/parse/note-settings';
import { READERS } from '../../src/core/parse/readers';
import { parseNote } from '../../src/core';

describe('format readers', () => {
  it('each reader has its own name and starts on at least one block type', () => {
    const names = READERS.map((r) => r.name);
    assert.deepStrictEqual([...new Set(names)], names);
    for (const reader of READERS) assert.ok(reader.startsOn.size > 0, `${reader.name} starts on nothing`);
  });

  it('a reader that bails out records nothing: a note without any of their formats reads as before', () => {
    const note = parseNote('# Notes\n\nSTART of the term.\n\n## Question time\n\n1. One\n2. Two\n');
    assert.deepStrictEqual(note.cards, []);
    assert.deepStrictEqual(note.problems, []);
  });
});

describe("a note's own switches (front matter 'note-review:')", () => {
  it('are off when the note has no front matter or no note-review key', () => {
    assert.strictEqual((noteOverridesOf(undefined).overrides.headingsAreCards ?? false), false);
    assert.strictEqual((noteOverridesOf('title: Words\ntags: [de]\n').overrides.headingsAreCards ?? false), false);
  });

  it('reads the block form, quotes and a trailing comment', () => {
    assert.strictEqual((noteOverridesOf('note-review:\n  headingsAreCards: true # words\n').overrides.headingsAreCards ?? false), true);
    assert.strictEqual((noteOverridesOf('note-review:\n  "headingsAreCards": "yes"\n').overrides.headingsAreCards ?? false), true);
  });

  it('reads the one-line form', () => {
    assert.strictEqual((noteOverridesOf('note-review: { headingsAreCards: true }\n').overrides.headingsAreCards ?? false), true);
    assert.strictEqual((noteOverridesOf('note-review: {headingsAreCards: off}\n').overrides.headingsAreCards ?? false), false);
  });

  it("reads only its own key's lines: another tool's key of the same name below, or a value that is no boolean, changes nothing", () => {
    assert.strictEqual((noteOverridesOf('other:\n  headingsAreCards: true\n').overrides.headingsAreCards ?? false), false);
    assert.strictEqual((noteOverridesOf('note-review:\n  headingsAreCards: maybe\n').overrides.headingsAreCards ?? false), false);
    assert.strictEqual((noteOverridesOf('note-review:\n  separator: ";;"\nlater:\n  headingsAreCards: true\n').overrides.headingsAreCards ?? false), false);
  });

  it('in the middle of a note a --- block is markdown, not front matter: the switch stays off', () => {
    const note = parseNote('# Words\n\n---\nnote-review:\n  headingsAreCards: true\n---\n\n## Hund\n- dog\n');
    assert.deepStrictEqual(note.cards, []);
  });
});

describe('markers left out of a card keep its id', () => {
  it('a card whose front loses its opening tag keeps the id made from the line as written', async () => {
    const { CardIdAllocator, cardKeyParts } = await import('../../src/core/model/card-id');
    const note = parseNote('#deck/chem What is the symbol of sodium?::Na\n', { noteKey: 'chem.md' });
    assert.strictEqual(note.cards[0].prompt, 'What is the symbol of sodium?');
    const written = new CardIdAllocator('chem.md').allocate(cardKeyParts({ kind: 'flashcard', prompt: '#deck/chem What is the symbol of sodium?' }), 0);
    assert.strictEqual(note.cards[0].id, written.id);
  });
});
