import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { and, asc, desc, gt, gte, lt, sql } from "drizzle-orm";
import { Zip, ZipDeflate } from "fflate";
import type { Db, Queryable } from "@/db/client";
import { rowsOf } from "@/db/client";
import { auditEvents } from "@/db/schema";
import type { AuditContext } from "@/db/queries/audit";
import {
  catalogJson,
  credentialJson,
  csvHeader,
  csvRows,
  notAssessedCsvRows,
  notAssessedObservations,
  oscalAssessmentPlan,
  oscalComponent,
  oscalFindings,
  oscalInventoryItem,
  oscalMetadata,
  oscalObservations,
  oscalRisks,
  reviewedControls,
  type ExportActors,
  type ExportCredential,
} from "@/lib/domain/exports/shape";
import { catalogResources } from "@/lib/domain/exports/oscal-catalogs";
import { uuidFrom } from "@/lib/domain/exports/uuid";
import { formatCsvRow } from "@/lib/inventory-file/csv";
import type { ExportFormat, ExportScope } from "@/lib/validation/exports";
import { readLatestCheckpoint } from "../audit-checkpoint";
import { recordAuditEvent } from "../audited";
import { exportBatches, exportParties } from "./source";

/** What an export needs besides the database: who runs it (for the audit event) and when. */
export type ExportRun = { db: Db; audit: AuditContext; scope: ExportScope; asOf: Date; id: string };
type Counter = { rows: number };

export function newExportRun(db: Db, audit: AuditContext, scope: ExportScope, asOf = new Date()): ExportRun {
  return { db, audit, scope, asOf, id: randomUUID() };
}

async function* credentialsOf(run: ExportRun): AsyncGenerator<ExportCredential> {
  for await (const batch of exportBatches(run.db, run.scope)) yield* batch;
}

async function* csvChunks(run: ExportRun, count: Counter): AsyncGenerator<string> {
  yield formatCsvRow(csvHeader);
  for await (const c of credentialsOf(run)) {
    count.rows += c.controls.length;
    yield csvRows(c, run.asOf);
  }
  yield notAssessedCsvRows(run.scope.frameworks, run.asOf);
}

async function* jsonChunks(run: ExportRun, count: Counter): AsyncGenerator<string> {
  const head = { format: "steward-controls/v1", generatedAt: run.asOf.toISOString(), asOf: run.asOf.toISOString(), asOfNote: "Inventory state at the time of the export.", scope: run.scope, catalog: catalogJson(run.scope.frameworks) };
  yield `${JSON.stringify(head).slice(0, -1)},"credentials":[`;
  let first = true;
  for await (const c of credentialsOf(run)) {
    count.rows += c.controls.length;
    yield `${first ? "" : ","}${JSON.stringify(credentialJson(c))}`;
    first = false;
  }
  yield "]}";
}

/** Opens `"key":[` before the first item only: OSCAL arrays may not be empty, so an empty one is left out. */
async function* lazyArray(prefix: string, items: AsyncIterable<unknown[]>, suffix = "]"): AsyncGenerator<string> {
  let open = false;
  for await (const list of items) {
    for (const item of list) {
      yield `${open ? "," : prefix}${JSON.stringify(item)}`;
      open = true;
    }
  }
  if (open) yield suffix;
}

async function* mapCredentials<T>(run: ExportRun, f: (c: ExportCredential) => T[], count?: Counter): AsyncGenerator<T[]> {
  for await (const c of credentialsOf(run)) {
    const out = f(c);
    if (count) count.rows += out.length;
    yield out;
  }
}

/**
 * The assessor is the user who runs the export; the organisation is the instance's operator (Steward
 * records no organisation name, so it is named by its role).
 */
function exportActors(run: ExportRun): ExportActors {
  const { actor } = run.audit;
  return {
    assessor: { id: actor.type === "user" && actor.id ? actor.id : uuidFrom("export-actor", actor.type, actor.id ?? "", actor.label), name: actor.label },
    organization: { id: uuidFrom("steward-organization"), name: "The organisation operating this Steward instance" },
  };
}

/** The pack file names the OSCAL documents refer to each other by (relative hrefs beside the embedded copies). */
export const oscalFiles = { componentDefinition: "oscal-component-definition.json", assessmentPlan: "oscal-assessment-plan.json" } as const;

const componentDefinitionResource = (run: ExportRun) => ({ uuid: uuidFrom(run.id, "component-definition-resource"), href: oscalFiles.componentDefinition });
const assessmentPlanJson = (run: ExportRun) => oscalAssessmentPlan(run.id, run.asOf, run.scope.frameworks, componentDefinitionResource(run));

