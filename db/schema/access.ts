import { index, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { id, tstz } from "./columns";
import { apis, credentialGrants, ownedByCredential } from "./inventory";
import { sql } from "drizzle-orm";

/** What happened to a grant (DESIGN §4.5): each transition and each per-grant review is one row. */
export const grantDecisionActionEnum = pgEnum("grant_decision_action", [
  "requested",
  "approved",
  "rejected",
  "revoked",
  "expired",
  "kept",
  "reduced",
  "removed",
]);

/**
 * A grant's decision history (issue 14). Keyed by credential and API as well as the grant, so the
 * history outlives a grant row an edit removed (`grant_id` then becomes null).
 */
export const grantDecisions = pgTable(
  "grant_decisions",
  {
    id: id(),
    grantId: uuid("grant_id").references(() => credentialGrants.id, { onDelete: "set null" }),
    credentialId: ownedByCredential(),
    apiId: uuid("api_id")
      .notNull()
      .references(() => apis.id),
    action: grantDecisionActionEnum("action").notNull(),
    /** The deciding user's id (as the audit log keeps actors); null: the system (expiry) or a decision made before decisions were recorded. */
    actorId: uuid("actor_id"),
    at: tstz("at").notNull().defaultNow(),
    justification: text("justification"),
    /** Scope names before and after the decision. */
    scopesBefore: text("scopes_before").array().notNull().default(sql`'{}'::text[]`),
    scopesAfter: text("scopes_after").array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [index("grant_decisions_credential_idx").on(t.credentialId, t.at), index("grant_decisions_grant_idx").on(t.grantId, t.at)],
);
