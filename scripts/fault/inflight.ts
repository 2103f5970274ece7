import { randomUUID } from "node:crypto";
import postgres from "postgres";
import type { App } from "./app";
import { call, expectStatus, type Auth } from "./client";
import type { Cluster } from "./cluster";
import { auditChain } from "./db-state";
import type { Report } from "./report";

/**
 * Scenario "PostgreSQL killed under writes": client workers keep writing (new teams, which have a
 * unique name, and new secrets on one credential, which have nothing unique but the marker the
 * test puts in storageRef) while PostgreSQL is killed (`pg_ctl stop -m immediate`: no checkpoint,
 * connections cut) and restarted, twice. Each write has its own Idempotency-Key and is retried
 * with it until it is acknowledged (2xx). Afterwards: every acknowledged write is in the database
 * exactly once, under the id the client was told, no write is there twice, every write has exactly
 * one audit event, and the audit chain verifies.
 */
const SCENARIO = "PostgreSQL killed under writes";
const WORKERS = 6;
const RETRY_EVERY_MS = 150;
const GIVE_UP_AFTER_MS = 30_000;

type Write = {
  kind: "team" | "secret";
  marker: string;
  key: string;
  attempts: number;
  statuses: string[];
  acked: { status: number; id: string; replayed: boolean } | null;
  inFlightAtKill: boolean;
};

