import { bigint, index, jsonb, pgEnum, pgTable, text } from "drizzle-orm/pg-core";
import { tstz } from "./columns";

export const actorTypeEnum = pgEnum("actor_type", ["user", "api_token", "system", "anonymous"]);

/**
 * Append-only, hash-chained audit log (DESIGN §7). `seq` is assigned by the writer under a
 * transaction-scoped advisory lock (not a sequence), so a rolled-back transaction leaves no gap
 * and a gap always means a deleted event. UPDATE, DELETE and TRUNCATE are rejected by triggers
 * (see the custom migration).
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    occurredAt: tstz("occurred_at").notNull(),
    actorType: actorTypeEnum("actor_type").notNull(),
    actorId: text("actor_id"),
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    /** The server's own id for the request (proxy.ts). */
    requestId: text("request_id"),
    /** The client's own X-Request-Id, when well-formed (lib/domain/request-id): apart, so it never stands in for the server's. */
    clientRequestId: text("client_request_id"),
    ip: text("ip"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    index("audit_events_occurred_idx").on(t.occurredAt, t.seq),
    index("audit_events_action_idx").on(t.action, t.seq),
    index("audit_events_target_idx").on(t.targetType, t.targetId, t.seq),
    index("audit_events_actor_idx").on(t.actorId, t.seq),
  ],
);
