import "server-only";
import { and, desc, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { credentials, findings, teams } from "@/db/schema";
import { encodeCursor } from "@/lib/validation/common";
import type { FindingFilters } from "@/lib/validation/governance";
import { describeFinding, findingFix, ruleLabel } from "@/lib/domain/finding-summary";
import { rulesOfControlRef } from "@/lib/domain/catalog/mapping";

/** Findings of the rules behind a control; a control no rule evidences matches nothing. */
const ofControl = (ref: string): SQL => {
  const rules = rulesOfControlRef(ref);
  return rules.length > 0 ? inArray(findings.ruleId, rules) : sql`false`;
};

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

/** The findings list (DESIGN §6): filters, newest first, keyset over (opened_at, id) descending. */
export async function listFindings(db: Queryable, filters: FindingFilters) {
  const cursorAt = filters.cursor ? new Date(filters.cursor.name) : null;
  const rows = await db
    .select({
      ...columns,
      exceptionId: findings.exceptionId,
      credential: { id: credentials.id, name: credentials.name, environment: credentials.environment, teamName: teams.name },
    })
    .from(findings)
    .innerJoin(credentials, eq(credentials.id, findings.credentialId))
    .leftJoin(teams, eq(teams.id, credentials.owningTeamId))
    .where(
      and(
        eq(findings.status, filters.status),
        filters.severity ? eq(findings.severity, filters.severity) : undefined,
        filters.rule ? eq(findings.ruleId, filters.rule) : undefined,
        filters.control ? ofControl(filters.control) : undefined,
        filters.teamId ? eq(credentials.owningTeamId, filters.teamId) : undefined,
        filters.environment ? eq(credentials.environment, filters.environment) : undefined,
        filters.credentialId ? eq(findings.credentialId, filters.credentialId) : undefined,
        cursorAt && filters.cursor && !Number.isNaN(cursorAt.getTime())
          ? or(lt(findings.openedAt, cursorAt), and(eq(findings.openedAt, cursorAt), lt(findings.id, filters.cursor.id)))
          : undefined,
      ),
    )
    .orderBy(desc(findings.openedAt), desc(findings.id))
    .limit(filters.limit + 1);
  const items = rows.slice(0, filters.limit).map((r) => ({ ...presentFinding(r), ruleTitle: ruleLabel(r.ruleId) }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > filters.limit && last ? encodeCursor({ name: last.openedAt.toISOString(), id: last.id }) : null };
}
