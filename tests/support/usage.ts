import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { usageClients, usageDaily, usageEvents } from "@/db/schema";

/**
 * Seeds the usage tables directly (DESIGN §5.4), as ingest would leave them, so the posture rules,
 * the Usage tab and the Unknown clients page are tested without depending on the ingest endpoint.
 */
export type DailySeed = {
  day: string;
  credentialId?: string | null;
  issuer?: string;
  clientId?: string;
  audience?: string;
  apiId?: string | null;
  scope?: string;
  issued?: number;
  allowed?: number;
  denied?: number;
  maxTtlSeconds?: number | null;
  /** Default: noon of `day`. */
  lastSeenAt?: Date;
};

export function seedUsageDaily(db: Db, rows: readonly DailySeed[]) {
  return db.insert(usageDaily).values(
    rows.map((r) => {
      const seen = r.lastSeenAt ?? new Date(`${r.day}T12:00:00.000Z`);
      const issuer = r.issuer ?? "";
      const clientId = r.clientId ?? "";
      return {
        day: r.day,
        subject: r.credentialId ?? `client:${issuer} ${clientId}`,
        credentialId: r.credentialId ?? null,
        issuer,
        clientId,
        audience: r.audience ?? "",
        apiId: r.apiId ?? null,
        scope: r.scope ?? "",
        issued: r.issued ?? 0,
        allowed: r.allowed ?? 0,
        denied: r.denied ?? 0,
        firstSeenAt: seen,
        lastSeenAt: seen,
        maxTtlSeconds: r.maxTtlSeconds ?? null,
      };
    }),
  );
}

let seq = 0;
export type EventSeed = {
  credentialId?: string | null;
  kind?: "token_issued" | "api_decision";
  occurredAt: Date;
  issuer?: string;
  clientId?: string;
  audience?: string;
  scopes?: string[];
  decision?: "allow" | "deny" | null;
  reason?: string | null;
};

export function seedUsageEvents(db: Db, rows: readonly EventSeed[]) {
  return db.insert(usageEvents).values(
    rows.map((r) => ({
      eventId: `test:${String(++seq)}:${Math.random().toString(36).slice(2)}`,
      source: "test",
      kind: r.kind ?? ("api_decision" as const),
      occurredAt: r.occurredAt,
      issuer: r.issuer ?? null,
      clientId: r.clientId ?? null,
      credentialId: r.credentialId ?? null,
      audience: r.audience ?? null,
      scopes: r.scopes ?? [],
      decision: r.decision ?? null,
      reason: r.reason ?? null,
    })),
  );
}

export function seedUsageClient(db: Db, c: { issuer: string; clientId: string; credentialId?: string | null; firstSeenAt: Date; lastSeenAt: Date; events?: number; audiences?: string[] }) {
  return db.insert(usageClients).values({
    issuer: c.issuer,
    clientId: c.clientId,
    credentialId: c.credentialId ?? null,
    firstSeenAt: c.firstSeenAt,
    lastSeenAt: c.lastSeenAt,
    events: c.events ?? 1,
    audiences: c.audiences ?? [],
  });
}

export async function clearUsage(db: Db) {
  await db.execute(sql`delete from usage_events`);
  await db.execute(sql`delete from usage_daily`);
  await db.execute(sql`delete from usage_clients`);
}
