import "server-only";
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
    // Stored values and effective values apart: a client that reads, edits and writes back a record
    // must not turn an inherited default into the record's own value.
    tokenEndpoint: c.tokenEndpoint,
    effectiveTokenEndpoint: c.tokenEndpoint ?? d.serverTokenEndpoint ?? null,
    owner: ref(c.ownerId, d.ownerName),
    backupOwner: ref(c.backupOwnerId, d.backupOwnerName),
    owningTeam: ref(c.owningTeamId, d.owningTeamName),
    identityGovernanceTeam: ref(c.identityGovernanceTeamId, d.identityGovernanceTeamName),
    platformTeam: ref(c.platformTeamId, d.platformTeamName),
    rotationOwner: ref(c.rotationOwnerId, d.rotationOwnerName),
    revocationOwner: ref(c.revocationOwnerId, d.revocationOwnerName),
    // Rotation and revocation owners default to the owner (DESIGN §3.3).
    effectiveRotationOwner: ref(c.rotationOwnerId, d.rotationOwnerName) ?? ref(c.ownerId, d.ownerName),
    effectiveRevocationOwner: ref(c.revocationOwnerId, d.revocationOwnerName) ?? ref(c.ownerId, d.ownerName),
    sdkOwner: ref(c.sdkOwnerId, d.sdkOwnerName),
    effectivePolicy: ref(c.effectivePolicyId, d.effectivePolicyName),
    rotationBucket: bucket(c.rotationDueAt, c.dueSoonDays, now),
    reviewBucket: bucket(c.reviewDueAt, c.dueSoonDays, now),
    applications: d.applications,
    grants: d.grants,
    secrets: d.secrets,
  };
}
