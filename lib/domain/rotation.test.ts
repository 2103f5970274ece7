import { describe, expect, it } from "vitest";
import {
  approvalOutcome,
  approvalRequirement,
  decide,
  describeApprovalRequirement,
  isEligibleRotationApprover,
  ROTATION_EXPIRY_MS,
  rotationSystemActor,
  type RotationActor,
  type RotationApprovalPolicy,
  type RotationDecision,
  type RotationEvent,
  type RotationReason,
  type RotationRequestSnapshot,
  type RotationState,
  type RotationUserActor,
} from "./rotation";

const DAY = 86_400_000;
const now = new Date("2025-06-15T12:00:00.000Z");
const before = (ms: number) => new Date(now.getTime() - ms);
const after = (ms: number) => new Date(now.getTime() + ms);

// The cast: a requester who may edit the credential (owning-team member) but is not its owner.
const requester: RotationUserActor = { userId: "u-req", personId: "p-req", role: "member", canEditCredential: true };
const owner: RotationUserActor = { userId: "u-owner", personId: "p-owner", role: "member", canEditCredential: true };
const backup: RotationUserActor = { userId: "u-backup", personId: "p-backup", role: "member", canEditCredential: true };
const security: RotationUserActor = { userId: "u-sec", personId: "p-sec", role: "security", canEditCredential: true };
const security2: RotationUserActor = { userId: "u-sec2", personId: "p-sec2", role: "security", canEditCredential: true };
const admin: RotationUserActor = { userId: "u-admin", personId: "p-admin", role: "admin", canEditCredential: true };
const stranger: RotationUserActor = { userId: "u-str", personId: "p-str", role: "member", canEditCredential: false };
// Record rights say "may edit" on purpose: the auditor role must win over them.
const auditor: RotationUserActor = { userId: "u-aud", personId: "p-aud", role: "auditor", canEditCredential: true };

const eligible = { ownerPersonId: "p-owner", backupOwnerPersonId: "p-backup" };
const onePolicy: RotationApprovalPolicy = { approvalsRequired: 1, securityApprovalRequired: false };
const twoWithSecurity: RotationApprovalPolicy = { approvalsRequired: 2, securityApprovalRequired: true };

function snapshot(patch: Partial<RotationRequestSnapshot> = {}): RotationRequestSnapshot {
  return {
    state: "requested",
    reason: "scheduled",
    requesterId: requester.userId,
    createdAt: before(DAY),
    plannedAt: after(DAY),
    approvals: [],
    policy: onePolicy,
    eligible,
    ...patch,
  };
}

function approvalBy(actor: RotationUserActor, patch: { breakGlass?: boolean; active?: boolean } = {}) {
  return { approverId: actor.userId, approverPersonId: actor.personId, isSecurity: actor.role === "security", breakGlass: false, active: true, at: before(DAY / 2), ...patch };
}

const requestEvent = (patch: Partial<Extract<RotationEvent, { type: "request" }>> = {}): RotationEvent => ({
  type: "request",
  reason: "scheduled",
  plannedAt: after(DAY),
  policy: onePolicy,
  eligible,
  ...patch,
});
const completeEvent = (patch: Partial<Extract<RotationEvent, { type: "complete" }>> = {}): RotationEvent => ({
  type: "complete",
  newFingerprint: "b".repeat(64),
  oldFingerprint: "a".repeat(64),
  checklist: { deployedToAllConsumers: true, oldSecretRevoked: true },
  ...patch,
});
const events: Record<RotationEvent["type"], RotationEvent> = {
  request: requestEvent(),
  approve: { type: "approve" },
  reject: { type: "reject" },
  cancel: { type: "cancel" },
  complete: completeEvent(),
  expire: { type: "expire" },
};

/** One fixture per state; "none" is the moment before a request exists. */
const fixtures: Record<"none" | RotationState, RotationRequestSnapshot | null> = {
  none: null,
  requested: snapshot(),
  approved: snapshot({ state: "approved", approvals: [approvalBy(owner)] }),
  completed: snapshot({ state: "completed", approvals: [approvalBy(owner)] }),
  rejected: snapshot({ state: "rejected" }),
  cancelled: snapshot({ state: "cancelled" }),
  expired: snapshot({ state: "expired", createdAt: before(20 * DAY) }),
};

