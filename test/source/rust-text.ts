import fc from 'fast-check';

/**
 * Rust-like text for fuzzing scanners: concatenated fragments, arbitrary strings, and real
 * sources with a fragment spliced over a random span.
 */
export function rustLikeText(sources: readonly string[], fragments: readonly string[]): fc.Arbitrary<string> {
  const fragmentText = fc.array(fc.constantFrom(...fragments), { maxLength: 80 }).map((parts) => parts.join(''));
  const mangled = fc
    .tuple(fc.constantFrom(...sources), fc.nat(), fc.nat(), fc.constantFrom(...fragments))
    .map(([text, a, b, insert]) => {
      const from = a % (text.length + 1);
      const to = Math.min(text.length, from + (b % 40));
      return text.slice(0, from) + insert + text.slice(to);
    });
  return fc.oneof(fragmentText, fc.string({ maxLength: 200 }), mangled);
}
