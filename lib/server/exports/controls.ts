import "server-only";
import { catalogJson, credentialJson, csvHeader, csvRows, notAssessedCsvRows } from "@/lib/domain/exports/shape";
import { formatCsvRow } from "@/lib/inventory-file/csv";
import { credentialsOf, type Counter, type ExportRun } from "./run";

/** The control-status export as CSV: a row per credential and control, then the controls no rule assesses. */
export async function* csvChunks(run: ExportRun, count: Counter): AsyncGenerator<string> {
  yield formatCsvRow(csvHeader);
  for await (const c of credentialsOf(run)) {
    count.rows += c.controls.length;
    yield csvRows(c, run.asOf);
  }
  yield notAssessedCsvRows(run.scope.frameworks, run.asOf);
}

/** The control-status export as one JSON document, credentials streamed into its array. */
export async function* jsonChunks(run: ExportRun, count: Counter): AsyncGenerator<string> {
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
