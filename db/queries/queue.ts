import "server-only";
import { and, asc, desc, eq, gt, inArray, isNull, ne, notExists, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apiTokens, credentials, findingExceptions, findings, people, reviewCampaigns, reviewTasks, rotationApprovals, rotationRequests, users } from "@/db/schema";
import { dueBucket } from "@/lib/domain/due-dates";
import { describeFinding } from "@/lib/domain/finding-summary";
import { ownershipRoles, type OwnershipRole } from "@/lib/validation/queue";
import { withRequirementCounts } from "./rotations";

/**
 * My queue (DESIGN §6): what waits for the signed-in user. Five bounded queries (each section's
 * first `limit` rows plus its total through a window count), all driven by indexed columns:
 * credentials_owner_idx / _backup_owner_idx / _sdk_owner_idx, rotation_requests_state_created_idx,
 * review_tasks_assignee_idx, findings_credential_idx. No per-row follow-up queries.
 */

export type QueueViewer = {
  userId: string;
  /** The user's person (same email), or null. */
  personId: string | null;
  role: "admin" | "security" | "member" | "auditor";
};

/** The signed-in user's viewer facts: the person linked by email (DESIGN §3.1). */
export async function queueViewerOf(db: Queryable, actor: { userId: string; email: string; role: QueueViewer["role"] }): Promise<QueueViewer> {
  const [person] = await db.select({ id: people.id }).from(people).where(eq(people.email, actor.email));
  return { userId: actor.userId, personId: person?.id ?? null, role: actor.role };
}

const total = sql<number>`(count(*) over ())::int`.mapWith(Number);

/** "Due soon" ends `due_soon_days` exact days from now (lib/domain/due-dates; same as the inventory filter). */
const soonEdge = (now: Date) => sql`${now.toISOString()}::timestamptz + make_interval(hours => 24 * ${credentials.dueSoonDays})`;

const credentialRef = { id: credentials.id, name: credentials.name, environment: credentials.environment };

function section<T extends { total: number }>(rows: T[]) {
  return { total: rows[0]?.total ?? 0, items: rows.map(({ total: _t, ...rest }) => rest) };
}

function mine(personId: string, ...columns: AnyColumn[]): SQL {
  return or(...columns.map((c) => eq(c, personId))) as SQL;
}

async function dueItems(db: Queryable, personId: string, now: Date, limit: number) {
  const edge = soonEdge(now);
  const rows = await db
    .select({
      ...credentialRef,
      ownerId: credentials.ownerId,
      rotationDueAt: credentials.rotationDueAt,
      reviewDueAt: credentials.reviewDueAt,
      dueSoonDays: credentials.dueSoonDays,
      total,
    })
    .from(credentials)
    .where(
      and(
        eq(credentials.status, "active"),
        mine(personId, credentials.ownerId, credentials.backupOwnerId),
        or(sql`${credentials.rotationDueAt} <= ${edge}`, sql`${credentials.reviewDueAt} <= ${edge}`),
      ),
    )
    .orderBy(sql`least(coalesce(${credentials.rotationDueAt}, 'infinity'::timestamptz), coalesce(${credentials.reviewDueAt}, 'infinity'::timestamptz))`, asc(credentials.id))
    .limit(limit);
  return section(
    rows.map((r) => ({
      id: r.id,
      name: r.name,
      environment: r.environment,
      myRole: r.ownerId === personId ? ("owner" as const) : ("backupOwner" as const),
      rotationDueAt: r.rotationDueAt,
      reviewDueAt: r.reviewDueAt,
      rotationBucket: dueBucket(r.rotationDueAt, now, [r.dueSoonDays]),
      reviewBucket: dueBucket(r.reviewDueAt, now, [r.dueSoonDays]),
      total: r.total,
    })),
  );
}

