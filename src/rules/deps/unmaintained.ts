import { defineRule } from '../../engine/define-rule.js';
import { advisoryData, NO_DATA_MESSAGE, reportAdvisories } from '../security/_shared.js';

export default defineRule({
  meta: {
    id: 'deps/unmaintained',
    description: 'locked crates that RustSec reports as unmaintained, direct or transitive, with the path from a member',
    defaultSeverity: 'warning',
    requires: ['lockfile', 'network', 'kb'],
    messages: {
      unmaintained: { message: '{crate} {version} is unmaintained: {id} {title}; reached by {path}', fix: '{fix}' },
      noData: NO_DATA_MESSAGE,
    },
    since: '0.1.0',
  },
  async check(ctx) {
    const data = await advisoryData(ctx);
    if (!data) return;
    await reportAdvisories(ctx, data, ['unmaintained']);
  },
});
