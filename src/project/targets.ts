import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';
import type { Diagnostic } from './location.js';
import { getDashed, isTable, locate, type Manifest, type TomlTable } from './manifest.js';
import type { Target, TargetKind } from './model.js';

/**
 * Cargo's target discovery (cargo/src/cargo/util/toml/targets.rs): declared `[lib]`, `[[bin]]`,
 * `[[example]]`, `[[test]]`, `[[bench]]` merged with the files found by convention, unless the
 * matching `auto*` key is false. In edition 2015, declaring any target of a kind turns off
 * discovery of that kind.
 */

interface KindSpec {
  kind: Exclude<TargetKind, 'lib' | 'custom-build'>;
  section: string;
  auto: string;
  dir: string;
}

const KINDS: KindSpec[] = [
  { kind: 'bin', section: 'bin', auto: 'autobins', dir: 'src/bin' },
  { kind: 'example', section: 'example', auto: 'autoexamples', dir: 'examples' },
  { kind: 'test', section: 'test', auto: 'autotests', dir: 'tests' },
  { kind: 'bench', section: 'bench', auto: 'autobenches', dir: 'benches' },
];

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** `dir/*.rs` and `dir/<name>/main.rs`, sorted like Cargo (by path). */
function inferFromDir(dir: string): { name: string; path: string }[] {
  if (!isDir(dir)) return [];
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  const out: { name: string; path: string }[] = [];
  for (const entry of entries) {
    const full = join(dir, entry);
    if (entry.endsWith('.rs') && isFile(full)) {
      out.push({ name: entry.slice(0, -3), path: full });
    } else if (isFile(join(full, 'main.rs'))) {
      out.push({ name: entry, path: join(full, 'main.rs') });
    }
  }
  return out;
}

/**
 * Cargo normalizes a target's relative path on its own and then appends it to the package
 * directory, so a leading `..` survives (`crates/x/../../examples/a.rs`).
 */
