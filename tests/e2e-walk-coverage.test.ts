import { describe, expect, it } from "vitest";
import { pagePermissions } from "@/lib/authz/pages";
import { concreteRoute, dynamicPrefixes, recordRoutes, walkedRoutes } from "@/e2e/support/walk-routes";

/**
 * The accessibility walk (e2e/a11y-walk.spec.ts) and `npm run screenshots` visit every page in
 * lib/authz/pages on a real record: a page left out of the walk, or a detail page with no record to
 * open it on, fails here rather than being skipped.
 */
describe("[A11Y] the accessibility walk covers every page", () => {
  it("walks every signed-in page but the redirecting root", () => {
    const unwalked = Object.keys(pagePermissions).filter((route) => route !== "/" && !walkedRoutes.includes(route));
    expect(unwalked).toEqual([]);
  });

  it("has a record for every dynamic segment of every walked page", () => {
    const missing = walkedRoutes.flatMap(dynamicPrefixes).filter((prefix) => !(recordRoutes as readonly string[]).includes(prefix));
    expect([...new Set(missing)]).toEqual([]);
    const records = Object.fromEntries(recordRoutes.map((route) => [route, "x"]));
    for (const route of walkedRoutes) expect(concreteRoute(route, records), route).not.toMatch(/\[/);
  });
});