async function* componentDefinitionChunks(run: ExportRun, count: Counter): AsyncGenerator<string> {
  const parties = await exportParties(run.db, run.scope);
  const doc = { uuid: uuidFrom(run.id, "component-definition"), metadata: oscalMetadata("Steward: non-human identity credentials and their control status", run.asOf, parties) };
  yield `{"component-definition":${JSON.stringify(doc).slice(0, -1)}`;
  yield* lazyArray(`,"components":[`, mapCredentials(run, (c) => [oscalComponent(c, run.id)], count));
  // Every catalog a control-implementation's `source` names, so `#uuid` resolves inside the document.
  yield `,"back-matter":${JSON.stringify({ resources: catalogResources(run.scope.frameworks) })}}}`;
}

/** The plan as a pack file: one chunk (it is small; the async shape is the pack's file interface). */
async function* assessmentPlanChunks(run: ExportRun): AsyncGenerator<string> {
  yield await Promise.resolve(JSON.stringify(assessmentPlanJson(run)));
}

async function* assessmentResultsChunks(run: ExportRun, count: Counter): AsyncGenerator<string> {
  const parties = await exportParties(run.db, run.scope);
  const planId = uuidFrom(run.id, "assessment-plan-resource");
  const doc = {
    uuid: uuidFrom(run.id, "assessment-results"),
    metadata: oscalMetadata("Steward: posture assessment of non-human identity credentials", run.asOf, parties, exportActors(run)),
    "import-ap": { href: `#${planId}` },
  };
  const result = {
    uuid: uuidFrom(run.id, "result"),
    title: "Steward posture rules over the credential inventory",
    description: "Automated assessment: each credential is tested by Steward's posture rules; each mapped control is satisfied when every mapped rule that applies passes. Controls no rule evidences are listed as not assessed by Steward.",
    start: run.asOf.toISOString(),
    end: run.asOf.toISOString(),
    "reviewed-controls": reviewedControls(run.scope.frameworks),
  };
  yield `{"assessment-results":${JSON.stringify(doc).slice(0, -1)},"results":[${JSON.stringify(result).slice(0, -1)}`;
  yield* lazyArray(`,"local-definitions":{"inventory-items":[`, mapCredentials(run, (c) => [oscalInventoryItem(c)]), "]}");
  yield* lazyArray(`,"observations":[`, observationsWithUnassessed(run, count));
  yield* lazyArray(`,"findings":[`, mapCredentials(run, (c) => oscalFindings(c, run.id)));
  yield* lazyArray(`,"risks":[`, mapCredentials(run, (c) => oscalRisks(c, run.id)));
  // The plan travels inside the document (base64) and beside it in the evidence pack (rlink).
  const plan = { uuid: planId, title: "Assessment plan: Steward posture rules", rlinks: [{ href: oscalFiles.assessmentPlan, "media-type": "application/oscal.ap+json" }], base64: { filename: oscalFiles.assessmentPlan, "media-type": "application/oscal.ap+json", value: Buffer.from(JSON.stringify(assessmentPlanJson(run))).toString("base64") } };
  yield `}],"back-matter":${JSON.stringify({ resources: [plan, ...catalogResources(run.scope.frameworks)] })}}}`;
}

async function* observationsWithUnassessed(run: ExportRun, count: Counter): AsyncGenerator<unknown[]> {
  yield* mapCredentials(run, (c) => oscalObservations(c, run.id, run.asOf), count);
  yield notAssessedObservations(run.scope.frameworks, run.id, run.asOf);
}

const textFormats = {
  csv: csvChunks,
  json: jsonChunks,
  "oscal-component-definition": componentDefinitionChunks,
  "oscal-assessment-results": assessmentResultsChunks,
} as const;

export const contentTypes: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  "oscal-component-definition": "application/json; charset=utf-8",
  "oscal-assessment-results": "application/json; charset=utf-8",
  "evidence-pack": "application/zip",
};

export function exportFileName(format: ExportFormat, asOf: Date): string {
  const day = asOf.toISOString().slice(0, 10);
  const ext = format === "csv" ? "csv" : format === "evidence-pack" ? "zip" : "json";
  return `steward-${format === "csv" || format === "json" ? "controls" : format}-${day}.${ext}`;
}

const encoder = new TextEncoder();

async function auditExport(run: ExportRun, format: ExportFormat, rows: number, extra: Record<string, unknown> = {}) {
  await recordAuditEvent(run.db, run.audit, { action: "compliance.exported", targetType: "export", targetId: run.id, payload: { format, scope: run.scope, rows, asOf: run.asOf.toISOString(), ...extra } });
}

/**
 * One export as bytes, pulled chunk by chunk. The audit event (who, scope, format, row count) is
 * written once everything else has been produced and before the last chunk is handed over: an
 * export the client abandons writes nothing and leaves nothing behind, and no complete export
 * reaches anyone without its event.
 */
