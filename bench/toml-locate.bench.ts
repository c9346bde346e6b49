// Key indexing of a 10,000-line Cargo.toml against smol-toml parsing the same text (the baseline,
// measured in the same run). Run: npm run build && node dist/bench/toml-locate.bench.js
import { parse } from 'smol-toml';
import { locateKeys } from '../src/project/toml-locate.js';
import { bigManifest } from '../test/support/big-manifest.js';
import { bestOf } from './support.js';

const text = bigManifest();
const baseline = bestOf(7, () => parse(text));
const ours = bestOf(7, () => locateKeys(text).key(['bin', 100, 'name']));
console.log(`smol-toml parse: ${baseline.toFixed(1)} ms`);
console.log(`locateKeys:      ${ours.toFixed(1)} ms`);
console.log(`ratio locateKeys/parse: ${(ours / baseline).toFixed(2)}`);
