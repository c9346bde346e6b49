// Key indexing of a 10,000-line Cargo.toml against smol-toml parsing the same text (the baseline,
// measured in the same run). Run: npm run build && node dist/bench/toml-locate.bench.js
import { parse } from 'smol-toml';
import { locateKeys } from '../src/project/toml-locate.js';
import { bigManifest } from '../test/support/big-manifest.js';

function best(fn: () => void, runs = 7): number {
  fn();
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

const text = bigManifest();
const baseline = best(() => parse(text));
const ours = best(() => locateKeys(text).key(['bin', 100, 'name']));
console.log(`smol-toml parse: ${baseline.toFixed(1)} ms`);
console.log(`locateKeys:      ${ours.toFixed(1)} ms`);
console.log(`ratio locateKeys/parse: ${(ours / baseline).toFixed(2)}`);
