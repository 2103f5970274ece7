import "server-only";
import { and, asc, eq, gt, inArray, isNotNull, ne, or, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { credentials, findingExceptions, findings, people } from "@/db/schema";
import { credentialHeadline, party, selectCredentialsWithParties } from "@/db/queries/credential-parties";
import { controlRowsForCredentials } from "@/db/queries/controls";
import { failsControls } from "@/db/queries/credential-predicates";
import type { ExportCredential, ExportPerson, FindingFact } from "@/lib/domain/exports/shape";
import { describeFinding } from "@/lib/domain/finding-summary";
import type { ExportScope } from "@/lib/validation/exports";

/** Two batches are held at once (one sent, one read ahead): 250 keeps that at what one batch of 500 was (issue 17's < 300 MB). */
const BATCH = 250;

/** Runs one batch of statements against the export's state: the live tables, or the past (lib/server/as-of). */
export type Reader = <T>(fn: (q: Queryable) => Promise<T>) => Promise<T>;

function scopeWhere(scope: ExportScope) {
  return and(
    ne(credentials.status, "decommissioned"),
    scope.teamId ? eq(credentials.owningTeamId, scope.teamId) : undefined,
    scope.environment ? eq(credentials.environment, scope.environment) : undefined,
    failsControls(scope.control, scope.controlMatch),
  );
}

/**
 * The credentials in an export's scope, with their controls, one batch at a time (keyset by id):
 * memory holds two batches at most (the one being sent and the one read ahead) however large the
 * inventory. Each batch is read outside a transaction, so a long download never holds one open (the
 * export is "as of" its start, batch by batch).
 */
export async function* exportBatches(read: Reader, scope: ExportScope): AsyncGenerator<ExportCredential[]> {
  let next = read((q) => exportBatch(q, scope, null));
  try {
    for (;;) {
      const batch = await next;
      if (batch.length === 0) return;
      const last = batch.at(-1)?.id ?? null;
      // The next batch is read while this one is formatted and sent (its cursor is known now): the
      // database and the formatting overlap instead of taking turns (issue 17). Two batches at most in memory.
      next = batch.length < BATCH ? Promise.resolve([]) : read((q) => exportBatch(q, scope, last));
      yield batch;
    }
  } finally {
    // An export stopped early (the client went away) leaves the read ahead to finish unobserved.
    next.catch(() => undefined);
  }
}

/** One batch of credentials after `after` (by id), with their controls and findings. */
async function exportBatch(q: Queryable, scope: ExportScope, after: string | null): Promise<ExportCredential[]> {
  const { owner: o, backupOwner: b, rotationOwner: ro, revocationOwner: vo, owningTeam, identityGovernanceTeam: ig, platformTeam: pt } = party;
  // Every accountable party by name (issue 15): primary-key joins, one statement per batch.
  const rows = await selectCredentialsWithParties(q, {
    ...credentialHeadline,
    teamName: owningTeam.name,
    owner: { id: o.id, name: o.name, email: o.email },
    backupOwner: { id: b.id, name: b.name, email: b.email },
    rotationOwner: { id: ro.id, name: ro.name, email: ro.email },
    revocationOwner: { id: vo.id, name: vo.name, email: vo.email },
    identityGovernanceTeamName: ig.name,
    platformTeamName: pt.name,
    rotationDueAt: credentials.rotationDueAt,
    reviewDueAt: credentials.reviewDueAt,
  })
    .where(and(scopeWhere(scope), after ? gt(credentials.id, after) : undefined))
    .orderBy(asc(credentials.id))
    .limit(BATCH);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [controls, facts] = await Promise.all([controlRowsForCredentials(q, ids, scope.frameworks), findingFactsOf(q, ids)]);
  return rows.map((r) => ({ ...r, controls: controls.get(r.id) ?? [], findingFacts: facts }));
}


/** The live findings of a batch in words, each with the exception accepting it (one statement per batch). */
async function findingFactsOf(q: Queryable, credentialIds: string[]): Promise<Map<string, FindingFact>> {
  const rows = await q
    .select({
      id: findings.id,
      ruleId: findings.ruleId,
      details: findings.details,
      status: findings.status,
      openedAt: findings.openedAt,
      exception: { id: findingExceptions.id, justification: findingExceptions.justification, compensatingControl: findingExceptions.compensatingControl, expiresAt: findingExceptions.expiresAt },
      approver: { id: people.id, name: people.name, email: people.email },
    })
    .from(findings)
    .leftJoin(findingExceptions, eq(findingExceptions.id, findings.exceptionId))
    .leftJoin(people, eq(people.id, findingExceptions.approverPersonId))
    .where(and(inArray(findings.credentialId, credentialIds), inArray(findings.status, ["open", "excepted"])));
  return new Map(
    rows.map((r) => [
      r.id,
      { reason: describeFinding(r.ruleId, r.details), openedAt: r.openedAt, exception: r.status === "excepted" && r.exception && r.approver ? { ...r.exception, approver: r.approver } : null },
    ]),
  );
}

/** Owners and backup owners of the credentials in scope (OSCAL parties): bounded by the number of people. */
export async function exportParties(q: Queryable, scope: ExportScope): Promise<ExportPerson[]> {
  const holders = q
    .select({ id: sql<string>`unnest(array[${credentials.ownerId}, ${credentials.backupOwnerId}])`.as("id") })
    .from(credentials)
    .where(and(scopeWhere(scope), or(isNotNull(credentials.ownerId), isNotNull(credentials.backupOwnerId))))
    .as("holders");
  // Approvers of the exceptions accepting findings in scope are parties too: the risks name them.
  const approvers = q
    .selectDistinct({ id: findingExceptions.approverPersonId })
    .from(findings)
    .innerJoin(credentials, eq(credentials.id, findings.credentialId))
    .innerJoin(findingExceptions, eq(findingExceptions.id, findings.exceptionId))
    .where(and(scopeWhere(scope), eq(findings.status, "excepted")));
  const [holderRows, approverRows] = await Promise.all([q.selectDistinct({ id: holders.id }).from(holders), approvers]);
  const ids = [...new Set([...holderRows, ...approverRows].map((r) => r.id))].filter((id): id is string => typeof id === "string");
  if (ids.length === 0) return [];
  const out: ExportPerson[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    out.push(...(await q.select({ id: people.id, name: people.name, email: people.email }).from(people).where(inArray(people.id, ids.slice(i, i + 1000))).orderBy(asc(people.id))));
  }
  return out;
}
