import { sql } from "drizzle-orm";
import { date, index, integer, pgEnum, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { tstz } from "./columns";
import { apis, credentials } from "./inventory";

/**
 * Usage evidence (issue 14): what happens at the token endpoint and at the APIs, beside the
 * inventory's recorded intent. Events arrive at POST /api/v1/events (token issuance, API
 * authorization decisions), are kept raw for a bounded window for investigators, and roll up
 * into per subject × audience × scope × day counts whose size does not grow with event volume.
 */
export const usageEventKindEnum = pgEnum("usage_event_kind", ["token_issued", "api_decision"]);
export const usageDecisionEnum = pgEnum("usage_decision", ["allow", "deny"]);

/** Raw events, dropped after the retention window (default 7 days). `event_id` makes re-sends no-ops. */
export const usageEvents = pgTable(
  "usage_events",
  {
    /**
     * Source-namespaced id ("opa:<decision_id>", "oidc-provider:<jti>", "steward:<id>"), or a content hash
     * when the source has none. The key (drizzle/0022): a raw buffer needs no surrogate id, and each
     * index is paid on every inserted event.
     */
    eventId: text("event_id").primaryKey(),
    source: text("source").notNull(),
    kind: usageEventKindEnum("kind").notNull(),
    occurredAt: tstz("occurred_at").notNull(),
    receivedAt: tstz("received_at").notNull().defaultNow(),
    /** The authorization server's issuer URL as the event names it. */
    issuer: text("issuer"),
    clientId: text("client_id"),
    /**
     * The inventory credential the event resolved to at ingest (by issuer + client id, or by credential
     * key); null = unknown client. No foreign key (drizzle/0021): the id comes from the resolution
     * step in the same transaction, the table is a raw buffer the retention job empties, and the
     * per-row key check was about half of the raw insert (DESIGN §8.7).
     */
    credentialId: uuid("credential_id"),
    audience: text("audience"),
    /** The inventory API the audience resolved to at ingest; no foreign key, as for `credential_id`. */
    apiId: uuid("api_id"),
    /** Token issuance: the scopes granted. API decision: the one scope/action decided. */
    scopes: text("scopes").array().notNull().default(sql`'{}'::text[]`),
    decision: usageDecisionEnum("decision"),
    reason: text("reason"),
    expiresInSeconds: integer("expires_in_seconds"),
  },
  (t) => [
    // BRIN (drizzle/0021): events arrive roughly in time order and only the retention job reads this
    // (occurred_at < cutoff); a block-range summary costs next to nothing per inserted row.
    index("usage_events_occurred_idx").using("brin", t.occurredAt),
    // Investigators read a credential's recent denials from the raw buffer (everything else reads the
    // rollups), so only denials are indexed by credential (drizzle/0022).
    index("usage_events_denied_idx")
      .on(t.credentialId, t.occurredAt)
      .where(sql`${t.kind} = 'api_decision' and ${t.decision} = 'deny'`),
  ],
);

/**
 * The rollup: one row per day × subject × audience × scope. `subject` is the credential id when the
 * event resolved to one, else "client:<issuer> <client id>" (a client not in the inventory).
 * Token issuance counts under scope "" plus one row per granted scope; decisions under their scope.
 */
export const usageDaily = pgTable(
  "usage_daily",
  {
    day: date("day", { mode: "string" }).notNull(),
    subject: text("subject").notNull(),
    credentialId: uuid("credential_id").references(() => credentials.id, { onDelete: "cascade" }),
    issuer: text("issuer").notNull().default(""),
    clientId: text("client_id").notNull().default(""),
    audience: text("audience").notNull().default(""),
    apiId: uuid("api_id").references(() => apis.id, { onDelete: "set null" }),
    scope: text("scope").notNull().default(""),
    issued: integer("issued").notNull().default(0),
    allowed: integer("allowed").notNull().default(0),
    denied: integer("denied").notNull().default(0),
    firstSeenAt: tstz("first_seen_at").notNull(),
    lastSeenAt: tstz("last_seen_at").notNull(),
    /** The longest token lifetime issued that day (seconds), to compare with the declared TTL. */
    maxTtlSeconds: integer("max_ttl_seconds"),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.subject, t.audience, t.scope] }),
    index("usage_daily_credential_idx").on(t.credentialId, t.day),
    index("usage_daily_api_idx").on(t.apiId, t.day),
  ],
);

/**
 * Every client seen at a token endpoint or an API, known or not: the "Unknown clients" page lists
 * those whose (issuer, client id) matches no credential (shadow NHI).
 */
export const usageClients = pgTable(
  "usage_clients",
  {
    issuer: text("issuer").notNull(),
    clientId: text("client_id").notNull(),
    credentialId: uuid("credential_id").references(() => credentials.id, { onDelete: "set null" }),
    firstSeenAt: tstz("first_seen_at").notNull(),
    lastSeenAt: tstz("last_seen_at").notNull(),
    events: integer("events").notNull().default(0),
    audiences: text("audiences").array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.clientId] }), index("usage_clients_unknown_idx").on(t.lastSeenAt).where(sql`${t.credentialId} is null`)],
);