function resolvePath(dir: string, path: string): string {
  if (isAbsolute(path)) return normalize(path);
  const rel = normalize(path);
  return rel.startsWith('..') ? `${dir}${sep}${rel}` : join(dir, rel);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function discoverTargets(manifest: Manifest, packageName: string, edition: string, diagnostics: Diagnostic[]): Target[] {
  const { doc, dir } = manifest;
  const pkg = isTable(doc.package) ? doc.package : isTable(doc.project) ? doc.project : {};
  const targets: Target[] = [];
  /** Targets whose `path` the manifest gives: Cargo checks those only when it builds them. */
  const explicitPath = new Set<Target>();
  const targetEdition = (table: TomlTable): string => (typeof table.edition === 'string' ? table.edition : edition);

  // Library.
  const libTable = isTable(doc.lib) ? doc.lib : undefined;
  const autolib = pkg.autolib !== false;
  const libDefault = join(dir, 'src/lib.rs');
  if (libTable || (autolib && isFile(libDefault))) {
    const table = libTable ?? {};
    const procMacro = getDashed(table, 'proc-macro')?.value === true;
    const declaredTypes = stringList(getDashed(table, 'crate-type')?.value);
    const crateTypes = declaredTypes.length > 0 ? declaredTypes : procMacro ? ['proc-macro'] : ['lib'];
    const lib: Target = {
      kind: 'lib',
      crateTypes,
      name: typeof table.name === 'string' ? table.name : packageName.replace(/-/g, '_'),
      srcPath: typeof table.path === 'string' ? resolvePath(dir, table.path) : libDefault,
      edition: targetEdition(table),
      autoDiscovered: !libTable,
      requiredFeatures: [],
    };
    targets.push(lib);
    if (typeof table.path === 'string') explicitPath.add(lib);
  }

  for (const spec of KINDS) {
    const declaredRaw = doc[spec.section];
    const declared: TomlTable[] = Array.isArray(declaredRaw) ? declaredRaw.filter(isTable) : [];
    const autoFlag = pkg[spec.auto];
    const inferred: { name: string; path: string }[] = [];
    if (spec.kind === 'bin' && isFile(join(dir, 'src/main.rs'))) inferred.push({ name: packageName, path: join(dir, 'src/main.rs') });
    inferred.push(...inferFromDir(join(dir, spec.dir)));
    const discover = autoFlag === false ? false : edition === '2015' && declared.length > 0 ? autoFlag === true : true;

    const seenPaths = new Set<string>();
    const seenNames = new Set<string>();
    declared.forEach((table, index) => {
      const name = typeof table.name === 'string' ? table.name : undefined;
      let path: string | undefined = typeof table.path === 'string' ? resolvePath(dir, table.path) : undefined;
      if (!path && name) {
        const candidates =
          spec.kind === 'bin'
            ? [join(dir, 'src/bin', `${name}.rs`), join(dir, 'src/bin', name, 'main.rs'), ...(name === packageName ? [join(dir, 'src/main.rs')] : [])]
            : [join(dir, spec.dir, `${name}.rs`), join(dir, spec.dir, name, 'main.rs')];
        path = candidates.find(isFile);
        if (!path && spec.kind !== 'bin') {
          // Cargo keeps this error for when the target is built: `cargo metadata` lists the
          // package without it, `cargo build --examples` (or test, bench) fails.
          diagnostics.push({
            code: 'manifest/target-source-missing',
            severity: 'warning',
            message: `can't find \`${name}\` ${spec.kind} at ${spec.dir}/${name}.rs or ${spec.dir}/${name}/main.rs; Cargo leaves the target out, and building it fails`,
            location: locate(manifest, [spec.section, index]),
            hint: `create the file, or set \`path\` in the [[${spec.section}]] entry`,
          });
          return;
        }
        path ??= candidates[0];
      }
      if (!name || !path) {
        diagnostics.push({
          code: 'manifest/target-without-name',
          severity: 'error',
          message: `a [[${spec.section}]] target needs a \`name\``,
          location: locate(manifest, [spec.section, index]),
        });
        return;
      }
      seenPaths.add(path);
      seenNames.add(name);
      const crateTypes = stringList(getDashed(table, 'crate-type')?.value);
      const target: Target = {
        kind: spec.kind,
        crateTypes: crateTypes.length > 0 ? crateTypes : [spec.kind],
        name,
        srcPath: path,
        edition: targetEdition(table),
        autoDiscovered: false,
        requiredFeatures: stringList(getDashed(table, 'required-features')?.value),
      };
      targets.push(target);
      if (typeof table.path === 'string') explicitPath.add(target);
    });
    if (discover) {
      for (const found of inferred) {
        if (seenPaths.has(found.path) || seenNames.has(found.name)) continue;
        seenPaths.add(found.path);
        seenNames.add(found.name);
        targets.push({ kind: spec.kind, crateTypes: [spec.kind], name: found.name, srcPath: found.path, edition, autoDiscovered: true, requiredFeatures: [] });
      }
    }
  }

  // Build script.
  const build = pkg.build;
  const buildPath = typeof build === 'string' ? resolvePath(dir, build) : build === false ? undefined : join(dir, 'build.rs');
  if (buildPath && (typeof build === 'string' || existsSync(buildPath))) {
    targets.push({ kind: 'custom-build', crateTypes: ['custom-build'], name: 'build-script-build', srcPath: buildPath, edition, autoDiscovered: typeof build !== 'string', requiredFeatures: [] });
  }
  for (const target of targets) {
    if (target.autoDiscovered || existsSync(target.srcPath)) continue;
    // Cargo refuses to load the manifest only when it had to infer the path of a [lib] or a
    // [[bin]] and found nothing; any other missing file fails `cargo build`, not `cargo metadata`.
    const rejected = (target.kind === 'lib' || target.kind === 'bin') && !explicitPath.has(target);
    diagnostics.push({
      code: 'manifest/target-source-missing',
      severity: rejected ? 'error' : 'warning',
      message: `can't find the source of ${target.kind} target \`${target.name}\` at ${target.srcPath}; ${rejected ? 'Cargo rejects this manifest' : 'building it fails'}`,
      location: locate(manifest, target.kind === 'lib' ? ['lib'] : target.kind === 'custom-build' ? ['package', 'build'] : [SECTION_OF[target.kind] ?? target.kind]),
      hint: 'fix the `path`, create the file, or remove the target',
    });
  }
  // Cargo's rule: a package whose only target is a build script, or that has none, is rejected.
  // Tests, benches or examples alone are fine (workspaces keep their integration tests that way).
  if (targets.every((t) => t.kind === 'custom-build')) {
    diagnostics.push({
      code: 'manifest/no-targets',
      severity: 'error',
      message: `package \`${packageName}\` has no targets (no src/lib.rs, src/main.rs, [lib], [[bin]], examples, tests or benches); Cargo rejects it`,
      location: locate(manifest, ['package']),
      hint: 'add src/lib.rs or src/main.rs, or declare a target',
    });
  }
  return targets;
}

const SECTION_OF: Partial<Record<TargetKind, string>> = { bin: 'bin', example: 'example', test: 'test', bench: 'bench' };
