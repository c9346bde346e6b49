import { defineRule } from '../../engine/define-rule.js';
import { advisoryData, NO_DATA_MESSAGE, reportAdvisories } from './_shared.js';

export default defineRule({
  meta: {
    id: 'security/notice',
    description: 'locked crates with an informational RustSec "notice" advisory (or an informational kind newer than this version)',
    defaultSeverity: 'note',
    requires: ['lockfile', 'network', 'kb'],
    messages: {
      notice: { message: '{crate} {version}: notice {id} {title}{detailsText}; reached by {path}', fix: '{fix}' },
      noData: NO_DATA_MESSAGE,
    },
    since: '0.1.0',
  },
  async check(ctx) {
    const data = await advisoryData(ctx);
    if (!data) return;
    await reportAdvisories(ctx, data, ['notice']);
  },
});
