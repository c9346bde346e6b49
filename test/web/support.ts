import { request } from 'node:http';
import { cpSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDefaultKb, type Kb } from '../../src/kb/load.js';
import { auditWorkspace } from '../../src/web/audit.js';
import { defaultDocsDir, loadRuleDocs } from '../../src/web/rule-docs.js';
import { startServer, type RunningServer } from '../../src/web/server.js';
import { FIXTURES } from '../support/paths.js';

export const SHOP = join(FIXTURES, 'report', 'shop');

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with the path sent exactly as given (fetch would normalize `..` away). */
export function raw(port: number, path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A writable copy of a fixture workspace, so tests can change it between audits. */
export function copyWorkspace(from = SHOP): string {
  const dir = mkdtempSync(join(tmpdir(), 'cargo-stack-web-'));
  cpSync(from, dir, { recursive: true });
  return dir;
}

/** A workspace whose member directory, description and dependency comment carry HTML. */
export function hostileWorkspace(dirName: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cargo-stack-hostile-'));
  writeFileSync(join(dir, 'Cargo.toml'), '[workspace]\nmembers = ["crates/*"]\nresolver = "3"\n');
  const member = join(dir, 'crates', dirName);
  mkdirSync(join(member, 'src'), { recursive: true });
  writeFileSync(join(member, 'Cargo.toml'), '[package]\nname = "evil"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nserde_yaml = "0.9"\natty = "0.2"\n');
  writeFileSync(join(member, 'src', 'main.rs'), 'fn main() { println!("</script><script>alert(1)</script>"); }\n');
  return dir;
}

export async function serve(path: string, options: { kb?: Kb; host?: string } = {}): Promise<RunningServer> {
  const kb = options.kb ?? loadDefaultKb();
  const audit = () => auditWorkspace(path, kb, { offline: true, refresh: false, sources: true, licenses: false });
  return startServer({ kb, docs: loadRuleDocs(defaultDocsDir()), audit, initial: await audit(), host: options.host ?? '127.0.0.1', port: 0 });
}
