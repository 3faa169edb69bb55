// Just enough of a zip reader for XLSX workbooks, written for this project:
// the central directory of a zip held in memory (a zip is read from its end,
// so the whole file is needed), and each entry's bytes, inflated by the
// platform's DecompressionStream('deflate-raw') (browsers since 2023, Node
// >= 18) and handed out in chunks as they come. Stored and deflated entries,
// data descriptors (sizes come from the central directory) and ZIP64 sizes
// and offsets are read; encryption, other compression methods and split
// archives are named errors. Every problem is a ZipError with the byte it was
// found at; nothing here can loop without consuming input.
//
// Buffer ownership: readZipDirectory and entryChunks keep views into the
// caller's Uint8Array, which must stay unchanged while they are used; the
// chunks entryChunks yields belong to the caller.

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const EOCD_BYTES = 22;
const MAX_COMMENT = 0xffff;
const INPUT_CHUNK = 1 << 16;

// Names of the methods people meet in practice (APPNOTE 4.4.5), for the error message.
const METHODS = { 1: 'shrink', 6: 'implode', 9: 'deflate64', 12: 'bzip2', 14: 'lzma', 93: 'zstd', 95: 'xz', 98: 'ppmd' };

/**
 * A zip that cannot be read: `byte` is where; `code` BAD_ZIP (corrupt, cut) or UNSUPPORTED_FORMAT;
 * `rule` and `params` the strings-table key (wasm/messages.mjs) and its values.
 */
export class ZipError extends Error {
  constructor(message, byte, code = 'BAD_ZIP', rule = 'ZIP_CORRUPT', params = {}) {
    super(message);
    this.name = 'ZipError';
    this.byte = byte;
    this.code = code;
    this.rule = rule;
    this.params = params;
  }
}

/** True when the bytes start with a zip local file header (`PK\x03\x04`). */
export function isZip(bytes) {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function reader(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at) => view.getUint16(at, true);
  const u32 = (at) => view.getUint32(at, true);
  const u64 = (at) => {
    const high = view.getUint32(at + 4, true);
    if (high >= 0x200000) throw new ZipError(`a 64-bit size or offset at byte ${at} is beyond 2^53`, at);
    return high * 0x100000000 + view.getUint32(at, true);
  };
  return { u16, u32, u64 };
}

/**
 * The entries of the zip in `bytes` (Uint8Array), by name:
 * Map<name, {name, flags, method, crc, compressedSize, size, localOffset}>.
 */
