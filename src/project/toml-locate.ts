// Positions of keys and values in a TOML document. smol-toml gives values but no positions, and
// findings must point at the exact key in Cargo.toml, so this is a single-pass tokenizer that only
// tracks structure (headers, dotted keys, arrays, inline tables) and never builds values itself.

/** 1-based; `column` counts UTF-16 code units + 1 (a BOM does not count). */
export interface Position {
  line: number;
  column: number;
}

export type TomlPath = readonly (string | number)[];

export interface KeyIndex {
  /**
   * Position of the key that defines `path`: the last key segment of a `key = value` line, of a
   * `[table]` header or of a `[[array]]` header (entries use numeric segments: `['bin', 0, 'name']`).
   * A table only created implicitly (`[a.b]` creates `a`, `a.b = 1` too) answers its first
   * mention; an explicit `[a]` header wins over that. Array elements have no key, so an element
   * path (`['workspace', 'members', 1]`) answers the element's own position.
   */
  key(path: TomlPath): Position | undefined;
  /** Position of the first character of the value at `path`; undefined for header tables. */
  value(path: TomlPath): Position | undefined;
  /**
   * Range of the whole entry, `end` exclusive (one column past the last character). A key/value
   * entry runs from the start of its (possibly dotted) key through the end of its value; a header
   * table from its `[` through the last non-blank line before the next header. An implicit table or
   * a whole `[[array]]` runs from its first mention through the end of its last entry.
   */
  span(path: TomlPath): { start: Position; end: Position } | undefined;
}

// Node kinds. An implicit table and an array of tables grow as later entries extend them; a
// header table or a key/value entry (array elements included) has a fixed extent.
const KEY_VALUE = 0;
const HEADER = 1;
const IMPLICIT = 2;
const ARRAY_OF_TABLES = 3;

/** One path in the document: tables have children by name, arrays (of tables too) elements by index. */
interface Node {
  kind: number;
  /** Offsets into the text: of the defining key, of the value (-1 when none), of the span. */
  key: number;
  value: number;
  start: number;
  end: number;
  children: Map<string, Node> | undefined;
  elements: Node[] | undefined;
}

function newNode(kind: number, key: number, start: number, end: number): Node {
  return { kind, key, value: -1, start, end, children: undefined, elements: undefined };
}

function addChild(parent: Node, name: string, child: Node): Node {
  (parent.children ??= new Map()).set(name, child);
  return child;
}

function addElement(array: Node, element: Node): Node {
  (array.elements ??= []).push(element);
  return element;
}

function grow(node: Node, end: number): void {
  if ((node.kind === IMPLICIT || node.kind === ARRAY_OF_TABLES) && end > node.end) node.end = end;
}

/** A table mentioned on the way to a deeper key: an existing node is reused (and grown). */
function implicit(parent: Node, name: string, key: number, start: number, end: number): Node {
  const existing = parent.children?.get(name);
  if (existing === undefined) return addChild(parent, name, newNode(IMPLICIT, key, start, end));
  grow(existing, end);
  return existing;
}

/** The first definition wins, except that a definition replaces an implicit table; null for a duplicate. */
function explicit(parent: Node, name: string, kind: number, key: number, start: number): Node | null {
  const existing = parent.children?.get(name);
  if (existing === undefined) return addChild(parent, name, newNode(kind, key, start, start));
  if (existing.kind !== IMPLICIT) return null;
  existing.kind = kind;
  existing.key = key;
  existing.start = start;
  existing.end = start;
  return existing;
}

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34; // "
const HASH = 35; // #
const APOSTROPHE = 39; // '
const COMMA = 44;
const DOT = 46;
const EQUALS = 61;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** Deeper nesting is not valid for smol-toml either; giving up there keeps the stack safe. */
const MAX_DEPTH = 1000;

class Scanner {
  readonly root = newNode(IMPLICIT, 0, 0, 0);
  private pos: number;
  private depth = 0;
  /** The segments of the key read last (reused: keys are consumed before the next one is read). */
  private readonly keyNames: string[] = [];
  private readonly keyOffsets: number[] = [];
  /** The table that key/value lines currently belong to. */
  private table: Node = this.root;
  /** The current header's node (null at the root or after a duplicate header) and the nodes above it. */
  private section: Node | null = null;
  private sectionAncestors: Node[] = [];
  /** End of the last significant character (token or comment) in the current section. */
  private lastContent = 0;

  constructor(private readonly text: string, start: number) {
    this.pos = start;
  }

