import "server-only";
import { and, asc, eq, inArray, lt } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { apiScopes, apis, credentialGrantScopes, credentialGrants, credentials, grantDecisions, teamMembers } from "@/db/schema";
import { canEditRecord } from "@/lib/authz/ownership";
import {
  decideRefusal,
  grantReviewDueAt,
  initialGrantStatus,
  isScopeReduction,
  refusalMessages,
  revokeRefusal,
  reviewRefusal,
  type DecisionActor,
  type DecisionRefusal,
  type GrantStatus,
} from "@/lib/domain/access-decisions";
import { AppError, conflict, invalidInput, notFound } from "@/lib/errors";
import type { GrantDecisionInput, GrantReviewInput, GrantRequestInput } from "@/lib/validation/access";
import { audited, type Audit } from "../audited";
import { auditContext, schedulerAuditContext, type RequestContext } from "../context";
import { actorFacts } from "../inventory/facts";
import { enqueueNotifications, type NewNotification } from "../notifications/outbox";
import { refreshCredentials } from "../posture/refresh";
import { inChunks } from "./rows";

/**
 * Access decisions per API (DESIGN §4.5, issue 14): the one writer of a grant's decision columns and
 * of its history. Every grant writer (the credential edit, the import) calls `decideGrantChanges`
 * once after writing grant rows; the decision endpoints below change a grant's status.
 */

type GrantState = { grantId: string; apiId: string; status: GrantStatus; scopes: string[]; justification: string | null };
/** credential id → API id → the grant as it is. */
export type GrantSnapshot = Map<string, Map<string, GrantState>>;

/** The grants of these credentials, with their scope names: taken before a write and compared after it. */
export async function grantSnapshot(tx: Tx, credentialIds: readonly string[]): Promise<GrantSnapshot> {
  const snapshot: GrantSnapshot = new Map(credentialIds.map((id) => [id, new Map<string, GrantState>()]));
  if (credentialIds.length === 0) return snapshot;
  const rows = await tx
    .select({ grantId: credentialGrants.id, credentialId: credentialGrants.credentialId, apiId: credentialGrants.apiId, status: credentialGrants.status, justification: credentialGrants.justification, scope: apiScopes.name })
    .from(credentialGrants)
    .leftJoin(credentialGrantScopes, eq(credentialGrantScopes.grantId, credentialGrants.id))
    .leftJoin(apiScopes, eq(apiScopes.id, credentialGrantScopes.scopeId))
    .where(inArray(credentialGrants.credentialId, [...credentialIds]));
  for (const r of rows) {
    const byApi = snapshot.get(r.credentialId) ?? new Map<string, GrantState>();
    const g = byApi.get(r.apiId) ?? { grantId: r.grantId, apiId: r.apiId, status: r.status, scopes: [], justification: r.justification };
    if (r.scope !== null) g.scopes.push(r.scope);
    byApi.set(r.apiId, g);
    snapshot.set(r.credentialId, byApi);
  }
  for (const byApi of snapshot.values()) for (const g of byApi.values()) g.scopes.sort();
  return snapshot;
}

/** The snapshot of the stored credentials with these keys (the import's batch, before it writes). */
export async function grantSnapshotByKeys(tx: Tx, keys: readonly string[]): Promise<GrantSnapshot> {
  const rows = keys.length ? await tx.select({ id: credentials.id }).from(credentials).where(inArray(credentials.key, [...keys])) : [];
  return grantSnapshot(tx, rows.map((r) => r.id));
}

/** Credentials the batch created had no grants before it. */
export function withNewCredentials(snapshot: GrantSnapshot, credentialIds: Iterable<string>): GrantSnapshot {
  for (const id of credentialIds) if (!snapshot.has(id)) snapshot.set(id, new Map());
  return snapshot;
}

/**
 * What a grant write decided, per credential. The writer's own audit event carries it (one write,
 * one event: `credential.created` / `credential.updated` / `inventory.imported` get `grantDecisions`).
 */
export type GrantDecisionNote = { grantId?: string; apiId: string; decision: "requested" | "approved" | "reduced" | "removed"; scopes: string[]; reviewDueAt?: string };
export type GrantDecisionNotes = Map<string, GrantDecisionNote[]>;

