import "server-only";
import fs from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { createInflateRaw } from "node:zlib";
import { fail, message, PackVerifier, unreadable, type PackCheck, type PackOptions } from "@/lib/domain/exports/verify-pack";
import { checkMethod, dataOffset, DEFLATED, directoryEnd, directoryEntries, entriesToRead, localHeaderLength, zip64DirectoryEnd, ZIP_TAIL_BYTES, type ZipEntry } from "@/lib/domain/exports/zip-directory";

/**
 * `npm run evidence:verify`'s reader (issue 17): the pack checked from its file, one entry streamed
 * and inflated at a time into the same checks as `verifyPackZip`. A pack of a million credentials is
 * gigabytes (ZIP64): read whole, it would not fit in a buffer, let alone in memory unzipped.
 */
export async function verifyPackFile(path: string, options: PackOptions = {}): Promise<PackCheck> {
  const zip = await openZipFile(path);
  try {
    let entries: ZipEntry[];
    try {
      entries = await zip.entries();
    } catch (error) {
      return fail(`not a readable zip (${message(error)})`, options);
    }
    const verifier = new PackVerifier(options, entries.map((e) => e.name));
    for (const entry of entriesToRead(entries)) {
      try {
        const sink = verifier.file(entry.name);
        await zip.read(entry, (chunk) => sink.update(chunk));
        sink.end();
      } catch (error) {
        return unreadable(entry, error, options);
      }
    }
    return verifier.result();
  } finally {
    await zip.close();
  }
}

/** A zip file read in place: its central directory, and each entry's bytes streamed and inflated. */
export async function openZipFile(path: string) {
  const file = await fs.open(path, "r");
  const bytesAt = async (offset: number, length: number) => {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, offset);
    return buffer.subarray(0, bytesRead);
  };
  return {
    async entries(): Promise<ZipEntry[]> {
      const { size } = await file.stat();
      const tailStart = Math.max(0, size - ZIP_TAIL_BYTES);
      let end = directoryEnd(await bytesAt(tailStart, size - tailStart));
      if ("zip64EndAt" in end) end = zip64DirectoryEnd(await bytesAt(end.zip64EndAt, 56));
      return directoryEntries(await bytesAt(end.offset, end.size), end.entries);
    },
    /** Hands the entry's uncompressed bytes to `onChunk`, in order. */
    async read(entry: ZipEntry, onChunk: (chunk: Uint8Array) => void): Promise<void> {
      checkMethod(entry);
      const start = dataOffset(entry, await bytesAt(entry.localHeaderOffset, localHeaderLength(entry)));
      if (entry.compressedSize === 0) return;
      const source = file.createReadStream({ start, end: start + entry.compressedSize - 1, autoClose: false });
      const into = async (chunks: AsyncIterable<Buffer>) => {
        for await (const chunk of chunks) onChunk(chunk);
      };
      if (entry.method === DEFLATED) await pipeline(source, createInflateRaw(), into);
      else await pipeline(source, into);
    },
    close: () => file.close(),
  };
}
