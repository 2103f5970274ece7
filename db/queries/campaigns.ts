import "server-only";
import { and, asc, desc, eq, exists, gt, inArray, lt, notExists, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { rowsOf, type Queryable } from "@/db/client";
import { apis, applications, credentialApplications, credentialGrants, credentials, findings, people, reviewCampaigns, reviews, reviewTasks, teamMembers, teams, users } from "@/db/schema";
import type { CampaignFilter } from "@/lib/validation/review";
import { credentialConditions } from "./credentials";
import { decodeInstantCursor, encodeInstantCursor } from "./reviews";

/**
 * "Matching credentials" of a campaign: exactly the inventory's filter conditions for the fields
 * they share (db/queries/credentials `credentialConditions`), only active credentials, plus the
 * campaign-only sensitivity and third-party conditions.
 */
export function campaignMatch(db: Queryable, f: CampaignFilter, now: Date = new Date()): SQL | undefined {
  const { sensitivity, thirdParty, ...shared } = f;
  const thirdPartyUse = db
    .select({ one: sql`1` })
    .from(credentialApplications)
    .innerJoin(applications, eq(applications.id, credentialApplications.applicationId))
    .where(and(eq(credentialApplications.credentialId, credentials.id), eq(applications.thirdParty, true)));
  return and(
    ...credentialConditions(db, { ...shared, status: "active" }, now),
    sensitivity
      ? exists(
          db
            .select({ one: sql`1` })
            .from(credentialGrants)
            .innerJoin(apis, eq(apis.id, credentialGrants.apiId))
            .where(and(eq(credentialGrants.credentialId, credentials.id), eq(apis.sensitivity, sensitivity))),
        )
      : undefined,
    thirdParty === undefined ? undefined : thirdParty ? exists(thirdPartyUse) : notExists(thirdPartyUse),
  );
}

/**
 * Who reviews each matching credential (DESIGN §4.3): its owner; when the owner has left or there is
 * none, its backup owner; then the first active member (by name) of its owning team; else nobody
 * (security picks it up). One row per credential: id, the active owner and backup owner, the assignee.
 */
function assignments(db: Queryable, f: CampaignFilter, now: Date): SQL {
  const teamStandIn = sql`(
    select ${teamMembers.personId} from ${teamMembers}
    inner join ${people} on ${people.id} = ${teamMembers.personId}
    where ${teamMembers.teamId} = ${credentials.owningTeamId} and ${people.isActive}
    order by ${people.name}, ${people.id} limit 1)`;
  return sql`
    select ${credentials.id} as credential_id, active_owner.id as owner_id, active_backup.id as backup_id,
      coalesce(active_owner.id, active_backup.id, ${teamStandIn}) as assignee_id
    from ${credentials}
    left join ${people} as active_owner on active_owner.id = ${credentials.ownerId} and active_owner.is_active
    left join ${people} as active_backup on active_backup.id = ${credentials.backupOwnerId} and active_backup.is_active
    where ${campaignMatch(db, f, now) ?? sql`true`}`;
}

export const fallbackRoutes = ["backupOwner", "teamMember"] as const;
export type FallbackRoute = (typeof fallbackRoutes)[number];
/** How many stand-ins a preview lists by name. */
const LISTED_STAND_INS = 20;

/** How many tasks a campaign with this filter would create, for how many people, and how many fall back to whom. */
export async function previewCampaign(db: Queryable, f: CampaignFilter, now: Date = new Date()) {
  const rows = rowsOf<{ assignee_id: string | null; name: string | null; via: "owner" | FallbackRoute | null; tasks: number | string }>(
    await db.execute(sql`
      select a.assignee_id, p.name,
        case when a.assignee_id = a.owner_id then 'owner' when a.assignee_id = a.backup_id then 'backupOwner' when a.assignee_id is not null then 'teamMember' end as via,
        count(*)::int as tasks
      from (${assignments(db, f, now)}) as a
      left join ${people} as p on p.id = a.assignee_id
      group by 1, 2, 3`),
  );
  const tasks = (r: (typeof rows)[number]) => Number(r.tasks);
  const sum = (list: typeof rows) => list.reduce((n, r) => n + tasks(r), 0);
  const fell = rows.filter((r): r is typeof r & { assignee_id: string; via: FallbackRoute } => r.via === "backupOwner" || r.via === "teamMember");
  return {
    matching: sum(rows),
    assignees: new Set(rows.flatMap((r) => (r.assignee_id ? [r.assignee_id] : []))).size,
    unassigned: sum(rows.filter((r) => r.assignee_id === null)),
    fellBack: {
      total: sum(fell),
      toBackupOwner: sum(fell.filter((r) => r.via === "backupOwner")),
      toTeamMember: sum(fell.filter((r) => r.via === "teamMember")),
      people: fell
        .map((r) => ({ id: r.assignee_id, name: r.name ?? "Unknown", via: r.via, tasks: tasks(r) }))
        .sort((a, b) => b.tasks - a.tasks || a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
        .slice(0, LISTED_STAND_INS),
    },
  };
}

export type CampaignPreview = Awaited<ReturnType<typeof previewCampaign>>;

/** One task per matching credential, assigned as `assignments` says: one INSERT … SELECT, however many match. */
export async function insertCampaignTasks(db: Queryable, campaignId: string, f: CampaignFilter, now: Date = new Date()): Promise<void> {
  await db.execute(sql`
    insert into ${reviewTasks} (campaign_id, credential_id, assignee_person_id)
    select ${campaignId}::uuid, a.credential_id, a.assignee_id
    from (${assignments(db, f, now)}) as a`);
}

/** Tasks of a campaign assigned to a stand-in rather than the credential's owner. */
export async function countFallbackTasks(db: Queryable, campaignId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(reviewTasks)
    .innerJoin(credentials, eq(credentials.id, reviewTasks.credentialId))
    .where(and(eq(reviewTasks.campaignId, campaignId), sql`${reviewTasks.assigneePersonId} is distinct from ${credentials.ownerId}`, sql`${reviewTasks.assigneePersonId} is not null`));
  return row?.n ?? 0;
}

/** Task counts of a campaign per assignee (null = unassigned). */
export async function campaignAssignees(db: Queryable, campaignId: string) {
  return db
    .select({ personId: reviewTasks.assigneePersonId, tasks: sql<number>`count(*)::int` })
    .from(reviewTasks)
    .where(eq(reviewTasks.campaignId, campaignId))
    .groupBy(reviewTasks.assigneePersonId);
}

type Progress = { total: number; done: number; open: number; cancelled: number };
const emptyProgress = (): Progress => ({ total: 0, done: 0, open: 0, cancelled: 0 });

async function progressOf(db: Queryable, campaignIds: readonly string[]): Promise<Map<string, Progress>> {
  const map = new Map<string, Progress>();
  if (campaignIds.length === 0) return map;
  const rows = await db
    .select({ campaignId: reviewTasks.campaignId, status: reviewTasks.status, n: sql<number>`count(*)::int` })
    .from(reviewTasks)
    .where(inArray(reviewTasks.campaignId, [...campaignIds]))
    .groupBy(reviewTasks.campaignId, reviewTasks.status);
  for (const r of rows) {
    const p = map.get(r.campaignId) ?? emptyProgress();
    p[r.status] += r.n;
    p.total += r.n;
    map.set(r.campaignId, p);
  }
  return map;
}

const campaignColumns = {
  id: reviewCampaigns.id,
  name: reviewCampaigns.name,
  filter: reviewCampaigns.filter,
  dueAt: reviewCampaigns.dueAt,
  status: reviewCampaigns.status,
  createdById: reviewCampaigns.createdById,
  createdByName: sql<string | null>`coalesce(${users.name}, ${users.email})`,
  createdAt: reviewCampaigns.createdAt,
  updatedAt: reviewCampaigns.updatedAt,
};

type CampaignRow = {
  id: string;
  name: string;
  filter: unknown;
  dueAt: Date;
  status: "open" | "closed";
  createdById: string | null;
  createdByName: string | null;
  createdAt: Date;
  updatedAt: Date;
};

function presentCampaign(r: CampaignRow, progress: Progress) {
  return {
    id: r.id,
    name: r.name,
    filter: (r.filter && typeof r.filter === "object" ? r.filter : {}) as Record<string, unknown>,
    dueAt: r.dueAt,
    status: r.status,
    createdBy: r.createdById ? { id: r.createdById, name: r.createdByName ?? "Unknown" } : null,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    progress,
  };
}

export type CampaignItem = ReturnType<typeof presentCampaign>;

/** Campaigns, newest first (keyset over created at, id), each with its progress. */
export async function listCampaigns(db: Queryable, opts: { status?: "open" | "closed" | undefined; cursor?: string | undefined; limit: number }) {
  const cursor = decodeInstantCursor(opts.cursor);
  const rows = await db
    .select(campaignColumns)
    .from(reviewCampaigns)
    .leftJoin(users, eq(users.id, reviewCampaigns.createdById))
    .where(
      and(
        opts.status ? eq(reviewCampaigns.status, opts.status) : undefined,
        cursor ? or(lt(reviewCampaigns.createdAt, cursor.at), and(eq(reviewCampaigns.createdAt, cursor.at), lt(reviewCampaigns.id, cursor.id))) : undefined,
      ),
    )
    .orderBy(desc(reviewCampaigns.createdAt), desc(reviewCampaigns.id))
    .limit(opts.limit + 1);
  const hasMore = rows.length > opts.limit;
  const page = hasMore ? rows.slice(0, opts.limit) : rows;
  const progress = await progressOf(db, page.map((r) => r.id));
  const items = page.map((r) => presentCampaign(r, progress.get(r.id) ?? emptyProgress()));
  const last = page.at(-1);
  return { items, nextCursor: hasMore && last ? encodeInstantCursor(last.createdAt, last.id) : null };
}

const assignee = alias(people, "task_assignee");

/** A campaign with its progress and the per-owner breakdown. */
export async function getCampaign(db: Queryable, id: string) {
  const [row] = await db.select(campaignColumns).from(reviewCampaigns).leftJoin(users, eq(users.id, reviewCampaigns.createdById)).where(eq(reviewCampaigns.id, id));
  if (!row) return undefined;
  const [progress, owners] = await Promise.all([
    progressOf(db, [id]),
    db
      .select({
        personId: reviewTasks.assigneePersonId,
        name: assignee.name,
        total: sql<number>`count(*)::int`,
        done: sql<number>`(count(*) filter (where ${reviewTasks.status} = 'done'))::int`,
        open: sql<number>`(count(*) filter (where ${reviewTasks.status} = 'open'))::int`,
        cancelled: sql<number>`(count(*) filter (where ${reviewTasks.status} = 'cancelled'))::int`,
      })
      .from(reviewTasks)
      .leftJoin(assignee, eq(assignee.id, reviewTasks.assigneePersonId))
      .where(eq(reviewTasks.campaignId, id))
      .groupBy(reviewTasks.assigneePersonId, assignee.name)
      .orderBy(sql`${assignee.name} asc nulls last`, asc(reviewTasks.assigneePersonId)),
  ]);
  return {
    ...presentCampaign(row, progress.get(id) ?? emptyProgress()),
    owners: owners.map((o) => ({
      assignee: o.personId ? { id: o.personId, name: o.name ?? "Unknown" } : null,
      total: o.total,
      done: o.done,
      open: o.open,
      cancelled: o.cancelled,
    })),
  };
}

export type CampaignDetail = NonNullable<Awaited<ReturnType<typeof getCampaign>>>;

export function encodeTaskCursor(id: string): string {
  return Buffer.from(id, "utf8").toString("base64url");
}

export function decodeTaskCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? id : undefined;
}

const reviewer = alias(users, "task_reviewer");

/**
 * Tasks of a campaign, each with its credential, assignee, team and the review that completed it.
 * Keyset pages in an order an index serves: by credential id ((campaign, credential) unique index)
 * for all tasks, by task id ((campaign, status, id) index) within one status — so page 1,000 of a
 * 100k-task campaign costs what page 1 does.
 */
export async function listCampaignTasks(db: Queryable, campaignId: string, opts: { status?: "open" | "done" | "cancelled" | undefined; cursor?: string | undefined; limit: number }) {
  const after = decodeTaskCursor(opts.cursor);
  const key = opts.status ? reviewTasks.id : reviewTasks.credentialId;
  const rows = await db
    .select({
      id: reviewTasks.id,
      campaignId: reviewTasks.campaignId,
      credentialId: credentials.id,
      credentialKey: credentials.key,
      credentialName: credentials.name,
      environment: credentials.environment,
      credentialStatus: credentials.status,
      assigneeId: reviewTasks.assigneePersonId,
      assigneeName: assignee.name,
      teamId: teams.id,
      teamName: teams.name,
      status: reviewTasks.status,
      decision: reviews.decision,
      reviewedAt: reviews.createdAt,
      reviewerName: sql<string | null>`coalesce(${reviewer.name}, ${reviewer.email})`,
      completedAt: reviewTasks.completedAt,
    })
    .from(reviewTasks)
    .innerJoin(credentials, eq(credentials.id, reviewTasks.credentialId))
    .leftJoin(assignee, eq(assignee.id, reviewTasks.assigneePersonId))
    .leftJoin(teams, eq(teams.id, credentials.owningTeamId))
    .leftJoin(reviews, eq(reviews.id, reviewTasks.reviewId))
    .leftJoin(reviewer, eq(reviewer.id, reviews.reviewerId))
    .where(and(eq(reviewTasks.campaignId, campaignId), opts.status ? eq(reviewTasks.status, opts.status) : undefined, after ? gt(key, after) : undefined))
    .orderBy(asc(key))
    .limit(opts.limit + 1);
  const hasMore = rows.length > opts.limit;
  const page = hasMore ? rows.slice(0, opts.limit) : rows;
  const items = page.map((r) => ({
    id: r.id,
    campaignId: r.campaignId,
    credential: { id: r.credentialId, key: r.credentialKey, name: r.credentialName, environment: r.environment, status: r.credentialStatus },
    assignee: r.assigneeId ? { id: r.assigneeId, name: r.assigneeName ?? "Unknown" } : null,
    team: r.teamId ? { id: r.teamId, name: r.teamName ?? "Unknown" } : null,
    status: r.status,
    decision: r.decision,
    reviewedAt: r.reviewedAt,
    reviewer: r.reviewerName,
    completedAt: r.completedAt,
  }));
  const last = page.at(-1);
  return { items, nextCursor: hasMore && last ? encodeTaskCursor(opts.status ? last.id : last.credentialId) : null };
}

export type CampaignTaskItem = Awaited<ReturnType<typeof listCampaignTasks>>["items"][number];

/** Every task of a campaign, a page at a time (for the streamed CSV export). */
export async function* campaignTaskPages(db: Queryable, campaignId: string, pageSize = 1000): AsyncGenerator<CampaignTaskItem[]> {
  let cursor: string | undefined;
  for (;;) {
    const page = await listCampaignTasks(db, campaignId, { cursor, limit: pageSize });
    if (page.items.length > 0) yield page.items;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

const FOLLOW_UP_RULES = ["review_scope_pending", "review_revoke_pending"];

/**
 * The campaign's open review follow-ups (DESIGN §4.3): reduce-scope and revoke decisions whose
 * change has not happened yet. Few at a time: the (rule, status) index finds the open ones.
 */
export async function listCampaignFollowUps(db: Queryable, campaignId: string, limit = 100) {
  const rows = await db
    .select({
      id: findings.id,
      ruleId: findings.ruleId,
      openedAt: findings.openedAt,
      details: findings.details,
      credentialId: credentials.id,
      credentialName: credentials.name,
      environment: credentials.environment,
      ownerName: people.name,
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(findings)
    .innerJoin(credentials, eq(credentials.id, findings.credentialId))
    .leftJoin(people, eq(people.id, credentials.ownerId))
    .where(and(inArray(findings.ruleId, FOLLOW_UP_RULES), inArray(findings.status, ["open", "excepted"]), sql`${findings.details}->>'campaignId' = ${campaignId}`))
    .orderBy(asc(findings.openedAt), asc(findings.id))
    .limit(limit);
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map((r) => ({
      id: r.id,
      decision: r.ruleId === "review_revoke_pending" ? ("revoke" as const) : ("reduce_scope" as const),
      openedAt: r.openedAt,
      credential: { id: r.credentialId, name: r.credentialName, environment: r.environment },
      owner: r.ownerName,
    })),
  };
}

/** Names of the team, owner and API a stored campaign filter refers to (for showing its scope). */
export async function campaignFilterNames(db: Queryable, filter: Record<string, unknown>) {
  const idOf = (k: string) => (typeof filter[k] === "string" && /^[0-9a-f-]{36}$/i.test(filter[k]) ? filter[k] : undefined);
  const [teamId, ownerId, apiId] = [idOf("teamId"), idOf("ownerId"), idOf("apiId")];
  const [team, owner, api] = await Promise.all([
    teamId ? db.select({ name: teams.name }).from(teams).where(eq(teams.id, teamId)) : [],
    ownerId ? db.select({ name: people.name }).from(people).where(eq(people.id, ownerId)) : [],
    apiId ? db.select({ name: apis.name }).from(apis).where(eq(apis.id, apiId)) : [],
  ]);
  return { team: team[0]?.name ?? null, owner: owner[0]?.name ?? null, api: api[0]?.name ?? null };
}
