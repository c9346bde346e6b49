import { createRequire } from 'node:module';
import type { SgNode } from '@ast-grep/napi';

// Both packages are CommonJS with native code; `registerDynamicLanguage` must run once per thread.
const require = createRequire(import.meta.url);
type Napi = typeof import('@ast-grep/napi');
let napi: Napi | undefined;

/** Parses Rust source with tree-sitter-rust (through ast-grep); never throws for bad syntax: errors become ERROR nodes. */
export function parseRust(text: string): SgNode {
  if (!napi) {
    const loaded = require('@ast-grep/napi') as Napi;
    loaded.registerDynamicLanguage({ rust: require('@ast-grep/lang-rust') as Parameters<Napi['registerDynamicLanguage']>[0][string] });
    napi = loaded;
  }
  return napi.parse('rust', text).root();
}
