import { describe, expect, it } from "vitest";
import { can, mutatingPermissions, permissions, permissionTable, roles, type Permission, type Role } from "./permissions";
import { createItems, navigationFor, navigationSectionsFor, navItems, palettePagesFor } from "./navigation";
import { pagePermissions, type PageRoute } from "./pages";

/**
 * The expected permission matrix, written out by hand from DESIGN §2. It is deliberately not
 * derived from permissionTable: a change to the table must be matched by a change here.
 */
const Y = true;
const N = false;
const expected: Record<Permission, Record<Role, boolean>> = {
  //                  admin      security     member     auditor
  "dashboard:read": { admin: Y, security: Y, member: Y, auditor: Y },
  "api-docs:read": { admin: Y, security: Y, member: Y, auditor: Y },
  "person:read": { admin: Y, security: Y, member: Y, auditor: Y },
  "team:read": { admin: Y, security: Y, member: Y, auditor: Y },
  "person:manage": { admin: Y, security: Y, member: N, auditor: N },
  "team:manage": { admin: Y, security: Y, member: N, auditor: N },
  "user:read": { admin: Y, security: Y, member: N, auditor: Y },
  "user:manage": { admin: Y, security: N, member: N, auditor: N },
  "audit:read": { admin: Y, security: Y, member: N, auditor: Y },
  "inventory:read": { admin: Y, security: Y, member: Y, auditor: Y },
  "export:read": { admin: Y, security: Y, member: Y, auditor: Y },
  "leak-lookup:read": { admin: Y, security: Y, member: Y, auditor: Y },
  "credential:write": { admin: Y, security: Y, member: Y, auditor: N },
  "api:write": { admin: Y, security: Y, member: Y, auditor: N },
  "application:write": { admin: Y, security: Y, member: Y, auditor: N },
  "server:manage": { admin: Y, security: Y, member: N, auditor: N },
  "policy:manage": { admin: Y, security: Y, member: N, auditor: N },
  "inventory:import": { admin: Y, security: Y, member: N, auditor: N },
  "queue:read": { admin: Y, security: Y, member: Y, auditor: Y },
  "inbox:read": { admin: Y, security: Y, member: Y, auditor: Y },
  "rotation:write": { admin: Y, security: Y, member: Y, auditor: N },
  "review:write": { admin: Y, security: Y, member: Y, auditor: N },
  "grant:write": { admin: Y, security: Y, member: Y, auditor: N },
  "campaign:manage": { admin: Y, security: Y, member: N, auditor: N },
  "incident:write": { admin: Y, security: Y, member: Y, auditor: N },
  "ownership:manage": { admin: Y, security: Y, member: N, auditor: N },
  "calendar:manage": { admin: Y, security: Y, member: Y, auditor: N },
  "notification:manage": { admin: Y, security: N, member: N, auditor: N },
  "exception:manage": { admin: Y, security: Y, member: N, auditor: N },
  "finding:manage": { admin: Y, security: Y, member: N, auditor: N },
  "compliance-export:read": { admin: Y, security: Y, member: N, auditor: Y },
  "read-only-token:write": { admin: Y, security: Y, member: Y, auditor: Y },
  "token:write": { admin: Y, security: Y, member: Y, auditor: N },
  "token:manage": { admin: Y, security: N, member: N, auditor: N },
  "usage:read": { admin: Y, security: Y, member: N, auditor: Y },
  "usage:ingest": { admin: Y, security: Y, member: N, auditor: N },
};

const expectedMutating: Permission[] = [
  "person:manage",
  "team:manage",
  "user:manage",
  "credential:write",
  "api:write",
  "application:write",
  "server:manage",
  "policy:manage",
  "inventory:import",
  "rotation:write",
  "review:write",
  "grant:write",
  "campaign:manage",
  "incident:write",
  "ownership:manage",
  "calendar:manage",
  "notification:manage",
  "exception:manage",
  "finding:manage",
  "read-only-token:write",
  "token:write",
  "token:manage",
  "usage:ingest",
];

/**
 * The one write an auditor makes (issue 15): their own read-only API token, so scripts can pull
 * evidence. Everything else an auditor holds is a read.
 */
const auditorWrites: Permission[] = ["read-only-token:write"];

