import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { getCredentialDetail, listCredentials } from "@/db/queries/credentials";
import { listPolicies } from "@/db/queries/registry";
import { updateCredential, updateSecret } from "@/lib/server/inventory/credentials";
import { createPolicy, updatePolicy } from "@/lib/server/inventory/policies";
import { presentCredentialListItem } from "@/lib/server/inventory/present";
import { updateApi, updateApplication } from "@/lib/server/inventory/registry";
import { credentialFilters, policyInput, updateApiInput, updateCredentialInput, updatePolicyInput } from "@/lib/validation/inventory";
import { contextAs } from "../support/context";
import { drivers, rowsOf } from "../support/db";
import { auditEventsAfter, auditEventsAfterExceptFindings, lastAuditSeq, rejectionOf } from "../support/audit";
import { daysAfter, expectAppError, unique, suiteDatabase } from "../support/inventory";

const ISSUED = new Date("2026-01-10T08:00:00.000Z");

describe.each(drivers)("[DUE] policies and due dates on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: true });
  let policyId: (name: string) => string;
  beforeAll(async () => {
    const shipped = await listPolicies(handle.db);
    policyId = (name) => {
      const found = shipped.find((p) => p.name === name);
      if (!found) throw new Error(`no policy ${name}`);
      return found.id;
    };
  });

  const detail = async (id: string) => {
    const d = await getCredentialDetail(handle.db, id);
    if (!d) throw new Error("credential vanished");
    return { ...d.credential, policy: d.effectivePolicyName };
  };

  /** A credential granted `api` (if any) with one active secret issued at ISSUED. */
  async function credentialWithSecret(overrides: Record<string, unknown>, apiId?: string, ctx = fx.admin) {
    const c = await fx.credential({ ...overrides, grants: apiId ? [{ apiId, scopeIds: [] }] : [] }, ctx);
    await fx.secret(c.credential.id, { issuedAt: ISSUED.toISOString() });
    return c.credential.id;
  }

  it("[DUE] production + critical API gets the high/critical policy: rotation due = issued + 90 d, review = created + 90 d", async () => {
    const api = await fx.api({ sensitivity: "critical" });
    const id = await credentialWithSecret({ environment: "production" }, api.id);
    const c = await detail(id);
    expect(c.policy).toBe("Production — high or critical API");
    expect(c.effectivePolicyId).toBe(policyId("Production — high or critical API"));
    expect(c.rotationDueAt?.toISOString()).toBe(daysAfter(ISSUED, 90).toISOString());
    expect(c.reviewDueAt?.getTime()).toBe(daysAfter(c.createdAt, 90).getTime());
    expect(c.dueSoonDays).toBe(30);
  });

  it("[DUE] staging gets non-production (365 d); production without grants gets plain production (180 d)", async () => {
    const api = await fx.api({ sensitivity: "critical" });
    const staging = await detail(await credentialWithSecret({ environment: "staging" }, api.id));
    expect(staging.policy).toBe("Non-production");
    expect(staging.rotationDueAt?.toISOString()).toBe(daysAfter(ISSUED, 365).toISOString());
    expect(staging.reviewDueAt?.getTime()).toBe(daysAfter(staging.createdAt, 365).getTime());
    const bare = await detail(await credentialWithSecret({ environment: "production" }));
    expect(bare.policy).toBe("Production");
    expect(bare.rotationDueAt?.toISOString()).toBe(daysAfter(ISSUED, 180).toISOString());
  });

  it("[DUE] lowering the API's sensitivity moves its credentials to plain production (180 d)", async () => {
    const api = await fx.api({ sensitivity: "critical" });
    const prod = await credentialWithSecret({ environment: "production" }, api.id);
    const staging = await credentialWithSecret({ environment: "staging" }, api.id);
    await updateApi(handle.db, fx.admin, api.id, updateApiInput.parse({ sensitivity: "low" }));
    expect(await detail(prod)).toMatchObject({ policy: "Production", rotationDueAt: daysAfter(ISSUED, 180) });
    expect(await detail(staging)).toMatchObject({ policy: "Non-production", rotationDueAt: daysAfter(ISSUED, 365) });
    // And back up again.
    await updateApi(handle.db, fx.admin, api.id, updateApiInput.parse({ sensitivity: "high" }));
    expect(await detail(prod)).toMatchObject({ policy: "Production — high or critical API", rotationDueAt: daysAfter(ISSUED, 90) });
  });

  it("[DUE] the most sensitive granted API decides", async () => {
    const [low, high] = [await fx.api({ sensitivity: "low" }), await fx.api({ sensitivity: "high" })];
    const c = await fx.credential({ environment: "production", grants: [{ apiId: low.id, scopeIds: [] }] });
    await fx.secret(c.credential.id, { issuedAt: ISSUED.toISOString() });
    expect((await detail(c.credential.id)).policy).toBe("Production");
    await updateCredential(
      handle.db,
      fx.admin,
      c.credential.id,
      updateCredentialInput.parse({ grants: [{ apiId: low.id, scopeIds: [] }, { apiId: high.id, scopeIds: [] }] }),
    );
    expect(await detail(c.credential.id)).toMatchObject({ policy: "Production — high or critical API", rotationDueAt: daysAfter(ISSUED, 90) });
  });

  it("[DUE] creating and updating a policy recomputes every due date in the same transaction", async () => {
    const id = await credentialWithSecret({ environment: "production", kind: "api_key" });
    expect((await detail(id)).policy).toBe("Production");
    const ctx = contextAs("security");
    const before = await lastAuditSeq(handle.db);
    const name = unique("ApiKeys");
    // Two match fields (environment + kind) beat plain production's one.
    const policy = await createPolicy(
      handle.db,
      ctx,
      policyInput.parse({ name, matchEnvironments: ["production"], matchKind: "api_key", maxSecretAgeDays: 60, reviewCadenceDays: 30, maxAccessTokenTtlSeconds: 600, approvalsRequired: 1 }),
    );
    expect(await detail(id)).toMatchObject({ policy: name, rotationDueAt: daysAfter(ISSUED, 60) });

    await updatePolicy(handle.db, ctx, policy.id, updatePolicyInput.parse({ maxSecretAgeDays: 45, reminderOffsetsDays: [14, 3] }));
    const after = await detail(id);
    expect(after.rotationDueAt?.toISOString()).toBe(daysAfter(ISSUED, 45).toISOString());
    expect(after.reviewDueAt?.getTime()).toBe(daysAfter(after.createdAt, 30).getTime());
    expect(after.dueSoonDays).toBe(14);

    const events = await auditEventsAfterExceptFindings(handle.db, before);
    expect(events.map((e) => [e.action, e.targetType, e.targetId, e.actorId])).toEqual([
      ["policy.created", "policy", policy.id, ctx.actor?.userId],
      ["policy.updated", "policy", policy.id, ctx.actor?.userId],
    ]);
    const total = Number(rowsOf<{ n: string | number }>(await handle.db.execute(sql`select count(*) as n from credentials`))[0]?.n);
    expect(events[1]?.payload).toEqual({
      changes: { maxSecretAgeDays: { from: 60, to: 45 }, reminderOffsetsDays: { from: [30, 7, 1], to: [14, 3] } },
      recomputed: total,
    });

    // Updating a shipped policy recomputes too.
    const prodOnly = await credentialWithSecret({ environment: "production" });
    await updatePolicy(handle.db, ctx, policyId("Production"), updatePolicyInput.parse({ maxSecretAgeDays: 120 }));
    expect((await detail(prodOnly)).rotationDueAt?.toISOString()).toBe(daysAfter(ISSUED, 120).toISOString());
    await updatePolicy(handle.db, ctx, policyId("Production"), updatePolicyInput.parse({ maxSecretAgeDays: 180 }));
    expect((await detail(prodOnly)).rotationDueAt?.toISOString()).toBe(daysAfter(ISSUED, 180).toISOString());
  });

  it("[DUE] a policy update that changes nothing writes nothing; duplicates are CONFLICTs; unknown is NOT_FOUND", async () => {
    const name = unique("Policy");
    const policy = await createPolicy(
      handle.db,
      fx.admin,
      policyInput.parse({ name, matchEnvironments: ["test"], matchKind: "certificate", maxSecretAgeDays: 30, reviewCadenceDays: 30, maxAccessTokenTtlSeconds: 60, approvalsRequired: 2 }),
    );
    const before = await lastAuditSeq(handle.db);
    await updatePolicy(handle.db, fx.admin, policy.id, updatePolicyInput.parse({ name, maxSecretAgeDays: 30, matchEnvironments: ["test"] }));
    expect(await auditEventsAfter(handle.db, before)).toEqual([]);
    const input = { matchEnvironments: ["test"], maxSecretAgeDays: 30, reviewCadenceDays: 30, maxAccessTokenTtlSeconds: 60, approvalsRequired: 1 };
    expectAppError(await rejectionOf(createPolicy(handle.db, fx.admin, policyInput.parse({ ...input, name }))), "CONFLICT", ["key"]);
    expectAppError(await rejectionOf(createPolicy(handle.db, fx.admin, policyInput.parse({ ...input, name, key: unique("k") }))), "CONFLICT", ["name"]);
    expectAppError(await rejectionOf(updatePolicy(handle.db, fx.admin, policy.id, { name: "Production" })), "CONFLICT", ["name"]);
    expectAppError(await rejectionOf(updatePolicy(handle.db, fx.admin, crypto.randomUUID(), { priority: 1 })), "NOT_FOUND");
    expect(await auditEventsAfter(handle.db, before)).toEqual([]);
  });

  it("[DUE] an explicit policy override wins over matching; clearing it matches again", async () => {
    const api = await fx.api({ sensitivity: "critical" });
    // A weaker override than the matched policy: only security may set one (issue 12).
    const id = await credentialWithSecret({ environment: "production", rotationPolicyId: policyId("Non-production") }, api.id, contextAs("security"));
    expect(await detail(id)).toMatchObject({ policy: "Non-production", rotationDueAt: daysAfter(ISSUED, 365) });
    await updateCredential(handle.db, fx.admin, id, updateCredentialInput.parse({ rotationPolicyId: "" }));
    expect(await detail(id)).toMatchObject({ policy: "Production — high or critical API", rotationDueAt: daysAfter(ISSUED, 90) });
  });

  it("[DUE] rotation due is the earliest active secret's min(expiry, last rotation or issue + max age)", async () => {
    const c = await fx.credential({ environment: "staging" });
    const id = c.credential.id;
    const a = await fx.secret(id, { issuedAt: ISSUED.toISOString() });
    expect((await detail(id)).rotationDueAt).toEqual(daysAfter(ISSUED, 365));
    // Rotated later: counts from the rotation.
    await updateSecret(handle.db, fx.admin, id, a.id, { lastRotatedAt: daysAfter(ISSUED, 100) });
    expect((await detail(id)).rotationDueAt).toEqual(daysAfter(ISSUED, 465));
    // An expiry before that wins.
    await updateSecret(handle.db, fx.admin, id, a.id, { expiresAt: daysAfter(ISSUED, 200) });
    expect((await detail(id)).rotationDueAt).toEqual(daysAfter(ISSUED, 200));
    // A second, older active secret is due first; once superseded it no longer counts.
    const b = await fx.secret(id, { issuedAt: daysAfter(ISSUED, -300).toISOString() });
    expect((await detail(id)).rotationDueAt).toEqual(daysAfter(ISSUED, 65));
    await updateSecret(handle.db, fx.admin, id, b.id, { status: "superseded" });
    expect((await detail(id)).rotationDueAt).toEqual(daysAfter(ISSUED, 200));
    // No active secret at all: no rotation due date.
    await updateSecret(handle.db, fx.admin, id, a.id, { status: "revoked" });
    expect((await detail(id)).rotationDueAt).toBeNull();
  });

  it("[DUE] review due follows last review and the credential's own cadence", async () => {
    const reviewed = new Date("2026-02-01T00:00:00.000Z");
    const c = await fx.credential({ environment: "staging" });
    const id = c.credential.id;
    await fx.reviewedAt(id, reviewed);
    expect((await detail(id)).reviewDueAt).toEqual(daysAfter(reviewed, 365));
    await updateCredential(handle.db, fx.admin, id, updateCredentialInput.parse({ reviewCadenceDays: 30 }));
    expect((await detail(id)).reviewDueAt).toEqual(daysAfter(reviewed, 30));
    await fx.reviewedAt(id, new Date("2026-03-01T00:00:00Z"));
    expect((await detail(id)).reviewDueAt).toEqual(daysAfter(new Date("2026-03-01T00:00:00Z"), 30));
  });

  it("[DUE] an application turning third-party moves its credentials to a third-party policy", async () => {
    const name = unique("ThirdParty");
    await createPolicy(
      handle.db,
      fx.admin,
      policyInput.parse({ name, matchEnvironments: ["development"], matchThirdParty: true, maxSecretAgeDays: 30, reviewCadenceDays: 30, maxAccessTokenTtlSeconds: 300, approvalsRequired: 1 }),
    );
    const app = await fx.application({ environment: "development" });
    const c = await fx.credential({ environment: "development", applicationIds: [app.id] });
    await fx.secret(c.credential.id, { issuedAt: ISSUED.toISOString() });
    expect(await detail(c.credential.id)).toMatchObject({ policy: "Non-production", rotationDueAt: daysAfter(ISSUED, 365) });
    await updateApplication(handle.db, fx.admin, app.id, { thirdParty: true });
    expect(await detail(c.credential.id)).toMatchObject({ policy: name, rotationDueAt: daysAfter(ISSUED, 30) });
  });

  it("[DUE] listCredentials due and reviewDue filters agree with the buckets at a given now, at the boundaries", async () => {
    const now = new Date("2027-06-15T12:00:00.000Z");
    const prefix = unique("Bucket");
    const ms = (days: number, extraMs = 0) => new Date(now.getTime() + days * 86_400_000 + extraMs);
    // Staging: 365 d max age and review cadence, 30 d due-soon window. Each credential's secret is
    // issued (and it was last reviewed) so that its due date lands exactly where named.
    const cases: Record<string, { due: Date | null; bucket: "overdue" | "due_soon" | "ok" | "none" }> = {
      overdueBy1ms: { due: ms(0, -1), bucket: "overdue" },
      overdueLong: { due: ms(-40), bucket: "overdue" },
      dueNow: { due: ms(0), bucket: "due_soon" },
      soonEdge: { due: ms(30), bucket: "due_soon" },
      okEdge: { due: ms(30, 1), bucket: "ok" },
      okFar: { due: ms(200), bucket: "ok" },
      noSecret: { due: null, bucket: "none" },
    };
    const ids: Record<string, string> = {};
    for (const [label, { due }] of Object.entries(cases)) {
      const c = await fx.credential({ name: `${prefix}${label}`, environment: "staging" });
      await fx.reviewedAt(c.credential.id, due ? daysAfter(due, -365) : ms(-365, -1));
      if (due) await fx.secret(c.credential.id, { issuedAt: daysAfter(due, -365).toISOString() });
      ids[label] = c.credential.id;
      expect((await detail(c.credential.id)).rotationDueAt).toEqual(due);
    }
    const expectedIn = (bucket: string) =>
      Object.entries(cases)
        .filter(([, v]) => v.bucket === bucket)
        .map(([label]) => ids[label] ?? "")
        .sort();
    for (const bucket of ["overdue", "due_soon", "ok", "none"] as const) {
      const page = await listCredentials(handle.db, credentialFilters.parse({ q: prefix, due: bucket, limit: 200 }), now);
      expect(page.items.map((i) => i.id).sort(), bucket).toEqual(expectedIn(bucket));
      for (const item of page.items) expect(presentCredentialListItem(item, now).rotationBucket, item.name).toBe(bucket);
    }
    // Review due = last review + 365 d: the same instants, except that the secret-less one was reviewed to be overdue by 1 ms.
    const reviewExpected: Record<string, string[]> = {
      overdue: [...expectedIn("overdue"), ids.noSecret ?? ""].sort(),
      due_soon: expectedIn("due_soon"),
      ok: expectedIn("ok"),
      none: [],
    };
    for (const bucket of ["overdue", "due_soon", "ok", "none"] as const) {
      const page = await listCredentials(handle.db, credentialFilters.parse({ q: prefix, reviewDue: bucket, limit: 200 }), now);
      expect(page.items.map((i) => i.id).sort(), bucket).toEqual(reviewExpected[bucket]);
      for (const item of page.items) expect(presentCredentialListItem(item, now).reviewBucket, item.name).toBe(bucket);
    }
    // Both filters at once.
    const both = await listCredentials(handle.db, credentialFilters.parse({ q: prefix, due: "ok", reviewDue: "ok", limit: 200 }), now);
    expect(both.items.map((i) => i.id).sort()).toEqual(expectedIn("ok"));
  });

  /** Runs `work` on a connection whose session time zone is `zone`, then puts the database back. */
  async function inTimeZone(zone: string, work: (db: DatabaseHandle["db"]) => Promise<void>) {
    if (driver === "pglite") {
      // One in-process connection: the session setting is the database's.
      await handle.db.execute(sql.raw(`set timezone to '${zone}'`));
      try {
        await work(handle.db);
      } finally {
        await handle.db.execute(sql`reset timezone`);
      }
      return;
    }
    const [db] = rowsOf<{ name: string }>(await handle.db.execute(sql`select current_database() as name`));
    await handle.db.execute(sql.raw(`alter database "${db?.name}" set timezone to '${zone}'`));
    // New sessions pick the database's time zone up.
    const zoned = await openDatabase(handle.options);
    try {
      await work(zoned.db);
    } finally {
      await zoned.close();
      await handle.db.execute(sql.raw(`alter database "${db?.name}" reset timezone`));
    }
  }

  it("[DUE] in a time zone with daylight saving, 30 days of the due filter are 30 × 24 h, as in the buckets", async () => {
    // DST ends in New York on 2026-11-01: 30 calendar days after `now` there are 30 × 24 h + 1 h.
    const now = new Date("2026-10-20T12:00:00.000Z");
    const prefix = unique("Dst");
    const within = await fx.credential({ name: `${prefix}within`, environment: "staging" });
    const beyond = await fx.credential({ name: `${prefix}beyond`, environment: "staging" });
    await fx.secret(within.credential.id, { issuedAt: daysAfter(now, 30 - 365).toISOString() });
    await fx.secret(beyond.credential.id, { issuedAt: new Date(daysAfter(now, 30 - 365).getTime() + 30 * 60_000).toISOString() });
    await inTimeZone("America/New_York", async (db) => {
      const [tz] = rowsOf<{ tz: string }>(await db.execute(sql`select current_setting('TimeZone') as tz`));
      expect(tz?.tz).toBe("America/New_York");
      const list = async (due: "due_soon" | "ok") =>
        (await listCredentials(db, credentialFilters.parse({ q: prefix, due }), now)).items.map((i) => [i.name, presentCredentialListItem(i, now).rotationBucket]);
      expect(await list("due_soon")).toEqual([[`${prefix}within`, "due_soon"]]);
      expect(await list("ok")).toEqual([[`${prefix}beyond`, "ok"]]);
    });
  });
});

