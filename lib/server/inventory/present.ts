import type { CredentialDetail, CredentialListItem } from "@/db/queries/credentials";
import { dueBucket } from "@/lib/domain/due-dates";

/** The due-soon window is stored per credential; buckets are computed against "now" at read time. */
const bucket = (due: Date | null, dueSoonDays: number, now: Date) => dueBucket(due, now, [dueSoonDays]);

const ref = (id: string | null, name: string | null | undefined) => (id && name ? { id, name } : null);

export function presentCredentialListItem(c: CredentialListItem, now = new Date()) {
  return {
    id: c.id,
    key: c.key,
    name: c.name,
    kind: c.kind,
    environment: c.environment,
    status: c.status,
    clientId: c.clientId,
    owner: ref(c.ownerId, c.ownerName),
    owningTeam: ref(c.owningTeamId, c.owningTeamName),
    rotationDueAt: c.rotationDueAt,
    reviewDueAt: c.reviewDueAt,
    rotationBucket: bucket(c.rotationDueAt, c.dueSoonDays, now),
    reviewBucket: bucket(c.reviewDueAt, c.dueSoonDays, now),
  };
}

export function presentCredentialDetail(d: CredentialDetail, now = new Date()) {
  const c = d.credential;
  return {
    ...c,
    authorizationServer: ref(c.authorizationServerId, d.serverName),
    tokenEndpoint: c.tokenEndpoint ?? d.serverTokenEndpoint ?? null,
    owner: ref(c.ownerId, d.ownerName),
    backupOwner: ref(c.backupOwnerId, d.backupOwnerName),
    owningTeam: ref(c.owningTeamId, d.owningTeamName),
    identityGovernanceTeam: ref(c.identityGovernanceTeamId, d.identityGovernanceTeamName),
    platformTeam: ref(c.platformTeamId, d.platformTeamName),
    // Rotation and revocation owners default to the owner (DESIGN §3.3).
    rotationOwner: ref(c.rotationOwnerId, d.rotationOwnerName) ?? ref(c.ownerId, d.ownerName),
    revocationOwner: ref(c.revocationOwnerId, d.revocationOwnerName) ?? ref(c.ownerId, d.ownerName),
    sdkOwner: ref(c.sdkOwnerId, d.sdkOwnerName),
    effectivePolicy: ref(c.effectivePolicyId, d.effectivePolicyName),
    rotationBucket: bucket(c.rotationDueAt, c.dueSoonDays, now),
    reviewBucket: bucket(c.reviewDueAt, c.dueSoonDays, now),
    applications: d.applications,
    grants: d.grants,
    secrets: d.secrets,
  };
}
