import "server-only";
import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Queryable } from "@/db/client";
import { credentials, leakIncidents, people, rotationApprovals, rotationRequests, secrets, users } from "@/db/schema";
import { encodeCursor } from "@/lib/validation/common";
import type { RotationRequestFilters } from "@/lib/validation/rotation";
import { addDays } from "@/lib/domain/due-dates";
import { approvalRequirement, describeApprovalRequirement, type RotationApproval, type RotationReason, type RotationState } from "@/lib/domain/rotation";

/**
 * Completed against the due date copied in at request time: on time = completed at or before it
 * (exactly on the due instant counts as on time), late = after it. Requests without a due date are neither.
 */
export function timelinessCondition(timeliness: NonNullable<RotationRequestFilters["timeliness"]>): SQL {
  const completed = sql`${rotationRequests.state} = 'completed' and ${rotationRequests.dueAt} is not null`;
  return timeliness === "on_time"
    ? sql`(${completed} and ${rotationRequests.completedAt} <= ${rotationRequests.dueAt})`
    : sql`(${completed} and ${rotationRequests.completedAt} > ${rotationRequests.dueAt})`;
}

/**
 * Reads of rotation requests (DESIGN §4.2). Lists page by (created_at desc, id desc) with a keyset
 * cursor; created_at is written by the service at millisecond precision, so the ISO instant in the
 * cursor compares exactly.
 */

const requester = alias(users, "requester");

const listColumns = {
  id: rotationRequests.id,
  credentialId: rotationRequests.credentialId,
  credentialName: credentials.name,
  credentialEnvironment: credentials.environment,
  credentialStatus: credentials.status,
  secretId: rotationRequests.secretId,
  state: rotationRequests.state,
  reason: rotationRequests.reason,
  note: rotationRequests.note,
  plannedAt: rotationRequests.plannedAt,
  requesterId: rotationRequests.requesterId,
  requesterName: requester.name,
  approvalsRequired: rotationRequests.approvalsRequired,
  securityApprovalRequired: rotationRequests.securityApprovalRequired,
  eligibleOwnerPersonId: rotationRequests.eligibleOwnerPersonId,
  eligibleBackupOwnerPersonId: rotationRequests.eligibleBackupOwnerPersonId,
  breakGlass: rotationRequests.breakGlass,
  createdAt: rotationRequests.createdAt,
  expiresAt: rotationRequests.expiresAt,
  decidedAt: rotationRequests.decidedAt,
  completedAt: rotationRequests.completedAt,
};

const approverPerson = alias(people, "approver_person");

/**
 * The approvals of some requests, oldest first, each with whether it still counts: an approval by
 * a user since deactivated, or whose person (linked by email) has left, stops counting at once.
 * One query for a whole page.
 */
export async function approvalsOf(db: Queryable, requestIds: readonly string[]) {
  if (requestIds.length === 0) return [];
  return db
    .select({
      requestId: rotationApprovals.requestId,
      approverId: rotationApprovals.approverId,
      approverName: users.name,
      approverPersonId: rotationApprovals.approverPersonId,
      isSecurity: rotationApprovals.isSecurity,
      breakGlass: rotationApprovals.breakGlass,
      active: sql<boolean>`(${users.isActive} and coalesce(${approverPerson.isActive}, true))`,
      note: rotationApprovals.note,
      at: rotationApprovals.at,
    })
    .from(rotationApprovals)
    .innerJoin(users, eq(users.id, rotationApprovals.approverId))
    .leftJoin(approverPerson, eq(approverPerson.email, users.email))
    .where(inArray(rotationApprovals.requestId, [...requestIds]))
    .orderBy(rotationApprovals.at, rotationApprovals.approverId);
}

/**
 * Users who can give a break-glass approval now: active security users and admins whose person
 * has not left (DESIGN §4.2 emergency rule). A handful of rows; callers subtract the requester.
 */
export async function breakGlassApproverIds(db: Queryable): Promise<Set<string>> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .leftJoin(people, eq(people.email, users.email))
    .where(and(eq(users.isActive, true), inArray(users.role, ["security", "admin"]), sql`coalesce(${people.isActive}, true)`));
  return new Set(rows.map((r) => r.id));
}

