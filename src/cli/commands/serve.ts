import { Option, type Command } from 'commander';
import type { Io, RunState } from '../main.js';
import { loadDefaultKb } from '../../kb/load.js';
import { ExitCode, ToolError } from '../../util/errors.js';
import type { PrepareOptions } from '../../engine/prepare.js';
import { auditWorkspace } from '../../web/audit.js';
import { defaultDocsDir, loadRuleDocs } from '../../web/rule-docs.js';
import { isLoopback, startServer } from '../../web/server.js';

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new ToolError('bad-port', `--port must be a number from 0 to 65535, not \`${value}\``, { hint: 'use 0 (the default) to pick a free port' });
  return port;
}

/** An OSC 8 hyperlink where terminals support it; the plain URL otherwise. */
function clickable(url: string, tty: boolean): string {
  return tty ? `\x1b]8;;${url}\x1b\\${url}\x1b]8;;\x1b\\` : url;
}

export function registerServe(program: Command, io: Io, state: RunState): void {
  program
    .command('serve')
    .summary('the audit, knowledge base and rule docs in a local web app')
    .description(
      'Serve a local web app: the live audit of the workspace (with a re-run button), the knowledge\n' +
        'base explorer (search crates, view an entry, compare a layer) and the rule documentation.\n' +
        'Listens on 127.0.0.1 only, unless --host says otherwise; stop it with Ctrl+C.',
    )
    .argument('[path]', 'a directory inside the workspace, or a Cargo.toml', '.')
    .addOption(new Option('-p, --port <port>', 'port to listen on (0 picks a free one)').default('0'))
    .option('--host <host>', 'address to listen on; anything but loopback exposes the workspace to the network', '127.0.0.1')
    .option('--offline', 'use only cached or shipped registry and advisory data')
    .option('--no-sources', 'do not read Rust sources (manifest and lockfile rules only)')
    .addHelpText(
      'after',
      `
Examples:
  cargo-stack serve                     serve the workspace around the current directory
  cargo-stack serve ../api --port 8080  a given workspace on a given port`,
    )
    .action(async (path: string, options: { port: string; host: string; offline?: boolean; sources: boolean }) => {
      const port = parsePort(options.port);
      const kb = loadDefaultKb();
      const prepare: PrepareOptions = { offline: options.offline === true, refresh: false, sources: options.sources, licenses: false };
      const audit = () => auditWorkspace(path, kb, prepare);
      // The first audit runs before listening, so an unreadable workspace fails here with exit 2.
      const initial = await audit();
      let server;
      try {
        server = await startServer({ kb, docs: loadRuleDocs(defaultDocsDir()), audit, initial, host: options.host, port });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new ToolError('port-in-use', `port ${port} on ${options.host} is already in use`, { hint: 'pick another with --port, or --port 0 for a free one' });
        if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES') throw new ToolError('cannot-listen', `cannot listen on ${options.host}:${port} (${code})`);
        throw error;
      }
      // Listen for the stop signals before printing the URL: whoever reads it may signal at once.
      const stopped = new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      if (!isLoopback(options.host)) io.stderr(`warning: listening on ${options.host}: anyone who can reach this machine can read the audit and the workspace's manifests and sources\n`);
      io.stdout(`cargo-stack serving ${initial.workspace.root}\n  ${clickable(server.url, io.isTTY)}\n  press Ctrl+C to stop\n`);
      await stopped;
      await server.close();
      state.exitCode = ExitCode.ok;
    });
}
