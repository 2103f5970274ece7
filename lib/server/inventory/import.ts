import "server-only";
import type { Db } from "@/db/client";
import { appendAuditEvents, type AuditEntry } from "@/db/queries/audit";
import { AppError } from "@/lib/errors";
import { recordTypes, type RecordType } from "@/lib/inventory-file/model";
import { type FileRecord } from "@/lib/inventory-file/records";
import type { PlannedRecord } from "@/lib/inventory-file/plan";
import { totalsOf, type ApplyResult, type ImportEvent } from "@/lib/inventory-file/results";
import { auditContext, type RequestContext } from "../context";
import { collectingAudit } from "../audited";
import { openImportedLeaks } from "../lifecycle/incidents";
import { collector } from "../commands/collect";
import { refreshCollected } from "../commands/refresh";
import type { PreparedImport } from "./import/prepare";
import type { Applied, Batch, BatchContext } from "./import/batch";
import { decideGrantChanges, grantDecisionsField, grantSnapshotByKeys, withNewCredentials } from "../commands/access-decisions";
import { applyPeople, applyTeams } from "./import/org";
import { applyServers, applyApis, applyApplications } from "./import/registry";
import { applyCredentials } from "./import/credentials";

export { dryRunResult, prepareImport, type PreparedImport } from "./import/prepare";

/**
 * Import of the inventory file (DESIGN §8.2): read → plan (the dry run: nothing is written) →
 * apply in batches through the per-aggregate commands (lib/server/commands), as the services do. Each batch is one transaction holding its writes, one `inventory.imported`
 * audit event per changed record, and the due-date recompute of every credential it touched.
 * Unchanged records are not written and leave no event, so importing a file twice changes
 * nothing the second time. Only admin and security may import, so record-level ownership rules
 * (DESIGN §2) never narrow what an import may change.
 */


const appliers: Record<RecordType, (ctx: BatchContext, batch: Batch) => Promise<Applied>> = {
  person: applyPeople,
  team: applyTeams,
  authorizationServer: applyServers,
  api: applyApis,
  application: applyApplications,
  credential: applyCredentials,
};

export type ApplyOptions = {
  /** `apply` refuses a file with any invalid record; `apply-valid` imports the valid ones. */
  mode: "apply" | "apply-valid";
  batchSize?: number;
  onEvent?: (event: ImportEvent) => void | Promise<void>;
};

/** Refuses what must not be applied, before anything is written. */
export function assertApplicable(prepared: PreparedImport, mode: ApplyOptions["mode"]): void {
  const { fileErrors } = prepared.read;
  if (fileErrors.length > 0) {
    throw new AppError("INVALID_INPUT", `The file cannot be imported: ${fileErrors.map((e) => `line ${e.line}: ${e.field} ${e.message}`).join("; ")}`, { fileErrors });
  }
  const invalid = prepared.plan.records.filter((r) => r.action === "invalid");
  if (mode === "apply" && invalid.length > 0) {
    throw new AppError("INVALID_INPUT", `${invalid.length} record${invalid.length === 1 ? " is" : "s are"} invalid; nothing was written. Fix them, or choose to import the valid ones`, {
      invalid: invalid.slice(0, 200).map((r) => ({ type: r.type, key: r.key, line: r.line, issues: r.issues })),
    });
  }
}

/**
 * Applies a prepared plan in batches, dependencies first (people … credentials). Each batch
 * commits with its audit events and the due-date recompute of the credentials it touched.
 */
export async function applyImport(db: Db, ctx: RequestContext, prepared: PreparedImport, options: ApplyOptions): Promise<ApplyResult> {
  assertApplicable(prepared, options.mode);
  const batchSize = options.batchSize ?? 200;
  const toApply = prepared.plan.records.filter((r): r is PlannedRecord & { file: FileRecord } => (r.action === "create" || r.action === "update") && r.file !== undefined);
  const totals = totalsOf(prepared.plan.summary);
  await options.onEvent?.({ type: "plan", summary: prepared.plan.summary, totals, toApply: toApply.length });
  const result: ApplyResult = {
    created: 0,
    updated: 0,
    unchanged: totals.unchanged,
    skippedInvalid: totals.invalid,
    byType: Object.fromEntries(recordTypes.map((t) => [t, { created: 0, updated: 0 }])) as ApplyResult["byType"],
  };
  const actor = auditContext(ctx);
  let done = 0;
  for (const type of recordTypes) {
    const ofType = toApply.filter((r) => r.type === type);
    for (let i = 0; i < ofType.length; i += batchSize) {
      const batch = ofType.slice(i, i + batchSize);
      const applied = await db.transaction(async (tx) => {
        const events: AuditEntry[] = [];
        const batchCtx: BatchContext = { tx, collect: collector(collectingAudit(events)), format: prepared.format };
        const grantsBefore = type === "credential" ? await grantSnapshotByKeys(tx, batch.map((b) => b.key ?? "")) : null;
        const counts = await appliers[type](batchCtx, batch);
        const touched = [...batchCtx.collect.credentials];
        // Access decisions (DESIGN §4.5): the importer requests what it adds to other teams' APIs.
        if (grantsBefore) {
          const decided = await decideGrantChanges(tx, { userId: ctx.actor?.userId ?? null }, withNewCredentials(grantsBefore, touched));
          // One event per imported record: its grant decisions ride on it.
          for (const event of events) {
            const extra = event.targetType === "credential" && event.targetId ? grantDecisionsField(decided, event.targetId) : {};
            if (extra.grantDecisions && event.payload) Object.assign(event.payload, extra);
          }
        }
        // The same commands and the same derived-state refresh as the services' (issue 19 §1).
        await refreshCollected(tx, batchCtx.collect);
        // A secret imported as leaked is a leak report (DESIGN §4.4): its incident and emergency rotation.
        await openImportedLeaks(tx, batchCtx.collect.audit, ctx, touched);
        // No change without its event (DESIGN §7): the events commit or roll back with the batch.
        await appendAuditEvents(tx, actor, events);
        return counts;
      });
      result.created += applied.created;
      result.updated += applied.updated;
      result.byType[type].created += applied.created;
      result.byType[type].updated += applied.updated;
      // Records that turned out unchanged at apply time (a concurrent edit) are counted as such.
      result.unchanged += batch.length - applied.created - applied.updated;
      done += batch.length;
      await options.onEvent?.({ type: "progress", recordType: type, done, total: toApply.length });
    }
  }
  await options.onEvent?.({ type: "done", result });
  return result;
}
