/**
 * Cargo's `cfg(...)` target expressions: parsed, printed the way Cargo prints them (so that
 * `target` agrees with `cargo metadata`), and checked for being statically never true.
 */

export type CfgExpr =
  | { type: 'name'; name: string }
  | { type: 'key-value'; key: string; value: string }
  | { type: 'not'; expr: CfgExpr }
  | { type: 'all'; exprs: CfgExpr[] }
  | { type: 'any'; exprs: CfgExpr[] };

export type ParsedPlatform =
  | { type: 'triple'; triple: string }
  | { type: 'cfg'; expr: CfgExpr };

export class CfgParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CfgParseError';
  }
}

interface Token {
  kind: 'ident' | 'string' | '(' | ')' | ',' | '=';
  text: string;
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',' || ch === '=') {
      tokens.push({ kind: ch, text: ch });
      i++;
    } else if (ch === '"') {
      const end = input.indexOf('"', i + 1);
      if (end < 0) throw new CfgParseError(`unterminated string in \`${input}\``);
      tokens.push({ kind: 'string', text: input.slice(i + 1, end) });
      i = end + 1;
    } else if (/[A-Za-z_]/.test(ch)) {
      let j = i + 1;
      while (j < input.length && /[A-Za-z0-9_#]/.test(input[j]!)) j++;
      tokens.push({ kind: 'ident', text: input.slice(i, j) });
      i = j;
    } else {
      throw new CfgParseError(`unexpected character \`${ch}\` in \`${input}\``);
    }
  }
  return tokens;
}

function parseExpr(tokens: Token[], pos: { i: number }, source: string): CfgExpr {
  const tok = tokens[pos.i];
  if (!tok || tok.kind !== 'ident') throw new CfgParseError(`expected a cfg name in \`${source}\``);
  pos.i++;
  const name = tok.text.startsWith('r#') ? tok.text.slice(2) : tok.text;
  const next = tokens[pos.i];
  if ((name === 'all' || name === 'any' || name === 'not') && next?.kind === '(') {
    pos.i++;
    const exprs: CfgExpr[] = [];
    while (tokens[pos.i] && tokens[pos.i]!.kind !== ')') {
      exprs.push(parseExpr(tokens, pos, source));
      if (tokens[pos.i]?.kind === ',') pos.i++;
      else break;
    }
    if (tokens[pos.i]?.kind !== ')') throw new CfgParseError(`expected \`)\` in \`${source}\``);
    pos.i++;
    if (name === 'not') {
      if (exprs.length !== 1) throw new CfgParseError(`\`not\` takes exactly one argument in \`${source}\``);
      return { type: 'not', expr: exprs[0]! };
    }
    return name === 'all' ? { type: 'all', exprs } : { type: 'any', exprs };
  }
  if (next?.kind === '=') {
    pos.i++;
    const value = tokens[pos.i];
    if (!value || value.kind !== 'string') throw new CfgParseError(`expected a string after \`${name} =\` in \`${source}\``);
    pos.i++;
    return { type: 'key-value', key: name, value: value.text };
  }
  return { type: 'name', name };
}

/** Parses a `[target.<platform>]` key: a bare target triple or `cfg(...)`. */
export function parsePlatform(key: string): ParsedPlatform {
  const trimmed = key.trim();
  if (!trimmed.startsWith('cfg(')) {
    if (trimmed === '' || /[\s()"]/.test(trimmed)) throw new CfgParseError(`\`${key}\` is neither a target triple nor cfg(...)`);
    return { type: 'triple', triple: trimmed };
  }
  if (!trimmed.endsWith(')')) throw new CfgParseError(`\`${key}\` is missing its closing \`)\``);
  const inner = trimmed.slice(4, -1);
  const tokens = tokenize(inner);
  const pos = { i: 0 };
  const expr = parseExpr(tokens, pos, key);
  if (pos.i !== tokens.length) throw new CfgParseError(`unexpected \`${tokens[pos.i]!.text}\` in \`${key}\``);
  return { type: 'cfg', expr };
}

export function formatCfg(expr: CfgExpr): string {
  switch (expr.type) {
    case 'name':
      return expr.name;
    case 'key-value':
      return `${expr.key} = "${expr.value}"`;
    case 'not':
      return `not(${formatCfg(expr.expr)})`;
    case 'all':
      return `all(${expr.exprs.map(formatCfg).join(', ')})`;
    case 'any':
      return `any(${expr.exprs.map(formatCfg).join(', ')})`;
  }
}

/** The platform string as `cargo metadata` prints it; the raw key when it does not parse. */
export function formatPlatform(key: string): string {
  try {
    const platform = parsePlatform(key);
    return platform.type === 'triple' ? platform.triple : `cfg(${formatCfg(platform.expr)})`;
  } catch {
    return key;
  }
}

/** True for expressions no target can satisfy, such as `cfg(any())` (a common way to disable a table). */
export function isNeverTrue(expr: CfgExpr): boolean {
  switch (expr.type) {
    case 'any':
      return expr.exprs.every(isNeverTrue);
    case 'all':
      return expr.exprs.some(isNeverTrue);
    case 'not':
      return isAlwaysTrue(expr.expr);
    default:
      return false;
  }
}

function isAlwaysTrue(expr: CfgExpr): boolean {
  switch (expr.type) {
    case 'all':
      return expr.exprs.every(isAlwaysTrue);
    case 'any':
      return expr.exprs.some(isAlwaysTrue);
    case 'not':
      return isNeverTrue(expr.expr);
    default:
      return false;
  }
}
