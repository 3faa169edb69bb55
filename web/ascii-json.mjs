// The report's JSON as the worker sends it to the page (worker.mjs REPORT): the core's UTF-8
// with every non-ASCII character as a \uXXXX escape, which JSON reads as the same character.
// The page then decodes it into a one-byte string and parses one-byte text: on the demo (946 KB,
// 6 % of its bytes Cyrillic) a third of the time the UTF-8 takes (docs/performance.md, fifth session).

const HEX = [...'0123456789abcdef'].map((c) => c.charCodeAt(0));

/** `bytes` (valid UTF-8 JSON) with each non-ASCII character as \uXXXX (a surrogate pair above U+FFFF). */
export function asciiJson(bytes) {
  const n = bytes.length;
  const aligned = bytes.byteOffset % 4 === 0; // ASCII is skipped four bytes at a time
  const words = new Uint32Array(bytes.buffer, aligned ? bytes.byteOffset : 0, aligned ? n >> 2 : 0);
  let out = null; // made at the first non-ASCII byte: each byte of a sequence becomes at most three
  let o = 0;
  let run = 0; // the first byte not yet copied
  for (let i = 0; i < n;) {
    if ((i & 3) === 0 && (i >> 2) < words.length && (words[i >> 2] & 0x80808080) === 0) {
      i += 4;
      continue;
    }
    const b = bytes[i];
    if (b < 0x80) {
      i += 1;
      continue;
    }
    out ??= new Uint8Array(n * 3);
    if (i - run > 64) out.set(bytes.subarray(run, i), o);
    else for (let k = run; k < i; k += 1) out[o + k - run] = bytes[k];
    o += i - run;
    if (b < 0xE0) {
      o = escape(out, o, ((b & 0x1F) << 6) | (bytes[i + 1] & 0x3F));
      i += 2;
    } else if (b < 0xF0) {
      o = escape(out, o, ((b & 0x0F) << 12) | ((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F));
      i += 3;
    } else {
      const code = (((b & 0x07) << 18) | ((bytes[i + 1] & 0x3F) << 12) | ((bytes[i + 2] & 0x3F) << 6) | (bytes[i + 3] & 0x3F)) - 0x10000;
      o = escape(out, escape(out, o, 0xD800 + (code >> 10)), 0xDC00 + (code & 0x3FF));
      i += 4;
    }
    run = i;
  }
  if (!out) return bytes;
  out.set(bytes.subarray(run), o);
  return out.slice(0, o + n - run); // its own buffer, moved to the page without the unused two thirds
}

/** `unit` as \uXXXX into `out` at `o`; returns the end. */
function escape(out, o, unit) {
  out[o] = 0x5C;
  out[o + 1] = 0x75;
  out[o + 2] = HEX[unit >> 12];
  out[o + 3] = HEX[(unit >> 8) & 15];
  out[o + 4] = HEX[(unit >> 4) & 15];
  out[o + 5] = HEX[unit & 15];
  return o + 6;
}
