import "server-only";
import type { Tx } from "@/db/client";
import { secrets } from "@/db/schema";

// Shared by the credential service and rotation completion; kept out of both so that rotations
// need not import the credential service (which refreshes posture, which reaches rotations).

/** Inserts one secret's metadata row (shared with rotation completion); the caller recomputes due dates and audits. */
export async function insertSecretRow(tx: Tx, credentialId: string, fields: Omit<typeof secrets.$inferInsert, "credentialId" | "fingerprint">, fingerprint: string | null): Promise<string> {
  const [row] = await tx.insert(secrets).values({ ...fields, credentialId, fingerprint }).returning({ id: secrets.id });
  if (!row) throw new Error("insert returned no row");
  return row.id;
}
