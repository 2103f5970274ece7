import "server-only";
import { and, eq, inArray, isNull, ne, or, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, Queryable, Tx } from "@/db/client";
import { credentials, findings, people } from "@/db/schema";
import { reassignRoles } from "@/lib/domain/owners";
import { invalidInput, notFound } from "@/lib/errors";
import { ownershipRoles, type OwnershipRole, type ReassignOwnershipInput } from "@/lib/validation/queue";
import { audited, type Audit } from "../audited";
import { auditContext, type RequestContext } from "../context";
import { lifecycleRules, openFindings, resolveFindings } from "./findings";
import { refreshCredentials } from "../posture/refresh";
import { transitionCredentialIds, type CredentialTransition } from "../commands/transitions";

/**
 * Departures (DESIGN §4.4): a credential whose owner, backup owner or SDK owner is a person who
 * has left (inactive) carries one open `owner-missing` finding until ownership is reassigned (or the
 * person comes back, or the credential is decommissioned). The finding's details name which roles
 * point at which inactive people, so a change in that set resolves it and opens a fresh one.
 */

const CHUNK = 500;

/** Credential column of each ownership role. */
export const roleColumns = {
  owner: credentials.ownerId,
  backupOwner: credentials.backupOwnerId,
  sdkOwner: credentials.sdkOwnerId,
  rotationOwner: credentials.rotationOwnerId,
  revocationOwner: credentials.revocationOwnerId,
} as const satisfies Record<OwnershipRole, unknown>;

/** The credential field (API and audit name) of each role. */
export const roleFields = {
  owner: "ownerId",
  backupOwner: "backupOwnerId",
  sdkOwner: "sdkOwnerId",
  rotationOwner: "rotationOwnerId",
  revocationOwner: "revocationOwnerId",
} as const satisfies Record<OwnershipRole, string>;

type InactiveRole = { role: "owner" | "backupOwner" | "sdkOwner"; personId: string; name: string };

const keyOf = (roles: readonly { role: string; personId: string }[]) =>
  roles
    .map((r) => `${r.role}:${r.personId}`)
    .sort()
    .join(",");

