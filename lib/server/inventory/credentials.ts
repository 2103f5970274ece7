import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Tx } from "@/db/client";
import {
  apis,
  apiTokens,
  apiScopes,
  applications,
  authorizationServers,
  credentials,
  people,
  rotationPolicies,
  secrets,
  teams,
} from "@/db/schema";
import { getCredentialDetail } from "@/db/queries/credentials";
import { canCreateForTeam, canEditRecord, canEditTo, governanceOverride, type ActorFacts } from "@/lib/authz/ownership";
import { diffFields } from "@/lib/domain/diff";
import { slugify } from "@/lib/domain/keys";
import { weakeningOverrides, type GovernanceOverride } from "@/lib/domain/policies";
import { conflict, invalidInput, notFound, type FieldErrors } from "@/lib/errors";
import type { CredentialInput, secretInput, UpdateCredentialInput, updateSecretInput } from "@/lib/validation/inventory";
import { audited } from "../audited";
import { auditContext, type RequestContext } from "../context";
import { fingerprintOf } from "../fingerprint";
import { actorFacts, denyRecord } from "./facts";
import { credentialGovernance, type CredentialGovernance } from "./due";
import { collector } from "../commands/collect";
import { createCredentials, createSecrets, updateCredentials, updateSecrets, type GrantWrite } from "../commands/credentials";
import { refreshCollected } from "../commands/refresh";
import { decideGrantChanges, grantDecisionsField, grantSnapshot, withNewCredentials } from "../commands/access-decisions";

/** DESIGN §4.4: a decommissioned credential, its secrets and grants are kept unchanged as evidence (409 on any edit). */
export const DECOMMISSIONED_READ_ONLY = "This credential is decommissioned and read-only: it is kept unchanged as evidence";
/** Decommissioning revokes secrets and closes the lifecycle (DESIGN §4.4): it has its own action, with a reason and a confirmation. */
export const DECOMMISSION_BY_ACTION = "Decommission the credential from its Lifecycle tab (reason and confirmation), not by editing its status";

/** Issue 12: a member would otherwise govern their own credential. */
export const GOVERNANCE_BY_GOVERNORS = "Only security or an admin may override a credential's rotation policy or review cadence";

const personFields = ["ownerId", "backupOwnerId", "rotationOwnerId", "revocationOwnerId", "sdkOwnerId"] as const;
const teamFields = ["owningTeamId", "identityGovernanceTeamId", "platformTeamId"] as const;

/** Every reference in the input must exist: one query per table, errors name the field. */
async function assertReferences(tx: Tx, input: UpdateCredentialInput) {
  const fields: FieldErrors = {};
  const personIds = personFields.map((f) => input[f]).filter((v): v is string => typeof v === "string");
  const teamIds = teamFields.map((f) => input[f]).filter((v): v is string => typeof v === "string");
  const [foundPeople, foundTeams] = await Promise.all([
    personIds.length ? tx.select({ id: people.id }).from(people).where(inArray(people.id, personIds)) : [],
    teamIds.length ? tx.select({ id: teams.id }).from(teams).where(inArray(teams.id, teamIds)) : [],
  ]);
  const personSet = new Set(foundPeople.map((p) => p.id));
  const teamSet = new Set(foundTeams.map((t) => t.id));
  for (const f of personFields) if (typeof input[f] === "string" && !personSet.has(input[f])) fields[f] = ["is not a known person"];
  for (const f of teamFields) if (typeof input[f] === "string" && !teamSet.has(input[f])) fields[f] = ["is not a known team"];
  if (input.authorizationServerId) {
    const [s] = await tx.select({ id: authorizationServers.id }).from(authorizationServers).where(eq(authorizationServers.id, input.authorizationServerId));
    if (!s) fields.authorizationServerId = ["is not a known authorization server"];
  }
  if (input.rotationPolicyId) {
    const [p] = await tx.select({ id: rotationPolicies.id }).from(rotationPolicies).where(eq(rotationPolicies.id, input.rotationPolicyId));
    if (!p) fields.rotationPolicyId = ["is not a known policy"];
  }
  if (input.applicationIds?.length) {
    const found = await tx.select({ id: applications.id }).from(applications).where(inArray(applications.id, input.applicationIds));
    const set = new Set(found.map((a) => a.id));
    const missing = input.applicationIds.filter((id) => !set.has(id));
    if (missing.length) fields.applicationIds = [`unknown application id(s): ${missing.join(", ")}`];
  }
  if (input.grants?.length) {
    const scopeIds = input.grants.flatMap((g) => g.scopeIds);
    const scopes = scopeIds.length ? await tx.select({ id: apiScopes.id, apiId: apiScopes.apiId }).from(apiScopes).where(inArray(apiScopes.id, scopeIds)) : [];
    const apiOfScope = new Map(scopes.map((s) => [s.id, s.apiId]));
    input.grants.forEach((g, i) => {
      const wrong = g.scopeIds.filter((id) => apiOfScope.get(id) !== g.apiId);
      if (wrong.length) fields[`grants.${i}.scopeIds`] = [`scope(s) ${wrong.join(", ")} do not belong to the granted API`];
    });
  }
  if (Object.keys(fields).length) throw invalidInput(fields);
}

