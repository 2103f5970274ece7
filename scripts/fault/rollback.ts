import { randomUUID } from "node:crypto";
import http from "node:http";
import postgres from "postgres";
import { allEndpoints } from "../../lib/api/endpoints";
import type { App } from "./app";
import { call, expectStatus, firstAdmin, signInSession, type Answer, type Auth } from "./client";
import { changedTables, snapshotTables } from "./db-state";
import { fixtures, httpHelpers, type Kit, type Prepared } from "./rollback-fixtures";
import type { Report } from "./report";

/**
 * Scenario "audit insert refused": a trigger installed by the test makes every insert into
 * audit_events raise. Each mutating endpoint (every non-GET endpoint of allEndpoints, so a new one
 * is covered or fails for want of a fixture) is called with a request that reaches its write: the
 * answer must be an error envelope (no 2xx), the server log must show the refused audit insert
 * for that request id (the write was reached), and no table may differ. Then, with the trigger
 * gone, the same request with the same Idempotency-Key must succeed fresh (the failed attempt
 * rolled back its key too) and write an audit event.
 */
const SCENARIO = "audit insert refused";
const REFUSAL = "fault test: audit insert refused";

async function discoveryServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const issuer = `http://127.0.0.1:${String((server.address() as { port: number }).port)}`;
    if (req.url === "/.well-known/openid-configuration" || req.url === "/.well-known/oauth-authorization-server") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ issuer, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`, grant_types_supported: ["client_credentials"], token_endpoint_auth_methods_supported: ["client_secret_basic"] }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${String((server.address() as { port: number }).port)}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function fillPath(template: string, params: Record<string, string> | undefined): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`the fixture gives no value for path parameter {${name}}`);
    return encodeURIComponent(value);
  });
}

async function send(k: Kit, method: string, path: string, p: Prepared, key: string, requestId: string): Promise<Answer> {
  const auth: Auth | null = p.as === "anonymous" ? null : p.as === "security" ? k.security : k.admin;
  const headers: Record<string, string> = { "idempotency-key": key, "x-request-id": requestId };
  if (p.as === "anonymous") headers.origin = k.base;
  if (p.raw) {
    const res = await fetch(`${k.base}${path}`, { method, headers: { ...headers, "content-type": p.raw.contentType, ...(auth && "cookie" in auth ? { cookie: auth.cookie, origin: auth.origin } : {}) }, body: p.raw.text, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // NDJSON or empty
    }
    return { status: res.status, headers: res.headers, body, text, ms: 0, requestId };
  }
  return call(k.base, auth, method, path, { body: p.body, headers });
}

async function auditCount(sql: postgres.Sql): Promise<number> {
  const [row] = await sql<{ n: string }[]>`select count(*)::text as n from audit_events`;
  return Number(row?.n ?? 0);
}

export async function rollbackScenario(report: Report, app: App, databaseUrl: string, issuer: { url: string }): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
  try {
    const admin = await firstAdmin(app.base, databaseUrl);
    const adminHttp = httpHelpers(app.base, admin.session);
    const securityEmail = `fault-security-${randomUUID().slice(0, 8)}@fault.example`;
    const invited = await adminHttp.post<{ inviteUrl: string }>("/api/v1/users", { email: securityEmail, name: "Fault security", role: "security" });
    const securityPassword = "security password long enough";
    await expectStatus(call(app.base, null, "POST", "/api/v1/auth/set-password", { body: { token: new URL(invited.inviteUrl).searchParams.get("token"), password: securityPassword }, headers: { origin: app.base } }), 200, "set the security user's password");
    const security = await signInSession(app.base, securityEmail, securityPassword);
    const [person] = await sql<{ id: string }[]>`select id from people where email = ${admin.email}`;
    if (!person) throw new Error("the admin has no person");
    let n = 0;
    const kit: Kit = {
      base: app.base,
      sql,
      admin: admin.session,
      security,
      adminPersonId: person.id,
      issuerUrl: issuer.url,
      u: (prefix) => `${prefix}-${Date.now().toString(36)}-${(n += 1)}`,
      ...adminHttp,
      credential: async (owner) => {
        const c = await adminHttp.post("/api/v1/credentials", { name: kit.u("Fault client"), kind: "oauth_client", environment: "development", clientId: kit.u("client"), ownerId: owner ?? person.id });
        const s = await adminHttp.post(`/api/v1/credentials/${c.id}/secrets`, { kind: "client_secret", storage: "vault", issuedAt: "2025-01-01T00:00:00.000Z" });
        return { id: c.id, secretId: s.id };
      },
    };

    await sql.unsafe(`create or replace function fault_refuse_audit() returns trigger language plpgsql as $$ begin raise exception '${REFUSAL}'; end $$`);
    const refuse = () => sql.unsafe("create trigger fault_refuse_audit before insert on audit_events for each row execute function fault_refuse_audit()");
    const allow = () => sql.unsafe("drop trigger if exists fault_refuse_audit on audit_events");

    const mutating = allEndpoints.filter((e) => e.method !== "GET");
    const known = new Set<string>(mutating.map((e) => e.operationId));
    for (const stale of Object.keys(fixtures).filter((id) => !known.has(id))) {
      report.check(SCENARIO, `${stale}: fixture names a mutating endpoint that exists`, false, "no such non-GET endpoint in allEndpoints: remove or rename the fixture");
    }
    let covered = 0;
    for (const endpoint of mutating) {
      const name = `${endpoint.operationId} (${endpoint.method} ${endpoint.path})`;
      const fixture = fixtures[endpoint.operationId];
      if (!fixture) {
        report.check(SCENARIO, name, false, "no fixture in scripts/fault/rollback-fixtures.ts: every mutating endpoint needs one");
        continue;
      }
      const started = performance.now();
      try {
        const prepared = await fixture.prepare(kit);
        const path = `${fillPath(endpoint.path, prepared.params)}${prepared.query ? `?${prepared.query}` : ""}`;
        const key = randomUUID();
        const refusedId = `fault-${randomUUID()}`;
        const before = await snapshotTables(sql);
        const auditsBefore = await auditCount(sql);
        await refuse();
        let refused: Answer;
        try {
          refused = await send(kit, endpoint.method, path, prepared, key, refusedId);
        } finally {
          await allow();
        }
        const after = await snapshotTables(sql);
        const changed = changedTables(before, after).filter((c) => !prepared.allowChanged?.[c.table]);
        const problems: string[] = [];
        if (changed.length > 0) problems.push(`tables changed: ${changed.map((c) => `${c.table} ${c.before}→${c.after} rows`).join(", ")}`);
        const envelope = refused.body as { error?: { code?: string; requestId?: string } } | null;
        if (fixture.readOnly) {
          if (refused.status < 200 || refused.status > 299) problems.push(`a read-only POST (${fixture.readOnly}) answered ${refused.status}: ${refused.text.slice(0, 200)}`);
        } else {
          if (refused.status >= 200 && refused.status < 300) problems.push(`answered ${refused.status} although its audit insert was refused: ${refused.text.slice(0, 200)}`);
          if (typeof envelope?.error?.code !== "string") problems.push(`no error envelope: ${refused.status} ${refused.text.slice(0, 200)}`);
          // Give the log a moment to be flushed, then look for the refused insert under this request id.
          await new Promise((r) => setTimeout(r, 50));
          const lines = app.log().split("\n").filter((l) => l.includes(refusedId));
          if (!lines.some((l) => l.includes("audit_events") || l.includes(REFUSAL))) problems.push(`the server log does not show the refused audit insert for request ${refusedId} (${refused.status} ${refused.text.slice(0, 160)}): the write was not reached`);
        }
        // The same request, audit working, same key: a fresh success that writes its audit event.
        const ok = await send(kit, endpoint.method, path, prepared, key, `fault-${randomUUID()}`);
        if (ok.status < 200 || ok.status > 299) problems.push(`with audit working the same request answered ${ok.status}: ${ok.text.slice(0, 300)}`);
        if (ok.headers.get("idempotent-replayed") === "true") problems.push("with audit working the same key was replayed: the failed attempt left its key behind");
        const extra = fixture.verify?.(ok.text);
        if (extra) problems.push(extra);
        if (!fixture.readOnly && (await auditCount(sql)) <= auditsBefore) problems.push("with audit working it wrote no audit event");
        const detail = fixture.readOnly
          ? `read-only (${fixture.readOnly}): ${refused.status}, nothing changed`
          : `refused → ${refused.status} ${envelope?.error?.code ?? "?"}, nothing changed${prepared.allowChanged ? ` (allowed: ${Object.keys(prepared.allowChanged).join(", ")})` : ""}; then ${ok.status}`;
        if (report.check(SCENARIO, name, problems.length === 0, problems.length === 0 ? detail : problems.join("; "), performance.now() - started) && !fixture.readOnly) covered++;
      } catch (error) {
        await allow().catch(() => undefined);
        report.check(SCENARIO, name, false, error instanceof Error ? error.message : String(error), performance.now() - started);
      }
    }
    report.measure(SCENARIO, { mutatingEndpoints: mutating.length, rolledBackOnRefusedAudit: covered, readOnly: mutating.filter((e) => fixtures[e.operationId]?.readOnly).map((e) => e.operationId) });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export { discoveryServer };
