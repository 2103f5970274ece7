import "server-only";
import { getCredentialDetail, listCredentials } from "@/db/queries/credentials";
import { listFindingsOfCredential } from "@/db/queries/findings";
import { openIncidentsOf } from "@/db/queries/incidents";
import { listTrustZones, peopleByIds } from "@/db/queries/inventory-ui";
import { listPeople, listTeams } from "@/db/queries/org";
import { getPolicy, listApis, listApplications, listServers } from "@/db/queries/registry";
import { openRotationRequestOf } from "@/db/queries/rotations";
import type { OverviewData, PersonRef } from "@/components/inventory/overview-panel";
import { canEditRecord } from "@/lib/authz/ownership";
import { can } from "@/lib/authz/permissions";
import { credentialRisk } from "@/lib/domain/credential-risk";
import type { Actor, RequestContext } from "../context";
import { readAt } from "../as-of";
import { readAuditEvents } from "../audit-read";
import { readerDb } from "../reads";
import { actorFacts } from "./facts";
import { presentCredentialDetail } from "./present";

/**
 * Reads behind the credential page's header, Overview and History tabs (the Lifecycle and Controls
 * tabs read through credential-tabs.ts): the role is checked first; the viewer's record rights
 * (may edit) come back with the record so the page offers only what the server would allow.
 */
type Viewer = RequestContext & { actor: Actor };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The record, presented, with its risk (one answer for the header, banner and tab count) and the viewer's rights; null when unknown. */
export async function readCredentialPage(viewer: Viewer, id: string, now: Date = new Date()) {
  const db = await readerDb(viewer.actor, "inventory:read");
  const detail = await getCredentialDetail(db, id);
  if (!detail) return null;
  const d = presentCredentialDetail(detail, now);
  const c = detail.credential;
  const [facts, credentialFindings, incidents, rotation] = await Promise.all([actorFacts(db, viewer), listFindingsOfCredential(db, id, 0), openIncidentsOf(db, id), openRotationRequestOf(db, id)]);
  const risk = credentialRisk({ status: c.status, findings: credentialFindings.open, incidents, rotation: rotation ?? null });
  const mayEdit = can(viewer.actor.role, "credential:write") && canEditRecord(facts, c);
  return { detail, d, risk, facts, mayEdit, decommissioned: c.status === "decommissioned" };
}

/**
 * The inventory page's list and its filter choices, now or as they were at `filters.asOf`
 * (DESIGN §8.6): one read-only transaction over the as_of views, due buckets against that instant.
 */
export async function readInventoryList(actor: Actor, filters: Parameters<typeof listCredentials>[1], optionLimit: number, now: Date = new Date()) {
  const db = await readerDb(actor, "inventory:read");
  // The filter choices are today's teams, people and APIs (some of their list queries group by a
  // primary key, which the as_of views do not have); the list itself is read at asOf.
  const [page, teams, people, apis, trustZones, servers, applications] = await Promise.all([
    readAt(db, filters.asOf, (q, at) => listCredentials(q, filters, filters.asOf ? at : now)),
    listTeams(db, { limit: optionLimit }),
    listPeople(db, { limit: optionLimit }),
    listApis(db, { limit: optionLimit }),
    listTrustZones(db),
    listServers(db, { limit: optionLimit }),
    listApplications(db, { limit: optionLimit }),
  ]);
  // A filter chosen from a bookmark may name someone past the option limit: keep them selectable.
  const peopleOptions = people.items.map((p) => ({ id: p.id, name: p.name, isActive: p.isActive }));
  if (filters.ownerId && !peopleOptions.some((p) => p.id === filters.ownerId)) {
    const extra = (await peopleByIds(db, [filters.ownerId])).get(filters.ownerId);
    if (extra) peopleOptions.push({ id: extra.id, name: extra.name, isActive: extra.isActive });
  }
  const choice = (r: { id: string; name: string }) => ({ id: r.id, name: r.name });
  return { page, teams: teams.items.map(choice), people: peopleOptions, apis: apis.items.map(choice), trustZones, servers: servers.items.map(choice), applications: applications.items.map(choice) };
}

