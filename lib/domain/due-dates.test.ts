import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addDays,
  computeDueState,
  credentialRotationDue,
  dueBucket,
  reviewDue,
  secretRotationDue,
  type CredentialDueInput,
  type DueBucket,
  type DuePolicy,
  type SecretDueInput,
  type SecretStatus,
} from "./due-dates";

const at = (iso: string) => new Date(iso);

function secret(patch: Partial<SecretDueInput> = {}): SecretDueInput {
  return { issuedAt: at("2025-01-01T00:00:00Z"), lastRotatedAt: null, expiresAt: null, status: "active", ...patch };
}

describe("[DUE DATES] secret rotation due", () => {
  it.each<[string, Partial<SecretDueInput>, number, string]>([
    ["no expiry: issued + max age", {}, 90, "2025-04-01T00:00:00.000Z"],
    ["last rotation replaces issue date", { lastRotatedAt: at("2025-03-01T12:00:00Z") }, 90, "2025-05-30T12:00:00.000Z"],
    ["expiry before max age wins", { expiresAt: at("2025-02-01T00:00:00Z") }, 90, "2025-02-01T00:00:00.000Z"],
    ["expiry after max age loses", { expiresAt: at("2026-01-01T00:00:00Z") }, 90, "2025-04-01T00:00:00.000Z"],
    ["expiry equal to max age", { expiresAt: at("2025-04-01T00:00:00Z") }, 90, "2025-04-01T00:00:00.000Z"],
    ["expiry already past", { expiresAt: at("2024-12-01T00:00:00Z") }, 90, "2024-12-01T00:00:00.000Z"],
    ["zero max age: due at issue", {}, 0, "2025-01-01T00:00:00.000Z"],
    // Leap days: days are exact 24-hour steps, never calendar arithmetic.
    ["issued on 29 Feb 2024 + 365 d lands on 28 Feb 2025", { issuedAt: at("2024-02-29T00:00:00Z") }, 365, "2025-02-28T00:00:00.000Z"],
    ["issued 1 Mar 2023 + 365 d lands on 29 Feb 2024", { issuedAt: at("2023-03-01T00:00:00Z") }, 365, "2024-02-29T00:00:00.000Z"],
    ["issued 28 Feb 2024 + 1 d lands on the leap day", { issuedAt: at("2024-02-28T09:30:00Z") }, 1, "2024-02-29T09:30:00.000Z"],
    ["issued 28 Feb 2023 + 365 d: no leap day between", { issuedAt: at("2023-02-28T00:00:00Z") }, 365, "2024-02-28T00:00:00.000Z"],
    ["issued 28 Feb 2024 + 366 d spans the leap day", { issuedAt: at("2024-02-28T00:00:00Z") }, 366, "2025-02-28T00:00:00.000Z"],
    // Time zones: the offset in the input only names the instant; the result is the same instant + N × 24 h.
    ["issued at a +14:00 offset", { issuedAt: at("2025-01-01T00:00:00+14:00") }, 1, "2025-01-01T10:00:00.000Z"],
    ["issued at a -12:00 offset", { issuedAt: at("2024-12-31T12:00:00-12:00") }, 1, "2025-01-02T00:00:00.000Z"],
    ["across the US spring-forward DST change", { issuedAt: at("2025-03-09T01:30:00-05:00") }, 1, "2025-03-10T06:30:00.000Z"],
    ["across the EU fall-back DST change", { issuedAt: at("2025-10-26T00:30:00+02:00") }, 1, "2025-10-26T22:30:00.000Z"],
  ])("%s", (_label, patch, maxAgeDays, expected) => {
    expect(secretRotationDue(secret(patch), maxAgeDays).toISOString()).toBe(expected);
  });

  it("gives the same due date for the same instant written with different offsets", () => {
    const instants = ["2025-06-15T00:00:00Z", "2025-06-15T14:00:00+14:00", "2025-06-14T12:00:00-12:00", "2025-06-15T05:30:00+05:30"];
    const dues = instants.map((iso) => secretRotationDue(secret({ issuedAt: at(iso) }), 30).getTime());
    expect(new Set(dues).size).toBe(1);
    expect(dues[0]).toBe(Date.parse("2025-07-15T00:00:00Z"));
  });

  it("does not alias the secret's expiry date", () => {
    const expiresAt = at("2025-02-01T00:00:00Z");
    const due = secretRotationDue(secret({ expiresAt }), 90);
    expect(due).toEqual(expiresAt);
    expect(due).not.toBe(expiresAt);
  });

  it("adds whole days as exact multiples of 86 400 000 ms", () => {
    const start = at("2025-03-30T00:30:00+01:00");
    expect(addDays(start, 7).getTime() - start.getTime()).toBe(7 * 86_400_000);
    expect(addDays(start, -1).getTime() - start.getTime()).toBe(-86_400_000);
  });
});