  scan(): void {
    const text = this.text;
    const length = text.length;
    while (this.pos < length) {
      const c = text.charCodeAt(this.pos);
      if (c === SPACE || c === TAB || c === LF || c === CR) {
        this.pos++;
      } else if (c === HASH) {
        this.skipComment();
      } else if (c === OPEN_BRACKET) {
        this.header();
        this.finishLine();
      } else {
        const before = this.pos;
        this.keyValue(this.table, true);
        if (this.pos === before) this.pos++;
        this.finishLine();
      }
    }
    this.closeSection();
  }

  private header(): void {
    const text = this.text;
    const start = this.pos;
    this.pos++;
    const arrayOfTables = text.charCodeAt(this.pos) === OPEN_BRACKET;
    if (arrayOfTables) this.pos++;
    const count = this.dottedKey();
    if (count === 0) return;
    this.skipSpaces();
    if (text.charCodeAt(this.pos) === CLOSE_BRACKET) this.pos++;
    if (arrayOfTables && text.charCodeAt(this.pos) === CLOSE_BRACKET) this.pos++;
    const end = this.pos;

    this.closeSection();
    const { keyNames, keyOffsets } = this;
    const ancestors: Node[] = [];
    let table = this.root;
    for (let i = 0; i < count - 1; i++) {
      table = implicit(table, keyNames[i]!, keyOffsets[i]!, start, end);
      ancestors.push(table);
      // A header below an array of tables extends its latest entry.
      const latest = table.kind === ARRAY_OF_TABLES ? table.elements?.[table.elements.length - 1] : undefined;
      if (latest !== undefined) {
        table = latest;
        ancestors.push(table);
      }
    }
    const name = keyNames[count - 1]!;
    const key = keyOffsets[count - 1]!;
    let section: Node | null;
    if (arrayOfTables) {
      const array = table.children?.get(name) ?? addChild(table, name, newNode(ARRAY_OF_TABLES, key, start, end));
      if (array.kind === IMPLICIT) array.kind = ARRAY_OF_TABLES;
      ancestors.push(array);
      section = addElement(array, newNode(HEADER, key, start, end));
      this.table = section;
    } else {
      section = explicit(table, name, HEADER, key, start);
      if (section !== null) section.end = end;
      // A duplicate header still collects its keys, where they do not clash.
      this.table = section ?? table.children!.get(name)!;
    }
    this.section = section;
    this.sectionAncestors = ancestors;
    this.lastContent = end;
  }

  private closeSection(): void {
    const end = this.lastContent;
    if (this.section !== null && end > this.section.end) this.section.end = end;
    for (const ancestor of this.sectionAncestors) grow(ancestor, end);
  }

  /**
   * Parses `key = value` into the table `parent`: records the entry and everything inside its
   * value. Returns without consuming the rest of the line.
   */
  private keyValue(parent: Node, topLevel: boolean): void {
    const text = this.text;
    const start = this.pos;
    const count = this.dottedKey();
    if (count === 0) return;
    this.skipSpaces();
    if (text.charCodeAt(this.pos) !== EQUALS) return;
    this.pos++;
    this.skipSpaces();

    const { keyNames, keyOffsets } = this;
    let table = parent;
    const intermediates: Node[] | undefined = count > 1 ? [] : undefined;
    for (let i = 0; i < count - 1; i++) {
      table = implicit(table, keyNames[i]!, keyOffsets[i]!, start, start);
      intermediates!.push(table);
    }
    const key = keyOffsets[count - 1]!;
    // A duplicate key still has its value scanned, into a node nobody can reach.
    const node = explicit(table, keyNames[count - 1]!, KEY_VALUE, key, start) ?? newNode(KEY_VALUE, key, start, start);
    const valueStart = this.pos;
    const valueEnd = this.value(node);
    if (valueEnd > valueStart) {
      node.value = valueStart;
      node.end = valueEnd;
    }
    if (intermediates !== undefined) for (const intermediate of intermediates) grow(intermediate, node.end);
    if (topLevel) this.lastContent = node.end;
  }

