import "server-only";
import { and, asc, eq, inArray, lte } from "drizzle-orm";
import type { Db } from "@/db/client";
import { credentials, rotationRequests } from "@/db/schema";
import { approvalsOf } from "@/db/queries/rotations";
import { decide, rotationSystemActor } from "@/lib/domain/rotation";
import { audited } from "../audited";
import { schedulerAuditContext } from "../context";
import { enqueueNotification } from "../notifications/outbox";
import { snapshotOf } from "./rotation-steps";

const BATCH = 100;

/**
 * Expires rotation requests that have had no decision for 14 days (DESIGN §4.2), as the system
 * actor, a batch per audited transaction. Rows are claimed with FOR UPDATE SKIP LOCKED, so several
 * replicas running this at once each expire different requests and none twice: a request another
 * runner holds is skipped, and once that runner commits it is no longer `requested`.
 */
export async function expireLapsedRotationRequests(db: Db, now: Date): Promise<{ expired: number }> {
  let expired = 0;
  for (;;) {
    const done = await audited(db, schedulerAuditContext, async (tx, audit) => {
      const rows = await tx
        .select()
        .from(rotationRequests)
        .where(and(eq(rotationRequests.state, "requested"), lte(rotationRequests.expiresAt, now)))
        .orderBy(asc(rotationRequests.expiresAt), asc(rotationRequests.id))
        .limit(BATCH)
        .for("update", { skipLocked: true });
      if (rows.length === 0) return 0;
      const ids = rows.map((r) => r.id);
      const [approvals, creds] = await Promise.all([
        approvalsOf(tx, ids),
        tx
          .select({ id: credentials.id, name: credentials.name, owningTeamId: credentials.owningTeamId })
          .from(credentials)
          .where(inArray(credentials.id, [...new Set(rows.map((r) => r.credentialId))])),
      ]);
      const credentialById = new Map(creds.map((c) => [c.id, c]));
      let n = 0;
      for (const row of rows) {
        const decision = decide(snapshotOf(row, approvals.filter((a) => a.requestId === row.id)), { type: "expire" }, rotationSystemActor, now);
        // expires_at is created + 14 days, the same rule `decide` applies; a refusal here means the row is not lapsed after all.
        if (!decision.ok) continue;
        await tx.update(rotationRequests).set({ state: "expired", decidedAt: now, updatedAt: now }).where(eq(rotationRequests.id, row.id));
        await audit({ action: "rotation.expired", targetType: "credential", targetId: row.credentialId, payload: { requestId: row.id, expiresAt: row.expiresAt.toISOString() } });
        const credential = credentialById.get(row.credentialId);
        if (row.requesterId && credential) {
          await enqueueNotification(tx, {
            dedupeKey: `rotation:${row.id}:expired`,
            kind: "rotation.expired",
            subject: `Rotation request expired: ${credential.name}`,
            body: `Your rotation request for "${credential.name}" had no decision within 14 days and expired. Request it again if it is still needed.`,
            link: `/rotations/${row.id}`,
            credentialId: row.credentialId,
            teamId: credential.owningTeamId,
            payload: { rotationRequestId: row.id, state: "expired" },
            recipients: { userIds: [row.requesterId] },
          });
        }
        n += 1;
      }
      // A batch where nothing was lapsed after all still ends the sweep, so it cannot spin.
      return n === 0 ? -1 : n;
    });
    if (done <= 0) break;
    expired += done;
    if (done < BATCH) break;
  }
  return { expired };
}
