import "server-only";
/**
 * Signed audit checkpoints written outside the database (issue 13 item 13): the `audit-checkpoint`
 * job signs the chain head (seq + hash) with the instance key and writes it to AUDIT_CHECKPOINT_DIR
 * (default <data dir>/audit-checkpoints) as latest.json, atomically; `npm run audit:verify` checks
 * the database against it and reports truncation. An operator who copies the directory elsewhere
 * (or points it at another mount) keeps the anchor out of reach of whoever controls the database.
 *
 * Plain Node module (no next/*, no server-only), so scripts and the scheduler harness can load it.
 */
import fs from "node:fs";
import path from "node:path";
import { desc, eq } from "drizzle-orm";
import { dataDir } from "@/db";
import type { Queryable } from "@/db/client";
import { ensurePrivateDataDir } from "@/db/data-dir";
import { auditEvents } from "@/db/schema";
import { checkpointMessage, judgeCheckpoint, type Checkpoint, type CheckpointVerdict } from "@/lib/domain/audit-checkpoint";
import { env } from "@/lib/env";
import { instanceSigningKey, sign, verifySignature, type SigningKey } from "./signing";

const LATEST = "latest.json";

export function checkpointDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ env().AUDIT_CHECKPOINT_DIR ?? path.join(/*turbopackIgnore: true*/ dataDir(), "audit-checkpoints"));
}

async function head(db: Queryable) {
  const [row] = await db.select({ seq: auditEvents.seq, hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
  return row;
}

/** The latest checkpoint in `dir`, or null when none was written yet. */
export function readLatestCheckpoint(dir: string = checkpointDir()): Checkpoint | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, LATEST), "utf8")) as Checkpoint;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Scheduler job: sign and write the chain head when it moved since the last checkpoint. */
export async function writeAuditCheckpoint(db: Queryable, now: Date, dir: string = checkpointDir(), key: SigningKey = instanceSigningKey()): Promise<{ seq: number | null; written: boolean }> {
  const top = await head(db);
  if (!top) return { seq: null, written: false };
  if (readLatestCheckpoint(dir)?.seq === top.seq) return { seq: top.seq, written: false };
  const at = now.toISOString();
  const checkpoint: Checkpoint = { version: 1, seq: top.seq, hash: top.hash, at, publicKey: key.publicKey, signature: sign(key, checkpointMessage({ seq: top.seq, hash: top.hash, at })) };
  ensurePrivateDataDir(dir);
  // Write then rename: a reader (or a crash) never sees half a checkpoint.
  const tmp = path.join(dir, `.${LATEST}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, `${JSON.stringify(checkpoint, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, path.join(dir, LATEST));
  return { seq: top.seq, written: true };
}

/** The database against the latest checkpoint (none yet: nothing to compare, ok). */
export async function verifyAgainstCheckpoint(
  db: Queryable,
  dir: string = checkpointDir(),
  publicKey: string = instanceSigningKey().publicKey,
): Promise<{ checkpoint: Checkpoint | null; verdict: CheckpointVerdict }> {
  const checkpoint = readLatestCheckpoint(dir);
  if (!checkpoint) return { checkpoint, verdict: { ok: true } };
  const top = await head(db);
  const [atSeq] = Number.isSafeInteger(checkpoint.seq) ? await db.select({ hash: auditEvents.hash }).from(auditEvents).where(eq(auditEvents.seq, checkpoint.seq)) : [];
  const verdict = judgeCheckpoint(
    checkpoint,
    { headSeq: top?.seq ?? 0, hashAtCheckpoint: atSeq?.hash ?? null },
    {
      keyMatches: checkpoint.publicKey === publicKey,
      signatureValid: verifySignature(publicKey, checkpointMessage({ seq: checkpoint.seq, hash: checkpoint.hash, at: checkpoint.at }), checkpoint.signature),
    },
  );
  return { checkpoint, verdict };
}