export async function inflightScenario(report: Report, cluster: Cluster, app: App, auth: Auth, databaseUrl: string): Promise<void> {
  const run = randomUUID().slice(0, 8);
  const credential = await expectStatus<{ id: string }>(
    call(app.base, auth, "POST", "/api/v1/credentials", { body: { name: `fault-inflight-${run}`, kind: "api_key", environment: "development" } }),
    201,
    "create the credential the secrets are added to",
  );

  const writes: Write[] = [];
  const inFlight = new Set<Write>();
  let stopIssuing = false;
  let unexpected500 = 0;

  const perform = async (w: Write) => {
    const started = Date.now();
    inFlight.add(w);
    try {
      while (Date.now() - started < GIVE_UP_AFTER_MS) {
        w.attempts += 1;
        const path = w.kind === "team" ? "/api/v1/teams" : `/api/v1/credentials/${credential.id}/secrets`;
        const body = w.kind === "team" ? { name: w.marker, kind: "application" } : { kind: "api_key", storage: "vault", storageRef: w.marker, issuedAt: "2025-01-01T00:00:00.000Z" };
        try {
          const a = await call(app.base, auth, "POST", path, { body, headers: { "idempotency-key": w.key }, timeoutMs: 10_000 });
          w.statuses.push(String(a.status));
          if (a.status >= 200 && a.status < 300) {
            w.acked = { status: a.status, id: (a.body as { id: string }).id, replayed: a.headers.get("idempotent-replayed") === "true" };
            return;
          }
          if (a.status === 500) unexpected500 += 1;
          // 503 (database away), 409 (the same key still in progress), 500 (counted as a failure above): retry with the key.
          if (a.status !== 503 && a.status !== 409 && a.status !== 500) {
            w.statuses.push(`gave up: ${a.text.slice(0, 200)}`);
            return;
          }
        } catch (error) {
          w.statuses.push(error instanceof Error ? error.name : "error");
        }
        await new Promise((r) => setTimeout(r, RETRY_EVERY_MS));
      }
    } finally {
      inFlight.delete(w);
    }
  };

  const worker = async (n: number) => {
    for (let i = 0; !stopIssuing; i++) {
      const w: Write = { kind: i % 2 === 0 ? "team" : "secret", marker: `fault-w-${run}-${n}-${i}`, key: randomUUID(), attempts: 0, statuses: [], acked: null, inFlightAtKill: false };
      writes.push(w);
      await perform(w);
    }
  };

  const started = performance.now();
  const workers = Array.from({ length: WORKERS }, (_, n) => worker(n));
  const kills: { inFlight: number; downMs: number }[] = [];
  for (let cycle = 0; cycle < 2; cycle++) {
    await new Promise((r) => setTimeout(r, 1500));
    for (const w of inFlight) w.inFlightAtKill = true;
    const inFlightNow = inFlight.size;
    const killedAt = performance.now();
    cluster.stop("immediate");
    await new Promise((r) => setTimeout(r, 1500));
    cluster.start();
    kills.push({ inFlight: inFlightNow, downMs: Math.round(performance.now() - killedAt) });
  }
  await new Promise((r) => setTimeout(r, 1500));
  stopIssuing = true;
  await Promise.all(workers);
  const elapsedMs = performance.now() - started;

  // What the database holds.
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
  const prefix = `fault-w-${run}-%`;
  let teams: { id: string; name: string }[];
  let secrets: { id: string; marker: string }[];
  let events: { target: string; n: number }[];
  try {
    teams = await sql<{ id: string; name: string }[]>`select id, name from teams where name like ${prefix}`;
    secrets = await sql<{ id: string; marker: string }[]>`select id, storage_ref as marker from secrets where storage_ref like ${prefix}`;
    // A team's event targets the team; a secret's targets its credential and names the secret in the payload.
    events = (
      await sql<{ target: string; n: string }[]>`select case when action = 'secret.created' then payload->>'secretId' else target_id end as target, count(*)::text as n
        from audit_events where action in ('team.created', 'secret.created') group by 1`
    ).map((r) => ({ target: r.target, n: Number(r.n) }));
  } finally {
    await sql.end({ timeout: 5 });
  }
  const rowsByMarker = new Map<string, string[]>();
  for (const t of teams) rowsByMarker.set(t.name, [...(rowsByMarker.get(t.name) ?? []), t.id]);
  for (const s of secrets) rowsByMarker.set(s.marker, [...(rowsByMarker.get(s.marker) ?? []), s.id]);
  const eventsByTarget = new Map(events.map((e) => [e.target, e.n]));

  const acked = writes.filter((w) => w.acked);
  const unacked = writes.filter((w) => !w.acked);
  const missing = acked.filter((w) => !(rowsByMarker.get(w.marker) ?? []).includes(w.acked?.id ?? ""));
  const duplicated = writes.filter((w) => (rowsByMarker.get(w.marker) ?? []).length > 1);
  const presentButUnacked = unacked.filter((w) => (rowsByMarker.get(w.marker) ?? []).length > 0);
  const eventProblems = [...rowsByMarker.values()].flat().filter((id) => eventsByTarget.get(id) !== 1);
  const replayed = acked.filter((w) => w.acked?.replayed).length;
  const retried = writes.filter((w) => w.attempts > 1).length;

  report.check(SCENARIO, "writes were in flight when PostgreSQL was killed", kills.every((k) => k.inFlight > 0), kills.map((k, i) => `kill ${i + 1}: ${k.inFlight} in flight, down ${k.downMs} ms`).join("; "));
  report.check(SCENARIO, "every write is acknowledged in the end (clients retry with their Idempotency-Key)", unacked.length === 0, unacked.length === 0 ? `${acked.length} acknowledged, ${retried} needed retries` : `${unacked.length} never acknowledged, e.g. ${unacked.slice(0, 2).map((w) => `${w.marker}: ${w.statuses.join(",")}`).join("; ")}`);
  report.check(SCENARIO, "every acknowledged write is present, under the id the client was given", missing.length === 0, missing.length === 0 ? `${acked.length} present` : `${missing.length} missing, e.g. ${missing.slice(0, 3).map((w) => w.marker).join(", ")}`);
  report.check(SCENARIO, "no write is applied twice", duplicated.length === 0 && presentButUnacked.length === 0, duplicated.length === 0 ? `0 duplicated (${replayed} answers were replays of a write committed before its answer was lost)` : `${duplicated.length} duplicated, e.g. ${duplicated.slice(0, 3).map((w) => w.marker).join(", ")}`);
  report.check(SCENARIO, "every write has exactly one audit event", eventProblems.length === 0, eventProblems.length === 0 ? `${rowsByMarker.size} writes, each with one event` : `${eventProblems.length} rows without exactly one event`);
  report.check(SCENARIO, "no answer was 500 during the outages (503 it is)", unexpected500 === 0, `${unexpected500} answers were 500`);
  const chain = await auditChain(databaseUrl);
  report.check(SCENARIO, "the audit chain verifies after the crashes", chain.ok, `${chain.checked} events, ${chain.detail}`);

  report.measure(SCENARIO, {
    workers: WORKERS,
    writes: writes.length,
    acknowledged: acked.length,
    present: acked.length - missing.length,
    duplicated: duplicated.length,
    retriedWrites: retried,
    replayedAnswers: replayed,
    inFlightAtKills: kills.map((k) => k.inFlight),
    statusesSeen: Object.fromEntries(Object.entries(writes.flatMap((w) => w.statuses).reduce<Record<string, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {}))),
    elapsedMs: Math.round(elapsedMs),
  });
}
