import "server-only";
import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { and, desc, eq, gt, isNotNull, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db, Queryable, Tx } from "@/db/client";
import { apiTokens, applications, credentials, people, secrets, users } from "@/db/schema";
import { can } from "@/lib/authz/permissions";
import { formatToken, parseToken, tokenAllows, tokenState, type TokenScope, type TokenStanding } from "@/lib/domain/api-tokens";
import { AppError, conflict, invalidInput, notFound } from "@/lib/errors";
import type { ApiTokenDto, ApiTokenFilters, CreateApiTokenInput } from "@/lib/validation/api-tokens";
import { encodeCursor } from "@/lib/validation/common";
import { audited, type Audit } from "./audited";
import { auditContext, type Actor, type RequestContext } from "./context";
import { fingerprintOf } from "./fingerprint";
import { collector, type Collect } from "./commands/collect";
import { createCredentials, createSecrets } from "./commands/credentials";
import { createPeople } from "./commands/org";
import { createApplications } from "./commands/registry";
import { refreshCollected } from "./commands/refresh";
import { readerDb } from "./reads";
import { decommissionInTx, lockCredential } from "./lifecycle/decommission";

/** The built-in application Steward's own tokens belong to in the inventory (DESIGN §8.1). */
export const STEWARD_APPLICATION_KEY = "steward";
/** A token's use is audited (and its last-used time moved) at most this often. */
const USE_RECORD_INTERVAL_MS = 60_000;
const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");
const publicIdOf = () => Array.from({ length: 12 }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)] ?? "A").join("");

const tokenColumns = {
  id: apiTokens.id,
  name: apiTokens.name,
  publicId: apiTokens.publicId,
  readOnly: apiTokens.readOnly,
  scope: apiTokens.scope,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
  createdAt: apiTokens.createdAt,
  credentialId: apiTokens.credentialId,
  user: { id: users.id, name: users.name, email: users.email },
  // What else decides whether the token works (tokenState): shown as its state, not as fields.
  userActive: users.isActive,
  credentialStatus: credentials.status,
  secretStatus: secrets.status,
};
type TokenRow = {
  id: string;
  name: string;
  publicId: string;
  readOnly: boolean;
  scope: TokenScope;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  credentialId: string | null;
  user: { id: string; name: string; email: string };
} & TokenStanding;

/** Tokens with their user, inventory record and secret: everything `tokenState` reads. */
const selectTokens = (db: Queryable) =>
  db
    .select(tokenColumns)
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .leftJoin(credentials, eq(credentials.id, apiTokens.credentialId))
    .leftJoin(secrets, eq(secrets.id, apiTokens.secretId));

/** SQL twin of tokenState's "disabled" test, for the list's state filter. */
const usable = and(eq(users.isActive, true), eq(credentials.status, "active"), eq(secrets.status, "active"));

export function presentToken(t: TokenRow, now: Date = new Date()) {
  const { publicId, userActive: _userActive, credentialStatus: _credentialStatus, secretStatus: _secretStatus, ...rest } = t;
  return { ...rest, prefix: `stw_${publicId}`, state: tokenState(t, now) };
}

async function stewardApplicationId(tx: Tx, collect: Collect): Promise<string> {
  await createApplications(
    tx,
    collect,
    [{ values: { key: STEWARD_APPLICATION_KEY, name: "Steward", environment: "production", trustZone: "internal", autonomous: false, thirdParty: false } }],
    { skipExisting: true },
  );
  const [app] = await tx.select({ id: applications.id }).from(applications).where(eq(applications.key, STEWARD_APPLICATION_KEY));
  if (!app) throw new Error("the Steward application is missing");
  return app.id;
}

/** The person behind a user (linked by email, DESIGN §3.1), created if an older user has none. */
async function personOf(tx: Tx, collect: Collect, actor: Actor): Promise<string> {
  await createPeople(tx, collect, [{ values: { email: actor.email, name: actor.name } }], { skipExisting: true });
  const [p] = await tx.select({ id: people.id }).from(people).where(eq(people.email, actor.email));
  if (!p) throw new Error("the user's person is missing");
  return p.id;
}

