import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { isScalar, isSeq } from 'yaml';
import { emptyPart, readSmallText, type ReadPart } from './github.js';
import { commandsOfScript } from './script.js';
import { deref, get, getPair, items, keyOf, locateInScalar, nodeLocation, pairsOf, parseYaml, str, stringMap, type YamlFile } from './yaml.js';

/** Top-level keys of .gitlab-ci.yml that are not jobs. */
const RESERVED = new Set(['image', 'services', 'stages', 'types', 'before_script', 'after_script', 'variables', 'cache', 'include', 'default', 'workflow', 'spec']);

interface Located {
  file: YamlFile;
  node: unknown;
}

/** Reads `.gitlab-ci.yml` with its local `include:` files, `extends:`, anchors and `!reference`. */
export function readGitlab(repoRoot: string): ReadPart {
  const out = emptyPart();
  const mainPath = join(repoRoot, '.gitlab-ci.yml');
  if (!existsSync(mainPath)) return out;
  const files: YamlFile[] = [];
  loadWithIncludes(mainPath, repoRoot, files, new Set(), out);
  const main = files.find((f) => f.path === mainPath);
  if (!main) return out;

  // Included files come first so that the main file's definitions win, as GitLab merges them.
  const ordered = [...files.filter((f) => f !== main), main];
  const jobs = new Map<string, Located>();
  const variables: Record<string, string> = {};
  let defaults: Located | undefined;
  const globalScripts: Record<string, Located> = {};
  for (const file of ordered) {
    for (const pair of pairsOf(file, file.doc.contents)) {
      const key = keyOf(file, pair);
      if (key === undefined) continue;
      if (key === 'variables') Object.assign(variables, stringMap(file, pair.value));
      else if (key === 'default') defaults = { file, node: pair.value };
      else if (key === 'before_script' || key === 'after_script') globalScripts[key] = { file, node: pair.value };
      else if (!RESERVED.has(key)) jobs.set(key, { file, node: pair.value });
    }
  }

  const firstJob = pairsOf(main, main.doc.contents).find((p) => !RESERVED.has(keyOf(main, p) ?? 'default') && !(keyOf(main, p) ?? '.').startsWith('.'));
  out.files.push({ path: mainPath, kind: 'gitlab', anchor: nodeLocation(main, firstJob?.key ?? main.doc.contents), calls: [] });

  const chainOf = (name: string, depth: number): Located[] => {
    const job = jobs.get(name);
    if (!job || depth > 10) return [];
    const extended = get(job.file, job.node, 'extends');
    const bases = isSeq(extended) ? items(job.file, extended).map((n) => str(job.file, n)) : [str(job.file, extended)];
    return [...bases.flatMap((b) => (b === undefined ? [] : chainOf(b, depth + 1))), job];
  };
  const lookup = (chain: Located[], key: string): Located | undefined => {
    for (let k = chain.length - 1; k >= 0; k--) {
      const pair = getPair(chain[k]!.file, chain[k]!.node, key);
      if (pair) return { file: chain[k]!.file, node: pair.value };
    }
    return undefined;
  };

  /** Script lines with the scalar each comes from; nested lists and `!reference` are flattened. */
  const flatten = (at: Located, depth: number): { file: YamlFile; node: unknown; text: string }[] => {
    if (depth > 10) return [];
    const node = deref(at.file, at.node);
    if (isSeq(node) && node.tag === '!reference') {
      const [jobName, ...path] = node.items.map((n) => str(at.file, n));
      const target = jobName === 'default' ? defaults : jobName === undefined ? undefined : jobs.get(jobName);
      let current: Located | undefined = target;
      for (const key of path) {
        if (!current || key === undefined) break;
        const index = /^\d+$/.test(key) ? Number(key) : undefined;
        const next: unknown = index !== undefined ? items(current.file, current.node)[index] : get(current.file, current.node, key);
        current = next === undefined ? undefined : { file: current.file, node: next };
      }
      return current ? flatten(current, depth + 1) : [];
    }
    if (isSeq(node)) return node.items.flatMap((item) => flatten({ file: at.file, node: item }, depth + 1));
    if (isScalar(node) && node.value !== null && typeof node.value !== 'object') return [{ file: at.file, node, text: String(node.value) }];
    return [];
  };

  for (const [name, job] of jobs) {
    if (name.startsWith('.')) continue;
    const chain = chainOf(name, 0);
    const env = { ...variables };
    for (const entry of chain) Object.assign(env, stringMap(entry.file, get(entry.file, entry.node, 'variables')));
    const origin = `${relative(repoRoot, job.file.path)} job \`${name}\``;
    const parts = [
      lookup(chain, 'before_script') ?? (defaults && located(defaults, 'before_script')) ?? globalScripts['before_script'],
      lookup(chain, 'script'),
      lookup(chain, 'after_script') ?? (defaults && located(defaults, 'after_script')) ?? globalScripts['after_script'],
    ];
    for (const part of parts) {
      if (!part) continue;
      for (const line of flatten(part, 0)) {
        const result = commandsOfScript(line.text, (offsets) => locateInScalar(line.file, line.node, line.text, offsets), {
          env,
          origin,
          cwd: repoRoot,
          repoRoot,
          ciFile: mainPath,
        });
        out.commands.push(...result.commands);
      }
    }
  }
  return out;
}

function located(at: Located, key: string): Located | undefined {
  const pair = getPair(at.file, at.node, key);
  return pair ? { file: at.file, node: pair.value } : undefined;
}

/** Parses a file and, depth first, the local files it includes; remote includes are opaque. */
function loadWithIncludes(path: string, repoRoot: string, files: YamlFile[], seen: Set<string>, out: ReadPart): void {
  if (seen.has(path) || seen.size > 100) return;
  seen.add(path);
  const text = readSmallText(path);
  if (text === undefined) return;
  const read = parseYaml(path, text);
  if (!read.ok) {
    out.unreadable.push({ file: path, message: read.message, location: read.location });
    return;
  }
  const file = read.file;
  files.push(file);
  const include = get(file, file.doc.contents, 'include');
  const entries = isSeq(include) ? items(file, include) : include === undefined ? [] : [include];
  for (const entry of entries) {
    const plain = str(file, entry);
    const local = plain !== undefined && !/^https?:\/\//.test(plain) ? plain : str(file, get(file, entry, 'local'));
    if (local === undefined) {
      const what = plain ?? str(file, get(file, entry, 'project')) ?? str(file, get(file, entry, 'remote')) ?? str(file, get(file, entry, 'template')) ?? str(file, get(file, entry, 'component'));
      out.opaque.push({ what: `GitLab include ${what ?? '(remote)'}`, location: nodeLocation(file, entry) });
      continue;
    }
    for (const target of expandLocal(repoRoot, local)) loadWithIncludes(target, repoRoot, files, seen, out);
  }
}

/** A local include path (relative to the repository root) with a `*` wildcard in its file name. */
function expandLocal(repoRoot: string, pattern: string): string[] {
  const path = join(repoRoot, pattern.replace(/^\/+/, ''));
  if (!pattern.includes('*')) return [path];
  const dir = dirname(path);
  const name = path.slice(dir.length + 1);
  const regex = new RegExp(`^${name.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
  try {
    return readdirSync(dir).filter((entry) => regex.test(entry)).sort().map((entry) => join(dir, entry));
  } catch {
    return [];
  }
}
