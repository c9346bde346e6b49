import { defineSourceRule } from '../../source/define-source-rule.js';

export default defineSourceRule({
  meta: {
    id: 'suppression/missing-reason',
    description: 'inline `// cargo-stack: allow(…)` suppressions that do not say why',
    defaultSeverity: 'warning',
    messages: {
      missing: { message: 'the suppression of {rules} gives no reason', fix: 'Say why after the parentheses: `// cargo-stack: allow({rules}) <reason>`.' },
    },
    since: '0.1.0',
  },
  check({ scan, report }) {
    for (const s of scan.suppressions) {
      if (s.malformed || s.reason !== '') continue;
      report({ messageId: 'missing', data: { rules: s.rules.join(', ') }, location: { file: s.file.path, line: s.line, column: s.column }, member: s.file.member.name });
    }
  },
});
