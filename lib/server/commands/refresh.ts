import "server-only";
import type { Tx } from "@/db/client";
import { syncOrphanedFindings } from "../lifecycle/departures";
import { refreshLinked } from "../posture/linked";
import { refreshCredentials } from "../posture/refresh";
import type { Collect } from "./collect";

/**
 * The one derived-state refresh after the commands of a transaction (issue 19 §1): due dates and
 * posture of the credentials they changed, the orphaned finding where owners or status moved, then
 * the credentials linked to changed applications, APIs and people (`refreshLinked`, which asks the
 * posture rules' declared inputs). Call it once, after the last command, in the same transaction.
 */
export async function refreshCollected(tx: Tx, collect: Collect, options: { resolution?: string } = {}): Promise<void> {
  const { audit } = collect;
  if (collect.credentials.size > 0) await refreshCredentials(tx, audit, [...collect.credentials]);
  if (collect.orphans.size > 0) await syncOrphanedFindings(tx, audit, collect.orphans, options);
  const { application, api, person } = collect.linked;
  if (application.size + api.size + person.size > 0) await refreshLinked(tx, audit, collect.linked, options);
  collect.credentials.clear();
  collect.orphans.clear();
  for (const m of [application, api, person]) m.clear();
}
