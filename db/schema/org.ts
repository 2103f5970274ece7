import { sql } from "drizzle-orm";
import { boolean, index, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { id, timestamps } from "./columns";
import { teamKinds } from "@/lib/domain/vocabulary/org";

export const teamKindEnum = pgEnum("team_kind", teamKinds);

/** Anyone who can own a credential; linked to a user by email (DESIGN §3.1). */
export const people = pgTable(
  "people",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    isActive: boolean("is_active").notNull().default(true),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("people_email_key").on(t.email),
    index("people_name_idx").on(t.name, t.id),
    index("people_active_idx").on(t.isActive, t.name, t.id),
    // Substring search (pickers, the command palette): pg_trgm, as for credentials.
    index("people_name_trgm_idx").using("gin", sql`${t.name} gin_trgm_ops`),
    index("people_email_trgm_idx").using("gin", sql`${t.email} gin_trgm_ops`),
  ],
);

export const teams = pgTable(
  "teams",
  {
    id: id(),
    /** Natural key for the inventory file (DESIGN §8.2); a slug of the name unless given. */
    key: text("key").notNull(),
    name: text("name").notNull(),
    kind: teamKindEnum("kind").notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("teams_name_key").on(t.name),
    uniqueIndex("teams_key_key").on(t.key),
    index("teams_kind_idx").on(t.kind, t.name, t.id),
    index("teams_name_trgm_idx").using("gin", sql`${t.name} gin_trgm_ops`),
  ],
);

export const teamMembers = pgTable(
  "team_members",
  {
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.teamId, t.personId] }), index("team_members_person_idx").on(t.personId)],
);
