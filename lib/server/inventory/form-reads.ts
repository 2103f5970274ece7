import "server-only";
import { getCredentialDetail } from "@/db/queries/credentials";
import { peopleByIds } from "@/db/queries/inventory-ui";
import { scopesOfApis } from "@/db/queries/registry";
import type { CredentialFormValues } from "@/components/inventory/credential-form";
import type { Scope } from "@/components/inventory/types";
import { canEditRecord } from "@/lib/authz/ownership";
import { forbidden } from "@/lib/errors";
import { copyFields, credentialPlainFields } from "@/lib/inventory-file/full";
import { recordAuditEvent } from "../audited";
import { auditContext, type Actor, type RequestContext } from "../context";
import { readerDb } from "../reads";
import { actorFacts } from "./facts";
import { credentialFormOptions } from "./form-options";

type Viewer = RequestContext & { actor: Actor };

/** The new-credential page: the form's options as this viewer may use them. */
export async function readNewCredentialForm(viewer: Viewer) {
  const db = await readerDb(viewer.actor, "credential:write");
  const facts = await actorFacts(db, viewer);
  return { options: await credentialFormOptions(db, facts), isMember: facts.role === "member" };
}

/**
 * The edit page of one credential: null when unknown; a viewer who may not edit this record (a
 * member outside its owners and teams) is refused with an audited denial (DESIGN §2), as the API is.
 */
export async function readCredentialEditForm(viewer: Viewer, id: string) {
  const db = await readerDb(viewer.actor, "credential:write");
  const detail = await getCredentialDetail(db, id);
  if (!detail) return null;
  const c = detail.credential;
  const facts = await actorFacts(db, viewer);
  if (!canEditRecord(facts, c)) {
    await recordAuditEvent(db, auditContext(viewer), { action: "authz.denied", targetType: "credential", targetId: id, payload: { reason: "not an owner of this credential", method: "GET", path: `/inventory/${id}/edit` } });
    throw forbidden("You are not an owner of this credential");
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
    ...copyFields(c, credentialPlainFields),
    authorizationServerId: c.authorizationServerId,
    applicationIds: detail.applications.map((a) => a.id),
    ownerId: c.ownerId,
    backupOwnerId: c.backupOwnerId,
    owningTeamId: c.owningTeamId,
    identityGovernanceTeamId: c.identityGovernanceTeamId,
    platformTeamId: c.platformTeamId,
    rotationOwnerId: c.rotationOwnerId,
    revocationOwnerId: c.revocationOwnerId,
    sdkOwnerId: c.sdkOwnerId,
    lastReviewedAt: c.lastReviewedAt ? c.lastReviewedAt.toISOString() : null,
    rotationPolicyId: c.rotationPolicyId,
    grants: detail.grants.map((g) => ({ apiId: g.apiId, scopeIds: g.scopes.map((s) => s.id), justification: g.justification })),
  };
  return { name: c.name, decommissioned: c.status === "decommissioned", values, options, initialScopes };
}
