import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { rowsOf } from "@/db/client";
import type { PackDataFile } from "@/lib/domain/exports/pack-format";
import { formatCsvRow } from "@/lib/inventory-file/csv";
import type { ExportScope } from "@/lib/validation/exports";

/** A file of the evidence pack, produced chunk by chunk. */
export type PackFile = { path: PackDataFile; chunks: () => AsyncGenerator<string> };

export function periodBounds(scope: ExportScope): { from: Date; to: Date } {
  const from = scope.from ? new Date(`${scope.from}T00:00:00.000Z`) : new Date(0);
  // `to` is a day: the whole day is in the period.
  const to = scope.to ? new Date(new Date(`${scope.to}T00:00:00.000Z`).getTime() + 86_400_000) : new Date("9999-12-31T00:00:00.000Z");
  return { from, to };
}

export const PAGE = 1000;

/**
 * A lifecycle table in the period and scope as CSV, by keyset over (at, id). `inner` selects the
 * rows with the columns of `header` plus `at` and `id`, already filtered by period and scope.
 */
function periodCsv(q: Queryable, header: string[], inner: (from: Date, to: Date) => SQL, scope: ExportScope) {
  return async function* (): AsyncGenerator<string> {
    const { from, to } = periodBounds(scope);
    yield formatCsvRow(header);
    let after: { at: Date; id: string } | null = null;
    for (;;) {
      const page = after ? sql`where (t.at, t.id) > (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``;
      const rows: Record<string, unknown>[] = rowsOf<Record<string, unknown>>(await q.execute(sql`select * from (${inner(from, to)}) t ${page} order by t.at, t.id limit ${PAGE}`));
      if (rows.length === 0) return;
      yield rows.map((r) => formatCsvRow(header.map((h) => cell(r[h])))).join("");
      const last: Record<string, unknown> | undefined = rows.at(-1);
      after = { at: last?.at instanceof Date ? last.at : new Date(String(last?.at)), id: String(last?.id) };
      if (rows.length < PAGE) return;
    }
  };
}

/** Timestamps as ISO 8601 UTC whichever driver returned them (a Date, or PostgreSQL's text form). */
const cell = (v: unknown): string => {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object") return JSON.stringify(v);
  const text = `${v as string | number | boolean}`;
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}(:\d{2})?$/.test(text) ? new Date(text.replace(" ", "T").replace(/([+-]\d{2})$/, "$1:00")).toISOString() : text;
};

const during = (col: string, from: Date, to: Date) => sql`${sql.raw(col)} >= ${from.toISOString()}::timestamptz and ${sql.raw(col)} < ${to.toISOString()}::timestamptz`;

/** The scope's filter on the credentials table aliased `c` (any status: a decommissioned credential's history is still the team's). */
export const credentialInScope = (scope: ExportScope) =>
  sql`${scope.teamId ? sql`and c.owning_team_id = ${scope.teamId}::uuid` : sql``} ${scope.environment ? sql`and c.environment = ${scope.environment}` : sql``}`;

/** The evidence pack's lifecycle tables in the period and scope (DESIGN §8.4). */
export function lifecycleFiles(q: Queryable, scope: ExportScope): PackFile[] {
  const inScope = credentialInScope(scope);
  const credential = ["credential_key", "credential_name", "team"];
  const credentialColumns = sql.raw("c.key as credential_key, c.name as credential_name, tm.name as team");
  const team = sql.raw("left join teams tm on tm.id = c.owning_team_id");
  return [
    {
      path: "rotations.csv",
      chunks: periodCsv(q, ["id", "at", ...credential, "state", "reason", "break_glass", "planned_at", "decided_at", "completed_at"], (from, to) =>
        sql`select r.id, r.created_at as at, ${credentialColumns}, r.state, r.reason, r.break_glass, r.planned_at, r.decided_at, r.completed_at from rotation_requests r join credentials c on c.id = r.credential_id ${team} where ${during("r.created_at", from, to)} ${inScope}`, scope),
    },
    {
      path: "approvals.csv",
      chunks: periodCsv(q, ["id", "at", "request_id", ...credential, "approver", "approver_email", "is_security"], (from, to) =>
        sql`select md5(a.request_id::text || a.approver_id::text)::uuid as id, a.at, a.request_id, ${credentialColumns}, p.name as approver, p.email as approver_email, a.is_security from rotation_approvals a join rotation_requests r on r.id = a.request_id join credentials c on c.id = r.credential_id ${team} left join people p on p.id = a.approver_person_id where ${during("a.at", from, to)} ${inScope}`, scope),
    },
    {
      path: "reviews.csv",
      chunks: periodCsv(q, ["id", "at", ...credential, "decision", "notes", "campaign_id"], (from, to) =>
        sql`select v.id, v.created_at as at, ${credentialColumns}, v.decision, v.notes, v.campaign_id from reviews v join credentials c on c.id = v.credential_id ${team} where ${during("v.created_at", from, to)} ${inScope}`, scope),
    },
    {
      path: "exceptions.csv",
      chunks: periodCsv(q, ["id", "at", "rule_id", ...credential, "filter", "justification", "compensating_control", "approver", "approver_email", "expires_at", "revoked_at"], (from, to) =>
        sql`select x.id, x.created_at as at, x.rule_id, ${credentialColumns}, x.filter, x.justification, x.compensating_control, p.name as approver, p.email as approver_email, x.expires_at, x.revoked_at
            from finding_exceptions x left join credentials c on c.id = x.credential_id ${team} left join people p on p.id = x.approver_person_id
            where ${during("x.created_at", from, to)} and ((x.credential_id is not null ${inScope}) or (x.credential_id is null ${ruleWideInScope(scope)}))`, scope),
    },
    {
      path: "leak-incidents.csv",
      chunks: periodCsv(q, ["id", "at", ...credential, "secret_id", "source", "status", "remediated_at", "remediation_seconds"], (from, to) =>
        sql`select l.id, l.detected_at as at, ${credentialColumns}, l.secret_id, l.source, l.status, l.remediated_at, l.remediation_seconds from leak_incidents l join credentials c on c.id = l.credential_id ${team} where ${during("l.detected_at", from, to)} ${inScope}`, scope),
    },
    {
      path: "findings.csv",
      chunks: periodCsv(q, ["id", "at", ...credential, "rule_id", "severity", "status", "resolved_at", "resolution"], (from, to) =>
        sql`select f.id, f.opened_at as at, ${credentialColumns}, f.rule_id, f.severity, f.status, f.resolved_at, f.resolution from findings f join credentials c on c.id = f.credential_id ${team} where ${during("f.opened_at", from, to)} ${inScope}`, scope),
    },
  ];
}

/** A rule-wide exception (a filter, no credential) is in scope when its filter can match the scope's credentials. */
export const ruleWideInScope = (scope: ExportScope) =>
  sql`${scope.teamId ? sql`and coalesce(x.filter->>'teamId', ${scope.teamId}) = ${scope.teamId}` : sql``} ${scope.environment ? sql`and coalesce(x.filter->>'environment', ${scope.environment}) = ${scope.environment}` : sql``}`;