/** The payload field for a writer's event: only when the write decided something. */
export function grantDecisionsField(notes: GrantDecisionNotes, credentialId: string): { grantDecisions?: GrantDecisionNote[] } {
  const list = notes.get(credentialId);
  return list?.length ? { grantDecisions: list } : {};
}

/** Who wrote the grants: the request's user, or the importer. */
export type GrantWriter = { userId: string | null };

type ApiFacts = { id: string; name: string; owningTeamId: string | null; sensitivity: "low" | "moderate" | "high" | "critical" };

async function apiFactsOf(tx: Tx, apiIds: readonly string[]): Promise<Map<string, ApiFacts>> {
  if (apiIds.length === 0) return new Map();
  const rows = await tx.select({ id: apis.id, name: apis.name, owningTeamId: apis.owningTeamId, sensitivity: apis.sensitivity }).from(apis).where(inArray(apis.id, [...new Set(apiIds)]));
  return new Map(rows.map((r) => [r.id, r]));
}

const added = (before: readonly string[], after: readonly string[]) => after.filter((s) => !before.includes(s));

/**
 * Records what a grant write did, grant by grant, comparing `before` with the grants now stored:
 * a new grant to another team's API (or new scopes on one) is a request that team approves; one to
 * the credential's own team's API, or to an API nobody owns, is approved at creation by the writer
 * acting for the API's owning team. Reductions and removals are recorded as such.
 *
 * Set-based whatever the number of credentials (the import's batch, or the one credential of an
 * edit or a REST request: one road): the grants are decided in memory, then written with a fixed
 * number of statements — one UPDATE for the requests, one per review date for the approvals, one
 * INSERT for their history rows, and the requests' notifications through the outbox's batch form.
 */
export async function decideGrantChanges(tx: Tx, writer: GrantWriter, before: GrantSnapshot, now = new Date()): Promise<GrantDecisionNotes> {
  const notes: GrantDecisionNotes = new Map();
  const credentialIds = [...before.keys()];
  if (credentialIds.length === 0) return notes;
  const after = await grantSnapshot(tx, credentialIds);
  const teams = new Map(
    (await tx.select({ id: credentials.id, name: credentials.name, owningTeamId: credentials.owningTeamId }).from(credentials).where(inArray(credentials.id, credentialIds))).map((c) => [c.id, c]),
  );
  const apiIds = [...before.values(), ...after.values()].flatMap((m) => [...m.keys()]);
  const apiById = await apiFactsOf(tx, apiIds);
  const decided = decideGrants(writer, before, after, teams, apiById, now);
  await writeDecisions(tx, writer, decided, now);
  return decided.notes;
}

type CredentialFacts = { id: string; name: string; owningTeamId: string | null };
type GrantRequest = { grantId: string; credentialId: string; credentialName: string; api: ApiFacts };

/** What a grant write decided, before anything is written: the writes in order, and the notes for the writer's events. */
type Decided = {
  notes: GrantDecisionNotes;
  /** History rows in the order the grants were decided. */
  history: HistoryRow[];
  /** Grants that became requests. */
  requested: string[];
  /** Grants approved at creation, by their re-review date (one per API sensitivity). */
  approved: Map<number, string[]>;
  /** Requests whose API's owning team is told. */
  requests: GrantRequest[];
};

