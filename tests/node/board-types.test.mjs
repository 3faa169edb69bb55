// The TypeScript declarations of kpi-lens-board (embed/board/index.d.ts) are
// checked by the TypeScript compiler (npm `typescript`, a devDependency):
// tests/types/board-consumer.ts uses the API and the element the way the
// package README shows, under --strict. A declaration that is not valid
// TypeScript, or that no longer fits the documented use, fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('index.d.ts type-checks a host page written as the README shows (tsc --strict)', () => {
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tests/types/tsconfig.json'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, `tsc found errors:\n${r.stdout}${r.stderr}`);
});