function chunks<T>(values: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

export type SyncResult = { opened: number; resolved: number };

/**
 * Brings the `owner-missing` finding (DESIGN §4.4 "orphaned") of each given credential in line with who holds its roles now:
 * set-based reads in chunks (one query for the wanted state, one for the open findings), then
 * only the differences are written and audited. Call it inside the transaction that changed an
 * owner, a person's active flag or a credential's status.
 */
export async function syncOrphanedFindings(
  tx: Tx,
  audit: Audit,
  credentialIds: Iterable<string>,
  options: { resolution?: string; at?: Date } = {},
): Promise<SyncResult> {
  const ids = [...new Set(credentialIds)].filter((id) => id !== "");
  const at = options.at ?? new Date();
  const resolution = options.resolution ?? "No inactive person is owner, backup owner or SDK owner any more";
  const result: SyncResult = { opened: 0, resolved: 0 };
  const o = alias(people, "o");
  const b = alias(people, "b");
  const s = alias(people, "s");
  for (const chunk of chunks(ids)) {
    const [wantedRows, openRows] = await Promise.all([
      tx
        .select({
          id: credentials.id,
          ownerId: credentials.ownerId,
          ownerName: o.name,
          ownerActive: o.isActive,
          backupOwnerId: credentials.backupOwnerId,
          backupName: b.name,
          backupActive: b.isActive,
          sdkOwnerId: credentials.sdkOwnerId,
          sdkName: s.name,
          sdkActive: s.isActive,
        })
        .from(credentials)
        .leftJoin(o, eq(o.id, credentials.ownerId))
        .leftJoin(b, eq(b.id, credentials.backupOwnerId))
        .leftJoin(s, eq(s.id, credentials.sdkOwnerId))
        .where(
          and(
            inArray(credentials.id, chunk),
            ne(credentials.status, "decommissioned"),
            // The posture rule owner-missing (DESIGN §5.1) also fires with no owner at all: same finding, same details.
            or(isNull(credentials.ownerId), eq(o.isActive, false), eq(b.isActive, false), eq(s.isActive, false)),
          ),
        ),
      tx
        .select({ credentialId: findings.credentialId, details: findings.details })
        .from(findings)
        .where(and(eq(findings.ruleId, lifecycleRules.orphaned.id), inArray(findings.status, ["open", "excepted"]), inArray(findings.credentialId, chunk))),
    ]);
    const wanted = new Map<string, InactiveRole[]>();
    const ownerless = new Set(wantedRows.filter((r) => r.ownerId === null).map((r) => r.id));
    for (const r of wantedRows) {
      const roles: InactiveRole[] = [];
      if (r.ownerId && r.ownerActive === false) roles.push({ role: "owner", personId: r.ownerId, name: r.ownerName ?? "" });
      if (r.backupOwnerId && r.backupActive === false) roles.push({ role: "backupOwner", personId: r.backupOwnerId, name: r.backupName ?? "" });
      if (r.sdkOwnerId && r.sdkActive === false) roles.push({ role: "sdkOwner", personId: r.sdkOwnerId, name: r.sdkName ?? "" });
      wanted.set(r.id, roles);
    }
    const open = new Map(openRows.map((f) => [f.credentialId, f.details]));
    const gone: string[] = [];
    const changed: string[] = [];
    for (const [credentialId, details] of open) {
      const want = wanted.get(credentialId);
      if (!want) gone.push(credentialId);
      else if (keyOf(inactiveOf(details)) !== keyOf(want) || isOwnerless(details) !== ownerless.has(credentialId)) changed.push(credentialId);
    }
    result.resolved += await resolveFindings(tx, audit, lifecycleRules.orphaned.id, gone, resolution, at);
    // A different set of departed role holders is a different finding: close the old one, open the new.
    await resolveFindings(tx, audit, lifecycleRules.orphaned.id, changed, "Superseded: the departed role holders changed", at);
    const changedSet = new Set(changed);
    const toOpen = [...wanted].filter(([credentialId]) => !open.has(credentialId) || changedSet.has(credentialId));
    const opened = await openFindings(
      tx,
      audit,
      toOpen.map(([credentialId, inactive]) => ({
        ruleId: lifecycleRules.orphaned.id,
        credentialId,
        severity: lifecycleRules.orphaned.severity,
        details: ownerless.has(credentialId) ? { noOwner: true, inactive } : { inactive },
      })),
      at,
    );
    result.opened += opened.length - changed.length;
  }
  return result;
}

const isOwnerless = (details: unknown) => typeof details === "object" && details !== null && "noOwner" in details && details.noOwner === true;

function inactiveOf(details: unknown): { role: string; personId: string }[] {
  if (typeof details !== "object" || details === null || !("inactive" in details)) return [];
  const list = details.inactive;
  if (!Array.isArray(list)) return [];
  return list.flatMap((r: unknown) => {
    if (typeof r !== "object" || r === null) return [];
    const { role, personId } = r as { role?: unknown; personId?: unknown };
    return typeof role === "string" && typeof personId === "string" ? [{ role, personId }] : [];
  });
}

/** Ids of every credential on which one of `personIds` is owner, backup owner or SDK owner (three index scans). */
export async function credentialsHeldBy(q: Queryable, personIds: readonly string[]): Promise<string[]> {
  const out = new Set<string>();
  for (const chunk of chunks(personIds)) {
    const rows = await q
      .select({ id: credentials.id })
      .from(credentials)
      .where(or(inArray(credentials.ownerId, chunk), inArray(credentials.backupOwnerId, chunk), inArray(credentials.sdkOwnerId, chunk)));
    for (const r of rows) out.add(r.id);
  }
  return [...out];
}

/** After people's active flags changed: re-syncs every credential they own, back up or own the SDK of. */
export async function syncOrphanedFindingsForPeople(tx: Tx, audit: Audit, personIds: Iterable<string>, options: { resolution?: string; at?: Date } = {}): Promise<SyncResult> {
  const ids = [...new Set(personIds)].filter((id) => id !== "");
  if (ids.length === 0) return { opened: 0, resolved: 0 };
  return syncOrphanedFindings(tx, audit, await credentialsHeldBy(tx, ids), options);
}

// --- Bulk reassignment ------------------------------------------------------------------------

export type ReassignResult = {
  dryRun: boolean;
  credentials: number;
  changes: Record<OwnershipRole, number>;
  credentialIds: string[];
  findingsResolved: number;
  needsNewBackup: { total: number; items: { id: string; name: string }[] };
};

type PlannedRow = { id: string; name: string } & Record<OwnershipRole, string | null>;
/** A row with its holders after the move, and whether its backup owner had to be replaced. */
type Planned = { row: PlannedRow; next: Record<OwnershipRole, string | null>; backupVacated: boolean };

const LISTED_NEEDS_NEW_BACKUP = 50;

/** The credentials (not decommissioned) where `fromPersonId` holds one of `roles`, optionally limited to `only`. */
async function planRows(q: Queryable, fromPersonId: string, roles: readonly OwnershipRole[], only: readonly string[] | undefined, lock: boolean): Promise<PlannedRow[]> {
  const held = or(...roles.map((r) => eq(roleColumns[r], fromPersonId))) as SQL;
  const out: PlannedRow[] = [];
  const select = (extra: SQL | undefined) => {
    const query = q
      .select({
        id: credentials.id,
        name: credentials.name,
        owner: credentials.ownerId,
        backupOwner: credentials.backupOwnerId,
        sdkOwner: credentials.sdkOwnerId,
        rotationOwner: credentials.rotationOwnerId,
        revocationOwner: credentials.revocationOwnerId,
      })
      .from(credentials)
      .where(and(held, ne(credentials.status, "decommissioned"), extra))
      .orderBy(credentials.id);
    return lock ? query.for("update") : query;
  };
  if (only) {
    for (const chunk of chunks(only)) out.push(...(await select(inArray(credentials.id, chunk))));
  } else {
    out.push(...(await select(undefined)));
  }
  return out;
}

const LEFT = "has left the organisation; choose an active person";

async function assertPeople(q: Queryable, fromPersonId: string, input: ReassignOwnershipInput) {
  const { toPersonId, replacementBackupOwnerId } = input;
  const rows = await q
    .select({ id: people.id, name: people.name, isActive: people.isActive })
    .from(people)
    .where(inArray(people.id, [fromPersonId, toPersonId, ...(replacementBackupOwnerId ? [replacementBackupOwnerId] : [])]));
  const from = rows.find((r) => r.id === fromPersonId);
  if (!from) throw notFound("Person");
  const to = rows.find((r) => r.id === toPersonId);
  if (toPersonId === fromPersonId) throw invalidInput({ toPersonId: ["must be a different person"] });
  if (!to) throw invalidInput({ toPersonId: ["is not a known person"] });
  if (!to.isActive) throw invalidInput({ toPersonId: [LEFT] });
  if (replacementBackupOwnerId !== undefined) {
    const replacement = rows.find((r) => r.id === replacementBackupOwnerId);
    if (replacementBackupOwnerId === toPersonId || replacementBackupOwnerId === fromPersonId) {
      throw invalidInput({ replacementBackupOwnerId: ["must be someone other than the new holder and the person the roles move from"] });
    }
    if (!replacement) throw invalidInput({ replacementBackupOwnerId: ["is not a known person"] });
    if (!replacement.isActive) throw invalidInput({ replacementBackupOwnerId: [LEFT] });
  }
  return { from, to };
}

/** Each row's holders after the move (lib/domain/owners: never one person as owner and backup owner). */
function planMoves(rows: readonly PlannedRow[], fromPersonId: string, input: ReassignOwnershipInput): Planned[] {
  return rows.map((row) => {
    const { next, backupVacated } = reassignRoles(row, fromPersonId, input.toPersonId, input.roles);
    if (backupVacated) next.backupOwner = input.replacementBackupOwnerId ?? null;
    return { row, next, backupVacated };
  });
}

function needsNewBackupOf(planned: readonly Planned[]): ReassignResult["needsNewBackup"] {
  const vacated = planned.filter((p) => p.backupVacated);
  return { total: vacated.length, items: vacated.slice(0, LISTED_NEEDS_NEW_BACKUP).map((p) => ({ id: p.row.id, name: p.row.name })) };
}

function summarise(rows: readonly PlannedRow[], fromPersonId: string, roles: readonly OwnershipRole[]) {
  const changes = Object.fromEntries(ownershipRoles.map((r) => [r, 0])) as Record<OwnershipRole, number>;
  for (const row of rows) for (const r of roles) if (row[r] === fromPersonId) changes[r]++;
  return changes;
}

function assertAllPlanned(only: readonly string[] | undefined, rows: readonly PlannedRow[]) {
  if (!only) return;
  const planned = new Set(rows.map((r) => r.id));
  const missing = [...new Set(only)].filter((id) => !planned.has(id));
  if (missing.length > 0) {
    const shown = missing.slice(0, 10).join(", ");
    throw invalidInput({
      credentialIds: [`${missing.length} credential(s) are not held by this person in the chosen roles, or are decommissioned: ${shown}${missing.length > 10 ? ", …" : ""}`],
    });
  }
}

/**
 * Moves the chosen roles from one person to another on every credential (or the chosen ones) in
 * one audited transaction: one `ownership.reassigned` event with the counts and the id list, and a
 * `credential.updated` event per credential with its field changes (so each credential's history
 * shows the move). Orphaned findings are then re-synced. Due dates do not depend on owners.
 */
export async function reassignOwnership(db: Db, ctx: RequestContext, fromPersonId: string, input: ReassignOwnershipInput): Promise<ReassignResult> {
  if (input.dryRun) {
    await assertPeople(db, fromPersonId, input);
    const rows = await planRows(db, fromPersonId, input.roles, input.credentialIds, false);
    assertAllPlanned(input.credentialIds, rows);
    const planned = planMoves(rows, fromPersonId, input);
    return {
      dryRun: true,
      credentials: rows.length,
      changes: summarise(rows, fromPersonId, input.roles),
      credentialIds: rows.map((r) => r.id),
      findingsResolved: 0,
      needsNewBackup: needsNewBackupOf(planned),
    };
  }
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const { from, to } = await assertPeople(tx, fromPersonId, input);
    const rows = await planRows(tx, fromPersonId, input.roles, input.credentialIds, true);
    assertAllPlanned(input.credentialIds, rows);
    const changes = summarise(rows, fromPersonId, input.roles);
    const ids = rows.map((r) => r.id);
    const planned = planMoves(rows, fromPersonId, input);
    const needsNewBackup = needsNewBackupOf(planned);
    if (ids.length === 0) return { dryRun: false, credentials: 0, changes, credentialIds: [], findingsResolved: 0, needsNewBackup };
    const now = new Date();
    for (const role of input.roles) {
      if (changes[role] === 0) continue;
      const column = roleColumns[role];
      const moved: CredentialTransition = {};
      moved[roleFields[role]] = to.id;
      await transitionCredentialIds(tx, ids, moved, now, eq(column, from.id));
    }
    // Where the new holder is now both owner and backup owner, the backup slot goes to the replacement (or stays empty).
    const vacated = planned.filter((p) => p.backupVacated).map((p) => p.row.id);
    await transitionCredentialIds(tx, vacated, { backupOwnerId: input.replacementBackupOwnerId ?? null }, now);
    await audit({
      action: "ownership.reassigned",
      targetType: "person",
      targetId: from.id,
      payload: {
        fromPersonId: from.id,
        toPersonId: to.id,
        toPersonName: to.name,
        roles: input.roles,
        credentials: ids.length,
        changes,
        credentialIds: ids,
        ...(vacated.length ? { backupReplaced: { credentialIds: vacated, by: input.replacementBackupOwnerId ?? null } } : {}),
      },
    });
    await audit.many(
      planned.map(({ row, next }) => {
        const fieldChanges: Record<string, { from: string | null; to: string | null }> = {};
        for (const role of ownershipRoles) if (row[role] !== next[role]) fieldChanges[roleFields[role]] = { from: row[role], to: next[role] };
        return { action: "credential.updated", targetType: "credential", targetId: row.id, payload: { changes: fieldChanges, reassignedFrom: from.name, reassignedTo: to.name } };
      }),
    );
    const synced = await syncOrphanedFindings(tx, audit, ids, { resolution: `Ownership reassigned from ${from.name} to ${to.name}`, at: now });
    // An emptied backup owner changes posture (backup-owner-missing) now, not at the next sweep.
    if (vacated.length) await refreshCredentials(tx, audit, vacated, now);
    return { dryRun: false, credentials: ids.length, changes, credentialIds: ids, findingsResolved: synced.resolved, needsNewBackup };
  });
}
