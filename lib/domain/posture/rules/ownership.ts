import type { PostureInput, PosturePerson, PostureRule } from "../types";
import { notApplicable, passes, fires, str, list, joinWords, isProduction } from "./helpers";

/** Who is accountable: owners, backups and the people production needs (DESIGN §5.1, §4.4). */

const roleWords: Record<string, string> = { owner: "owner", backupOwner: "backup owner", sdkOwner: "SDK owner" };

function inactiveHolders(input: PostureInput): { role: string; personId: string; name: string }[] {
  const held: [string, PosturePerson | null][] = [
    ["owner", input.owner],
    ["backupOwner", input.backupOwner],
    ["sdkOwner", input.sdkOwner],
  ];
  return held.flatMap(([role, p]) => (p && !p.isActive ? [{ role, personId: p.id, name: p.name }] : []));
}

export const ownerMissing: PostureRule = {
  id: "owner-missing",
  title: "Owner missing or gone",
  defaultSeverity: "high",
  inputs: ["person.isActive", "person.name"],
  // DESIGN §4.4 orphans a credential whose owner, backup owner or SDK owner left: the same finding.
  firesWhen: "No owner, or the owner, backup owner or SDK owner has left (is inactive).",
  evaluate(input) {
    const inactive = inactiveHolders(input);
    if (input.owner && inactive.length === 0) return passes;
    return fires("high", input.owner ? { inactive } : { noOwner: true, inactive });
  },
  explain(details) {
    const inactive = Array.isArray(details.inactive) ? (details.inactive as Record<string, unknown>[]) : [];
    const byPerson = new Map<string, { name: string; roles: string[] }>();
    for (const r of inactive) {
      const key = str(r.personId);
      const entry = byPerson.get(key) ?? { name: str(r.name, "someone"), roles: [] };
      entry.roles.push(roleWords[str(r.role)] ?? str(r.role));
      byPerson.set(key, entry);
    }
    const people = [...byPerson.values()].map((p) => `${p.name} (${joinWords(p.roles)})`);
    const left = people.length > 0 ? `${joinWords(people)} ${people.length === 1 ? "has" : "have"} left the organisation` : "";
    if (details.noOwner === true) return left ? `Nobody owns this credential, and ${left}.` : "Nobody owns this credential.";
    return `${left || "A person accountable for this credential has left the organisation"}; reassign ownership.`;
  },
  fix: "Assign an active owner and backup owner (People → Reassign ownership moves everything a leaver held).",
};

export const backupOwnerMissing: PostureRule = {
  id: "backup-owner-missing",
  title: "Backup owner missing",
  defaultSeverity: "medium",
  inputs: [],
  firesWhen: "A production credential has no backup owner.",
  evaluate(input) {
    if (!isProduction(input)) return notApplicable;
    return input.backupOwner ? passes : fires("medium", {});
  },
  explain: () => "This production credential has no backup owner: nobody can act when the owner is away.",
  fix: "Name a backup owner on the credential.",
};

export const goLiveReadiness: PostureRule = {
  id: "go-live-readiness",
  title: "Not ready for production",
  defaultSeverity: "medium",
  inputs: [],
  firesWhen: "A production credential lacks a rotation owner, a revocation owner or a break-glass procedure.",
  evaluate(input) {
    if (!isProduction(input)) return notApplicable;
    const missing = [
      ...(input.rotationOwner ? [] : ["rotation owner"]),
      ...(input.revocationOwner ? [] : ["revocation owner"]),
      ...(input.credential.breakGlassProcedure?.trim() ? [] : ["break-glass procedure"]),
    ];
    return missing.length === 0 ? passes : fires("medium", { missing });
  },
  explain: (details) => `This production credential has no ${joinWords(list(details.missing))}.`,
  fix: "Before go-live, name who rotates and who revokes the credential, and describe the break-glass procedure.",
};
