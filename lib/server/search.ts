import "server-only";
import type { Queryable } from "@/db/client";
import { searchApis, searchCredentials, searchPeople, searchTeams } from "@/db/queries/search";
import { can, type Permission } from "@/lib/authz/permissions";
import type { SearchKind, SearchQuery, SearchResult } from "@/lib/validation/search";
import type { Actor } from "./context";

/** The permission each kind of result needs: a kind the viewer may not read is not searched at all. */
export const searchPermissions: Record<SearchKind, Permission> = {
  credential: "inventory:read",
  person: "person:read",
  team: "team:read",
  api: "inventory:read",
};

/**
 * The command palette's search (DESIGN §6): the top `limit` matches of each kind the viewer's role
 * may read, one indexed statement per kind (four at most, run together), no per-row lookups.
 */
export async function searchEverything(db: Queryable, actor: Actor, { q, limit }: SearchQuery): Promise<SearchResult[]> {
  const allowed = (kind: SearchKind) => can(actor.role, searchPermissions[kind]);
  const [credentials, people, teams, apis] = await Promise.all([
    allowed("credential") ? searchCredentials(db, q, limit) : [],
    allowed("person") ? searchPeople(db, q, limit) : [],
    allowed("team") ? searchTeams(db, q, limit) : [],
    allowed("api") ? searchApis(db, q, limit) : [],
  ]);
  return [
    ...credentials.map((c) => ({
      kind: "credential" as const,
      id: c.id,
      title: c.name,
      subtitle: [c.clientId, c.environment, c.status === "active" ? null : c.status].filter(Boolean).join(" · ") || null,
    })),
    ...people.map((p) => ({ kind: "person" as const, id: p.id, title: p.name, subtitle: p.isActive ? p.email : `${p.email} · inactive` })),
    ...teams.map((t) => ({ kind: "team" as const, id: t.id, title: t.name, subtitle: t.kind })),
    ...apis.map((a) => ({ kind: "api" as const, id: a.id, title: a.name, subtitle: a.audience })),
  ];
}
