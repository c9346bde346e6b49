import * as z from 'zod';
import { isAbsolute, join, normalize } from 'node:path';
import type { Lockfile, LockGraph } from '../../project/lockfile.js';
import type { Dependency, Package, TargetKind, Workspace } from '../../project/model.js';
import { defineSourceRule } from '../../source/define-source-rule.js';
import type { SourceFile } from '../../source/service.js';
import { ignoredDependencies, isIgnored } from './_ignored.js';
import { libNameOf, looksLikeLibOf } from './_lib-names.js';

const norm = (name: string): string => name.toLowerCase().replace(/_/g, '-');

/** Code that names the first crate needs the second, though it never names it (derive output refers to it). */
const IMPLIES: Readonly<Record<string, readonly string[]>> = {
  'serde-derive': ['serde'],
  'serde-repr': ['serde'],
  'serde-with-macros': ['serde-with'],
  'num-derive': ['num-traits'],
  'tracing-attributes': ['tracing'],
  'wasm-bindgen-macro': ['wasm-bindgen'],
  'futures-macro': ['futures-util', 'futures'],
  'tokio-macros': ['tokio'],
  'utoipa-gen': ['utoipa'],
  'juniper-codegen': ['juniper'],
  'pin-project-internal': ['pin-project'],
};
const DERIVE_SUFFIX = /^(.+?)-(derive|derives|macro|macros|codegen|impl|proc-macro|proc-macros)$/;

/** Build dependencies that generate code into OUT_DIR, and the crates that generated code names. */
const CODEGEN: Readonly<Record<string, readonly string[]>> = {
  'prost-build': ['prost', 'prost-types', 'bytes'],
  'tonic-build': ['tonic', 'prost', 'prost-types'],
  'tonic-prost-build': ['tonic', 'tonic-prost', 'prost', 'prost-types'],
  'pbjson-build': ['pbjson', 'pbjson-types', 'serde'],
  'protobuf-codegen': ['protobuf'],
  'protoc-rust': ['protobuf'],
  capnpc: ['capnp'],
  lalrpop: ['lalrpop-util', 'regex'],
  'windows-bindgen': ['windows', 'windows-core', 'windows-targets', 'windows-link'],
  'cxx-build': ['cxx'],
  uniffi: ['uniffi'],
  'uniffi-build': ['uniffi'],
  typify: ['serde', 'serde-json'],
  progenitor: ['progenitor-client', 'reqwest', 'serde', 'serde-json'],
  'phf-codegen': ['phf'],
  bindgen: ['libc'],
};

/** Crates commonly added only to switch on a feature of a copy deeper in the graph. */
const FEATURE_ENABLERS = new Set(['getrandom', 'openssl', 'openssl-sys', 'libz-sys', 'libsqlite3-sys', 'zstd-sys', 'curl-sys', 'libgit2-sys', 'native-tls', 'ring', 'time', 'chrono', 'uuid', 'rand', 'wasm-bindgen', 'js-sys', 'web-sys', 'rustls', 'hyper', 'h2', 'tokio', 'log', 'tracing']);

