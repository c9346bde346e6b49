/**
 * The template files and the small language they are written in:
 *   {{name}}              a variable (lowercase identifiers only, so Rust's `{{` escapes pass through)
 *   {{#flag}} … {{/flag}} lines kept when `flag` is true; `{{^flag}}` keeps them when it is false.
 *                         Section tags stand alone on their line.
 *   {{>file}}             the partial templates/_partials/<file>.tmpl, rendered in the same context
 * Unknown names are errors, so a typo in a template fails the tests instead of shipping.
 * File names: a `.tmpl` suffix is dropped, a path segment starting with `dot-` becomes `.…`
 * (npm drops `.gitignore` from packages, and tools would pick up a real `.github/` or `.cargo/`),
 * and `{{name}}` works in paths too.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface TemplateContext {
  vars: Readonly<Record<string, string>>;
  flags: Readonly<Record<string, boolean>>;
}

export interface TemplateFile {
  /** Path relative to the scenario's template folder, with `/` separators. */
  source: string;
  text: string;
}

/** templates/ at the package root: compiled code is dist/src/scaffold/template.js. */
export function templatesDir(): string {
  return fileURLToPath(new URL('../../../templates/', import.meta.url));
}

const SECTION_LINE = /^\s*\{\{([#^/])([a-z][a-z0-9_]*)\}\}\s*$/;
const TAG = /\{\{(>?)([a-z][a-z0-9_.-]*)\}\}/g;

export class TemplateError extends Error {
  override name = 'TemplateError';
}

export function renderTemplate(text: string, context: TemplateContext, where: string, partials: (name: string) => string = noPartials): string {
  const out: string[] = [];
  const stack: { flag: string; keep: boolean }[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const section = SECTION_LINE.exec(line);
    if (section) {
      const [, kind, flag] = section as unknown as [string, '#' | '^' | '/', string];
      if (kind === '/') {
        const open = stack.pop();
        if (open?.flag !== flag) throw new TemplateError(`${where}:${index + 1}: {{/${flag}}} closes ${open ? `{{#${open.flag}}}` : 'nothing'}`);
        return;
      }
      const value = context.flags[flag];
      if (value === undefined) throw new TemplateError(`${where}:${index + 1}: unknown flag "${flag}"`);
      stack.push({ flag, keep: kind === '#' ? value : !value });
      return;
    }
    if (stack.some((s) => !s.keep)) return;
    out.push(
      line.replace(TAG, (_match, partial: string, name: string) => {
        if (partial === '>') return renderTemplate(partials(name), context, `partial ${name}`, partials).replace(/\n$/, '');
        const value = context.vars[name];
        if (value === undefined) throw new TemplateError(`${where}:${index + 1}: unknown variable "${name}"`);
        return value;
      }),
    );
  });
  if (stack.length > 0) throw new TemplateError(`${where}: {{#${stack.at(-1)!.flag}}} is never closed`);
  return out.join('\n');
}

function noPartials(name: string): string {
  throw new TemplateError(`partials are not available here ({{>${name}}})`);
}

/** The output path for a template path: `dot-github/workflows/ci.yml.tmpl` -> `.github/workflows/ci.yml`. */
export function outputPath(source: string, context: TemplateContext): string {
  return source
    .split('/')
    .map((segment) => renderTemplate(segment.replace(/\.tmpl$/, ''), context, source).replace(/^dot-/, '.'))
    .join('/');
}

/** Every file below `dir`, sorted, as `/`-separated relative paths. */
export function readTemplateFolder(dir: string): TemplateFile[] {
  if (!existsSync(dir)) return [];
  const files: TemplateFile[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current).sort()) {
      const full = join(current, entry);
      if (statSync(full).isDirectory()) walk(full);
      else files.push({ source: relative(dir, full).split(sep).join('/'), text: readFileSync(full, 'utf8') });
    }
  };
  walk(dir);
  return files;
}

/** Reads templates/_partials/<name>.tmpl. */
export function partialsFrom(root: string): (name: string) => string {
  return (name) => {
    const file = join(root, '_partials', `${name}.tmpl`);
    if (!existsSync(file)) throw new TemplateError(`unknown partial "${name}"`);
    return readFileSync(file, 'utf8');
  };
}
