import { parseNdjson } from "./ndjson";
import type { DryRunResult, ImportEvent } from "./results";

/**
 * The import endpoint's answers, read for the UI. Its contract declares no response schema (the
 * shape depends on the mode: a JSON diff for dry-run, NDJSON progress for apply), so the types come
 * from ./results, which the server's import writes through.
 */
export async function readDryRun(response: Response): Promise<DryRunResult> {
  return (await response.json()) as DryRunResult;
}

export function readImportEvents(response: Response): AsyncGenerator<ImportEvent> {
  if (!response.body) throw new Error("The import answered without a body");
  return parseNdjson<ImportEvent>(response.body);
}