const actorKinds: [string, RotationActor][] = [
  ["requester", requester],
  ["owner", owner],
  ["backup owner", backup],
  ["security user", security],
  ["admin non-owner", admin],
  ["member stranger", stranger],
  ["auditor", auditor],
  ["system", rotationSystemActor],
];

/**
 * Expected outcome per (state, event), one column per actor in `actorKinds` order:
 * ok = allowed, F = FORBIDDEN, S = INVALID_STATE. Written out by hand from DESIGN §4.2 — not
 * computed — so that a change to the rules shows up here as a failing row.
 */
const expected: Record<string, string> = {
  // state      event         req own bak sec adm str aud sys
  "none      request ": "     ok  ok  ok  ok  ok  F   F   F  ",
  "none      approve ": "     S   S   S   S   S   S   F   F  ",
  "none      reject  ": "     S   S   S   S   S   S   F   F  ",
  "none      cancel  ": "     S   S   S   S   S   S   F   F  ",
  "none      complete": "     S   S   S   S   S   S   F   F  ",
  "none      expire  ": "     F   F   F   F   F   F   F   S  ",
  "requested request ": "     S   S   S   S   S   S   F   F  ",
  "requested approve ": "     F   ok  ok  ok  F   F   F   F  ",
  "requested reject  ": "     F   ok  ok  ok  F   F   F   F  ",
  "requested cancel  ": "     ok  F   F   ok  ok  F   F   F  ",
  "requested complete": "     S   S   S   S   S   F   F   F  ",
  // Only one day old: the system may not expire it yet.
  "requested expire  ": "     F   F   F   F   F   F   F   S  ",
  "approved  request ": "     S   S   S   S   S   S   F   F  ",
  "approved  approve ": "     F   S   S   S   F   F   F   F  ",
  "approved  reject  ": "     F   S   S   S   F   F   F   F  ",
  "approved  cancel  ": "     ok  F   F   ok  ok  F   F   F  ",
  "approved  complete": "     ok  ok  ok  ok  ok  F   F   F  ",
  "approved  expire  ": "     F   F   F   F   F   F   F   S  ",
};
for (const terminal of ["completed", "rejected", "cancelled", "expired"] as const) {
  for (const event of ["request", "approve", "reject", "cancel", "complete"]) {
    expected[`${terminal.padEnd(9)} ${event.padEnd(8)}`] = "S S S S S S F F";
  }
  expected[`${terminal.padEnd(9)} expire  `] = "F F F F F F F S";
}

const nextStateOf: Partial<Record<RotationEvent["type"], RotationState>> = {
  request: "requested",
  approve: "approved",
  reject: "rejected",
  cancel: "cancelled",
  complete: "completed",
};

const tableCases = Object.entries(expected).flatMap(([key, row]) => {
  const [stateName, eventName] = key.trim().split(/\s+/) as [keyof typeof fixtures, RotationEvent["type"]];
  const codes = row.trim().split(/\s+/);
  if (codes.length !== actorKinds.length) throw new Error(`row ${key} has ${codes.length} columns`);
  return actorKinds.map(([actorName, actor], i) => ({
    name: `${stateName} × ${eventName} × ${actorName} → ${codes[i] ?? "?"}`,
    state: stateName,
    event: eventName,
    actor,
    code: codes[i] ?? "?",
  }));
});

describe("[ROTATIONS] every state × every event × every kind of actor", () => {
  it("covers 7 states × 6 events × 8 actors", () => {
    expect(tableCases).toHaveLength(7 * 6 * 8);
  });

  it.each(tableCases)("$name", ({ state, event, actor, code }) => {
    const current = fixtures[state];
    const frozen = structuredClone(current);
    const result = decide(current, events[event], actor, now);
    // Pure: whatever the answer, the input snapshot is untouched.
    expect(current).toEqual(frozen);
    if (code === "ok") {
      expect(result).toMatchObject({ ok: true });
      if (result.ok) expect(result.next.state).toBe(nextStateOf[event]);
    } else {
      expect(result).toMatchObject({ ok: false, code: code === "F" ? "FORBIDDEN" : "INVALID_STATE" });
    }
  });
});

