import "server-only";
import { and, asc, desc, eq, gt, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db, Queryable, Tx } from "@/db/client";
import { credentials, findingExceptions, findings, people } from "@/db/schema";
import { exceptionState, expiryProblem, filterMatches, type ExceptionFilter } from "@/lib/domain/exceptions";
import { conflict, invalidInput, notFound } from "@/lib/errors";
import { encodeCursor } from "@/lib/validation/common";
import type { CreateExceptionInput, ExceptionTerms } from "@/lib/validation/exceptions";
import { audited, type Audit } from "../audited";
import { auditContext, schedulerAuditContext, type RequestContext } from "../context";

type Live = { id: string; ruleId: string; credentialId: string | null; filter: unknown; expiresAt: Date };

const liveAt = (now: Date) => and(isNull(findingExceptions.revokedAt), isNull(findingExceptions.endedAt), gt(findingExceptions.expiresAt, now));

/**
 * Puts open findings under the active exceptions that cover them (same rule; the same credential, or
 * a filter the credential matches): status `excepted`, `exception_id` set, audited `finding.excepted`.
 * Two reads whatever the number of findings. Returns how many.
 */
export async function exceptFindings(tx: Tx, audit: Audit, candidates: readonly { id: string; ruleId: string; credentialId: string }[], now: Date = new Date()): Promise<number> {
  if (candidates.length === 0) return 0;
  const rules = [...new Set(candidates.map((c) => c.ruleId))];
  const active: Live[] = await tx
    .select({ id: findingExceptions.id, ruleId: findingExceptions.ruleId, credentialId: findingExceptions.credentialId, filter: findingExceptions.filter, expiresAt: findingExceptions.expiresAt })
    .from(findingExceptions)
    .where(and(liveAt(now), inArray(findingExceptions.ruleId, rules)))
    .orderBy(desc(findingExceptions.expiresAt));
  if (active.length === 0) return 0;
  const creds = new Map(
    (await tx.select({ id: credentials.id, owningTeamId: credentials.owningTeamId, environment: credentials.environment }).from(credentials).where(inArray(credentials.id, [...new Set(candidates.map((c) => c.credentialId))]))).map((c) => [c.id, c]),
  );
  const matched: { findingId: string; credentialId: string; ruleId: string; exceptionId: string }[] = [];
  for (const f of candidates) {
    const credential = creds.get(f.credentialId);
    const e = active.find((x) => x.ruleId === f.ruleId && (x.credentialId ? x.credentialId === f.credentialId : Boolean(credential && filterMatches((x.filter ?? {}) as ExceptionFilter, credential))));
    if (e) matched.push({ findingId: f.id, credentialId: f.credentialId, ruleId: f.ruleId, exceptionId: e.id });
  }
  for (const m of matched) {
    await tx.update(findings).set({ status: "excepted", exceptionId: m.exceptionId, updatedAt: now }).where(and(eq(findings.id, m.findingId), eq(findings.status, "open")));
  }
  await audit.many(matched.map((m) => ({ action: "finding.excepted", targetType: "credential", targetId: m.credentialId, payload: { findingId: m.findingId, ruleId: m.ruleId, exceptionId: m.exceptionId } })));
  return matched.length;
}

/** The findings an ending exception covered go back to `open` (or under another active exception). */
async function reopenFindingsOf(tx: Tx, audit: Audit, exceptionIds: readonly string[], now: Date): Promise<number> {
  if (exceptionIds.length === 0) return 0;
  const reopened = await tx
    .update(findings)
    .set({ status: "open", exceptionId: null, updatedAt: now })
    .where(and(inArray(findings.exceptionId, [...exceptionIds]), eq(findings.status, "excepted")))
    .returning({ id: findings.id, ruleId: findings.ruleId, credentialId: findings.credentialId, exceptionId: sql<string>`${findings.exceptionId}` });
  await audit.many(reopened.map((f) => ({ action: "finding.reopened", targetType: "credential", targetId: f.credentialId, payload: { findingId: f.id, ruleId: f.ruleId } })));
  await exceptFindings(tx, audit, reopened, now);
  return reopened.length;
}

/** Refuses an expiry more than 365 days away or in the past (422 naming expiresAt). */
export function checkExpiry(expiresAt: Date, now: Date): void {
  const problem = expiryProblem(expiresAt, now);
  if (problem) throw invalidInput({ expiresAt: [problem] }, `Expiry ${problem}`);
}

/** The approver must be an active person (422 naming approverPersonId). */
export async function checkApprover(tx: Tx, approverPersonId: string): Promise<void> {
  const [approver] = await tx.select({ id: people.id, isActive: people.isActive }).from(people).where(eq(people.id, approverPersonId));
  if (!approver?.isActive) throw invalidInput({ approverPersonId: ["must be an active person"] }, "The approver must be an active person");
}

