import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadWorkspaceSync } from '../../src/project/workspace.js';
import { loadDefaultKb } from '../../src/kb/load.js';
import { createSourceService } from '../../src/source/service.js';
import { FIXTURES } from '../support/paths.js';

test('files belong to targets by module tree (mod, #[path], inline mods, include!), else by directory', async () => {
  const root = join(FIXTURES, 'source/targets');
  const scan = await createSourceService(loadWorkspaceSync(root), { workers: 0 }).scan({ kb: loadDefaultKb() });
  const table = Object.fromEntries(scan.files.map((f) => [f.path.slice(root.length + 1), `${f.attribution === 'module-tree' ? 'tree' : 'conv'} ${f.targets.map((t) => `${t.kind}:${t.name}`).sort().join(',')}`]));
  assert.deepEqual(table, {
    'benches/b.rs': 'tree bench:b',
    'build.rs': 'tree custom-build:build-script-build',
    'examples/e.rs': 'tree example:e',
    'fuzz_like/odd.rs': 'conv bench:b,bin:targets,bin:tool,bin:tool2,example:e,lib:targets,test:it',
    'src/a.rs': 'tree lib:targets',
    'src/a/b.rs': 'tree lib:targets',
    'src/bin/tool.rs': 'tree bin:tool',
    'src/bin/tool2/helper.rs': 'tree bin:tool2',
    'src/bin/tool2/main.rs': 'tree bin:tool2',
    'src/cli.rs': 'tree bin:targets',
    'src/inc.rs': 'tree lib:targets',
    'src/inl/deep.rs': 'tree lib:targets',
    'src/lib.rs': 'tree lib:targets',
    'src/main.rs': 'tree bin:targets',
    'src/orphan.rs': 'conv bin:targets,lib:targets',
    'src/other/child.rs': 'tree lib:targets',
    'src/other/x.rs': 'tree lib:targets',
    'tests/common/mod.rs': 'tree test:it',
    'tests/it.rs': 'tree test:it',
  });
});
