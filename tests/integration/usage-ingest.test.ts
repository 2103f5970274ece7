import { gzipSync } from "node:zlib";
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { rowsOf, type Db } from "@/db/client";
import { apiTokens, auditEvents, credentialGrants, credentialGrantScopes, usageClients, usageDaily, usageEvents } from "@/db/schema";
import { MAX_INGEST_BYTES, parseNdjson } from "@/lib/domain/usage/events";
import { rollUp, scopeUses, type ResolvedEvent } from "@/lib/domain/usage/rollup";
import { createApiToken } from "@/lib/server/api-tokens";
import { sweepPosture } from "@/lib/server/posture/sweep";
import { pruneUsageEvidence } from "@/lib/server/usage/retention";
import { createApiTokenInput } from "@/lib/validation/api-tokens";
import { POST as postEvents } from "@/app/api/v1/events/route";
import { POST as postOpa } from "@/app/api/v1/events/opa/route";
import { GET as listCredentialsRoute } from "@/app/api/v1/credentials/route";
import { drivers } from "../support/db";
import { expectAppError, suiteDatabase } from "../support/inventory";

// Requests go through the real route handlers with API tokens; the handlers' database is the test's.
const current = vi.hoisted(() => ({ db: undefined as Db | undefined }));
vi.mock("@/db", () => ({ getDb: () => Promise.resolve(current.db) }));
vi.mock("@/lib/server/session", () => ({ currentActor: () => Promise.resolve(null) }));

const noParams = { params: Promise.resolve({}) };
const ndjson = (lines: unknown[]) => lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n");
type Answer = { status: number; body: Record<string, unknown> & { error?: { code: string; message: string; details?: { lines?: { line: number; field: string; message: string }[] } } } };

async function answer(response: Response): Promise<Answer> {
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}

