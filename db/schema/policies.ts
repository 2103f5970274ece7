import { sql } from "drizzle-orm";
import { boolean, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";

/**
 * Rotation policies (DESIGN §4.1). Match fields are null for "any"; environments and
 * sensitivities are lists ("any of these"). The most specific match wins, then priority.
 */
export const rotationPolicies = pgTable(
  "rotation_policies",
  {
    id: id(),
    key: text("key").notNull(),
    name: text("name").notNull(),
    priority: integer("priority").notNull().default(0),
    matchEnvironments: text("match_environments").array(),
    matchSensitivities: text("match_sensitivities").array(),
    matchKind: text("match_kind"),
    matchThirdParty: boolean("match_third_party"),
    maxSecretAgeDays: integer("max_secret_age_days").notNull(),
    reviewCadenceDays: integer("review_cadence_days").notNull(),
    maxAccessTokenTtlSeconds: integer("max_access_token_ttl_seconds").notNull(),
    approvalsRequired: integer("approvals_required").notNull().default(1),
    securityApprovalRequired: boolean("security_approval_required").notNull().default(false),
    reminderOffsetsDays: integer("reminder_offsets_days").array().notNull().default(sql`'{30,7,1}'::int[]`),
    ...timestamps,
  },
  (t) => [uniqueIndex("rotation_policies_key_key").on(t.key), uniqueIndex("rotation_policies_name_key").on(t.name)],
);
