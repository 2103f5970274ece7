import { describe, expect, it } from "vitest";
import { findControl } from "./catalog/frameworks";
import { controlStatus, coverage, credentialControls } from "./control-status";

describe("[CONTROLS] status of a control for one credential (DESIGN §5.2)", () => {
  const mapped = ["rotation-overdue", "secret-no-expiry"];
  it.each([
    ["an open finding of a mapped rule fails it", ["rotation-overdue"], [{ ruleId: "rotation-overdue", status: "open" as const }], "fail"],
    ["open beats excepted", ["rotation-overdue", "secret-no-expiry"], [{ ruleId: "rotation-overdue", status: "excepted" as const }, { ruleId: "secret-no-expiry", status: "open" as const }], "fail"],
    ["only excepted findings: excepted", ["rotation-overdue"], [{ ruleId: "rotation-overdue", status: "excepted" as const }], "excepted"],
    ["an applicable rule without finding passes", ["secret-no-expiry"], [], "pass"],
    ["a finding of an unmapped rule does not count", ["secret-no-expiry"], [{ ruleId: "scope-admin", status: "open" as const }], "pass"],
    ["no mapped rule applies: not applicable", ["scope-admin"], [], "not_applicable"],
  ])("%s", (_label, applicable, live, expected) => {
    expect(controlStatus(mapped, applicable, live)).toBe(expected);
  });

  it("lists every mapped control of the chosen frameworks with evidence; AC-1 (no rule) is left out", () => {
    const live = [{ id: "f1", ruleId: "rotation-overdue", status: "open" as const, severity: "high", openedAt: "2026-01-01T00:00:00.000Z" }];
    const list = credentialControls(["rotation-overdue", "owner-missing"], live, ["owasp-nhi-2025"]);
    expect(list.every((c) => c.control.framework === "owasp-nhi-2025")).toBe(true);
    expect(list.find((c) => c.control.id === "NHI7:2025")).toMatchObject({ status: "fail", evidence: live });
    expect(list.find((c) => c.control.id === "NHI1:2025")?.status).toBe("pass");
    expect(list.find((c) => c.control.id === "NHI3:2025")?.status).toBe("not_applicable");
    expect(list.some((c) => c.control.id === "NHI6:2025")).toBe(false);
    expect(credentialControls([], []).some((c) => c.control === findControl("nist-sp-800-53r5", "AC-1"))).toBe(false);
  });

  it("coverage is pass / (pass + fail), undefined without either", () => {
    expect(coverage({ pass: 3, fail: 1 })).toBe(0.75);
    expect(coverage({ pass: 0, fail: 0 })).toBeNull();
  });
});