describe.each(drivers)("[USAGE] usage and decision ingest on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: true, appDb: current });
  let ingestToken: string;
  let apiToken: string;
  let issuer: string;
  let audience: string;
  let credentialId: string;
  let grantScopes: Record<string, string>;
  let seq = 0;
  const id = () => `e${++seq}-${Math.random().toString(36).slice(2, 8)}`;
  /** One instant for the tests that need the same rollup day (a batch run across midnight UTC would otherwise split them). */
  const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
  const recent = (minutesAgo = 5) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

  beforeAll(async () => {
    const security = await fx.account("security");
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    ingestToken = (await createApiToken(handle.db, security.ctx, createApiTokenInput.parse({ name: "collector", expiresAt, scope: "ingest", storage: "vault" }))).secret;
    apiToken = (await createApiToken(handle.db, security.ctx, createApiTokenInput.parse({ name: "ci", expiresAt, storage: "vault" }))).secret;
    const server = await fx.server();
    issuer = server.issuerUrl;
    const api = await fx.api();
    audience = api.audience;
    const credential = await fx.credential({ clientId: "known-client", authorizationServerId: server.id, grants: [{ apiId: api.id, scopeIds: api.scopes.map((s) => s.id) }] });
    credentialId = credential.credential.id;
    const rows = await handle.db
      .select({ scopeId: credentialGrantScopes.scopeId, name: sql<string>`(select name from api_scopes where id = ${credentialGrantScopes.scopeId})` })
      .from(credentialGrantScopes)
      .innerJoin(credentialGrants, eq(credentialGrants.id, credentialGrantScopes.grantId))
      .where(eq(credentialGrants.credentialId, credentialId));
    grantScopes = Object.fromEntries(rows.map((r) => [r.name, r.scopeId]));
  });

  function post(body: string | Uint8Array, init: { token?: string; type?: string; encoding?: string; path?: "events" | "opa" } = {}) {
    const path = init.path ?? "events";
    const headers: Record<string, string> = { authorization: `Bearer ${init.token ?? ingestToken}`, "content-type": init.type ?? (path === "opa" ? "application/json" : "application/x-ndjson") };
    if (init.encoding) headers["content-encoding"] = init.encoding;
    const request = new Request(`http://localhost:3000/api/v1/events${path === "opa" ? "/opa" : ""}`, { method: "POST", headers, body: typeof body === "string" ? body : new Uint8Array(body) });
    return (path === "opa" ? postOpa : postEvents)(request, noParams).then(answer);
  }
  const issued = (over: Record<string, unknown> = {}) => ({ id: id(), type: "token_issued", time: recent(), issuer, client_id: "known-client", audience, scopes: ["read"], expires_in: 3600, ...over });
  const decided = (over: Record<string, unknown> = {}) => ({ id: id(), type: "api_decision", time: recent(), issuer, client_id: "known-client", audience, scope: "read", decision: "allow", ...over });
  const counts = async () => ({
    raw: (await handle.db.select({ n: sql<number>`count(*)::int` }).from(usageEvents))[0]?.n ?? 0,
    daily: (await handle.db.select({ n: sql<number>`count(*)::int` }).from(usageDaily))[0]?.n ?? 0,
    clients: (await handle.db.select({ n: sql<number>`count(*)::int` }).from(usageClients))[0]?.n ?? 0,
  });
  const dailyOf = (subject: string, scope: string) => handle.db.select().from(usageDaily).where(and(eq(usageDaily.subject, subject), eq(usageDaily.scope, scope)));

  it("[USAGE] a batch is stored raw, rolled up per credential × API × scope × day, and audited once", async () => {
    const time = tenMinutesAgo;
    const lines = [issued({ time: time.toISOString(), scopes: ["read", "write"], expires_in: 7200 }), decided({ time: time.toISOString() }), decided({ decision: "deny", scope: "write", reason: "not today", time: time.toISOString() })];
    const before = await counts();
    const { status, body } = await post(ndjson(lines));
    expect(status).toBe(200);
    expect(body).toEqual({ received: 3, accepted: 3, duplicates: 0 });
    expect(await counts()).toMatchObject({ raw: before.raw + 3 });
    const [raw] = await handle.db.select().from(usageEvents).where(eq(usageEvents.eventId, `steward:${lines[2]?.id}`));
    expect(raw).toMatchObject({ source: "steward", kind: "api_decision", credentialId, decision: "deny", reason: "not today", scopes: ["write"], clientId: "known-client" });
    expect(raw?.apiId).not.toBeNull();
    expect((await dailyOf(credentialId, ""))[0]).toMatchObject({ issued: 1, maxTtlSeconds: 7200, audience, credentialId });
    expect((await dailyOf(credentialId, "read"))[0]).toMatchObject({ issued: 1, allowed: 1, denied: 0 });
    expect((await dailyOf(credentialId, "write"))[0]).toMatchObject({ issued: 1, allowed: 0, denied: 1 });
    const [client] = await handle.db.select().from(usageClients).where(eq(usageClients.clientId, "known-client"));
    expect(client).toMatchObject({ credentialId, issuer, events: 3, audiences: [audience] });
    const events = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "usage.ingested"));
    expect(events.at(-1)?.payload).toMatchObject({ source: "steward", received: 3, accepted: 3, duplicates: 0, tokenIssued: 1, allowed: 1, denied: 1, credentials: 1, unknownClients: 0, postureQueued: 1 });
    expect(events.at(-1)?.actorType).toBe("api_token");
  });

  it("[USAGE] new day-level evidence (a new rollup row, a scope's first use) queues the credential for the posture sweep's next tick; a repeat queues nothing", async () => {
    const checkedAt = async () => rowsOf<{ checked_at: string | null }>(await handle.db.execute(sql`select checked_at from credential_posture where credential_id = ${credentialId}`))[0]?.checked_at ?? null;
    const lastAudit = async () => (await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "usage.ingested"))).at(-1)?.payload as { postureQueued?: number } | undefined;
    await sweepPosture(handle.db, new Date(), { staleMs: 0 });
    const checked = await checkedAt();
    expect(checked).not.toBeNull();
    await post(ndjson([decided({ time: tenMinutesAgo.toISOString() })]));
    expect((await lastAudit())?.postureQueued).toBe(0);
    expect(await checkedAt()).toBe(checked);
    await post(ndjson([decided({ time: new Date(Date.now() - 2 * 86_400_000).toISOString() })]));
    expect((await lastAudit())?.postureQueued).toBe(1);
    expect(await checkedAt()).toBeNull();
    // The sweep with its usual staleness (checked within the hour is left alone) still takes the queued credential first.
    const sweptAt = new Date(Date.now() + 1000);
    await sweepPosture(handle.db, sweptAt, { maxBatches: 1, batchSize: 1 });
    expect(new Date(String(await checkedAt())).getTime()).toBe(sweptAt.getTime());
  });

  it("[USAGE] concurrent senders: batches touching the same rollup keys and scopes add up, and the same batch sent twice at once is stored once", async () => {
    // Noon UTC three days ago: the batches span 140 minutes, which from a late-evening start would cross midnight into another rollup day.
    const day = new Date(Date.now() - 3 * 86_400_000);
    day.setUTCHours(12, 0, 0, 0);
    const at = (minutes: number) => new Date(day.getTime() + minutes * 60_000).toISOString();
    const batch = (from: number) => Array.from({ length: 40 }, (_, i) => (i % 2 ? issued({ time: at(from + i), scopes: ["read", "write"] }) : decided({ time: at(from + i), scope: i % 4 ? "read" : "write" })));
    const [a, b] = [batch(0), batch(100)];
    const answers = await Promise.all([post(ndjson(a)), post(ndjson(b)), post(ndjson(a))]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(answers.map((r) => r.body.accepted).sort()).toEqual([0, 40, 40]);
    const dayOf = day.toISOString().slice(0, 10);
    const rows = await handle.db.select().from(usageDaily).where(and(eq(usageDaily.subject, credentialId), eq(usageDaily.day, dayOf)));
    const sum = (scope: string, field: "issued" | "allowed") => rows.filter((r) => r.scope === scope).reduce((n, r) => n + r[field], 0);
    expect({ issued: sum("", "issued"), readIssued: sum("read", "issued"), readAllowed: sum("read", "allowed"), writeAllowed: sum("write", "allowed") }).toEqual({ issued: 40, readIssued: 40, readAllowed: 20, writeAllowed: 20 });
  });

  it("[USAGE] the ingest statement's rollups, clients and last uses agree with the pure rollUp and scopeUses of the same events (seeded random batches with re-sends and repeats)", async () => {
    // Fresh subjects, so other tests' rows stay out of the comparison: two credentials (one named by
    // client id, with and without a trailing slash on the issuer; one by credential key), a client
    // Steward does not know, an audience it does not know, tokens without an audience.
    const api2 = await fx.api();
    const apiIds = new Map([[audience, (await handle.db.select({ id: sql<string>`id` }).from(sql`apis`).where(sql`audience = ${audience}`))[0]?.id ?? ""], [api2.audience, api2.id]]);
    const server = await fx.server();
    const issuer = server.issuerUrl;
    const byClient = await fx.credential({ clientId: "oracle-client", authorizationServerId: server.id, grants: [{ apiId: api2.id, scopeIds: api2.scopes.map((s) => s.id) }] });
    const byKey = await fx.credential({ grants: [{ apiId: api2.id, scopeIds: api2.scopes.map((s) => s.id) }] });
    const credentialIds = new Map([["oracle-client", byClient.credential.id]]);
    const keyIds = new Map([[byKey.credential.key, byKey.credential.id]]);
    let state = Number(process.env.PROPERTY_SEED ?? 20261207);
    console.log(`[USAGE] oracle seed=${state} (replay with PROPERTY_SEED=${state})`);
    // mulberry32: small, seeded, and its low bits are as random as its high ones.
    const rand = (n: number) => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)] as T;
    // Within the last few days: the retention test below counts what it prunes.
    const base = Date.now() - 3.5 * 86_400_000;
    const line = (n: number): Record<string, unknown> => {
      const time = new Date(base + rand(3 * 86_400) * 1000 + rand(1000)).toISOString();
      const who = pick([{ client_id: "oracle-client", issuer }, { client_id: "oracle-client", issuer: `${issuer}/` }, { credential: byKey.credential.key }, { client_id: "oracle-shadow", issuer }]);
      const aud = pick([audience, api2.audience, "https://oracle-unknown.example", undefined]);
      if (rand(3) === 0 && "client_id" in who) {
        return { id: `oracle-${n}`, type: "token_issued", time, ...who, audience: aud, scopes: pick([["read"], ["write"], ["read", "write"], []]), ...(rand(2) ? { expires_in: 60 * (1 + rand(120)) } : {}) };
      }
      return { id: `oracle-${n}`, type: "api_decision", time, ...who, audience: aud ?? audience, scope: pick(["read", "write", "admin"]), decision: rand(4) ? "allow" : "deny", ...(rand(2) ? { reason: "policy" } : {}) };
    };
    const sent: Record<string, unknown>[][] = [];
    let n = 0;
    for (let b = 0; b < 5; b++) {
      const batch = Array.from({ length: 40 + rand(60) }, () => line(++n));
      // Re-sends of earlier batches' events and repeats within the batch.
      for (const earlier of sent) for (const e of earlier) if (rand(8) === 0) batch.splice(rand(batch.length + 1), 0, e);
      for (let k = 0; k < 3; k++) batch.splice(rand(batch.length + 1), 0, pick(batch));
      sent.push(batch);
      expect((await post(ndjson(batch))).status).toBe(200);
    }
    // What the pure functions make of the same events: each id's first sending, resolved as the inventory would.
    const seen = new Set<string>();
    const events: ResolvedEvent[] = [];
    for (const e of parseNdjson(sent.map((b) => ndjson(b)).join("\n"), "steward", new Date()).events) {
      if (seen.has(e.eventId)) continue;
      seen.add(e.eventId);
      const viaClient = e.clientId === null ? undefined : credentialIds.get(e.clientId);
      events.push({ ...e, credentialId: viaClient ?? (e.credentialKey === null ? undefined : keyIds.get(e.credentialKey)) ?? null, apiId: e.audience === null ? null : (apiIds.get(e.audience) ?? null) });
    }
    expect(events.length).toBeGreaterThan(200);
    const expected = rollUp(events);
    const subjects = [...new Set(expected.daily.map((r) => r.subject))];
    expect(subjects.length).toBeGreaterThanOrEqual(3);
    const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
    const key = (r: { day: string; subject: string; audience: string; scope: string }) => `${r.day} ${r.subject} ${r.audience} ${r.scope}`;
    const stored = (await handle.db.select().from(usageDaily).where(inArray(usageDaily.subject, subjects)))
      .map((r) => ({ ...r, firstSeenAt: iso(r.firstSeenAt), lastSeenAt: iso(r.lastSeenAt) }))
      .sort((a, b) => key(a).localeCompare(key(b)));
    expect(stored).toEqual(expected.daily.map((r) => ({ ...r, firstSeenAt: iso(r.firstSeenAt), lastSeenAt: iso(r.lastSeenAt) })).sort((a, b) => key(a).localeCompare(key(b))));
    const clients = await handle.db.select().from(usageClients).where(inArray(usageClients.clientId, ["oracle-client", "oracle-shadow"]));
    const clientKey = (c: { issuer: string; clientId: string }) => `${c.issuer} ${c.clientId}`;
    expect(clients.map((c) => ({ ...c, firstSeenAt: iso(c.firstSeenAt), lastSeenAt: iso(c.lastSeenAt) })).sort((a, b) => clientKey(a).localeCompare(clientKey(b)))).toEqual(
      expected.clients.map((c) => ({ ...c, firstSeenAt: iso(c.firstSeenAt), lastSeenAt: iso(c.lastSeenAt) })).sort((a, b) => clientKey(a).localeCompare(clientKey(b))),
    );
    // Last uses: each granted scope's latest use among the uses that name its credential and API (or any API).
    const uses = scopeUses(events);
    const grantRows = rowsOf<{ credential_id: string; api_id: string; scope: string; last_used_at: string | Date | null }>(
      await handle.db.execute(sql`
        select g.credential_id, g.api_id, s.name as scope, gs.last_used_at
        from credential_grant_scopes gs join credential_grants g on g.id = gs.grant_id join api_scopes s on s.id = gs.scope_id
        where g.credential_id in (${byClient.credential.id}, ${byKey.credential.id})`),
    );
    expect(grantRows).toHaveLength(4);
    for (const g of grantRows) {
      const ats = uses.filter((u) => u.credentialId === g.credential_id && (u.anyApi || u.apiId === g.api_id) && u.scope === g.scope).map((u) => u.at);
      expect({ ...g, last_used_at: iso(g.last_used_at) }).toEqual({ ...g, last_used_at: ats.length ? ats.sort().at(-1) : null });
    }
  });

  it("[USAGE] quotes, backslashes, commas and braces in values are stored as sent", async () => {
    const odd = 'de"ni\\ed, {by} policy';
    const event = decided({ decision: "deny", reason: odd, scope: 'sc"ope,{x}' });
    expect((await post(ndjson([event]))).status).toBe(200);
    const [row] = await handle.db.select().from(usageEvents).where(eq(usageEvents.eventId, `steward:${event.id}`));
    expect(row).toMatchObject({ reason: odd, scopes: ['sc"ope,{x}'] });
  });

  it("[USAGE] a re-sent batch is a no-op: duplicates counted, raw rows and rollups unchanged", async () => {
    const lines = [issued(), decided(), { type: "api_decision", time: recent(), issuer, client_id: "known-client", audience, scope: "read", decision: "allow" }];
    expect((await post(ndjson(lines))).body).toEqual({ received: 3, accepted: 3, duplicates: 0 });
    const rollups = await handle.db.select().from(usageDaily).orderBy(usageDaily.subject, usageDaily.scope);
    const before = await counts();
    expect((await post(ndjson(lines))).body).toEqual({ received: 3, accepted: 0, duplicates: 3 });
    // Gzip and line order do not make it new either; the id-less line's hash is of its content.
    expect((await post(gzipSync(ndjson([...lines].reverse())), { encoding: "gzip" })).body).toEqual({ received: 3, accepted: 0, duplicates: 3 });
    expect(await counts()).toEqual(before);
    expect(await handle.db.select().from(usageDaily).orderBy(usageDaily.subject, usageDaily.scope)).toEqual(rollups);
    // The same id twice within one batch is one event.
    const twice = decided();
    expect((await post(ndjson([twice, twice]))).body).toEqual({ received: 2, accepted: 1, duplicates: 1 });
  });

  it("[USAGE] any bad line refuses the batch with 422 naming line and field, and nothing is written", async () => {
    const before = await counts();
    const audits = (await handle.db.select().from(auditEvents)).length;
    const { status, body } = await post(ndjson([issued(), decided({ decision: "perhaps" }), "", "{oops", decided({ client_id: undefined }), issued({ time: "not a time" })]));
    expect(status).toBe(422);
    expect(body.error?.code).toBe("INVALID_INPUT");
    expect(body.error?.details?.lines).toEqual([
      { line: 2, field: "decision", message: "must be allow or deny" },
      { line: 4, field: "line", message: "is not valid JSON" },
      { line: 5, field: "client_id", message: "client_id or credential is required" },
      { line: 6, field: "time", message: "must be an ISO 8601 date and time with a zone, e.g. 2026-12-01T10:00:00Z" },
    ]);
    expect(await counts()).toEqual(before);
    expect((await handle.db.select().from(auditEvents)).length).toBe(audits);
  });

  it("[USAGE] unknown fields are ignored", async () => {
    const line = { ...decided(), extra: "x", nested: { deep: [1, 2] }, trace_id: "abc" };
    expect((await post(ndjson([line]))).body).toEqual({ received: 1, accepted: 1, duplicates: 0 });
  });

  it("[USAGE] gzip accepted; bodies over 10 MB (sent or decompressed: a zip bomb) are 413, other encodings and media types 415", async () => {
    expect((await post(gzipSync(ndjson([decided()])), { encoding: "gzip" })).body).toMatchObject({ accepted: 1 });
    const bomb = gzipSync(Buffer.alloc(MAX_INGEST_BYTES + 1024, 0x20));
    expect(bomb.length).toBeLessThan(100_000);
    const bombed = await post(bomb, { encoding: "gzip" });
    expect([bombed.status, bombed.body.error?.code]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
    const big = await post(Buffer.alloc(MAX_INGEST_BYTES + 1, 0x20));
    expect(big.status).toBe(413);
    expect((await post(gzipSync("x").subarray(0, 5), { encoding: "gzip" })).status).toBe(400);
    expect((await post(ndjson([decided()]), { encoding: "br" })).status).toBe(415);
    expect((await post(ndjson([decided()]), { type: "text/csv" })).status).toBe(415);
  });

  it("[USAGE] an unknown client is kept as such: rollups under client:<issuer> <id>, listed in usage_clients without a credential", async () => {
    const { body } = await post(ndjson([issued({ client_id: "shadow-client", scopes: ["admin"] }), decided({ client_id: "shadow-client", audience: "https://not-in-inventory.example" })]));
    expect(body).toMatchObject({ accepted: 2 });
    const [client] = await handle.db.select().from(usageClients).where(eq(usageClients.clientId, "shadow-client"));
    expect(client).toMatchObject({ issuer, credentialId: null, events: 2, audiences: [audience, "https://not-in-inventory.example"].sort() });
    expect((await dailyOf(`client:${issuer} shadow-client`, "admin"))[0]).toMatchObject({ issued: 1, credentialId: null });
    const raw = await handle.db.select().from(usageEvents).where(eq(usageEvents.clientId, "shadow-client"));
    expect(raw.map((r) => r.credentialId)).toEqual([null, null]);
    expect(raw.find((r) => r.kind === "api_decision")?.apiId).toBeNull();
    // An issuer with a trailing slash is the same authorization server; a credential key names the credential too.
    expect((await post(ndjson([decided({ issuer: `${issuer}/`, scope: "write" }), decided({ client_id: undefined, issuer: undefined, credential: "no-such-key" })]))).body).toMatchObject({ accepted: 2 });
    expect((await handle.db.select().from(usageEvents).where(eq(usageEvents.issuer, `${issuer}/`)))[0]?.credentialId).toBe(credentialId);
  });

  it("[USAGE] last_used_at of a granted scope moves forward for allowed decisions and issued scopes, never for denials, never back", async () => {
    const read = grantScopes.read ?? "";
    const write = grantScopes.write ?? "";
    await handle.db.update(credentialGrantScopes).set({ lastUsedAt: null });
    const lastUsed = async (scopeId: string) => (await handle.db.select().from(credentialGrantScopes).where(eq(credentialGrantScopes.scopeId, scopeId)))[0]?.lastUsedAt ?? null;
    const versions = async () => rowsOf<{ n: number }>(await handle.db.execute(sql`select count(*)::int as n from history.row_versions where table_name = 'credential_grant_scopes'`))[0]?.n;
    const versionsBefore = await versions();
    const t1 = new Date(Date.now() - 30 * 60_000);
    await post(ndjson([decided({ scope: "write", decision: "deny", time: t1.toISOString() })]));
    expect(await lastUsed(write)).toBeNull();
    await post(ndjson([decided({ scope: "read", time: t1.toISOString() })]));
    expect((await lastUsed(read))?.getTime()).toBe(t1.getTime());
    await post(ndjson([decided({ scope: "read", time: new Date(t1.getTime() - 60_000).toISOString() })]));
    expect((await lastUsed(read))?.getTime()).toBe(t1.getTime());
    const t2 = new Date(t1.getTime() + 60_000);
    // A token issued without an audience marks the scope on whichever granted API has it.
    await post(ndjson([issued({ audience: undefined, scopes: ["write"], time: t2.toISOString() })]));
    expect((await lastUsed(write))?.getTime()).toBe(t2.getTime());
    // A scope's last use is evidence, not a change to what was granted: no point-in-time versions (design §8.6).
    expect(await versions()).toBe(versionsBefore);
  });

  it("[USAGE] OPA decision logs (gzip JSON array) map to decisions with id opa:<decision_id>; bad entries refuse the batch", async () => {
    const decision = (decisionId: string, result: unknown, input: Record<string, unknown> = {}) => ({
      decision_id: decisionId,
      path: "authz/allow",
      timestamp: recent(2).replace("Z", "123456Z"),
      input: { token: { azp: "known-client", iss: issuer, aud: [audience] }, action: "read", ...input },
      result,
      labels: { id: "opa-1" },
    });
    const batch = [decision("d-allow", true), decision("d-deny", { allow: false, reason: "missing scope" }, { scope: "write" })];
    const { status, body } = await post(gzipSync(JSON.stringify(batch)), { path: "opa", encoding: "gzip" });
    expect([status, body]).toEqual([200, { received: 2, accepted: 2, duplicates: 0 }]);
    const rows = await handle.db.select().from(usageEvents).where(eq(usageEvents.source, "opa"));
    expect(rows.map((r) => [r.eventId, r.decision, r.reason, r.credentialId, r.scopes]).sort()).toEqual([
      ["opa:d-allow", "allow", null, credentialId, ["read"]],
      ["opa:d-deny", "deny", "missing scope", credentialId, ["write"]],
    ]);
    expect((await post(JSON.stringify(batch), { path: "opa" })).body).toEqual({ received: 2, accepted: 0, duplicates: 2 });
    const bad = await post(JSON.stringify([decision("d-3", true), decision("d-4", "yes")]), { path: "opa" });
    expect(bad.status).toBe(422);
    expect(bad.body.error?.details?.lines).toEqual([{ line: 2, field: "result", message: "must be allow or deny" }]);
    expect(await handle.db.select().from(usageEvents).where(eq(usageEvents.eventId, "opa:d-3"))).toEqual([]);
  });

  it("[USAGE] token scopes: a normal token cannot ingest (403), an ingest token can do nothing else (403), only governors create ingest tokens", async () => {
    const normal = await post(ndjson([decided()]), { token: apiToken });
    expect([normal.status, normal.body.error?.message]).toEqual([403, "Only an ingest token may post usage events"]);
    const asIngest = await listCredentialsRoute(new Request("http://localhost:3000/api/v1/credentials", { headers: { authorization: `Bearer ${ingestToken}` } }), noParams).then(answer);
    expect([asIngest.status, asIngest.body.error?.message]).toEqual([403, "This is an ingest token: it may only post usage events"]);
    const withApiToken = await listCredentialsRoute(new Request("http://localhost:3000/api/v1/credentials", { headers: { authorization: `Bearer ${apiToken}` } }), noParams);
    expect(withApiToken.status).toBe(200);
    const denials = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "authz.denied"));
    expect(denials.map((d) => (d.payload as { path?: string }).path)).toEqual(expect.arrayContaining(["/api/v1/events", "/api/v1/credentials"]));
    const member = await fx.account("member");
    const refused = await createApiToken(handle.db, member.ctx, createApiTokenInput.parse({ name: "mine", expiresAt: new Date(Date.now() + 86_400_000).toISOString(), scope: "ingest" })).catch((e: unknown) => e);
    expectAppError(refused, "FORBIDDEN");
    const [row] = await handle.db.select().from(apiTokens).where(eq(apiTokens.name, "collector"));
    expect(row).toMatchObject({ scope: "ingest", readOnly: false });
  });

  it("[USAGE] retention: raw events past the window are dropped by the job, rollups kept until their own window", async () => {
    const old = new Date(Date.now() - 9 * 86_400_000);
    await post(ndjson([decided({ time: old.toISOString(), id: "old-one" })]));
    const oldDay = old.toISOString().slice(0, 10);
    expect(await handle.db.select().from(usageEvents).where(eq(usageEvents.eventId, "steward:old-one"))).toHaveLength(1);
    const before = await counts();
    const result = await pruneUsageEvidence(handle.db, new Date(), { rawDays: 7, rollupDays: 400 });
    expect(result.rawEvents).toBe(1);
    expect(await handle.db.select().from(usageEvents).where(eq(usageEvents.eventId, "steward:old-one"))).toEqual([]);
    expect((await counts()).daily).toBe(before.daily);
    expect((await handle.db.select().from(usageDaily).where(eq(usageDaily.day, oldDay))).length).toBeGreaterThan(0);
    const [event] = (await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "usage.pruned"))).slice(-1);
    expect(event?.payload).toMatchObject({ rawEvents: 1, rollupRows: 0, rawRetentionDays: 7 });
    // Rollups past their window go too; a run with nothing to drop writes no audit event.
    expect((await pruneUsageEvidence(handle.db, new Date(Date.now() + 400 * 86_400_000), { rawDays: 7, rollupDays: 400 })).rollupRows).toBeGreaterThan(0);
    const audits = (await handle.db.select().from(auditEvents)).length;
    expect(await pruneUsageEvidence(handle.db, new Date(Date.now() + 400 * 86_400_000), { rawDays: 7, rollupDays: 400 })).toEqual({ rawEvents: 0, rollupRows: 0 });
    expect((await handle.db.select().from(auditEvents)).length).toBe(audits);
  });
});
