import "server-only";
import { and, asc, desc, eq, gt, inArray, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Queryable } from "@/db/client";
import { credentials, findingSeverityEnum, findings, people, teams } from "@/db/schema";
import { encodeCursor } from "@/lib/validation/common";
import type { FindingFilters } from "@/lib/validation/governance";
import { describeFinding, findingFix, ruleLabel } from "@/lib/domain/finding-summary";
import { rulesOfControlRef } from "@/lib/domain/catalog/mapping";
import { failsControls } from "./credential-predicates";

/**
 * Findings of the rules behind any of these controls; a control no rule evidences matches nothing.
 * With `all`, only on credentials that also have a finding in the same state for every control (one
 * EXISTS per control, findings_credential_idx), so "fails PR.AA-05 and NHI7" lists the findings behind both.
 */
const ofControls = (refs: readonly string[] | undefined, match: FindingFilters["controlMatch"], status: FindingStatus): SQL | undefined => {
  if (!refs || refs.length === 0) return undefined;
  const rules = [...new Set(refs.flatMap(rulesOfControlRef))];
  const mapped = rules.length > 0 ? inArray(findings.ruleId, rules) : sql`false`;
  return match === "any" || refs.length === 1 ? mapped : and(mapped, failsControls(refs, "all", findings.credentialId, sql`${status}::finding_status`));
};

type FindingStatus = (typeof findings.status.enumValues)[number];

/** The person a finding is assigned to (issue 16 triage), joined under its own name. */
const assignee = alias(people, "assignee");
const assigneeColumns = { assignee: { id: assignee.id, name: assignee.name } };

const severityOrder = sql`case ${findings.severity} when 'critical' then 0 when 'high' then 1 when 'medium' then 2 else 3 end`;

const columns = {
  id: findings.id,
  ruleId: findings.ruleId,
  severity: findings.severity,
  status: findings.status,
  details: findings.details,
  openedAt: findings.openedAt,
  resolvedAt: findings.resolvedAt,
  resolution: findings.resolution,
};

export function presentFinding<T extends { ruleId: string; details: unknown }>(row: T) {
  const details = typeof row.details === "object" && row.details !== null && !Array.isArray(row.details) ? (row.details as Record<string, unknown>) : {};
  return { ...row, details, summary: describeFinding(row.ruleId, details), fix: findingFix(row.ruleId) };
}

/**
 * A credential's findings: every live (open or excepted) one (most severe first; one per rule, so few) and the most
 * recently resolved ones, bounded (findings_credential_idx serves both).
 */
export async function listFindingsOfCredential(db: Queryable, credentialId: string, resolvedLimit = 20) {
  const [open, resolved] = await Promise.all([
    db
      .select(columns)
      .from(findings)
      .where(and(eq(findings.credentialId, credentialId), inArray(findings.status, ["open", "excepted"])))
      .orderBy(severityOrder, desc(findings.openedAt)),
    db
      .select(columns)
      .from(findings)
      .where(and(eq(findings.credentialId, credentialId), eq(findings.status, "resolved")))
      .orderBy(desc(findings.resolvedAt), desc(findings.id))
      .limit(resolvedLimit),
  ]);
  return { open: open.map(presentFinding), resolved: resolved.map(presentFinding) };
}

export type CredentialFindings = Awaited<ReturnType<typeof listFindingsOfCredential>>;

/** The filters every findings tab shares (all but status and cursor); `status` is the tab's. */
function listConditions(filters: FindingFilters, status: FindingStatus): (SQL | undefined)[] {
  return [
    filters.severity ? eq(findings.severity, filters.severity) : undefined,
    filters.rule ? eq(findings.ruleId, filters.rule) : undefined,
    ofControls(filters.control, filters.controlMatch, status),
    filters.teamId ? eq(credentials.owningTeamId, filters.teamId) : undefined,
    filters.environment ? eq(credentials.environment, filters.environment) : undefined,
    filters.credentialId ? eq(findings.credentialId, filters.credentialId) : undefined,
    filters.assigneeId ? eq(findings.assigneePersonId, filters.assigneeId) : undefined,
  ];
}

