import { defineRule } from '../../engine/define-rule.js';

/** Reported by the engine while it reads the configuration; nothing to check here. */
export default defineRule({
  meta: {
    id: 'config/invalid',
    description: 'cargo-stack configuration that cannot be used: unknown keys, rules or options, ignores without a reason',
    defaultSeverity: 'error',
    requires: [],
    messages: {
      invalid: { message: 'invalid cargo-stack configuration: {problem}', fix: 'Correct or remove this entry (see the rule documentation for the format).' },
    },
    since: '0.1.0',
  },
  check() {},
});
