import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { credentialPosture, findings } from "@/db/schema";
import { fingerprintNeighbours, loadPostureInputs } from "@/db/queries/posture-inputs";
import type { AuditEntry } from "@/db/queries/audit";
import { evaluatePosture } from "@/lib/domain/posture/rules";
import { stableKey } from "@/lib/domain/posture/details";
import { ruleIds, type RuleId, type Severity } from "@/lib/domain/posture/types";
import { env } from "@/lib/env";
import type { Audit } from "../audited";
import { exceptFindings } from "../governance/exceptions";
import { openFindings, type OpenFinding } from "../lifecycle/findings";

const BATCH = 1000;
/** Rules whose finding on one credential depends on another credential's secrets. */
const neighbourRules: readonly RuleId[] = ["secret-reused", "cross-environment"];
export type PostureChange = { checked: number; opened: number; resolved: number; updated: number };

/**
 * Re-runs the posture rules (DESIGN §5.1) over the given credentials in the caller's transaction and
 * reconciles the stored findings with the result: new ones opened (and excepted at once where an
 * active exception covers them), gone ones resolved ("cause gone"), changed ones updated (severity or
 * stable details) — each change audited. Also records which rules apply (`credential_posture.applicable_rules`, for
 * `not_applicable` control status) and when the credential was checked. Only the posture rule ids are
 * touched; lifecycle-owned findings (e.g. `review_revoke_pending`) are left alone.
 * Credentials sharing a fingerprint with these are re-evaluated too: reuse is a fact about both.
 */
export async function recomputePosture(
  tx: Tx,
  audit: Audit,
  credentialIds: readonly string[],
  now: Date = new Date(),
  options: { expandNeighbours?: boolean } = {},
): Promise<PostureChange> {
  const change: PostureChange = { checked: 0, opened: 0, resolved: 0, updated: 0 };
  const base = [...new Set(credentialIds)].filter((id) => id !== "");
  if (base.length === 0) return change;
  const ids = new Set(base);
  // A sweep over every credential reaches the neighbours in their own batch: no need to expand.
  for (let i = 0; options.expandNeighbours !== false && i < base.length; i += BATCH) {
    const chunk = base.slice(i, i + BATCH);
    for (const id of await fingerprintNeighbours(tx, chunk)) ids.add(id);
    // Credentials whose reuse finding named one of these (the shared secret may be gone by now).
    const named = await tx
      .select({ id: findings.credentialId })
      .from(findings)
      .where(
        and(
          inArray(findings.ruleId, [...neighbourRules]),
          inArray(findings.status, ["open", "excepted"]),
          sql`${findings.details}->'otherCredentialIds' ?| ${sql`array[${sql.join(chunk.map((id) => sql`${id}`), sql`, `)}]::text[]`}`,
        ),
      );
    for (const r of named) ids.add(r.id);
  }
  const all = [...ids];
  for (let i = 0; i < all.length; i += BATCH) {
    const batch = await recomputeBatch(tx, audit, all.slice(i, i + BATCH), now);
    change.checked += batch.checked;
    change.opened += batch.opened;
    change.resolved += batch.resolved;
    change.updated += batch.updated;
  }
  return change;
}

type LiveFinding = { id: string; ruleId: string; credentialId: string; severity: Severity; details: Record<string, unknown> };

/**
 * The batch's open and excepted posture findings, looked up credential by credential (issue 17).
 * As `credential_id in (…500 ids…)` the planner, whenever the findings statistics lag (a first
 * sweep opens them faster than autovacuum analyzes), reads the whole partial unique index
 * (rule_id, credential_id) and filters: every batch cost grew with all open findings, so a sweep
 * grew with the square of the inventory. A lateral probe per credential (OFFSET 0 keeps it from
 * being flattened into a hash join) uses findings_credential_idx whatever the statistics say.
 */
