import "server-only";
import type { ExportFormat } from "@/lib/validation/exports";
import { recordAuditEvent } from "../audited";
import { csvChunks, jsonChunks } from "./controls";
import { evidencePack } from "./evidence-pack";
import { assessmentResultsChunks, componentDefinitionChunks } from "./oscal";
import type { Counter, ExportRun } from "./run";

/**
 * The auditor exports as byte streams (DESIGN §8.4): one module per export (controls CSV/JSON, OSCAL, the
 * evidence pack with its period files and audit extract); this one picks the format, names the file and
 * writes the audit event.
 */
export { newExportRun, type ExportRun } from "./run";

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
