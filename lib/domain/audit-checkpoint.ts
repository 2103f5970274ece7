/**
 * Audit checkpoints (issue 13 item 13): the hash chain shows an edited or removed event in the
 * middle, but not the newest events deleted together — the shorter chain is still a valid chain. A
 * signed checkpoint (head seq + hash) kept outside the database anchors the head: a database whose
 * chain no longer reaches it, or reaches it with another hash, has lost or rewritten history. Pure.
 */
import { canonicalJson } from "./audit-chain";

export type CheckpointHead = { seq: number; hash: string; at: string };
export type Checkpoint = CheckpointHead & { version: 1; /** SPKI DER, base64 */ publicKey: string; signature: string };

/** The exact text that is signed: canonical JSON with a purpose tag, so no other signed text passes for it. */
export function checkpointMessage(head: CheckpointHead): string {
  return canonicalJson({ purpose: "steward-audit-checkpoint", version: 1, seq: head.seq, hash: head.hash, at: head.at });
}

export type CheckpointVerdict =
  | { ok: true }
  | { ok: false; reason: "truncated" | "hash_mismatch" | "bad_signature" | "foreign_key"; message: string };

/**
 * Judges the database against a checkpoint whose signature has been checked (`signatureValid`)
 * with the pinned key (`keyMatches`): the database head must be at or past the checkpoint, with
 * the same hash at the checkpoint's seq.
 */
export function judgeCheckpoint(
  checkpoint: Checkpoint,
  db: { headSeq: number; hashAtCheckpoint: string | null },
  check: { keyMatches: boolean; signatureValid: boolean },
): CheckpointVerdict {
  if (!check.keyMatches) return { ok: false, reason: "foreign_key", message: "the checkpoint is signed with another key than this instance's" };
  if (!check.signatureValid) return { ok: false, reason: "bad_signature", message: "the checkpoint's signature does not verify: it was altered" };
  if (db.headSeq < checkpoint.seq) {
    return {
      ok: false,
      reason: "truncated",
      message: `TRUNCATED: the database ends at seq ${db.headSeq}, but a checkpoint signed at ${checkpoint.at} saw seq ${checkpoint.seq}; ${checkpoint.seq - db.headSeq} newest events are missing`,
    };
  }
  if (db.hashAtCheckpoint !== checkpoint.hash) {
    return { ok: false, reason: "hash_mismatch", message: `the event at seq ${checkpoint.seq} has another hash than the checkpoint signed at ${checkpoint.at}: history was rewritten` };
  }
  return { ok: true };
}
