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
export async function refreshCollected(tx: Tx, collect: Collect, options: { resolution?: string; now?: Date } = {}): Promise<void> {
  const { audit } = collect;
  const { resolution, now } = options;
  if (collect.credentials.size > 0) await refreshCredentials(tx, audit, [...collect.credentials], now);
  if (collect.orphans.size > 0) await syncOrphanedFindings(tx, audit, collect.orphans, { resolution, at: now });
  const { application, api, person } = collect.linked;
  if (application.size + api.size + person.size > 0) await refreshLinked(tx, audit, collect.linked, { resolution });
  collect.credentials.clear();
  collect.orphans.clear();
  for (const m of [application, api, person]) m.clear();
}
