import "server-only";
import { eq } from "drizzle-orm";
import { alias, type PgSelectBase, type SelectedFields } from "drizzle-orm/pg-core";
import type { Queryable } from "@/db/client";
import { credentials, people, teams } from "@/db/schema";

/**
 * The people and teams a credential names (its accountable parties, issue 15), one alias each, so
 * every read that shows them joins them the same way. The callers pick the columns they need
 * (names, emails, keys, active flags) from these aliases.
 */
export const party = {
  owner: alias(people, "owner_p"),
  backupOwner: alias(people, "backup_owner_p"),
  rotationOwner: alias(people, "rotation_owner_p"),
  revocationOwner: alias(people, "revocation_owner_p"),
  sdkOwner: alias(people, "sdk_owner_p"),
  owningTeam: alias(teams, "owning_team_t"),
  identityGovernanceTeam: alias(teams, "governance_team_t"),
  platformTeam: alias(teams, "platform_team_t"),
};

/** The columns that name a credential in a list or an export row. */
export const credentialHeadline = {
  id: credentials.id,
  key: credentials.key,
  name: credentials.name,
  kind: credentials.kind,
  environment: credentials.environment,
  status: credentials.status,
};

/**
 * `select … from credentials` with every party left-joined by primary key: one statement, however
 * many parties the caller reads (PostgreSQL drops the joins whose columns are not selected).
 * Callers add their own joins, filter, order and limit.
 */
export function selectCredentialsWithParties<T extends SelectedFields>(q: Queryable, fields: T): WithParties<T> {
  const query = q
    .select(fields as SelectedFields)
    .from(credentials)
    .leftJoin(party.owner, eq(party.owner.id, credentials.ownerId))
    .leftJoin(party.backupOwner, eq(party.backupOwner.id, credentials.backupOwnerId))
    .leftJoin(party.rotationOwner, eq(party.rotationOwner.id, credentials.rotationOwnerId))
    .leftJoin(party.revocationOwner, eq(party.revocationOwner.id, credentials.revocationOwnerId))
    .leftJoin(party.sdkOwner, eq(party.sdkOwner.id, credentials.sdkOwnerId))
    .leftJoin(party.owningTeam, eq(party.owningTeam.id, credentials.owningTeamId))
    .leftJoin(party.identityGovernanceTeam, eq(party.identityGovernanceTeam.id, credentials.identityGovernanceTeamId))
    .leftJoin(party.platformTeam, eq(party.platformTeam.id, credentials.platformTeamId));
  // drizzle cannot follow the joins' nullability through a generic selection: the type says it.
  return query as unknown as WithParties<T>;
}

type PartyNullability = { [K in keyof typeof party as (typeof party)[K]["_"]["name"]]: "nullable" };
/** The query's type as drizzle would infer it for a concrete selection: every party may be missing. */
type WithParties<T extends SelectedFields> = PgSelectBase<"credentials", T, "partial", { credentials: "not-null" } & PartyNullability>;