type GovernanceField = "rotationPolicyId" | "reviewCadenceDays";

/** The governance overrides an edit sets or changes; members may change none (issue 12). */
function changedOverrides(actor: ActorFacts, before: Partial<Record<GovernanceField, unknown>>, input: Partial<Record<GovernanceField, unknown>>): GovernanceField[] {
  const fields = (["rotationPolicyId", "reviewCadenceDays"] as const).filter((f) => input[f] !== undefined && (input[f] ?? null) !== (before[f] ?? null));
  if (fields.length && !governanceOverride.mayOverride(actor.role)) throw denyRecord(GOVERNANCE_BY_GOVERNORS);
  return fields;
}

/**
 * An override that leaves the credential governed more loosely than its matched policy is security's
 * decision alone (issue 12); for anyone else it is refused naming the field. Runs after the edit's
 * writes, in its transaction, so grants and applications changed in the same edit count.
 */
async function assertOverridesAllowed(tx: Tx, actor: ActorFacts, credentialId: string, changed: readonly GovernanceField[]): Promise<void> {
  if (changed.length === 0 || governanceOverride.mayWeaken(actor.role)) return;
  const governance = await credentialGovernance(tx, credentialId);
  if (!governance) return;
  const refused = weakeningOverrides(governance, changed.map((f) => overrideOf[f]));
  const fields: FieldErrors = {};
  for (const f of changed) {
    const message = refused[overrideOf[f]];
    if (message) fields[f] = [message];
  }
  if (Object.keys(fields).length) throw invalidInput(fields);
}

const overrideOf: Record<GovernanceField, GovernanceOverride> = { rotationPolicyId: "rotationPolicy", reviewCadenceDays: "reviewCadenceDays" };

const policyRef = (p: CredentialGovernance["matched"]) => (p ? { id: p.id, name: p.name } : null);

/** The policies an edit moved the credential between (e.g. a removed grant to a critical API), for its audit event. */
function governanceChanges(before: CredentialGovernance | undefined, after: CredentialGovernance | undefined): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  if (before?.matched?.id !== after?.matched?.id) changes.matchedPolicy = { from: policyRef(before?.matched), to: policyRef(after?.matched) };
  if (before?.effective?.id !== after?.effective?.id) changes.policy = { from: policyRef(before?.effective), to: policyRef(after?.effective) };
  return changes;
}

async function assertClientIdFree(tx: Tx, serverId: string | null | undefined, clientId: string | null | undefined, exceptId?: string) {
  if (!serverId || !clientId) return;
  const [row] = await tx
    .select({ id: credentials.id })
    .from(credentials)
    .where(and(eq(credentials.authorizationServerId, serverId), eq(credentials.clientId, clientId)));
  if (row && row.id !== exceptId) throw conflict("Another credential has this client id on the same authorization server", "clientId");
}

/** Grant APIs must exist too (scopes were checked against them already). */
const grantWrite = (g: CredentialInput["grants"][number]): GrantWrite => ({ apiId: g.apiId, scopeIds: g.scopeIds, justification: g.justification ?? null });

async function assertApisExist(tx: Tx, grants: CredentialInput["grants"] | undefined) {
  if (!grants?.length) return;
  const found = await tx.select({ id: apis.id }).from(apis).where(inArray(apis.id, grants.map((g) => g.apiId)));
  const set = new Set(found.map((a) => a.id));
  const fields: FieldErrors = {};
  grants.forEach((g, i) => {
    if (!set.has(g.apiId)) fields[`grants.${i}.apiId`] = ["is not a known API"];
  });
  if (Object.keys(fields).length) throw invalidInput(fields);
}

