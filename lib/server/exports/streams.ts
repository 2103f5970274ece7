import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { asc, desc, getTableColumns, gt, lt, sql, type SQL } from "drizzle-orm";
import type { Db, Queryable } from "@/db/client";
import { rowsOf } from "@/db/client";
import { auditEvents, rotationPolicies } from "@/db/schema";
import { lockAuditChain } from "@/db/queries/audit";
import { failsControls } from "@/db/queries/credential-predicates";
import { rulesOfControlRef } from "@/lib/domain/catalog/mapping";
import type { AuditContext } from "@/db/queries/audit";
import {
  catalogJson,
  credentialJson,
  csvHeader,
  csvRows,
  notAssessedCsvRows,
  notAssessedObservations,
  assessmentFindings,
  assessmentObservations,
  controlSummaryFindings,
  controlSummaryObservations,
  isListedCredential,
  oscalAssessmentPlan,
  oscalComponent,
  oscalInventoryItem,
  oscalMetadata,
  oscalRisks,
  reviewedControls,
  tallyControls,
  type ControlTally,
  type ExportActors,
  type ExportCredential,
  type ExportInstants,
} from "@/lib/domain/exports/shape";
import { catalogResources } from "@/lib/domain/exports/oscal-catalogs";
import { uuidFrom } from "@/lib/domain/exports/uuid";
import { manifestMessage, PACK_FORMAT, packReadme, type OmissionReason, type OmittedRange, type PackDataFile } from "@/lib/domain/exports/pack-format";
import { formatCsvRow } from "@/lib/inventory-file/csv";
import type { ExportFormat, ExportScope } from "@/lib/validation/exports";
import { readLatestCheckpoint } from "../audit-checkpoint";
import { audited, recordAuditEvent } from "../audited";
import { instanceSigningKey, sign } from "../signing";
import { readAsOf } from "../as-of";
import { exportBatches, exportParties, type Reader } from "./source";
import { packZip } from "./zip";

/**
 * What an export needs besides the database: who runs it (for the audit event), when it runs
 * (`generatedAt`), and the instant whose state it shows (`asOf`: the same, or a past instant asked
 * for, DESIGN §8.6). `read` runs one statement batch against that state: the live tables, or
 * the as_of views in a short read-only transaction (one per batch: no transaction stays open
 * while the client reads, and the past does not change between batches).
 */
export type ExportRun = ExportInstants & { db: Db; audit: AuditContext; scope: ExportScope; past: boolean; id: string; read: Reader };
type Counter = { rows: number };

export function newExportRun(db: Db, audit: AuditContext, scope: ExportScope, asOf?: Date): ExportRun {
  const generatedAt = new Date();
  const read: Reader = asOf ? (fn) => readAsOf(db, asOf, fn) : (fn) => fn(db);
  return { db, audit, scope, generatedAt, asOf: asOf ?? generatedAt, past: asOf !== undefined, read, id: randomUUID() };
}

