import type { Permission } from "./permissions";

/**
 * Every signed-in page and the permission it needs. Pages look themselves up here
 * (requirePage), a unit test checks every page file is listed, and the end-to-end
 * authorization suite walks this table for every role.
 */
export const pagePermissions = {
  "/": "dashboard:read",
  "/dashboard": "dashboard:read",
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
  "/queue": "queue:read",
  "/inbox": "inbox:read",
  "/rotations": "inventory:read",
  "/rotations/[id]": "inventory:read",
  "/reviews": "inventory:read",
  "/reviews/campaigns/new": "campaign:manage",
  "/reviews/campaigns/[id]": "inventory:read",
  "/incidents": "inventory:read",
  "/incidents/[id]": "inventory:read",
  "/people/[id]/reassign": "ownership:manage",
  "/settings/notifications": "notification:manage",
  "/settings/calendar": "calendar:manage",
  "/settings/tokens": "read-only-token:write",
  "/findings": "inventory:read",
  "/findings/[id]": "inventory:read",
  "/controls": "inventory:read",
  "/controls/[framework]": "inventory:read",
  "/controls/[framework]/[control]": "inventory:read",
  "/exceptions": "inventory:read",
  "/exceptions/new": "exception:manage",
  "/exports": "compliance-export:read",
  "/usage/unknown-clients": "usage:read",
} as const satisfies Record<string, Permission>;

export type PageRoute = keyof typeof pagePermissions;

const routePatterns = (Object.keys(pagePermissions) as PageRoute[]).map((route) => ({ route, segments: route.split("/").filter(Boolean) }));

/**
 * The page route a request path is for ("/inventory/3f…" → "/inventory/[id]"), or null for a path
 * no page serves. A literal segment beats a parameter, as in Next's own matching ("/inventory/new"
 * is the new-credential page, not a credential called "new").
 */
export function pageRouteOf(pathname: string): PageRoute | null {
  const parts = pathname.split("/").filter(Boolean);
  let best: { route: PageRoute; params: number } | null = null;
  for (const { route, segments } of routePatterns) {
    if (segments.length !== parts.length) continue;
    const matches = segments.every((segment, i) => segment.startsWith("[") || segment === parts[i]);
    const params = segments.filter((segment) => segment.startsWith("[")).length;
    if (matches && (!best || params < best.params)) best = { route, params };
  }
  return best?.route ?? null;
}
