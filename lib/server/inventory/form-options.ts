import "server-only";
import type { Queryable } from "@/db/client";
import { listPeople, listTeams } from "@/db/queries/org";
import { listApis, listApplications, listPolicies, listServers } from "@/db/queries/registry";
import type { CredentialFormOptions } from "@/components/inventory/credential-form";
import type { Option, PersonOption } from "@/components/inventory/types";
import { governanceOverride, type ActorFacts } from "@/lib/authz/ownership";

const LIMIT = 200;

/**
 * Options of the credential form's selects. Lists stop at 200 entries; references the record already
 * holds are always included so an edit never silently drops a value that fell past the limit.
 */
type Keep = {
  people?: PersonOption[];
  teams?: Option[];
  owningTeamId?: string | null;
  server?: Option | null;
  applications?: CredentialFormOptions["applications"];
  apis?: Option[];
};

const merge = <T extends { id: string }>(list: T[], extra: readonly T[] | undefined) => {
  for (const item of extra ?? []) if (!list.some((o) => o.id === item.id)) list.push(item);
  return list;
};

export async function credentialFormOptions(db: Queryable, facts: ActorFacts, keep: Keep = {}): Promise<CredentialFormOptions> {
  const [teams, people, servers, applications, apis, policies] = await Promise.all([
    listTeams(db, { limit: LIMIT }),
    listPeople(db, { limit: LIMIT }),
    listServers(db, { limit: LIMIT }),
    listApplications(db, { limit: LIMIT }),
    listApis(db, { limit: LIMIT }),
    listPolicies(db),
  ]);
  const teamOptions = merge(
    teams.items.map((t): Option => ({ id: t.id, name: t.name })),
    keep.teams,
  );
  const peopleOptions = merge(
    people.items.map((p): PersonOption => ({ id: p.id, name: p.name, hint: p.email, isActive: p.isActive })),
    keep.people,
  );
  const governor = facts.role === "admin" || facts.role === "security";
  return {
    // Members may only make one of their own teams the owner (DESIGN §2); keep the current one visible.
    owningTeams: governor ? teamOptions : teamOptions.filter((t) => facts.teamIds.has(t.id) || t.id === keep.owningTeamId),
    teams: teamOptions,
    people: peopleOptions,
    servers: merge(
      servers.items.map((s): CredentialFormOptions["servers"][number] => ({ id: s.id, name: s.name, hint: s.issuerUrl, tokenEndpoint: s.tokenEndpoint })),
      keep.server ? [{ ...keep.server, tokenEndpoint: null }] : [],
    ),
    applications: merge(
      applications.items.map((a): CredentialFormOptions["applications"][number] => ({ id: a.id, name: a.name, environment: a.environment, trustZone: a.trustZone })),
      keep.applications,
    ),
    apis: merge(
      apis.items.map((a): Option => ({ id: a.id, name: a.name, hint: a.audience })),
      keep.apis,
    ),
    policies: policies.map((p) => ({ id: p.id, name: p.name })),
    governance: governanceOverride.mayWeaken(facts.role) ? "any" : governanceOverride.mayOverride(facts.role) ? "tighten" : "none",
  };
}