function decideGrants(writer: GrantWriter, before: GrantSnapshot, after: GrantSnapshot, teams: Map<string, CredentialFacts>, apiById: Map<string, ApiFacts>, now: Date): Decided {
  const decided: Decided = { notes: new Map(), history: [], requested: [], approved: new Map(), requests: [] };
  const note = (credentialId: string, n: GrantDecisionNote) => {
    const list = decided.notes.get(credentialId);
    if (list) list.push(n);
    else decided.notes.set(credentialId, [n]);
  };
  const history = (row: HistoryRow) => decided.history.push(row);
  for (const credentialId of before.keys()) {
    const credential = teams.get(credentialId);
    const was = before.get(credentialId) ?? new Map<string, GrantState>();
    const is = after.get(credentialId) ?? new Map<string, GrantState>();
    for (const [apiId, old] of was) {
      if (is.get(apiId)?.grantId === old.grantId) continue;
      history({ grantId: null, credentialId, apiId, action: "removed", actorId: writer.userId, at: now, scopesBefore: old.scopes, scopesAfter: [] });
      note(credentialId, { apiId, decision: "removed", scopes: old.scopes });
    }
    for (const [apiId, g] of is) {
      const api = apiById.get(apiId);
      if (!api) continue;
      const old = was.get(apiId);
      const isNew = !old || old.grantId !== g.grantId;
      const widened = !isNew && added(old.scopes, g.scopes).length > 0;
      const narrowed = !isNew && !widened && isScopeReduction(old.scopes, g.scopes);
      // A changed grant that no longer counted (rejected, revoked, expired) is asked for afresh.
      const revived = !isNew && (widened || narrowed) && (g.status === "rejected" || g.status === "revoked" || g.status === "expired");
      if (narrowed && !revived) {
        history({ grantId: g.grantId, credentialId, apiId, action: "reduced", actorId: writer.userId, at: now, scopesBefore: old.scopes, scopesAfter: g.scopes });
        note(credentialId, { grantId: g.grantId, apiId, decision: "reduced", scopes: g.scopes });
        continue;
      }
      if (!isNew && !widened && !revived) continue;
      const status = initialGrantStatus(credential?.owningTeamId ?? null, api.owningTeamId);
      // Widening an approved grant of one's own team's API needs no one else; widening another team's is a new request.
      if (status === "requested") {
        decided.requested.push(g.grantId);
        history({ grantId: g.grantId, credentialId, apiId, action: "requested", actorId: writer.userId, at: now, scopesBefore: old?.scopes ?? [], scopesAfter: g.scopes, justification: g.justification });
        note(credentialId, { grantId: g.grantId, apiId, decision: "requested", scopes: g.scopes });
        decided.requests.push({ grantId: g.grantId, credentialId, credentialName: credential?.name ?? "a credential", api });
      } else {
        const reviewDueAt = grantReviewDueAt(api.sensitivity, now);
        const sameDate = decided.approved.get(reviewDueAt.getTime());
        if (sameDate) sameDate.push(g.grantId);
        else decided.approved.set(reviewDueAt.getTime(), [g.grantId]);
        history({ grantId: g.grantId, credentialId, apiId, action: "approved", actorId: writer.userId, at: now, scopesBefore: old?.scopes ?? [], scopesAfter: g.scopes, justification: "Approved at creation: the API's own team (DESIGN §4.5)" });
        note(credentialId, { grantId: g.grantId, apiId, decision: "approved", scopes: g.scopes, reviewDueAt: reviewDueAt.toISOString() });
      }
    }
  }
  return decided;
}

/** Grant ids per UPDATE: bounded parameters whatever the batch. */
const IDS_PER_UPDATE = 1000;

async function writeDecisions(tx: Tx, writer: GrantWriter, decided: Decided, now: Date): Promise<void> {
  await inChunks(
    decided.requested,
    (ids) => tx.update(credentialGrants).set({ status: "requested", requestedById: writer.userId, decidedById: null, decidedAt: null, updatedAt: now }).where(inArray(credentialGrants.id, ids)),
    IDS_PER_UPDATE,
  );
  for (const [dueAt, grantIds] of decided.approved) {
    const reviewDueAt = new Date(dueAt);
    await inChunks(
      grantIds,
      (ids) => tx.update(credentialGrants).set({ status: "approved", requestedById: writer.userId, decidedById: writer.userId, decidedAt: now, reviewDueAt, updatedAt: now }).where(inArray(credentialGrants.id, ids)),
      IDS_PER_UPDATE,
    );
  }
  await inChunks(decided.history, (rows) => tx.insert(grantDecisions).values(rows), 500);
  await notifyApiTeams(tx, decided.requests, now);
}

type HistoryRow = typeof grantDecisions.$inferInsert;
async function history(tx: Tx, row: HistoryRow) {
  await tx.insert(grantDecisions).values(row);
}