describe("[DUE DATES] independent of the server's time zone", () => {
  // Node applies a change to process.env.TZ immediately; each test file runs in its own process.
  const savedTz = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = "America/New_York";
  });
  afterAll(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it("a day across a local DST change is still exactly 24 hours", () => {
    const beforeSpringForward = at("2025-03-09T01:30:00-05:00");
    // Precondition: the zone is really in effect, so calendar arithmetic would give 23 hours here.
    expect(beforeSpringForward.getTimezoneOffset()).not.toBe(addDays(beforeSpringForward, 1).getTimezoneOffset());
    expect(addDays(beforeSpringForward, 1).toISOString()).toBe("2025-03-10T06:30:00.000Z");
    expect(secretRotationDue(secret({ issuedAt: at("2025-10-01T12:00:00Z") }), 90).toISOString()).toBe(
      "2025-12-30T12:00:00.000Z",
    );
  });
});

describe("[DUE DATES] credential rotation due", () => {
  it.each<[string, SecretDueInput[], string | null]>([
    ["no secrets → null", [], null],
    ["one active secret", [secret()], "2025-04-01T00:00:00.000Z"],
    [
      "earliest of several active secrets (overlapping rotation)",
      [secret({ issuedAt: at("2025-02-01T00:00:00Z") }), secret({ expiresAt: at("2025-03-01T00:00:00Z") })],
      "2025-03-01T00:00:00.000Z",
    ],
    [
      "superseded secret ignored even though older",
      [secret({ issuedAt: at("2024-01-01T00:00:00Z"), status: "superseded" }), secret()],
      "2025-04-01T00:00:00.000Z",
    ],
    [
      "revoked secret ignored even though expired",
      [secret({ expiresAt: at("2024-06-01T00:00:00Z"), status: "revoked" }), secret()],
      "2025-04-01T00:00:00.000Z",
    ],
    [
      "leaked secret ignored (handled by its leak incident)",
      [secret({ issuedAt: at("2024-01-01T00:00:00Z"), status: "leaked" }), secret()],
      "2025-04-01T00:00:00.000Z",
    ],
    [
      "only inactive secrets → null",
      (["superseded", "revoked", "leaked"] satisfies SecretStatus[]).map((status) => secret({ status })),
      null,
    ],
  ])("%s", (_label, secrets, expected) => {
    expect(credentialRotationDue(secrets, 90)?.toISOString() ?? null).toBe(expected);
  });
});

describe("[DUE DATES] review due", () => {
  it.each<[string, { lastReviewedAt: Date | null; createdAt: Date }, number, string]>([
    ["never reviewed: created + cadence", { lastReviewedAt: null, createdAt: at("2025-01-01T00:00:00Z") }, 90, "2025-04-01T00:00:00.000Z"],
    [
      "last review replaces creation",
      { lastReviewedAt: at("2025-05-01T08:00:00Z"), createdAt: at("2025-01-01T00:00:00Z") },
      180,
      "2025-10-28T08:00:00.000Z",
    ],
    ["leap day review + 365 d", { lastReviewedAt: at("2024-02-29T00:00:00Z"), createdAt: at("2023-01-01T00:00:00Z") }, 365, "2025-02-28T00:00:00.000Z"],
  ])("%s", (_label, credential, cadence, expected) => {
    expect(reviewDue(credential, cadence).toISOString()).toBe(expected);
  });
});