// Its own database: the policies it creates would match the other tests' credentials.
describe.each(drivers)("[DUE] concurrent policy changes on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: true });

  it("[DUE] concurrent policy changes all commit (they used to deadlock each other on PostgreSQL)", async () => {
    // Enough rows that each change's UPDATE … FROM VALUES runs long enough for the others to collide
    // on PostgreSQL. PGlite has one connection, so its transactions run one after another and cannot
    // deadlock: a few rows check the same outcome there without 30 s of fixtures on a busy machine.
    const perWorker = driver === "postgres" ? 40 : 10;
    await Promise.all(
      Array.from({ length: 4 }, async (_, worker) => {
        for (let i = 0; i < perWorker; i++) {
          const c = await fx.credential({ environment: (i + worker) % 2 ? "production" : "staging", grants: [] });
          await fx.secret(c.credential.id, { issuedAt: ISSUED.toISOString() });
        }
      }),
    );
    const input = { matchEnvironments: ["staging"], maxSecretAgeDays: 40, reviewCadenceDays: 40, maxAccessTokenTtlSeconds: 600, approvalsRequired: 1 } as const;
    const created = await Promise.all(Array.from({ length: 6 }, (_, i) => createPolicy(handle.db, fx.admin, policyInput.parse({ ...input, name: unique(`Concurrent ${i}`), priority: i }))));
    const updated = await Promise.all(created.map((p, i) => updatePolicy(handle.db, fx.admin, p.id, updatePolicyInput.parse({ maxSecretAgeDays: 50 + i }))));
    expect(updated.map((p) => p.maxSecretAgeDays)).toEqual([50, 51, 52, 53, 54, 55]);
  });
});
