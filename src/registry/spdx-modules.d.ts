// spdx-satisfies ships no types; this is the one function it exports.
declare module 'spdx-satisfies' {
  /** Whether `expression` is satisfied by the approved licenses (simple ids, `id+`, `id WITH exception`). */
  export default function satisfies(expression: string, approved: string[]): boolean;
}