describe("[DUE DATES] buckets", () => {
  const now = at("2025-06-01T12:00:00Z");
  const offsets = [30, 7, 1];
  const ms = (n: number) => new Date(now.getTime() + n);
  const day = 86_400_000;

  it.each<[string, Date | null, readonly number[], DueBucket]>([
    ["no due date", null, offsets, "none"],
    ["exactly due (due == now) is not yet overdue", now, offsets, "due_soon"],
    ["one ms after due is overdue", ms(-1), offsets, "overdue"],
    ["one ms before due is due soon", ms(1), offsets, "due_soon"],
    ["long overdue", ms(-400 * day), offsets, "overdue"],
    ["exactly at the edge of the largest offset is due soon", ms(30 * day), offsets, "due_soon"],
    ["one ms past the largest offset is ok", ms(30 * day + 1), offsets, "ok"],
    ["offsets are not assumed sorted", ms(30 * day), [1, 30, 7], "due_soon"],
    ["within a smaller offset only", ms(8 * day), [7, 1], "ok"],
    ["no reminders: only the due instant itself is due soon", now, [], "due_soon"],
    ["no reminders: one ms later is ok", ms(1), [], "ok"],
  ])("%s", (_label, due, reminderOffsets, expected) => {
    expect(dueBucket(due, now, reminderOffsets)).toBe(expected);
  });

  it("gives the same bucket for the same instants written with different offsets", () => {
    const due = at("2025-06-08T12:00:00Z");
    const dueElsewhere = at("2025-06-09T02:00:00+14:00");
    const nowElsewhere = at("2025-06-01T00:00:00-12:00");
    expect(dueBucket(dueElsewhere, nowElsewhere, [7])).toBe(dueBucket(due, now, [7]));
    expect(dueBucket(dueElsewhere, nowElsewhere, [7])).toBe("due_soon");
    expect(dueBucket(at("2025-06-09T02:00:00.001+14:00"), nowElsewhere, [7])).toBe("ok");
  });
});

describe("[DUE DATES] computeDueState", () => {
  const policy: DuePolicy = { maxSecretAgeDays: 90, reviewCadenceDays: 180, reminderOffsetsDays: [30, 7, 1] };
  const credential: CredentialDueInput = {
    secrets: [secret({ issuedAt: at("2025-01-01T00:00:00Z") })],
    lastReviewedAt: null,
    createdAt: at("2025-01-01T00:00:00Z"),
    reviewCadenceOverrideDays: null,
  };

  it("derives both due dates and buckets from the policy", () => {
    expect(computeDueState(credential, policy, at("2025-03-15T00:00:00Z"))).toEqual({
      rotationDueAt: at("2025-04-01T00:00:00Z"),
      reviewDueAt: at("2025-06-30T00:00:00Z"),
      rotationBucket: "due_soon",
      reviewBucket: "ok",
      dueSoonDays: 30,
    });
  });

  it("is overdue one ms after the rotation due instant and due soon at it", () => {
    expect(computeDueState(credential, policy, at("2025-04-01T00:00:00Z")).rotationBucket).toBe("due_soon");
    expect(computeDueState(credential, policy, at("2025-04-01T00:00:00.001Z")).rotationBucket).toBe("overdue");
  });

  it("the credential's review cadence override replaces the policy's", () => {
    const state = computeDueState({ ...credential, reviewCadenceOverrideDays: 30 }, policy, at("2025-03-15T00:00:00Z"));
    expect(state.reviewDueAt).toEqual(at("2025-01-31T00:00:00Z"));
    expect(state.reviewBucket).toBe("overdue");
    // The override does not touch rotation, which follows the policy's max secret age.
    expect(state.rotationDueAt).toEqual(at("2025-04-01T00:00:00Z"));
  });

  it("the last review restarts the review clock", () => {
    const state = computeDueState({ ...credential, lastReviewedAt: at("2025-03-01T00:00:00Z") }, policy, at("2025-03-15T00:00:00Z"));
    expect(state.reviewDueAt).toEqual(at("2025-08-28T00:00:00Z"));
  });

  it("no active secrets → no rotation due and bucket none; review still due", () => {
    const state = computeDueState(
      { ...credential, secrets: [secret({ status: "revoked" }), secret({ status: "superseded" })] },
      policy,
      at("2026-01-01T00:00:00Z"),
    );
    expect(state.rotationDueAt).toBeNull();
    expect(state.rotationBucket).toBe("none");
    expect(state.reviewBucket).toBe("overdue");
  });

  it("a policy without reminders has a zero-day due-soon window", () => {
    expect(computeDueState(credential, { ...policy, reminderOffsetsDays: [] }, at("2025-03-15T00:00:00Z"))).toMatchObject({
      rotationBucket: "ok",
      dueSoonDays: 0,
    });
  });
});
