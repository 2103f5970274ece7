import "server-only";
import { and, inArray, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { credentials, secrets } from "@/db/schema";

/**
 * The lifecycle transitions' own columns (issue 19 §1): a rotation supersedes a secret, a leak
 * report marks it leaked, decommissioning revokes them, a review resets "last reviewed at", a
 * bulk reassignment moves owners. Each transition (lib/server/lifecycle) decides, appends its own
 * event and refreshes in its transaction; the write to the inventory tables happens here, so the
 * command modules stay the only writers of those tables. Set-based: `where` picks the rows.
 */
export type CredentialTransition = Partial<
  Pick<
    typeof credentials.$inferInsert,
    "status" | "decommissionedAt" | "decommissionReason" | "disabledAtServerConfirmed" | "decommissionedById" | "lastReviewedAt" | "ownerId" | "backupOwnerId" | "rotationOwnerId" | "revocationOwnerId" | "sdkOwnerId"
  >
>;
export type SecretTransition = Partial<Pick<typeof secrets.$inferInsert, "status" | "leakedAt" | "leakSource" | "remediatedAt">>;

/** Sets transition columns on the credentials `where` selects; returns their ids. */
export async function transitionCredentials(tx: Tx, where: SQL | undefined, set: CredentialTransition, now: Date = new Date()): Promise<string[]> {
  const rows = await tx.update(credentials).set({ ...set, updatedAt: now }).where(where).returning({ id: credentials.id });
  return rows.map((r) => r.id);
}

/** `transitionCredentials` over a list of ids, a chunk at a time. */
export async function transitionCredentialIds(tx: Tx, ids: readonly string[], set: CredentialTransition, now: Date = new Date(), also?: SQL): Promise<void> {
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = inArray(credentials.id, ids.slice(i, i + 1000));
    await transitionCredentials(tx, also ? and(chunk, also) : chunk, set, now);
  }
}

/** Sets transition columns on the secrets `where` selects; returns their ids. */
export async function transitionSecrets(tx: Tx, where: SQL | undefined, set: SecretTransition, now: Date = new Date()): Promise<string[]> {
  const rows = await tx.update(secrets).set({ ...set, updatedAt: now }).where(where).returning({ id: secrets.id });
  return rows.map((r) => r.id);
}

/** A rotation's new secret (metadata and the keyed fingerprint only); the rotation recomputes due dates and audits. */
export async function insertRotatedSecret(tx: Tx, credentialId: string, fields: Omit<typeof secrets.$inferInsert, "credentialId" | "fingerprint">, fingerprint: string | null): Promise<string> {
  const [row] = await tx.insert(secrets).values({ ...fields, credentialId, fingerprint }).returning({ id: secrets.id });
  if (!row) throw new Error("insert returned no row");
  return row.id;
}