const requestColumns = {
  id: rotationRequests.id,
  credentialId: credentials.id,
  credentialName: credentials.name,
  environment: credentials.environment,
  state: rotationRequests.state,
  reason: rotationRequests.reason,
  plannedAt: rotationRequests.plannedAt,
  createdAt: rotationRequests.createdAt,
  expiresAt: rotationRequests.expiresAt,
  requesterName: users.name,
  breakGlass: rotationRequests.breakGlass,
  approvalsRequired: rotationRequests.approvalsRequired,
  securityApprovalRequired: rotationRequests.securityApprovalRequired,
  requesterId: rotationRequests.requesterId,
  eligibleOwnerPersonId: rotationRequests.eligibleOwnerPersonId,
  eligibleBackupOwnerPersonId: rotationRequests.eligibleBackupOwnerPersonId,
  total,
};

/** Requests with the same approval counter as the request page (db/queries/rotations `requirementOf`). */
async function presentRequests<T extends Parameters<typeof withRequirementCounts>[1][number] & { credentialId: string; credentialName: string; environment: string; total: number }>(db: Queryable, rows: T[]) {
  const counted = await withRequirementCounts(db, rows);
  return section(
    counted.map((r) => {
      const { credentialId, credentialName, environment, requesterId: _requester, eligibleOwnerPersonId: _owner, eligibleBackupOwnerPersonId: _backup, ...rest } = r;
      return { ...rest, credential: { id: credentialId, name: credentialName, environment } };
    }),
  );
}

/** Open requests (requested or approved) on credentials I own or back up, and the ones I asked for. */
async function openRequests(db: Queryable, viewer: QueueViewer, limit: number) {
  const who: (SQL | undefined)[] = [eq(rotationRequests.requesterId, viewer.userId)];
  if (viewer.personId) who.push(mine(viewer.personId, credentials.ownerId, credentials.backupOwnerId));
  const rows = await db
    .select(requestColumns)
    .from(rotationRequests)
    .innerJoin(credentials, eq(credentials.id, rotationRequests.credentialId))
    .leftJoin(users, eq(users.id, rotationRequests.requesterId))
    .where(and(inArray(rotationRequests.state, ["requested", "approved"]), or(...who)))
    .orderBy(asc(rotationRequests.plannedAt), asc(rotationRequests.id))
    .limit(limit);
  return presentRequests(db, rows);
}

/**
 * Requests waiting for my decision: pending and not lapsed, where my approval can advance it (the
 * owner or backup owner recorded on an ordinary request with a slot besides security's, role
 * security, or an admin on an emergency), not the requester, and I have not approved yet (as this
 * user or as my person). Mirrors lib/domain/rotation `approvalRequirement`.
 */
async function approvalsWaiting(db: Queryable, viewer: QueueViewer, now: Date, limit: number) {
  if (viewer.role === "auditor") return { total: 0, items: [] };
  const emergency = sql`${rotationRequests.reason} = 'compromise'`;
  const asOwner: SQL = viewer.personId
    ? sql`(not ${emergency} and not (${rotationRequests.approvalsRequired} = 1 and ${rotationRequests.securityApprovalRequired}) and ${or(eq(rotationRequests.eligibleOwnerPersonId, viewer.personId), eq(rotationRequests.eligibleBackupOwnerPersonId, viewer.personId))})`
    : sql`false`;
  const eligible: SQL | undefined = viewer.role === "security" ? undefined : viewer.role === "admin" ? or(emergency, asOwner) : asOwner;
  const approvedByMe = db
    .select({ one: sql`1` })
    .from(rotationApprovals)
    .where(
      and(
        eq(rotationApprovals.requestId, rotationRequests.id),
        viewer.personId ? or(eq(rotationApprovals.approverId, viewer.userId), eq(rotationApprovals.approverPersonId, viewer.personId)) : eq(rotationApprovals.approverId, viewer.userId),
      ),
    );
  const rows = await db
    .select(requestColumns)
    .from(rotationRequests)
    .innerJoin(credentials, eq(credentials.id, rotationRequests.credentialId))
    .leftJoin(users, eq(users.id, rotationRequests.requesterId))
    .where(
      and(
        eq(rotationRequests.state, "requested"),
        sql`${rotationRequests.expiresAt} > ${now.toISOString()}::timestamptz`,
        eligible,
        sql`${rotationRequests.requesterId} is distinct from ${viewer.userId}::uuid`,
        viewer.personId ? sql`${rotationRequests.requesterPersonId} is distinct from ${viewer.personId}::uuid` : undefined,
        notExists(approvedByMe),
      ),
    )
    // Emergencies first, then the oldest request.
    .orderBy(desc(rotationRequests.breakGlass), sql`${rotationRequests.reason} = 'compromise' desc`, asc(rotationRequests.createdAt), asc(rotationRequests.id))
    .limit(limit);
  return presentRequests(db, rows);
}

