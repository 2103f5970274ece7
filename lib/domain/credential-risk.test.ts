import { describe, expect, it } from "vitest";
import { compareBySeverityThenAge, credentialRisk, type RiskFinding, type RiskInput } from "./credential-risk";

const at = (day: number) => new Date(Date.UTC(2026, 5, day));
const finding = (over: Partial<RiskFinding> = {}): RiskFinding => ({ id: "f1", ruleId: "owner-missing", severity: "high", status: "open", openedAt: at(1), ...over });
const leak = { id: "i1", detectedAt: at(3), source: "GitHub secret scanning" };
const input = (over: Partial<RiskInput> = {}): RiskInput => ({ status: "active", findings: [], incidents: [], rotation: null, ...over });

describe("[RISK] a credential's status and next action come from its findings, incidents and rotation", () => {
  const cases: [string, RiskInput, { level: string; next: string; label?: string }][] = [
    ["nothing open is the only green", input(), { level: "ok", next: "none", label: "No open findings" }],
    ["an open leak incident is critical and asks for an emergency rotation", input({ incidents: [leak] }), { level: "critical", next: "request_rotation", label: "Secret leaked" }],
    ["a leak with a requested rotation waits for its approval", input({ incidents: [leak], rotation: { id: "r1", state: "requested", reason: "compromise" } }), { level: "critical", next: "approve_rotation" }],
    ["a leak with an approved rotation asks to complete it", input({ incidents: [leak], rotation: { id: "r1", state: "approved", reason: "compromise" } }), { level: "critical", next: "complete_rotation" }],
    ["a critical finding is critical", input({ findings: [finding({ severity: "critical", ruleId: "secret-leaked" })] }), { level: "critical", next: "fix_finding" }],
    ["a high finding is high, never green", input({ findings: [finding()] }), { level: "high", next: "fix_finding", label: "High risk" }],
    ["an overdue rotation is fixed by rotating", input({ findings: [finding({ ruleId: "rotation-overdue" })] }), { level: "high", next: "request_rotation" }],
    ["a medium finding needs attention", input({ findings: [finding({ severity: "medium" })] }), { level: "attention", next: "fix_finding" }],
    ["an excepted finding is accepted risk, not open", input({ findings: [finding({ status: "excepted" })] }), { level: "ok", next: "none" }],
    ["a suspended credential with nothing open is not green", input({ status: "suspended" }), { level: "attention", next: "none", label: "Suspended" }],
    ["a decommissioned credential is retired whatever remains", input({ status: "decommissioned", findings: [finding()] }), { level: "retired", next: "none" }],
    ["an open rotation on a clean credential is the next step", input({ rotation: { id: "r1", state: "approved", reason: "scheduled" } }), { level: "ok", next: "complete_rotation" }],
  ];
  it.each(cases)("%s", (_name, given, expected) => {
    const risk = credentialRisk(given);
    expect(risk.level).toBe(expected.level);
    expect(risk.next.kind).toBe(expected.next);
    if (expected.label) expect(risk.label).toBe(expected.label);
  });

  it("the leak banner names the incident and the emergency rotation", () => {
    const risk = credentialRisk(input({ incidents: [leak, { ...leak, id: "i2", detectedAt: at(5) }], rotation: { id: "r1", state: "requested", reason: "compromise" } }));
    expect(risk.incident?.id).toBe("i1");
    expect(risk.headline).toBe("A secret was reported leaked (GitHub secret scanning); the incident is open (2 open incidents).");
    expect(risk.next).toEqual({ kind: "approve_rotation", rotationId: "r1", emergency: true, label: "Get the emergency rotation approved." });
  });

  it("counts open findings apart from excepted ones and leads with the most severe, then oldest", () => {
    const risk = credentialRisk(
      input({
        findings: [
          finding({ id: "new-high", openedAt: at(9) }),
          finding({ id: "low", severity: "low", openedAt: at(1) }),
          finding({ id: "old-high", ruleId: "grant-unjustified", openedAt: at(2) }),
          finding({ id: "accepted", severity: "critical", status: "excepted" }),
        ],
      }),
    );
    expect(risk).toMatchObject({ openFindings: 3, exceptedFindings: 1, topFinding: { id: "old-high" } });
    expect(risk.headline).toMatch(/^2 high findings open: .+ \(3 findings open in all\)\.$/);
  });

  it("sorts by severity then age", () => {
    const rows = [finding({ id: "a", severity: "low", openedAt: at(1) }), finding({ id: "b", severity: "critical", openedAt: at(4) }), finding({ id: "c", severity: "critical", openedAt: at(2) })];
    expect([...rows].sort(compareBySeverityThenAge).map((r) => r.id)).toEqual(["c", "b", "a"]);
  });
});
