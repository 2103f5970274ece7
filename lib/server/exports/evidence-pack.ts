import "server-only";
import { createHash } from "node:crypto";
import { asc, desc } from "drizzle-orm";
import { Zip, ZipDeflate } from "fflate";
import type { Queryable } from "@/db/client";
import { auditEvents, rotationPolicies } from "@/db/schema";
import { lockAuditChain } from "@/db/queries/audit";
import { catalogJson } from "@/lib/domain/exports/shape";
import { manifestMessage, PACK_FORMAT, packReadme } from "@/lib/domain/exports/pack-format";
import { readLatestCheckpoint } from "../audit-checkpoint";
import { audited } from "../audited";
import { instanceSigningKey, sign } from "../signing";
import { extractLines, extractStart, flushGap } from "./audit-extract";
import { csvChunks, jsonChunks } from "./controls";
import { assessmentPlanChunks, assessmentResultsChunks, componentDefinitionChunks, oscalFiles } from "./oscal";
import { lifecycleFiles, type PackFile } from "./period-files";
import type { Counter, ExportRun } from "./run";

const encoder = new TextEncoder();

/**
 * The latest signed audit checkpoint (null before the first): a chain head held outside the
 * database, which `npm run audit:verify` checks the database against (issue 13 item 13).
 */
async function* checkpointChunks(): AsyncGenerator<string> {
  const checkpoint = await Promise.resolve().then(() => readLatestCheckpoint());
  yield `${JSON.stringify(checkpoint, null, 2)}\n`;
}

async function* once(text: string | Promise<string>): AsyncGenerator<string> {
  yield await text;
}

const policySet = async (q: Queryable) => `${JSON.stringify({ policies: await q.select().from(rotationPolicies).orderBy(asc(rotationPolicies.key)) }, null, 2)}\n`;

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

/**
 * The evidence pack as a streamed zip: the exports, the period's lifecycle tables, the audit extract up to
 * the export event, and a signed manifest of every file's hash.
 */
export async function* evidencePack(run: ExportRun): AsyncGenerator<Uint8Array> {
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
  const key = instanceSigningKey();
  const manifestFiles: { path: string; sha256: string; bytes: number }[] = [];
  /** One zip entry, hashed as it is written. */
  const open = (path: string) => {
    const entry = new ZipDeflate(path, { level: 6 });
    zip.add(entry);
    const hash = createHash("sha256");
    let bytes = 0;
    return {
      push(text: string) {
        const data = encoder.encode(text);
        hash.update(data);
        bytes += data.length;
        entry.push(data, false);
      },
      close() {
        entry.push(new Uint8Array(0), true);
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
    { path: "policies.json", chunks: () => once(policySet(run.db)) },
    ...lifecycleFiles(run.db, run.scope),
    { path: "audit-checkpoint.json", chunks: checkpointChunks },
  ];
  for (const file of files) {
    const entry = open(file.path);
    for await (const text of file.chunks()) {
      entry.push(text);
      yield* drain();
    }
    entry.close();
    yield* drain();
  }
  // The audit extract, last: the bulk streams outside any transaction; the tail (events written
  // meanwhile) and the export event are written under the chain lock, so the extract ends exactly at
  // the export event's predecessor. Nothing is yielded while the lock is held: the client's pace never holds it.
  const extract = open("audit-log.jsonl");
  const cursor = await extractStart(run.db, run.scope);
  for await (const text of extractLines(run.db, run.scope, cursor)) {
    extract.push(text);
    yield* drain();
  }
  const exportEvent = await audited(run.db, run.audit, async (tx, audit) => {
    await lockAuditChain(tx);
    for await (const text of extractLines(tx, run.scope, cursor)) extract.push(text);
    extract.push(flushGap(cursor));
    extract.close();
    // Every file's SHA-256 in the event: the pack can be checked against the live audit log.
    await audit({ action: "compliance.exported", targetType: "export", targetId: run.id, payload: { format: "evidence-pack", scope: run.scope, rows: count.rows, asOf: run.asOf.toISOString(), files: manifestFiles } });
    const [event] = await tx.select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
    if (!event) throw new Error("the export event was not written");
    return event;
  });
  const manifest = {
    format: PACK_FORMAT,
    generatedAt: run.asOf.toISOString(),
    asOf: run.asOf.toISOString(),
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
    const entry = new ZipDeflate(path, { level: 6 });
    zip.add(entry);
    entry.push(encoder.encode(text), true);
  }
  zip.end();
  yield* drain();
}
