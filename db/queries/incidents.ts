import "server-only";
import { and, desc, eq, gte, lt, or } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { credentials, leakIncidents, rotationRequests, secrets, users } from "@/db/schema";
import { encodeCursor } from "@/lib/validation/common";
import type { IncidentFilters } from "@/lib/validation/rotation";
import { addDays } from "@/lib/domain/due-dates";
import { party, selectCredentialsWithParties } from "./credential-parties";

/** Reads of leak incidents (DESIGN §4.4), newest detection first, keyset-paged over (detected_at, id). */

const columns = {
  id: leakIncidents.id,
  credentialId: leakIncidents.credentialId,
  credentialName: credentials.name,
  credentialEnvironment: credentials.environment,
  credentialStatus: credentials.status,
  secretId: leakIncidents.secretId,
  secretKind: secrets.kind,
  secretStorage: secrets.storage,
  secretStorageRef: secrets.storageRef,
  secretStatus: secrets.status,
  source: leakIncidents.source,
  note: leakIncidents.note,
  detectedAt: leakIncidents.detectedAt,
  status: leakIncidents.status,
  openedById: leakIncidents.openedById,
  openedByName: users.name,
  rotationRequestId: leakIncidents.rotationRequestId,
  rotationRequestState: rotationRequests.state,
  remediatedAt: leakIncidents.remediatedAt,
  remediationSeconds: leakIncidents.remediationSeconds,
  remediation: leakIncidents.remediation,
  createdAt: leakIncidents.createdAt,
};

function base(db: Queryable) {
  return db
    .select(columns)
    .from(leakIncidents)
    .innerJoin(credentials, eq(credentials.id, leakIncidents.credentialId))
    .innerJoin(secrets, eq(secrets.id, leakIncidents.secretId))
    .leftJoin(users, eq(users.id, leakIncidents.openedById))
    .leftJoin(rotationRequests, eq(rotationRequests.id, leakIncidents.rotationRequestId));
}

export async function listIncidents(db: Queryable, f: IncidentFilters, now: Date = new Date()) {
  const cursor = f.cursor ? { at: new Date(f.cursor.name), id: f.cursor.id } : undefined;
  const rows = await base(db)
    .where(
      and(
        f.status === "all" ? undefined : eq(leakIncidents.status, f.status),
        f.credentialId ? eq(leakIncidents.credentialId, f.credentialId) : undefined,
        f.teamId ? eq(credentials.owningTeamId, f.teamId) : undefined,
        f.environment ? eq(credentials.environment, f.environment) : undefined,
        f.remediatedWithin ? gte(leakIncidents.remediatedAt, addDays(now, -f.remediatedWithin)) : undefined,
        cursor && !Number.isNaN(cursor.at.getTime())
          ? or(lt(leakIncidents.detectedAt, cursor.at), and(eq(leakIncidents.detectedAt, cursor.at), lt(leakIncidents.id, cursor.id)))
          : undefined,
      ),
    )
    .orderBy(desc(leakIncidents.detectedAt), desc(leakIncidents.id))
    .limit(f.limit + 1);
  const hasMore = rows.length > f.limit;
  const items = hasMore ? rows.slice(0, f.limit) : rows;
  const last = items.at(-1);
  return { items, nextCursor: hasMore && last ? encodeCursor({ name: last.detectedAt.toISOString(), id: last.id }) : null };
}

export type IncidentRow = Awaited<ReturnType<typeof listIncidents>>["items"][number];

export async function getIncident(db: Queryable, id: string): Promise<IncidentRow | undefined> {
  const [row] = await base(db).where(eq(leakIncidents.id, id));
  return row;
}

/** A credential's open leak incidents, oldest first (leak_incidents_credential_idx; a handful at most). */
export async function openIncidentsOf(db: Queryable, credentialId: string) {
  return db
    .select({ id: leakIncidents.id, detectedAt: leakIncidents.detectedAt, source: leakIncidents.source })
    .from(leakIncidents)
    .where(and(eq(leakIncidents.credentialId, credentialId), eq(leakIncidents.status, "open")))
    .orderBy(leakIncidents.detectedAt, leakIncidents.id);
}

/** Who answers for the leaked credential: its owner and backup owner (names), for the incident page. */
export async function incidentOwnersOf(db: Queryable, credentialId: string) {
  const [row] = await selectCredentialsWithParties(db, { ownerName: party.owner.name, backupOwnerName: party.backupOwner.name, owningTeamName: party.owningTeam.name }).where(
    eq(credentials.id, credentialId),
  );
  return row ?? { ownerName: null, backupOwnerName: null, owningTeamName: null };
}
