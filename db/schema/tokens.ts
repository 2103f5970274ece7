import { boolean, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { id, timestamps, tstz } from "./columns";
import { credentials, secrets } from "./inventory";
import { users } from "./users";

/**
 * What a token may do (DESIGN §8.1, §8.7): `api` acts with its user's rights on the REST API; `ingest`
 * may only post usage events (POST /api/v1/events, /api/v1/events/opa) and nothing else, and an
 * `api` token cannot post them — a collector's token that leaks cannot read the inventory.
 */
export const apiTokenScopeEnum = pgEnum("api_token_scope", ["api", "ingest"]);

/**
 * API tokens (DESIGN §8.1): created by a user for themselves, shown once, stored as a SHA-256 of the
 * whole token (a 256-bit random secret needs no slow hash), looked up by its public id. Each token
 * is also a credential of the built-in Steward application in the inventory (`credential_id`,
 * `secret_id`), so Steward's own rules — expiry, owner, leaks — apply to its own tokens; a token
 * works only while that record is active and its secret neither revoked nor leaked.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    name: text("name").notNull(),
    /** The recognisable, non-secret part: `stw_<publicId>_…`. */
    publicId: text("public_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    readOnly: boolean("read_only").notNull().default(false),
    scope: apiTokenScopeEnum("scope").notNull().default("api"),
    expiresAt: tstz("expires_at").notNull(),
    lastUsedAt: tstz("last_used_at"),
    revokedAt: tstz("revoked_at"),
    revokedById: uuid("revoked_by_id").references(() => users.id),
    credentialId: uuid("credential_id").references(() => credentials.id),
    secretId: uuid("secret_id").references(() => secrets.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("api_tokens_public_id_key").on(t.publicId),
    index("api_tokens_user_idx").on(t.userId, t.createdAt),
    index("api_tokens_created_idx").on(t.createdAt, t.id),
  ],
);

/**
 * Idempotent writes (DESIGN §8.1): a key is claimed in the same transaction as the write it
 * protects, so a committed write always has its key and response, and a rolled-back one has
 * neither. Keys are per user; they are kept 24 hours.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    key: text("key").notNull(),
    /** SHA-256 of method, path and the request body: the same key with another request is refused. */
    requestHash: text("request_hash").notNull(),
    status: integer("status").notNull(),
    /** The response body to replay; null where it held a secret shown only once (then a replay is refused). */
    body: jsonb("body"),
    ...timestamps,
  },
  (t) => [uniqueIndex("idempotency_keys_user_key").on(t.userId, t.key), index("idempotency_keys_created_idx").on(t.createdAt)],
);
