import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { getDb } from "@/db";
import { getCredentialDetail } from "@/db/queries/credentials";
import { peopleByIds } from "@/db/queries/inventory-ui";
import { scopesOfApis } from "@/db/queries/registry";
import { CredentialForm, type CredentialFormValues } from "@/components/inventory/credential-form";
import type { Scope } from "@/components/inventory/types";
import { PageHeader } from "@/components/ui/layout";
import { canEditRecord } from "@/lib/authz/ownership";
import { recordAuditEvent } from "@/lib/server/audited";
import { auditContext } from "@/lib/server/context";
import { actorFacts } from "@/lib/server/inventory/facts";
import { requirePage } from "@/lib/server/page-guard";
import { idField } from "@/lib/validation/common";
import { credentialFormOptions } from "../../form-options";

export const metadata: Metadata = { title: "Edit credential · Steward" };

export default async function EditCredentialPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePage("/inventory/[id]/edit");
  const { id } = await params;
  if (!idField.safeParse(id).success) notFound();
  const db = await getDb();
  const detail = await getCredentialDetail(db, id);
  if (!detail) notFound();
  const c = detail.credential;
  const facts = await actorFacts(db, ctx);
  if (!canEditRecord(facts, c)) {
    // Record-level denial (DESIGN §2): audited like any other, then the 403 page.
    await recordAuditEvent(db, auditContext(ctx), { action: "authz.denied", targetType: "credential", targetId: id, payload: { reason: "not an owner of this credential", method: "GET", path: `/inventory/${id}/edit` } });
    forbidden();
  }
  const holders = await peopleByIds(db, [c.ownerId, c.backupOwnerId, c.rotationOwnerId, c.revocationOwnerId, c.sdkOwnerId]);
  const teamRefs = [
    { id: c.owningTeamId, name: detail.owningTeamName },
    { id: c.identityGovernanceTeamId, name: detail.identityGovernanceTeamName },
    { id: c.platformTeamId, name: detail.platformTeamName },
  ].flatMap((t) => (t.id && t.name ? [{ id: t.id, name: t.name }] : []));
  const [options, scopes] = await Promise.all([
    credentialFormOptions(db, facts, {
      people: [...holders.values()].map((p) => ({ id: p.id, name: p.name, hint: p.email, isActive: p.isActive })),
      teams: teamRefs,
      owningTeamId: c.owningTeamId,
      server: c.authorizationServerId && detail.serverName ? { id: c.authorizationServerId, name: detail.serverName } : null,
      applications: detail.applications.map((a) => ({ id: a.id, name: a.name, environment: a.environment, trustZone: a.trustZone })),
      apis: detail.grants.map((g) => ({ id: g.apiId, name: g.apiName, hint: g.audience })),
    }),
    scopesOfApis(db, detail.grants.map((g) => g.apiId)),
  ]);
  const initialScopes: Record<string, Scope[]> = {};
  for (const s of scopes) (initialScopes[s.apiId] ??= []).push({ id: s.id, name: s.name, description: s.description, privilege: s.privilege });
  const values: CredentialFormValues = {
    id: c.id,
    key: c.key,
    kind: c.kind,
    name: c.name,
    description: c.description,
    environment: c.environment,
    status: c.status,
    clientId: c.clientId,
    authorizationServerId: c.authorizationServerId,
    tokenEndpoint: c.tokenEndpoint,
    grantTypes: c.grantTypes,
    clientAuthMethod: c.clientAuthMethod,
    accessTokenTtlSeconds: c.accessTokenTtlSeconds,
    refreshTokenTtlSeconds: c.refreshTokenTtlSeconds,
    applicationIds: detail.applications.map((a) => a.id),
    ownerId: c.ownerId,
    backupOwnerId: c.backupOwnerId,
    owningTeamId: c.owningTeamId,
    identityGovernanceTeamId: c.identityGovernanceTeamId,
    platformTeamId: c.platformTeamId,
    rotationOwnerId: c.rotationOwnerId,
    revocationOwnerId: c.revocationOwnerId,
    breakGlassProcedure: c.breakGlassProcedure,
    sdkName: c.sdkName,
    sdkVersion: c.sdkVersion,
    sdkOwnerId: c.sdkOwnerId,
    tokenCache: c.tokenCache,
    tokenPersistence: c.tokenPersistence,
    logsRedactTokens: c.logsRedactTokens,
    reviewCadenceDays: c.reviewCadenceDays,
    lastReviewedAt: c.lastReviewedAt ? c.lastReviewedAt.toISOString() : null,
    rotationPolicyId: c.rotationPolicyId,
    grants: detail.grants.map((g) => ({ apiId: g.apiId, scopeIds: g.scopes.map((s) => s.id), justification: g.justification })),
  };
  return (
    <>
      <PageHeader title={`Edit ${c.name}`} description="Every change is recorded in the audit log; due dates are recomputed when you save." />
      {c.status === "decommissioned" ? (
        <p className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          This credential is decommissioned and kept read-only as evidence; it cannot be edited.{" "}
          <Link href={`/inventory/${id}?tab=lifecycle`} className="font-medium underline">
            See its decommission record
          </Link>
          .
        </p>
      ) : (
        <CredentialForm credential={values} options={options} initialScopes={initialScopes} />
      )}
    </>
  );
}
