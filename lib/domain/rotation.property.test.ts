import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  decide,
  isTerminalRotationState,
  ROTATION_EXPIRY_MS,
  rotationEventTypes,
  rotationReasons,
  rotationStates,
  rotationSystemActor,
  rotationTransitions,
  type RotationActor,
  type RotationApproval,
  type RotationEvent,
  type RotationRequestSnapshot,
  type RotationState,
  type RotationUserActor,
} from "./rotation";
import { propertyParameters } from "@/tests/support/property";


const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const start = new Date("2025-01-01T00:00:00.000Z").getTime();

/** A small pool of people so that owners, requesters and approvers overlap often. */
const personIds = ["p1", "p2", "p3"] as const;
const personArb = fc.option(fc.constantFrom(...personIds), { freq: 6 });

const mostlyTrue = fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });

const roleArb = fc.constantFrom("admin", "security", "security", "security", "member", "member", "member", "auditor") as fc.Arbitrary<
  RotationUserActor["role"]
>;

/** 2–6 users with distinct ids and random roles, persons and record rights. */
const usersArb = fc
  .array(fc.record({ personId: personArb, role: roleArb, canEditCredential: mostlyTrue }), { minLength: 2, maxLength: 6 })
  .map((users) => users.map((u, i): RotationUserActor => ({ ...u, userId: `u${i}` })));

const policyArb = fc.record({
  approvalsRequired: fc.constantFrom(1 as const, 2 as const),
  securityApprovalRequired: fc.boolean(),
});

const eligibleArb = fc.record({ ownerPersonId: personArb, backupOwnerPersonId: personArb });

const fingerprintArb = fc.option(fc.constantFrom("aa", "AA", "bb", "cc"), { freq: 3 });

/** One step: an event, who attempts it who attempts it, and how much time passes first (stretched in slow scenarios), and how much time passes first. */
const stepArb = fc.record({
  event: fc.oneof(
    { weight: 1, arbitrary: fc.constant("request" as const) },
    { weight: 8, arbitrary: fc.constant("approve" as const) },
    { weight: 1, arbitrary: fc.constant("reject" as const) },
    { weight: 1, arbitrary: fc.constant("cancel" as const) },
    { weight: 4, arbitrary: fc.constant("complete" as const) },
    { weight: 3, arbitrary: fc.constant("expire" as const) },
  ),
  // Negative: the system scheduler; otherwise an index into users (modulo their number).
  actorIndex: fc.oneof({ weight: 1, arbitrary: fc.constant(-1) }, { weight: 5, arbitrary: fc.nat({ max: 1_000 }) }),
  advanceMs: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 12 * HOUR }) }, { weight: 1, arbitrary: fc.integer({ min: DAY, max: 10 * DAY }) }),
  reason: fc.oneof({ weight: 2, arbitrary: fc.constant("compromise" as const) }, { weight: 3, arbitrary: fc.constantFrom(...rotationReasons) }),
  plannedOffsetMs: fc.integer({ min: -DAY, max: 30 * DAY }),
  policy: policyArb,
  eligible: eligibleArb,
  newFingerprint: fingerprintArb,
  oldFingerprint: fingerprintArb,
  deployedToAllConsumers: mostlyTrue,
  oldSecretRevoked: mostlyTrue,
});
type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

const scenarioArb = fc.record({
  users: usersArb,
  // The first step is always a request, so most runs have something to act on.
  first: stepArb.map((s): Step => ({ ...s, event: "request", actorIndex: Math.abs(s.actorIndex) })),
  steps: fc.array(stepArb, { minLength: 3, maxLength: 30, size: "max" }),
  // Slow scenarios let days pass between steps, so requests lapse and expire.
  pace: fc.constantFrom(1, 1, 8),
});

function eventOf(step: Step, now: number): RotationEvent {
  switch (step.event) {
    case "request":
      return { type: "request", reason: step.reason, plannedAt: new Date(now + step.plannedOffsetMs), policy: step.policy, eligible: step.eligible };
    case "complete":
      return {
        type: "complete",
        newFingerprint: step.newFingerprint,
        oldFingerprint: step.oldFingerprint,
        checklist: { deployedToAllConsumers: step.deployedToAllConsumers, oldSecretRevoked: step.oldSecretRevoked },
      };
    default:
      return { type: step.event };
  }
}

