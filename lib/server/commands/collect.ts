import "server-only";
import type { AuditEntry } from "@/db/queries/audit";
import type { LinkedRecord } from "@/lib/domain/posture/inputs";
import type { Audit } from "../audited";

/**
 * What the commands of one transaction gather (issue 19 §1): the audit writer their events go to,
 * and which derived state their writes made stale. `refreshCollected` (./refresh) brings that
 * state back once, at the end of the transaction, for every writer alike.
 */
export type Collect = {
  audit: Audit;
  /** Credentials whose own inputs changed (fields, applications, grants, secrets): due dates and posture. */
  credentials: Set<string>;
  /** Credentials whose owners or status changed, or that are new: the orphaned finding (DESIGN §4.4). */
  orphans: Set<string>;
  /** Changed applications, APIs and people → the stored columns that changed (their linked credentials, per the rules' inputs). */
  linked: { [R in LinkedRecord]: Map<string, string[]> };
};

export function collector(audit: Audit): Collect {
  return { audit, credentials: new Set(), orphans: new Set(), linked: { application: new Map(), api: new Map(), person: new Map() } };
}

/** The caller's event for a row, if any: `null` when an event of the caller's covers it (an import record, the demo load). */
export type EventOf<C> = (id: string, changes: C) => AuditEntry | null | Promise<AuditEntry | null>;

export async function emit<C>(collect: Collect, event: EventOf<C> | undefined, id: string, changes: C): Promise<boolean> {
  const entry = event ? await event(id, changes) : null;
  if (entry) await collect.audit(entry);
  return entry !== null;
}

/** Column changes of an update, for its event: `{ field: { from, to } }`. */
export type ColumnChanges = Record<string, { from: unknown; to: unknown }>;
