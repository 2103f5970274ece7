import { governanceOverride } from "@/lib/authz/ownership";
import type { Role } from "@/lib/authz/permissions";
import { highestSensitivity, matchPolicy, weakeningOverrides, type GovernanceOverride, type RotationPolicy } from "@/lib/domain/policies";
import type { CredentialFull } from "./full";
import type { CredentialRecord, FileRecord } from "./records";
import { summaryOf, type Plan, type PlannedRecord, type World } from "./plan";
import { type Entry, type Issue } from "./read";

/**
 * The rules every writer of a credential obeys (issue 12, issue 19 §1), applied to an import's plan
 * (pure): what the REST edit refuses, the import marks invalid with line and field; what only
 * Steward itself sets, the import leaves alone and says so.
 */

/** Issue 12: "last reviewed at" is server-owned; a file carrying another tool's date must not count as a review here. */
export const LAST_REVIEWED_IGNORED = "is ignored: only a recorded review in Steward sets when a credential was last reviewed";
export const OVERRIDE_BY_GOVERNORS = "may be overridden only by security or an admin";

export type PolicyWithKey = RotationPolicy & { key: string };

const overrides: readonly GovernanceOverride[] = ["reviewCadenceDays", "rotationPolicy"];

/** A field the file sets to something other than what is stored (on a create: anything but null). */
const sets = (r: CredentialRecord, cur: CredentialFull | undefined, f: GovernanceOverride | "lastReviewedAt") => r[f] !== undefined && r[f] !== (cur ? cur[f] : null);

/** The credential as the import would leave it, as policy matching sees it; file APIs and applications win over stored ones. */
function governanceAfter(r: CredentialRecord, cur: CredentialFull | undefined, world: World, plan: Plan, policies: readonly PolicyWithKey[]) {
  const environment = r.environment ?? cur?.environment;
  if (!environment) return undefined;
  const fileApis = new Map<string, FileRecord>();
  const fileApps = new Map<string, FileRecord>();
  for (const p of plan.records) {
    if (p.action === "invalid" || !p.file || !p.key) continue;
    if (p.type === "api") fileApis.set(p.key, p.file);
    if (p.type === "application") fileApps.set(p.key, p.file);
  }
  const sensitivityOf = (key: string) => {
    const f = fileApis.get(key);
    return (f?.type === "api" ? f.record.sensitivity : undefined) ?? world.apis.get(key)?.sensitivity;
  };
  const thirdPartyOf = (key: string) => {
    const f = fileApps.get(key);
    return (f?.type === "application" ? f.record.thirdParty : undefined) ?? world.applications.get(key)?.thirdParty ?? false;
  };
  const subject = {
    environment,
    kind: r.kind ?? cur?.kind ?? "oauth_client",
    thirdParty: (r.applications ?? cur?.applications ?? []).some(thirdPartyOf),
    highestSensitivity: highestSensitivity((r.grants ?? cur?.grants ?? []).flatMap((g) => sensitivityOf(g.api) ?? [])),
  };
  const policyKey = r.rotationPolicy !== undefined ? r.rotationPolicy : (cur?.rotationPolicy ?? null);
  return {
    matched: matchPolicy(policies, subject),
    effective: matchPolicy(policies, subject, policies.find((p) => p.key === policyKey)?.id ?? null),
    reviewCadenceDays: r.reviewCadenceDays !== undefined ? r.reviewCadenceDays : (cur?.reviewCadenceDays ?? null),
  };
}

/**
 * Applies the write rules to a plan, for an importer of `role`: a governance override weaker than
 * the matched policy (or any override by someone who may set none) makes the record invalid; a
 * `lastReviewedAt` that differs from what is stored is dropped from the record and listed as
 * ignored (an export's unchanged date is neither). Returns the new plan and the ignored fields.
 */
export function applyWriteRules(plan: Plan, entries: readonly Entry[], world: World, policies: readonly PolicyWithKey[], role: Role): { plan: Plan; ignored: Issue[] } {
  const entryOf = new Map(entries.map((e) => [`${e.type}:${e.index}`, e]));
  const ignored: Issue[] = [];
  const records = plan.records.map((p): PlannedRecord => {
    const entry = entryOf.get(`${p.type}:${p.index}`);
    if (p.type !== "credential" || p.file?.type !== "credential" || (p.action !== "create" && p.action !== "update") || !entry) return p;
    const r = p.file.record;
    const cur = world.credentials.get(r.key);
    const issue = (field: string, message: string): Issue => ({ field: entry.fieldName([field]), message, line: entry.lineOf([field]) });
    const changed = overrides.filter((f) => sets(r, cur, f));
    const refused = !governanceOverride.mayOverride(role)
      ? Object.fromEntries(changed.map((f) => [f, OVERRIDE_BY_GOVERNORS]))
      : changed.length && !governanceOverride.mayWeaken(role)
        ? weakeningOverrides(governanceAfter(r, cur, world, plan, policies) ?? { matched: undefined, effective: undefined, reviewCadenceDays: null }, changed)
        : {};
    const issues = overrides.flatMap((f) => (refused[f] ? [issue(f, refused[f])] : []));
    if (issues.length) return { ...p, action: "invalid", fields: [], issues };
    if (r.lastReviewedAt === undefined) return p;
    if (sets(r, cur, "lastReviewedAt")) ignored.push(issue("lastReviewedAt", LAST_REVIEWED_IGNORED));
    const { lastReviewedAt: _ignored, ...record } = r;
    const fields = p.fields.filter((f) => f !== "lastReviewedAt");
    const action = p.action === "update" && fields.length === 0 ? "unchanged" : p.action;
    return { ...p, action, fields, file: { type: "credential", record } };
  });
  return { plan: { records, summary: summaryOf(records) }, ignored };
}
