import { describe, expect, it } from "vitest";
import { pageRouteOf } from "@/lib/authz/pages";
import { fixedPageHeader, pageHeaders } from "@/components/page-headers";

describe("fixed page headers", () => {
  it("name only page routes that exist, each with its own path", () => {
    for (const path of Object.keys(pageHeaders)) expect(pageRouteOf(path), path).toBe(path);
  });

  it("answer for a fixed path and not for others", () => {
    expect(fixedPageHeader("/inventory")?.title).toBe("Inventory");
    expect(fixedPageHeader("/inventory/00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(fixedPageHeader("/toString")).toBeNull();
  });
});