/** Live exceptions already accepting one of these (rule, credential) pairs, as "rule|credential". */
export async function liveExceptionPairs(tx: Tx, pairs: readonly { ruleId: string; credentialId: string }[], now: Date): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const rows = await tx
    .select({ ruleId: findingExceptions.ruleId, credentialId: findingExceptions.credentialId })
    .from(findingExceptions)
    .where(and(liveAt(now), inArray(findingExceptions.ruleId, [...new Set(pairs.map((p) => p.ruleId))]), inArray(findingExceptions.credentialId, [...new Set(pairs.map((p) => p.credentialId))])));
  return new Set(rows.map((r) => `${r.ruleId}|${r.credentialId ?? ""}`));
}

type ExceptionScope = { ruleId: string; credentialId: string | null; filter: ExceptionFilter | null };

/**
 * Writes exceptions sharing their terms (one statement) and an `exception.created` event each. The
 * caller has checked expiry, approver and duplicates; it then puts the covered findings under them.
 */
export async function insertExceptions(tx: Tx, audit: Audit, createdById: string | null, terms: ExceptionTerms, scopes: readonly ExceptionScope[]): Promise<string[]> {
  if (scopes.length === 0) return [];
  const rows = await tx
    .insert(findingExceptions)
    .values(scopes.map((x) => ({ ruleId: x.ruleId, credentialId: x.credentialId, filter: x.filter, justification: terms.justification, compensatingControl: terms.compensatingControl, approverPersonId: terms.approverPersonId, createdById, expiresAt: terms.expiresAt })))
    .returning({ id: findingExceptions.id });
  await audit.many(
    rows.map((row, i) => {
      const x = scopes[i] as ExceptionScope;
      return {
        action: "exception.created",
        targetType: x.credentialId ? "credential" : "exception",
        targetId: x.credentialId ?? row.id,
        payload: { exceptionId: row.id, ruleId: x.ruleId, filter: x.filter, justification: terms.justification, compensatingControl: terms.compensatingControl, approverPersonId: terms.approverPersonId, expiresAt: terms.expiresAt.toISOString() },
      };
    }),
  );
  return rows.map((r) => r.id);
}

/** Security accepts a risk (DESIGN §5.3): the covered open findings become `excepted` in the same transaction. */
export async function createException(db: Db, ctx: RequestContext, input: CreateExceptionInput, now: Date = new Date()) {
  checkExpiry(input.expiresAt, now);
  return audited(db, auditContext(ctx), async (tx, audit) => {
    await checkApprover(tx, input.approverPersonId);
    if (input.credentialId) {
      const [credential] = await tx.select({ id: credentials.id, status: credentials.status }).from(credentials).where(eq(credentials.id, input.credentialId)).for("update");
      if (!credential) throw notFound("Credential");
      if (credential.status === "decommissioned") throw conflict("A decommissioned credential has nothing to accept", "credentialId");
      if ((await liveExceptionPairs(tx, [{ ruleId: input.ruleId, credentialId: input.credentialId }], now)).size > 0) throw conflict("An active exception already accepts this rule on this credential", "credentialId");
    }
    const filter = input.credentialId ? null : { ...(input.filter?.teamId ? { teamId: input.filter.teamId } : {}), ...(input.filter?.environment ? { environment: input.filter.environment } : {}) };
    const [id] = await insertExceptions(tx, audit, ctx.actor?.userId ?? null, input, [{ ruleId: input.ruleId, credentialId: input.credentialId ?? null, filter }]);
    if (!id) throw new Error("insert returned no row");
    const open = await tx
      .select({ id: findings.id, ruleId: findings.ruleId, credentialId: findings.credentialId })
      .from(findings)
      .where(and(eq(findings.ruleId, input.ruleId), eq(findings.status, "open"), input.credentialId ? eq(findings.credentialId, input.credentialId) : undefined));
    const excepted = await exceptFindings(tx, audit, open, now);
    return { id, excepted };
  });
}

/** Revokes locked, live exceptions inside the caller's transaction: each audited, their findings reopened. */
async function revokeInTx(tx: Tx, audit: Audit, rows: readonly { id: string; ruleId: string; credentialId: string | null }[], reason: string, revokedById: string | null, now: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const ids = rows.map((r) => r.id);
  await tx.update(findingExceptions).set({ revokedAt: now, revokedById, revokeReason: reason, endedAt: now, updatedAt: now }).where(inArray(findingExceptions.id, ids));
  await audit.many(rows.map((r) => ({ action: "exception.revoked", targetType: r.credentialId ? "credential" : "exception", targetId: r.credentialId ?? r.id, payload: { exceptionId: r.id, ruleId: r.ruleId, reason } })));
  return reopenFindingsOf(tx, audit, ids, now);
}

export async function revokeException(db: Db, ctx: RequestContext, id: string, reason: string, now: Date = new Date()) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const [row] = await tx.select().from(findingExceptions).where(eq(findingExceptions.id, id)).for("update");
    if (!row) throw notFound("Exception");
    if (exceptionState(row, now) !== "active" || row.endedAt) throw conflict("Only an active exception can be revoked", "id");
    const reopened = await revokeInTx(tx, audit, [row], reason, ctx.actor?.userId ?? null, now);
    return { id, reopened };
  });
}

