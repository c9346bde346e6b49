import type { Preparer } from '../engine/prepare.js';

/** Source analysis (issue #5) plugs in here: walks and parses the workspace's Rust files. */
export const prepareSources: Preparer = async () => ({ services: {}, capabilities: [] });
