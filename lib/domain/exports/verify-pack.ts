import { createHash } from "node:crypto";
import { hashEvent, type ChainedEvent } from "../audit-chain";

/**
 * Verifies an evidence pack (DESIGN §8.4) given its files: every file the manifest lists is there
 * with the same SHA-256 and size, nothing unlisted was added, and the audit-log extract is an
 * unbroken piece of the hash chain (each event's hash recomputed, each prev_hash equal to the hash of
 * the line before). Returns every problem found, naming the file.
 */
export type PackCheck = { ok: boolean; problems: string[]; files: number; auditEvents: number };

type Manifest = { format?: unknown; files?: { path: string; sha256: string; bytes: number }[]; auditChainHead?: { seq: number; hash: string } | null };

const decoder = new TextDecoder();

export function verifyPack(files: ReadonlyMap<string, Uint8Array>): PackCheck {
  const problems: string[] = [];
  const raw = files.get("manifest.json");
  if (!raw) return { ok: false, problems: ["manifest.json is missing"], files: 0, auditEvents: 0 };
  let manifest: Manifest;
  try {
    manifest = JSON.parse(decoder.decode(raw)) as Manifest;
  } catch {
    return { ok: false, problems: ["manifest.json is not valid JSON (altered?)"], files: 0, auditEvents: 0 };
  }
  if (manifest.format !== "steward-evidence-pack/v1" || !Array.isArray(manifest.files)) return { ok: false, problems: ["manifest.json: not a steward-evidence-pack/v1 manifest"], files: 0, auditEvents: 0 };
  const listed = new Set<string>();
  for (const f of manifest.files) {
    listed.add(f.path);
    const data = files.get(f.path);
    if (!data) {
      problems.push(`${f.path}: missing from the pack`);
      continue;
    }
    const sha = createHash("sha256").update(data).digest("hex");
    // Either this file or manifest.json was altered: the message names both.
    if (sha !== f.sha256 || data.length !== f.bytes) problems.push(`${f.path}: altered, or manifest.json is (SHA-256 ${sha} ≠ ${f.sha256} in manifest.json)`);
  }
  for (const path of files.keys()) if (path !== "manifest.json" && !listed.has(path)) problems.push(`${path}: not listed in the manifest (added?)`);
  let auditEvents = 0;
  const extract = files.get("audit-log.jsonl");
  if (extract && listed.has("audit-log.jsonl")) {
    let previous: { seq: number; hash: string } | null = null;
    const lines = decoder.decode(extract).split("\n").filter((l) => l !== "");
    for (const [index, line] of lines.entries()) {
      let event: ChainedEvent & { anchor?: boolean };
      try {
        const parsed = JSON.parse(line) as ChainedEvent & { anchor?: boolean; occurredAt: string };
        event = { ...parsed, occurredAt: new Date(parsed.occurredAt) };
      } catch {
        problems.push(`audit-log.jsonl: line ${index + 1} is not JSON`);
        break;
      }
      const { anchor: _anchor, ...fields } = event;
      if (hashEvent(fields) !== event.hash) {
        problems.push(`audit-log.jsonl: event ${event.seq} does not hash to its recorded hash`);
        break;
      }
      if (previous && (event.seq !== previous.seq + 1 || event.prevHash !== previous.hash)) {
        problems.push(`audit-log.jsonl: event ${event.seq} does not chain to event ${previous.seq}`);
        break;
      }
      previous = { seq: event.seq, hash: event.hash };
      if (!event.anchor) auditEvents++;
    }
  }
  return { ok: problems.length === 0, problems, files: manifest.files.length, auditEvents };
}