async function myReviewTasks(db: Queryable, personId: string, limit: number) {
  const rows = await db
    .select({
      id: reviewTasks.id,
      credentialId: credentials.id,
      credentialName: credentials.name,
      environment: credentials.environment,
      campaignId: reviewCampaigns.id,
      campaignName: reviewCampaigns.name,
      dueAt: reviewCampaigns.dueAt,
      total,
    })
    .from(reviewTasks)
    .innerJoin(reviewCampaigns, eq(reviewCampaigns.id, reviewTasks.campaignId))
    .innerJoin(credentials, eq(credentials.id, reviewTasks.credentialId))
    .where(and(eq(reviewTasks.assigneePersonId, personId), eq(reviewTasks.status, "open"), eq(reviewCampaigns.status, "open")))
    .orderBy(asc(reviewCampaigns.dueAt), asc(reviewTasks.id))
    .limit(limit);
  return section(
    rows.map(({ credentialId, credentialName, environment, ...r }) => ({ ...r, credential: { id: credentialId, name: credentialName, environment } })),
  );
}

const severityOrder = sql`case ${findings.severity} when 'critical' then 0 when 'high' then 1 when 'medium' then 2 else 3 end`;

async function myFindings(db: Queryable, personId: string, limit: number) {
  const rows = await db
    .select({
      id: findings.id,
      credentialId: credentials.id,
      credentialName: credentials.name,
      environment: credentials.environment,
      ruleId: findings.ruleId,
      severity: findings.severity,
      details: findings.details,
      openedAt: findings.openedAt,
      total,
    })
    .from(credentials)
    .innerJoin(findings, and(eq(findings.credentialId, credentials.id), eq(findings.status, "open")))
    .where(mine(personId, credentials.ownerId, credentials.backupOwnerId, credentials.sdkOwnerId))
    .orderBy(severityOrder, desc(findings.openedAt), asc(findings.id))
    .limit(limit);
  return section(
    rows.map(({ credentialId, credentialName, environment, details, ...r }) => ({
      ...r,
      summary: describeFinding(r.ruleId, details),
      credential: { id: credentialId, name: credentialName, environment },
    })),
  );
}

const empty = { total: 0, items: [] as never[] };

export async function getQueue(db: Queryable, viewer: QueueViewer, options: { now?: Date; limit?: number } = {}) {
  const now = options.now ?? new Date();
  const limit = options.limit ?? 50;
  const me = viewer.personId;
  const [due, requests, approvals, tasks, found] = await Promise.all([
    me ? dueItems(db, me, now, limit) : empty,
    openRequests(db, viewer, limit),
    approvalsWaiting(db, viewer, now, limit),
    me ? myReviewTasks(db, me, limit) : empty,
    me ? myFindings(db, me, limit) : empty,
  ]);
  return { personId: me, limit, due, openRequests: requests, approvals, reviewTasks: tasks, findings: found };
}

export type Queue = Awaited<ReturnType<typeof getQueue>>;

// --- What a person holds (departures, reassignment) -------------------------------------------

const roleColumn = {
  owner: credentials.ownerId,
  backupOwner: credentials.backupOwnerId,
  sdkOwner: credentials.sdkOwnerId,
  rotationOwner: credentials.rotationOwnerId,
  revocationOwner: credentials.revocationOwnerId,
} as const satisfies Record<OwnershipRole, unknown>;

