/**
 * Inline suppressions: `// cargo-stack: allow(rule-id, family) reason`. Trailing code on the same
 * line, the comment covers that line; on a line of its own, it covers the next syntax node (an
 * item, a statement, a field) with its attributes, and attributes right above the comment. Found
 * on the parsed tree (the file is parsed whenever its text contains `cargo-stack:`).
 */
import type { SgNode } from '@ast-grep/napi';
import { kindOf } from './scanner.js';

export const SUPPRESSION_TOKEN = 'cargo-stack:';

export interface RawSuppression {
  /** 1-based position of the comment. */
  line: number;
  column: number;
  /** Rule ids or families named in `allow(…)`; empty when malformed. */
  rules: string[];
  reason: string;
  /** The comment says `cargo-stack:` but not `allow(…)`. */
  malformed: boolean;
  /** Covered lines, inclusive, 1-based. */
  spanStart: number;
  spanEnd: number;
}

const DIRECTIVE = /^(?:\/\/|\/\*)\s*cargo-stack:\s*([\s\S]*?)\s*(?:\*\/)?\s*$/;
const ALLOW = /^allow\s*\(([^)]*)\)\s*([\s\S]*)$/;

/** Parses the comment text; null when it is not a directive at all (a doc comment, or prose that mentions cargo-stack later on). */
export function parseDirective(comment: string): { rules: string[]; reason: string; malformed: boolean } | null {
  if (/^(?:\/\/[/!]|\/\*[*!])/.test(comment) && !/^\/\/\/\//.test(comment)) return null;
  const m = DIRECTIVE.exec(comment);
  if (!m) return null;
  const body = m[1] ?? '';
  const allow = ALLOW.exec(body);
  if (!allow) return { rules: [], reason: '', malformed: true };
  const rules = (allow[1] ?? '').split(/[\s,]+/).filter(Boolean);
  const reason = (allow[2] ?? '').replace(/^[\s:\-–—]+/, '').trim();
  return { rules, reason, malformed: rules.length === 0 };
}

const COMMENT_KINDS = new Set(['line_comment', 'block_comment']);

export function findSuppressions(root: SgNode, text: string): RawSuppression[] {
  const out: RawSuppression[] = [];
  const comments = [
    ...root.findAll({ rule: { kind: 'line_comment', regex: 'cargo-stack:' } }),
    ...root.findAll({ rule: { kind: 'block_comment', regex: 'cargo-stack:' } }),
  ];
  for (const comment of comments) {
    const directive = parseDirective(comment.text());
    if (!directive) continue;
    const { start, end } = comment.range();
    const line = start.line + 1;
    const lineStart = text.lastIndexOf('\n', start.index - 1) + 1;
    const trailing = text.slice(lineStart, start.index).trim() !== '';
    let spanStart = line;
    let spanEnd = end.line + 1;
    if (trailing) spanEnd = line;
    else {
      let next = comment.next();
      while (next && (COMMENT_KINDS.has(kindOf(next)) || kindOf(next) === 'attribute_item' || !next.isNamed())) {
        if (!next.isNamed() && next.text() === '}') {
          next = null;
          break;
        }
        next = next.next();
      }
      spanEnd = next ? next.range().end.line + 1 : end.line + 2;
      let prev = comment.prev();
      while (prev && (COMMENT_KINDS.has(kindOf(prev)) || kindOf(prev) === 'attribute_item')) {
        if (kindOf(prev) === 'attribute_item') spanStart = prev.range().start.line + 1;
        prev = prev.prev();
      }
    }
    out.push({ line, column: start.column + 1, ...directive, spanStart, spanEnd });
  }
  return out.sort((a, b) => a.line - b.line);
}

/** Whether a suppression naming `named` (a rule id or a family) covers `ruleId`. */
export function names(named: string, ruleId: string): boolean {
  return named === ruleId || ruleId.startsWith(named + '/');
}
