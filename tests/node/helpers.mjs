// Shared paths and loaders for the Node tests: they run against the built
// module in build/wasm (scripts/test builds it first).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { crc32 as zlibCrc32, inflateRawSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WASM_DIR = `${ROOT}build/wasm/`;
export const FIXTURES = `${ROOT}tests/fixtures/`;

export async function loadEngine() {
  const { createEngine } = await import(`${WASM_DIR}kpi-engine.mjs`);
  return createEngine({ wasmBinary: readFileSync(`${WASM_DIR}kpi.wasm`) });
}

export const fixture = (path) => readFileSync(`${FIXTURES}${path}`);

/** Every entry of a ZIP by its central directory: {name: {method, crc, data}}; checks each CRC-32 with zlib's. */
export function unzip(bytes) {
  const buf = Buffer.from(bytes);
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4B, 0x05, 0x06]));
  assert.ok(end >= 0, 'end of central directory record');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const entries = {};
  for (let i = 0; i < count; i += 1) {
    assert.equal(buf.readUInt32LE(at), 0x02014B50, 'central directory signature');
    const method = buf.readUInt16LE(at + 10);
    const crc = buf.readUInt32LE(at + 16);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    assert.equal(buf.readUInt32LE(local), 0x04034B50, `local header of ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + size);
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    assert.equal(zlibCrc32(data), crc, `CRC-32 of ${name}`);
    entries[name] = { method, crc, data };
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}
