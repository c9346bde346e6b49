/**
 * A small Markdown renderer for the subset our rule pages use: ATX headings, paragraphs, fenced
 * code, inline code, emphasis, links, lists, block quotes, rules and pipe tables. Written here
 * rather than pulled in (marked, markdown-it) because the subset is small and, unlike those, it
 * never passes raw HTML through: every character of the source ends up escaped or in our own tags.
 */
import { escapeHtml, safeHref } from '../report/html.js';

export interface MarkdownOptions {
  /** Maps a link target to the href to use, or undefined to render the text without a link; unsafe schemes are dropped either way. */
  link?: (href: string) => string | undefined;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const BULLET = /^ {0,3}([-*+])\s+(.*)$/;
const ORDERED = /^ {0,3}(\d{1,9})[.)]\s+(.*)$/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');
}

export function renderMarkdown(source: string, options: MarkdownOptions = {}): string {
  const text = source.replace(/\r\n?/g, '\n').replace(/<!--[\s\S]*?-->/g, '');
  return renderBlocks(text.split('\n'), options);
}

function renderBlocks(lines: string[], options: MarkdownOptions): string {
  const out: string[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length > 0) out.push(`<p>${inline(paragraph.join('\n').trim(), options)}</p>`);
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const close = new RegExp(`^ {0,3}${fence[1]![0] === '`' ? '`' : '~'}{${fence[1]!.length},}\\s*$`);
      const code: string[] = [];
      for (i++; i < lines.length && !close.test(lines[i]!); i++) code.push(lines[i]!);
      const lang = fence[2] ? ` class="language-${escapeHtml(fence[2])}"` : '';
      out.push(`<pre><code${lang}>${escapeHtml(code.join('\n'))}</code></pre>`);
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      const level = heading[1]!.length;
      const content = heading[2]!;
      out.push(`<h${level} id="${escapeHtml(slug(content))}">${inline(content, options)}</h${level}>`);
      continue;
    }
    if (RULE.test(line) && paragraph.length === 0) {
      out.push('<hr>');
      continue;
    }
    if (line.includes('|') && paragraph.length === 0 && TABLE_SEPARATOR.test(lines[i + 1] ?? '') && (lines[i + 1] ?? '').includes('-')) {
      const rows: string[] = [line];
      for (i += 2; i < lines.length && lines[i]!.includes('|') && lines[i]!.trim() !== ''; i++) rows.push(lines[i]!);
      i--;
      out.push(renderTable(rows, options));
      continue;
    }
    if (/^ {0,3}>/.test(line)) {
      flush();
      const quoted: string[] = [];
      for (; i < lines.length && /^ {0,3}>/.test(lines[i]!); i++) quoted.push(lines[i]!.replace(/^ {0,3}> ?/, ''));
      i--;
      out.push(`<blockquote>${renderBlocks(quoted, options)}</blockquote>`);
      continue;
    }
    const bullet = BULLET.exec(line);
    const ordered = bullet ? null : ORDERED.exec(line);
    if (bullet || ordered) {
      flush();
      const pattern = bullet ? BULLET : ORDERED;
      const items: string[][] = [];
      for (; i < lines.length; i++) {
        const current = lines[i]!;
        const item = pattern.exec(current);
        if (item) items.push([item[2]!]);
        else if (current.trim() !== '' && /^\s+/.test(current) && items.length > 0) items[items.length - 1]!.push(current.trim());
        else break;
      }
      i--;
      const tag = bullet ? 'ul' : 'ol';
      const start = ordered && ordered[1] !== '1' ? ` start="${Number(ordered[1])}"` : '';
      out.push(`<${tag}${start}>${items.map((item) => `<li>${inline(item.join('\n'), options)}</li>`).join('')}</${tag}>`);
      continue;
    }
    paragraph.push(line);
  }
  flush();
  return out.join('\n');
}

function splitRow(row: string): string[] {
  const trimmed = row.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  const cells: string[] = [];
  let cell = '';
  let code = false;
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i]!;
    if (c === '\\' && trimmed[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (c === '`') {
      code = !code;
      cell += c;
    } else if (c === '|' && !code) {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}

function renderTable(rows: string[], options: MarkdownOptions): string {
  const [head, ...body] = rows.map(splitRow);
  const th = head!.map((c) => `<th scope="col">${inline(c, options)}</th>`).join('');
  const tr = body.map((r) => `<tr>${head!.map((_, i) => `<td>${inline(r[i] ?? '', options)}</td>`).join('')}</tr>`).join('');
  return `<div class="table-wrap"><table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table></div>`;
}

const CODE_SPAN = /^(`+)([\s\S]*?[^`])\1(?!`)/;
const LINK = /^\[((?:[^\[\]\\]|\\.)+)\]\(\s*([^()\s]+)(?:\s+"[^"]*")?\s*\)/;
const STRONG = /^(\*\*|__)(?=\S)([\s\S]*?\S)\1/;
const EMPHASIS_STAR = /^\*(?=\S)([^*]*?\S)\*/;
const EMPHASIS_UNDERSCORE = /^_(?=\S)([^_]*?\S)_(?![\p{L}\p{N}_])/u;
const AUTOLINK = /^<(https?:\/\/[^\s<>]+)>/;
const PLAIN = /^[^`\[*_<\\]+/;

function inline(text: string, options: MarkdownOptions): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    let m: RegExpExecArray | null;
    if ((m = PLAIN.exec(rest))) {
      out += escapeHtml(m[0]);
    } else if ((m = CODE_SPAN.exec(rest))) {
      const code = m[2]!.replace(/\n/g, ' ');
      out += `<code>${escapeHtml(/^ .* $/.test(code) ? code.slice(1, -1) : code)}</code>`;
    } else if ((m = LINK.exec(rest))) {
      const href = safeHref(options.link ? options.link(m[2]!) : m[2]!);
      const label = inline(m[1]!, options);
      out += href === undefined ? label : `<a href="${escapeHtml(href)}"${/^https?:/i.test(href) ? ' rel="noopener noreferrer"' : ''}>${label}</a>`;
    } else if ((m = AUTOLINK.exec(rest))) {
      const href = safeHref(options.link ? options.link(m[1]!) : m[1]!);
      out += href === undefined ? escapeHtml(m[1]!) : `<a href="${escapeHtml(href)}" rel="noopener noreferrer">${escapeHtml(m[1]!)}</a>`;
    } else if ((m = STRONG.exec(rest))) {
      out += `<strong>${inline(m[2]!, options)}</strong>`;
    } else if ((m = EMPHASIS_STAR.exec(rest) ?? (/[\p{L}\p{N}]/u.test(text[i - 1] ?? '') ? null : EMPHASIS_UNDERSCORE.exec(rest)))) {
      out += `<em>${inline(m[1]!, options)}</em>`;
    } else if (rest[0] === '\\' && rest.length > 1 && /[\\`*_{}\[\]()#+\-.!|<>]/.test(rest[1]!)) {
      m = /^\\./.exec(rest)!;
      out += escapeHtml(rest[1]!);
    } else {
      out += escapeHtml(rest[0]!);
      i++;
      continue;
    }
    i += m[0].length;
  }
  return out;
}
