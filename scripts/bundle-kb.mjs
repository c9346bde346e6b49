// Writes the validated knowledge base to dist/src/kb/kb-bundle.json, so that commands need not
// parse and validate ~700 TOML files each time. The loader uses it only while its fingerprint
// matches the files in kb/ (see loadDefaultKb). Run by `npm run build`.
import { writeFileSync } from 'node:fs';
import { defaultKbDir, kbFingerprint, KB_BUNDLE_PATH, loadKb, serializeKb } from '../dist/src/kb/load.js';

const dir = defaultKbDir();
const kb = loadKb(dir);
writeFileSync(KB_BUNDLE_PATH, serializeKb(kb, kbFingerprint(dir)));
if (kb.problems.length > 0) console.warn(`kb: ${kb.problems.length} problem(s); \`node scripts/run-tests.mjs kb\` lists them`);
