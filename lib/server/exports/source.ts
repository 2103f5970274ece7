import "server-only";
import { and, asc, eq, gt, inArray, isNotNull, ne, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Queryable } from "@/db/client";
import { credentials, people, teams } from "@/db/schema";
import { controlRowsForCredentials } from "@/db/queries/controls";
import type { ExportCredential, ExportPerson } from "@/lib/domain/exports/shape";
import type { ExportScope } from "@/lib/validation/exports";

const BATCH = 500;

function scopeWhere(scope: ExportScope) {
  return and(
    ne(credentials.status, "decommissioned"),
    scope.teamId ? eq(credentials.owningTeamId, scope.teamId) : undefined,
    scope.environment ? eq(credentials.environment, scope.environment) : undefined,
  );
}

/**
 * The credentials in an export's scope, with their controls, one batch at a time (keyset by id):
 * memory holds one batch however large the inventory. Each batch is read outside a transaction, so
 * a long download never holds one open (the export is "as of" its start, batch by batch).
 */
export async function* exportBatches(q: Queryable, scope: ExportScope): AsyncGenerator<ExportCredential[]> {
  const o = alias(people, "o");
  const b = alias(people, "b");
  let after: string | null = null;
  for (;;) {
    const rows = await q
      .select({
        id: credentials.id,
        key: credentials.key,
        name: credentials.name,
        kind: credentials.kind,
        environment: credentials.environment,
        status: credentials.status,
        teamName: teams.name,
        owner: { id: o.id, name: o.name, email: o.email },
        backupOwner: { id: b.id, name: b.name, email: b.email },
        rotationDueAt: credentials.rotationDueAt,
        reviewDueAt: credentials.reviewDueAt,
      })
      .from(credentials)
      .leftJoin(teams, eq(teams.id, credentials.owningTeamId))
      .leftJoin(o, eq(o.id, credentials.ownerId))
      .leftJoin(b, eq(b.id, credentials.backupOwnerId))
      .where(and(scopeWhere(scope), after ? gt(credentials.id, after) : undefined))
      .orderBy(asc(credentials.id))
      .limit(BATCH);
    if (rows.length === 0) return;
    const controls = await controlRowsForCredentials(q, rows.map((r) => r.id), scope.frameworks);
    yield rows.map((r) => ({ ...r, controls: controls.get(r.id) ?? [] }));
    after = rows.at(-1)?.id ?? null;
    if (rows.length < BATCH) return;
  }
}

/** Owners and backup owners of the credentials in scope (OSCAL parties): bounded by the number of people. */
export async function exportParties(q: Queryable, scope: ExportScope): Promise<ExportPerson[]> {
  const holders = q
    .select({ id: sql<string>`unnest(array[${credentials.ownerId}, ${credentials.backupOwnerId}])`.as("id") })
    .from(credentials)
    .where(and(scopeWhere(scope), or(isNotNull(credentials.ownerId), isNotNull(credentials.backupOwnerId))))
    .as("holders");
  const ids = (await q.selectDistinct({ id: holders.id }).from(holders)).map((r) => r.id).filter((id): id is string => typeof id === "string");
  if (ids.length === 0) return [];
  const out: ExportPerson[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    out.push(...(await q.select({ id: people.id, name: people.name, email: people.email }).from(people).where(inArray(people.id, ids.slice(i, i + 1000))).orderBy(asc(people.id))));
  }
  return out;
}
