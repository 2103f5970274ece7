import "server-only";
import { asc, inArray } from "drizzle-orm";
import { union } from "drizzle-orm/pg-core";
import { apis, applications, people } from "@/db/schema";
import type { Queryable } from "@/db/client";

/** Reads the inventory screens need beyond the shared queries. */

/** Every trust zone named by an API or an application, for the inventory's trust-zone filter. */
export async function listTrustZones(db: Queryable, limit = 500): Promise<string[]> {
  const rows = await union(db.select({ zone: apis.trustZone }).from(apis), db.select({ zone: applications.trustZone }).from(applications)).limit(limit);
  return rows.map((r) => r.zone).sort((a, b) => a.localeCompare(b));
}

/** Name and active flag of the given people (owners shown on a credential), in one query. */
export async function peopleByIds(db: Queryable, ids: readonly (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => typeof id === "string"))];
  if (wanted.length === 0) return new Map<string, { id: string; name: string; email: string; isActive: boolean }>();
  const rows = await db
    .select({ id: people.id, name: people.name, email: people.email, isActive: people.isActive })
    .from(people)
    .where(inArray(people.id, wanted))
    .orderBy(asc(people.name));
  return new Map(rows.map((r) => [r.id, r]));
}