function actorOf(users: RotationUserActor[], index: number): RotationActor {
  return index < 0 ? rotationSystemActor : (users[index % users.length] ?? rotationSystemActor);
}

const isUser = (actor: RotationActor): actor is RotationUserActor => !("system" in actor);

/**
 * The approval rules of DESIGN §4.2 written a second time, independently of the module, so the
 * property does not trust the code it checks.
 */
function oracleApproval(request: RotationRequestSnapshot): "pending" | "policy" | "break_glass" {
  // An emergency: one break-glass approval by someone still here, nothing else.
  if (request.reason === "compromise") return request.approvals.some((a) => a.active && a.breakGlass) ? "break_glass" : "pending";
  const people = new Set<string>();
  let security = false;
  for (const a of request.approvals) {
    if (a.approverId === request.requesterId || !a.active) continue;
    people.add(a.approverPersonId ?? `user:${a.approverId}`);
    security ||= a.isSecurity;
  }
  return people.size >= request.policy.approvalsRequired && (security || !request.policy.securityApprovalRequired) ? "policy" : "pending";
}

function assertApprovalsSound(request: RotationRequestSnapshot, users: RotationUserActor[]): void {
  const ids = new Set<string>();
  const persons = new Set<string>();
  for (const a of request.approvals) {
    // Nobody approves their own request.
    expect(a.approverId).not.toBe(request.requesterId);
    // Each user and each person at most once.
    expect(ids.has(a.approverId)).toBe(false);
    ids.add(a.approverId);
    if (a.approverPersonId !== null) {
      expect(persons.has(a.approverPersonId)).toBe(false);
      persons.add(a.approverPersonId);
    }
    // Only eligible people: owner, backup owner (matched on a real person id) or a security user.
    const user = users.find((u) => u.userId === a.approverId);
    expect(user).toBeDefined();
    if (!user) return;
    expect(a.isSecurity).toBe(user.role === "security");
    expect(a.approverPersonId).toBe(user.personId);
    const accountable =
      a.approverPersonId !== null &&
      (a.approverPersonId === request.eligible.ownerPersonId || a.approverPersonId === request.eligible.backupOwnerPersonId);
    // An emergency is approved by security or an admin only, through break-glass; anything else by the policy's approvers.
    if (request.reason === "compromise") expect(a.breakGlass && (user.role === "security" || user.role === "admin")).toBe(true);
    else expect(!a.breakGlass && (a.isSecurity || accountable)).toBe(true);
  }
}

const coverage = { created: 0, approved: 0, completed: 0, breakGlass: 0, expired: 0, rejected: 0, cancelled: 0, selfApprovalRefused: 0 };

type Check = { prev: RotationRequestSnapshot | null; step: Step; actor: RotationActor; now: number; users: RotationUserActor[] };