/** A trybuild glob (`*`, `?`, `**` for any depth) relative to `dir`, as a regular expression over absolute paths. */
function globRegExp(dir: string, pattern: string): RegExp {
  const path = normalize(isAbsolute(pattern) ? pattern : join(dir, pattern));
  const body = path
    .split(/(\*\*\/|\*\*|\*|\?)/)
    .map((part) => (part === '**/' ? '(?:.*/)?' : part === '**' ? '.*' : part === '*' ? '[^/]*' : part === '?' ? '[^/]' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

const NEVER_CFG = /^cfg\(\s*(any\(\s*\)|false)\s*\)$/;
const CODE: readonly TargetKind[] = ['lib', 'bin'];
const DEV: readonly TargetKind[] = ['test', 'bench', 'example'];

function tableName(dep: Dependency): string {
  const base = dep.kind === 'normal' ? 'dependencies' : `${dep.kind}-dependencies`;
  return dep.target ? `target.'${dep.target}'.${base}` : base;
}

const SCOPE: Record<Dependency['kind'], string> = {
  normal: 'library and binary sources',
  dev: 'sources, tests, examples, benches and doctests',
  build: 'build script',
};

interface Usage {
  /** Identifiers named by lib/bin code (plus build-script strings when OUT_DIR code is included). */
  code: Set<string>;
  /** Identifiers named by tests, examples, benches and doc comments (doctests). */
  dev: Set<string>;
  build: Set<string>;
}

function usageOf(files: readonly SourceFile[]): Usage {
  const usage: Usage = { code: new Set(), dev: new Set(), build: new Set() };
  let generated = false;
  const buildStrings: string[] = [];
  for (const file of files) {
    const isBuild = file.kinds.has('custom-build');
    if (isBuild) {
      for (const r of file.refs) usage.build.add(r);
      buildStrings.push(...file.stringRefs);
    }
    const isCode = CODE.some((k) => file.kinds.has(k));
    if (isCode) {
      for (const r of file.refs) usage.code.add(r);
      if (file.outDir) generated = true;
    }
    if (DEV.some((k) => file.kinds.has(k)) || (!isCode && !isBuild)) for (const r of file.refs) usage.dev.add(r);
    if (!isBuild) for (const r of file.docRefs) usage.dev.add(r);
  }
  if (generated) for (const r of buildStrings) usage.code.add(r);
  return usage;
}

/** Keys referenced from `[features]`: `dep:x`, `x/feat`, `x?/feat`, and optional dependencies named as features. */
function featureReferences(member: Package): Set<string> {
  const optional = new Set(member.dependencies.filter((d) => d.optional).map((d) => d.rename ?? d.name));
  const out = new Set<string>();
  for (const values of Object.values(member.features)) {
    for (const value of values) {
      if (value.startsWith('dep:')) out.add(value.slice(4));
      else if (value.includes('/')) out.add(value.slice(0, value.indexOf('/')).replace(/\?$/, ''));
      else if (optional.has(value) && !(value in member.features)) out.add(value);
    }
  }
  return out;
}

/**
 * Whether some other package depends on `name` (so a direct entry may only steer its features or
 * version): per Cargo.lock; without one, whether another member declares it.
 */
function isTransitive(workspace: Workspace, lockGraph: LockGraph | undefined, lockfile: Lockfile | null, member: Package, name: string): boolean {
  if (!lockGraph || !lockfile) return workspace.members.some((m) => m !== member && m.dependencies.some((d) => d.name === name));
  return lockGraph.indicesOf(name).some((i) => lockGraph.reverseDeps(i).some((r) => lockfile.packages[r]?.name !== member.name));
}

/**
 * How a requirement holds a crate back: `exact` (`=1.2.3`), `capped` (an upper bound `<2.5`, or
 * `~1.4`, which stops below 1.5 where `^1.4` would allow any 1.x), else null. `~0.3` and `~1` allow
 * no less than a caret would.
 */
function constraint(req: string): 'exact' | 'capped' | null {
  const parts = req.split(',').map((p) => p.trim());
  if (parts.some((p) => p.startsWith('='))) return 'exact';
  if (parts.some((p) => p.startsWith('<') || /^~\s*[1-9]\d*\.\d+/.test(p))) return 'capped';
  return null;
}

/** The identifiers code uses for a dependency: its key when renamed, else its library name (and the package name with `_`). */
function identOf(dep: Dependency, workspace: Workspace, member: Package): string[] {
  if (dep.rename) return [dep.rename.replace(/-/g, '_')];
  return [...new Set([libNameOf(workspace, member, dep), dep.name.replace(/-/g, '_')])];
}

export default defineSourceRule({
  meta: {
    id: 'unused/dependency',
    description: 'dependencies that no file able to use them ever names (per member and kind: code, tests and doctests, build script)',
    defaultSeverity: 'warning',
    options: z.object({
      /** Package names never to report, on top of cargo-machete/cargo-shear `ignored` lists. */
      ignore: z.array(z.string()).default([]),
    }),
    messages: {
      unused: { message: '{dep} is never used in the {scope} of {member}', fix: 'Remove {dep} from [{table}]; if something needs it without naming it, add it to `[package.metadata.cargo-machete] ignored`.' },
      'dev-only': { message: '{dep} is used only by tests, examples, benches or doc comments of {member}', fix: 'Move {dep} from [{table}] to the matching dev-dependencies table.' },
      'feature-only': { message: '{dep} is not named in the code of {member}; it only {purpose}', fix: 'If that is intended, add {dep} to `[package.metadata.cargo-machete] ignored`; otherwise remove it from [{table}].' },
    },
    since: '0.1.0',
  },
  check({ workspace, scan, report, options, lockGraph }) {
    const opts = options as { ignore: string[] };
    const filesOf = new Map<Package, SourceFile[]>();
    for (const file of scan.files) {
      let list = filesOf.get(file.member);
      if (!list) filesOf.set(file.member, (list = []));
      list.push(file);
    }
    const byDir = new Map(workspace.members.map((m) => [m.dir, m]));
    const localDeps = (m: Package): Package[] =>
      m.dependencies.flatMap((d) => (d.source.type === 'path' && d.kind !== 'build' ? [byDir.get(normalize(isAbsolute(d.source.path) ? d.source.path : join(m.dir, d.source.path)))] : [])).filter((p): p is Package => p !== undefined && p !== m);
    const emitted = new Map<Package, string[]>();
    const emittedBy = (p: Package): string[] => {
      let refs = emitted.get(p);
      if (!refs) {
        const isProcMacro = p.targets.some((t) => t.kind === 'lib' && t.crateTypes.includes('proc-macro'));
        refs = (filesOf.get(p) ?? []).flatMap((f) => [...f.macroRefs, ...(isProcMacro ? f.stringRefs : [])]);
        emitted.set(p, refs);
      }
      return refs;
    };
    const inheritors = new Map<string, number>();
    for (const m of workspace.members) for (const d of m.dependencies) if (d.inherited) inheritors.set(d.rename ?? d.name, (inheritors.get(d.rename ?? d.name) ?? 0) + 1);
    const expandedRefs = (member: Package): Set<string> => {
      const out = new Set<string>();
      const seen = new Set<Package>([member]);
      const queue = localDeps(member);
      while (queue.length > 0) {
        const p = queue.pop()!;
        if (seen.has(p)) continue;
        seen.add(p);
        for (const r of emittedBy(p)) out.add(r);
        queue.push(...localDeps(p));
      }
      return out;
    };
    for (const member of workspace.members) {
      const files = filesOf.get(member);
      if (!files || files.length === 0) continue;
      const usage = usageOf(files);
      // Files trybuild compiles as crates of their own against this package's dependencies, wherever
      // they live (another member's test cases, a shared directory).
      if (member.dependencies.some((d) => d.name === 'trybuild')) {
        const patterns = files.flatMap((f) => f.compileTests).map((p) => globRegExp(member.dir, p));
        if (patterns.length > 0) for (const file of scan.files) if (patterns.some((re) => re.test(file.path))) for (const r of file.refs) usage.dev.add(r);
      }
      // Macros of workspace members expand into this member's code, also through re-exports (a
      // derive used via another crate): what their macro bodies name, and the crate names their proc
      // macros build paths from (`BevyManifest::get_path("bevy_ecs")`), count as named here.
      for (const ref of expandedRefs(member)) {
        usage.code.add(ref);
        usage.dev.add(ref);
      }
      const ignored = ignoredDependencies(workspace, member);
      for (const name of opts.ignore) ignored.add(norm(name));
      const named = (dep: Dependency, set: Set<string>): boolean => identOf(dep, workspace, member).some((i) => set.has(i));

      // Which packages count as used per scope, before implications.
      const usedIn = (scope: Set<string>): Set<string> => {
        const used = new Set(member.dependencies.filter((d) => named(d, scope)).map((d) => norm(d.name)));
        for (const pkg of [...used]) {
          const base = DERIVE_SUFFIX.exec(pkg)?.[1];
          for (const implied of [...(IMPLIES[pkg] ?? []), ...(base ? [base] : [])]) used.add(implied);
        }
        return used;
      };
      // Crate-like names no dependency and no local module explains: a dependency whose library has another name.
      const explained = new Set([...member.dependencies.flatMap((d) => identOf(d, workspace, member)), ...files.flatMap((f) => f.modNames)]);
      const orphans = (scope: Set<string>): string[] => [...scope].filter((r) => /^[a-z]/.test(r) && !explained.has(r));
      const orphanCode = orphans(usage.code);
      const orphanDev = orphans(usage.dev);
      const orphanBuild = orphans(usage.build);
      const renamed = (dep: Dependency, list: string[]): boolean => !dep.rename && list.some((r) => looksLikeLibOf(r, dep.name));
      const code = usedIn(usage.code);
      const dev = usedIn(usage.dev);
      const build = usedIn(usage.build);
      if (files.some((f) => f.outDir && CODE.some((k) => f.kinds.has(k)))) {
        for (const d of member.dependencies) if (d.kind === 'build') for (const implied of CODEGEN[norm(d.name)] ?? []) code.add(implied);
      }
      const features = featureReferences(member);
      const wsDepOf = (dep: Dependency) => (dep.inherited ? workspace.workspaceDependencies.get(dep.rename ?? dep.name) : undefined);
      /**
       * What an entry that code does not name may still be for, if anything. `known` also trusts
       * the list of crates commonly added only for their features when the graph cannot show it.
       */
      const purposeOf = (dep: Dependency, known: boolean): string | undefined => {
        const key = dep.rename ?? dep.name;
        if (features.has(key)) return 'serves features in [features]';
        // An inherited entry steers only with features the member adds to the workspace's.
        const own = wsDepOf(dep);
        const steers = own ? dep.features.some((f) => !own.features.includes(f)) : dep.features.length > 0;
        const transitive = isTransitive(workspace, lockGraph, workspace.lockfile, member, dep.name);
        if (steers && (transitive || (known && (FEATURE_ENABLERS.has(norm(dep.name)) || norm(dep.name).endsWith('-sys'))))) return `enables features (${dep.features.join(', ')}) of a crate in the graph`;
        // A path dependency resolves to its directory whatever its version says; an inherited
        // requirement that other entries inherit too holds without this one.
        const held = constraint(dep.req);
        if (held && transitive && dep.source.type !== 'path' && !(dep.inherited && (inheritors.get(key) ?? 0) > 1)) return `${held === 'exact' ? 'pins' : 'caps'} the version (${dep.req}) of a crate another dependency uses`;
        return undefined;
      };

      for (const dep of member.dependencies) {
        const key = dep.rename ?? dep.name;
        const pkg = norm(dep.name);
        if (isIgnored(ignored, key, dep.name)) continue;
        // `[target.'cfg(any())'.dependencies]` never builds: it only constrains versions (serde's trick).
        if (dep.target && NEVER_CFG.test(dep.target)) continue;
        let messageId: 'unused' | 'dev-only' | 'feature-only';
        if (dep.kind === 'normal') {
          if (code.has(pkg) || renamed(dep, orphanCode)) continue;
          if (dev.has(pkg)) {
            // Used by tests only. Worth moving to dev-dependencies only when users get a lighter
            // library or binary out of it: not for optional entries (test features), unpublished
            // packages or packages with no library and no binary (bench and test harnesses), and
            // not when the entry also serves [features] or steers the features or version of a
            // crate the library's graph holds (as a dev-dependency it would do neither).
            if (dep.optional || member.publish === false || !member.targets.some((t) => CODE.includes(t.kind)) || purposeOf(dep, false)) continue;
            messageId = 'dev-only';
          } else messageId = 'unused';
        } else if (dep.kind === 'dev') {
          if (dev.has(pkg) || code.has(pkg) || renamed(dep, orphanCode) || renamed(dep, orphanDev)) continue;
          messageId = 'unused';
        } else {
          if (build.has(pkg) || renamed(dep, orphanBuild)) continue;
          messageId = 'unused';
        }
        const purpose = messageId === 'unused' ? purposeOf(dep, true) : undefined;
        if (purpose) messageId = 'feature-only';
        const wsDep = wsDepOf(dep);
        report({
          messageId,
          data: { dep: key, member: member.name, scope: SCOPE[dep.kind], table: tableName(dep), purpose: purpose ?? '' },
          location: dep.location,
          related: wsDep ? [{ location: wsDep.location, message: 'declared in [workspace.dependencies]' }] : [],
          member: member.name,
          crate: dep.name,
          ...(messageId === 'unused' ? {} : { severity: 'note' as const }),
        });
      }
    }
  },
});
