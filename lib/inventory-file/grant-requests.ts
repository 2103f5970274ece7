import { initialGrantStatus } from "@/lib/domain/access-decisions";
import type { World } from "./plan";
import type { Entry, Issue } from "./read";

/**
 * What the import will do with new grants (DESIGN §4.5, §8.2), for the dry run: a grant to an API
 * another team owns is imported as a request, the importer its requester, that team its approver —
 * not access until approved. Grants already stored are unchanged by this rule. Pure.
 */
export function grantRequestNotes(entries: readonly Entry[], world: World): Issue[] {
  const apiTeamInFile = new Map<string, string | null>();
  for (const e of entries) if (e.file?.type === "api") apiTeamInFile.set(e.file.record.key, e.file.record.owningTeam ?? world.apis.get(e.file.record.key)?.owningTeam ?? null);
  const notes: Issue[] = [];
  for (const e of entries) {
    if (e.file?.type !== "credential") continue;
    const r = e.file.record;
    const stored = world.credentials.get(r.key);
    const credentialTeam = r.owningTeam !== undefined ? r.owningTeam : (stored?.owningTeam ?? null);
    const had = new Set((stored?.grants ?? []).map((g) => g.api));
    (r.grants ?? []).forEach((g, i) => {
      if (had.has(g.api)) return;
      const apiTeam = apiTeamInFile.has(g.api) ? (apiTeamInFile.get(g.api) ?? null) : (world.apis.get(g.api)?.owningTeam ?? null);
      if (initialGrantStatus(credentialTeam, apiTeam) === "approved") return;
      notes.push({
        field: e.fieldName(["grants", i, "api"]),
        message: `"${g.api}" is owned by team "${apiTeam ?? ""}": this grant is imported as a request you make, which that team approves (not access until then)`,
        line: e.lineOf(["grants", i, "api"]),
      });
    });
  }
  return notes;
}
