// Bundles the compiled CLI (dist/src/cli/main.js and everything it imports, dependencies
// included) into one file, dist/src/cli/main.bundle.js, which bin/cargo-stack.js runs. Node's ESM
// loader costs ~0.5 ms per module and the CLI loads ~350 (zod alone: 95, 64 of them locales):
// one file starts ~150 ms sooner, a quarter of a small audit's run time. Paths the code builds
// from import.meta.url are relative to dist/src/<folder>/, which holds for the bundle too.
// Packages with native code or WebAssembly stay external. The scan worker gets a bundle of its own.
import { build } from 'esbuild';

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['@ast-grep/napi', '@ast-grep/lang-rust', '@rainbowatcher/toml-edit-js', 'playwright-core'],
  // CommonJS dependencies (commander, yaml, semver) call require() for Node's built-ins.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
};

await build({ ...common, entryPoints: ['dist/src/cli/main.js'], outfile: 'dist/src/cli/main.bundle.js' });
// The scan worker, with every rule's scanner (src/rules/scanners.ts): it starts ~3x faster.
await build({ ...common, entryPoints: ['dist/src/source/worker.js'], outfile: 'dist/src/source/worker.bundle.js' });
