import type { UsageEvent } from "./events";

/**
 * The in-memory rollup of one ingest request (DESIGN §8.7), pure: new events → one row per
 * day × subject × audience × scope and one per client seen, so the database gets one upsert per
 * distinct key, not per event. A token issuance counts under scope "" and under each granted scope;
 * a decision under its scope. A row's issuer and client id are the least (code-point order) its
 * events name, "" when none names one.
 *
 * The specification of the ingest statement (lib/server/usage/ingest.ts), which rolls up in the
 * database: tests/integration/usage-ingest.test.ts checks the two agree on random batches.
 */
export type ResolvedEvent = UsageEvent & { credentialId: string | null; apiId: string | null };

export type DailyRow = {
  day: string;
  subject: string;
  credentialId: string | null;
  issuer: string;
  clientId: string;
  audience: string;
  apiId: string | null;
  scope: string;
  issued: number;
  allowed: number;
  denied: number;
  firstSeenAt: string;
  lastSeenAt: string;
  maxTtlSeconds: number | null;
};

export type ClientRow = { issuer: string; clientId: string; credentialId: string | null; firstSeenAt: string; lastSeenAt: string; events: number; audiences: string[] };

/** Who the counts belong to: the credential, else the client as the event names it (a client not in the inventory). */
export function subjectOf(e: Pick<ResolvedEvent, "credentialId" | "issuer" | "clientId" | "credentialKey">): string {
  if (e.credentialId) return e.credentialId;
  if (e.clientId !== null) return `client:${e.issuer ?? ""} ${e.clientId}`;
  return `key:${e.credentialKey ?? ""}`;
}

const dayOf = (at: Date) => at.toISOString().slice(0, 10);
const minIso = (a: string, b: string) => (a <= b ? a : b);
const maxIso = (a: string, b: string) => (a >= b ? a : b);
/** The least of a row's value ("" = none yet) and an event's (null = none). */
const least = (current: string, next: string | null) => (next === null ? current : current === "" || next < current ? next : current);

export function rollUp(events: readonly ResolvedEvent[]): { daily: DailyRow[]; clients: ClientRow[] } {
  const daily = new Map<string, DailyRow>();
  const clients = new Map<string, ClientRow & { audienceSet: Set<string> }>();
  for (const e of events) {
    const at = e.occurredAt.toISOString();
    const day = dayOf(e.occurredAt);
    const subject = subjectOf(e);
    const audience = e.audience ?? "";
    const scopes = e.kind === "token_issued" ? ["", ...e.scopes] : e.scopes;
    for (const scope of scopes) {
      const key = `${day}\u0000${subject}\u0000${audience}\u0000${scope}`;
      let row = daily.get(key);
      if (!row) {
        row = { day, subject, credentialId: e.credentialId, issuer: e.issuer ?? "", clientId: e.clientId ?? "", audience, apiId: e.apiId, scope, issued: 0, allowed: 0, denied: 0, firstSeenAt: at, lastSeenAt: at, maxTtlSeconds: null };
        daily.set(key, row);
      }
      row.issuer = least(row.issuer, e.issuer);
      row.clientId = least(row.clientId, e.clientId);
      if (e.kind === "token_issued") row.issued += 1;
      else if (e.decision === "allow") row.allowed += 1;
      else row.denied += 1;
      row.firstSeenAt = minIso(row.firstSeenAt, at);
      row.lastSeenAt = maxIso(row.lastSeenAt, at);
      if (e.expiresInSeconds !== null) row.maxTtlSeconds = Math.max(row.maxTtlSeconds ?? 0, e.expiresInSeconds);
    }
    if (e.clientId !== null) {
      const issuer = e.issuer ?? "";
      const key = `${issuer}\u0000${e.clientId}`;
      let c = clients.get(key);
      if (!c) {
        c = { issuer, clientId: e.clientId, credentialId: e.credentialId, firstSeenAt: at, lastSeenAt: at, events: 0, audiences: [], audienceSet: new Set() };
        clients.set(key, c);
      }
      c.events += 1;
      c.firstSeenAt = minIso(c.firstSeenAt, at);
      c.lastSeenAt = maxIso(c.lastSeenAt, at);
      c.credentialId ??= e.credentialId;
      if (e.audience !== null) c.audienceSet.add(e.audience);
    }
  }
  return {
    daily: [...daily.values()],
    clients: [...clients.values()].map(({ audienceSet, ...c }) => ({ ...c, audiences: [...audienceSet].sort() })),
  };
}

/** Scope uses that move `credential_grant_scopes.last_used_at`: allowed decisions and issued scopes of known credentials. */
export type ScopeUse = { credentialId: string; apiId: string | null; anyApi: boolean; scope: string; at: string };

export function scopeUses(events: readonly ResolvedEvent[]): ScopeUse[] {
  const uses = new Map<string, ScopeUse>();
  for (const e of events) {
    if (!e.credentialId) continue;
    if (e.kind === "api_decision" && e.decision !== "allow") continue;
    // An audience Steward does not know names no grant; no audience (a token without one) may be any of the credential's APIs.
    if (e.audience !== null && e.apiId === null) continue;
    const at = e.occurredAt.toISOString();
    for (const scope of e.scopes) {
      const key = `${e.credentialId}\u0000${e.apiId ?? ""}\u0000${scope}`;
      const seen = uses.get(key);
      if (!seen) uses.set(key, { credentialId: e.credentialId, apiId: e.apiId, anyApi: e.audience === null, scope, at });
      else seen.at = maxIso(seen.at, at);
    }
  }
  return [...uses.values()];
}
