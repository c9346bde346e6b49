import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** The repository root, from compiled dist/test/support/. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');