/**
 * Creates an API token for the signed-in user (DESIGN §8.1), in one audited transaction with its
 * inventory record: a personal access token credential of the Steward application, owned by the
 * user's person, with one secret (metadata only: where it is kept, when it expires, and the keyed
 * fingerprint, so leak lookup recognises a pasted Steward token). The whole token is returned this
 * once; only its SHA-256 is stored.
 */
export async function createApiToken(db: Db, ctx: RequestContext, input: CreateApiTokenInput, now: Date = new Date()) {
  const actor = ctx.actor;
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in first");
  // An ingest token moves every team's usage evidence (DESIGN §8.7): only those who may ingest create one.
  if (input.scope === "ingest" && !can(actor.role, "usage:ingest")) throw new AppError("FORBIDDEN", "Only security or an admin may create an ingest token");
  // An ingest token only posts events: "read-only" means nothing for it.
  const readOnly = input.scope === "ingest" ? false : input.readOnly;
  // Auditors (and any role without token:write) create read-only tokens only (issue 15).
  if (input.scope !== "ingest" && !readOnly && !can(actor.role, "token:write")) throw invalidInput({ readOnly: ["must be true: your role may create read-only tokens only"] });
  const publicId = publicIdOf();
  const token = formatToken(publicId, randomBytes(32).toString("base64url"));
  return audited(db, auditContext(ctx), async (tx, audit) => {
    // The inventory record goes through the commands; the `api_token.created` event below covers it.
    const collect = collector(audit);
    const applicationId = await stewardApplicationId(tx, collect);
    const ownerId = await personOf(tx, collect, actor);
    const [credentialId = ""] = await createCredentials(tx, collect, [
      {
        values: {
          key: `steward-token-${publicId.toLowerCase()}`,
          kind: "personal_access_token",
          name: `Steward API token “${input.name}” (${actor.email})`,
          description:
            input.scope === "ingest"
              ? `Ingest token of ${actor.name}: posts usage events to Steward and can do nothing else. Revoke it from Settings → API tokens.`
              : `API token of ${actor.name} for the Steward API${readOnly ? " (read-only)" : ""}. Revoke it from Settings → API tokens.`,
          environment: "production",
          clientId: `stw_${publicId}`,
          ownerId,
          rotationOwnerId: ownerId,
          revocationOwnerId: ownerId,
          breakGlassProcedure: "Revoke the token in Steward (Settings → API tokens); an admin can revoke anyone's.",
          tokenCache: "unknown",
          createdAt: now,
          updatedAt: now,
        },
        applicationIds: [applicationId],
      },
    ]);
    const [secretId = ""] = await createSecrets(tx, collect, [
      { values: { credentialId, kind: "api_key", storage: input.storage, issuedAt: now, expiresAt: input.expiresAt, fingerprint: fingerprintOf(token) } },
    ]);
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId: actor.userId, name: input.name, publicId, tokenHash: hashOf(token), readOnly, scope: input.scope, expiresAt: input.expiresAt, credentialId, secretId, createdAt: now, updatedAt: now })
      .returning({ id: apiTokens.id });
    if (!row) throw new Error("insert returned no row");
    await audit({
      action: "api_token.created",
      targetType: "api_token",
      targetId: row.id,
      payload: { name: input.name, prefix: `stw_${publicId}`, readOnly, scope: input.scope, expiresAt: input.expiresAt.toISOString(), storage: input.storage, credentialId },
    });
    await refreshCollected(tx, collect, { now });
    const created = await getToken(tx, row.id);
    if (!created) throw notFound("API token");
    return { token: presentToken(created, now), secret: token };
  });
}

async function getToken(db: Queryable, id: string): Promise<TokenRow | undefined> {
  const [row] = await selectTokens(db).where(eq(apiTokens.id, id));
  return row;
}

