/**
 * A small POSIX-shell splitter for CI scripts: enough to find the commands a script runs and
 * where each starts, never a full shell. It knows quotes, `\` line continuations, comments,
 * `&& || ; | &` and newlines, subshell parentheses, redirections, here-documents and GitHub's
 * `${{ … }}` expressions (kept whole, as one opaque piece of a word).
 */

export interface ShellCommand {
  /** `NAME=value` words before the program (after control keywords). */
  assignments: { name: string; value: string }[];
  /** The program and its arguments, quotes removed. */
  argv: string[];
  /** Offset in the script of the command's first word. */
  offset: number;
  /** Targets of output redirections (`>`, `>>`), to spot writes to `$GITHUB_ENV`. */
  redirects: string[];
}

interface Word {
  text: string;
  offset: number;
}

/** Words that start a compound command's part; the real command follows them. */
const LEADING_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'time']);
/** Commands that are only syntax (their words are not a program and its arguments). */
const SYNTAX_ONLY = new Set(['fi', 'done', 'esac', '}', 'for', 'case', 'select', 'function', 'in', ';;']);

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/s;

export function isAssignment(word: string): boolean {
  return ASSIGNMENT.test(word);
}

/** Splits a script into simple commands. Never throws; odd input gives odd but harmless words. */
export function splitShell(script: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  const n = script.length;
  let words: Word[] = [];
  let redirects: string[] = [];
  let text = '';
  let start = -1;
  let redirectPending = false;
  let heredocPending = false;
  const heredocs: string[] = [];

  const mark = (at: number): void => {
    if (start < 0) start = at;
  };
  const endWord = (): void => {
    if (start < 0) return;
    if (redirectPending) {
      redirects.push(text);
      if (heredocPending) heredocs.push(text);
      redirectPending = false;
      heredocPending = false;
    } else {
      words.push({ text, offset: start });
    }
    text = '';
    start = -1;
  };
  const endCommand = (): void => {
    endWord();
    const command = buildCommand(words, redirects);
    if (command) commands.push(command);
    words = [];
    redirects = [];
    redirectPending = false;
    heredocPending = false;
  };
  /** Index just past the `}}` closing a `${{` at `at`. */
  const skipExpression = (at: number): number => {
    const close = script.indexOf('}}', at + 3);
    return close < 0 ? n : close + 2;
  };
  /** Index just past the bracket matching the one at `at` (for `$(…)` and `${…}`). */
  const skipBalanced = (at: number, open: string, close: string): number => {
    let depth = 0;
    for (let j = at; j < n; j++) {
      const c = script[j];
      if (c === '\\') j++;
      else if (c === "'") {
        const q = script.indexOf("'", j + 1);
        j = q < 0 ? n : q;
      } else if (c === open) depth++;
      else if (c === close && --depth === 0) return j + 1;
    }
    return n;
  };

  let i = 0;
  while (i < n) {
    const c = script[i]!;
    if (c === '\\' && (script[i + 1] === '\n' || (script[i + 1] === '\r' && script[i + 2] === '\n'))) {
      i += script[i + 1] === '\n' ? 2 : 3;
      continue;
    }
    if (c === '\n') {
      endCommand();
      i++;
      while (heredocs.length > 0) i = skipHeredoc(script, i, heredocs.shift()!);
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i++;
      continue;
    }
    if (c === '#' && start < 0) {
      const eol = script.indexOf('\n', i);
      i = eol < 0 ? n : eol;
      continue;
    }
    if (c === '$' && script.startsWith('${{', i)) {
      mark(i);
      const end = skipExpression(i);
      text += script.slice(i, end);
      i = end;
      continue;
    }
    if (c === "'") {
      mark(i);
      const close = script.indexOf("'", i + 1);
      const end = close < 0 ? n : close;
      text += script.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      mark(i);
      i++;
      while (i < n && script[i] !== '"') {
        if (script[i] === '\\' && i + 1 < n) {
          const next = script[i + 1]!;
          if (next === '\n') {
            i += 2;
            continue;
          }
          text += '"\\$`'.includes(next) ? next : '\\' + next;
          i += 2;
        } else if (script.startsWith('${{', i)) {
          const end = skipExpression(i);
          text += script.slice(i, end);
          i = end;
        } else {
          text += script[i];
          i++;
        }
      }
      i++;
      continue;
    }
    if (c === '\\') {
      mark(i);
      text += script[i + 1] ?? '';
      i += 2;
      continue;
    }
    if (c === '$' && (script[i + 1] === '(' || script[i + 1] === '{')) {
      mark(i);
      const end = skipBalanced(i + 1, script[i + 1]!, script[i + 1] === '(' ? ')' : '}');
      text += script.slice(i, end);
      i = end;
      continue;
    }
    if (c === '`') {
      mark(i);
      const close = script.indexOf('`', i + 1);
      const end = close < 0 ? n : close + 1;
      text += script.slice(i, end);
      i = end;
      continue;
    }
    if (c === '>' || c === '<' || (c === '&' && script[i + 1] === '>')) {
      // A file descriptor number written right before the operator (`2>`) belongs to it.
      if (start >= 0 && /^\d+$/.test(text) && (script[i - 1] ?? '') >= '0' && (script[i - 1] ?? '') <= '9') {
        text = '';
        start = -1;
      } else endWord();
      const op = /^(<<<|<<-|<<|>>|>&|<&|>\||<>|&>>|&>|>|<)/.exec(script.slice(i, i + 3))![0];
      i += op.length;
      if (op === '>&' || op === '<&') {
        const fd = /^\s*[\d-]+/.exec(script.slice(i, i + 12));
        if (fd) {
          i += fd[0].length;
          continue;
        }
      }
      redirectPending = true;
      heredocPending = op === '<<' || op === '<<-';
      continue;
    }
    if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      endCommand();
      i++;
      continue;
    }
    mark(i);
    text += c;
    i++;
  }
  endCommand();
  return commands;
}

function skipHeredoc(script: string, from: number, delimiter: string): number {
  let i = from;
  while (i < script.length) {
    const eol = script.indexOf('\n', i);
    const line = script.slice(i, eol < 0 ? script.length : eol);
    i = eol < 0 ? script.length : eol + 1;
    if (line.trim() === delimiter) break;
  }
  return i;
}

function buildCommand(words: Word[], redirects: string[]): ShellCommand | undefined {
  let k = 0;
  while (k < words.length && LEADING_KEYWORDS.has(words[k]!.text)) k++;
  if (k < words.length && SYNTAX_ONLY.has(words[k]!.text)) return undefined;
  const assignments: ShellCommand['assignments'] = [];
  let first: Word | undefined;
  for (; k < words.length; k++) {
    const m = ASSIGNMENT.exec(words[k]!.text);
    if (!m) break;
    first ??= words[k];
    assignments.push({ name: m[1]!, value: words[k]!.text.slice(m[0].length) });
  }
  const rest = words.slice(k);
  first ??= rest[0];
  if (!first) return undefined;
  return { assignments, argv: rest.map((w) => w.text), offset: first.offset, redirects };
}

/** Splits a plain option string (an action input, RUSTFLAGS) into words, like the shell would. */
export function splitWords(value: string): string[] {
  return splitShell(value.replace(/\n/g, ' ')).flatMap((c) => [...c.assignments.map((a) => `${a.name}=${a.value}`), ...c.argv]);
}
