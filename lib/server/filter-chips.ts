import "server-only";
import type { Queryable } from "@/db/client";
import { teamNames } from "@/db/queries/dashboard";

type Chip = { name: string; label: string };

/** Chips for the team and environment filters a list received in its URL (team by name). */
export async function scopeChips(db: Queryable, values: { teamId?: string | undefined; environment?: string | undefined }): Promise<Chip[]> {
  const chips: Chip[] = [];
  if (values.teamId) chips.push({ name: "teamId", label: `Team: ${(await teamNames(db, [values.teamId])).get(values.teamId) ?? "unknown team"}` });
  if (values.environment) chips.push({ name: "environment", label: `Environment: ${values.environment.charAt(0).toUpperCase()}${values.environment.slice(1)}` });
  return chips;
}
