/**
 * Roles and permissions (DESIGN §2) as data: one table drives navigation, page guards and API
 * checks. Record-level rights (ownership) are layered on top by the features that have records.
 */
export const roles = ["admin", "security", "member", "auditor"] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  admin: "Admin",
  security: "Security",
  member: "Member",
  auditor: "Auditor",
};

const everyone: readonly Role[] = roles;
const governors: readonly Role[] = ["admin", "security"];
const overseers: readonly Role[] = ["admin", "security", "auditor"];
const editors: readonly Role[] = ["admin", "security", "member"];

/** Permission → roles that hold it. Adding a permission here is the only way to grant one. */
export const permissionTable = {
  "dashboard:read": everyone,
  "api-docs:read": everyone,
  "person:read": everyone,
  "team:read": everyone,
  "person:manage": governors,
  "team:manage": governors,
  "user:read": overseers,
  "user:manage": ["admin"],
  "audit:read": overseers,
  "inventory:read": everyone,
  "export:read": everyone,
  "leak-lookup:read": everyone,
  // Members hold the write permissions, limited by the record rules of DESIGN §2 (lib/authz/ownership).
  "credential:write": editors,
  "api:write": editors,
  "application:write": editors,
  "server:manage": governors,
  "policy:manage": governors,
  "inventory:import": governors,
  // Lifecycle (DESIGN §4). Record rules (ownership, eligible approvers) narrow these per request.
  "queue:read": everyone,
  /** One's own in-app inbox, including marking one's own messages read (personal state, not a record). */
  "inbox:read": everyone,
  "rotation:write": editors,
  "review:write": editors,
  /** Access decisions per API (DESIGN §4.5): record rules narrow it to the API's owning team (never the requester) or the credential's editors. */
  "grant:write": editors,
  "campaign:manage": governors,
  "incident:write": editors,
  "ownership:manage": governors,
  "calendar:manage": editors,
  "notification:manage": ["admin"],
  // Governance (DESIGN §5, §8.4). Findings and controls are read with inventory:read.
  "exception:manage": governors,
  /** Findings triage (issue 16): assign findings to a person to work on. */
  "finding:manage": governors,
  /** Control-mapping, OSCAL and evidence-pack exports: auditors' work, and security/admin's. */
  "compliance-export:read": overseers,
  /**
   * One's own read-only API tokens (DESIGN §8.1): create, list, revoke. Auditors too (issue 15: they
   * pull evidence from scripts): the one record an auditor writes is their own token and its
   * inventory entry, in an audited transaction, and the token can only read (GET and HEAD).
   */
  "read-only-token:write": everyone,
  /** One's own read-write API tokens (DESIGN §8.1), acting with one's own rights at most. Not auditors. */
  "token:write": editors,
  /** Everyone's API tokens: list and revoke (DESIGN §2: admin only). */
  "token:manage": ["admin"],
  /**
   * Usage evidence across the inventory (issue 14, DESIGN §5.4): the Unknown clients page. Registering
   * one is creating a credential (credential:write). A credential's own Usage tab is inventory:read.
   */
  "usage:read": overseers,
  /**
   * Usage evidence (DESIGN §8.7): create ingest tokens, and post usage events with one. Governors:
   * the events move "last used" and the usage findings of every team's credentials.
   */
  "usage:ingest": governors,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissionTable;
export const permissions = Object.keys(permissionTable) as Permission[];

export function can(role: Role, permission: Permission): boolean {
  return (permissionTable[permission] as readonly Role[]).includes(role);
}

/** Permissions that change state; an auditor must hold none of them (DESIGN §2). */
export const mutatingPermissions: readonly Permission[] = permissions.filter((p) => /:(manage|write|import|ingest)$/.test(p));