  /** Skips the value at the cursor, recording what is inside it under `node`; returns its end. */
  private value(node: Node): number {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === QUOTE) {
      if (text.charCodeAt(this.pos + 1) === QUOTE && text.charCodeAt(this.pos + 2) === QUOTE) this.multiLineString(QUOTE);
      else this.skipBasicString();
    } else if (c === APOSTROPHE) {
      if (text.charCodeAt(this.pos + 1) === APOSTROPHE && text.charCodeAt(this.pos + 2) === APOSTROPHE) this.multiLineString(APOSTROPHE);
      else this.literalString();
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (this.depth >= MAX_DEPTH) {
        // The enclosing entries still get recorded, each running to the end of the text.
        this.pos = text.length;
        return this.pos;
      }
      this.depth++;
      if (c === OPEN_BRACKET) this.array(node);
      else this.inlineTable(node);
      this.depth--;
    } else {
      return this.scalar();
    }
    return this.pos;
  }

  private array(array: Node): void {
    const text = this.text;
    const length = text.length;
    this.pos++;
    while (this.pos < length) {
      this.skipBlank();
      const c = text.charCodeAt(this.pos);
      if (c === CLOSE_BRACKET) {
        this.pos++;
        return;
      }
      if (c === COMMA || c === CLOSE_BRACE) {
        // A stray `}` is skipped too, so that every element below consumes at least one character.
        this.pos++;
        continue;
      }
      const start = this.pos;
      const element = addElement(array, newNode(KEY_VALUE, start, start, start));
      element.value = start;
      element.end = this.value(element);
    }
  }

  private inlineTable(table: Node): void {
    const text = this.text;
    const length = text.length;
    this.pos++;
    while (this.pos < length) {
      this.skipBlank();
      const c = text.charCodeAt(this.pos);
      if (c === CLOSE_BRACE) {
        this.pos++;
        return;
      }
      if (c === COMMA) {
        this.pos++;
        continue;
      }
      const before = this.pos;
      this.keyValue(table, false);
      if (this.pos === before) this.pos++;
    }
  }

  /** Numbers, booleans, dates: runs to a delimiter (dates may contain a space); trailing blanks excluded. */
  private scalar(): number {
    const text = this.text;
    let end = this.skip(SCALAR, this.pos);
    while (end > this.pos && isBlank(text.charCodeAt(end - 1))) end--;
    this.pos = end;
    return end;
  }

  /** Where the sticky pattern `re`, matched at `from`, ends. */
  private skip(re: RegExp, from: number): number {
    re.lastIndex = from;
    return re.test(this.text) ? re.lastIndex : from;
  }

  /**
   * Reads key segments separated by dots (whitespace allowed around them) into keyNames and
   * keyOffsets; returns how many, 0 when there is no key.
   */
  private dottedKey(): number {
    const { text, keyNames, keyOffsets } = this;
    let count = 0;
    for (;;) {
      this.skipSpaces();
      const offset = this.pos;
      const c = text.charCodeAt(offset);
      let name: string;
      if (c === QUOTE) {
        name = this.basicString();
      } else if (c === APOSTROPHE) {
        name = this.literalString();
      } else {
        this.pos = this.skip(BARE_KEY, offset);
        if (this.pos === offset) return count;
        name = text.slice(offset, this.pos);
      }
      keyNames[count] = name;
      keyOffsets[count] = offset;
      count++;
      this.skipSpaces();
      if (text.charCodeAt(this.pos) !== DOT) return count;
      this.pos++;
    }
  }

  /** A single-line "…" value; an unterminated one stops at the end of the line. */
  private skipBasicString(): void {
    const end = this.skip(BASIC_STRING_BODY, this.pos + 1);
    this.pos = this.text.charCodeAt(end) === QUOTE ? end + 1 : end;
  }

  /** A single-line "…" key, decoded; an unterminated one stops at the end of the line. */
  private basicString(): string {
    const text = this.text;
    const length = text.length;
    let i = this.pos + 1;
    let decoded = '';
    let chunkStart = i;
    while (i < length) {
      const c = text.charCodeAt(i);
      if (c === QUOTE || c === LF) break;
      if (c === BACKSLASH) {
        const escape = decodeEscape(text, i);
        decoded += text.slice(chunkStart, i) + escape.decoded;
        i = Math.min(escape.end, length);
        if (text.charCodeAt(i - 1) === LF) i--;
        chunkStart = i;
        continue;
      }
      i++;
    }
    decoded += text.slice(chunkStart, i);
    this.pos = text.charCodeAt(i) === QUOTE ? i + 1 : i;
    return decoded;
  }

  private literalString(): string {
    const text = this.text;
    const start = this.pos + 1;
    const end = this.skip(LITERAL_STRING_BODY, start);
    this.pos = text.charCodeAt(end) === APOSTROPHE ? end + 1 : end;
    return text.slice(start, end);
  }

  /** `"""…"""` or `'''…'''`; the closing run may hold up to two extra quotes that belong to the content. */
  private multiLineString(quote: number): void {
    const text = this.text;
    let i = this.skip(quote === QUOTE ? MULTI_LINE_BASIC_BODY : MULTI_LINE_LITERAL_BODY, this.pos + 3);
    // The body stops only before three quotes or at the end of the text.
    i = Math.min(i + 3, text.length);
    for (let extra = 0; extra < 2 && text.charCodeAt(i) === quote; extra++) i++;
    this.pos = i;
  }

  private skipSpaces(): void {
    const text = this.text;
    let c = text.charCodeAt(this.pos);
    while (c === SPACE || c === TAB) c = text.charCodeAt(++this.pos);
  }

  /** Whitespace, newlines and comments, as allowed inside arrays and (TOML 1.1) inline tables. */
  private skipBlank(): void {
    const text = this.text;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === SPACE || c === TAB || c === LF || c === CR) this.pos++;
      else if (c === HASH) this.skipComment();
      else return;
    }
  }

  private skipComment(): void {
    const text = this.text;
    let newline = text.indexOf('\n', this.pos);
    if (newline === -1) newline = text.length;
    let end = newline;
    while (end > this.pos && isBlank(text.charCodeAt(end - 1))) end--;
    if (this.depth === 0) this.lastContent = end;
    this.pos = newline;
  }

  /** After a header or key/value line: an optional comment, then anything else up to the newline. */
  private finishLine(): void {
    this.skipSpaces();
    if (this.text.charCodeAt(this.pos) === HASH) {
      this.skipComment();
      return;
    }
    const newline = this.text.indexOf('\n', this.pos);
    this.pos = newline === -1 ? this.text.length : newline;
  }
}

