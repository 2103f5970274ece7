import { createHash } from "node:crypto";
import { inflateSync } from "fflate";
import { checkpointMessage, type Checkpoint } from "../audit-checkpoint";
import { canonicalJson, GENESIS_HASH, hashEvent, type ChainedEvent } from "../audit-chain";
import { verifySignature } from "../signature";
import { checkMethod, dataOffset, DEFLATED, localHeaderLength, entriesToRead, zipEntries, type ZipEntry } from "./zip-directory";
import { isNarrowed, manifestMessage, PACK_FORMAT, packDataFileNames, packFileNames, type OmittedRange } from "./pack-format";

/**
 * Verifies an evidence pack (DESIGN §8.4), assuming an attacker who can edit any file and recompute
 * any hash: the manifest's Ed25519 signature (against a pinned instance key when given), the fixed set
 * of files of a v2 pack, every file's SHA-256, the export's own audit event (it hashes to the chain
 * head and records the same scope and file hashes), and the audit extract as one unbroken chain from
 * the first event to the export event's predecessor. Returns every problem found, naming the file.
 */
export type PackCheck = { ok: boolean; problems: string[]; files: number; auditEvents: number; pinned: boolean };
export type PackOptions = { /** The instance's public key (SPKI DER, base64) from a trusted source. */ publicKey?: string };

type ManifestFile = { path: string; sha256: string; bytes: number };
type Manifest = {
  format?: unknown;
  scope?: unknown;
  exportId?: unknown;
  asOf?: unknown;
  files?: ManifestFile[];
  auditChainHead?: { seq: number; hash: string } | null;
  exportEvent?: ChainedEvent & { occurredAt: string | Date };
  publicKey?: unknown;
};

const decoder = new TextDecoder();
const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

/** The names in a zip's central directory, in order: unzipping keeps one entry per name, so duplicates are found here. */
export function zipEntryNames(zip: Uint8Array): string[] {
  return zipEntries(zip).map((e) => e.name);
}

/** A pack as downloaded, in memory: refuses duplicate entries (a reader could show the copy that was not verified), then checks the files. */
export function verifyPackZip(zip: Uint8Array, options: PackOptions = {}): PackCheck {
  let entries: ZipEntry[];
  try {
    entries = zipEntries(zip);
  } catch (error) {
    return fail(`not a readable zip (${message(error)})`, options);
  }
  const verifier = new PackVerifier(options, entries.map((e) => e.name));
  for (const entry of entriesToRead(entries)) {
    try {
      checkMethod(entry);
      const start = dataOffset(entry, zip.subarray(entry.localHeaderOffset, entry.localHeaderOffset + localHeaderLength(entry)));
      const data = zip.subarray(start, start + entry.compressedSize);
      const sink = verifier.file(entry.name);
      sink.update(entry.method === DEFLATED ? inflateSync(data) : data);
      sink.end();
    } catch (error) {
      return unreadable(entry, error, options);
    }
  }
  return verifier.result();
}

export const unreadable = (entry: ZipEntry, error: unknown, options: PackOptions) => fail(`${entry.name}: cannot be read from the zip (${message(error)})`, options);
export const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function fail(problem: string, options: PackOptions): PackCheck {
  return { ok: false, problems: [problem], files: 0, auditEvents: 0, pinned: options.publicKey !== undefined };
}

/** The pack's files in memory (name → bytes); `names` are the zip's entries, duplicates included, when known. */
export function verifyPack(files: ReadonlyMap<string, Uint8Array>, options: PackOptions = {}, names?: readonly string[]): PackCheck {
  const verifier = new PackVerifier(options, names);
  for (const [name, data] of files) {
    const file = verifier.file(name);
    file.update(data);
    file.end();
  }
  return verifier.result();
}

/** The files whose bytes the checks read whole; they are small. Every other file is only hashed (and the extract walked) as it streams. */
const readWhole = new Set(["manifest.json", "manifest.sig", "audit-checkpoint.json"]);

