import type { Role } from "./permissions";

/**
 * Record-level rights on top of roles (DESIGN §2): a member creates records only for teams they
 * belong to, and edits records they own (owner, backup owner, SDK owner) or whose owning team they
 * belong to. Security and admin edit anything; auditors nothing. Pure, table-tested.
 */
export type ActorFacts = { role: Role; personId: string | null; teamIds: ReadonlySet<string> };

export type OwnedRecord = {
  owningTeamId: string | null;
  ownerId?: string | null;
  backupOwnerId?: string | null;
  sdkOwnerId?: string | null;
};

const isGovernor = (role: Role) => role === "admin" || role === "security";

export function canCreateForTeam(actor: ActorFacts, owningTeamId: string | null): boolean {
  if (isGovernor(actor.role)) return true;
  if (actor.role !== "member") return false;
  return owningTeamId !== null && actor.teamIds.has(owningTeamId);
}

export function canEditRecord(actor: ActorFacts, record: OwnedRecord): boolean {
  if (isGovernor(actor.role)) return true;
  if (actor.role !== "member") return false;
  if (record.owningTeamId !== null && actor.teamIds.has(record.owningTeamId)) return true;
  const me = actor.personId;
  return me !== null && [record.ownerId, record.backupOwnerId, record.sdkOwnerId].includes(me);
}

/** An edit must leave the record editable by its editor's rules: a member cannot hand a record to a team they are not in. */
export function canEditTo(actor: ActorFacts, before: OwnedRecord, after: OwnedRecord): boolean {
  if (!canEditRecord(actor, before)) return false;
  if (isGovernor(actor.role)) return true;
  return before.owningTeamId === after.owningTeamId || canCreateForTeam(actor, after.owningTeamId);
}

/**
 * Overriding a credential's governance (rotation policy, review cadence; issue 12). Members never
 * may: they would govern their own credentials. Weakening it below the matched policy is a
 * risk decision, so it is security's alone — an admin runs the platform, not its risk acceptance.
 */
export const governanceOverride = {
  mayOverride: (role: Role) => isGovernor(role),
  mayWeaken: (role: Role) => role === "security",
};
