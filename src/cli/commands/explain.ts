import type { Command } from 'commander';
import { formatOption, type Io, type RunState } from '../main.js';
import { findCrate, loadDefaultKb, suggest } from '../../kb/load.js';
import { explainJson, renderExplainText, textWidth } from '../../report/kb-text.js';
import { colorsFor } from '../../util/color.js';
import { ExitCode, ToolError } from '../../util/errors.js';

export function registerExplain(program: Command, io: Io, state: RunState): void {
  program
    .command('explain')
    .summary('show what the knowledge base knows about a crate')
    .description(
      "Show one crate's knowledge-base entry: layer, category, status and what it means, the newest\n" +
        'release the entry knows, when to pick it and when not, replacements (crates or std items),\n' +
        'migrations between versions, corrections to the survey, the RustSec advisory and every source\n' +
        'with the date it was reviewed. Names match the way crates.io matches them: `-` and `_` and\n' +
        'upper/lower case are the same; aliases work too.',
    )
    .argument('<crate>', 'a crate name or alias, e.g. tokio, lazy_static, async-std')
    .addOption(formatOption(['text', 'json'], 'text'))
    .addHelpText(
      'after',
      `
Examples:
  cargo-stack explain axum
  cargo-stack explain lazy-static                  same as lazy_static
  cargo-stack explain async-std --format json | jq '.replacements[].crate'

Exits 2 for a crate the knowledge base does not know, with the closest names it does know.`,
    )
    .action((name: string, options: { format: 'text' | 'json' }) => {
      const kb = loadDefaultKb();
      const entry = findCrate(kb, name);
      if (entry === undefined) {
        const close = suggest(kb, name);
        throw new ToolError('unknown-crate', `unknown crate "${name}"`, {
          hint:
            (close.length > 0 ? `did you mean ${close.join(', ')}?\n        ` : '') +
            `the knowledge base has ${kb.crates.size} crates (\`cargo-stack compare <layer>\` lists them);\n        docs/kb-guide.md says how to add one`,
        });
      }
      const data = explainJson(kb, entry);
      if (options.format === 'json') io.stdout(JSON.stringify(data, null, 2) + '\n');
      else io.stdout(renderExplainText(data, name, colorsFor(io.isTTY), textWidth(io.isTTY ? process.stdout.columns : undefined)));
      state.exitCode = ExitCode.ok;
    });
}