/**
 * The checks, fed one file at a time as its bytes arrive (issue 17: a pack of a million credentials is
 * gigabytes, more than a process can hold): each file's SHA-256 and size are computed as it streams,
 * the audit extract is walked line by line, and only the manifest, its signature and the checkpoint
 * are kept. `result()` runs the checks once every file has been fed.
 */
export class PackVerifier {
  private readonly digests = new Map<string, { sha256: string; bytes: number }>();
  private readonly whole = new Map<string, Uint8Array>();
  private extract: ExtractWalk | null = null;

  constructor(
    private readonly options: PackOptions = {},
    /** The zip's entry names in order, duplicates included (a second copy could be read instead of the verified one). */
    private readonly names?: readonly string[],
  ) {}

  /** A sink for one file's bytes, in order; `end()` once they are all given. */
  file(name: string): { update(chunk: Uint8Array): void; end(): void } {
    const hash = createHash("sha256");
    const parts: Uint8Array[] = [];
    const walk = name === "audit-log.jsonl" ? (this.extract = new ExtractWalk()) : null;
    let bytes = 0;
    return {
      update: (chunk) => {
        hash.update(chunk);
        bytes += chunk.length;
        if (readWhole.has(name)) parts.push(chunk);
        walk?.update(chunk);
      },
      end: () => {
        walk?.end();
        this.digests.set(name, { sha256: hash.digest("hex"), bytes });
        if (readWhole.has(name)) this.whole.set(name, Buffer.concat(parts));
      },
    };
  }

  result(): PackCheck {
    const check = this.check();
    const seen = new Set<string>();
    const duplicates = (this.names ?? []).filter((n) => seen.size === seen.add(n).size);
    if (duplicates.length === 0) return check;
    const problems = [...new Set(duplicates)].map((n) => `${n}: appears more than once in the zip (a second copy could be read instead of the verified one)`);
    return { ...check, ok: false, problems: [...problems, ...check.problems] };
  }

  private check(): PackCheck {
    const { options } = this;
    const raw = this.whole.get("manifest.json");
    if (!raw) return fail("manifest.json is missing", options);
    let manifest: Manifest;
    try {
      manifest = JSON.parse(decoder.decode(raw)) as Manifest;
    } catch {
      return fail("manifest.json is not valid JSON (altered?)", options);
    }
    if (manifest.format !== PACK_FORMAT || !Array.isArray(manifest.files)) {
      return fail(`manifest.json: not a ${PACK_FORMAT} manifest (earlier packs were unsigned and cannot be verified)`, options);
    }
    const problems = [...signatureProblems(raw, manifest, this.whole.get("manifest.sig"), options), ...fileProblems(manifest.files, this.digests)];
    const event = manifest.exportEvent;
    problems.push(...exportEventProblems(manifest, manifest.files));
    problems.push(...checkpointProblems(this.whole.get("audit-checkpoint.json"), manifest.publicKey));
    const chain = this.extract && event ? this.extract.problems(event, isNarrowed(manifest.scope ?? {})) : { problems: [], events: 0 };
    problems.push(...chain.problems);
    return { ok: problems.length === 0, problems, files: manifest.files.length, auditEvents: chain.events, pinned: options.publicKey !== undefined };
  }
}

function signatureProblems(raw: Uint8Array, manifest: Manifest, signature: Uint8Array | undefined, options: PackOptions): string[] {
  const key = typeof manifest.publicKey === "string" ? manifest.publicKey : null;
  if (!key) return ["manifest.json: carries no public key"];
  const problems: string[] = [];
  if (options.publicKey !== undefined && options.publicKey !== key) problems.push("manifest.json: signed with another key than the pinned instance key (re-signed?)");
  if (!signature) problems.push("manifest.sig is missing");
  else if (!verifySignature(key, manifestMessage(sha256(raw)), decoder.decode(signature).trim())) problems.push("manifest.sig: the signature does not match manifest.json (manifest altered or re-signed)");
  return problems;
}