/**
 * A risk acceptance is only as good as the person accountable for it. When its approver leaves the
 * organisation, every live exception they approved ends at once (revoked, audited, findings
 * reopened — open again in posture), rather than staying "accepted" by nobody: someone still here
 * must accept the risk again with a new exception. Returns the revoked exceptions' ids.
 */
export async function revokeExceptionsApprovedBy(tx: Tx, audit: Audit, person: { id: string; name: string }, revokedById: string | null, now: Date = new Date()): Promise<string[]> {
  const rows = await tx
    .select({ id: findingExceptions.id, ruleId: findingExceptions.ruleId, credentialId: findingExceptions.credentialId })
    .from(findingExceptions)
    .where(and(eq(findingExceptions.approverPersonId, person.id), liveAt(now)))
    .orderBy(asc(findingExceptions.id))
    .for("update");
  await revokeInTx(tx, audit, rows, `The approver, ${person.name}, left the organisation: the risk acceptance needs re-approval`, revokedById, now);
  return rows.map((r) => r.id);
}

/** Scheduler job (DESIGN §5.3): exceptions past their expiry end and their findings reopen, once each (SKIP LOCKED batches). */
export async function expireLapsedExceptions(db: Db, now: Date = new Date()): Promise<{ ended: number; reopened: number }> {
  let ended = 0;
  let reopened = 0;
  for (;;) {
    const batch = await audited(db, schedulerAuditContext, async (tx, audit) => {
      const rows = await tx
        .select({ id: findingExceptions.id, ruleId: findingExceptions.ruleId, credentialId: findingExceptions.credentialId, expiresAt: findingExceptions.expiresAt })
        .from(findingExceptions)
        .where(and(isNull(findingExceptions.endedAt), isNull(findingExceptions.revokedAt), lte(findingExceptions.expiresAt, now)))
        .orderBy(asc(findingExceptions.expiresAt), asc(findingExceptions.id))
        .limit(100)
        .for("update", { skipLocked: true });
      if (rows.length === 0) return null;
      const ids = rows.map((r) => r.id);
      await tx.update(findingExceptions).set({ endedAt: now, updatedAt: now }).where(inArray(findingExceptions.id, ids));
      await audit.many(rows.map((r) => ({ action: "exception.expired", targetType: r.credentialId ? "credential" : "exception", targetId: r.credentialId ?? r.id, payload: { exceptionId: r.id, ruleId: r.ruleId, expiresAt: r.expiresAt.toISOString() } })));
      return { ended: rows.length, reopened: await reopenFindingsOf(tx, audit, ids, now) };
    });
    if (!batch) return { ended, reopened };
    ended += batch.ended;
    reopened += batch.reopened;
  }
}

/** The exceptions list, newest first (keyset over created_at, id), with what each covers now. */
export async function listExceptions(q: Queryable, f: { status: "active" | "expired" | "revoked" | "all"; cursor?: { name: string; id: string }; limit: number }, now: Date = new Date()) {
  const state =
    f.status === "active"
      ? liveAt(now)
      : f.status === "revoked"
        ? sql`${findingExceptions.revokedAt} is not null`
        : f.status === "expired"
          ? and(isNull(findingExceptions.revokedAt), lte(findingExceptions.expiresAt, now))
          : undefined;
  const at = f.cursor ? new Date(f.cursor.name) : null;
  const rows = await q
    .select({
      e: findingExceptions,
      credentialName: credentials.name,
      approverName: people.name,
      findings: sql<number>`(select count(*)::int from findings f where f.exception_id = ${findingExceptions.id} and f.status = 'excepted')`,
    })
    .from(findingExceptions)
    .leftJoin(credentials, eq(credentials.id, findingExceptions.credentialId))
    .leftJoin(people, eq(people.id, findingExceptions.approverPersonId))
    .where(and(state, at && f.cursor ? or(lt(findingExceptions.createdAt, at), and(eq(findingExceptions.createdAt, at), lt(findingExceptions.id, f.cursor.id))) : undefined))
    .orderBy(desc(findingExceptions.createdAt), desc(findingExceptions.id))
    .limit(f.limit + 1);
  const items = rows.slice(0, f.limit).map((r) => ({
    id: r.e.id,
    ruleId: r.e.ruleId,
    credentialId: r.e.credentialId,
    credentialName: r.credentialName,
    filter: r.e.filter === null ? null : (r.e.filter as ExceptionFilter),
    justification: r.e.justification,
    compensatingControl: r.e.compensatingControl,
    approverName: r.approverName,
    expiresAt: r.e.expiresAt,
    revokedAt: r.e.revokedAt,
    revokeReason: r.e.revokeReason,
    state: exceptionState(r.e, now),
    findings: r.findings,
    createdAt: r.e.createdAt,
  }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > f.limit && last ? encodeCursor({ name: last.createdAt.toISOString(), id: last.id }) : null };
}
