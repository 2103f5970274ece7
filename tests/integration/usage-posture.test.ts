import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { credentialPosture, credentials, findings } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { readDashboard } from "@/lib/server/dashboard/read";
import { exportText } from "@/lib/server/inventory/export";
import { applyImport, dryRunResult, prepareImport } from "@/lib/server/inventory/import";
import { sweepPosture } from "@/lib/server/posture/sweep";
import { readCredentialUsage, readUnknownClientCount, readUnknownClients } from "@/lib/server/usage/reads";
import { unknownClientCursorField } from "@/lib/validation/usage";
import { drivers } from "../support/db";
import { DAY, suiteDatabase } from "../support/inventory";
import { contextAs } from "../support/context";
import { seedUsageClient, seedUsageDaily, seedUsageEvents } from "../support/usage";

// Read functions call getDb(): point it at this test's database.
const current = vi.hoisted(() => ({ db: undefined as Db | undefined }));
vi.mock("@/db", () => ({ getDb: () => Promise.resolve(current.db) }));

const usageRules = ["scope-unused", "credential-dormant", "token-ttl-observed-longer", "token-outside-grants"];
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** DESIGN §5.4: usage evidence (seeded as ingest leaves it) against the inventory's grants. */
describe.each(drivers)("[USAGE] usage posture, Usage tab and unknown clients on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: false, appDb: current });
  // The sweep runs "100 days from now": grants recorded today are then old enough to be unused.
  const T = new Date(Date.now() + 100 * DAY);
  const before = (days: number) => new Date(T.getTime() - days * DAY);

  const live = async (credentialId: string) =>
    (await handle.db.select().from(findings).where(and(eq(findings.credentialId, credentialId), inArray(findings.status, ["open", "excepted"])))).filter((f) => usageRules.includes(f.ruleId));
  // Each sweep a millisecond later: a credential checked at an instant is stale only after it.
  let tick = 0;
  const sweep = (now: Date) => sweepPosture(handle.db, new Date(now.getTime() + ++tick), { staleMs: 0, maxBatches: 1000 });

  async function grantedCredential(overrides: Record<string, unknown> = {}) {
    const api = await fx.api();
    const scopeIds = api.scopes.map((s) => s.id);
    const { credential } = await fx.credential({ accessTokenTtlSeconds: 300, grants: [{ apiId: api.id, scopeIds }], ...overrides });
    return { api, credential };
  }

  it("[USAGE] seeded rollups open the four usage findings on the sweep; fresh use clears unused and dormant", async () => {
    const { api, credential } = await grantedCredential();
    const c = credential.id;
    await seedUsageDaily(handle.db, [
      // Evidence since 99 days before T: issuance carrying "read" only.
      { day: isoDay(before(99)), credentialId: c, audience: api.audience, scope: "", issued: 3, maxTtlSeconds: 300 },
      { day: isoDay(before(99)), credentialId: c, audience: api.audience, scope: "read", issued: 3 },
      // Recent decisions: read allowed; an ungranted scope denied. No issuance since (dormant).
      { day: isoDay(before(5)), credentialId: c, audience: api.audience, apiId: api.id, scope: "read", allowed: 4 },
      { day: isoDay(before(5)), credentialId: c, audience: api.audience, apiId: api.id, scope: "admin", denied: 2 },
    ]);
    await sweep(T);
    const opened = await live(c);
    expect(opened.map((f) => f.ruleId).sort()).toEqual(["credential-dormant", "scope-unused", "token-outside-grants"]);
    expect(opened.find((f) => f.ruleId === "scope-unused")?.details).toMatchObject({ days: 90, unused: [{ api: api.name, scope: "write", lastUsedAt: null }] });
    expect(opened.find((f) => f.ruleId === "token-outside-grants")).toMatchObject({ severity: "medium", details: { allowed: [], denied: [{ scope: "admin", count: 2, outside: "scope" }] } });

    // An allowed call outside the grants raises the same finding to high; a long-lived token adds the TTL one.
    await seedUsageDaily(handle.db, [
      { day: isoDay(before(3)), credentialId: c, audience: "https://elsewhere.example.test", scope: "read", allowed: 1 },
      { day: isoDay(before(3)), credentialId: c, audience: api.audience, scope: "", issued: 1, maxTtlSeconds: 3600 },
    ]);
    await sweep(T);
    const raised = await live(c);
    expect(raised.find((f) => f.ruleId === "token-outside-grants")?.severity).toBe("high");
    expect(raised.find((f) => f.ruleId === "token-ttl-observed-longer")?.details).toEqual({ observedSeconds: 3600, declaredSeconds: 300 });
    // The token issued 3 days ago ended dormancy.
    expect(raised.map((f) => f.ruleId)).not.toContain("credential-dormant");

    await seedUsageDaily(handle.db, [{ day: isoDay(before(1)), credentialId: c, audience: api.audience, apiId: api.id, scope: "write", allowed: 1 }]);
    await sweep(T);
    expect((await live(c)).map((f) => f.ruleId)).not.toContain("scope-unused");
    const [resolved] = await handle.db.select().from(findings).where(and(eq(findings.credentialId, c), eq(findings.ruleId, "scope-unused")));
    expect(resolved).toMatchObject({ status: "resolved", resolution: "Cause gone: the rule no longer fires" });
  });

  it("[USAGE] a grant imported with the date it was granted elsewhere (grantedSince) is old enough today for the unused-scope rule; export carries the date", async () => {
    // The operator's path: a migration from another system knows since when the access exists.
    const api = await fx.api();
    const key = `migrated-${Date.now().toString(36)}`;
    const now = new Date();
    const since = new Date(now.getTime() - 120 * DAY);
    const file = (grantedSince: string) =>
      JSON.stringify({ format: "steward-inventory/v1", credentials: [{ key, name: `Migrated ${key}`, environment: "production", grants: [{ api: api.key, scopes: ["read", "write"], grantedSince }] }] });
    const future = dryRunResult(await prepareImport(handle.db, file(new Date(now.getTime() + DAY).toISOString()), "json"));
    expect(future.records.map((r) => [r.action, r.issues.map((i) => [i.field, i.message])])).toEqual([["invalid", [["grants[0].grantedSince", "must not be in the future"]]]]);
    await applyImport(handle.db, contextAs("admin"), await prepareImport(handle.db, file(since.toISOString()), "json"), { mode: "apply" });
    const exported = JSON.parse(await exportText(handle.db, "json")) as { credentials: { key: string; grants: { api: string; grantedSince: string }[] }[] };
    const mine = exported.credentials.find((c) => c.key === key);
    expect(mine?.grants).toEqual([expect.objectContaining({ api: api.key, grantedSince: since.toISOString() })]);
    const id = (await handle.db.select({ id: credentials.id }).from(credentials).where(eq(credentials.key, key)))[0]?.id ?? "";

    // Evidence since 100 days ago (ingest accepts backdated events into the day rollup): read used, write never.
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    await seedUsageDaily(handle.db, [
      { day: isoDay(ago(100)), credentialId: id, audience: api.audience, apiId: api.id, scope: "read", allowed: 1 },
      { day: isoDay(ago(1)), credentialId: id, audience: api.audience, apiId: api.id, scope: "read", allowed: 1 },
    ]);
    await sweep(new Date());
    expect((await live(id)).find((f) => f.ruleId === "scope-unused")?.details).toMatchObject({ days: 90, unused: [{ api: api.name, scope: "write", lastUsedAt: null }] });
    // Re-importing the same file is unchanged: the date of an existing grant is not rewritten.
    const again = dryRunResult(await prepareImport(handle.db, file(now.toISOString()), "json"));
    expect(again.records).toEqual([]);
    expect(again.totals).toMatchObject({ unchanged: 1, update: 0, create: 0 });
  });

  it("[USAGE] no evidence is not unused: a credential nobody reports on gets no usage finding and no usage rule applies", async () => {
    const { credential } = await grantedCredential();
    await sweep(T);
    expect(await live(credential.id)).toEqual([]);
    const [row] = await handle.db.select({ rules: credentialPosture.applicableRules }).from(credentialPosture).where(eq(credentialPosture.credentialId, credential.id));
    expect(row?.rules.filter((r) => usageRules.includes(r))).toEqual([]);
  });

  it("[USAGE] the Usage tab read: per API and scope last used, a 30-day series, recent denials newest first; empty without evidence", async () => {
    const { api, credential } = await grantedCredential();
    const c = credential.id;
    await seedUsageDaily(handle.db, [
      { day: isoDay(before(2)), credentialId: c, audience: api.audience, apiId: api.id, scope: "read", allowed: 5, denied: 1, lastSeenAt: before(2) },
      { day: isoDay(before(40)), credentialId: c, audience: api.audience, apiId: api.id, scope: "read", allowed: 7, lastSeenAt: before(40) },
      { day: isoDay(before(2)), credentialId: c, audience: api.audience, scope: "", issued: 2 },
    ]);
    await seedUsageEvents(handle.db, [
      { credentialId: c, occurredAt: before(3), audience: api.audience, scopes: ["write"], decision: "deny", reason: "scope not in token" },
      { credentialId: c, occurredAt: before(2), audience: api.audience, scopes: ["read"], decision: "deny", reason: "rate limited" },
      { credentialId: c, occurredAt: before(2), audience: api.audience, scopes: ["read"], decision: "allow" },
    ]);
    const auditor = (await fx.account("auditor")).ctx.actor;
    const usage = await readCredentialUsage(auditor, c, T);
    expect(usage.hasEvidence).toBe(true);
    expect(usage.rows).toHaveLength(1);
    const row = usage.rows[0];
    expect(row).toMatchObject({ apiId: api.id, apiName: api.name, scope: "read", lastUsedAt: before(2).toISOString(), lastDeniedAt: before(2).toISOString(), allowed: 12, denied: 1 });
    expect(row?.series).toHaveLength(30);
    expect(row?.series.at(-1)?.day).toBe(isoDay(T));
    expect(row?.series.reduce((n, p) => n + p.allowed, 0)).toBe(5);
    expect(row?.series.find((p) => p.day === isoDay(before(2)))).toEqual({ day: isoDay(before(2)), allowed: 5, denied: 1 });
    expect(usage.denials.map((d) => [d.reason, d.scope, d.apiName])).toEqual([
      ["rate limited", "read", api.name],
      ["scope not in token", "write", api.name],
    ]);

    const empty = await readCredentialUsage(auditor, (await grantedCredential()).credential.id, T);
    expect(empty).toEqual({ hasEvidence: false, rows: [], denials: [] });
  });

  it("[USAGE] unknown clients: listed by last seen and keyset paged, a registered one leaves the list, members may not read it", async () => {
    const server = await fx.server();
    const issuer = `${server.issuerUrl}/`; // as the event wrote it: with a trailing slash
    const seen = (days: number) => ({ firstSeenAt: before(days + 10), lastSeenAt: before(days) });
    await seedUsageClient(handle.db, { issuer, clientId: "shadow-a", ...seen(1), events: 12, audiences: ["https://b.example.test", "https://a.example.test"] });
    await seedUsageClient(handle.db, { issuer, clientId: "shadow-b", ...seen(2) });
    await seedUsageClient(handle.db, { issuer: "https://not-in-inventory.example.test", clientId: "shadow-c", ...seen(3) });
    const known = await grantedCredential({ clientId: "known-client", authorizationServerId: server.id });
    await seedUsageClient(handle.db, { issuer, clientId: "known-client", credentialId: known.credential.id, ...seen(0) });

    const security = (await fx.account("security")).ctx.actor;
    const first = await readUnknownClients(security, { limit: 2 });
    expect(first.items.map((c) => c.clientId)).toEqual(["shadow-a", "shadow-b"]);
    expect(first.items[0]).toMatchObject({ issuer, serverId: server.id, serverName: server.name, events: 12, audiences: ["https://a.example.test", "https://b.example.test"] });
    expect(first.mayRegister).toBe(true);
    const cursor = unknownClientCursorField.parse(first.nextCursor);
    const second = await readUnknownClients(security, { limit: 2, cursor });
    expect(second.items.map((c) => [c.clientId, c.serverId])).toEqual([["shadow-c", null]]);
    expect(second.nextCursor).toBeNull();
    expect(await readUnknownClientCount(security)).toBe(3);

    // Register: the new-credential form creates a credential with this client id and server.
    await fx.credential({ clientId: "shadow-a", authorizationServerId: server.id });
    expect((await readUnknownClients(security, {})).items.map((c) => c.clientId)).toEqual(["shadow-b", "shadow-c"]);
    expect(await readUnknownClientCount(security)).toBe(2);

    const auditor = (await fx.account("auditor")).ctx.actor;
    expect((await readUnknownClients(auditor, {})).mayRegister).toBe(false);
    const member = (await fx.account("member")).ctx.actor;
    await expect(readUnknownClients(member, {})).rejects.toBeInstanceOf(AppError);
    expect(await readUnknownClientCount(member)).toBeNull();
  });

  it("[USAGE] the dashboard's unused-scope and dormant counts equal the open findings", async () => {
    const { api, credential } = await grantedCredential();
    await seedUsageDaily(handle.db, [{ day: isoDay(before(95)), credentialId: credential.id, audience: api.audience, scope: "read", issued: 1 }]);
    await sweep(T);
    expect((await live(credential.id)).map((f) => f.ruleId).sort()).toEqual(["credential-dormant", "scope-unused"]);
    const dashboard = await readDashboard(handle.db, {}, { fresh: true }, T);
    const counts = await handle.db
      .select({ ruleId: findings.ruleId, n: sql<number>`count(*)::int`.mapWith(Number) })
      .from(findings)
      .where(and(inArray(findings.ruleId, ["scope-unused", "credential-dormant"]), eq(findings.status, "open")))
      .groupBy(findings.ruleId);
    const byRule = Object.fromEntries(counts.map((r) => [r.ruleId, r.n]));
    expect(byRule["scope-unused"] ?? 0).toBeGreaterThan(0);
    expect(byRule["credential-dormant"] ?? 0).toBeGreaterThan(0);
    expect(dashboard.summary.counts.findingsByRule["scope-unused"] ?? 0).toBe(byRule["scope-unused"] ?? 0);
    expect(dashboard.summary.counts.findingsByRule["credential-dormant"] ?? 0).toBe(byRule["credential-dormant"] ?? 0);
  });
});
