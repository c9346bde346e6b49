/**
 * Rule documentation pages, rendered from docs/rules/**.md. The list of pages is read once at
 * start; a request names a rule id and only ids on that list are ever opened.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderMarkdown } from './markdown.js';

/** Compiled code is dist/src/web/rule-docs.js, so docs/rules/ is three levels up. */
export function defaultDocsDir(): string {
  return fileURLToPath(new URL('../../../docs/rules/', import.meta.url));
}

export interface RuleDocs {
  dir: string;
  /** Rule id (`family/name`) -> file. */
  pages: Map<string, string>;
  index: string | undefined;
}

export function loadRuleDocs(dir: string): RuleDocs {
  const pages = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && entry.name.endsWith('.md') && child !== 'README.md') pages.set(child.slice(0, -3), join(dir, child));
    }
  };
  if (existsSync(dir)) walk('');
  const readme = join(dir, 'README.md');
  return { dir, pages, index: existsSync(readme) ? readme : undefined };
}

export function ruleHref(docs: RuleDocs, ruleId: string): string | undefined {
  return docs.pages.has(ruleId) ? `/rules/${ruleId.split('/').map(encodeURIComponent).join('/')}` : undefined;
}

/** Renders a page; relative links to other rule pages become app links, other relative links plain text. */
export function renderRuleDoc(docs: RuleDocs, ruleId: string | undefined): string | undefined {
  const file = ruleId === undefined ? docs.index : docs.pages.get(ruleId);
  if (file === undefined) return undefined;
  const from = ruleId === undefined ? '.' : posix.dirname(ruleId);
  return renderMarkdown(readFileSync(file, 'utf8'), {
    link: (href) => {
      if (/^(https?:|#)/i.test(href)) return href;
      const [path = '', hash] = href.split('#', 2);
      const target = posix.normalize(posix.join(from, path));
      const anchor = hash ? `#${hash}` : '';
      if (target === 'README.md') return `/rules${anchor}`;
      const id = target.endsWith('.md') ? target.slice(0, -3) : undefined;
      const app = id === undefined ? undefined : ruleHref(docs, id);
      return app === undefined ? undefined : app + anchor;
    },
  });
}