/** Tokens, newest first (keyset over created_at, id): one user's, or everyone's for an admin. */
export async function listApiTokens(db: Queryable, f: ApiTokenFilters, now: Date = new Date()) {
  const cursorAt = f.cursor ? new Date(f.cursor.name) : null;
  const state =
    f.state === "revoked"
      ? isNotNull(apiTokens.revokedAt)
      : f.state === "expired"
        ? and(isNull(apiTokens.revokedAt), lte(apiTokens.expiresAt, now))
        : f.state === "active"
          ? and(isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now), usable)
          : f.state === "disabled"
            ? and(isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now), sql`not coalesce(${usable}, false)`)
            : undefined;
  const rows = await selectTokens(db)
    .where(
      and(
        f.userId ? eq(apiTokens.userId, f.userId) : undefined,
        state,
        cursorAt && f.cursor && !Number.isNaN(cursorAt.getTime()) ? or(lt(apiTokens.createdAt, cursorAt), and(eq(apiTokens.createdAt, cursorAt), lt(apiTokens.id, f.cursor.id))) : undefined,
      ),
    )
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .limit(f.limit + 1);
  const items = rows.slice(0, f.limit);
  const last = items.at(-1);
  return { items: items.map((t) => presentToken(t, now)), nextCursor: rows.length > f.limit && last ? encodeCursor({ name: last.createdAt.toISOString(), id: last.id }) : null };
}

/** What revoking a token reads from its row (locked `for update` first). */
const revocable = { id: apiTokens.id, userId: apiTokens.userId, revokedAt: apiTokens.revokedAt, credentialId: apiTokens.credentialId, publicId: apiTokens.publicId };
type RevocableToken = { id: string; userId: string; credentialId: string | null; publicId: string };

/**
 * Revokes a locked, unrevoked token inside the caller's transaction: it stops working at once, and
 * its inventory record is decommissioned (secret revoked, findings resolved), each step audited.
 */
async function revokeTokenInTx(tx: Tx, audit: Audit, ctx: RequestContext, t: RevocableToken, now: Date) {
  await tx.update(apiTokens).set({ revokedAt: now, revokedById: ctx.actor?.userId ?? null, updatedAt: now }).where(eq(apiTokens.id, t.id));
  await audit({ action: "api_token.revoked", targetType: "api_token", targetId: t.id, payload: { prefix: `stw_${t.publicId}`, ownerUserId: t.userId, credentialId: t.credentialId } });
  if (t.credentialId) {
    const credential = await lockCredential(tx, t.credentialId);
    if (credential.status !== "decommissioned") await decommissionInTx(tx, audit, ctx, credential, { reason: "no_longer_needed", disabledAtServerConfirmed: true, note: "The API token was revoked in Steward" });
  }
}

/**
 * Revokes a token (see revokeTokenInTx) in one audited transaction. `anyUser` (admins) may revoke
 * anyone's; others only their own — someone else's token answers 404, so ids do not leak.
 */
export async function revokeApiToken(db: Db, ctx: RequestContext, id: string, options: { anyUser: boolean }, now: Date = new Date()) {
  const actor = ctx.actor;
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in first");
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const [t] = await tx.select(revocable).from(apiTokens).where(eq(apiTokens.id, id)).for("update");
    if (!t || (!options.anyUser && t.userId !== actor.userId)) throw notFound("API token");
    if (t.revokedAt) throw conflict("This token is already revoked");
    await revokeTokenInTx(tx, audit, ctx, t, now);
    const row = await getToken(tx, id);
    if (!row) throw notFound("API token");
    return presentToken(row, now);
  });
}

/**
 * Revokes every live (unrevoked, unexpired) token of a user inside the caller's transaction, as
 * revokeApiToken does one: deactivation calls it, so reactivating the user later does not bring
 * their old tokens back. Expired tokens already fail and keep their record for the expiry rules.
 */
export async function revokeUserTokensInTx(tx: Tx, audit: Audit, ctx: RequestContext, userId: string, now: Date = new Date()): Promise<string[]> {
  const live = await tx
    .select(revocable)
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now)))
    .orderBy(apiTokens.id)
    .for("update");
  for (const t of live) await revokeTokenInTx(tx, audit, ctx, t, now);
  return live.map((t) => t.id);
}

