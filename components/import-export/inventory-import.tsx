"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage, Select } from "@/components/ui/form";
import { Badge, DataTable, Td } from "@/components/ui/layout";
import { MAX_IMPORT_BYTES } from "@/lib/inventory-file/limits";
import { recordTypeLabels, recordTypes, type RecordType } from "@/lib/inventory-file/model";
import type { ApplyResult, DryRunResult, ImportMode } from "@/lib/inventory-file/results";
import { readDryRun, readImportEvents } from "@/lib/inventory-file/responses";
import { apiUpload } from "@/lib/api/client";
import { routes } from "@/lib/api/routes";

type Format = "json" | "csv";
type Progress = { done: number; total: number; recordType?: RecordType };

const contentType: Record<Format, string> = { json: "application/json", csv: "text/csv" };

function guessFormat(file: File): Format {
  return /\.csv$/i.test(file.name) || file.type === "text/csv" ? "csv" : "json";
}

/** Sends the file to the import endpoint in one mode; a refusal is the API's typed error. */
function upload(file: File, format: Format, mode: ImportMode): Promise<Response> {
  return apiUpload(routes.importInventory, { query: { format, mode }, file, contentType: contentType[format] });
}

async function dryRun(file: File, format: Format): Promise<DryRunResult> {
  return readDryRun(await upload(file, format, "dry-run"));
}

/** Sends the file again and follows the NDJSON progress events until the import is done. */
async function apply(file: File, format: Format, importValid: boolean, onProgress: (p: Progress) => void): Promise<ApplyResult> {
  const response = await upload(file, format, importValid ? "apply-valid" : "apply");
  let result: ApplyResult | undefined;
  for await (const event of readImportEvents(response)) {
    if (event.type === "plan") onProgress({ done: 0, total: event.toApply });
    else if (event.type === "progress") onProgress({ done: event.done, total: event.total, recordType: event.recordType });
    else if (event.type === "done") result = event.result;
    else throw new Error(`${event.message} (${event.done} of ${event.total} records were imported before it stopped)`);
  }
  if (!result) throw new Error("The import ended without a result; check the audit log for what was written");
  return result;
}

const actionTone = { create: "green", update: "blue", invalid: "red" } as const;

