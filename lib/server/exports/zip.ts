import "server-only";
import { once } from "node:events";
import { PassThrough } from "node:stream";
import { ZipFile } from "yazl";

/** zlib's default: the pack is mostly CSV and JSON, which level 6 shrinks to about a tenth. */
const LEVEL = 6;

/**
 * The evidence pack's zip, written entry by entry as the files are produced (issue 17). yazl writes
 * ZIP64 records when an entry or the archive passes 4 GB, as a pack of a million credentials does
 * (its controls.csv alone is ~20 GB); zlib deflates on Node's thread pool, beside the one thread
 * that formats the files. The compressed bytes are collected as they come and handed out by
 * `drain`, so the caller yields them at its client's pace; each entry's writes wait while zlib is
 * behind, so memory holds a bounded amount whatever the pack's size.
 */
export function packZip(mtime: Date) {
  const zip = new ZipFile();
  const out: Buffer[] = [];
  zip.outputStream.on("data", (chunk: Buffer) => out.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    zip.outputStream.once("end", resolve);
    zip.outputStream.once("error", reject);
  });
  let failure: Error | null = null;
  let current: PassThrough | null = null;
  ended.catch((error: unknown) => {
    failure = error instanceof Error ? error : new Error(String(error));
    // A write waiting for zlib hears of it through its own stream (racing each wait against
    // `ended` would leave a reaction on that one promise per write: millions at 1M credentials).
    current?.destroy(failure);
  });

  function* drain(): Generator<Uint8Array> {
    if (failure) throw failure;
    for (let next = out.shift(); next; next = out.shift()) yield next;
  }

  return {
    /** Opens the next entry; entries are written one after another, each ended before the next opens. */
    entry(path: string) {
      const input = new PassThrough();
      current = input;
      zip.addReadStream(input, path, { mtime, compressionLevel: LEVEL });
      return {
        async write(data: Uint8Array): Promise<void> {
          if (failure) throw failure;
          if (!input.write(data)) await once(input, "drain");
        },
        end(): void {
          input.end();
        },
      };
    },
    /** The compressed bytes written since the last call. */
    drain,
    /** Ends the archive (central directory) and hands out the rest. */
    async *finish(): AsyncGenerator<Uint8Array> {
      zip.end();
      await ended;
      yield* drain();
    },
  };
}
