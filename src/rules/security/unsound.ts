import { defineRule } from '../../engine/define-rule.js';
import { advisoryData, NO_DATA_MESSAGE, reportAdvisories } from './_shared.js';

export default defineRule({
  meta: {
    id: 'security/unsound',
    description: 'locked crates with a RustSec "unsound" advisory: safe APIs that can cause undefined behaviour',
    defaultSeverity: 'warning',
    requires: ['lockfile', 'network', 'kb'],
    messages: {
      unsound: { message: '{crate} {version} is unsound: {id} {title}{detailsText}; reached by {path}', fix: '{fix}' },
      noData: NO_DATA_MESSAGE,
    },
    since: '0.1.0',
  },
  async check(ctx) {
    const data = await advisoryData(ctx);
    if (!data) return;
    await reportAdvisories(ctx, data, ['unsound']);
  },
});
