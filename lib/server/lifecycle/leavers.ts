import "server-only";
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { Audit } from "../audited";
import type { RequestContext } from "../context";
import { revokeExceptionsApprovedBy } from "../governance/exceptions";
import { deactivateUserInTx } from "../users";

// Apart from departures.ts (orphaned findings, reassignment), which the inventory services import:
// deactivating a user revokes their API tokens through the decommission service, which imports the
// inventory services, so living there would close an import cycle.

/**
 * A person leaves the organisation (DESIGN §4.4), inside the transaction that marks them inactive:
 * - their linked user (same email) is deactivated at once: sessions end (session version) and their
 *   live API tokens are revoked, so neither comes back if the user is reactivated later;
 * - every live exception they approved is revoked and its findings reopen (see
 *   `revokeExceptionsApprovedBy`): an accepted risk needs someone still here to accept it;
 * - their approvals of pending rotation requests stop counting — derived at every read from the
 *   user's and person's active flags (db/queries/rotations `approvalsOf`), so nothing is rewritten
 *   and the audit trail still shows who approved what, when. Decisions already taken stand.
 * Completed reviews stay as evidence: they attested the credential while the reviewer was here.
 * Refused for the actor's own person: nobody locks themselves out by accident.
 */
export async function departPersonInTx(tx: Tx, audit: Audit, ctx: RequestContext, person: { id: string; email: string; name: string }, now: Date = new Date()) {
  const linked = await tx.select({ id: users.id, isActive: users.isActive }).from(users).where(eq(users.email, person.email));
  if (linked.some((u) => u.id === ctx.actor?.userId)) {
    throw new AppError("INVALID_STATE", "You cannot mark yourself as having left: ask another admin", { fields: { isActive: ["cannot be cleared on your own person"] } });
  }
  // Through the one road to deactivation, so the leaver's sessions and tokens end with it.
  const deactivated = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.email, person.email), eq(users.isActive, true)));
  await audit.many(deactivated.map((u) => ({ action: "user.deactivated", targetType: "user", targetId: u.id, payload: { email: u.email, personId: person.id, reason: "person left the organisation" } })));
  for (const user of deactivated) await deactivateUserInTx(tx, audit, ctx, user.id, now);
  const exceptions = await revokeExceptionsApprovedBy(tx, audit, person, ctx.actor?.userId ?? null, now);
  return { deactivatedUserIds: deactivated.map((u) => u.id), revokedExceptionIds: exceptions };
}