export async function createCredential(db: Db, ctx: RequestContext, input: CredentialInput) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const actor = await actorFacts(tx, ctx);
    if (!canCreateForTeam(actor, input.owningTeamId ?? null)) {
      throw denyRecord("Members can create credentials only for teams they belong to");
    }
    const overrides = changedOverrides(actor, {}, input);
    await assertApisExist(tx, input.grants);
    await assertReferences(tx, input);
    const key = input.key ?? `${slugify(input.name)}-${input.environment}`;
    const [taken] = await tx.select({ id: credentials.id }).from(credentials).where(eq(credentials.key, key));
    if (taken) throw conflict(`The key "${key}" is already used`, "key");
    await assertClientIdFree(tx, input.authorizationServerId, input.clientId);
    const { applicationIds, grants, ...fields } = input;
    const collect = collector(audit);
    const [id = ""] = await createCredentials(tx, collect, [
      {
        values: { ...fields, key },
        applicationIds,
        grants: grants.map(grantWrite),
        event: async (id) => {
          // Access decisions (DESIGN §4.5): grants to other teams' APIs become requests.
          const decided = await decideGrantChanges(tx, { userId: ctx.actor?.userId ?? null }, withNewCredentials(new Map(), [id]));
          await assertOverridesAllowed(tx, actor, id, overrides);
          return { action: "credential.created", targetType: "credential", targetId: id, payload: { ...input, key, ...grantDecisionsField(decided, id) } };
        },
      },
    ]);
    await refreshCollected(tx, collect);
    return (await getCredentialDetail(tx, id)) ?? Promise.reject(notFound("Credential"));
  });
}

/** Issue 13 item 9: security suspends a token's record to stop it; its owner must not be able to undo that. */
const OWN_TOKEN_STATUS = "This is the inventory record of your own Steward API token: its status is set by security or an admin; revoke the token in Settings → API tokens";

/** Whether credential `id` is the inventory record of one of the actor's own Steward API tokens. */
async function isOwnTokenRecord(tx: Tx, ctx: RequestContext, id: string): Promise<boolean> {
  if (!ctx.actor) return false;
  const [token] = await tx.select({ id: apiTokens.id }).from(apiTokens).where(and(eq(apiTokens.credentialId, id), eq(apiTokens.userId, ctx.actor.userId)));
  return token !== undefined;
}

export async function updateCredential(db: Db, ctx: RequestContext, id: string, input: UpdateCredentialInput) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const [before] = await tx.select().from(credentials).where(eq(credentials.id, id));
    if (!before) throw notFound("Credential");
    // Omitted (undefined) fields keep their value; explicit nulls clear it.
    const given: Record<string, unknown> = Object.fromEntries(Object.entries(input as Record<string, unknown>).filter(([, v]) => v !== undefined));
    const after = { ...before, ...given };
    const actor = await actorFacts(tx, ctx);
    if (!canEditTo(actor, before, after)) throw denyRecord("You can edit only credentials you own or your team owns");
    const overrides = changedOverrides(actor, before, input);
    if (before.status === "decommissioned") throw conflict(DECOMMISSIONED_READ_ONLY);
    if (input.status === "decommissioned") throw invalidInput({ status: [DECOMMISSION_BY_ACTION] }, DECOMMISSION_BY_ACTION);
    if (input.status !== undefined && input.status !== before.status && (await isOwnTokenRecord(tx, ctx, id))) {
      throw invalidInput({ status: [OWN_TOKEN_STATUS] }, OWN_TOKEN_STATUS);
    }
    await assertApisExist(tx, input.grants);
    await assertReferences(tx, input);
    if (input.key && input.key !== before.key) {
      const [taken] = await tx.select({ id: credentials.id }).from(credentials).where(eq(credentials.key, input.key));
      if (taken) throw conflict(`The key "${input.key}" is already used`, "key");
    }
    await assertClientIdFree(tx, after.authorizationServerId, after.clientId, id);
    const governanceBefore = await credentialGovernance(tx, id);
    const { applicationIds, grants, ...fields } = input;
    const collect = collector(audit);
    const grantsBefore = grants ? await grantSnapshot(tx, [id]) : null;
    await updateCredentials(tx, collect, [
      {
        id,
        set: fields,
        applicationIds,
        grants: grants?.map(grantWrite),
        event: async (_id, changes) => {
          const decisions = grantsBefore ? grantDecisionsField(await decideGrantChanges(tx, { userId: ctx.actor?.userId ?? null }, grantsBefore), id).grantDecisions : undefined;
          if (Object.keys(changes).length === 0) return null;
          await assertOverridesAllowed(tx, actor, id, overrides);
          // Only a real difference counts (an edit form re-sends every grant); the event keeps the grants as sent.
          const recorded: Record<string, unknown> = { ...changes, ...(changes.grants ? { grants: { ...changes.grants, to: grants, ...(decisions ? { decisions } : {}) } } : {}) };
          Object.assign(recorded, governanceChanges(governanceBefore, await credentialGovernance(tx, id)));
          return { action: "credential.updated", targetType: "credential", targetId: id, payload: { changes: recorded } };
        },
      },
    ]);
    await refreshCollected(tx, collect, { resolution: "Ownership changed" });
    return (await getCredentialDetail(tx, id)) ?? Promise.reject(notFound("Credential"));
  });
}

