import { createHash } from "node:crypto";
import { unzipSync } from "fflate";
import { checkpointMessage, type Checkpoint } from "../audit-checkpoint";
import { canonicalJson, GENESIS_HASH, hashEvent, type ChainedEvent } from "../audit-chain";
import { verifySignature } from "../signature";
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
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error("no end of central directory");
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error("central directory is damaged");
    const nameLength = view.getUint16(at + 28, true);
    names.push(decoder.decode(zip.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return names;
}

/** A pack as downloaded: refuses duplicate entries (a reader could show the copy that was not verified), then checks the files. */
export function verifyPackZip(zip: Uint8Array, options: PackOptions = {}): PackCheck {
  let files: Record<string, Uint8Array>;
  let names: string[];
  try {
    names = zipEntryNames(zip);
    files = unzipSync(zip);
  } catch (error) {
    return fail(`not a readable zip (${error instanceof Error ? error.message : String(error)})`, options);
  }
  const seen = new Set<string>();
  const duplicates = names.filter((n) => seen.size === seen.add(n).size);
  const check = verifyPack(new Map(Object.entries(files)), options);
  if (duplicates.length === 0) return check;
  const problems = [...new Set(duplicates)].map((n) => `${n}: appears more than once in the zip (a second copy could be read instead of the verified one)`);
  return { ...check, ok: false, problems: [...problems, ...check.problems] };
}

function fail(problem: string, options: PackOptions): PackCheck {
  return { ok: false, problems: [problem], files: 0, auditEvents: 0, pinned: options.publicKey !== undefined };
}

export function verifyPack(files: ReadonlyMap<string, Uint8Array>, options: PackOptions = {}): PackCheck {
  const raw = files.get("manifest.json");
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
  const problems = [...signatureProblems(raw, manifest, files.get("manifest.sig"), options), ...fileProblems(manifest.files, files)];
  const event = manifest.exportEvent;
  problems.push(...exportEventProblems(manifest, manifest.files));
  problems.push(...checkpointProblems(files.get("audit-checkpoint.json"), manifest.publicKey));
  const extract = files.get("audit-log.jsonl");
  const chain = extract && event ? extractProblems(extract, event, isNarrowed(manifest.scope ?? {})) : { problems: [], events: 0 };
  problems.push(...chain.problems);
  return { ok: problems.length === 0, problems, files: manifest.files.length, auditEvents: chain.events, pinned: options.publicKey !== undefined };
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

function fileProblems(listed: readonly ManifestFile[], files: ReadonlyMap<string, Uint8Array>): string[] {
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
    const sha = sha256(data);
    // Either this file or manifest.json was altered: the message names both.
    if (sha !== f.sha256 || data.length !== f.bytes) problems.push(`${f.path}: altered, or manifest.json is (SHA-256 ${sha} ≠ ${f.sha256} in manifest.json)`);
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
 * event's prev_hash. An unscoped pack may omit events only for the period, never for scope.
 */
function extractProblems(extract: Uint8Array, head: ChainedEvent, narrowed: boolean): { problems: string[]; events: number } {
  const file = "audit-log.jsonl";
  let expected = 1;
  let previous = GENESIS_HASH;
  let events = 0;
  const lines = decoder.decode(extract).split("\n").filter((l) => l !== "");
  for (const [index, text] of lines.entries()) {
    let line: Line;
    try {
      line = JSON.parse(text) as Line;
    } catch {
      return { problems: [`${file}: line ${index + 1} is not JSON`], events };
    }
    if ("omitted" in line) {
      const o = line.omitted;
      if (o.fromSeq !== expected || o.toSeq < o.fromSeq) return { problems: [`${file}: line ${index + 1} omits seq ${o.fromSeq}–${o.toSeq}, but seq ${expected} comes next (events cut out?)`], events };
      if (!narrowed && o.reason === "outside the scope") return { problems: [`${file}: line ${index + 1} omits events as outside the scope, but this pack is not scoped`], events };
      expected = o.toSeq + 1;
      previous = o.lastHash;
      continue;
    }
    if (hashEvent({ ...line, occurredAt: new Date(line.occurredAt) }) !== line.hash) return { problems: [`${file}: event ${line.seq} does not hash to its recorded hash`], events };
    if (line.seq !== expected || line.prevHash !== previous) return { problems: [`${file}: event ${line.seq} does not chain to the line before (seq ${expected - 1})`], events };
    expected = line.seq + 1;
    previous = line.hash;
    events++;
  }
  if (lines.length === 0 && head.seq > 1) return { problems: [`${file}: empty, but the chain head is seq ${head.seq}: the extract must reach seq ${head.seq - 1}`], events };
  if (expected !== head.seq) return { problems: [`${file}: ends at seq ${expected - 1}, but the export event is seq ${head.seq} (truncated?)`], events };
  if (previous !== head.prevHash) return { problems: [`${file}: its last line does not hash to the export event's prev_hash (re-chained?)`], events };
  return { problems: [], events };
}