/** A page of the credential's audit events, newest first; null for a viewer who may not read the audit log (DESIGN §2). */
export async function readCredentialHistory(actor: Actor, credentialId: string, limit: number, before: number | undefined) {
  if (!can(actor.role, "audit:read")) return null;
  const db = await readerDb(actor, "audit:read");
  return readAuditEvents(db, { targetType: "credential", targetId: credentialId, limit, ...(before !== undefined ? { before } : {}) });
}

type Detail = NonNullable<Awaited<ReturnType<typeof getCredentialDetail>>>;
type Presented = ReturnType<typeof presentCredentialDetail>;

/** The Overview tab: the record in words, its holders (active or not) and its effective policy. */
export async function readCredentialOverview(actor: Actor, detail: Detail, d: Presented): Promise<OverviewData> {
  const db = await readerDb(actor, "inventory:read");
  const c = detail.credential;
  const [holders, policy] = await Promise.all([
    peopleByIds(db, [c.ownerId, c.backupOwnerId, c.rotationOwnerId, c.revocationOwnerId, c.sdkOwnerId]),
    c.effectivePolicyId ? getPolicy(db, c.effectivePolicyId) : Promise.resolve(undefined),
  ]);
  const person = (pid: string | null): PersonRef => {
    const p = pid ? holders.get(pid) : undefined;
    return p ? { id: p.id, name: p.name, isActive: p.isActive } : null;
  };
  return {
    key: c.key,
    kind: c.kind,
    description: c.description,
    environment: c.environment,
    status: c.status,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    clientId: c.clientId,
    authorizationServer: d.authorizationServer,
    tokenEndpoint: d.effectiveTokenEndpoint,
    tokenEndpointIsDefault: c.tokenEndpoint === null && d.effectiveTokenEndpoint !== null,
    grantTypes: c.grantTypes,
    clientAuthMethod: c.clientAuthMethod,
    accessTokenTtlSeconds: c.accessTokenTtlSeconds,
    refreshTokenTtlSeconds: c.refreshTokenTtlSeconds,
    owner: person(c.ownerId),
    backupOwner: person(c.backupOwnerId),
    rotationOwner: person(c.rotationOwnerId ?? c.ownerId),
    rotationOwnerIsDefault: c.rotationOwnerId === null && c.ownerId !== null,
    revocationOwner: person(c.revocationOwnerId ?? c.ownerId),
    revocationOwnerIsDefault: c.revocationOwnerId === null && c.ownerId !== null,
    sdkOwner: person(c.sdkOwnerId),
    owningTeam: d.owningTeam,
    identityGovernanceTeam: d.identityGovernanceTeam,
    platformTeam: d.platformTeam,
    breakGlassProcedure: c.breakGlassProcedure,
    sdkName: c.sdkName,
    sdkVersion: c.sdkVersion,
    tokenCache: c.tokenCache,
    tokenPersistence: c.tokenPersistence,
    logsRedactTokens: c.logsRedactTokens,
    reviewCadenceDays: c.reviewCadenceDays,
    lastReviewedAt: iso(c.lastReviewedAt),
    rotationDueAt: iso(c.rotationDueAt),
    reviewDueAt: iso(c.reviewDueAt),
    rotationBucket: d.rotationBucket,
    reviewBucket: d.reviewBucket,
    policy: policy
      ? {
          id: policy.id,
          name: policy.name,
          overridden: c.rotationPolicyId !== null,
          maxSecretAgeDays: policy.maxSecretAgeDays,
          reviewCadenceDays: policy.reviewCadenceDays,
          maxAccessTokenTtlSeconds: policy.maxAccessTokenTtlSeconds,
          approvalsRequired: policy.approvalsRequired,
          securityApprovalRequired: policy.securityApprovalRequired,
        }
      : null,
    activeSecretCount: detail.secrets.filter((s) => s.status === "active").length,
  };
}

