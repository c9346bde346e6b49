import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** The package's root folder (holds package.json, kb/, docs/), from compiled dist/src/util/. */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