/** Runs one step, checks every invariant on it, and returns the request as it stands afterwards. */
function checkStep({ prev, step, actor, now, users }: Check): RotationRequestSnapshot | null {
  const event = eventOf(step, now);
  const frozen = structuredClone(prev);
  const result = decide(prev, event, actor, new Date(now));

  // Pure: the input is never mutated, whatever the answer.
  expect(prev).toEqual(frozen);

  if (isUser(actor) && actor.role === "auditor") expect(result).toMatchObject({ ok: false, code: "FORBIDDEN" });
  // Nothing happens after a terminal state.
  if (prev !== null && isTerminalRotationState(prev.state)) expect(result.ok).toBe(false);
  if (prev !== null && event.type === "approve" && isUser(actor) && actor.userId === prev.requesterId) {
    expect(result.ok).toBe(false);
    // On a live request the refusal is about who asks, not about the state.
    if (!isTerminalRotationState(prev.state)) {
      expect(result).toMatchObject({ ok: false, code: "FORBIDDEN" });
      coverage.selfApprovalRefused++;
    }
  }

  if (!result.ok) {
    expect(["FORBIDDEN", "INVALID_STATE", "INVALID_INPUT"]).toContain(result.code);
    return prev;
  }

  const { next, effects } = result;
  assertApprovalsSound(next, users);
  expect(effects.includes("break_glass")).toBe(event.type === "approve" && next.state === "approved" && oracleApproval(next) === "break_glass");

  if (prev === null) {
    expect(event.type).toBe("request");
    expect(isUser(actor) && actor.canEditCredential && actor.role !== "auditor").toBe(true);
    expect(next.state).toBe("requested");
    expect(next.approvals).toEqual([]);
    expect(next.requesterId).toBe(isUser(actor) ? actor.userId : undefined);
    expect(next.plannedAt.getTime()).toBeGreaterThanOrEqual(now);
    coverage.created++;
    return next;
  }

  // What the request is about never changes after creation; approvals only ever grow at the end.
  expect({ ...next, state: prev.state, approvals: prev.approvals }).toEqual(prev);
  expect(next.approvals.slice(0, prev.approvals.length)).toEqual(prev.approvals);
  expect(next.approvals.length - prev.approvals.length).toBe(event.type === "approve" ? 1 : 0);

  // Decisions only inside the 14-day window, even before the scheduler has expired the request.
  if (event.type === "approve" || event.type === "reject") expect(now - prev.createdAt.getTime()).toBeLessThan(ROTATION_EXPIRY_MS);

  // State only moves along the allowed edges; staying put is only a not-yet-sufficient approval.
  if (next.state === prev.state) {
    expect(event.type).toBe("approve");
    expect(next.state).toBe("requested");
    expect(oracleApproval(next)).toBe("pending");
  } else {
    expect(rotationTransitions[prev.state]).toContain(next.state);
  }

  switch (next.state) {
    case "approved":
      if (prev.state === "requested") {
        expect(oracleApproval(next)).not.toBe("pending");
        coverage.approved++;
        if (effects.includes("break_glass")) {
          expect(next.reason).toBe("compromise");
          coverage.breakGlass++;
        }
      }
      break;
    case "completed":
      // Completion only after the required approvals (or a security approval on a compromise).
      expect(prev.state).toBe("approved");
      expect(oracleApproval(prev)).not.toBe("pending");
      expect(isUser(actor) && actor.canEditCredential).toBe(true);
      expect(effects).toContain("mark_old_secret_superseded");
      coverage.completed++;
      break;
    case "expired":
      expect(actor).toBe(rotationSystemActor);
      expect(prev.state).toBe("requested");
      expect(now - prev.createdAt.getTime()).toBeGreaterThanOrEqual(ROTATION_EXPIRY_MS);
      coverage.expired++;
      break;
    case "rejected":
      expect(isUser(actor) && actor.userId !== prev.requesterId).toBe(true);
      coverage.rejected++;
      break;
    case "cancelled":
      expect(isUser(actor) && (actor.userId === prev.requesterId || actor.role === "security" || actor.role === "admin")).toBe(true);
      coverage.cancelled++;
      break;
    case "requested":
      break;
  }
  return next;
}

