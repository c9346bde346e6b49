import { defineSourceRule } from '../../source/define-source-rule.js';
import { names } from '../../source/suppression.js';

export default defineSourceRule({
  meta: {
    id: 'suppression/unused',
    description: 'inline `// cargo-stack: allow(…)` suppressions that suppress nothing: no such finding, unknown rule, or malformed',
    defaultSeverity: 'warning',
    messages: {
      unused: { message: 'this suppression of {rule} matches no finding', fix: 'Remove it, or put it on the line of the finding or on the line before the item that holds it.' },
      'unknown-rule': { message: '`{rule}` is not a cargo-stack rule or rule family', fix: 'Use an id listed by `cargo-stack rules` (e.g. async/blocking-in-async) or a family (async).' },
      malformed: { message: 'this cargo-stack comment is not a suppression', fix: 'Write `// cargo-stack: allow(rule-id) reason`.' },
    },
    since: '0.1.0',
  },
  check({ scan, report }) {
    const known = [...scan.knownRules];
    for (const s of scan.suppressions) {
      const location = { file: s.file.path, line: s.line, column: s.column };
      const member = s.file.member.name;
      if (s.malformed) {
        report({ messageId: 'malformed', location, member });
        continue;
      }
      for (const rule of s.rules) {
        if (!known.some((id) => names(rule, id))) report({ messageId: 'unknown-rule', data: { rule }, location, member });
        else if (!s.used.has(rule)) report({ messageId: 'unused', data: { rule }, location, member });
      }
    }
  },
});
