import "server-only";
import { and, asc, count, eq, inArray, ne } from "drizzle-orm";
import { apis, applications, credentialApplications, credentialGrants, credentials, teams } from "@/db/schema";
import type { Queryable } from "@/db/client";

/**
 * Reads the registry screens need beyond db/queries/registry: team options for selects, trust
 * zones already in use (suggestions), and the credentials that depend on a registry record.
 */

/** Teams for a select. Organisations have tens to hundreds of teams; the cap keeps a select usable. */
export const TEAM_OPTION_LIMIT = 1000;

export async function teamOptions(db: Queryable) {
  return db
    .select({ id: teams.id, name: teams.name, kind: teams.kind })
    .from(teams)
    .orderBy(asc(teams.name), asc(teams.id))
    .limit(TEAM_OPTION_LIMIT);
}

/** Trust zones already used by APIs or applications, so new records spell them the same way. */
export async function trustZoneSuggestions(db: Queryable): Promise<string[]> {
  const rows = await db
    .select({ zone: apis.trustZone })
    .from(apis)
    .union(db.select({ zone: applications.trustZone }).from(applications))
    .limit(200);
  return rows.map((r) => r.zone).sort((a, b) => a.localeCompare(b));
}

type Dependent = { id: string; name: string; environment: string; status: string };
/** `grantStatus` (an API's dependents): a pending request is listed as pending, not as access (DESIGN §4.5). */
export type DependentCredentials = { total: number; items: (Dependent & { grantStatus?: "approved" | "requested" | "rejected" | "revoked" | "expired" })[] };

const credentialSummary = { id: credentials.id, name: credentials.name, environment: credentials.environment, status: credentials.status };
const SHOWN = 10;

async function dependents<T extends Dependent>(rows: Promise<T[]>, total: Promise<{ n: number }[]>): Promise<{ total: number; items: T[] }> {
  const [items, [counted]] = await Promise.all([rows, total]);
  return { total: counted?.n ?? 0, items };
}

/** Credentials whose token endpoint is this authorization server (decommissioned ones excluded). */
export function credentialsOfServer(db: Queryable, serverId: string) {
  const where = and(eq(credentials.authorizationServerId, serverId), ne(credentials.status, "decommissioned"));
  return dependents(
    db.select(credentialSummary).from(credentials).where(where).orderBy(asc(credentials.name), asc(credentials.id)).limit(SHOWN),
    db.select({ n: count() }).from(credentials).where(where),
  );
}

/** Credentials granted scopes (or the audience) of this API, or waiting for its team's approval; ended grants are not listed. */
export function credentialsOfApi(db: Queryable, apiId: string) {
  const where = and(eq(credentialGrants.apiId, apiId), inArray(credentialGrants.status, ["approved", "requested"]), ne(credentials.status, "decommissioned"));
  return dependents(
    db
      .select({ ...credentialSummary, grantStatus: credentialGrants.status })
      .from(credentialGrants)
      .innerJoin(credentials, eq(credentials.id, credentialGrants.credentialId))
      .where(where)
      .orderBy(asc(credentials.name), asc(credentials.id))
      .limit(SHOWN),
    db.select({ n: count() }).from(credentialGrants).innerJoin(credentials, eq(credentials.id, credentialGrants.credentialId)).where(where),
  );
}

/** Credentials this application uses. */
export function credentialsOfApplication(db: Queryable, applicationId: string) {
  const where = and(eq(credentialApplications.applicationId, applicationId), ne(credentials.status, "decommissioned"));
  return dependents(
    db
      .select(credentialSummary)
      .from(credentialApplications)
      .innerJoin(credentials, eq(credentials.id, credentialApplications.credentialId))
      .where(where)
      .orderBy(asc(credentials.name), asc(credentials.id))
      .limit(SHOWN),
    db
      .select({ n: count() })
      .from(credentialApplications)
      .innerJoin(credentials, eq(credentials.id, credentialApplications.credentialId))
      .where(where),
  );
}

/** Credentials this policy currently governs (matched or set explicitly). */
export function credentialsOfPolicy(db: Queryable, policyId: string) {
  const where = and(eq(credentials.effectivePolicyId, policyId), ne(credentials.status, "decommissioned"));
  return dependents(
    db.select(credentialSummary).from(credentials).where(where).orderBy(asc(credentials.name), asc(credentials.id)).limit(SHOWN),
    db.select({ n: count() }).from(credentials).where(where),
  );
}

/** How many active credentials each policy governs, for the policy table. */
export async function policyUsageCounts(db: Queryable): Promise<Map<string, number>> {
  const rows = await db
    .select({ policyId: credentials.effectivePolicyId, n: count() })
    .from(credentials)
    .where(ne(credentials.status, "decommissioned"))
    .groupBy(credentials.effectivePolicyId);
  return new Map(rows.flatMap((r) => (r.policyId ? [[r.policyId, r.n] as const] : [])));
}