async function* credentialsOf(run: ExportRun): AsyncGenerator<ExportCredential> {
  for await (const batch of exportBatches(run.read, run.scope)) yield* batch;
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
  const head = { format: "steward-controls/v1", generatedAt: run.generatedAt.toISOString(), asOf: run.asOf.toISOString(), asOfNote: asOfNote(run), scope: run.scope, catalog: catalogJson(run.scope.frameworks) };
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
const assessmentPlanJson = (run: ExportRun) => oscalAssessmentPlan(run.id, run.generatedAt, run.scope.frameworks, componentDefinitionResource(run));

async function* componentDefinitionChunks(run: ExportRun, count: Counter): AsyncGenerator<string> {
  const parties = await run.read((q) => exportParties(q, run.scope));
  const doc = { uuid: uuidFrom(run.id, "component-definition"), metadata: oscalMetadata("Steward: non-human identity credentials and their control status", run, parties) };
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
  const parties = await run.read((q) => exportParties(q, run.scope));
  const planId = uuidFrom(run.id, "assessment-plan-resource");
  const doc = {
    uuid: uuidFrom(run.id, "assessment-results"),
    metadata: oscalMetadata("Steward: posture assessment of non-human identity credentials", run, parties, exportActors(run)),
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
  // Default: passing checks counted per control, failing credentials listed one by one (issue 17).
  const detail = run.scope.detail ?? "summary";
  const tally: ControlTally = new Map();
  const listed = (c: ExportCredential) => {
    tallyControls(tally, c);
    return isListedCredential(c, detail) ? [oscalInventoryItem(c)] : [];
  };
  yield* lazyArray(`,"local-definitions":{"inventory-items":[`, mapCredentials(run, listed), "]}");
  const summaries = detail === "summary";
  yield* lazyArray(`,"observations":[`, concat(mapCredentials(run, (c) => assessmentObservations(c, run.id, run.asOf, detail), count), [...(summaries ? [controlSummaryObservations(tally, run.id, run.asOf)] : []), notAssessedObservations(run.scope.frameworks, run.id, run.asOf)]));
  yield* lazyArray(`,"findings":[`, concat(mapCredentials(run, (c) => assessmentFindings(c, run.id, detail)), summaries ? [controlSummaryFindings(tally, run.id)] : []));
  yield* lazyArray(`,"risks":[`, mapCredentials(run, (c) => oscalRisks(c, run.id)));
  // The plan travels inside the document (base64) and beside it in the evidence pack (rlink).
  const plan = { uuid: planId, title: "Assessment plan: Steward posture rules", rlinks: [{ href: oscalFiles.assessmentPlan, "media-type": "application/oscal.ap+json" }], base64: { filename: oscalFiles.assessmentPlan, "media-type": "application/oscal.ap+json", value: Buffer.from(JSON.stringify(assessmentPlanJson(run))).toString("base64") } };
  yield `}],"back-matter":${JSON.stringify({ resources: [plan, ...catalogResources(run.scope.frameworks)] })}}}`;
}

/** The per-credential stream, then the lists after it: one array's items in order. */
async function* concat(items: AsyncIterable<unknown[]>, after: unknown[][]): AsyncGenerator<unknown[]> {
  yield* items;
  yield* after;
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
  await recordAuditEvent(run.db, run.audit, { action: "compliance.exported", targetType: "export", targetId: run.id, payload: { format, scope: run.scope, rows, asOf: run.asOf.toISOString(), generatedAt: run.generatedAt.toISOString(), ...extra } });
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
  for await (const chunk of coalesced(textFormats[format](run, count))) {
    if (pending !== null) yield encoder.encode(pending);
    pending = chunk;
  }
  await auditExport(run, format, count.rows);
  if (pending !== null) yield encoder.encode(pending);
}

/**
 * The formats yield a string per item (an OSCAL observation is a few hundred bytes): handed on one
 * by one, each pays a stream's per-chunk cost, millions of times at a million credentials. Joined
 * into pieces of about 64 kB, they cross the zip entry or the response in a few thousand writes.
 */
async function* coalesced(texts: AsyncIterable<string>, size = 1 << 16): AsyncGenerator<string> {
  let parts: string[] = [];
  let length = 0;
  for await (const text of texts) {
    parts.push(text);
    length += text.length;
    if (length >= size) {
      yield parts.join("");
      parts = [];
      length = 0;
    }
  }
  if (parts.length > 0) yield parts.join("");
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

type PackFile = { path: PackDataFile; chunks: () => AsyncGenerator<string> };

function periodBounds(scope: ExportScope): { from: Date; to: Date } {
  const from = scope.from ? new Date(`${scope.from}T00:00:00.000Z`) : new Date(0);
  // `to` is a day: the whole day is in the period.
  const to = scope.to ? new Date(new Date(`${scope.to}T00:00:00.000Z`).getTime() + 86_400_000) : new Date("9999-12-31T00:00:00.000Z");
  return { from, to };
}

const PAGE = 1000;

/**
 * A lifecycle table in the period and scope as CSV, by keyset over (at, id). `inner` selects the
 * rows with the columns of `header` plus `at` and `id`, already filtered by period and scope.
 */
function periodCsv(read: Reader, header: string[], inner: (from: Date, to: Date) => SQL, scope: ExportScope) {
  return async function* (): AsyncGenerator<string> {
    const { from, to } = periodBounds(scope);
    yield formatCsvRow(header);
    let after: { at: Date; id: string } | null = null;
    for (;;) {
      const page = after ? sql`where (t.at, t.id) > (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``;
      const rows: Record<string, unknown>[] = rowsOf<Record<string, unknown>>(await read((q) => q.execute(sql`select * from (${inner(from, to)}) t ${page} order by t.at, t.id limit ${PAGE}`)));
      if (rows.length === 0) return;
      yield rows.map((r) => formatCsvRow(header.map((h) => cell(r[h])))).join("");
      const last: Record<string, unknown> | undefined = rows.at(-1);
      after = { at: last?.at instanceof Date ? last.at : new Date(String(last?.at)), id: String(last?.id) };
      if (rows.length < PAGE) return;
    }
  };
}

/** Timestamps as ISO 8601 UTC whichever driver returned them (a Date, or PostgreSQL's text form). */
const cell = (v: unknown): string => {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object") return JSON.stringify(v);
  const text = `${v as string | number | boolean}`;
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}(:\d{2})?$/.test(text) ? new Date(text.replace(" ", "T").replace(/([+-]\d{2})$/, "$1:00")).toISOString() : text;
};

const during = (col: string, from: Date, to: Date) => sql`${sql.raw(col)} >= ${from.toISOString()}::timestamptz and ${sql.raw(col)} < ${to.toISOString()}::timestamptz`;

/**
 * The scope's filter on the credentials table aliased `c` (any status: a decommissioned credential's
 * history is still the team's); a control filter keeps the credentials failing those controls now.
 */
const credentialInScope = (scope: ExportScope) => {
  const controls = failsControls(scope.control, scope.controlMatch, sql.raw("c.id"));
  return sql`${scope.teamId ? sql`and c.owning_team_id = ${scope.teamId}::uuid` : sql``} ${scope.environment ? sql`and c.environment = ${scope.environment}` : sql``} ${controls ? sql`and ${controls}` : sql``}`;
};

function lifecycleFiles(q: Reader, scope: ExportScope): PackFile[] {
  const inScope = credentialInScope(scope);
  const credential = ["credential_key", "credential_name", "team"];
  const credentialColumns = sql.raw("c.key as credential_key, c.name as credential_name, tm.name as team");
  const team = sql.raw("left join teams tm on tm.id = c.owning_team_id");
  return [
    {
      path: "rotations.csv",
      chunks: periodCsv(q, ["id", "at", ...credential, "state", "reason", "break_glass", "planned_at", "decided_at", "completed_at"], (from, to) =>
        sql`select r.id, r.created_at as at, ${credentialColumns}, r.state, r.reason, r.break_glass, r.planned_at, r.decided_at, r.completed_at from rotation_requests r join credentials c on c.id = r.credential_id ${team} where ${during("r.created_at", from, to)} ${inScope}`, scope),
    },
    {
      path: "approvals.csv",
      chunks: periodCsv(q, ["id", "at", "request_id", ...credential, "approver", "approver_email", "is_security"], (from, to) =>
        sql`select md5(a.request_id::text || a.approver_id::text)::uuid as id, a.at, a.request_id, ${credentialColumns}, p.name as approver, p.email as approver_email, a.is_security from rotation_approvals a join rotation_requests r on r.id = a.request_id join credentials c on c.id = r.credential_id ${team} left join people p on p.id = a.approver_person_id where ${during("a.at", from, to)} ${inScope}`, scope),
    },
    {
      path: "reviews.csv",
      chunks: periodCsv(q, ["id", "at", ...credential, "decision", "notes", "campaign_id"], (from, to) =>
        sql`select v.id, v.created_at as at, ${credentialColumns}, v.decision, v.notes, v.campaign_id from reviews v join credentials c on c.id = v.credential_id ${team} where ${during("v.created_at", from, to)} ${inScope}`, scope),
    },
    {
      path: "exceptions.csv",
      chunks: periodCsv(q, ["id", "at", "rule_id", ...credential, "filter", "justification", "compensating_control", "approver", "approver_email", "expires_at", "revoked_at"], (from, to) =>
        sql`select x.id, x.created_at as at, x.rule_id, ${credentialColumns}, x.filter, x.justification, x.compensating_control, p.name as approver, p.email as approver_email, x.expires_at, x.revoked_at
            from finding_exceptions x left join credentials c on c.id = x.credential_id ${team} left join people p on p.id = x.approver_person_id
            where ${during("x.created_at", from, to)} and ((x.credential_id is not null ${inScope}) or (x.credential_id is null ${ruleWideInScope(scope)}))`, scope),
    },
    {
      path: "leak-incidents.csv",
      chunks: periodCsv(q, ["id", "at", ...credential, "secret_id", "source", "status", "remediated_at", "remediation_seconds"], (from, to) =>
        sql`select l.id, l.detected_at as at, ${credentialColumns}, l.secret_id, l.source, l.status, l.remediated_at, l.remediation_seconds from leak_incidents l join credentials c on c.id = l.credential_id ${team} where ${during("l.detected_at", from, to)} ${inScope}`, scope),
    },
    {
      path: "findings.csv",
      chunks: periodCsv(q, ["id", "at", ...credential, "rule_id", "severity", "status", "resolved_at", "resolution"], (from, to) =>
        sql`select f.id, f.opened_at as at, ${credentialColumns}, f.rule_id, f.severity, f.status, f.resolved_at, f.resolution from findings f join credentials c on c.id = f.credential_id ${team} where ${during("f.opened_at", from, to)} ${inScope}`, scope),
    },
  ];
}

/** A rule-wide exception (a filter, no credential) is in scope when its filter can match the scope's credentials. */
const ruleWideInScope = (scope: ExportScope) => {
  // With a control filter, a rule-wide exception is in scope when its rule is behind one of the controls.
  const rules = scope.control ? [...new Set(scope.control.flatMap(rulesOfControlRef))] : null;
  const ofRules = rules === null ? sql`` : rules.length === 0 ? sql`and false` : sql`and x.rule_id in (${sql.join(rules.map((r) => sql`${r}`), sql`, `)})`;
  return sql`${scope.teamId ? sql`and coalesce(x.filter->>'teamId', ${scope.teamId}) = ${scope.teamId}` : sql``} ${scope.environment ? sql`and coalesce(x.filter->>'environment', ${scope.environment}) = ${scope.environment}` : sql``} ${ofRules}`;
};

/** Whether an audit event is about a record in scope: a credential in scope, the team itself, or a rule-wide exception in scope. */
function eventInScope(scope: ExportScope): SQL<boolean> {
  if (!scope.teamId && !scope.environment && !scope.control?.length) return sql<boolean>`true`;
  // CASE keeps the uuid casts to the target types whose ids are uuids.
  return sql<boolean>`case ${auditEvents.targetType}
    when 'credential' then exists (select 1 from credentials c where c.id = ${auditEvents.targetId}::uuid ${credentialInScope(scope)})
    when 'exception' then exists (select 1 from finding_exceptions x where x.id = ${auditEvents.targetId}::uuid and x.credential_id is null ${ruleWideInScope(scope)})
    when 'team' then ${scope.teamId ? sql`${auditEvents.targetId} = ${scope.teamId}` : sql`false`}
    else false end`;
}

/** Where the audit extract has got to: the last seq and hash written, and the run of omitted events not yet written. */
type ExtractCursor = { seq: number; hash: string; gap: OmittedRange | null };

const omittedLine = (gap: OmittedRange) => `${JSON.stringify({ omitted: gap })}\n`;

/** The pending omitted range as a line ("" when there is none). */
function flushGap(cursor: ExtractCursor): string {
  const line = cursor.gap ? omittedLine(cursor.gap) : "";
  cursor.gap = null;
  return line;
}

/**
 * The audit extract from the event after `cursor` to the current head, batch by batch: events about
 * the scope's records in the period in full, every other event folded into an omitted range (seq
 * span and the hash of its last event), so the file covers the whole chain without revealing other
 * teams' events (DESIGN §7, §8.4).
 */
async function* extractLines(q: Queryable, run: ExportRun, cursor: ExtractCursor): AsyncGenerator<string> {
  const { scope } = run;
  const { from, to } = periodBounds(scope);
  // A pack of a past state ends its extract at asOf: later events are folded like events after the period.
  const end = run.past ? run.asOf : null;
  const inScope = eventInScope(scope);
  for (;;) {
    const rows = await q
      .select({ ...getTableColumns(auditEvents), inScope })
      .from(auditEvents)
      .where(gt(auditEvents.seq, cursor.seq))
      .orderBy(asc(auditEvents.seq))
      .limit(PAGE);
    if (rows.length === 0) return;
    let out = "";
    for (const { inScope: about, ...event } of rows) {
      const reason: OmissionReason | null =
        event.occurredAt < from ? "before the period" : end && event.occurredAt > end ? "after asOf" : event.occurredAt >= to ? "after the period" : about ? null : "outside the scope";
      if (reason === null) {
        out += `${flushGap(cursor)}${JSON.stringify(event)}\n`;
      } else if (cursor.gap?.reason === reason) {
        cursor.gap = { ...cursor.gap, toSeq: event.seq, lastHash: event.hash };
      } else {
        out += flushGap(cursor);
        cursor.gap = { fromSeq: event.seq, toSeq: event.seq, lastHash: event.hash, reason };
      }
      cursor.seq = event.seq;
      cursor.hash = event.hash;
    }
    if (out !== "") yield out;
  }
}

/** The start of the extract: everything before the period as one omitted range (found by index, not read). */
async function extractStart(q: Queryable, scope: ExportScope): Promise<ExtractCursor> {
  const [anchor] = await q.select({ seq: auditEvents.seq, hash: auditEvents.hash }).from(auditEvents).where(lt(auditEvents.occurredAt, periodBounds(scope).from)).orderBy(desc(auditEvents.seq)).limit(1);
  if (!anchor) return { seq: 0, hash: "", gap: null };
  return { seq: anchor.seq, hash: anchor.hash, gap: { fromSeq: 1, toSeq: anchor.seq, lastHash: anchor.hash, reason: "before the period" } };
}

/**
 * The latest signed audit checkpoint (null before the first): a chain head held outside the
 * database, which `npm run audit:verify` checks the database against (issue 13 item 13).
 */
async function* checkpointChunks(): AsyncGenerator<string> {
  const checkpoint = await Promise.resolve().then(() => readLatestCheckpoint());
  yield `${JSON.stringify(checkpoint, null, 2)}\n`;
}

/** What the JSON export and the pack manifest say about `asOf`. */
const asOfNote = (run: ExportRun) =>
  run.past
    ? "Inventory state as it was at asOf, reconstructed from the row history (DESIGN §8.6); generatedAt is when the export ran. The audit extract ends at asOf; the export event and the chain head are those of the export."
    : "Inventory state at the time of the export.";

async function* once(text: string | Promise<string>): AsyncGenerator<string> {
  yield await text;
}

const policySet = async (q: Queryable) => `${JSON.stringify({ policies: await q.select().from(rotationPolicies).orderBy(asc(rotationPolicies.key)) }, null, 2)}\n`;

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

async function* evidencePack(run: ExportRun): AsyncGenerator<Uint8Array> {
  const zip = packZip(run.generatedAt);
  const key = instanceSigningKey();
  const manifestFiles: { path: string; sha256: string; bytes: number }[] = [];
  /** One zip entry, hashed as it is written. */
  const open = (path: string) => {
    const entry = zip.entry(path);
    const hash = createHash("sha256");
    let bytes = 0;
    return {
      async push(text: string) {
        const data = Buffer.from(text);
        hash.update(data);
        bytes += data.length;
        await entry.write(data);
      },
      close() {
        entry.end();
        manifestFiles.push({ path, sha256: hash.digest("hex"), bytes });
      },
    };
  };
  const count: Counter = { rows: 0 };
  const files: PackFile[] = [
    { path: "README.md", chunks: () => once(packReadme(run.scope, key.publicKey)) },
    { path: "controls.csv", chunks: () => csvChunks(run, count) },
    { path: "controls.json", chunks: () => jsonChunks(run, { rows: 0 }) },
    { path: oscalFiles.componentDefinition, chunks: () => componentDefinitionChunks(run, { rows: 0 }) },
    { path: "oscal-assessment-results.json", chunks: () => assessmentResultsChunks(run, { rows: 0 }) },
    { path: oscalFiles.assessmentPlan, chunks: () => assessmentPlanChunks(run) },
    { path: "catalog.json", chunks: () => once(`${JSON.stringify(catalogJson(run.scope.frameworks), null, 2)}\n`) },
    { path: "policies.json", chunks: () => once(run.read(policySet)) },
    ...lifecycleFiles(run.read, run.scope),
    { path: "audit-checkpoint.json", chunks: checkpointChunks },
  ];
  for (const file of files) {
    const entry = open(file.path);
    for await (const text of coalesced(file.chunks())) {
      await entry.push(text);
      yield* zip.drain();
    }
    entry.close();
    yield* zip.drain();
  }
  // The audit extract, last: the bulk streams outside any transaction; the tail (events written
  // meanwhile) and the export event are written under the chain lock, so the extract ends exactly at
  // the export event's predecessor. Nothing is yielded while the lock is held: the client's pace never holds it.
  const extract = open("audit-log.jsonl");
  const cursor = await extractStart(run.db, run.scope);
  for await (const text of coalesced(extractLines(run.db, run, cursor))) {
    await extract.push(text);
    yield* zip.drain();
  }
  const exportEvent = await audited(run.db, run.audit, async (tx, audit) => {
    await lockAuditChain(tx);
    for await (const text of extractLines(tx, run, cursor)) await extract.push(text);
    await extract.push(flushGap(cursor));
    extract.close();
    // Every file's SHA-256 in the event: the pack can be checked against the live audit log.
    await audit({ action: "compliance.exported", targetType: "export", targetId: run.id, payload: { format: "evidence-pack", scope: run.scope, rows: count.rows, asOf: run.asOf.toISOString(), generatedAt: run.generatedAt.toISOString(), files: manifestFiles } });
    const [event] = await tx.select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
    if (!event) throw new Error("the export event was not written");
    return event;
  });
  const manifest = {
    format: PACK_FORMAT,
    generatedAt: run.generatedAt.toISOString(),
    asOf: run.asOf.toISOString(),
    asOfNote: asOfNote(run),
    exportId: run.id,
    scope: run.scope,
    files: manifestFiles,
    auditChainHead: { seq: exportEvent.seq, hash: exportEvent.hash },
    exportEvent,
    publicKey: key.publicKey,
  };
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  for (const [path, text] of [
    ["manifest.json", manifestText],
    ["manifest.sig", `${sign(key, manifestMessage(sha256(manifestText)))}\n`],
  ] as const) {
    const entry = zip.entry(path);
    await entry.write(Buffer.from(text));
    entry.end();
  }
  yield* zip.finish();
}
