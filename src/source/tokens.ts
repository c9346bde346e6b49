/**
 * The code tokens of a Rust file, as the lexer saw them (comments left out, literals whole), for
 * scanners that can answer without a parse tree (`Scanner.scanTokens`). A parse costs ~20x a lex;
 * a rule whose question is lexical (where does `unsafe {` stand, and is it inside an `extern`
 * block or a `#[test]` fn?) reads these instead, so it never makes a file parsed.
 */

export const enum Tok {
  /** An identifier or keyword (`r#type` included). */
  Ident = 1,
  /** `(`, `::`, `{`, … one punctuation character, or `::`. */
  Punct = 2,
  /** A string literal (any kind); its span is the content, without quotes or prefix. */
  Str = 3,
  /** A number, a char or byte literal, or a lifetime (the last two have an empty span at their end). */
  Lit = 4,
  /** `#[` or `#![` (spaces allowed inside): the opening of an attribute, which `]` closes. */
  Attr = 5,
}

/** A growable struct-of-arrays token list; `close[i]` is the index of the delimiter matching opener `i` (-1 when unmatched or not an opener). */
export class Tokens {
  kind = new Uint8Array(1024);
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  length = 0;
  private closeOf: Int32Array | undefined;

  constructor(readonly text: string) {}

  add(kind: Tok, start: number, end: number): void {
    if (this.length === this.kind.length) {
      const size = this.length * 2;
      const kinds = new Uint8Array(size);
      kinds.set(this.kind);
      this.kind = kinds;
      const starts = new Int32Array(size);
      starts.set(this.start);
      this.start = starts;
      const ends = new Int32Array(size);
      ends.set(this.end);
      this.end = ends;
    }
    this.kind[this.length] = kind;
    this.start[this.length] = start;
    this.end[this.length] = end;
    this.length++;
  }

  /** The punctuation character of token `i` (0 if it is not punctuation). */
  punct(i: number): number {
    return i >= 0 && i < this.length && this.kind[i] === Tok.Punct ? this.text.charCodeAt(this.start[i]!) : 0;
  }

  /** Whether token `i` is the identifier `word`. */
  isWord(i: number, word: string): boolean {
    if (i < 0 || i >= this.length || this.kind[i] !== Tok.Ident) return false;
    const start = this.start[i]!;
    return this.end[i]! - start === word.length && this.text.startsWith(word, start);
  }

  word(i: number): string {
    return this.kind[i] === Tok.Ident ? this.text.slice(this.start[i]!, this.end[i]!) : '';
  }

  /** Whether token `i` opens a group: `(`, `[`, `{` or an attribute. */
  opens(i: number): boolean {
    const c = this.punct(i);
    return c === 40 || c === 91 || c === 123 || (i >= 0 && i < this.length && this.kind[i] === Tok.Attr);
  }

  /** The index of the token that closes the group opened at `i` (-1 if unmatched). Mismatched closers end every group they cross, as rustc's recovery does. */
  close(i: number): number {
    this.closeOf ??= this.matchAll();
    return this.closeOf[i]!;
  }

  private matchAll(): Int32Array {
    const close = new Int32Array(this.length).fill(-1);
    const stack: number[] = [];
    for (let i = 0; i < this.length; i++) {
      if (this.kind[i] === Tok.Attr) {
        stack.push(i);
        continue;
      }
      const c = this.punct(i);
      if (c === 40 || c === 91 || c === 123) stack.push(i);
      else if (c === 41 || c === 93 || c === 125) {
        const want = c === 41 ? 40 : c === 93 ? 91 : 123;
        let at = stack.length - 1;
        while (at >= 0 && (this.kind[stack[at]!] === Tok.Attr ? 91 : this.punct(stack[at]!)) !== want) at--;
        if (at < 0) continue;
        close[stack[at]!] = i;
        stack.length = at;
      }
    }
    return close;
  }
}

/** 1-based line and column (UTF-16 units) of character offsets, by binary search over line starts. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}
