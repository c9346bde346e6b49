import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RunResult } from '../engine/run.js';
import type { Rule } from '../engine/define-rule.js';
import type { Severity } from '../engine/finding.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', note: 'note' };

/**
 * Where a file is, for SARIF: relative to %SRCROOT% inside the workspace; an absolute `file://`
 * URI outside it (a `.cargo/config.toml` further up), which must not carry the base id.
 */
function artifact(root: string, file: string): { uri: string; uriBaseId?: string } {
  const rel = relative(root, file);
  if (rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(file).href };
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/** SARIF 2.1.0 for GitHub code scanning: rule metadata with help links, results with regions. */
export function renderSarif(result: RunResult, rules: readonly Rule[]): string {
  const used = rules.filter((r) => result.rules.some((run) => run.id === r.meta.id && !run.skipped) || result.findings.some((f) => f.ruleId === r.meta.id));
  const index = new Map(used.map((r, i) => [r.meta.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'cargo-stack',
            version: result.tool.version,
            semanticVersion: result.tool.version,
            informationUri: 'https://github.com/cargo-stack/cargo-stack',
            rules: used.map((r) => ({
              id: r.meta.id,
              name: r.meta.id.replace(/[/-](.)/g, (_, ch: string) => ch.toUpperCase()).replace(/^./, (ch) => ch.toUpperCase()),
              shortDescription: { text: r.meta.description },
              fullDescription: { text: r.meta.description },
              helpUri: result.rules.find((run) => run.id === r.meta.id)?.docs,
              help: { text: `${r.meta.description}. See ${result.rules.find((run) => run.id === r.meta.id)?.docs ?? ''}` },
              defaultConfiguration: { level: LEVEL[r.meta.defaultSeverity] },
              properties: { tags: [r.meta.id.split('/')[0]!] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `file://${result.workspace.root.split(sep).map(encodeURIComponent).join('/')}/` } },
        results: result.findings.map((f) => ({
          ruleId: f.ruleId,
          ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
          level: LEVEL[f.severity],
          message: { text: f.fix ? `${f.message}. Fix: ${f.fix}` : f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifact(result.workspace.root, f.location?.file ?? result.workspace.rootManifest),
                region: { startLine: f.location?.line ?? 1, startColumn: f.location?.column ?? 1 },
              },
            },
          ],
          ...(f.related && f.related.length > 0
            ? {
                relatedLocations: f.related.map((r, i) => ({
                  id: i,
                  message: { text: r.message },
                  physicalLocation: { artifactLocation: artifact(result.workspace.root, r.location.file), region: { startLine: r.location.line, startColumn: r.location.column } },
                })),
              }
            : {}),
          partialFingerprints: { 'cargoStack/v1': `${f.ruleId}|${f.crate ?? ''}|${f.member ?? ''}|${f.messageId}|${JSON.stringify(f.data)}` },
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
