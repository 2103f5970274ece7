import "server-only";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { leakIncidents, secrets } from "@/db/schema";
import type { Audit } from "../audited";
import { lifecycleRules, resolveFindings } from "./findings";
import { transitionSecrets } from "../commands/transitions";

// Remediating leak incidents is a step of rotation completion, decommissioning and the incident
// service alike; it lives below all three so none of them imports another for it (no import cycle).

export type RemediateLeakIncidents = {
  credentialId: string;
  /** Only incidents of these secrets; all of the credential's open incidents when omitted. */
  secretIds?: readonly string[];
  at: Date;
  /** What ended the incident, e.g. "rotated (request …)" or "credential decommissioned". */
  remediation: string;
};

/**
 * Remediates open leak incidents inside the caller's transaction: status, remediated at, seconds
 * since detection (never negative), the secrets' remediated at; audits each `incident.remediated`;
 * resolves the `secret-leaked` finding once the credential has no open incident left. Returns how
 * many incidents were remediated.
 */
export async function remediateLeakIncidents(tx: Tx, audit: Audit, options: RemediateLeakIncidents): Promise<number> {
  const { credentialId, secretIds, at, remediation } = options;
  if (secretIds !== undefined && secretIds.length === 0) return 0;
  const open = await tx
    .select({ id: leakIncidents.id, secretId: leakIncidents.secretId, detectedAt: leakIncidents.detectedAt })
    .from(leakIncidents)
    .where(
      and(
        eq(leakIncidents.credentialId, credentialId),
        eq(leakIncidents.status, "open"),
        secretIds ? inArray(leakIncidents.secretId, [...secretIds]) : undefined,
      ),
    )
    .for("update");
  for (const incident of open) {
    const remediationSeconds = Math.max(0, Math.floor((at.getTime() - incident.detectedAt.getTime()) / 1000));
    await tx
      .update(leakIncidents)
      .set({ status: "remediated", remediatedAt: at, remediationSeconds, remediation, updatedAt: new Date() })
      .where(eq(leakIncidents.id, incident.id));
    await audit({
      action: "incident.remediated",
      targetType: "credential",
      targetId: credentialId,
      payload: { incidentId: incident.id, secretId: incident.secretId, remediationSeconds, remediation },
    });
  }
  if (open.length > 0) {
    await transitionSecrets(tx, and(inArray(secrets.id, [...new Set(open.map((i) => i.secretId))]), isNull(secrets.remediatedAt)), { remediatedAt: at });
    const [stillOpen] = await tx
      .select({ id: leakIncidents.id })
      .from(leakIncidents)
      .where(and(eq(leakIncidents.credentialId, credentialId), eq(leakIncidents.status, "open")))
      .limit(1);
    if (!stillOpen) await resolveFindings(tx, audit, lifecycleRules.leakedSecret.id, [credentialId], remediation, at);
  }
  return open.length;
}