export function readZipDirectory(bytes) {
  const { u16, u32, u64 } = reader(bytes);
  let eocd = -1;
  for (let at = bytes.length - EOCD_BYTES; at >= 0 && at >= bytes.length - EOCD_BYTES - MAX_COMMENT; at--) {
    if (bytes[at] === 0x50 && u32(at) === SIG_EOCD) { eocd = at; break; }
  }
  if (eocd < 0) {
    throw new ZipError(`no zip directory at the end of the file (${bytes.length} bytes): the file is cut short or not a zip`, bytes.length);
  }
  if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0) throw new ZipError('a zip split over several files is not supported', eocd, 'UNSUPPORTED_FORMAT', 'ZIP_SPLIT');
  let count = u16(eocd + 10);
  let dirBytes = u32(eocd + 12);
  let dirStart = u32(eocd + 16);
  if (count === 0xffff || dirBytes === 0xffffffff || dirStart === 0xffffffff) {
    // ZIP64: a locator right before the record points at the 64-bit record.
    const locator = eocd - 20;
    if (locator < 0 || u32(locator) !== SIG_ZIP64_LOCATOR) throw new ZipError(`the zip directory at byte ${eocd} needs a ZIP64 record that is missing`, eocd);
    const record = u64(locator + 8);
    if (record + 56 > bytes.length || u32(record) !== SIG_ZIP64_EOCD) throw new ZipError(`no ZIP64 directory record at byte ${record}`, record);
    count = u64(record + 32);
    dirBytes = u64(record + 40);
    dirStart = u64(record + 48);
  }
  if (dirStart + dirBytes > eocd) {
    throw new ZipError(`the zip directory (bytes ${dirStart}-${dirStart + dirBytes}) lies past its end record at byte ${eocd}: the file is cut short or corrupt`, Math.min(dirStart, bytes.length));
  }
  const names = new TextDecoder('utf-8');
  const entries = new Map();
  const dirEnd = dirStart + dirBytes;
  let at = dirStart;
  for (let k = 0; k < count; k++) {
    if (at + 46 > dirEnd || u32(at) !== SIG_CENTRAL) throw new ZipError(`zip directory entry ${k + 1} at byte ${at} is corrupt`, at);
    const nameBytes = u16(at + 28);
    const extraBytes = u16(at + 30);
    const commentBytes = u16(at + 32);
    const next = at + 46 + nameBytes + extraBytes + commentBytes;
    if (next > dirEnd) throw new ZipError(`zip directory entry ${k + 1} at byte ${at} runs past the directory`, at);
    const entry = {
      name: names.decode(bytes.subarray(at + 46, at + 46 + nameBytes)),
      flags: u16(at + 8),
      method: u16(at + 10),
      crc: u32(at + 16),
      compressedSize: u32(at + 20),
      size: u32(at + 24),
      localOffset: u32(at + 42),
    };
    // The ZIP64 extra field (id 1) holds, in this order, the 64-bit values of the fields set to 0xffffffff.
    for (let e = at + 46 + nameBytes, end = e + extraBytes; e + 4 <= end;) {
      const id = u16(e);
      const len = u16(e + 2);
      if (id === 1) {
        let q = e + 4;
        const take = () => { if (q + 8 > e + 4 + len) throw new ZipError(`a short ZIP64 field at byte ${e}`, e); const v = u64(q); q += 8; return v; };
        if (entry.size === 0xffffffff) entry.size = take();
        if (entry.compressedSize === 0xffffffff) entry.compressedSize = take();
        if (entry.localOffset === 0xffffffff) entry.localOffset = take();
      }
      e += 4 + len;
    }
    if (!entries.has(entry.name)) entries.set(entry.name, entry);
    at = next;
  }
  return entries;
}

// CRC-32 (the zip polynomial), table-driven.
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes, crc) {
  let c = crc;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return c;
}

/**
 * Yields the uncompressed bytes of `entry` (from readZipDirectory) in chunks. The size and CRC-32
 * are checked against the directory: more bytes than declared stop at once (no zip bomb), fewer or
 * a wrong CRC are a ZipError after the last chunk.
 */
