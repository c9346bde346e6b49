import type { Preparer } from '../engine/prepare.js';

/** Registry and advisory data (issue #6) plug in here: sparse index and RustSec, cached. */
export const prepareRegistry: Preparer = async () => ({ services: {}, capabilities: [] });