export async function* exportBytes(run: ExportRun, format: ExportFormat): AsyncGenerator<Uint8Array> {
  if (format === "evidence-pack") {
    yield* evidencePack(run);
    return;
  }
  const count: Counter = { rows: 0 };
  let pending: string | null = null;
  for await (const chunk of textFormats[format](run, count)) {
    if (pending !== null) yield encoder.encode(pending);
    pending = chunk;
  }
  await auditExport(run, format, count.rows);
  if (pending !== null) yield encoder.encode(pending);
}

export function exportStream(run: ExportRun, format: ExportFormat): ReadableStream<Uint8Array> {
  const chunks = exportBytes(run, format);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

// --- Evidence pack -------------------------------------------------------------------------------

type PackFile = { path: string; chunks: () => AsyncGenerator<string> };

function periodBounds(scope: ExportScope): { from: Date; to: Date } {
  const from = scope.from ? new Date(`${scope.from}T00:00:00.000Z`) : new Date(0);
  // `to` is a day: the whole day is in the period.
  const to = scope.to ? new Date(new Date(`${scope.to}T00:00:00.000Z`).getTime() + 86_400_000) : new Date("9999-12-31T00:00:00.000Z");
  return { from, to };
}

/** A lifecycle table in the period as CSV, by keyset over (time, id). */
function periodCsv(header: string[], query: (from: Date, to: Date, afterAt: Date | null, afterId: string | null) => Promise<unknown>, scope: ExportScope) {
  return async function* (): AsyncGenerator<string> {
    const { from, to } = periodBounds(scope);
    yield formatCsvRow(header);
    let afterAt: Date | null = null;
    let afterId: string | null = null;
    for (;;) {
      const rows: Record<string, unknown>[] = rowsOf<Record<string, unknown>>(await query(from, to, afterAt, afterId));
      if (rows.length === 0) return;
      yield rows.map((r) => formatCsvRow(header.map((h) => cell(r[h])))).join("");
      const last: Record<string, unknown> | undefined = rows.at(-1);
      afterAt = last?.at instanceof Date ? last.at : new Date(String(last?.at));
      afterId = String(last?.id);
      if (rows.length < 1000) return;
    }
  };
}

const cell = (v: unknown): string => (v === null || v === undefined ? "" : v instanceof Date ? v.toISOString() : typeof v === "object" ? JSON.stringify(v) : `${v as string | number | boolean}`);

const keyset = (col: string, afterAt: Date | null, afterId: string | null) =>
  afterAt && afterId ? sql`and (${sql.raw(col)}, id) > (${afterAt.toISOString()}::timestamptz, ${afterId}::uuid)` : sql``;

function lifecycleFiles(q: Queryable, scope: ExportScope): PackFile[] {
  return [
    {
      path: "rotations.csv",
      chunks: periodCsv(["id", "at", "credential_id", "state", "reason", "break_glass", "planned_at", "decided_at", "completed_at"], (from, to, a, i) =>
        q.execute(sql`select id, created_at as at, credential_id, state, reason, break_glass, planned_at, decided_at, completed_at from rotation_requests where created_at >= ${from.toISOString()}::timestamptz and created_at < ${to.toISOString()}::timestamptz ${keyset("created_at", a, i)} order by created_at, id limit 1000`), scope),
    },
    {
      path: "approvals.csv",
      chunks: periodCsv(["id", "at", "request_id", "approver_person_id", "is_security"], (from, to, a, i) =>
        q.execute(sql`select * from (select md5(request_id::text || approver_id::text)::uuid as id, at, request_id, approver_person_id, is_security from rotation_approvals) a where at >= ${from.toISOString()}::timestamptz and at < ${to.toISOString()}::timestamptz ${keyset("at", a, i)} order by at, id limit 1000`), scope),
    },
    {
      path: "reviews.csv",
      chunks: periodCsv(["id", "at", "credential_id", "decision", "notes", "campaign_id"], (from, to, a, i) =>
        q.execute(sql`select id, created_at as at, credential_id, decision, notes, campaign_id from reviews where created_at >= ${from.toISOString()}::timestamptz and created_at < ${to.toISOString()}::timestamptz ${keyset("created_at", a, i)} order by created_at, id limit 1000`), scope),
    },
    {
      path: "exceptions.csv",
      chunks: periodCsv(["id", "at", "rule_id", "credential_id", "filter", "justification", "compensating_control", "approver_person_id", "expires_at", "revoked_at"], (from, to, a, i) =>
        q.execute(sql`select id, created_at as at, rule_id, credential_id, filter, justification, compensating_control, approver_person_id, expires_at, revoked_at from finding_exceptions where created_at >= ${from.toISOString()}::timestamptz and created_at < ${to.toISOString()}::timestamptz ${keyset("created_at", a, i)} order by created_at, id limit 1000`), scope),
    },
    {
      path: "leak-incidents.csv",
      chunks: periodCsv(["id", "at", "credential_id", "secret_id", "source", "status", "remediated_at", "remediation_seconds"], (from, to, a, i) =>
        q.execute(sql`select id, detected_at as at, credential_id, secret_id, source, status, remediated_at, remediation_seconds from leak_incidents where detected_at >= ${from.toISOString()}::timestamptz and detected_at < ${to.toISOString()}::timestamptz ${keyset("detected_at", a, i)} order by detected_at, id limit 1000`), scope),
    },
  ];
}

/**
 * The audit events of the period, in seq order, as JSON lines, preceded by the event just before the
 * period (the anchor): each line's hash can be recomputed and its prev_hash checked against the line
 * before, so the extract proves itself a contiguous piece of the chain (DESIGN §7).
 */
function auditExtract(q: Queryable, scope: ExportScope): PackFile {
  return {
    path: "audit-log.jsonl",
    chunks: async function* () {
      const { from, to } = periodBounds(scope);
      const [anchor] = await q.select().from(auditEvents).where(lt(auditEvents.occurredAt, from)).orderBy(desc(auditEvents.seq)).limit(1);
      const firstInPeriod = await q.select({ seq: auditEvents.seq }).from(auditEvents).where(gte(auditEvents.occurredAt, from)).orderBy(asc(auditEvents.seq)).limit(1);
      if (anchor) yield `${JSON.stringify({ anchor: true, ...anchor })}\n`;
      let after = (firstInPeriod[0]?.seq ?? Number.MAX_SAFE_INTEGER) - 1;
      for (;;) {
        const rows: (typeof auditEvents.$inferSelect)[] = await q
          .select()
          .from(auditEvents)
          .where(and(gt(auditEvents.seq, after), lt(auditEvents.occurredAt, to)))
          .orderBy(asc(auditEvents.seq))
          .limit(1000);
        if (rows.length === 0) return;
        yield rows.map((r) => `${JSON.stringify(r)}\n`).join("");
        after = rows.at(-1)?.seq ?? after;
      }
    },
  };
}

/**
 * The latest signed audit checkpoint (null before the first): a chain head held outside the
 * database, which `npm run audit:verify` checks the database against (issue 13 item 13).
 */
function checkpointFile(): PackFile {
  return {
    path: "audit-checkpoint.json",
    chunks: async function* () {
      const checkpoint = await Promise.resolve().then(() => readLatestCheckpoint());
      yield `${JSON.stringify(checkpoint, null, 2)}\n`;
    },
  };
}

async function* evidencePack(run: ExportRun): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else out.push(chunk);
  });
  const drain = function* () {
    if (failure) throw failure;
    while (out.length > 0) {
      const next = out.shift();
      if (next) yield next;
    }
  };
  const manifestFiles: { path: string; sha256: string; bytes: number }[] = [];
  const count: Counter = { rows: 0 };
  const files: PackFile[] = [
    { path: "controls.csv", chunks: () => csvChunks(run, count) },
    { path: "controls.json", chunks: () => jsonChunks(run, { rows: 0 }) },
    { path: oscalFiles.componentDefinition, chunks: () => componentDefinitionChunks(run, { rows: 0 }) },
    { path: "oscal-assessment-results.json", chunks: () => assessmentResultsChunks(run, { rows: 0 }) },
    { path: oscalFiles.assessmentPlan, chunks: () => assessmentPlanChunks(run) },
    ...lifecycleFiles(run.db, run.scope),
    auditExtract(run.db, run.scope),
    checkpointFile(),
  ];
  for (const file of files) {
    const entry = new ZipDeflate(file.path, { level: 6 });
    zip.add(entry);
    const hash = createHash("sha256");
    let bytes = 0;
    for await (const text of file.chunks()) {
      const data = encoder.encode(text);
      hash.update(data);
      bytes += data.length;
      entry.push(data, false);
      yield* drain();
    }
    entry.push(new Uint8Array(0), true);
    manifestFiles.push({ path: file.path, sha256: hash.digest("hex"), bytes });
    yield* drain();
  }
  // The export's own event goes into the chain before the head is read, so the manifest names it.
  await auditExport(run, "evidence-pack", count.rows, { files: manifestFiles.map((f) => f.path) });
  const [head] = await run.db.select({ seq: auditEvents.seq, hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
  const manifest = {
    format: "steward-evidence-pack/v1",
    generatedAt: run.asOf.toISOString(),
    asOf: run.asOf.toISOString(),
    exportId: run.id,
    scope: run.scope,
    files: manifestFiles,
    auditChainHead: head ?? null,
  };
  const entry = new ZipDeflate("manifest.json", { level: 6 });
  zip.add(entry);
  entry.push(encoder.encode(`${JSON.stringify(manifest, null, 2)}\n`), true);
  zip.end();
  yield* drain();
}
