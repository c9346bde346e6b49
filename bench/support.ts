/** Best (minimum) wall time of `fn` over `runs` runs, after one warm-up run, in milliseconds. */
export function bestOf(runs: number, fn: () => void, warmUp = true): number {
  if (warmUp) fn();
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}