// Sticky patterns for the long runs, so they are scanned natively even before the JIT warms up.
// Each is a character class or an unrolled loop (`a*(?:b a*)*` with disjoint a and b), so matching
// is linear: it never backtracks more than one step. Bare keys are lenient on purpose (anything
// that cannot start or end another token), so that malformed keys still get indexed.
const BARE_KEY = /[^ \t\r\n=.[\]#"',{}]+/y;
const SCALAR = /[^,\]}#\r\n]*/y;
const BASIC_STRING_BODY = /[^"\\\n]*(?:\\[^\n][^"\\\n]*)*/y;
const LITERAL_STRING_BODY = /[^'\n]*/y;
const MULTI_LINE_BASIC_BODY = /[^"\\]*(?:(?:\\[^]|"(?!""))[^"\\]*)*/y;
const MULTI_LINE_LITERAL_BODY = /[^']*(?:'(?!'')[^']*)*/y;

const SIMPLE_ESCAPES: Record<string, string> = {
  b: '\b',
  t: '\t',
  n: '\n',
  f: '\f',
  r: '\r',
  e: '\u001b',
  '"': '"',
  '\\': '\\',
};

/** Decodes the escape whose backslash is at `at`; an invalid one stays as written. */
function decodeEscape(text: string, at: number): { decoded: string; end: number } {
  const kind = text[at + 1];
  const hexDigits = kind === 'x' ? 2 : kind === 'u' ? 4 : kind === 'U' ? 8 : 0;
  if (hexDigits > 0) {
    const hex = text.slice(at + 2, at + 2 + hexDigits);
    const code = hex.length === hexDigits && isHex(hex) ? parseInt(hex, 16) : NaN;
    if (code <= 0x10ffff) return { decoded: String.fromCodePoint(code), end: at + 2 + hexDigits };
    return { decoded: text.slice(at, at + 2), end: at + 2 };
  }
  const simple = kind === undefined ? undefined : SIMPLE_ESCAPES[kind];
  return { decoded: simple ?? text.slice(at, at + 2), end: at + 2 };
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === CR;
}

function isHex(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** Offsets of line starts; line 1 starts after a BOM so that columns ignore it. */
function lineStarts(text: string, first: number): number[] {
  const starts = [first];
  let newline = text.indexOf('\n');
  while (newline !== -1) {
    starts.push(newline + 1);
    newline = text.indexOf('\n', newline + 1);
  }
  return starts;
}

function toPosition(starts: readonly number[], offset: number): Position {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}

export function locateKeys(text: string): KeyIndex {
  const first = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const scanner = new Scanner(text, first);
  try {
    scanner.scan();
  } catch {
    // Not expected on any input; a bug here must not take a whole audit down, so keep what was indexed.
  }
  const { root } = scanner;
  let starts: number[] | undefined;
  const at = (offset: number): Position => toPosition((starts ??= lineStarts(text, first)), offset);
  const find = (path: TomlPath): Node | undefined => {
    let node: Node | undefined = root;
    for (const segment of path) {
      node = typeof segment === 'number' ? node.elements?.[segment] : node.children?.get(segment);
      if (node === undefined) return undefined;
    }
    return node === root ? undefined : node;
  };
  return {
    key(path) {
      const node = find(path);
      return node === undefined ? undefined : at(node.key);
    },
    value(path) {
      const node = find(path);
      return node === undefined || node.value < 0 ? undefined : at(node.value);
    },
    span(path) {
      const node = find(path);
      return node === undefined ? undefined : { start: at(node.start), end: at(node.end) };
    },
  };
}
