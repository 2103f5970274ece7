import { ORG_DOMAIN } from "./catalog";
import type { HasFlaw } from "./flaws";
import type { Prng } from "./prng";
import type { DemoFlaw, DemoPerson } from "./types";
import { mustGet } from "./records";

/** The people of the demo organisation the generator draws owners from (see generatePeople). */
export type DemoStaff = {
  members: Map<string, DemoPerson[]>;
  active: (teamKey: string) => DemoPerson[];
  inactivePeople: DemoPerson[];
};

/** Who answers for a record: owner, backup, rotation and revocation owners, the break-glass procedure; flaws leave gaps. */
export function stageAccountability(team: string, key: string, staff: DemoStaff, rng: Prng, has: HasFlaw, flaws: Set<DemoFlaw>) {
  const teamActive = staff.active(team);
  const platform = rng.pick(["platform-engineering", "cloud-infrastructure"] as const);
  const platformPerson = rng.pick(staff.active(platform));
  const securityPerson = rng.pick(staff.active("security-operations"));
  let owner: string | null = rng.pick(teamActive).email;
  if (has("owner-missing")) {
    owner = null;
    flaws.add("owner-missing");
  } else if (has("owner-inactive")) {
    const leavers = mustGet(staff.members, team).filter((p) => !p.isActive);
    owner = (leavers[0] ?? rng.pick(staff.inactivePeople)).email;
    flaws.add("owner-inactive");
  }
  const backupCandidates = teamActive.filter((p) => p.email !== owner);
  let backup: string | null = (backupCandidates.length ? rng.pick(backupCandidates) : platformPerson).email;
  if (has("backup-owner-missing")) {
    backup = null;
    flaws.add("backup-owner-missing");
  }
  let rotationOwner: string | null = owner && rng.chance(0.6) ? owner : platformPerson.email;
  let revocationOwner: string | null = rng.chance(0.5) ? securityPerson.email : (owner ?? securityPerson.email);
  let breakGlass: string | null = rng.chance(0.7)
    ? `https://runbooks.${ORG_DOMAIN}/nhi/${key}`
    : `Disable the client at the authorization server, rotate through the vault path, and page #sec-oncall (${securityPerson.name}).`;
  if (has("go-live-readiness")) {
    const gap = rng.int(0, 2);
    if (gap === 0) rotationOwner = null;
    else if (gap === 1) revocationOwner = null;
    else breakGlass = null;
    flaws.add("go-live-readiness");
  }
  return { owner, backup, rotationOwner, revocationOwner, breakGlass, platform, platformPerson };
}