describe("[ROTATIONS] properties over random sequences of events by random actors", () => {
  it("keeps every invariant of DESIGN §4.2 along any sequence", () => {
    fc.assert(
      fc.property(scenarioArb, ({ users, first, steps, pace }) => {
        let now = start;
        let request: RotationRequestSnapshot | null = null;
        let wasTerminal: RotationRequestSnapshot | null = null;
        for (const step of [first, ...steps]) {
          now += step.advanceMs * pace;
          const actor = actorOf(users, step.actorIndex);
          request = checkStep({ prev: request, step, actor, now, users });
          // Once terminal, the request stays exactly as it was.
          if (wasTerminal) expect(request).toEqual(wasTerminal);
          if (request && isTerminalRotationState(request.state)) wasTerminal ??= structuredClone(request);
        }
      }),
      propertyParameters(),
    );
    // A property that never reaches the interesting states proves nothing: make sure it did, on
    // every run (propertyRuns is set high enough for these to come up on any seed).
    expect(coverage.approved).toBeGreaterThan(0);
    expect(coverage.completed).toBeGreaterThan(0);
    expect(coverage.breakGlass).toBeGreaterThan(0);
    expect(coverage.expired).toBeGreaterThan(0);
    expect(coverage.selfApprovalRefused).toBeGreaterThan(0);
  });

  const approvalArb: fc.Arbitrary<RotationApproval> = fc.record({
    approverId: fc.constantFrom("u0", "u1", "u2", "u3"),
    approverPersonId: personArb,
    isSecurity: fc.boolean(),
    breakGlass: fc.boolean(),
    active: fc.boolean(),
    at: fc.constant(new Date(start)),
  });
  const terminalSnapshotArb: fc.Arbitrary<RotationRequestSnapshot> = fc.record({
    state: fc.constantFrom(...rotationStates.filter((s) => isTerminalRotationState(s))),
    reason: fc.constantFrom(...rotationReasons),
    requesterId: fc.constantFrom("u0", "u1", "u2", "u3"),
    createdAt: fc.integer({ min: 0, max: 60 }).map((d) => new Date(start - d * DAY)),
    plannedAt: fc.constant(new Date(start)),
    approvals: fc.array(approvalArb, { maxLength: 3 }),
    policy: policyArb,
    eligible: eligibleArb,
  });
  const anyActorArb: fc.Arbitrary<RotationActor> = fc.oneof(
    fc.record({ userId: fc.constantFrom("u0", "u1", "u2", "u3"), personId: personArb, role: roleArb, canEditCredential: fc.boolean() }),
    fc.constant(rotationSystemActor),
  );

  it("refuses every event on any terminal request, by anyone, at any time", () => {
    fc.assert(
      fc.property(terminalSnapshotArb, stepArb, anyActorArb, fc.integer({ min: 0, max: 60 * DAY }), (request, step, actor, later) => {
        const now = start + later;
        const result = decide(request, eventOf(step, now), actor, new Date(now));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(["FORBIDDEN", "INVALID_STATE"]).toContain(result.code);
      }),
      propertyParameters(),
    );
  });

  it("approves as soon as distinct eligible non-requesters satisfy the policy", () => {
    const eligibleApprover = fc.record({
      userId: fc.constantFrom("u1", "u2", "u3", "u4"),
      personId: personArb,
      role: fc.constantFrom("security" as const, "member" as const, "admin" as const),
    });
    fc.assert(
      fc.property(policyArb, eligibleArb, fc.constantFrom(...rotationReasons), fc.array(eligibleApprover, { maxLength: 4 }), (policy, eligible, reason, candidates) => {
        let request: RotationRequestSnapshot = {
          state: "requested",
          reason,
          requesterId: "u0",
          createdAt: new Date(start),
          plannedAt: new Date(start),
          approvals: [],
          policy,
          eligible,
        };
        for (const c of candidates) {
          const actor: RotationUserActor = { ...c, canEditCredential: true };
          const result = decide(request, { type: "approve" }, actor, new Date(start + HOUR));
          if (!result.ok) continue;
          request = result.next;
          // Satisfied ⇔ approved: never early, never late.
          expect(request.state === "approved").toBe(oracleApproval(request) !== "pending");
          if (request.state === "approved") break;
        }
      }),
      propertyParameters(),
    );
  });
});

describe("[ROTATIONS] the event and state vocabularies the properties draw from", () => {
  it("cover every event type and state", () => {
    expect(rotationEventTypes).toEqual(["request", "approve", "reject", "cancel", "complete", "expire"]);
    expect(Object.keys(rotationTransitions).sort()).toEqual([...rotationStates].sort());
    const states: RotationState[] = [...rotationStates];
    expect(states.filter((s) => isTerminalRotationState(s))).toEqual(["completed", "rejected", "cancelled", "expired"]);
  });
});