async function liveFindingsOf(tx: Tx, ids: readonly string[]): Promise<LiveFinding[]> {
  const rows = rowsOf<{ id: string; rule_id: string; credential_id: string; severity: Severity; details: Record<string, unknown> | string }>(
    await tx.execute(sql`
      select f.id, f.rule_id, f.credential_id, f.severity, f.details
        from unnest(${`{${ids.join(",")}}`}::uuid[]) as c(id)
        cross join lateral (
          select ${findings.id} as id, ${findings.ruleId} as rule_id, ${findings.credentialId} as credential_id, ${findings.severity} as severity, ${findings.details} as details
            from ${findings}
           where ${findings.credentialId} = c.id and ${findings.status} in ('open', 'excepted')
           offset 0
        ) f`),
  );
  const posture = new Set<string>(ruleIds);
  return rows
    .filter((r) => posture.has(r.rule_id))
    .map((r) => ({ id: r.id, ruleId: r.rule_id, credentialId: r.credential_id, severity: r.severity, details: typeof r.details === "string" ? (JSON.parse(r.details) as Record<string, unknown>) : r.details }));
}

async function recomputeBatch(tx: Tx, audit: Audit, ids: string[], now: Date): Promise<PostureChange> {
  const [inputs, live] = await Promise.all([
    loadPostureInputs(tx, ids, now, { unusedScopeDays: env().USAGE_UNUSED_SCOPE_DAYS, dormantDays: env().USAGE_DORMANT_DAYS }),
    liveFindingsOf(tx, ids),
  ]);
  const liveByKey = new Map(live.map((f) => [`${f.credentialId}:${f.ruleId}`, f]));
  const toOpen: OpenFinding[] = [];
  const toUpdate: { id: string; credentialId: string; ruleId: string; severity: Severity; details: Record<string, unknown>; from: Severity }[] = [];
  const wanted = new Set<string>();
  const applicable: { id: string; rules: string[] }[] = [];
  for (const input of inputs) {
    const evaluation = evaluatePosture(input);
    applicable.push({ id: input.credential.id, rules: [...evaluation.applicable] });
    for (const f of evaluation.findings) {
      const key = `${input.credential.id}:${f.ruleId}`;
      wanted.add(key);
      const existing = liveByKey.get(key);
      if (!existing) toOpen.push({ ruleId: f.ruleId, credentialId: input.credential.id, severity: f.severity, details: f.details });
      else if (existing.severity !== f.severity || stableKey(existing.details) !== stableKey(f.details)) {
        toUpdate.push({ id: existing.id, credentialId: input.credential.id, ruleId: f.ruleId, severity: f.severity, details: f.details, from: existing.severity });
      }
    }
  }
  const gone = live.filter((f) => !wanted.has(`${f.credentialId}:${f.ruleId}`));

  if (applicable.length > 0) {
    await tx.execute(sql`
      insert into ${credentialPosture} (credential_id, applicable_rules, checked_at)
      select r.id, array(select jsonb_array_elements_text(r.rules)), ${now.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(applicable)}::jsonb) as r(id uuid, rules jsonb)
      on conflict (credential_id) do update set applicable_rules = excluded.applicable_rules, checked_at = excluded.checked_at`);
  }
  if (gone.length > 0) {
    await tx
      .update(findings)
      .set({ status: "resolved", resolvedAt: now, resolution: "Cause gone: the rule no longer fires", updatedAt: now })
      .where(inArray(findings.id, gone.map((f) => f.id)));
    await audit.many(gone.map((f) => ({ action: "finding.resolved", targetType: "credential", targetId: f.credentialId, payload: { findingId: f.id, ruleId: f.ruleId, resolution: "cause gone" } })));
  }
  const updates: AuditEntry[] = [];
  for (const u of toUpdate) {
    await tx.update(findings).set({ severity: u.severity, details: u.details, updatedAt: now }).where(eq(findings.id, u.id));
    updates.push({ action: "finding.updated", targetType: "credential", targetId: u.credentialId, payload: { findingId: u.id, ruleId: u.ruleId, ...(u.from !== u.severity ? { severity: { from: u.from, to: u.severity } } : {}), details: u.details } });
  }
  await audit.many(updates);
  // A new finding an active exception already covers is excepted at once (DESIGN §5.3).
  const opened = await openFindings(tx, audit, toOpen, now);
  await exceptFindings(tx, audit, opened, now);
  return { checked: inputs.length, opened: opened.length, resolved: gone.length, updated: toUpdate.length };
}
