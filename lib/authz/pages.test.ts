import { describe, expect, it } from "vitest";
import { pagePermissions, pageRouteOf, type PageRoute } from "./pages";

describe("[AUTHZ] pageRouteOf: the page table entry a request path is for", () => {
  it.each<[string, PageRoute | null]>([
    ["/", "/"],
    ["/dashboard", "/dashboard"],
    ["/dashboard/", "/dashboard"],
    ["/inventory", "/inventory"],
    ["/inventory/new", "/inventory/new"],
    ["/inventory/0b6f3c1e-8a52-4c4e-9a55-6f1f0f0f0f0f", "/inventory/[id]"],
    ["/inventory/abc/edit", "/inventory/[id]/edit"],
    ["/people/abc/reassign", "/people/[id]/reassign"],
    ["/settings/users/new", "/settings/users/new"],
    ["/settings/users/abc", "/settings/users/[id]"],
    ["/reviews/campaigns/new", "/reviews/campaigns/new"],
    ["/controls/soc2/CC6.1", "/controls/[framework]/[control]"],
    ["/no-such-page", null],
    ["/inventory/abc/nope", null],
    ["/login", null],
  ])("%s → %s", (pathname, route) => {
    expect(pageRouteOf(pathname)).toBe(route);
  });

  it("every route in the table maps to itself when its parameters are filled in", () => {
    for (const route of Object.keys(pagePermissions) as PageRoute[]) {
      expect(pageRouteOf(route.replace(/\[\w+\]/g, "x1"))).toBe(route);
    }
  });
});