function expectOk(result: RotationDecision): Extract<RotationDecision, { ok: true }> {
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.message}`);
  return result;
}

/** Applies approvals in order, each by the given actor, and returns the final decision. */
function approveInTurn(start: RotationRequestSnapshot, ...actors: RotationUserActor[]): RotationDecision {
  let current = start;
  let last: RotationDecision = { ok: true, next: start, effects: [] };
  for (const actor of actors) {
    last = decide(current, { type: "approve" }, actor, now);
    if (!last.ok) return last;
    current = last.next;
  }
  return last;
}

describe("[ROTATIONS] creating a request", () => {
  it("records the requester, reason, dates, policy and eligible people", () => {
    const { next, effects } = expectOk(decide(null, requestEvent({ reason: "owner_departure", policy: twoWithSecurity }), requester, now));
    expect(next).toEqual({
      state: "requested",
      reason: "owner_departure",
      requesterId: "u-req",
      createdAt: now,
      plannedAt: after(DAY),
      approvals: [],
      policy: twoWithSecurity,
      eligible,
    });
    expect(effects).toEqual([]);
  });

  it.each<RotationReason>(["scheduled", "compromise", "owner_departure", "policy_change", "other"])("accepts the reason %s", (reason) => {
    expect(expectOk(decide(null, requestEvent({ reason }), requester, now)).next.reason).toBe(reason);
  });

  it("rejects an unknown reason", () => {
    const event = { ...requestEvent(), reason: "because" } as unknown as RotationEvent;
    expect(decide(null, event, requester, now)).toMatchObject({ ok: false, code: "INVALID_INPUT", field: "reason" });
  });

  it("accepts a planned date of exactly now", () => {
    expect(decide(null, requestEvent({ plannedAt: now }), requester, now).ok).toBe(true);
  });

  it("rejects a planned date one millisecond in the past", () => {
    expect(decide(null, requestEvent({ plannedAt: before(1) }), requester, now)).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
      field: "plannedAt",
    });
  });

  it("rejects an invalid planned date", () => {
    expect(decide(null, requestEvent({ plannedAt: new Date("nope") }), requester, now)).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
      field: "plannedAt",
    });
  });

  it("rejects a policy that asks for an unsupported number of approvals", () => {
    const policy = { approvalsRequired: 3, securityApprovalRequired: false } as unknown as RotationApprovalPolicy;
    expect(decide(null, requestEvent({ policy }), requester, now)).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
      field: "policy.approvalsRequired",
    });
  });

  it("refuses a member who may not edit the credential", () => {
    expect(decide(null, requestEvent(), stranger, now)).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("does not share the event's objects with the snapshot", () => {
    const event = requestEvent({ policy: { ...onePolicy }, eligible: { ...eligible } });
    const { next } = expectOk(decide(null, event, requester, now));
    expect(next.policy).not.toBe(event.type === "request" ? event.policy : undefined);
    expect(next.eligible).not.toBe(event.type === "request" ? event.eligible : undefined);
  });
});

describe("[ROTATIONS] approval policy", () => {
  it("1 approval: the owner's approval approves", () => {
    const { next, effects } = expectOk(approveInTurn(snapshot(), owner));
    expect(next.state).toBe("approved");
    expect(next.approvals).toEqual([{ approverId: "u-owner", approverPersonId: "p-owner", isSecurity: false, breakGlass: false, active: true, at: now }]);
    expect(effects).toEqual([]);
  });

  it.each([
    ["backup owner", backup],
    ["security user", security],
  ])("1 approval: the %s's approval approves", (_name, actor) => {
    expect(expectOk(approveInTurn(snapshot(), actor)).next.state).toBe("approved");
  });

  it("2 approvals incl. security: owner then security → approved", () => {
    const first = expectOk(approveInTurn(snapshot({ policy: twoWithSecurity }), owner));
    expect(first.next.state).toBe("requested");
    const { next, effects } = expectOk(approveInTurn(first.next, security));
    expect(next.state).toBe("approved");
    expect(next.approvals.map((a) => a.approverId)).toEqual(["u-owner", "u-sec"]);
    expect(effects).toEqual([]);
  });

  it("2 approvals incl. security: security then backup → approved", () => {
    expect(expectOk(approveInTurn(snapshot({ policy: twoWithSecurity }), security, backup)).next.state).toBe("approved");
  });

  it("2 approvals incl. security: owner then backup → still requested (no security approval)", () => {
    const { next } = expectOk(approveInTurn(snapshot({ policy: twoWithSecurity }), owner, backup));
    expect(next.state).toBe("requested");
    expect(next.approvals).toHaveLength(2);
    // …and a security approval on top completes it.
    expect(expectOk(approveInTurn(next, security)).next.state).toBe("approved");
  });

  it("2 approvals incl. security: one security approval alone is not enough for a scheduled rotation", () => {
    const { next, effects } = expectOk(approveInTurn(snapshot({ policy: twoWithSecurity }), security));
    expect(next.state).toBe("requested");
    expect(effects).toEqual([]);
  });

  it("2 approvals incl. security: two security users are two distinct people and approve", () => {
    expect(expectOk(approveInTurn(snapshot({ policy: twoWithSecurity }), security, security2)).next.state).toBe("approved");
  });

  it("2 approvals without security: owner then backup → approved", () => {
    const policy = { approvalsRequired: 2, securityApprovalRequired: false } as const;
    expect(expectOk(approveInTurn(snapshot({ policy }), owner)).next.state).toBe("requested");
    expect(expectOk(approveInTurn(snapshot({ policy }), owner, backup)).next.state).toBe("approved");
  });

  it("1 approval incl. security: the owner alone is not enough, security is", () => {
    const policy = { approvalsRequired: 1, securityApprovalRequired: true } as const;
    expect(expectOk(approveInTurn(snapshot({ policy }), owner)).next.state).toBe("requested");
    expect(expectOk(approveInTurn(snapshot({ policy }), security)).next.state).toBe("approved");
  });

  it("a security user who is also the owner counts as one person", () => {
    const securityOwner = { ...security, personId: "p-owner" };
    const { next } = expectOk(approveInTurn(snapshot({ policy: twoWithSecurity }), securityOwner));
    expect(next.state).toBe("requested");
    expect(expectOk(approveInTurn(next, backup)).next.state).toBe("approved");
  });
});

describe("[ROTATIONS] compromise (break-glass)", () => {
  const compromise = snapshot({ reason: "compromise", policy: twoWithSecurity, otherBreakGlassApprovers: 1 });

  it.each([
    ["security user", security],
    ["admin", admin],
  ])("one %s approval approves and flags break_glass, whatever the policy", (_name, actor) => {
    for (const policy of [onePolicy, twoWithSecurity]) {
      const { next, effects } = expectOk(approveInTurn({ ...compromise, policy }, actor));
      expect(next.state).toBe("approved");
      expect(next.approvals.at(-1)).toMatchObject({ breakGlass: true });
      expect(effects).toEqual(["break_glass"]);
    }
  });

  it.each([
    ["owner", owner],
    ["backup owner", backup],
  ])("the %s cannot approve an emergency: their approval cannot advance it", (_name, actor) => {
    for (const policy of [onePolicy, twoWithSecurity]) {
      expect(decide({ ...compromise, policy }, { type: "approve" }, actor, now)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
  });

  it("a security requester cannot self-approve while another security user or admin exists, even asking for break-glass", () => {
    const own = { ...compromise, requesterId: security.userId };
    expect(decide(own, { type: "approve" }, security, now)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(decide(own, { type: "approve", breakGlass: true, note: "urgent" }, security, now)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    // Unknown pool: refused too (fail closed).
    expect(decide({ ...own, otherBreakGlassApprovers: undefined }, { type: "approve", breakGlass: true, note: "urgent" }, security, now)).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("the only security user who reported the leak approves it through break-glass, with a note", () => {
    const alone = { ...compromise, requesterId: security.userId, otherBreakGlassApprovers: 0 };
    // Not without asking for the break-glass path explicitly, and not without saying why.
    expect(decide(alone, { type: "approve" }, security, now)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(decide(alone, { type: "approve", breakGlass: true, note: " " }, security, now)).toMatchObject({ ok: false, code: "INVALID_INPUT", field: "note" });
    const { next, effects } = expectOk(decide(alone, { type: "approve", breakGlass: true, note: "No other security user" }, security, now));
    expect(next.state).toBe("approved");
    expect(effects).toEqual(["break_glass"]);
    expect(approvalRequirement(alone).approvers).toEqual(["requester_break_glass"]);
  });

  it("a member requester never self-approves, even alone", () => {
    const alone = { ...compromise, otherBreakGlassApprovers: 0 };
    expect(decide(alone, { type: "approve", breakGlass: true, note: "why" }, requester, now)).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("a self-approval on an ordinary request is refused even with break-glass asked for", () => {
    const own = snapshot({ requesterId: security.userId, otherBreakGlassApprovers: 0 });
    expect(decide(own, { type: "approve", breakGlass: true, note: "why" }, security, now)).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("approvalOutcome names the path that satisfied the request", () => {
    expect(approvalOutcome(compromise)).toBe("pending");
    expect(approvalOutcome({ ...compromise, approvals: [approvalBy(security, { breakGlass: true })] })).toBe("break_glass");
    expect(approvalOutcome({ ...compromise, reason: "scheduled", approvals: [approvalBy(security)] })).toBe("pending");
    expect(approvalOutcome({ ...compromise, reason: "scheduled", approvals: [approvalBy(owner), approvalBy(security)] })).toBe("policy");
  });
});

describe("[ROTATIONS] one requirement: what is needed, who can give it, what is missing", () => {
  it("an emergency needs one break-glass approval, never the policy's count (no '0/2 … one suffices')", () => {
    const r = approvalRequirement(snapshot({ reason: "compromise", policy: twoWithSecurity, otherBreakGlassApprovers: 2 }));
    expect(r).toMatchObject({ rule: "emergency", required: 1, given: 0, satisfied: false, approvers: ["security", "admin"] });
    expect(describeApprovalRequirement(r)).toEqual({
      needed: "Emergency (break-glass): 1 approval from the security team or an admin.",
      whoCanGive: "The security team or an admin (break-glass).",
      missing: "1 break-glass approval.",
    });
  });

  it("counts filled slots: owner and backup under 2 incl. security are 1/2 with security missing, never 3/2", () => {
    const both = snapshot({ policy: twoWithSecurity, approvals: [approvalBy(owner), approvalBy(backup)] });
    const r = approvalRequirement(both);
    expect(r).toMatchObject({ given: 1, required: 2, missing: { approvals: 1, security: true }, approvers: ["security"], satisfied: false });
    expect(describeApprovalRequirement(r).missing).toBe("1 security approval.");
    const done = approvalRequirement({ ...both, approvals: [...both.approvals, approvalBy(security)] });
    expect(done).toMatchObject({ given: 2, required: 2, satisfied: true, approvers: [] });
  });

  it("does not ask the owner when only security can fill what is missing", () => {
    const r = approvalRequirement(snapshot({ policy: { approvalsRequired: 1, securityApprovalRequired: true } }));
    expect(r.approvers).toEqual(["security"]);
    expect(approvalRequirement(snapshot({ policy: twoWithSecurity })).approvers).toEqual(["owner", "backup_owner", "security"]);
  });

  it("an approval by someone who has since left no longer counts, in the counter and in decide", () => {
    const left = snapshot({ policy: twoWithSecurity, approvals: [approvalBy(owner, { active: false })] });
    expect(approvalRequirement(left)).toMatchObject({ given: 0, ignored: 1, satisfied: false });
    // Security's approval alone is not the second one: the leaver's does not count.
    expect(expectOk(approveInTurn(left, security)).next.state).toBe("requested");
    expect(expectOk(approveInTurn(left, security, backup)).next.state).toBe("approved");
    const emergency = snapshot({ reason: "compromise", approvals: [approvalBy(security, { breakGlass: true, active: false })] });
    expect(approvalRequirement(emergency)).toMatchObject({ given: 0, satisfied: false });
  });
});

describe("[ROTATIONS] separation of duties and eligibility", () => {
  it.each([
    ["owner", { ...owner, userId: requester.userId }],
    ["backup owner", { ...backup, userId: requester.userId }],
    ["security user", { ...security, userId: requester.userId }],
    ["admin", { ...admin, userId: requester.userId }],
  ])("requester cannot approve own request even as %s", (_name, self) => {
    expect(decide(snapshot(), { type: "approve" }, self, now)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(decide(snapshot(), { type: "reject" }, self, now)).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("a second approval by the same user is INVALID_STATE and changes nothing", () => {
    const first = expectOk(approveInTurn(snapshot({ policy: twoWithSecurity }), owner));
    const again = decide(first.next, { type: "approve" }, owner, now);
    expect(again).toMatchObject({ ok: false, code: "INVALID_STATE" });
  });

  it("the same person through a second user account counts once", () => {
    const first = expectOk(approveInTurn(snapshot({ policy: { approvalsRequired: 2, securityApprovalRequired: false } }), owner));
    const ownerAlias = { ...owner, userId: "u-owner-2" };
    expect(decide(first.next, { type: "approve" }, ownerAlias, now)).toMatchObject({ ok: false, code: "INVALID_STATE" });
  });

  it("approvers without a linked person are counted by user", () => {
    const a = { ...security, personId: null };
    const b = { ...security2, personId: null };
    expect(expectOk(approveInTurn(snapshot({ policy: twoWithSecurity }), a, b)).next.state).toBe("approved");
  });

  it("a missing owner does not make a user without a person eligible (null never matches null)", () => {
    const noOwners = { ownerPersonId: null, backupOwnerPersonId: null };
    const unlinked: RotationUserActor = { userId: "u-x", personId: null, role: "member", canEditCredential: true };
    expect(isEligibleRotationApprover(unlinked, noOwners)).toBe(false);
    expect(decide(snapshot({ eligible: noOwners }), { type: "approve" }, unlinked, now)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    // Security still can.
    expect(decide(snapshot({ eligible: noOwners }), { type: "approve" }, security, now).ok).toBe(true);
  });

  it("an admin who owns the credential may approve as owner", () => {
    const adminOwner = { ...admin, personId: "p-owner" };
    expect(expectOk(approveInTurn(snapshot(), adminOwner)).next.state).toBe("approved");
  });

  it("an editor who is not owner, backup or security cannot approve", () => {
    const teammate: RotationUserActor = { userId: "u-team", personId: "p-team", role: "member", canEditCredential: true };
    expect(decide(snapshot(), { type: "approve" }, teammate, now)).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("an eligible approver can reject after another approved", () => {
    const first = expectOk(approveInTurn(snapshot({ policy: twoWithSecurity }), owner));
    expect(expectOk(decide(first.next, { type: "reject" }, security, now)).next.state).toBe("rejected");
  });
});

describe("[ROTATIONS] completion", () => {
  const approved = fixtures.approved;
  if (approved === null) throw new Error("fixture");

  it("completes with effects that supersede the old secret and resolve the overdue finding", () => {
    const { next, effects } = expectOk(decide(approved, completeEvent(), owner, now));
    expect(next.state).toBe("completed");
    expect(effects).toEqual(["mark_old_secret_superseded", "resolve_rotation_overdue_finding"]);
  });

  it("rejects a new fingerprint equal to the old one", () => {
    const same = completeEvent({ newFingerprint: "a".repeat(64), oldFingerprint: "a".repeat(64) });
    expect(decide(approved, same, owner, now)).toMatchObject({ ok: false, code: "INVALID_INPUT", field: "fingerprint" });
  });

  it("compares fingerprints case-insensitively", () => {
    const same = completeEvent({ newFingerprint: "AB".repeat(32), oldFingerprint: "ab".repeat(32) });
    expect(decide(approved, same, owner, now)).toMatchObject({ ok: false, code: "INVALID_INPUT", field: "fingerprint" });
  });

  it.each([
    ["no new fingerprint", { newFingerprint: null }],
    ["no old fingerprint", { oldFingerprint: null }],
    ["neither fingerprint", { newFingerprint: null, oldFingerprint: null }],
  ])("completes with %s", (_name, patch) => {
    expect(decide(approved, completeEvent(patch), owner, now).ok).toBe(true);
  });

  it.each([
    ["deployedToAllConsumers", { deployedToAllConsumers: false, oldSecretRevoked: true }],
    ["oldSecretRevoked", { deployedToAllConsumers: true, oldSecretRevoked: false }],
  ])("requires the checklist item %s", (item, checklist) => {
    expect(decide(approved, completeEvent({ checklist }), owner, now)).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
      field: `checklist.${item}`,
    });
  });

  it("refuses a stored 'approved' snapshot that lacks the approvals its policy needs", () => {
    const forged = snapshot({ state: "approved", policy: twoWithSecurity, approvals: [approvalBy(owner)] });
    expect(decide(forged, completeEvent(), owner, now)).toMatchObject({ ok: false, code: "INVALID_STATE" });
  });

  it("does not count the requester's own approval in a stored snapshot", () => {
    const forged = snapshot({ state: "approved", approvals: [approvalBy(requester)] });
    expect(decide(forged, completeEvent(), owner, now)).toMatchObject({ ok: false, code: "INVALID_STATE" });
  });

  it("refuses completion from requested even when the approvals on record would suffice", () => {
    const pendingButSatisfied = snapshot({ state: "requested", approvals: [approvalBy(owner)] });
    expect(decide(pendingButSatisfied, completeEvent(), owner, now)).toMatchObject({ ok: false, code: "INVALID_STATE" });
  });

  it("allows a break-glass approved compromise request to complete", () => {
    const bg = snapshot({ state: "approved", reason: "compromise", policy: twoWithSecurity, approvals: [approvalBy(security, { breakGlass: true })] });
    expect(decide(bg, completeEvent(), owner, now).ok).toBe(true);
  });
});

describe("[ROTATIONS] expiry after 14 days without a decision", () => {
  it("expires at exactly 14 days", () => {
    const { next, effects } = expectOk(decide(snapshot({ createdAt: before(ROTATION_EXPIRY_MS) }), { type: "expire" }, rotationSystemActor, now));
    expect(next.state).toBe("expired");
    expect(effects).toEqual([]);
  });

  it("does not expire one millisecond earlier", () => {
    const young = snapshot({ createdAt: before(ROTATION_EXPIRY_MS - 1) });
    expect(decide(young, { type: "expire" }, rotationSystemActor, now)).toMatchObject({ ok: false, code: "INVALID_STATE" });
  });

  it("a partly approved request still expires", () => {
    const partial = snapshot({ createdAt: before(15 * DAY), policy: twoWithSecurity, approvals: [approvalBy(owner)] });
    expect(expectOk(decide(partial, { type: "expire" }, rotationSystemActor, now)).next.state).toBe("expired");
  });

  it("an approved request does not expire", () => {
    const approved = snapshot({ state: "approved", createdAt: before(30 * DAY), approvals: [approvalBy(owner)] });
    expect(decide(approved, { type: "expire" }, rotationSystemActor, now)).toMatchObject({ ok: false, code: "INVALID_STATE" });
  });

  it.each(["approve", "reject"] as const)("a lapsed request cannot be %sd before the scheduler expires it", (type) => {
    const lapsed = snapshot({ createdAt: before(ROTATION_EXPIRY_MS) });
    expect(decide(lapsed, { type }, owner, now)).toMatchObject({ ok: false, code: "INVALID_STATE" });
    expect(decide(snapshot({ createdAt: before(ROTATION_EXPIRY_MS - 1) }), { type }, owner, now).ok).toBe(true);
  });

  it("a lapsed request can still be cancelled by its requester", () => {
    expect(decide(snapshot({ createdAt: before(20 * DAY) }), { type: "cancel" }, requester, now).ok).toBe(true);
  });
});
