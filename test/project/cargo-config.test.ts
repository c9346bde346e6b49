import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCargoConfig } from '../../src/project/cargo-config.js';
import type { Diagnostic } from '../../src/project/location.js';

function withConfig(text: string, check: (root: string) => void): void {
  const root = mkdtempSync(join(tmpdir(), 'cargo-stack-config-'));
  try {
    mkdirSync(join(root, '.cargo'));
    writeFileSync(join(root, '.cargo', 'config.toml'), text);
    check(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('source replacement: a sparse mirror is followed through replace-with; vendored and git sources are not mirrors', () => {
  withConfig('[source.crates-io]\nreplace-with = "mirror"\n\n[source.mirror]\nregistry = "sparse+https://mirror.example/index/"\n', (root) => {
    const config = readCargoConfig(root, []);
    assert.equal(config.cratesIoMirror?.index, 'https://mirror.example/index/');
    assert.equal(config.cratesIoMirror?.source, 'mirror');
  });
  withConfig('[source.crates-io]\nreplace-with = "vendored-sources"\n\n[source.vendored-sources]\ndirectory = "vendor"\n', (root) => {
    assert.equal(readCargoConfig(root, []).cratesIoMirror, undefined);
  });
  withConfig('[source.crates-io]\nreplace-with = "git-mirror"\n\n[source.git-mirror]\nregistry = "https://git.example/index.git"\n', (root) => {
    assert.equal(readCargoConfig(root, []).cratesIoMirror, undefined);
  });
  withConfig('[source.crates-io]\nreplace-with = "a"\n\n[source.a]\nreplace-with = "b"\n\n[source.b]\nreplace-with = "a"\n', (root) => {
    assert.equal(readCargoConfig(root, []).cratesIoMirror, undefined, 'a cycle ends quietly (Cargo reports it)');
  });
});

test('CARGO_REGISTRIES_<NAME>_INDEX beats the config files, as in Cargo', () => {
  withConfig('[registries.my-corp]\nindex = "sparse+https://old.example/"\n', (root) => {
    process.env.CARGO_REGISTRIES_MY_CORP_INDEX = 'sparse+https://new.example/';
    process.env.CARGO_REGISTRIES_OTHER_INDEX = 'sparse+https://other.example/';
    try {
      const diagnostics: Diagnostic[] = [];
      const registries = readCargoConfig(root, diagnostics).registries;
      assert.equal(registries.get('my-corp'), 'sparse+https://new.example/');
      assert.equal(registries.get('other'), 'sparse+https://other.example/');
      assert.deepEqual(diagnostics, []);
    } finally {
      delete process.env.CARGO_REGISTRIES_MY_CORP_INDEX;
      delete process.env.CARGO_REGISTRIES_OTHER_INDEX;
    }
  });
});