/** The message a request sends its API's owning team (their members by in-app and e-mail; the outbox adds webhooks). */
function grantRequestMessage(r: GrantRequest, at: Date, memberPersonIds: readonly string[]): NewNotification {
  const { api } = r;
  return {
    dedupeKey: `grant-request:${r.grantId}:${at.toISOString()}`,
    kind: "grant_requested",
    subject: `Access to ${api.name} requested for ${r.credentialName}`,
    body: `${r.credentialName} asks for access to ${api.name}, which your team owns. Approve or reject it in My queue.`,
    link: `/inventory/${r.credentialId}?tab=access`,
    credentialId: r.credentialId,
    teamId: api.owningTeamId,
    payload: { grantId: r.grantId, apiId: api.id },
    recipients: { personIds: memberPersonIds },
  };
}

/** Tells each request's API team, all requests at once: one lookup of the teams' members, then the outbox's batch form. */
async function notifyApiTeams(tx: Tx, requests: readonly GrantRequest[], at: Date): Promise<void> {
  const toTell = requests.filter((r) => r.api.owningTeamId !== null);
  if (toTell.length === 0) return;
  const teamIds = [...new Set(toTell.map((r) => r.api.owningTeamId ?? ""))];
  const members = new Map<string, string[]>();
  for (let i = 0; i < teamIds.length; i += IDS_PER_UPDATE) {
    const rows = await tx.select({ teamId: teamMembers.teamId, personId: teamMembers.personId }).from(teamMembers).where(inArray(teamMembers.teamId, teamIds.slice(i, i + IDS_PER_UPDATE)));
    for (const m of rows) {
      const list = members.get(m.teamId);
      if (list) list.push(m.personId);
      else members.set(m.teamId, [m.personId]);
    }
  }
  await enqueueNotifications(
    tx,
    toTell.map((r) => grantRequestMessage(r, at, members.get(r.api.owningTeamId ?? "") ?? [])),
  );
}

// --- Decisions ----------------------------------------------------------------------------------

type LoadedGrant = {
  id: string;
  credentialId: string;
  apiId: string;
  status: GrantStatus;
  requestedById: string | null;
  apiTeamId: string | null;
  sensitivity: ApiFacts["sensitivity"];
  credential: { owningTeamId: string | null; ownerId: string | null; backupOwnerId: string | null; sdkOwnerId: string | null; status: string };
};

async function loadGrant(tx: Tx, credentialId: string, grantId: string): Promise<LoadedGrant> {
  const [row] = await tx
    .select({
      id: credentialGrants.id,
      credentialId: credentialGrants.credentialId,
      apiId: credentialGrants.apiId,
      status: credentialGrants.status,
      requestedById: credentialGrants.requestedById,
      apiTeamId: apis.owningTeamId,
      sensitivity: apis.sensitivity,
      credential: { owningTeamId: credentials.owningTeamId, ownerId: credentials.ownerId, backupOwnerId: credentials.backupOwnerId, sdkOwnerId: credentials.sdkOwnerId, status: credentials.status },
    })
    .from(credentialGrants)
    .innerJoin(apis, eq(apis.id, credentialGrants.apiId))
    .innerJoin(credentials, eq(credentials.id, credentialGrants.credentialId))
    .where(and(eq(credentialGrants.id, grantId), eq(credentialGrants.credentialId, credentialId)))
    .for("update", { of: credentialGrants });
  if (!row) throw notFound("Grant");
  if (row.credential.status === "decommissioned") throw conflict("This credential is decommissioned and read-only: it is kept unchanged as evidence");
  return row;
}

async function decisionActor(tx: Tx, ctx: RequestContext) {
  const facts = await actorFacts(tx, ctx);
  return { facts, actor: { role: facts.role, userId: ctx.actor?.userId ?? null, teamIds: facts.teamIds } satisfies DecisionActor };
}

function refuse(refusal: DecisionRefusal | null): void {
  if (!refusal) return;
  throw refusal === "wrong-status" ? new AppError("INVALID_STATE", refusalMessages[refusal]) : new AppError("FORBIDDEN", refusalMessages[refusal]);
}

