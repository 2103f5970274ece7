import "server-only";
import { and, asc, eq, gt, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { rowsOf } from "@/db/client";
import { credentialPosture, credentials, findings, people, teams } from "@/db/schema";
import { controlKey, mappingPairs, rulesFor } from "@/lib/domain/catalog/mapping";
import type { Control, ControlKey, FrameworkId } from "@/lib/domain/catalog/types";
import { credentialControls, type CredentialControl, type LiveFinding } from "@/lib/domain/control-status";
import { encodeCursor } from "@/lib/validation/common";

/**
 * Control status and coverage over the inventory (DESIGN §5.2), set-based: the rule → control
 * mapping is joined in as a VALUES list (the catalog is code, shipped with the app), applicable rules
 * come from `credential_posture.applicable_rules` (written by the posture engine), failures from live findings.
 */
export type ControlScope = { teamId?: string; environment?: string };

export type ControlCounts = { pass: number; fail: number; excepted: number; notApplicable: number };

function scopeConditions(scope: ControlScope): SQL {
  const conditions: SQL[] = [sql`c.status <> 'decommissioned'`];
  if (scope.teamId) conditions.push(sql`c.owning_team_id = ${scope.teamId}::uuid`);
  if (scope.environment) conditions.push(sql`c.environment = ${scope.environment}::environment`);
  return sql.join(conditions, sql` and `);
}

/** Counts per control for the credentials in scope, in two aggregate statements. */
export async function controlCoverage(q: Queryable, scope: ControlScope, frameworks?: readonly FrameworkId[]): Promise<{ credentials: number; counts: Map<ControlKey, ControlCounts> }> {
  const pairs = mappingPairs(frameworks);
  const out = new Map<ControlKey, ControlCounts>();
  if (pairs.length === 0) return { credentials: 0, counts: out };
  const map = sql.join(
    pairs.map((p) => sql`(${p.ruleId}, ${controlKey(p.control.framework, p.control.id)})`),
    sql`, `,
  );
  const where = scopeConditions(scope);
  const [totalRows, rows] = await Promise.all([
    q.execute(sql`select count(*) as n from credentials c where ${where}`),
    q.execute(sql`
      with map(rule_id, control_key) as (values ${map}),
      scope as (select c.id, p.applicable_rules from credentials c join credential_posture p on p.credential_id = c.id where ${where}),
      applicable as (
        select distinct m.control_key, s.id from scope s cross join lateral unnest(s.applicable_rules) r(rule_id) join map m on m.rule_id = r.rule_id
      ),
      live as (
        select m.control_key, f.credential_id, bool_or(f.status = 'open') as failing
          from findings f join scope s on s.id = f.credential_id join map m on m.rule_id = f.rule_id
         where f.status in ('open', 'excepted')
         group by m.control_key, f.credential_id
      )
      select a.control_key,
             count(*) filter (where l.failing) as fail,
             count(*) filter (where l.failing = false) as excepted,
             count(*) filter (where l.control_key is null) as pass,
             count(*) as applicable
        from applicable a left join live l on l.control_key = a.control_key and l.credential_id = a.id
       group by a.control_key`),
  ]);
  const total = Number(rowsOf<{ n: string | number }>(totalRows)[0]?.n ?? 0);
  for (const p of pairs) {
    const key = controlKey(p.control.framework, p.control.id);
    if (!out.has(key)) out.set(key, { pass: 0, fail: 0, excepted: 0, notApplicable: total });
  }
  for (const r of rowsOf<{ control_key: ControlKey; fail: string | number; excepted: string | number; pass: string | number; applicable: string | number }>(rows)) {
    out.set(r.control_key, { pass: Number(r.pass), fail: Number(r.fail), excepted: Number(r.excepted), notApplicable: total - Number(r.applicable) });
  }
  return { credentials: total, counts: out };
}

export type FailingCredential = { id: string; key: string; name: string; environment: string; teamName: string | null; ownerName: string | null; rules: string[]; excepted: boolean };

/** Credentials failing (or excepted on) one control, keyset-paged by (name, id). */
export async function failingCredentials(q: Queryable, control: Pick<Control, "framework" | "id">, scope: ControlScope, cursor: { name: string; id: string } | undefined, limit: number) {
  const rules = rulesFor(control);
  if (rules.length === 0) return { items: [] as FailingCredential[], nextCursor: null };
  const conditions: (SQL | undefined)[] = [
    ne(credentials.status, "decommissioned"),
    inArray(findings.ruleId, rules),
    inArray(findings.status, ["open", "excepted"]),
    scope.teamId ? eq(credentials.owningTeamId, scope.teamId) : undefined,
    scope.environment ? sql`${credentials.environment} = ${scope.environment}::environment` : undefined,
    cursor ? or(gt(credentials.name, cursor.name), and(eq(credentials.name, cursor.name), gt(credentials.id, cursor.id))) : undefined,
  ];
  const rows = await q
    .select({
      id: credentials.id,
      key: credentials.key,
      name: credentials.name,
      environment: credentials.environment,
      teamName: teams.name,
      ownerName: people.name,
      rules: sql<string[]>`array_agg(distinct ${findings.ruleId} order by ${findings.ruleId})`,
      excepted: sql<boolean>`bool_and(${findings.status} = 'excepted')`,
    })
    .from(findings)
    .innerJoin(credentials, eq(credentials.id, findings.credentialId))
    .leftJoin(teams, eq(teams.id, credentials.owningTeamId))
    .leftJoin(people, eq(people.id, credentials.ownerId))
    .where(and(...conditions))
    .groupBy(credentials.id, teams.name, people.name)
    .orderBy(asc(credentials.name), asc(credentials.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ name: last.name, id: last.id }) : null };
}

/** Live findings of a batch of credentials, grouped by credential. */
export async function liveFindingsOf(q: Queryable, credentialIds: readonly string[]): Promise<Map<string, LiveFinding[]>> {
  const out = new Map<string, LiveFinding[]>();
  if (credentialIds.length === 0) return out;
  const rows = await q
    .select({ credentialId: findings.credentialId, id: findings.id, ruleId: findings.ruleId, status: findings.status, severity: findings.severity, openedAt: findings.openedAt })
    .from(findings)
    .where(and(inArray(findings.credentialId, [...credentialIds]), inArray(findings.status, ["open", "excepted"])))
    // A fixed order: an export's evidence cells read the same however the rows lie on disk (an as-of
    // export must equal the export made at that instant, DESIGN §8.6).
    .orderBy(asc(findings.ruleId), asc(findings.id));
  for (const { credentialId, status, ...f } of rows) {
    if (status === "resolved") continue;
    out.set(credentialId, [...(out.get(credentialId) ?? []), { ...f, status }]);
  }
  return out;
}

/**
 * Per credential × mapped control: status and evidence, for a batch of credentials (the credential
 * page, and the exports batch by batch while streaming). Two statements per batch.
 */
export async function controlRowsForCredentials(q: Queryable, credentialIds: readonly string[], frameworks?: readonly FrameworkId[]): Promise<Map<string, CredentialControl[]>> {
  const out = new Map<string, CredentialControl[]>();
  if (credentialIds.length === 0) return out;
  const [creds, live] = await Promise.all([
    q.select({ id: credentialPosture.credentialId, applicableRules: credentialPosture.applicableRules }).from(credentialPosture).where(inArray(credentialPosture.credentialId, [...credentialIds])),
    liveFindingsOf(q, credentialIds),
  ]);
  for (const c of creds) out.set(c.id, credentialControls(c.applicableRules, live.get(c.id) ?? [], frameworks));
  return out;
}
