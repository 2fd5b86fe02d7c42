import { describe, expect, it } from 'vitest';
import { extractHtml } from '../../src/generation/index.ts';

const DOC = '<!DOCTYPE html>\n<html><body><canvas></canvas><script>let a = 1;</script></body></html>';

describe('extractHtml', () => {
  it('takes an html-labelled fence with prose around it', () => {
    const got = extractHtml(`Sure! Here it is:\n\n\`\`\`html\n${DOC}\n\`\`\`\n\nHave fun.`);
    expect(got).toMatchObject({ code: DOC, method: 'html-fence' });
  });

  it('takes an unlabelled fence that holds HTML', () => {
    expect(extractHtml(`\`\`\`\n${DOC}\n\`\`\``)).toMatchObject({ code: DOC, method: 'fence' });
  });

  it('prefers the whole document among several blocks, over shorter drafts and other languages', () => {
    const reply = [
      'First the idea:',
      '```js',
      'function draft() {}',
      '```',
      'A snippet:',
      '```html',
      '<canvas id="c"></canvas>',
      '```',
      'The full game:',
      '```HTML',
      DOC,
      '```',
      'Run with:',
      '```bash',
      'open index.html',
      '```',
    ].join('\n');
    expect(extractHtml(reply)).toMatchObject({ code: DOC, method: 'html-fence' });
  });

  it('inlines separate JS and CSS blocks the page refers to', () => {
    const page =
      '<!doctype html><html><head><link rel="stylesheet" href="style.css"></head><body><canvas></canvas><script src="game.js"></script></body></html>';
    const reply = `\`\`\`html\n${page}\n\`\`\`\n\`\`\`css\nbody { margin: 0 }\n\`\`\`\n\`\`\`javascript\nconsole.log("game");\n\`\`\``;
    const got = extractHtml(reply);
    expect(got.method).toBe('fence+assets');
    expect(got.code).toContain('<script>\nconsole.log("game");\n</script>');
    expect(got.code).toContain('<style>\nbody { margin: 0 }\n</style>');
    expect(got.code).not.toContain('game.js');
    expect(got.code).not.toContain('style.css');
  });

  it('adds a JS block to a page with no script of its own, before </body>', () => {
    const page = '<!doctype html><html><body><canvas></canvas></body></html>';
    const got = extractHtml(`\`\`\`html\n${page}\n\`\`\`\n\`\`\`js\nstart();\n\`\`\``);
    expect(got).toMatchObject({
      method: 'fence+assets',
      code: '<!doctype html><html><body><canvas></canvas><script>\nstart();\n</script>\n</body></html>',
    });
  });

  it('keeps CDN script tags and does not inline when the page has its own script', () => {
    const page =
      '<html><head><script src="https://cdn.jsdelivr.net/npm/phaser@3/dist/phaser.min.js"></script></head><body><script>new Phaser.Game({})</script></body></html>';
    const got = extractHtml(`\`\`\`html\n${page}\n\`\`\`\n\`\`\`js\nconsole.log("unused note")\n\`\`\``);
    expect(got).toMatchObject({ code: page, method: 'html-fence' });
  });

  it('finds a bare document with prose around it', () => {
    const got = extractHtml(`Here is your game.\n${DOC}\nThat is all.`);
    expect(got).toMatchObject({ code: DOC, method: 'document' });
  });

  it('takes a fence the reply ended inside (cut off at the token limit) and says so', () => {
    const got = extractHtml('```html\n<!doctype html><html><body><script>let x =');
    expect(got.code).toBe('<!doctype html><html><body><script>let x =');
    expect(got.note).toContain('ended inside');
  });

  it('ignores drafts inside reasoning sections', () => {
    const got = extractHtml(`<think>maybe \`\`\`html\n<html>draft</html>\n\`\`\`</think>\n\`\`\`html\n${DOC}\n\`\`\``);
    expect(got.code).toBe(DOC);
  });

  it('records nothing extractable instead of failing', () => {
    expect(extractHtml('')).toMatchObject({ code: null, method: 'none' });
    expect(extractHtml('I cannot help with that.')).toMatchObject({
      code: null,
      method: 'none',
      note: expect.stringContaining('no fenced block'),
    });
    expect(extractHtml('```python\nprint(1)\n```')).toMatchObject({ code: null, method: 'none', note: expect.stringContaining('python') });
  });

  it('accepts tilde fences and CRLF line ends', () => {
    expect(extractHtml(`~~~html\r\n${DOC}\r\n~~~\r\n`)).toMatchObject({ code: DOC, method: 'html-fence' });
  });
});
