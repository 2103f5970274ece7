import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import { findings } from "@/db/schema";
import type { AuditEntry } from "@/db/queries/audit";
import type { Audit } from "../audited";

/**
 * Findings that lifecycle events open and resolve themselves (DESIGN §4.2, §4.4); the governance
 * rule engine (§5) adds the other rules. One open finding per (rule, credential), enforced by a
 * partial unique index, so opening twice is a no-op.
 */
export const lifecycleRules = {
  orphaned: { id: "owner-missing", severity: "high" },
  leakedSecret: { id: "secret-leaked", severity: "critical" },
  rotationOverdue: { id: "rotation-overdue", severity: "high" },
} as const;

export type FindingSeverity = "low" | "medium" | "high" | "critical";

export type OpenFinding = {
  ruleId: string;
  credentialId: string;
  severity: FindingSeverity;
  details?: Record<string, unknown>;
};

function openedEvent(findingId: string, finding: OpenFinding): AuditEntry {
  return {
    action: "finding.opened",
    targetType: "credential",
    targetId: finding.credentialId,
    payload: { findingId, ruleId: finding.ruleId, severity: finding.severity, ...(finding.details ? { details: finding.details } : {}) },
  };
}

/** Opens the finding unless one is already open; audits only what was actually opened. Returns the new id or null. */
export async function openFinding(tx: Tx, audit: Audit, finding: OpenFinding, at = new Date()): Promise<string | null> {
  const [row] = await tx
    .insert(findings)
    .values({
      ruleId: finding.ruleId,
      credentialId: finding.credentialId,
      severity: finding.severity,
      details: finding.details ?? {},
      openedAt: at,
    })
    .onConflictDoNothing({ target: [findings.ruleId, findings.credentialId], where: sql`${findings.status} in ('open', 'excepted')` })
    .returning({ id: findings.id });
  if (!row) return null;
  await audit(openedEvent(row.id, finding));
  return row.id;
}

export type OpenedFinding = { id: string; ruleId: string; credentialId: string };

/**
 * Batch twin of `openFinding` for sweeps over many credentials: one INSERT per 2,000 rows (one JSON
 * parameter, unpacked in SQL), each finding actually opened audited exactly as `openFinding` audits
 * it. Returns the ones opened.
 */
export async function openFindings(tx: Tx, audit: Audit, list: readonly OpenFinding[], at = new Date()): Promise<OpenedFinding[]> {
  const opened: OpenedFinding[] = [];
  for (let i = 0; i < list.length; i += 2000) {
    const chunk = list.slice(i, i + 2000);
    const values = chunk.map((f) => ({ rule_id: f.ruleId, credential_id: f.credentialId, severity: f.severity, details: f.details ?? {} }));
    const rows = rowsOf<OpenedFinding>(
      await tx.execute(sql`
        insert into ${findings} (rule_id, credential_id, severity, details, opened_at)
        select r.rule_id, r.credential_id, r.severity::finding_severity, r.details, ${at.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as r(rule_id text, credential_id uuid, severity text, details jsonb)
        on conflict (rule_id, credential_id) where status in ('open', 'excepted') do nothing
        returning id, rule_id as "ruleId", credential_id as "credentialId"`),
    );
    const byKey = new Map(chunk.map((f) => [`${f.ruleId}:${f.credentialId}`, f]));
    await audit.many(
      rows.flatMap((row) => {
        const finding = byKey.get(`${row.ruleId}:${row.credentialId}`);
        return finding ? [openedEvent(row.id, finding)] : [];
      }),
    );
    opened.push(...rows);
  }
  return opened;
}

/** Resolves the live (open or excepted) finding of `ruleId` on each credential given; audits each one resolved. Returns how many. */
export async function resolveFindings(
  tx: Tx,
  audit: Audit,
  ruleId: string,
  credentialIds: readonly string[],
  resolution: string,
  at = new Date(),
): Promise<number> {
  if (credentialIds.length === 0) return 0;
  const rows = await tx
    .update(findings)
    .set({ status: "resolved", resolvedAt: at, resolution, updatedAt: at })
    .where(and(eq(findings.ruleId, ruleId), inArray(findings.status, ["open", "excepted"]), inArray(findings.credentialId, [...credentialIds])))
    .returning({ id: findings.id, credentialId: findings.credentialId });
  await audit.many(rows.map((row) => ({ action: "finding.resolved", targetType: "credential", targetId: row.credentialId, payload: { findingId: row.id, ruleId, resolution } })));
  return rows.length;
}
