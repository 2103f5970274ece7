/**
 * The inventory file (DESIGN §8.2), format `steward-inventory/v1`: what a file holds and in
 * which order: its record types, their sections and labels, what each needs on creation, and the
 * credential's references. The records as a file writes them are in ./records (zod schemas, with the
 * field rules of ./fields); the shape Steward holds them in is in ./full. Client-safe: no server imports.

 */
export const INVENTORY_FORMAT = "steward-inventory/v1";

export const recordTypes = ["person", "team", "authorizationServer", "api", "application", "credential"] as const;
export type RecordType = (typeof recordTypes)[number];

/** The top-level array of each record type, in the order an import applies them (dependencies first). */
export const sectionOf: Record<RecordType, string> = {
  person: "people",
  team: "teams",
  authorizationServer: "authorizationServers",
  api: "apis",
  application: "applications",
  credential: "credentials",
};

export const recordTypeLabels: Record<RecordType, string> = {
  person: "People",
  team: "Teams",
  authorizationServer: "Authorization servers",
  api: "APIs",
  application: "Applications",
  credential: "Credentials",
};

/** The audit target type of each record type (as the services write them). */
export const auditTargetType: Record<RecordType, string> = {
  person: "person",
  team: "team",
  authorizationServer: "authorization_server",
  api: "api",
  application: "application",
  credential: "credential",
};

/** Fields that must be present when a record is created (an update may leave them out). */
export const requiredOnCreate: Record<RecordType, readonly string[]> = {
  person: ["name"],
  team: ["name", "kind"],
  authorizationServer: ["name", "issuerUrl"],
  api: ["name", "audience", "trustZone", "sensitivity"],
  application: ["name", "environment", "trustZone"],
  credential: ["name", "environment"],
};

/** The credential's person and team references, by field. */
export const credentialPersonFields = ["owner", "backupOwner", "rotationOwner", "revocationOwner", "sdkOwner"] as const;
export const credentialTeamFields = ["owningTeam", "identityGovernanceTeam", "platformTeam"] as const;