/**
 * The credentials (not decommissioned) on which a person holds any ownership role: counts by role,
 * and the first `limit` by name with the roles held. Bounded; counts in one aggregate.
 */
export async function getHoldings(db: Queryable, personId: string, limit = 200) {
  const held = mine(personId, ...Object.values(roleColumn));
  const where = and(held, ne(credentials.status, "decommissioned"));
  const counts = Object.fromEntries(ownershipRoles.map((r) => [r, sql<number>`(count(*) filter (where ${roleColumn[r]} = ${personId}::uuid))::int`.mapWith(Number)]));
  const [[agg], rows] = await Promise.all([
    db
      .select({ ...(counts as Record<OwnershipRole, SQL.Aliased<number> | SQL<number>>), total: sql<number>`count(*)::int`.mapWith(Number) })
      .from(credentials)
      .where(where),
    db
      .select({
        id: credentials.id,
        name: credentials.name,
        environment: credentials.environment,
        status: credentials.status,
        owner: credentials.ownerId,
        backupOwner: credentials.backupOwnerId,
        sdkOwner: credentials.sdkOwnerId,
        rotationOwner: credentials.rotationOwnerId,
        revocationOwner: credentials.revocationOwnerId,
      })
      .from(credentials)
      .where(where)
      .orderBy(asc(credentials.name), asc(credentials.id))
      .limit(limit + 1),
  ]);
  const countsOut = Object.fromEntries(ownershipRoles.map((r) => [r, Number((agg as Record<string, unknown> | undefined)?.[r] ?? 0)])) as Record<OwnershipRole, number>;
  return {
    counts: countsOut,
    total: agg?.total ?? 0,
    items: rows.slice(0, limit).map((r) => ({ id: r.id, name: r.name, environment: r.environment, status: r.status, roles: ownershipRoles.filter((role) => r[role] === personId) })),
    truncated: rows.length > limit,
  };
}

export type Holdings = Awaited<ReturnType<typeof getHoldings>>;

/**
 * What a person's departure takes away at once, for the warning shown before marking them left:
 * their linked user (deactivated), its live API tokens (refused from then on), their approvals of
 * pending rotations (no longer counted), the live exceptions they approved (revoked) and their open
 * review tasks. Five small counts; null when the person does not exist.
 */
export async function getDepartureAccess(db: Queryable, personId: string, now: Date = new Date()) {
  const [person] = await db.select({ email: people.email }).from(people).where(eq(people.id, personId));
  if (!person) return null;
  const [user] = await db.select({ id: users.id, role: users.role, isActive: users.isActive }).from(users).where(eq(users.email, person.email));
  const userId = user?.id ?? null;
  const count = sql<number>`count(*)::int`.mapWith(Number);
  const [[tokens], [approvals], [exceptions], [tasks]] = await Promise.all([
    userId
      ? db.select({ n: count }).from(apiTokens).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now)))
      : Promise.resolve([{ n: 0 }]),
    userId
      ? db
          .select({ n: count })
          .from(rotationApprovals)
          .innerJoin(rotationRequests, eq(rotationRequests.id, rotationApprovals.requestId))
          .where(and(eq(rotationApprovals.approverId, userId), eq(rotationRequests.state, "requested")))
      : Promise.resolve([{ n: 0 }]),
    db
      .select({ n: count })
      .from(findingExceptions)
      .where(and(eq(findingExceptions.approverPersonId, personId), isNull(findingExceptions.revokedAt), isNull(findingExceptions.endedAt), gt(findingExceptions.expiresAt, now))),
    db.select({ n: count }).from(reviewTasks).where(and(eq(reviewTasks.assigneePersonId, personId), eq(reviewTasks.status, "open"))),
  ]);
  return {
    user: user ? { id: user.id, role: user.role, isActive: user.isActive } : null,
    activeApiTokens: tokens?.n ?? 0,
    pendingApprovals: approvals?.n ?? 0,
    liveExceptions: exceptions?.n ?? 0,
    openReviewTasks: tasks?.n ?? 0,
  };
}
