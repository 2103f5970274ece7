import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { id, timestamps, tstz } from "./columns";
import { people } from "./org";
import { users } from "./users";
import { credentials } from "./inventory";

/**
 * An exception (risk acceptance, DESIGN §5.3): `security` accepts one rule's finding on one
 * credential, or one rule for every credential matching a filter (the inventory's own filter
 * shape, stored as JSON). While active (not revoked, `expires_at` in the future) matching findings
 * are `excepted`; when it expires or is revoked they reopen. Expiry is at most 365 days after
 * creation (validated at the boundary, and checked here so no path can store a longer one).
 */
export const findingExceptions = pgTable(
  "finding_exceptions",
  {
    id: id(),
    ruleId: text("rule_id").notNull(),
    /** One credential, or null with `filter` set for a rule-wide exception. */
    credentialId: uuid("credential_id").references(() => credentials.id),
    filter: jsonb("filter"),
    justification: text("justification").notNull(),
    compensatingControl: text("compensating_control").notNull(),
    /** The person who accepted the risk (may differ from the user who recorded it). */
    approverPersonId: uuid("approver_person_id")
      .notNull()
      .references(() => people.id),
    createdById: uuid("created_by_id").references(() => users.id),
    expiresAt: tstz("expires_at").notNull(),
    revokedAt: tstz("revoked_at"),
    revokedById: uuid("revoked_by_id").references(() => users.id),
    revokeReason: text("revoke_reason"),
    /** Set once the expiry sweep has reopened its findings (so it does that once). */
    endedAt: tstz("ended_at"),
    ...timestamps,
  },
  (t) => [
    index("finding_exceptions_rule_credential_idx").on(t.ruleId, t.credentialId),
    index("finding_exceptions_credential_idx").on(t.credentialId),
    // The expiry sweep: live exceptions by expiry.
    index("finding_exceptions_live_expiry_idx").on(t.expiresAt).where(sql`${t.endedAt} is null`),
    index("finding_exceptions_created_idx").on(t.createdAt, t.id),
  ],
);

/**
 * The posture engine's bookkeeping per credential (DESIGN §5.1), written by lib/server/posture: the
 * rules that can apply (a control none of whose rules apply is `not_applicable`) and when the rules
 * last ran over it. Kept apart from `credentials` so the sweep's write per credential touches one
 * narrow row and two indexes instead of the credential row and its twenty filter indexes. A row
 * exists for every credential: an AFTER INSERT trigger on credentials adds it (drizzle/0009).
 */
export const credentialPosture = pgTable(
  "credential_posture",
  {
    credentialId: uuid("credential_id")
      .primaryKey()
      .references(() => credentials.id, { onDelete: "cascade" }),
    applicableRules: text("applicable_rules").array().notNull().default(sql`'{}'::text[]`),
    checkedAt: tstz("checked_at"),
  },
  // The sweep walks credentials least recently checked first; never checked comes first.
  (t) => [index("credential_posture_checked_idx").on(sql`coalesce(${t.checkedAt}, '-infinity'::timestamptz)`, t.credentialId)],
);
