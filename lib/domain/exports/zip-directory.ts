/**
 * A zip's central directory, read from bytes (APPNOTE.TXT 4.3.12–4.3.16, with the ZIP64 records a
 * pack past 4 GB carries): which entries there are, in order, duplicates included, and where each
 * one's data is. Pure: the caller reads the bytes, from memory or from a file.
 */
export type ZipEntry = { name: string; method: number; compressedSize: number; size: number; localHeaderOffset: number };
export type DirectoryEnd = { entries: number; offset: number; size: number };

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;
/** The end record (22 bytes) with the longest comment, and the ZIP64 locator before it. */
export const ZIP_TAIL_BYTES = 22 + 0xffff + 20;

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const u64 = (v: DataView, at: number) => Number(v.getBigUint64(at, true));
const decoder = new TextDecoder();

/**
 * Where the central directory is, from the file's last `ZIP_TAIL_BYTES` bytes (or all of a smaller
 * file). A ZIP64 archive gives the offset of its ZIP64 end record instead: read 56 bytes there
 * and pass them to `zip64DirectoryEnd`.
 */
export function directoryEnd(tail: Uint8Array): DirectoryEnd | { zip64EndAt: number } {
  const v = view(tail);
  for (let i = tail.length - 22; i >= 0; i--) {
    if (v.getUint32(i, true) !== EOCD) continue;
    const end = { entries: v.getUint16(i + 10, true), size: v.getUint32(i + 12, true), offset: v.getUint32(i + 16, true) };
    const zip64 = end.entries === 0xffff || end.size === MAX32 || end.offset === MAX32;
    if (zip64 && i >= 20 && v.getUint32(i - 20, true) === ZIP64_LOCATOR) return { zip64EndAt: u64(v, i - 20 + 8) };
    return end;
  }
  throw new Error("no end of central directory");
}

export function zip64DirectoryEnd(record: Uint8Array): DirectoryEnd {
  const v = view(record);
  if (record.length < 56 || v.getUint32(0, true) !== ZIP64_EOCD) throw new Error("ZIP64 end of central directory is damaged");
  return { entries: u64(v, 32), size: u64(v, 40), offset: u64(v, 48) };
}

/** The entries of a central directory (`directory`: its `size` bytes from `offset`). */
export function directoryEntries(directory: Uint8Array, count: number): ZipEntry[] {
  const v = view(directory);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > directory.length || v.getUint32(at, true) !== CENTRAL) throw new Error("central directory is damaged");
    const nameLength = v.getUint16(at + 28, true);
    const extraLength = v.getUint16(at + 30, true);
    const entry: ZipEntry = {
      name: decoder.decode(directory.subarray(at + 46, at + 46 + nameLength)),
      method: v.getUint16(at + 10, true),
      compressedSize: v.getUint32(at + 20, true),
      size: v.getUint32(at + 24, true),
      localHeaderOffset: v.getUint32(at + 42, true),
    };
    readZip64Extra(directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), entry);
    entries.push(entry);
    at += 46 + nameLength + extraLength + v.getUint16(at + 32, true);
  }
  return entries;
}

/** The ZIP64 extra field (id 1) holds, in this order, each of the three values whose 32-bit field is full. */
function readZip64Extra(extra: Uint8Array, entry: ZipEntry): void {
  const v = view(extra);
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = v.getUint16(at, true);
    const length = v.getUint16(at + 2, true);
    if (id === 1) {
      let field = at + 4;
      const next = () => {
        if (field + 8 > at + 4 + length) throw new Error("ZIP64 extra field is damaged");
        const value = u64(v, field);
        field += 8;
        return value;
      };
      if (entry.size === MAX32) entry.size = next();
      if (entry.compressedSize === MAX32) entry.compressedSize = next();
      if (entry.localHeaderOffset === MAX32) entry.localHeaderOffset = next();
      return;
    }
    at += 4 + length;
  }
}

/** How many bytes of an entry's local header `dataOffset` reads: the fixed part and the name. */
export const localHeaderLength = (entry: ZipEntry) => 30 + new TextEncoder().encode(entry.name).length;

/**
 * Where an entry's data starts, from its local header (`localHeaderLength` bytes). The header must
 * name the same file as the central directory: a reader that walks the local headers instead must
 * not find other files than the ones verified.
 */
export function dataOffset(entry: ZipEntry, localHeader: Uint8Array): number {
  const v = view(localHeader);
  if (localHeader.length < localHeaderLength(entry) || v.getUint32(0, true) !== LOCAL) throw new Error("its local header is damaged");
  const nameLength = v.getUint16(26, true);
  if (decoder.decode(localHeader.subarray(30, 30 + nameLength)) !== entry.name) throw new Error("its local header names another file than the central directory");
  return entry.localHeaderOffset + 30 + nameLength + v.getUint16(28, true);
}

export const STORED = 0;
export const DEFLATED = 8;

/**
 * The entries whose data a reader checks: the first of each name (a second copy is itself a problem,
 * reported from the names), each stored or deflated (the only methods a pack uses).
 */
export function entriesToRead(entries: readonly ZipEntry[]): ZipEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => seen.size < seen.add(e.name).size);
}

export function checkMethod(entry: ZipEntry): void {
  if (entry.method !== STORED && entry.method !== DEFLATED) throw new Error(`compression method ${entry.method} is not one a pack uses`);
}

/** The entries of a zip held in memory. */
export function zipEntries(zip: Uint8Array): ZipEntry[] {
  const tailStart = Math.max(0, zip.length - ZIP_TAIL_BYTES);
  let end = directoryEnd(zip.subarray(tailStart));
  if ("zip64EndAt" in end) end = zip64DirectoryEnd(zip.subarray(end.zip64EndAt, end.zip64EndAt + 56));
  return directoryEntries(zip.subarray(end.offset, end.offset + end.size), end.entries);
}
