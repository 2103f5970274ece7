import { describe, expect, it } from "vitest";
import { grantKeys, haveGrantsShrunk } from "./review-follow-up";

describe("[REVIEWS] reduce-scope follow-up: have the grants shrunk?", () => {
  const atReview = grantKeys([
    { apiId: "crm", scopeIds: ["read", "write"] },
    { apiId: "billing", scopeIds: [] },
  ]);

  it("keys every API and every scope", () => {
    expect(atReview).toEqual(["billing", "crm", "crm/read", "crm/write"]);
  });

  it.each([
    ["a scope removed", [{ apiId: "crm", scopeIds: ["read"] }, { apiId: "billing", scopeIds: [] }], true],
    ["an API removed", [{ apiId: "crm", scopeIds: ["read", "write"] }], true],
    ["everything removed", [], true],
    ["nothing changed", [{ apiId: "billing", scopeIds: [] }, { apiId: "crm", scopeIds: ["write", "read"] }], false],
    ["a scope swapped for another", [{ apiId: "crm", scopeIds: ["read", "admin"] }, { apiId: "billing", scopeIds: [] }], false],
    ["one removed, another API added", [{ apiId: "crm", scopeIds: ["read"] }, { apiId: "hr", scopeIds: [] }], false],
    ["more granted", [{ apiId: "crm", scopeIds: ["read", "write", "admin"] }, { apiId: "billing", scopeIds: [] }], false],
  ] as const)("%s → %s", (_what, now, shrunk) => {
    expect(haveGrantsShrunk(atReview, grantKeys(now))).toBe(shrunk);
  });
});