function fileProblems(listed: readonly ManifestFile[], files: ReadonlyMap<string, { sha256: string; bytes: number }>): string[] {
  const problems: string[] = [];
  const listedPaths = new Set(listed.map((f) => f.path));
  for (const path of packDataFileNames) if (!listedPaths.has(path)) problems.push(`${path}: required in a ${PACK_FORMAT} pack, not listed in manifest.json`);
  for (const f of listed) {
    if (!(packDataFileNames as readonly string[]).includes(f.path)) problems.push(`${f.path}: not part of a ${PACK_FORMAT} pack (added?)`);
    const data = files.get(f.path);
    if (!data) {
      problems.push(`${f.path}: missing from the pack`);
      continue;
    }
    // Either this file or manifest.json was altered: the message names both.
    if (data.sha256 !== f.sha256 || data.bytes !== f.bytes) problems.push(`${f.path}: altered, or manifest.json is (SHA-256 ${data.sha256} ≠ ${f.sha256} in manifest.json)`);
  }
  for (const path of files.keys()) if (!packFileNames.includes(path) && !listedPaths.has(path)) problems.push(`${path}: not part of a ${PACK_FORMAT} pack (added?)`);
  return problems;
}

/** The export event is the chain head: it must hash to it, and agree with the manifest on export, scope and files. */
function exportEventProblems(manifest: Manifest, listed: readonly ManifestFile[]): string[] {
  const event = manifest.exportEvent;
  const head = manifest.auditChainHead;
  if (!event || !head) return ["manifest.json: carries no export event or chain head"];
  const problems: string[] = [];
  const fields = { ...event, occurredAt: new Date(event.occurredAt) };
  if (event.seq !== head.seq || event.hash !== head.hash || hashEvent(fields) !== head.hash) problems.push("manifest.json: auditChainHead is not the hash of the export event (chain head altered?)");
  // From a file: the payload may be absent whatever the type says.
  const payload: { scope?: unknown; asOf?: unknown; files?: ManifestFile[] } = (event as { payload?: { scope?: unknown; asOf?: unknown; files?: ManifestFile[] } }).payload ?? {};
  if (event.action !== "compliance.exported" || event.targetId !== manifest.exportId) problems.push("manifest.json: the export event is not this export's compliance.exported event");
  if (canonicalJson(payload.scope ?? null) !== canonicalJson(manifest.scope ?? null)) problems.push("manifest.json: scope differs from the scope recorded in the export's audit event (scope altered?)");
  // The instant whose state the pack shows (DESIGN §8.6): a pack of the past must not pass for another instant's.
  if ((payload.asOf ?? null) !== (manifest.asOf ?? null)) problems.push("manifest.json: asOf differs from the instant recorded in the export's audit event (asOf altered?)");
  const recorded = canonicalJson((payload.files ?? []).map((f) => [f.path, f.sha256]));
  if (recorded !== canonicalJson(listed.map((f) => [f.path, f.sha256]))) problems.push("manifest.json: file hashes differ from those recorded in the export's audit event (files altered?)");
  return problems;
}

/**
 * The checkpoint the pack carries must be the same instance's and intact. Whether the chain still
 * reaches it is `npm run audit:verify`'s question, asked of the live database.
 */
function checkpointProblems(raw: Uint8Array | undefined, publicKey: unknown): string[] {
  if (!raw) return [];
  let checkpoint: Checkpoint | null;
  try {
    checkpoint = JSON.parse(decoder.decode(raw)) as Checkpoint | null;
  } catch {
    return ["audit-checkpoint.json is not valid JSON (altered?)"];
  }
  if (checkpoint === null) return [];
  if (checkpoint.publicKey !== publicKey) return ["audit-checkpoint.json: signed with another key than the manifest"];
  if (!verifySignature(checkpoint.publicKey, checkpointMessage(checkpoint), checkpoint.signature)) return ["audit-checkpoint.json: the checkpoint's signature does not verify (altered?)"];
  return [];
}