async function scopeNames(tx: Tx, grantId: string): Promise<string[]> {
  const rows = await tx.select({ name: apiScopes.name }).from(credentialGrantScopes).innerJoin(apiScopes, eq(apiScopes.id, credentialGrantScopes.scopeId)).where(eq(credentialGrantScopes.grantId, grantId));
  return rows.map((r) => r.name).sort();
}

export async function approveGrant(db: Db, ctx: RequestContext, credentialId: string, grantId: string, input: GrantDecisionInput, now = new Date()) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const grant = await loadGrant(tx, credentialId, grantId);
    const { actor } = await decisionActor(tx, ctx);
    refuse(decideRefusal(actor, grant));
    const reviewDueAt = grantReviewDueAt(grant.sensitivity, now);
    await tx.update(credentialGrants).set({ status: "approved", decidedById: actor.userId, decidedAt: now, reviewDueAt, updatedAt: now }).where(eq(credentialGrants.id, grantId));
    const scopes = await scopeNames(tx, grantId);
    await history(tx, { grantId, credentialId, apiId: grant.apiId, action: "approved", actorId: actor.userId, at: now, justification: input.justification ?? null, scopesBefore: scopes, scopesAfter: scopes });
    await audit({ action: "grant.approved", targetType: "credential", targetId: credentialId, payload: { grantId, apiId: grant.apiId, scopes, reviewDueAt: reviewDueAt.toISOString(), justification: input.justification ?? null } });
    await refreshCredentials(tx, audit, [credentialId], now);
    return { id: grantId, status: "approved" as const };
  });
}

export async function rejectGrant(db: Db, ctx: RequestContext, credentialId: string, grantId: string, input: GrantDecisionInput, now = new Date()) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const grant = await loadGrant(tx, credentialId, grantId);
    const { actor } = await decisionActor(tx, ctx);
    refuse(decideRefusal(actor, grant));
    await tx.update(credentialGrants).set({ status: "rejected", decidedById: actor.userId, decidedAt: now, reviewDueAt: null, updatedAt: now }).where(eq(credentialGrants.id, grantId));
    const scopes = await scopeNames(tx, grantId);
    await history(tx, { grantId, credentialId, apiId: grant.apiId, action: "rejected", actorId: actor.userId, at: now, justification: input.justification ?? null, scopesBefore: scopes, scopesAfter: [] });
    await audit({ action: "grant.rejected", targetType: "credential", targetId: credentialId, payload: { grantId, apiId: grant.apiId, justification: input.justification ?? null } });
    await refreshCredentials(tx, audit, [credentialId], now);
    return { id: grantId, status: "rejected" as const };
  });
}

export async function revokeGrant(db: Db, ctx: RequestContext, credentialId: string, grantId: string, input: GrantDecisionInput, now = new Date()) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const grant = await loadGrant(tx, credentialId, grantId);
    const { actor, facts } = await decisionActor(tx, ctx);
    refuse(revokeRefusal(actor, grant, canEditRecord(facts, grant.credential)));
    await revoke(tx, audit, grant, actor.userId, input.justification ?? null, now);
    return { id: grantId, status: "revoked" as const };
  });
}

async function revoke(tx: Tx, audit: Audit, grant: LoadedGrant, actorId: string | null, justification: string | null, now: Date) {
  await tx.update(credentialGrants).set({ status: "revoked", decidedById: actorId, decidedAt: now, reviewDueAt: null, updatedAt: now }).where(eq(credentialGrants.id, grant.id));
  const scopes = await scopeNames(tx, grant.id);
  await history(tx, { grantId: grant.id, credentialId: grant.credentialId, apiId: grant.apiId, action: "revoked", actorId, at: now, justification, scopesBefore: scopes, scopesAfter: [] });
  await audit({ action: "grant.revoked", targetType: "credential", targetId: grant.credentialId, payload: { grantId: grant.id, apiId: grant.apiId, from: grant.status, justification } });
  await refreshCredentials(tx, audit, [grant.credentialId], now);
}

