import { describe, expect, it } from "vitest";
import { auditActions } from "./audit-actions";
import { assertAuditPayload, auditActionLabel, auditNameRefs, auditPayloadSchemas, describeAuditEvent, noNames, type AuditNames, type DescribableEvent } from "./audit-events";

const ANA = "11111111-1111-4111-8111-111111111111";
const BEN = "22222222-2222-4222-8222-222222222222";
const TEAM = "33333333-3333-4333-8333-333333333333";
const CRED = "44444444-4444-4444-8444-444444444444";
const USER = "55555555-5555-4555-8555-555555555555";

const names: AuditNames = {
  ...noNames,
  person: new Map([[ANA, "Ana Lee"], [BEN, "Ben Ode"]]),
  team: new Map([[TEAM, "Payments"]]),
  credential: new Map([[CRED, "Billing client"]]),
  user: new Map([[USER, "Admin Alice"]]),
};

const event = (over: Partial<DescribableEvent>): DescribableEvent => ({
  actorType: "user",
  actorId: USER,
  actorLabel: "alice@example.test",
  action: "credential.updated",
  targetType: "credential",
  targetId: CRED,
  payload: {},
  ...over,
});

describe("[AUDIT] audit event schemas and sentences", () => {
  it("every action has a payload schema and a sentence that is not its raw name", () => {
    for (const action of auditActions) {
      expect(auditPayloadSchemas[action], action).toBeDefined();
      const { sentence } = describeAuditEvent(event({ action, payload: {} }), names);
      expect(sentence.length, action).toBeGreaterThan(0);
      expect(sentence, action).not.toBe(action);
    }
    expect(Object.keys(auditPayloadSchemas).sort()).toEqual([...auditActions].sort());
  });

  it("every action has a label in words, never its dotted name", () => {
    for (const action of auditActions) expect(auditActionLabel(action), action).toMatch(/^[A-Z][A-Za-z ]+$/);
    expect(auditActionLabel("credential.updated")).toBe("Credential updated");
    expect(auditActionLabel("api_token.used")).toBe("API token used");
    expect(auditActionLabel("authz.denied")).toBe("Authorization denied");
  });

  it("a payload that does not match its action's schema is refused, naming the field", () => {
    expect(() => assertAuditPayload("team.created", { name: "Payments" })).toThrow(/team\.created.*key/);
    expect(() => assertAuditPayload("finding.opened", { findingId: "f", ruleId: "r", severity: 3 })).toThrow(/severity/);
    expect(() => assertAuditPayload("team.created", { name: "Payments", key: "payments", extra: true })).not.toThrow();
  });

  it.each([
    ["credential.updated", { changes: { backupOwnerId: { from: null, to: ANA } } }, "Backup owner changed from — to Ana Lee"],
    ["credential.updated", { changes: { ownerId: { from: ANA, to: BEN }, owningTeamId: { from: null, to: TEAM } } }, "Owner changed from Ana Lee to Ben Ode; Owning team changed from — to Payments"],
    ["credential.updated", { changes: { grants: { added: [1], removed: [], changed: [], to: [] } } }, "Grants changed (1 added, 0 removed, 0 changed)"],
    ["credential.updated", { changes: { rotationDueAt: { from: "2026-01-01T00:00:00.000Z", to: null }, thirdParty: { from: false, to: true } } }, "Rotation due at changed from 2026-01-01 to —; Third party changed from no to yes"],
    ["credential.updated", { changes: {} }, "Saved without changes"],
    ["credential.created", { name: "Billing client", key: "billing" }, "Credential Billing client created (billing)"],
    ["team.created", { name: "Payments", key: "payments" }, "Team Payments created"],
    ["ownership.reassigned", { fromPersonId: ANA, toPersonId: BEN, credentials: 3 }, "Ownership of 3 credentials moved from Ana Lee to Ben Ode"],
    ["finding.opened", { findingId: "f", ruleId: "backup-owner-missing", severity: "medium" }, "Finding opened: backup-owner-missing (medium)"],
    ["rotation.rejected", { requestId: "r", note: "not now" }, "Rotation rejected: not now"],
    ["leak.lookup", { matches: ["a", "b"] }, "Leak lookup: 2 matches"],
    ["auth.sign_in", { email: "a@x.test", method: "oidc" }, "Signed in as a@x.test (single sign-on)"],
    ["authz.denied", { method: "GET", path: "/audit", permission: "audit:read" }, "Refused GET /audit (needs audit:read)"],
  ] as const)("%s: %j → %s", (action, payload, sentence) => {
    expect(describeAuditEvent(event({ action, payload }), names).sentence).toBe(sentence);
  });

  it("an id without a name shows shortened, never a full UUID", () => {
    expect(describeAuditEvent(event({ payload: { changes: { ownerId: { from: null, to: BEN } } } }), noNames).sentence).toBe("Owner changed from — to 22222222…");
  });

  it("system events are Steward's; user actors and named targets read as names", () => {
    expect(describeAuditEvent(event({ actorType: "system", actorId: null, actorLabel: "scheduler", action: "rotation.expired" }), names).actor).toBe("Steward (scheduler)");
    const described = describeAuditEvent(event({ payload: { changes: {} } }), names);
    expect(described.actor).toBe("Admin Alice");
    expect(described.target).toBe("Billing client");
    expect(describeAuditEvent(event({ targetType: "review_campaign", targetId: "abcdef0123456789" }), names).target).toBe("Review campaign abcdef01");
  });

  it("collects every id a page names, per kind, once", () => {
    const refs = auditNameRefs([
      event({ payload: { changes: { backupOwnerId: { from: ANA, to: BEN }, owningTeamId: { from: null, to: TEAM } } } }),
      event({ action: "ownership.reassigned", targetType: "person", targetId: ANA, payload: { fromPersonId: ANA, toPersonId: BEN, credentials: 1 } }),
      event({ actorType: "system", actorId: null, action: "api_token.revoked", targetType: "api_token", targetId: "t", payload: { prefix: "stw_x", ownerUserId: USER, credentialId: CRED } }),
    ]);
    expect({ ...refs, person: [...refs.person].sort() }).toEqual({ person: [ANA, BEN].sort(), user: [USER], team: [TEAM], credential: [CRED], api: [] });
  });
});