const INVALID = "The API token is invalid, expired or revoked";

/**
 * The actor behind an `Authorization: Bearer` token, or UNAUTHENTICATED with one message for every
 * failure (no hint which part was wrong). A token works while it is unexpired and unrevoked, its user
 * is active, and its inventory record is active with a secret neither revoked nor leaked — so
 * decommissioning the record or reporting its secret leaked stops it too. Use is recorded (last-used
 * time and an `api_token.used` event) at most once a minute per token.
 */
export async function authenticateBearer(db: Db, raw: string, request: { method: string; path: string; requestId: string; clientRequestId?: string | null; ip: string | null }, now: Date = new Date()) {
  const parsed = parseToken(raw);
  if (!parsed) throw new AppError("UNAUTHENTICATED", INVALID);
  const [row] = await db
    .select({
      id: apiTokens.id,
      tokenHash: apiTokens.tokenHash,
      readOnly: apiTokens.readOnly,
      scope: apiTokens.scope,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
      user: { id: users.id, email: users.email, name: users.name, role: users.role, isActive: users.isActive },
      credentialStatus: credentials.status,
      secretStatus: secrets.status,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .leftJoin(credentials, eq(credentials.id, apiTokens.credentialId))
    .leftJoin(secrets, eq(secrets.id, apiTokens.secretId))
    .where(eq(apiTokens.publicId, parsed.publicId));
  const given = Buffer.from(hashOf(raw), "hex");
  const stored = Buffer.from(row?.tokenHash ?? "0".repeat(64), "hex");
  const matches = stored.length === given.length && timingSafeEqual(stored, given);
  if (!row || !matches || tokenState({ ...row, userActive: row.user.isActive }, now) !== "active") {
    throw new AppError("UNAUTHENTICATED", INVALID);
  }
  const actor: Actor = { userId: row.user.id, email: row.user.email, name: row.user.name, role: row.user.role };
  const via = { tokenId: row.id, prefix: `stw_${parsed.publicId}`, readOnly: row.readOnly };
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= USE_RECORD_INTERVAL_MS) {
    const ctx: RequestContext = { requestId: request.requestId, clientRequestId: request.clientRequestId ?? null, ip: request.ip, origin: "", actor, via };
    await audited(db, auditContext(ctx), async (tx, audit) => {
      // Only the request that moves the time records the use: concurrent requests do not double it.
      const moved = await tx
        .update(apiTokens)
        .set({ lastUsedAt: now })
        .where(and(eq(apiTokens.id, row.id), sql`(${apiTokens.lastUsedAt} is null or ${apiTokens.lastUsedAt} <= ${new Date(now.getTime() - USE_RECORD_INTERVAL_MS).toISOString()}::timestamptz)`))
        .returning({ id: apiTokens.id });
      if (moved.length > 0) await audit({ action: "api_token.used", targetType: "api_token", targetId: row.id, payload: { method: request.method, path: request.path } });
    });
  }
  // A role that may not hold a read-write token (an auditor, or a user since made one) only reads with any token.
  const readOnly = row.readOnly || !can(row.user.role, "token:write");
  return { actor, via: { ...via, readOnly }, scope: row.scope, allows: (method: string) => tokenAllows({ readOnly }, method) };
}

const toApiTokenDto = (t: Awaited<ReturnType<typeof listApiTokens>>["items"][number]): ApiTokenDto => ({
  ...t,
  expiresAt: t.expiresAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
  createdAt: t.createdAt.toISOString(),
});

/** The tokens page: the viewer's own tokens and, for a token manager, everyone's, as the API's DTOs. */
export async function readApiTokenSettings(actor: Actor) {
  const db = await readerDb(actor, "read-only-token:write");
  const [mine, all] = await Promise.all([listApiTokens(db, { userId: actor.userId, limit: 200 }), can(actor.role, "token:manage") ? listApiTokens(db, { limit: 200 }) : Promise.resolve(null)]);
  return { mine: mine.items.map(toApiTokenDto), all: all ? all.items.map(toApiTokenDto) : null };
}
