import "server-only";
import { inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { credentialApplications, credentialGrants } from "@/db/schema";
import type { LinkedRecord } from "@/lib/domain/posture/inputs";
import { affectsCredentials } from "@/lib/domain/posture/rules";
import type { Audit } from "../audited";
import { credentialsHeldBy, syncOrphanedFindings } from "../lifecycle/departures";
import { refreshCredentials } from "./refresh";

/** Changed applications, APIs and people: record id → the fields that changed (stored column names). */
export type LinkedChanges = { [R in LinkedRecord]?: ReadonlyMap<string, readonly string[]> };

const CHUNK = 1000;

function affectedIds(changes: LinkedChanges, record: LinkedRecord): string[] {
  return [...(changes[record] ?? [])].filter(([, fields]) => affectsCredentials(record, fields)).map(([id]) => id);
}

/** Credential ids linked to `ids`, read a chunk at a time. */
async function linkedCredentials(ids: readonly string[], load: (chunk: string[]) => Promise<{ id: string }[]>): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await load(ids.slice(i, i + CHUNK))).map((r) => r.id));
  return out;
}

/**
 * The one refresh after applications, APIs or people change, for every writer (REST services and
 * the import's batches): which changes matter is `affectsCredentials` (next to the posture rules),
 * the credentials linked to those records get due dates and posture recomputed (set-based, in the
 * caller's transaction), and a person leaving or returning brings the orphaned finding in line
 * (DESIGN §4.4). Returns the refreshed credential ids.
 */
export async function refreshLinked(tx: Tx, audit: Audit, changes: LinkedChanges, options: { resolution?: string } = {}): Promise<string[]> {
  const ids = new Set<string>([
    ...(await linkedCredentials(affectedIds(changes, "application"), (c) =>
      tx.select({ id: credentialApplications.credentialId }).from(credentialApplications).where(inArray(credentialApplications.applicationId, c)),
    )),
    ...(await linkedCredentials(affectedIds(changes, "api"), (c) => tx.select({ id: credentialGrants.credentialId }).from(credentialGrants).where(inArray(credentialGrants.apiId, c)))),
    ...(await credentialsHeldBy(tx, affectedIds(changes, "person"))),
  ]);
  const all = [...ids];
  // The orphaned finding first, with its departure wording; the posture pass then finds it current.
  const departed = [...(changes.person ?? [])].filter(([, fields]) => fields.includes("isActive")).map(([id]) => id);
  if (departed.length > 0) await syncOrphanedFindings(tx, audit, await credentialsHeldBy(tx, departed), options);
  await refreshCredentials(tx, audit, all);
  return all;
}
