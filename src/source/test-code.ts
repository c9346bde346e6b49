/**
 * What makes code test code, for scanners: a test attribute on an item (`#[cfg(test)]` on
 * anything, `#[test]`-like on a function), read from the attribute's text (parse tree scanners)
 * or from the code tokens (`testRegions`, for prefilters that skip test code without a parse).
 */
import { Tok, type Tokens } from './tokens.js';

const TEST_FN = /^#\s*\[\s*(?:::)?(?:\w+\s*::\s*)*(?:test|rstest|test_case|quickcheck|proptest)\b/;
// `cfg(test)`, `cfg(all(test, …))`, and `cfg(any(test, feature = "test-utils"))` (test support code).
export const CFG_TEST = /\bcfg\s*\(\s*(?:(?:all|any)\s*\(\s*(?:[^()]*,\s*)?)?test\b/;

/** Whether an outer attribute (`#[…]` text) makes its item test code: `#[cfg(test)]` on anything, `#[test]`-like on a function. */
export function isTestAttribute(attribute: string, onFunction: boolean): boolean {
  return CFG_TEST.test(attribute) || (onFunction && TEST_FN.test(attribute));
}


/** What may stand before `fn` in a function's head: `pub(crate) const async unsafe extern "C" fn`. */
export const FN_MODIFIERS = new Set(['const', 'async', 'default', 'safe', 'unsafe']);

/** The index of the token after a visibility (`pub`, `pub(crate)`, `pub(in path)`) at `i`, else `i`. */
export function afterVisibility(t: Tokens, i: number): number {
  if (!t.isWord(i, 'pub')) return i;
  return t.punct(i + 1) === 40 && t.close(i + 1) > 0 ? t.close(i + 1) + 1 : i + 1;
}

/** Whether the item starting at token `i` is a function (`pub(crate) const unsafe extern "C" fn`). */
export function isFunction(t: Tokens, i: number): boolean {
  let k = afterVisibility(t, i);
  for (;;) {
    if (FN_MODIFIERS.has(t.word(k))) k++;
    else if (t.isWord(k, 'extern')) k += t.kind[k + 1] === Tok.Str ? 2 : 1;
    else return t.isWord(k, 'fn');
  }
}

export type TestableItem = 'fn' | 'mod' | 'impl';

/** The kind of the item starting at token `i`, when it is one a test attribute can make test code in parse-tree terms (`inTestCode`): a function, a module, an impl block. */
function testableItem(t: Tokens, i: number): TestableItem | undefined {
  if (isFunction(t, i)) return 'fn';
  const k = afterVisibility(t, i);
  if (t.isWord(k, 'mod')) return 'mod';
  return t.isWord(k, 'impl') || (t.isWord(k, 'unsafe') && t.isWord(k + 1, 'impl')) ? 'impl' : undefined;
}

/**
 * The character offset where the item (or statement) starting at token `i` ends: after its first
 * top-level `{…}` or its `;`, or where its enclosing group closes.
 */
export function itemEnd(t: Tokens, i: number): number {
  for (let k = i; k < t.length; k++) {
    const c = t.punct(k);
    if (c === 59) return t.end[k]!;
    if (c === 41 || c === 93 || c === 125) return t.start[k]!;
    if (t.opens(k)) {
      const close = t.close(k);
      if (close < 0) return t.text.length;
      if (c === 123) return t.end[close]!;
      k = close;
    }
  }
  return t.text.length;
}

/** Each outer attribute (`#[…]`, not `#![…]`): its text, and the first token of the item it is on (after any further attributes). */
export function* outerAttributes(t: Tokens): Generator<{ text: string; item: number }> {
  for (let i = 0; i < t.length; i++) {
    if (t.kind[i] !== Tok.Attr) continue;
    const close = t.close(i);
    if (close < 0) return;
    if (!t.text.slice(t.start[i], t.end[i]).includes('!')) {
      let item = close + 1;
      while (t.kind[item] === Tok.Attr && t.close(item) > item) item = t.close(item) + 1;
      yield { text: t.text.slice(t.start[i], t.end[close]), item };
    }
  }
}

/**
 * Character ranges `[start, end)` of test code: by default (`inTestCode`'s reading) functions,
 * modules and impl blocks under `#[cfg(test)]`, and functions under `#[test]`-like attributes.
 * A scanner with a narrower idea of test code passes its own `isTest`: the regions must never
 * be more than its parse-tree reading calls test code (a prefilter skips what lies in them).
 */
export function testRegions(t: Tokens, isTest: (attribute: string, item: TestableItem) => boolean = (attribute, item) => isTestAttribute(attribute, item === 'fn')): [number, number][] {
  const out: [number, number][] = [];
  for (const { text, item } of outerAttributes(t)) {
    if (item >= t.length || !text.includes('test')) continue;
    const kind = testableItem(t, item);
    if (kind && isTest(text, kind)) out.push([t.start[item]!, itemEnd(t, item)]);
  }
  return out;
}
