import * as assert from 'node:assert/strict';
import { withoutHtmlComments } from '../../src/core/parse/html-comments';

describe('HTML comments in card text', () => {
  it('a review comment at the end of a line goes, with the blank before it', () => {
    assert.equal(withoutHtmlComments('The nucleus <!--SR:!2026-03-01,4,270-->'), 'The nucleus');
  });

  it('a comment on its own line goes with its line; one between paragraphs still parts them', () => {
    assert.equal(withoutHtmlComments('In the mitochondria\n<!--SR:!2026-02-10,12,250-->'), 'In the mitochondria');
    assert.equal(withoutHtmlComments('First part.\n<!--\nmany\nlines\n-->\nSecond part.'), 'First part.\n\nSecond part.');
  });

  it('comments inside code spans and code blocks are text and stay', () => {
    assert.equal(withoutHtmlComments('Write `<!-- x -->` here'), 'Write `<!-- x -->` here');
    const fenced = '```html\n<!-- kept -->\n```\n<!--ID: 1-->';
    assert.equal(withoutHtmlComments(fenced), '```html\n<!-- kept -->\n```');
  });

  it('an unclosed comment and text without comments are left as they are', () => {
    assert.equal(withoutHtmlComments('a <!-- never closed'), 'a <!-- never closed');
    const plain = 'no comment  here ';
    assert.equal(withoutHtmlComments(plain), plain);
  });
});
