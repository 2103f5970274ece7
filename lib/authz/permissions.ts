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
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissionTable;
export const permissions = Object.keys(permissionTable) as Permission[];

export function can(role: Role, permission: Permission): boolean {
  return (permissionTable[permission] as readonly Role[]).includes(role);
}

/** Permissions that change state; an auditor must hold none of them (DESIGN §2). */
export const mutatingPermissions: readonly Permission[] = permissions.filter((p) => /:(manage|write|import)$/.test(p));
