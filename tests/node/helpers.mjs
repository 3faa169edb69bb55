// Shared paths and loaders for the Node tests: they run against the built
// module in build/wasm (scripts/test builds it first).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WASM_DIR = `${ROOT}build/wasm/`;
export const FIXTURES = `${ROOT}tests/fixtures/`;

export async function loadEngine() {
  const { createEngine } = await import(`${WASM_DIR}kpi-engine.mjs`);
  return createEngine({ wasmBinary: readFileSync(`${WASM_DIR}kpi.wasm`) });
}

export const fixture = (path) => readFileSync(`${FIXTURES}${path}`);