type RequirementRow = {
  state: RotationState;
  reason: RotationReason;
  requesterId: string | null;
  approvalsRequired: number;
  securityApprovalRequired: boolean;
  eligibleOwnerPersonId: string | null;
  eligibleBackupOwnerPersonId: string | null;
  approvals: readonly Omit<RotationApproval, "at">[];
  otherBreakGlassApprovers: number;
};

/**
 * The one approval rule of a request (lib/domain/rotation), with its words: the API, the UI, the
 * queue and the notifications all show this. Once decided, approvals are judged as given: a
 * decision already taken stands when an approver leaves later; only a pending request loses them.
 */
export function requirementOf(row: RequirementRow) {
  const approvals = row.approvals.map((a) => ({ ...a, active: row.state !== "requested" || a.active, at: new Date(0) }));
  const requirement = approvalRequirement({
    reason: row.reason,
    requesterId: row.requesterId ?? "",
    approvals,
    policy: { approvalsRequired: row.approvalsRequired === 2 ? 2 : 1, securityApprovalRequired: row.securityApprovalRequired },
    eligible: { ownerPersonId: row.eligibleOwnerPersonId, backupOwnerPersonId: row.eligibleBackupOwnerPersonId },
    otherBreakGlassApprovers: row.otherBreakGlassApprovers,
  });
  return { ...requirement, words: describeApprovalRequirement(requirement) };
}

/**
 * Rows with the requirement's counter in place of raw counts (the queue's "x of y approvals"), in
 * two queries for the whole page: the same numbers as the request page.
 */
export async function withRequirementCounts<T extends Omit<RequirementRow, "approvals" | "otherBreakGlassApprovers"> & { id: string }>(db: Queryable, rows: readonly T[]) {
  const [approvals, pool] = await Promise.all([approvalsOf(db, rows.map((r) => r.id)), breakGlassApproverIds(db)]);
  return withApprovals([...rows], approvals, pool).map(({ approvals: given, otherBreakGlassApprovers: others, ...r }) => {
    const requirement = requirementOf({ ...r, approvals: given, otherBreakGlassApprovers: others });
    return { ...r, approvals: requirement.given, approvalsRequired: requirement.required, securityApprovalRequired: requirement.securityRequired };
  });
}

/** How many break-glass approvers exist besides the requester. */
export const otherBreakGlassApprovers = (pool: ReadonlySet<string>, requesterId: string | null) => pool.size - (requesterId !== null && pool.has(requesterId) ? 1 : 0);

function withApprovals<T extends { id: string; requesterId: string | null }>(rows: T[], approvals: Awaited<ReturnType<typeof approvalsOf>>, pool: ReadonlySet<string>) {
  return rows.map((r) => ({
    ...r,
    approvals: approvals.filter((a) => a.requestId === r.id),
    otherBreakGlassApprovers: otherBreakGlassApprovers(pool, r.requesterId),
  }));
}

export function statusCondition(status: RotationRequestFilters["status"]): SQL | undefined {
  if (status === "all") return undefined;
  if (status === "open") return inArray(rotationRequests.state, ["requested", "approved"]);
  return eq(rotationRequests.state, status);
}

export async function listRotationRequests(db: Queryable, f: RotationRequestFilters, now: Date = new Date()) {
  const cursor = f.cursor ? { at: new Date(f.cursor.name), id: f.cursor.id } : undefined;
  const conditions = [
    statusCondition(f.status),
    f.credentialId ? eq(rotationRequests.credentialId, f.credentialId) : undefined,
    f.teamId ? eq(credentials.owningTeamId, f.teamId) : undefined,
    f.environment ? eq(credentials.environment, f.environment) : undefined,
    f.completedWithin ? and(eq(rotationRequests.state, "completed"), gte(rotationRequests.completedAt, addDays(now, -f.completedWithin))) : undefined,
    f.timeliness ? timelinessCondition(f.timeliness) : undefined,
    cursor && !Number.isNaN(cursor.at.getTime())
      ? or(lt(rotationRequests.createdAt, cursor.at), and(eq(rotationRequests.createdAt, cursor.at), lt(rotationRequests.id, cursor.id)))
      : undefined,
  ];
  const rows = await db
    .select(listColumns)
    .from(rotationRequests)
    .innerJoin(credentials, eq(credentials.id, rotationRequests.credentialId))
    .leftJoin(requester, eq(requester.id, rotationRequests.requesterId))
    .where(and(...conditions))
    .orderBy(desc(rotationRequests.createdAt), desc(rotationRequests.id))
    .limit(f.limit + 1);
  const hasMore = rows.length > f.limit;
  const page = hasMore ? rows.slice(0, f.limit) : rows;
  const last = page.at(-1);
  const [approvals, pool] = await Promise.all([approvalsOf(db, page.map((r) => r.id)), breakGlassApproverIds(db)]);
  return {
    items: withApprovals(page, approvals, pool),
    nextCursor: hasMore && last ? encodeCursor({ name: last.createdAt.toISOString(), id: last.id }) : null,
  };
}

