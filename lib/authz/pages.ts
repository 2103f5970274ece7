import type { Permission } from "./permissions";

/**
 * Every signed-in page and the permission it needs. Pages look themselves up here
 * (requirePage), a unit test checks every page file is listed, and the end-to-end
 * authorization suite walks this table for every role.
 */
export const pagePermissions = {
  "/": "dashboard:read",
  "/api-docs": "api-docs:read",
  "/audit": "audit:read",
  "/people": "person:read",
  "/people/new": "person:manage",
  "/people/[id]": "person:read",
  "/teams": "team:read",
  "/teams/new": "team:manage",
  "/teams/[id]": "team:read",
  "/settings/users": "user:read",
  "/settings/users/new": "user:manage",
  "/settings/users/[id]": "user:manage",
} as const satisfies Record<string, Permission>;

export type PageRoute = keyof typeof pagePermissions;
