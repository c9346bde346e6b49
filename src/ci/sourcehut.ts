import { existsSync, readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { emptyPart, readSmallText, type ReadPart } from './github.js';
import { commandsOfScript } from './script.js';
import { get, getPair, items, keyOf, locateInScalar, nodeLocation, pairsOf, parseYaml, str, stringMap } from './yaml.js';

/** builds.sr.ht manifests: `.build.yml`, or every `.builds/*.yml` (each is one build). */
export function sourcehutManifests(repoRoot: string): string[] {
  const single = ['.build.yml', '.build.yaml'].map((n) => join(repoRoot, n)).filter((p) => existsSync(p));
  let multiple: string[] = [];
  try {
    multiple = readdirSync(join(repoRoot, '.builds'))
      .filter((n) => /\.ya?ml$/.test(n))
      .sort()
      .map((n) => join(repoRoot, '.builds', n));
  } catch {
    // no .builds directory
  }
  return [...single, ...multiple];
}

/** Reads one builds.sr.ht manifest: `environment:` and the `tasks:` list of `name: script`. */
export function readSourcehut(path: string, repoRoot: string): ReadPart {
  const out = emptyPart();
  const text = readSmallText(path);
  if (text === undefined) return out;
  const read = parseYaml(path, text);
  if (!read.ok) {
    out.unreadable.push({ file: path, message: read.message, location: read.location });
    return out;
  }
  const file = read.file;
  const root = file.doc.contents;
  const tasksPair = getPair(file, root, 'tasks');
  if (!tasksPair) return out;
  out.files.push({ path, kind: 'sourcehut', anchor: nodeLocation(file, tasksPair.key), calls: [] });
  const env = stringMap(file, get(file, root, 'environment'));
  for (const task of items(file, tasksPair.value)) {
    for (const pair of pairsOf(file, task)) {
      const script = str(file, pair.value);
      if (script === undefined) continue;
      const result = commandsOfScript(script, (offsets) => locateInScalar(file, pair.value, script, offsets), {
        env,
        origin: `${relative(repoRoot, path) || basename(path)} task \`${keyOf(file, pair) ?? '?'}\``,
        cwd: repoRoot,
        repoRoot,
        ciFile: path,
      });
      out.commands.push(...result.commands);
    }
  }
  return out;
}