/** One request with its approvals, the people it names and the incident it answers, in a few queries. */
export async function getRotationRequest(db: Queryable, id: string) {
  const decider = alias(users, "decider");
  const [row] = await db
    .select({
      ...listColumns,
      requesterPersonId: rotationRequests.requesterPersonId,
      decidedById: rotationRequests.decidedById,
      decidedByName: decider.name,
      decisionNote: rotationRequests.decisionNote,
      newSecretId: rotationRequests.newSecretId,
      oldSecretDisposition: rotationRequests.oldSecretDisposition,
      checklistDeployed: rotationRequests.checklistDeployed,
      checklistOldRevoked: rotationRequests.checklistOldRevoked,
    })
    .from(rotationRequests)
    .innerJoin(credentials, eq(credentials.id, rotationRequests.credentialId))
    .leftJoin(requester, eq(requester.id, rotationRequests.requesterId))
    .leftJoin(decider, eq(decider.id, rotationRequests.decidedById))
    .where(eq(rotationRequests.id, id));
  if (!row) return undefined;
  const personIds = [row.eligibleOwnerPersonId, row.eligibleBackupOwnerPersonId].filter((p): p is string => p !== null);
  const [approvals, pool, named, oldSecret, incident] = await Promise.all([
    approvalsOf(db, [id]),
    breakGlassApproverIds(db),
    personIds.length ? db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, personIds)) : Promise.resolve([]),
    row.secretId
      ? db
          .select({
            id: secrets.id,
            kind: secrets.kind,
            storage: secrets.storage,
            storageRef: secrets.storageRef,
            status: secrets.status,
            hasFingerprint: sql<boolean>`${secrets.fingerprint} is not null`,
          })
          .from(secrets)
          .where(eq(secrets.id, row.secretId))
          .then((r) => r[0])
      : Promise.resolve(undefined),
    db
      .select({ id: leakIncidents.id })
      .from(leakIncidents)
      .where(eq(leakIncidents.rotationRequestId, id))
      .orderBy(desc(leakIncidents.createdAt))
      .limit(1)
      .then((r) => r[0]),
  ]);
  const names = new Map(named.map((p) => [p.id, p.name]));
  const person = (pid: string | null) => (pid && names.has(pid) ? { id: pid, name: names.get(pid) ?? "" } : null);
  return {
    ...row,
    approvals,
    otherBreakGlassApprovers: otherBreakGlassApprovers(pool, row.requesterId),
    eligibleOwner: person(row.eligibleOwnerPersonId),
    eligibleBackupOwner: person(row.eligibleBackupOwnerPersonId),
    oldSecret: oldSecret ?? null,
    incidentId: incident?.id ?? null,
  };
}

export type RotationRequestListItem = Awaited<ReturnType<typeof listRotationRequests>>["items"][number];
export type RotationRequestDetail = NonNullable<Awaited<ReturnType<typeof getRotationRequest>>>;

/** The open request of a credential (at most one, by a partial unique index), if any. */
export async function openRotationRequestOf(db: Queryable, credentialId: string) {
  const [row] = await db
    .select({ id: rotationRequests.id, state: rotationRequests.state, reason: rotationRequests.reason })
    .from(rotationRequests)
    .where(and(eq(rotationRequests.credentialId, credentialId), inArray(rotationRequests.state, ["requested", "approved"])));
  return row;
}