/** A per-grant re-review (DESIGN §4.5): keep (re-approve until the next date), reduce scopes (a subset), or revoke. */
export async function reviewGrant(db: Db, ctx: RequestContext, credentialId: string, grantId: string, input: GrantReviewInput, now = new Date()) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const grant = await loadGrant(tx, credentialId, grantId);
    const { actor } = await decisionActor(tx, ctx);
    refuse(reviewRefusal(actor, grant));
    const justification = input.justification;
    if (input.decision === "revoke") {
      await revoke(tx, audit, grant, actor.userId, justification, now);
      return { id: grantId, status: "revoked" as const };
    }
    const before = await scopeNames(tx, grantId);
    let after = before;
    if (input.decision === "reduce") {
      const keep = input.scopeIds ?? [];
      const current = await tx.select({ scopeId: credentialGrantScopes.scopeId, name: apiScopes.name }).from(credentialGrantScopes).innerJoin(apiScopes, eq(apiScopes.id, credentialGrantScopes.scopeId)).where(eq(credentialGrantScopes.grantId, grantId));
      const have = new Set(current.map((c) => c.scopeId));
      if (!keep.every((s) => have.has(s)) || keep.length >= have.size) throw invalidInput({ scopeIds: ["keep a strict subset of the granted scopes"] });
      const drop = current.filter((c) => !keep.includes(c.scopeId)).map((c) => c.scopeId);
      await tx.delete(credentialGrantScopes).where(and(eq(credentialGrantScopes.grantId, grantId), inArray(credentialGrantScopes.scopeId, drop)));
      after = current.filter((c) => keep.includes(c.scopeId)).map((c) => c.name).sort();
    }
    const reviewDueAt = grantReviewDueAt(grant.sensitivity, now);
    // A review re-confirms the grant: the reviewer becomes its approver (this also settles a migrated grant's unknown approver).
    await tx.update(credentialGrants).set({ decidedById: actor.userId, decidedAt: now, reviewDueAt, updatedAt: now }).where(eq(credentialGrants.id, grantId));
    const action = input.decision === "keep" ? "kept" : "reduced";
    await history(tx, { grantId, credentialId, apiId: grant.apiId, action, actorId: actor.userId, at: now, justification, scopesBefore: before, scopesAfter: after });
    await audit({ action: "grant.reviewed", targetType: "credential", targetId: credentialId, payload: { grantId, apiId: grant.apiId, decision: input.decision, scopesBefore: before, scopesAfter: after, reviewDueAt: reviewDueAt.toISOString() } });
    await refreshCredentials(tx, audit, [credentialId], now);
    return { id: grantId, status: "approved" as const };
  });
}

/**
 * Asks for access to an API (or for other scopes of it) for one credential: the REST way to add a
 * grant without re-sending the whole credential. A grant that no longer counts is replaced.
 */
