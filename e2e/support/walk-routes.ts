import { pagePermissions } from "../../lib/authz/pages";

/**
 * Every signed-in page, for the accessibility walk (e2e/a11y-walk.spec.ts) and `npm run screenshots`.
 * The list is the route table in lib/authz/pages, so a new page is walked as soon as it is listed
 * there (a unit test keeps that table complete). "/" only redirects to the dashboard.
 */
export const walkedRoutes: readonly string[] = Object.keys(pagePermissions).filter((route) => route !== "/");

/**
 * Pages with tabs (`?tab=`) and their tabs after the first: the walk checks each in its own test, and
 * fails a page whose tabs differ from this list, so a new tab is walked too once it is listed here.
 */
export const pageTabs: Readonly<Record<string, readonly string[]>> = {
  "/inventory/[id]": ["secrets", "access", "usage", "lifecycle", "controls", "history"],
};

/** Pages outside the route table: the sign-in pages (signed out) and the error pages. */
export const signedOutRoutes = ["/login", "/set-password?token=not-a-real-token"] as const;
export const unknownId = "00000000-0000-4000-8000-000000000000";

/**
 * The routes, up to and including a dynamic segment, that walkRecords finds a record for. A unit test
 * (tests/e2e-walk-coverage.test.ts) fails when a page in lib/authz/pages has a segment missing here.
 */
export const recordRoutes = [
  "/inventory/[id]",
  "/applications/[id]",
  "/apis/[id]",
  "/teams/[id]",
  "/people/[id]",
  "/settings/users/[id]",
  "/servers/[id]",
  "/policies/[id]",
  "/rotations/[id]",
  "/incidents/[id]",
  "/reviews/campaigns/[id]",
  "/controls/[framework]",
  "/controls/[framework]/[control]",
  "/findings/[id]",
] as const;

/** The prefixes of a route that end in a dynamic segment ("/a/[x]/b/[y]" → "/a/[x]", "/a/[x]/b/[y]"). */
export function dynamicPrefixes(route: string): string[] {
  return [...route.matchAll(/\[\w+\]/g)].map((match) => route.slice(0, match.index + match[0].length));
}

/** One record for each dynamic segment, keyed by the route up to and including that segment. */
export type WalkRecords = Partial<Record<string, string>>;

/** A route with its dynamic segments filled from the records; a segment without a record is an error naming it. */
export function concreteRoute(route: string, records: WalkRecords): string {
  return route.replace(/\[\w+\]/g, (segment, offset: number) => {
    const key = route.slice(0, offset + segment.length);
    const value = records[key];
    if (!value) throw new Error(`No record for ${key}: add one to walkRecords in e2e/support/walk.ts`);
    return encodeURIComponent(value);
  });
}