type Line = (ChainedEvent & { occurredAt: string }) | { omitted: OmittedRange };

/**
 * The extract must cover seq 1 … head − 1 without a hole: each event re-hashed and chained to the
 * line before, each omitted range starting right after it, and the last hash equal to the export
 * event's prev_hash. An unscoped pack may omit events only for the period, never for scope. Walked
 * line by line as the file streams; the first problem ends the walk (the export event, in the
 * manifest, is only known at the end, as is whether the pack is scoped).
 */
class ExtractWalk {
  private readonly text = new TextDecoder();
  private carry = "";
  private expected = 1;
  private previous = GENESIS_HASH;
  private events = 0;
  private lines = 0;
  private problem: { line: number; events: number; message: string } | null = null;
  /** The first range omitted as outside the scope: a problem only if the pack turns out not to be scoped. */
  private scopeOmission: { line: number; events: number } | null = null;

  update(chunk: Uint8Array): void {
    if (this.problem) return;
    const parts = (this.carry + this.text.decode(chunk, { stream: true })).split("\n");
    this.carry = parts.pop() ?? "";
    for (const part of parts) this.line(part);
  }

  end(): void {
    this.line(this.carry + this.text.decode());
    this.carry = "";
  }

  problems(head: ChainedEvent, narrowed: boolean): { problems: string[]; events: number } {
    const file = "audit-log.jsonl";
    const omission = narrowed ? null : this.scopeOmission;
    if (omission && (!this.problem || omission.line < this.problem.line)) {
      return { problems: [`${file}: line ${omission.line} omits events as outside the scope, but this pack is not scoped`], events: omission.events };
    }
    if (this.problem) return { problems: [`${file}: ${this.problem.message}`], events: this.problem.events };
    if (this.lines === 0 && head.seq > 1) return { problems: [`${file}: empty, but the chain head is seq ${head.seq}: the extract must reach seq ${head.seq - 1}`], events: 0 };
    if (this.expected !== head.seq) return { problems: [`${file}: ends at seq ${this.expected - 1}, but the export event is seq ${head.seq} (truncated?)`], events: this.events };
    if (this.previous !== head.prevHash) return { problems: [`${file}: its last line does not hash to the export event's prev_hash (re-chained?)`], events: this.events };
    return { problems: [], events: this.events };
  }

  private line(text: string): void {
    if (this.problem || text === "") return;
    const index = ++this.lines;
    const stop = (message: string) => (this.problem = { line: index, events: this.events, message });
    let line: Line;
    try {
      line = JSON.parse(text) as Line;
    } catch {
      stop(`line ${index} is not JSON`);
      return;
    }
    if ("omitted" in line) {
      const o = line.omitted;
      if (o.fromSeq !== this.expected || o.toSeq < o.fromSeq) {
        stop(`line ${index} omits seq ${o.fromSeq}–${o.toSeq}, but seq ${this.expected} comes next (events cut out?)`);
        return;
      }
      if (o.reason === "outside the scope") this.scopeOmission ??= { line: index, events: this.events };
      this.expected = o.toSeq + 1;
      this.previous = o.lastHash;
      return;
    }
    if (hashEvent({ ...line, occurredAt: new Date(line.occurredAt) }) !== line.hash) {
      stop(`event ${line.seq} does not hash to its recorded hash`);
      return;
    }
    if (line.seq !== this.expected || line.prevHash !== this.previous) {
      stop(`event ${line.seq} does not chain to the line before (seq ${this.expected - 1})`);
      return;
    }
    this.expected = line.seq + 1;
    this.previous = line.hash;
    this.events++;
  }
}
