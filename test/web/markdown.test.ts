import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { renderMarkdown, slug } from '../../src/web/markdown.js';
import { REPO_ROOT } from '../support/paths.js';

test('headings, paragraphs, emphasis, code spans and fenced code', () => {
  const html = renderMarkdown('# deps/deprecated\n\nDefault: **warning** · _Since_ 0.1.0 and *this*\nnext `a | b` line\n\n```toml\n[dependencies]\nx = "<1"\n```\n');
  assert.equal(
    html,
    '<h1 id="depsdeprecated">deps/deprecated</h1>\n<p>Default: <strong>warning</strong> · <em>Since</em> 0.1.0 and <em>this</em>\nnext <code>a | b</code> line</p>\n<pre><code class="language-toml">[dependencies]\nx = &quot;&lt;1&quot;</code></pre>',
  );
});

test('lists, quotes, rules and tables', () => {
  const html = renderMarkdown('- one\n- two\n  continued\n\n3. three\n4. four\n\n> quoted **text**\n\n---\n\n| rule | x |\n|---|---|\n| [a](a.md) | `p\\|q` |\n');
  assert.match(html, /<ul><li>one<\/li><li>two\ncontinued<\/li><\/ul>/);
  assert.match(html, /<ol start="3"><li>three<\/li><li>four<\/li><\/ol>/);
  assert.match(html, /<blockquote><p>quoted <strong>text<\/strong><\/p><\/blockquote>/);
  assert.match(html, /<hr>/);
  assert.match(html, /<thead><tr><th scope="col">rule<\/th><th scope="col">x<\/th><\/tr><\/thead><tbody><tr><td><a href="a.md">a<\/a><\/td><td><code>p\|q<\/code><\/td><\/tr>/);
});

test('raw HTML never passes through and unsafe links are dropped', () => {
  const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> [x](javascript:alert%281%29) [y](data:text/html,hi) [z](JavaScript:void) <https://ok.example/a?b&c>\n\n# <b>h</b>');
  assert.doesNotMatch(html, /<script|<img|<b>|href="(?:javascript|data):/i);
  assert.match(html, / x y z /);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /<a href="https:\/\/ok\.example\/a\?b&amp;c" rel="noopener noreferrer">/);
});

test('the link option rewrites or removes links', () => {
  const html = renderMarkdown('[a](deps/x.md) [b](other.md) [c](https://e.example)', { link: (href) => (href.endsWith('x.md') ? '/rules/deps/x' : href.startsWith('https:') ? href : undefined) });
  assert.equal(html, '<p><a href="/rules/deps/x">a</a> b <a href="https://e.example" rel="noopener noreferrer">c</a></p>');
});

test('comments are dropped; slugs are stable', () => {
  assert.equal(renderMarkdown('<!-- generated -->\ntext'), '<p>text</p>');
  assert.equal(slug('What it does'), 'what-it-does');
});

test('every rule page renders without a raw tag from the source', () => {
  const dir = join(REPO_ROOT, 'docs', 'rules');
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e.endsWith('.md')) files.push(p);
    }
  };
  walk(dir);
  assert.ok(files.length >= 5);
  for (const file of files) {
    const html = renderMarkdown(readFileSync(file, 'utf8'));
    const tags = new Set([...html.matchAll(/<\/?([a-z0-9]+)/g)].map((m) => m[1]));
    for (const tag of tags) assert.ok(['h1', 'h2', 'h3', 'h4', 'p', 'strong', 'em', 'code', 'pre', 'a', 'ul', 'ol', 'li', 'blockquote', 'hr', 'div', 'table', 'thead', 'tbody', 'tr', 'th', 'td'].includes(tag!), `${file}: <${tag}>`);
  }
});