describe("[AUTHZ] permission map", () => {
  it("lists exactly the four roles of DESIGN §2", () => {
    expect([...roles].sort()).toEqual(["admin", "auditor", "member", "security"]);
  });

  it("has an expected value for every permission and no permission the test does not know", () => {
    expect([...permissions].sort()).toEqual(Object.keys(expected).sort());
    expect(Object.keys(permissionTable).sort()).toEqual(Object.keys(expected).sort());
  });

  const pairs = Object.entries(expected).flatMap(([permission, byRole]) =>
    roles.map((role) => ({ permission: permission as Permission, role, allowed: byRole[role] })),
  );

  it.each(pairs)("$role → $permission is $allowed", ({ permission, role, allowed }) => {
    expect(can(role, permission)).toBe(allowed);
  });

  it("classifies exactly the state-changing permissions as mutating", () => {
    expect([...mutatingPermissions].sort()).toEqual([...expectedMutating].sort());
  });

  it("[AUTHZ] auditor holds no mutating permission but its own read-only API tokens", () => {
    for (const p of mutatingPermissions) expect(can("auditor", p), p).toBe(auditorWrites.includes(p));
    // And independently of the mutatingPermissions list: everything else an auditor holds is a read.
    const held = permissions.filter((p) => can("auditor", p) && !auditorWrites.includes(p));
    expect(held.length).toBeGreaterThan(0);
    for (const p of held) expect(p, p).toMatch(/:read$/);
  });

  it("admin holds every permission", () => {
    for (const p of permissions) expect(can("admin", p), p).toBe(true);
  });

  it("member cannot read the audit log or the user list", () => {
    expect(can("member", "audit:read")).toBe(false);
    expect(can("member", "user:read")).toBe(false);
  });
});

describe("[AUTHZ] navigation", () => {
  // Every role reads the whole inventory (DESIGN §2); only the audit log, users and settings differ.
  const work = ["/dashboard", "/queue"];
  // People and teams sit with the inventory (who owns what): five groups in all (issue 16).
  const inventory = ["/inventory", "/applications", "/apis", "/servers", "/policies", "/teams", "/people"];
  const lifecycle = ["/rotations", "/reviews", "/incidents", "/leak-lookup"];
  const governance = ["/findings", "/controls", "/exceptions"];
  const usage = ["/usage/unknown-clients"];
  const expectedNav: Record<Role, string[]> = {
    admin: [...work, ...inventory, ...usage, ...lifecycle, ...governance, "/exports", "/import-export", "/audit", "/settings/users", "/settings/notifications", "/settings/calendar", "/settings/tokens", "/api-docs"],
    security: [...work, ...inventory, ...usage, ...lifecycle, ...governance, "/exports", "/import-export", "/audit", "/settings/users", "/settings/calendar", "/settings/tokens", "/api-docs"],
    member: [...work, ...inventory, ...lifecycle, ...governance, "/import-export", "/settings/calendar", "/settings/tokens", "/api-docs"],
    auditor: [...work, ...inventory, ...usage, ...lifecycle, ...governance, "/exports", "/import-export", "/audit", "/settings/users", "/settings/tokens", "/api-docs"],
  };

  it.each(roles)("%s sees exactly the items it is permitted", (role) => {
    expect(navigationFor(role).map((i) => i.href)).toEqual(expectedNav[role]);
  });

  it.each(roles)("%s sees its items grouped in sections, in order, every item once", (role) => {
    const groups = navigationSectionsFor(role);
    expect(groups.flatMap((g) => g.items.map((i) => i.href))).toEqual(expectedNav[role]);
    expect(groups.map((g) => g.section)).toEqual(["Overview", "Inventory", "Lifecycle", "Governance", "Admin"]);
  });

  it.each(roles)("%s is shown no item whose permission it lacks", (role) => {
    const shown = new Set(navigationFor(role).map((i) => i.href));
    for (const item of navItems) expect(shown.has(item.href), item.href).toBe(can(role, item.permission));
  });

  it.each(roles)("%s: every navigation item has an icon and a page-table entry under the same permission", (role) => {
    for (const item of palettePagesFor(role)) {
      expect(item.icon, item.href).toBeDefined();
      expect(pagePermissions[item.href as PageRoute], item.href).toBe(item.permission);
    }
  });

  it("[AUTHZ] the command palette offers an auditor no write page, and a member the forms members may use", () => {
    const auditorPages = palettePagesFor("auditor");
    // Its own read-only API tokens are the one write an auditor holds (auditorWrites above).
    for (const item of auditorPages.filter((i) => !auditorWrites.includes(i.permission))) expect(item.permission, item.href).not.toMatch(/:(manage|write|import)$/);
    expect(auditorPages.some((i) => i.href.endsWith("/new"))).toBe(false);
    const memberForms = palettePagesFor("member").filter((i) => i.href.endsWith("/new")).map((i) => i.href);
    expect(memberForms.sort()).toEqual(["/apis/new", "/applications/new", "/inventory/new"]);
    expect(palettePagesFor("admin").filter((i) => i.href.endsWith("/new"))).toHaveLength(createItems.length - 1);
  });
});
