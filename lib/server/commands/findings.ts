import "server-only";
import { eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { credentials, findings, people } from "@/db/schema";
import { invalidInput } from "@/lib/errors";
import type { AssignFindingsInput, BulkExceptionInput } from "@/lib/validation/exceptions";
import { audited } from "../audited";
import { auditContext, type RequestContext } from "../context";
import { checkApprover, checkExpiry, exceptFindings, insertExceptions, liveExceptionPairs } from "../governance/exceptions";

/**
 * Findings triage (issue 16): security assigns findings to a person and accepts the risk of several
 * findings at once. Each runs in one audited transaction with an event per finding; the chosen
 * findings are locked first, so a concurrent posture run or a second triage waits rather than
 * interleaves. A finding the action no longer fits (resolved meanwhile, already excepted) is
 * skipped and counted, not an error: the list the user chose from may be a few seconds old.
 */

/** Locks the chosen findings; an id that names no finding is a field error (the list is the user's input). */
async function lockFindings(tx: Tx, ids: readonly string[]) {
  const rows = await tx
    .select({ id: findings.id, ruleId: findings.ruleId, credentialId: findings.credentialId, status: findings.status, assigneePersonId: findings.assigneePersonId, credentialStatus: credentials.status })
    .from(findings)
    .innerJoin(credentials, eq(credentials.id, findings.credentialId))
    .where(inArray(findings.id, [...ids]))
    .for("update", { of: findings });
  if (rows.length !== ids.length) throw invalidInput({ findingIds: ["names a finding that does not exist"] }, "A chosen finding does not exist");
  return rows;
}

/** Assigns open or excepted findings to an active person, or unassigns them (null). Resolved ones are skipped. */
export async function assignFindings(db: Db, ctx: RequestContext, input: AssignFindingsInput, now: Date = new Date()) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    if (input.assigneePersonId) {
      const [person] = await tx.select({ isActive: people.isActive }).from(people).where(eq(people.id, input.assigneePersonId));
      if (!person?.isActive) throw invalidInput({ assigneePersonId: ["must be an active person"] }, "The assignee must be an active person");
    }
    const rows = await lockFindings(tx, input.findingIds);
    const changing = rows.filter((r) => r.status !== "resolved" && r.assigneePersonId !== input.assigneePersonId);
    if (changing.length > 0) {
      const to = input.assigneePersonId;
      await tx.update(findings).set({ assigneePersonId: to, updatedAt: now }).where(inArray(findings.id, changing.map((r) => r.id)));
      await audit.many(
        changing.map((r) => ({ action: "finding.assigned", targetType: "credential", targetId: r.credentialId, payload: { findingId: r.id, ruleId: r.ruleId, fromPersonId: r.assigneePersonId, toPersonId: to } })),
      );
    }
    return { assigned: changing.length, skipped: rows.length - changing.length };
  });
}

/**
 * Accepts the risk of each chosen open finding (DESIGN §5.3): one exception per finding's rule and
 * credential, with the same terms, and the finding excepted under it. Findings not open, on a
 * decommissioned credential, or already accepted by a live exception are skipped.
 */
export async function exceptFindingsInBulk(db: Db, ctx: RequestContext, input: BulkExceptionInput, now: Date = new Date()) {
  checkExpiry(input.expiresAt, now);
  return audited(db, auditContext(ctx), async (tx, audit) => {
    await checkApprover(tx, input.approverPersonId);
    const rows = await lockFindings(tx, input.findingIds);
    const open = rows.filter((r) => r.status === "open" && r.credentialStatus !== "decommissioned");
    const accepted = await liveExceptionPairs(tx, open, now);
    const chosen = open.filter((r) => !accepted.has(`${r.ruleId}|${r.credentialId}`));
    const exceptionIds = await insertExceptions(tx, audit, ctx.actor?.userId ?? null, input, chosen.map((r) => ({ ruleId: r.ruleId, credentialId: r.credentialId, filter: null })));
    const excepted = await exceptFindings(tx, audit, chosen, now);
    return { exceptions: exceptionIds.length, excepted, skipped: rows.length - chosen.length };
  });
}