// --- Secrets ---------------------------------------------------------------------------------

type SecretInput = z.output<typeof secretInput>;
type UpdateSecretInput = z.output<typeof updateSecretInput>;

async function editableCredential(tx: Tx, ctx: RequestContext, credentialId: string) {
  const [credential] = await tx.select().from(credentials).where(eq(credentials.id, credentialId));
  if (!credential) throw notFound("Credential");
  if (!canEditRecord(await actorFacts(tx, ctx), credential)) throw denyRecord("You can change secrets only of credentials you own or your team owns");
  if (credential.status === "decommissioned") throw conflict(DECOMMISSIONED_READ_ONLY);
  return credential;
}

/** The audit payload of a secret: metadata only. The pasted value and the fingerprint never enter the log. */
function secretAuditFields(input: Partial<SecretInput>) {
  const { fingerprintOf: pasted, ...rest } = input;
  return { ...rest, ...(pasted !== undefined ? { fingerprintSet: true } : {}) };
}

/** A secret becomes `leaked` only through the leak report, which opens its incident and emergency rotation (DESIGN §4.4). */
const LEAKED_VIA_REPORT = "Use “Mark leaked” to report a leak: it opens an incident and an emergency rotation";

export async function addSecret(db: Db, ctx: RequestContext, credentialId: string, input: SecretInput) {
  // Hash first, outside the transaction; `input.fingerprintOf` is not used again.
  const fingerprint = input.fingerprintOf !== undefined ? fingerprintOf(input.fingerprintOf) : null;
  return audited(db, auditContext(ctx), async (tx, audit) => {
    await editableCredential(tx, ctx, credentialId);
    if (input.status === "leaked") throw invalidInput({ status: [LEAKED_VIA_REPORT] }, LEAKED_VIA_REPORT);
    const { fingerprintOf: _pasted, ...fields } = input;
    const collect = collector(audit);
    const [id = ""] = await createSecrets(tx, collect, [
      {
        values: { ...fields, credentialId, fingerprint },
        event: (id) => ({ action: "secret.created", targetType: "credential", targetId: credentialId, payload: { secretId: id, ...secretAuditFields(input) } }),
      },
    ]);
    await refreshCollected(tx, collect);
    return { id };
  });
}

/** A revoked or superseded secret no longer works anywhere; bringing it back would revive what security ended (issue 13 item 9). */
const FINAL_SECRET_STATUSES: ReadonlySet<string> = new Set(["revoked", "superseded"]);
const SECRET_STATUS_FINAL = "A revoked or superseded secret stays so; add a new secret instead";

export async function updateSecret(db: Db, ctx: RequestContext, credentialId: string, secretId: string, input: UpdateSecretInput) {
  const fingerprint = input.fingerprintOf !== undefined ? fingerprintOf(input.fingerprintOf) : undefined;
  return audited(db, auditContext(ctx), async (tx, audit) => {
    await editableCredential(tx, ctx, credentialId);
    const [before] = await tx.select().from(secrets).where(and(eq(secrets.id, secretId), eq(secrets.credentialId, credentialId)));
    if (!before) throw notFound("Secret");
    if (input.status !== undefined && input.status !== before.status && FINAL_SECRET_STATUSES.has(before.status)) {
      throw invalidInput({ status: [SECRET_STATUS_FINAL] }, SECRET_STATUS_FINAL);
    }
    if (input.status !== undefined && input.status !== before.status && (input.status === "leaked" || before.status === "leaked")) {
      const message = input.status === "leaked" ? LEAKED_VIA_REPORT : "A leaked secret leaves that state when its rotation completes or the credential is decommissioned";
      throw invalidInput({ status: [message] }, message);
    }
    const { fingerprintOf: _pasted, clearFingerprint, ...fields } = input;
    const changes: Record<string, unknown> = diffFields(before, fields);
    const set: Partial<typeof secrets.$inferInsert> = { ...fields };
    if (fingerprint !== undefined) {
      // The same value pasted again is no change (and must not look like a rotation in the log).
      if (fingerprint !== before.fingerprint) {
        set.fingerprint = fingerprint;
        changes.fingerprint = "replaced";
      }
    } else if (clearFingerprint && before.fingerprint !== null) {
      set.fingerprint = null;
      changes.fingerprint = "cleared";
    }
    if (Object.keys(changes).length === 0) return { id: secretId };
    const collect = collector(audit);
    await updateSecrets(tx, collect, [{ id: secretId, set, event: () => ({ action: "secret.updated", targetType: "credential", targetId: credentialId, payload: { secretId, changes } }) }]);
    await refreshCollected(tx, collect);
    return { id: secretId };
  });
}
