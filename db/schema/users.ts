import { boolean, index, integer, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { id, timestamps, tstz } from "./columns";

export const roleEnum = pgEnum("role", ["admin", "security", "member", "auditor"]);

export const users = pgTable(
  "users",
  {
    id: id(),
    // Stored lower-cased; the unique index is on the stored value.
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: roleEnum("role").notNull(),
    passwordHash: text("password_hash"),
    isActive: boolean("is_active").notNull().default(true),
    lastSignInAt: tstz("last_sign_in_at"),
    // Every session carries the version it was issued under; bumping it ends them all (sign-out,
    // password set, role change, deactivation), so a copied cookie dies with its owner's session.
    sessionVersion: integer("session_version").notNull().default(0),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("users_email_key").on(t.email),
    index("users_name_idx").on(t.name, t.id),
    index("users_role_idx").on(t.role),
  ],
);

/** One-time password-set links (invitations). Only a SHA-256 of the token is stored. */
export const passwordTokens = pgTable(
  "password_tokens",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    expiresAt: tstz("expires_at").notNull(),
    usedAt: tstz("used_at"),
    ...timestamps,
  },
  (t) => [uniqueIndex("password_tokens_token_hash_key").on(t.tokenHash), index("password_tokens_user_idx").on(t.userId)],
);

/** Sign-in attempts, kept for rate limiting across replicas (DESIGN §9). */
export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    id: id(),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    succeeded: boolean("succeeded").notNull(),
    ...timestamps,
  },
  (t) => [
    index("sign_in_attempts_email_idx").on(t.email, t.createdAt).where(sql`not ${t.succeeded}`),
    index("sign_in_attempts_ip_idx").on(t.ip, t.createdAt).where(sql`not ${t.succeeded}`),
    index("sign_in_attempts_created_idx").on(t.createdAt),
  ],
);
