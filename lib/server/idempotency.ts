import "server-only";
import { and, eq, lt } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { canonicalJson } from "@/lib/domain/audit-chain";
import { AppError } from "@/lib/errors";
import { fingerprintOf } from "./fingerprint";
import { instanceSecrets } from "./instance-secrets";

/** Writes carry `Idempotency-Key` (DESIGN §8.1): up to 255 visible ASCII characters, e.g. a UUID. */
export const IDEMPOTENCY_HEADER = "idempotency-key";
/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

const fieldError = (message: string) => new AppError("INVALID_INPUT", `Idempotency-Key ${message}`, { fields: { "Idempotency-Key": [message] } });

export function idempotencyKeyOf(headers: Headers): string | null {
  const key = headers.get(IDEMPOTENCY_HEADER);
  if (key === null) return null;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw fieldError("must be 1 to 255 visible ASCII characters");
  return key;
}

/**
 * Same key, same request: method, path with query, and the body compared as canonical JSON (key order
 * aside). An HMAC with the instance pepper, not a plain hash: a body may carry a pasted secret value,
 * and a stored plain SHA-256 would let a database reader confirm guesses of it offline. The prefix
 * keeps these apart from value fingerprints made with the same pepper.
 */
export function requestHash(method: string, pathWithQuery: string, body: unknown, pepper: string = instanceSecrets().fingerprintPepper): string {
  return fingerprintOf(`idempotency-request\n${method} ${pathWithQuery}\n${canonicalJson(body ?? null)}`, pepper);
}

export type Stored = { status: number; body: unknown };
type Outcome = { kind: "fresh"; response: Response } | { kind: "replay"; stored: Stored };

async function existing(db: Db | Tx, userId: string, key: string) {
  const [row] = await db
    .select({ requestHash: idempotencyKeys.requestHash, status: idempotencyKeys.status, body: idempotencyKeys.body })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
  return row;
}

function replayOf(row: { requestHash: string; status: number; body: unknown }, hash: string): Stored {
  if (row.requestHash !== hash) throw fieldError("was already used with a different request; use a new key for a new request");
  if (row.body === null) {
    throw new AppError("CONFLICT", "This request was already applied. Its answer held a secret that is shown only once, so it is not repeated; list the records to see the result");
  }
  return { status: row.status, body: row.body };
}

/**
 * Runs a write at most once per (user, key). The key is claimed inside the same transaction as the
 * write and its response stored there too, so either both commit or neither does: a client that
 * retries after a timeout or a crashed server gets the first answer, never a second effect. A
 * concurrent duplicate waits on the key's unique index until the first commits, then replays it.
 * Failed requests (4xx) roll back with their key: correct the request and send it again.
 * `execute` runs inside the transaction and answers the response plus what to store (null body:
 * the response held a one-time secret).
 */
export async function runIdempotent(
  db: Db,
  scope: { userId: string; key: string; hash: string },
  execute: (tx: Tx) => Promise<{ response: Response; stored: Stored | { status: number; body: null } }>,
  now: Date = new Date(),
): Promise<Outcome> {
  const before = await existing(db, scope.userId, scope.key);
  if (before) return { kind: "replay", stored: replayOf(before, scope.hash) };
  const outcome = await db.transaction(async (tx): Promise<Outcome | null> => {
    const claimed = await tx
      .insert(idempotencyKeys)
      .values({ userId: scope.userId, key: scope.key, requestHash: scope.hash, status: 0, body: null, createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: [idempotencyKeys.userId, idempotencyKeys.key] })
      .returning({ id: idempotencyKeys.id });
    if (claimed.length === 0) return null; // a concurrent request with this key committed first
    const { response, stored } = await execute(tx);
    await tx.update(idempotencyKeys).set({ status: stored.status, body: stored.body, updatedAt: new Date() }).where(and(eq(idempotencyKeys.userId, scope.userId), eq(idempotencyKeys.key, scope.key)));
    return { kind: "fresh", response };
  });
  if (outcome) return outcome;
  const after = await existing(db, scope.userId, scope.key);
  if (!after) throw new AppError("CONFLICT", "A request with this Idempotency-Key is in progress; retry it shortly");
  return { kind: "replay", stored: replayOf(after, scope.hash) };
}

/** Scheduler job: forget keys older than the TTL. */
export async function forgetOldIdempotencyKeys(db: Db, now: Date = new Date()): Promise<{ deleted: number }> {
  const gone = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS))).returning({ id: idempotencyKeys.id });
  return { deleted: gone.length };
}