export async function* entryChunks(bytes, entry, { chunkBytes = 1 << 20 } = {}) {
  const { u16, u32 } = reader(bytes);
  const header = entry.localOffset;
  if (header + 30 > bytes.length || u32(header) !== SIG_LOCAL) {
    throw new ZipError(`${entry.name}: no local header at byte ${header} (the zip is corrupt)`, header);
  }
  if (entry.flags & 1) throw new ZipError(`${entry.name}: the workbook is encrypted (password-protected); save it without a password`, header, 'UNSUPPORTED_FORMAT', 'ZIP_ENCRYPTED');
  const start = header + 30 + u16(header + 26) + u16(header + 28);
  const end = start + entry.compressedSize;
  if (end > bytes.length) {
    throw new ZipError(`${entry.name}: its data (bytes ${start}-${end}) runs past the end of the file (${bytes.length} bytes): the file is cut short`, bytes.length);
  }
  const data = bytes.subarray(start, end);
  let crc = 0xffffffff;
  let out = 0;
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) throw new ZipError(`${entry.name}: a stored entry whose sizes differ (${entry.compressedSize} and ${entry.size})`, header);
    for (let i = 0; i < data.length; i += chunkBytes) {
      const chunk = data.subarray(i, i + chunkBytes);
      crc = crc32(chunk, crc);
      out += chunk.length;
      yield chunk;
    }
  } else if (entry.method === 8) {
    if (typeof DecompressionStream !== 'function') {
      throw new ZipError('this platform has no DecompressionStream to inflate the workbook (a browser from 2023 on, or Node 18+, is needed)', header, 'UNSUPPORTED_FORMAT', 'ZIP_NO_INFLATE');
    }
    const stream = new DecompressionStream('deflate-raw');
    const writer = stream.writable.getWriter();
    const writing = (async () => {
      for (let i = 0; i < data.length; i += INPUT_CHUNK) await writer.write(data.subarray(i, i + INPUT_CHUNK));
      await writer.close();
    })();
    writing.catch(() => {}); // a failure shows on the readable side
    const output = stream.readable.getReader();
    let done = false;
    try {
      for (;;) {
        let next;
        try {
          next = await output.read();
        } catch (e) {
          throw new ZipError(`${entry.name}: the compressed data starting at byte ${start} is corrupt (${e?.message ?? e})`, start);
        }
        if (next.done) { done = true; break; }
        out += next.value.length;
        if (out > entry.size) throw new ZipError(`${entry.name}: inflates past the ${entry.size} bytes its directory entry declares`, start);
        crc = crc32(next.value, crc);
        yield next.value;
      }
    } finally {
      if (!done) output.cancel().catch(() => {});
    }
  } else {
    const what = METHODS[entry.method] ? ` (${METHODS[entry.method]})` : '';
    throw new ZipError(`${entry.name}: compression method ${entry.method}${what} is not supported (only stored and deflate); re-save the workbook in Excel`, header, 'UNSUPPORTED_FORMAT',
      'ZIP_METHOD', { method: `${entry.method}${what}` });
  }
  if (out !== entry.size) throw new ZipError(`${entry.name}: ${out} bytes came out, its directory entry declares ${entry.size}: the data is cut short`, start);
  if (((crc ^ 0xffffffff) >>> 0) !== entry.crc) throw new ZipError(`${entry.name}: the CRC-32 does not match: the data starting at byte ${start} is corrupt`, start);
}

// ---------------------------------------------------------------------------
// What a zip holds (docs/formats.md "Bad files" and "Zip archives").

// Files inside an archive that are read as tables of their own.
const TABLE_FILE = /\.(csv|tsv|txt|xlsx|xls|json)$/i;

/**
 * What kind of zip `entries` (readZipDirectory) is: 'xlsx' (a workbook: read its sheet), 'tables'
 * (an archive holding table files: read each), or a rule of the strings table that names a
 * document that is no table: FILE_DOCX, FILE_PPTX, FILE_ODF, FILE_ZIP_NO_TABLE.
 */
export function zipKind(entries) {
  const names = [...entries.keys()];
  const has = (re) => names.some((n) => re.test(n));
  if (has(/^xl\//i)) return 'xlsx';
  if (has(/^word\//i)) return 'FILE_DOCX';
  if (has(/^ppt\//i)) return 'FILE_PPTX';
  if (entries.has('mimetype') && entries.has('content.xml')) return 'FILE_ODF';
  return tableEntries(entries).length ? 'tables' : 'FILE_ZIP_NO_TABLE';
}

/** The entries of an archive that are table files, in name order (no folders, no macOS "__MACOSX/" copies). */
export function tableEntries(entries) {
  return [...entries.values()]
    .filter((e) => TABLE_FILE.test(e.name) && !e.name.endsWith('/') && !/(^|\/)(__MACOSX|\.)/.test(e.name))
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

/**
 * The table files of an archive (a zip that is no XLSX workbook) as [{name, bytes}], each named
 * "archive.zip/inner.csv" and inflated whole; null when `bytes` is no such archive (an XLSX, a
 * document, no zip at all: the engine reads or names it). Throws a ZipError for a broken zip.
 */
export async function archiveTables(name, bytes) {
  if (!isZip(bytes)) return null;
  const entries = readZipDirectory(bytes);
  if (zipKind(entries) !== 'tables') return null;
  const out = [];
  for (const entry of tableEntries(entries)) {
    const parts = [];
    for await (const chunk of entryChunks(bytes, entry)) parts.push(chunk.slice());
    const data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) { data.set(p, at); at += p.length; }
    out.push({ name: `${name}/${entry.name}`, bytes: data });
  }
  return out;
}
