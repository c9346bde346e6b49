import { defineRule } from '../../engine/define-rule.js';

/** Reported by the engine: missing data is a finding, never a silent pass. */
export default defineRule({
  meta: {
    id: 'engine/data-missing',
    description: 'rules that could not run because data they need is missing (no Cargo.lock, offline)',
    defaultSeverity: 'note',
    requires: [],
    messages: {
      lockfile: { message: 'no Cargo.lock: {count} rule(s) that need resolved versions did not run ({rules})', fix: 'Run `cargo generate-lockfile` (or commit Cargo.lock) and audit again.' },
      network: { message: 'offline: {count} rule(s) that need registry or advisory data did not run ({rules})', fix: 'Run without --offline, or refresh the cache when online.' },
      sources: { message: '{count} rule(s) that read Rust sources did not run ({rules})', fix: 'Run without --no-sources.' },
      kb: { message: 'knowledge base unavailable: {count} rule(s) did not run ({rules})', fix: 'Reinstall cargo-stack; its kb/ folder is missing or invalid.' },
    },
    since: '0.1.0',
  },
  check() {},
});