export async function requestGrant(db: Db, ctx: RequestContext, credentialId: string, input: GrantRequestInput, now = new Date()) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const [credential] = await tx.select().from(credentials).where(eq(credentials.id, credentialId));
    if (!credential) throw notFound("Credential");
    if (!canEditRecord(await actorFacts(tx, ctx), credential)) throw new AppError("FORBIDDEN", "You can request access only for credentials you own or your team owns");
    if (credential.status === "decommissioned") throw conflict("This credential is decommissioned and read-only: it is kept unchanged as evidence");
    const [api] = await tx.select({ id: apis.id }).from(apis).where(eq(apis.id, input.apiId));
    if (!api) throw invalidInput({ apiId: ["is not a known API"] });
    const scopes = input.scopeIds.length ? await tx.select({ id: apiScopes.id, apiId: apiScopes.apiId }).from(apiScopes).where(inArray(apiScopes.id, input.scopeIds)) : [];
    const wrong = input.scopeIds.filter((id) => scopes.find((s) => s.id === id)?.apiId !== input.apiId);
    if (wrong.length) throw invalidInput({ scopeIds: [`scope(s) ${wrong.join(", ")} do not belong to the API`] });
    const before = await grantSnapshot(tx, [credentialId]);
    const existing = before.get(credentialId)?.get(input.apiId);
    if (existing && (existing.status === "approved" || existing.status === "requested")) {
      const have = await tx.select({ scopeId: credentialGrantScopes.scopeId }).from(credentialGrantScopes).where(eq(credentialGrantScopes.grantId, existing.grantId));
      const toAdd = input.scopeIds.filter((id) => !have.some((h) => h.scopeId === id));
      if (toAdd.length === 0) throw conflict("The credential already has (or has asked for) these scopes of this API", "scopeIds");
      // The request's reason is the grant's reason now: the "Requested" history row shows it.
      if (input.justification) await tx.update(credentialGrants).set({ justification: input.justification }).where(eq(credentialGrants.id, existing.grantId));
      await tx.insert(credentialGrantScopes).values(toAdd.map((scopeId) => ({ grantId: existing.grantId, scopeId })));
    } else {
      // History is kept by credential and API, so the ended grant's rows stay when its row goes.
      if (existing) await tx.delete(credentialGrants).where(eq(credentialGrants.id, existing.grantId));
      const [row] = await tx.insert(credentialGrants).values({ credentialId, apiId: input.apiId, justification: input.justification ?? null }).returning({ id: credentialGrants.id });
      if (row && input.scopeIds.length) await tx.insert(credentialGrantScopes).values(input.scopeIds.map((scopeId) => ({ grantId: row.id, scopeId })));
    }
    if (existing && existing.status !== "approved" && existing.status !== "requested") before.get(credentialId)?.delete(input.apiId);
    const notes = await decideGrantChanges(tx, { userId: ctx.actor?.userId ?? null }, before, now);
    const [g] = await tx.select({ id: credentialGrants.id, status: credentialGrants.status }).from(credentialGrants).where(and(eq(credentialGrants.credentialId, credentialId), eq(credentialGrants.apiId, input.apiId)));
    if (!g) throw new Error("grant not written");
    const decided = notes.get(credentialId)?.find((n) => n.apiId === input.apiId);
    const decidedScopes = decided?.scopes ?? [];
    await audit(
      g.status === "approved"
        ? { action: "grant.approved", targetType: "credential", targetId: credentialId, payload: { grantId: g.id, apiId: input.apiId, scopes: decidedScopes, atCreation: true, reviewDueAt: decided?.reviewDueAt ?? now.toISOString(), justification: input.justification ?? null } }
        : { action: "grant.requested", targetType: "credential", targetId: credentialId, payload: { grantId: g.id, apiId: input.apiId, scopes: decidedScopes, justification: input.justification ?? null } },
    );
    await refreshCredentials(tx, audit, [credentialId], now);
    return g;
  });
}

// --- Expiry (scheduler) ---------------------------------------------------------------------------

const BATCH = 200;

/** Approved grants past their re-review date expire: access nobody re-confirmed stops counting. */
export async function expireLapsedGrants(db: Db, now: Date): Promise<{ expired: number }> {
  let expired = 0;
  for (;;) {
    const n = await audited(db, schedulerAuditContext, async (tx, audit) => {
      const rows = await tx
        .select({ id: credentialGrants.id, credentialId: credentialGrants.credentialId, apiId: credentialGrants.apiId, reviewDueAt: credentialGrants.reviewDueAt })
        .from(credentialGrants)
        .where(and(eq(credentialGrants.status, "approved"), lt(credentialGrants.reviewDueAt, now)))
        .orderBy(asc(credentialGrants.reviewDueAt), asc(credentialGrants.id))
        .limit(BATCH)
        .for("update", { skipLocked: true });
      if (rows.length === 0) return 0;
      await tx.update(credentialGrants).set({ status: "expired", decidedById: null, decidedAt: now, updatedAt: now }).where(inArray(credentialGrants.id, rows.map((r) => r.id)));
      await tx.insert(grantDecisions).values(rows.map((r) => ({ grantId: r.id, credentialId: r.credentialId, apiId: r.apiId, action: "expired" as const, actorId: null, at: now, justification: "Re-review date passed without a review" })));
      await audit.many(rows.map((r) => ({ action: "grant.expired" as const, targetType: "credential", targetId: r.credentialId, payload: { grantId: r.id, apiId: r.apiId, reviewDueAt: r.reviewDueAt?.toISOString() ?? "" } })));
      await refreshCredentials(tx, audit, [...new Set(rows.map((r) => r.credentialId))], now);
      return rows.length;
    });
    expired += n;
    if (n < BATCH) return { expired };
  }
}
