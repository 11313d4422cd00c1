import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { notesBlockMarkdown, notesMarkdown, wholeCodeSpanTokens } from '../../src/core/parse/block-tree';
import { useFrontMatter } from '../../src/core/parse/front-matter';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'notes');

/** markdown-it as shipped, configured like the notes' block parser, with the same rules added (front matter). */
function stockBlockParser(): MarkdownIt.MarkdownIt {
  const md = new MarkdownIt('default', { html: true, linkify: false, typographer: false });
  md.core.ruler.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join']);
  useFrontMatter(md);
  return md;
}

describe('block tokens', () => {
  const stock = stockBlockParser();
  const StockToken = stock.parse('a', {})[0].constructor;
  const notes = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.md'));

  it('the fixtures are there', () => {
    assert.ok(notes.length > 20, `only ${notes.length} note fixtures in ${FIXTURES}`);
  });

  for (const name of notes) {
    it(`are stock markdown-it's tokens, field for field, for ${name}`, () => {
      const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
      const expected = stock.parse(text, {});
      const actual = notesBlockMarkdown().parse(text, {});
      assert.ok(expected.length > 0);
      assert.equal(actual.length, expected.length);
      for (let i = 0; i < actual.length; i++) {
        assert.ok(actual[i] instanceof StockToken, `token ${i} is not a markdown-it Token`);
        // Same own fields in the same order (hidden classes, JSON and spreads depend on it).
        assert.deepEqual(Object.keys(actual[i]), Object.keys(expected[i]), `fields of token ${i} (${expected[i].type})`);
        assert.deepEqual({ ...actual[i] }, { ...expected[i] }, `token ${i} (${expected[i].type})`);
      }
    });
  }

  it('come from a block state with the stock fields and line marks, also for blank and tabbed edge cases', () => {
    const ours = notesBlockMarkdown();
    const edgeCases = ['', '\n', 'a', 'a\n', 'a\n  ', '  ', '\t\tx\n \t y', ' \n\n\t\n', 'x\n\n', '\t', 'a\n\t'];
    // Seeded random strings over the characters that matter to line marks.
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const alphabet = [' ', '\t', '\n', 'a', '#', '-', '>'];
    for (let n = 0; n < 500; n++) {
      const length = Math.floor(random() * 40);
      let text = '';
      for (let k = 0; k < length; k++) text += alphabet[Math.floor(random() * alphabet.length)];
      edgeCases.push(text);
    }
    const fixtureTexts = notes.map((name) => fs.readFileSync(path.join(FIXTURES, name), 'utf8').replace(/\r\n?/g, '\n'));
    for (const text of [...edgeCases, ...fixtureTexts]) {
      const expected = new stock.block.State(text, stock, {}, []);
      const actual = new ours.block.State(text, ours, {}, []);
      assert.deepEqual(Object.keys(actual).filter((k) => k !== 'md'), Object.keys(expected).filter((k) => k !== 'md'), 'state fields');
      for (const field of ['bMarks', 'eMarks', 'tShift', 'sCount', 'bsCount', 'lineMax', 'blkIndent', 'line', 'tight', 'listIndent', 'parentType', 'level'] as const) {
        assert.deepEqual(actual[field], expected[field], `${field} of ${JSON.stringify(text.slice(0, 60))}`);
      }
      assert.equal(actual.Token, expected.Token);
    }
  });

  it('inline state: the stock fields, and the same tokens for the sample\'s paragraphs', () => {
    const full = new MarkdownIt('default', { html: true, linkify: false, typographer: false });
    const ours = notesMarkdown();
    const expectedState = new full.inline.State('a *b*', full, {}, []);
    const actualState = new ours.inline.State('a *b*', ours, {}, []);
    assert.deepEqual(Object.keys(actualState).filter((k) => k !== 'md'), Object.keys(expectedState).filter((k) => k !== 'md'));
    const text = fs.readFileSync(path.join(FIXTURES, 'aws-ai-practitioner-notes.md'), 'utf8');
    const strip = (tokens: readonly MarkdownIt.Token[]): unknown => JSON.parse(JSON.stringify(tokens));
    assert.deepEqual(strip(ours.parse(text, {})), strip(full.parse(text, {})));
  });

  it('a whole code span read by the backticks rule alone is what the full inline parse gives, for 3,000 seeded strings', () => {
    const stockFull = new MarkdownIt('default', { html: true, linkify: false, typographer: false });
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pieces = ['`', '``', 'a', ' ', '\\', '*', '->', '<b>', '&amp;', '[x](y)', '\n'];
    let whole = 0;
    for (let n = 0; n < 3000; n++) {
      let inner = '';
      const length = Math.floor(random() * 8);
      for (let k = 0; k < length; k++) inner += pieces[Math.floor(random() * pieces.length)];
      const source = `\`${inner}\``;
      const [inline] = stockFull.parseInline(source, {});
      const full = JSON.parse(JSON.stringify(inline.children ?? [])) as { type: string; content: string }[];
      const fast = wholeCodeSpanTokens(source);
      const fullIsWhole = full.length === 1 && full[0].type === 'code_inline';
      if (fullIsWhole) whole++;
      if (fast) assert.deepEqual(JSON.parse(JSON.stringify(fast)), full, source);
      else assert.ok(!fullIsWhole, `missed a whole code span: ${JSON.stringify(source)}`);
    }
    assert.ok(whole > 300, `too few whole spans generated (${whole})`);
  });

  it('render like stock tokens (attrs and methods come from the same prototype)', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'aws-ai-practitioner-notes.md'), 'utf8');
    const full = new MarkdownIt('default', { html: true });
    const fromOurs = notesBlockMarkdown().parse(text, {});
    const ordered = fromOurs.find((t) => t.type === 'ordered_list_open');
    assert.equal(ordered?.attrGet('start'), null);
    // The block tokens with inline content parsed by stock markdown-it render as the stock parse does.
    const env = {};
    for (const token of fromOurs) {
      if (token.type === 'inline') {
        token.children = [];
        full.inline.parse(token.content, full, env, token.children);
      }
    }
    assert.equal(full.renderer.render(fromOurs, full.options, env), full.render(text));
  });
});
