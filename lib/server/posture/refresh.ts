import "server-only";
import type { Tx } from "@/db/client";
import type { Audit } from "../audited";
import { asc, gt } from "drizzle-orm";
import { credentials } from "@/db/schema";
import { recomputeDue } from "../inventory/due";
import { recomputePosture, type PostureChange } from "./recompute";
import { syncReviewFollowUps } from "../lifecycle/follow-ups";

/**
 * Everything derived from a credential's inputs, recomputed in the caller's transaction: due dates
 * (DESIGN §4.1), then posture findings (§5.1), which read those dates. Call it wherever the inputs
 * of one or more credentials change.
 */
/** Posture of every credential, in batches (a policy changed; run after `recomputeAllDue`). */
export async function recomputeAllPosture(tx: Tx, audit: Audit, now: Date = new Date()): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const rows: { id: string }[] = await tx
      .select({ id: credentials.id })
      .from(credentials)
      .where(after ? gt(credentials.id, after) : undefined)
      .orderBy(asc(credentials.id))
      .limit(500);
    if (rows.length === 0) return;
    await recomputePosture(tx, audit, rows.map((r) => r.id), now);
    after = rows.at(-1)?.id ?? null;
  }
}

export async function refreshCredentials(tx: Tx, audit: Audit, credentialIds: readonly string[], now: Date = new Date()): Promise<PostureChange> {
  // A reduce-scope review holds once the grants shrink; that sets last reviewed at, an input of the due dates.
  await syncReviewFollowUps(tx, audit, credentialIds, now);
  await recomputeDue(tx, credentialIds, now);
  return recomputePosture(tx, audit, credentialIds, now);
}
