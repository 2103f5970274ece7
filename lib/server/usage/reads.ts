import "server-only";
import { apiNamesFor, countUnknownClients, hasUsageEvidence, listUnknownClients, recentDenials, usageByScope, usageDays } from "@/db/queries/usage";
import { encodeUnknownClientCursor, type UnknownClientCursor } from "@/lib/validation/usage";
import { addDays } from "@/lib/domain/due-dates";
import { can } from "@/lib/authz/permissions";
import type { Actor } from "../context";
import { readerDb } from "../reads";

/**
 * Reads behind the credential page's Usage tab, the Unknown clients page and the dashboard's usage
 * figures (DESIGN §5.4): the data access layer for those server components, plain DTOs out.
 */

export const SPARKLINE_DAYS = 30;
const DENIALS_SHOWN = 20;

export type UsageSeriesPoint = { day: string; allowed: number; denied: number };
export type CredentialUsageRow = {
  audience: string;
  apiId: string | null;
  apiName: string | null;
  scope: string;
  lastUsedAt: string | null;
  lastDeniedAt: string | null;
  issued: number;
  allowed: number;
  denied: number;
  /** One point per day, oldest first, the last {@link SPARKLINE_DAYS} days (today included). */
  series: UsageSeriesPoint[];
};
export type CredentialDenial = { id: string; occurredAt: string; audience: string | null; apiName: string | null; scope: string | null; reason: string | null; source: string };
export type CredentialUsage = { hasEvidence: boolean; rows: CredentialUsageRow[]; denials: CredentialDenial[] };

const dayKeys = (now: Date): string[] => Array.from({ length: SPARKLINE_DAYS }, (_, i) => addDays(now, i - (SPARKLINE_DAYS - 1)).toISOString().slice(0, 10));

/** A credential's use per API and scope with a 30-day allow/deny series, and its recent denied decisions. */
export async function readCredentialUsage(actor: Actor, credentialId: string, now: Date = new Date()): Promise<CredentialUsage> {
  const db = await readerDb(actor, "inventory:read");
  const days = dayKeys(now);
  const [hasEvidence, scopes, daily, denials] = await Promise.all([
    hasUsageEvidence(db, credentialId),
    usageByScope(db, credentialId),
    usageDays(db, credentialId, new Date(`${days[0] ?? ""}T00:00:00Z`)),
    recentDenials(db, credentialId, DENIALS_SHOWN),
  ]);
  if (!hasEvidence) return { hasEvidence, rows: [], denials: [] };
  const names = await apiNamesFor(db, [...new Set([...scopes.map((s) => s.audience), ...denials.map((d) => d.audience ?? "")].filter((a) => a !== ""))]);
  const byKey = new Map<string, Map<string, UsageSeriesPoint>>();
  for (const d of daily) {
    const key = `${d.audience}\u0000${d.scope}`;
    const series = byKey.get(key) ?? new Map<string, UsageSeriesPoint>();
    series.set(d.day, { day: d.day, allowed: d.allowed, denied: d.denied });
    byKey.set(key, series);
  }
  return {
    hasEvidence,
    // Scope "" rows count token issuance as such; the table shows scopes (a token's scopes have their own rows).
    rows: scopes
      .filter((s) => s.scope !== "")
      .map((s) => {
        const api = names.get(s.audience);
        const series = byKey.get(`${s.audience}\u0000${s.scope}`);
        return {
          audience: s.audience,
          apiId: api?.id ?? null,
          apiName: api?.name ?? null,
          scope: s.scope,
          lastUsedAt: s.lastUsedAt?.toISOString() ?? null,
          lastDeniedAt: s.lastDeniedAt?.toISOString() ?? null,
          issued: s.issued,
          allowed: s.allowed,
          denied: s.denied,
          series: days.map((day) => series?.get(day) ?? { day, allowed: 0, denied: 0 }),
        };
      }),
    denials: denials.map((d) => ({
      id: d.id,
      occurredAt: d.occurredAt.toISOString(),
      audience: d.audience,
      apiName: d.audience ? (names.get(d.audience)?.name ?? null) : null,
      scope: d.scopes[0] ?? null,
      reason: d.reason,
      source: d.source,
    })),
  };
}

export type UnknownClient = {
  issuer: string;
  clientId: string;
  firstSeenAt: string;
  lastSeenAt: string;
  events: number;
  audiences: string[];
  /** The inventory's authorization server with this issuer, to prefill the registration. */
  serverId: string | null;
  serverName: string | null;
};

/** Clients seen at a token endpoint or an API that match no credential (shadow NHIs), keyset paged; whether the viewer may register them. */
export async function readUnknownClients(actor: Actor, options: { cursor?: UnknownClientCursor | undefined; limit?: number } = {}) {
  const db = await readerDb(actor, "usage:read");
  const page = await listUnknownClients(db, { cursor: options.cursor, limit: options.limit ?? 50 });
  return {
    items: page.items.map(
      (c): UnknownClient => ({ ...c, firstSeenAt: c.firstSeenAt.toISOString(), lastSeenAt: c.lastSeenAt.toISOString(), audiences: [...c.audiences].sort() }),
    ),
    nextCursor: page.next ? encodeUnknownClientCursor(page.next) : null,
    mayRegister: can(actor.role, "credential:write"),
  };
}

/** The dashboard's usage figure beside the finding counts: unknown clients (null when the viewer may not see them). */
export async function readUnknownClientCount(actor: Actor): Promise<number | null> {
  if (!can(actor.role, "usage:read")) return null;
  return countUnknownClients(await readerDb(actor, "usage:read"));
}