/** Notes on lines of the file that do not stop the import (nothing when there are none). */
function LineNotes({ testId, title, notes }: { testId: string; title: string; notes: DryRunResult["ignored"] }) {
  if (notes.length === 0) return null;
  return (
    <div className="space-y-2" data-testid={testId}>
      <h4 className="text-sm font-semibold text-slate-800">{title}</h4>
      <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
        {notes.map((note) => (
          <li key={`${note.line}-${note.field}`}>
            Line {note.line}: <code className="text-xs">{note.field}</code> {note.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function InventoryImport() {
  const router = useRouter();
  const ids = { file: useId(), format: useId(), valid: useId() };
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<Format>("json");
  const [importValid, setImportValid] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [tooLarge, setTooLarge] = useState(false);

  const check = useMutation<DryRunResult, Error, { file: File; format: Format }>({ mutationFn: (v) => dryRun(v.file, v.format) });
  const run = useMutation<ApplyResult, Error, { file: File; format: Format; importValid: boolean }>({
    mutationFn: (v) => apply(v.file, v.format, v.importValid, setProgress),
    onSettled: () => router.refresh(),
  });

  const plan = check.data;
  const invalidCount = plan?.totals.invalid ?? 0;
  const toApply = plan ? plan.totals.create + plan.totals.update : 0;
  const blocked = !plan || plan.fileErrors.length > 0 || (invalidCount > 0 && !importValid) || toApply === 0 || run.isPending || run.isSuccess;

  const reset = () => {
    check.reset();
    run.reset();
    setProgress(null);
    setImportValid(false);
  };

  return (
    <div className="mt-3 space-y-5">
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (file && !tooLarge) check.mutate({ file, format });
        }}
      >
        <div>
          <label htmlFor={ids.file} className="mb-1 block text-sm font-medium text-slate-700">
            Inventory file
          </label>
          <input
            id={ids.file}
            type="file"
            accept=".json,.csv,application/json,text/csv"
            data-testid="import-file"
            className="block text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-slate-100"
            onChange={(e) => {
              const chosen = e.currentTarget.files?.[0] ?? null;
              setFile(chosen);
              setTooLarge(chosen !== null && chosen.size > MAX_IMPORT_BYTES);
              if (chosen) setFormat(guessFormat(chosen));
              reset();
            }}
          />
        </div>
        <div>
          <label htmlFor={ids.format} className="mb-1 block text-sm font-medium text-slate-700">
            Format
          </label>
          <Select
            id={ids.format}
            value={format}
            onChange={(e) => {
              setFormat(e.currentTarget.value === "csv" ? "csv" : "json");
              reset();
            }}
          >
            <option value="json">JSON (steward-inventory/v1)</option>
            <option value="csv">CSV (credentials)</option>
          </Select>
        </div>
        <Button type="submit" variant="secondary" disabled={!file || tooLarge || check.isPending || run.isPending} data-testid="dry-run">
          {check.isPending ? "Checking…" : "Check file (dry run)"}
        </Button>
      </form>

      {tooLarge ? <FormMessage>The file is larger than {MAX_IMPORT_BYTES / (1024 * 1024)} MB. Split it into smaller files.</FormMessage> : null}
      {check.isError ? <FormMessage>{check.error.message}</FormMessage> : null}
      {check.isPending ? (
        <p role="status" className="text-sm text-slate-600">
          Reading and checking {file?.name}… nothing is written during a dry run.
        </p>
      ) : null}

      {plan ? (
        <section aria-labelledby="dry-run-heading" className="space-y-4" data-testid="dry-run-result">
          <h3 id="dry-run-heading" className="text-sm font-semibold text-slate-900">
            Dry run: nothing has been written yet
          </h3>
          {plan.fileErrors.length > 0 ? (
            <div className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="file-errors">
              <p className="font-medium">This file cannot be imported:</p>
              <ul className="mt-1 list-disc pl-5">
                {plan.fileErrors.map((e, i) => (
                  <li key={i}>
                    Line {e.line}: <code>{e.field}</code> {e.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <DataTable caption="What the import would do, by record type" head={["Record type", "Create", "Update", "Unchanged", "Invalid"]}>
              {recordTypes.map((t) => {
                const c = plan.summary[t];
                return (
                  <tr key={t} data-testid={`summary-${t}`}>
                    <Td>{recordTypeLabels[t]}</Td>
                    <Td>{c.create}</Td>
                    <Td>{c.update}</Td>
                    <Td>{c.unchanged}</Td>
                    <Td className={c.invalid > 0 ? "font-semibold text-red-700" : undefined}>{c.invalid}</Td>
                  </tr>
                );
              })}
            </DataTable>
          )}

          {invalidCount > 0 ? (
            <div className="space-y-2">
              <h4 className="text-sm font-semibold text-red-800">
                {invalidCount} invalid record{invalidCount === 1 ? "" : "s"}
              </h4>
              <DataTable caption="Invalid records with the line and field of each problem" head={["Type", "Key", "Record line", "Field", "Line", "Reason"]}>
                {plan.records
                  .filter((r) => r.action === "invalid")
                  .flatMap((r) =>
                    (r.issues.length ? r.issues : [{ field: "record", line: r.line, message: "is invalid" }]).map((issue, i) => (
                      <tr key={`${r.type}-${r.line}-${i}`} data-testid="invalid-row">
                        <Td>{recordTypeLabels[r.type]}</Td>
                        <Td className="font-mono text-xs">{r.key ?? "—"}</Td>
                        <Td>{r.line}</Td>
                        <Td className="font-mono text-xs">{issue.field}</Td>
                        <Td>{issue.line}</Td>
                        <Td className="max-w-md break-words">{issue.message}</Td>
                      </tr>
                    )),
                  )}
              </DataTable>
            </div>
          ) : null}

          <LineNotes testId="grant-requests" title="Grants that will wait for another team&apos;s approval" notes={plan.grantRequests} />

          <LineNotes testId="ignored-fields" title="Not taken from the file" notes={plan.ignored} />

          {plan.records.some((r) => r.action !== "invalid") ? (
            <details className="rounded-md border border-slate-200 bg-white">
              <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-700">
                Show the {toApply} record{toApply === 1 ? "" : "s"} to create or update
              </summary>
              <ul className="max-h-80 divide-y divide-slate-100 overflow-y-auto text-sm">
                {plan.records
                  .filter((r) => r.action !== "invalid")
                  .map((r) => (
                    <li key={`${r.type}-${r.line}`} className="flex flex-wrap items-center gap-2 px-3 py-1.5">
                      <Badge tone={actionTone[r.action]}>{r.action}</Badge>
                      <span className="text-slate-600">{recordTypeLabels[r.type]}</span>
                      <code className="text-xs">{r.key}</code>
                      <span className="text-xs text-slate-500">line {r.line}</span>
                      {r.fields.length ? <span className="text-xs text-slate-500">changes {r.fields.join(", ")}</span> : null}
                    </li>
                  ))}
                {plan.truncated ? <li className="px-3 py-1.5 text-xs text-slate-500">… and more (the list is capped; the counts above are complete)</li> : null}
              </ul>
            </details>
          ) : null}

          {plan.fileErrors.length === 0 ? (
            <div className="space-y-3">
              {invalidCount > 0 ? (
                <div className="flex items-center gap-2">
                  <input
                    id={ids.valid}
                    type="checkbox"
                    className="h-4 w-4 rounded border-slate-300"
                    checked={importValid}
                    disabled={run.isPending || run.isSuccess}
                    onChange={(e) => setImportValid(e.currentTarget.checked)}
                    data-testid="import-valid"
                  />
                  <label htmlFor={ids.valid} className="text-sm text-slate-700">
                    Import the valid ones (skip the {invalidCount} invalid record{invalidCount === 1 ? "" : "s"})
                  </label>
                </div>
              ) : null}
              {toApply === 0 ? <FormMessage kind="info">Nothing to import: every valid record is already up to date.</FormMessage> : null}
              <Button disabled={blocked} onClick={() => file && run.mutate({ file, format, importValid })} data-testid="import-button">
                {run.isPending ? "Importing…" : `Import ${toApply} record${toApply === 1 ? "" : "s"}`}
              </Button>
              {invalidCount > 0 && !importValid ? <p className="text-xs text-slate-500">Fix the invalid records and check the file again, or tick “Import the valid ones”.</p> : null}
            </div>
          ) : null}
        </section>
      ) : null}

      {progress && (run.isPending || run.isSuccess || run.isError) ? (
        <div className="space-y-1" aria-live="polite">
          <div className="flex justify-between text-sm text-slate-700">
            <span id="import-progress-label">{run.isPending ? `Importing${progress.recordType ? ` ${recordTypeLabels[progress.recordType].toLowerCase()}` : ""}…` : "Import progress"}</span>
            <span>
              {progress.done} / {progress.total}
            </span>
          </div>
          <div
            role="progressbar"
            aria-labelledby="import-progress-label"
            aria-valuemin={0}
            aria-valuemax={progress.total}
            aria-valuenow={progress.done}
            className="h-2 w-full overflow-hidden rounded-full bg-slate-200"
            data-testid="import-progress"
          >
            <div className="h-full bg-brand-600 transition-[width]" style={{ width: `${progress.total ? Math.round((progress.done / progress.total) * 100) : 100}%` }} />
          </div>
        </div>
      ) : null}
      {run.isError ? <FormMessage>{run.error.message}</FormMessage> : null}
      {run.data ? (
        <FormMessage kind="success">
          <span data-testid="import-result">
            Imported: {run.data.created} created, {run.data.updated} updated, {run.data.unchanged} unchanged
            {run.data.skippedInvalid ? `, ${run.data.skippedInvalid} invalid skipped` : ""}. Each change is in the audit log.
          </span>
        </FormMessage>
      ) : null}
    </div>
  );
}
