import { Option, type Command } from 'commander';
import { formatOption, type Io, type RunState } from '../main.js';
import { ALL_RULES } from '../../rules/index.js';
import { atLeast, SEVERITIES, type Severity } from '../../engine/finding.js';
import { renderText } from '../../report/text.js';
import { renderJson } from '../../report/json.js';
import { renderSarif } from '../../report/sarif.js';
import { renderMarkdown } from '../../report/markdown.js';
import { renderHtml } from '../../report/html.js';
import { colorsFor } from '../../util/color.js';
import { ExitCode, ToolError } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/fs.js';
import { ruleFamily } from '../../engine/define-rule.js';
import { auditPath } from '../../audit.js';
import type { PrepareOptions } from '../../engine/prepare.js';

export const AUDIT_FORMATS = ['text', 'json', 'sarif', 'markdown', 'html'] as const;

function list(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

export function registerAudit(program: Command, io: Io, state: RunState): void {
  program
    .command('audit')
    .summary('audit a workspace against the modern Rust stack')
    .description(
      'Audit a Rust workspace: map its dependencies onto the stack layers and report deprecated and\n' +
        'superseded crates, duplicate versions, mixed async runtimes, workspace hygiene, CI gaps and\n' +
        'migration hazards. Every finding has a location, a fix and a documentation link.',
    )
    .argument('[path]', 'a directory inside the workspace, or a Cargo.toml', '.')
    .addOption(formatOption(AUDIT_FORMATS, 'text'))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices([...SEVERITIES, 'never']).default('error'))
    .option('--only <rules>', 'run only these rules or families (comma-separated, repeatable)', list)
    .option('--skip <rules>', 'skip these rules or families (comma-separated, repeatable)', list)
    .option('--offline', 'use only cached or shipped registry and advisory data (says how old it is)')
    .option('--refresh', 'revalidate cached registry and advisory data now')
    .option('--no-sources', 'do not read Rust sources (manifest and lockfile rules only)')
    .option('--licenses', 'fetch license data from the crates.io API when not in the local Cargo cache (slow: 1 request/s)')
    .addHelpText(
      'after',
      `
Configuration: cargo-stack.toml next to the root Cargo.toml, or [workspace.metadata.cargo-stack]:
  [rules]
  "hygiene" = "off"                     # a whole family
  "deps/duplicate-versions" = "warning" # one rule
  [[ignore]]
  crate = "atty"
  reason = "removed with the CLI rewrite (#123)"

Examples:
  cargo-stack audit                                 audit the workspace around the current directory
  cargo-stack audit --format sarif -o stack.sarif   for GitHub code scanning
  cargo-stack audit --format markdown > comment.md  for a pull-request comment
  cargo-stack audit --fail-on warning --skip ci     a CI gate
  cargo-stack rules                                 list every rule with its documentation link`,
    )
    .action(async (path: string, options: { format: (typeof AUDIT_FORMATS)[number]; output?: string; failOn: Severity | 'never'; only?: string[]; skip?: string[]; offline?: boolean; refresh?: boolean; sources: boolean; licenses?: boolean }) => {
      const known = new Set(ALL_RULES.flatMap((r) => [r.meta.id, ruleFamily(r.meta.id)]));
      for (const id of [...(options.only ?? []), ...(options.skip ?? [])]) {
        if (!known.has(id)) throw new ToolError('unknown-rule', `unknown rule or family \`${id}\``, { hint: 'run `cargo-stack rules` to list them' });
      }
      const prepare: PrepareOptions = {
        offline: options.offline === true,
        refresh: options.refresh === true,
        sources: options.sources,
        licenses: options.licenses === true,
        ...(io.isTTY ? { progress: (message: string) => io.stderr(`\r\x1b[2K${message}`) } : {}),
      };
      const result = await auditPath(path, { prepare, only: options.only, skip: options.skip });
      if (prepare.progress) io.stderr('\r\x1b[2K');
      const toFile = options.output !== undefined;
      let report: string;
      switch (options.format) {
        case 'json':
          report = renderJson(result);
          break;
        case 'sarif':
          report = renderSarif(result, ALL_RULES);
          break;
        case 'markdown':
          report = renderMarkdown(result);
          break;
        case 'html':
          report = renderHtml(result);
          break;
        default:
          report = renderText(result, colorsFor(io.isTTY && !toFile));
      }
      if (toFile) {
        writeFileAtomic(options.output!, report);
        io.stderr(`wrote ${options.format} report to ${options.output} (${result.summary.error} errors, ${result.summary.warning} warnings, ${result.summary.note} notes)\n`);
      } else io.stdout(report);
      const failOn = options.failOn;
      state.exitCode = failOn !== 'never' && result.findings.some((f) => atLeast(f.severity, failOn)) ? ExitCode.findings : ExitCode.ok;
    });

  program
    .command('rules')
    .summary('list every audit rule')
    .description('List every audit rule with its default severity, what it needs, and its documentation link.')
    .addOption(formatOption(['text', 'json'], 'text'))
    .action((options: { format: 'text' | 'json' }) => {
      if (options.format === 'json') {
        io.stdout(JSON.stringify(ALL_RULES.map((r) => ({ id: r.meta.id, description: r.meta.description, defaultSeverity: r.meta.defaultSeverity, requires: r.meta.requires, fixable: r.meta.fixable ?? null })), null, 2) + '\n');
        return;
      }
      const c = colorsFor(io.isTTY);
      const width = Math.max(...ALL_RULES.map((r) => r.meta.id.length));
      for (const r of ALL_RULES) {
        io.stdout(`${c.bold(r.meta.id.padEnd(width))}  ${r.meta.defaultSeverity.padEnd(7)}  ${r.meta.description}\n`);
      }
    });
}