const severityValues = new Set<string>(findingSeverityEnum.enumValues);

/**
 * After the cursor in (severity descending, opened_at ascending, id ascending): a row comparison
 * cannot mix directions, so spelled out. The cursor's name is "severity|opened_at".
 */
function afterCursor(cursor: FindingFilters["cursor"]): SQL | undefined {
  if (!cursor) return undefined;
  const [severity = "", openedAt = ""] = cursor.name.split("|");
  const at = new Date(openedAt);
  // A forged or stale cursor starts from the beginning rather than failing the page.
  if (!severityValues.has(severity) || Number.isNaN(at.getTime())) return undefined;
  const rank = sql`${severity}::finding_severity`;
  return or(
    sql`${findings.severity} < ${rank}`,
    and(sql`${findings.severity} = ${rank}`, or(gt(findings.openedAt, at), and(eq(findings.openedAt, at), gt(findings.id, cursor.id)))),
  );
}

/**
 * The findings list (DESIGN §6): filters, most severe first, then longest open (the order to work
 * in), keyset over (severity, opened_at, id); findings_status_rank_age_idx serves it.
 */
export async function listFindings(db: Queryable, filters: FindingFilters) {
  const rows = await db
    .select({
      ...columns,
      exceptionId: findings.exceptionId,
      credential: { id: credentials.id, name: credentials.name, environment: credentials.environment, teamName: teams.name },
      ...assigneeColumns,
    })
    .from(findings)
    .innerJoin(credentials, eq(credentials.id, findings.credentialId))
    .leftJoin(teams, eq(teams.id, credentials.owningTeamId))
    .leftJoin(assignee, eq(assignee.id, findings.assigneePersonId))
    .where(and(eq(findings.status, filters.status), ...listConditions(filters, filters.status), afterCursor(filters.cursor)))
    .orderBy(desc(findings.severity), asc(findings.openedAt), asc(findings.id))
    .limit(filters.limit + 1);
  const items = rows.slice(0, filters.limit).map((r) => ({ ...presentFinding(r), ruleTitle: ruleLabel(r.ruleId) }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > filters.limit && last ? encodeCursor({ name: `${last.severity}|${last.openedAt.toISOString()}`, id: last.id }) : null };
}

/** Tab counts stop here ("10,000+"): each is a bounded index walk however many findings there are. */
export const FINDING_COUNT_CAP = 10_000;

/** How many findings each tab holds for the same filters, each counted up to FINDING_COUNT_CAP + 1. */
export async function countFindingsByStatus(db: Queryable, filters: FindingFilters): Promise<Record<FindingStatus, number>> {
  const count = async (status: FindingStatus) => {
    const capped = db
      .select({ one: sql`1`.as("one") })
      .from(findings)
      .innerJoin(credentials, eq(credentials.id, findings.credentialId))
      .where(and(eq(findings.status, status), ...listConditions(filters, status)))
      .limit(FINDING_COUNT_CAP + 1)
      .as("capped");
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(capped);
    return row?.n ?? 0;
  };
  const [open, excepted, resolved] = await Promise.all([count("open"), count("excepted"), count("resolved")]);
  return { open, excepted, resolved };
}

/** One finding with its credential, in words (the finding's detail page). */
export async function getFinding(db: Queryable, id: string) {
  const [row] = await db
    .select({
      ...columns,
      exceptionId: findings.exceptionId,
      credential: { id: credentials.id, name: credentials.name, environment: credentials.environment, status: credentials.status, teamId: credentials.owningTeamId, teamName: teams.name },
      ...assigneeColumns,
    })
    .from(findings)
    .innerJoin(credentials, eq(credentials.id, findings.credentialId))
    .leftJoin(teams, eq(teams.id, credentials.owningTeamId))
    .leftJoin(assignee, eq(assignee.id, findings.assigneePersonId))
    .where(eq(findings.id, id));
  return row ? { ...presentFinding(row), ruleTitle: ruleLabel(row.ruleId) } : undefined;
}

export type FindingDetail = NonNullable<Awaited<ReturnType<typeof getFinding>>>;
