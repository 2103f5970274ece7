import "server-only";
import { and, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { applications, credentialApplications, credentials, findings, people } from "@/db/schema";
import { rulesOfControlRef } from "@/lib/domain/catalog/mapping";
import type { ControlMatch } from "@/lib/validation/inventory";

/**
 * Credential predicates shared by the inventory filters (db/queries/credentials.ts) and the
 * dashboard's snapshot counts (db/queries/dashboard.ts): a number on the dashboard and the list it
 * links to are the same condition, written once.
 */

/** Owner, backup owner and owning team all set, and both people still active (DESIGN §6 "full accountability"). */
export const isAccountable: SQL = sql`(${credentials.ownerId} is not null and ${credentials.backupOwnerId} is not null and ${credentials.owningTeamId} is not null
  and exists (select 1 from ${people} p where p.id = ${credentials.ownerId} and p.is_active)
  and exists (select 1 from ${people} p where p.id = ${credentials.backupOwnerId} and p.is_active))`;

/** Used by at least one third-party (vendor-operated or SaaS) application. */
export const isThirdParty: SQL = sql`exists (select 1 from ${credentialApplications} ca join ${applications} a on a.id = ca.application_id
  where ca.credential_id = ${credentials.id} and a.third_party)`;

/**
 * A finding in this state (open unless told: excepted findings are accepted risk, not open) of one of
 * these rules, on the credential `credentialId` names (the credentials table unless told, e.g. an
 * alias in raw SQL). findings_credential_idx (credential_id, status) serves it.
 */
export function hasOpenFindingOf(rules: readonly string[], credentialId: AnyColumn | SQL = credentials.id, status: SQL = sql`'open'`): SQL {
  if (rules.length === 0) return sql`false`;
  return sql`exists (select 1 from ${findings} f where f.credential_id = ${credentialId} and f.status = ${status}
    and f.rule_id in (${sql.join(rules.map((r) => sql`${r}`), sql`, `)}))`;
}

/**
 * Fails several controls at once (issue 15): one EXISTS per control for `all` ("fails PR.AA-05 and
 * NHI7"), one over the union of their rules for `any`. A control no rule evidences fails nothing.
 * Undefined when no control is given.
 */
export function failsControls(refs: readonly string[] | undefined, match: ControlMatch | undefined, credentialId: AnyColumn | SQL = credentials.id, status?: SQL): SQL | undefined {
  if (!refs || refs.length === 0) return undefined;
  if (match === "any") return hasOpenFindingOf([...new Set(refs.flatMap(rulesOfControlRef))], credentialId, status);
  return and(...refs.map((ref) => hasOpenFindingOf(rulesOfControlRef(ref), credentialId, status)));
}

/** Rotation due in [now, now + days], in exact 24-hour days like lib/domain/due-dates. */
export function rotationDueWithin(now: Date, days: number): SQL {
  return sql`(${credentials.rotationDueAt} >= ${now.toISOString()}::timestamptz
    and ${credentials.rotationDueAt} <= ${now.toISOString()}::timestamptz + make_interval(hours => 24 * ${days}))`;
}

/** An open finding of one of these severities. */
export function hasOpenFindingOfSeverity(severities: readonly string[]): SQL {
  return sql`exists (select 1 from ${findings} f where f.credential_id = ${credentials.id} and f.status = 'open'
    and f.severity in (${sql.join(severities.map((s) => sql`${s}`), sql`, `)}))`;
}
