import type { RecordType } from "./model";
import type { Action, Counts } from "./plan";
import type { InventoryFormat, Issue } from "./read";

/** What the import endpoint answers (client-safe: the UI renders these). */
export const importModes = ["dry-run", "apply", "apply-valid"] as const;
export type ImportMode = (typeof importModes)[number];

export type DryRunRecord = {
  type: RecordType;
  key: string | null;
  line: number;
  action: Exclude<Action, "unchanged">;
  fields: string[];
  issues: Issue[];
};

export type DryRunResult = {
  format: InventoryFormat;
  /** Whole-file problems: with any of them nothing can be imported. */
  fileErrors: Issue[];
  summary: Record<RecordType, Counts>;
  /** Invalid records (up to 5000), then created and updated ones (up to 2000); unchanged ones are only counted. */
  records: DryRunRecord[];
  /** File fields Steward does not take (e.g. `lastReviewedAt`: only a recorded review sets it), with lines. */
  ignored: Issue[];
  /** New grants to APIs other teams own: imported as requests, the importer their requester (DESIGN §4.5). */
  grantRequests: Issue[];
  truncated: boolean;
  totals: Counts;
};

export type ApplyResult = {
  created: number;
  updated: number;
  unchanged: number;
  skippedInvalid: number;
  byType: Record<RecordType, { created: number; updated: number }>;
};

/** The apply response is NDJSON: one of these per line. */
export type ImportEvent =
  | { type: "plan"; summary: Record<RecordType, Counts>; totals: Counts; toApply: number }
  | { type: "progress"; recordType: RecordType; done: number; total: number }
  | { type: "done"; result: ApplyResult }
  | { type: "error"; message: string; done: number; total: number };

export function totalsOf(summary: Record<RecordType, Counts>): Counts {
  const totals: Counts = { create: 0, update: 0, unchanged: 0, invalid: 0 };
  for (const counts of Object.values(summary)) {
    totals.create += counts.create;
    totals.update += counts.update;
    totals.unchanged += counts.unchanged;
    totals.invalid += counts.invalid;
  }
  return totals;
}
