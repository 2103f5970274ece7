import type { PostureInput, RuleOutcome, Severity } from "../types";

/** What every rule group shares: the outcome shapes, reading stored details back, and words. */

export const DAY_MS = 86_400_000;

export const notApplicable: RuleOutcome = { applicable: false };
export const passes: RuleOutcome = { applicable: true, finding: null };
export const fires = (severity: Severity, details: Record<string, unknown>): RuleOutcome => ({ applicable: true, finding: { severity, details } });

export const str = (v: unknown, fallback = "?"): string => (typeof v === "string" && v.length > 0 ? v : fallback);
export const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);
export const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** "a", "a and b", "a, b and c". */
export function joinWords(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} and ${parts.at(-1) ?? ""}`;
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
/** " on 2026-06-01", or nothing when the date is missing from older details. */
export const onDay = (iso: unknown) => (typeof iso === "string" && iso.length >= 10 ? ` on ${iso.slice(0, 10)}` : "");
export const activeSecrets = (input: PostureInput) => input.secrets.filter((s) => s.status === "active");
export const isProduction = (input: PostureInput) => input.credential.environment === "production";
