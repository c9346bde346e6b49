import { defineRule } from '../../engine/define-rule.js';

/** Reported by the engine when a rule throws; the audit still completes. */
export default defineRule({
  meta: {
    id: 'engine/rule-failed',
    description: 'a rule crashed on this workspace; its findings are missing from the report',
    defaultSeverity: 'error',
    requires: [],
    messages: {
      failed: { message: 'rule {rule} failed: {error}', fix: 'Report this bug with the workspace shape that triggers it; use --skip {rule} meanwhile.' },
    },
    since: '0.1.0',
  },
  check() {},
});
