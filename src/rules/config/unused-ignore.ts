import { defineRule } from '../../engine/define-rule.js';

/** Reported by the engine after all rules ran; nothing to check here. */
export default defineRule({
  meta: {
    id: 'config/unused-ignore',
    description: 'an [[ignore]] entry that silenced no finding, so the configuration does not rot',
    defaultSeverity: 'warning',
    requires: [],
    messages: {
      unused: { message: 'this ignore entry ({what}) matched no finding', fix: 'Delete the entry: whatever it silenced is gone.' },
    },
    since: '0.1.0',
  },
  check() {},
});
