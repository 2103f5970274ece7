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
  "/inventory": "inventory:read",
  "/inventory/new": "credential:write",
  "/inventory/[id]": "inventory:read",
  "/inventory/[id]/edit": "credential:write",
  "/servers": "inventory:read",
  "/servers/new": "server:manage",
  "/servers/[id]": "inventory:read",
  "/apis": "inventory:read",
  "/apis/new": "api:write",
  "/apis/[id]": "inventory:read",
  "/applications": "inventory:read",
  "/applications/new": "application:write",
  "/applications/[id]": "inventory:read",
  "/policies": "inventory:read",
  "/policies/new": "policy:manage",
  "/policies/[id]": "inventory:read",
  "/leak-lookup": "leak-lookup:read",
  "/import-export": "export:read",
} as const satisfies Record<string, Permission>;

export type PageRoute = keyof typeof pagePermissions;
