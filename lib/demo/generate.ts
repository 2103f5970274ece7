/**
 * A deterministic demo organisation (issue 7): a realistic NHI inventory with a deliberate mix of
 * healthy and flawed records, so every screen, rule and export has something to show.
 *
 * Pure: no I/O, no clock, no Math.random. The same `now` and seed give the same organisation;
 * every date is relative to `now`. Secret values are never generated here: secrets only carry a
 * `fingerprintGroup`, and the loader draws a random value per group, fingerprints it, and drops it.
 */
import { ORG_DOMAIN, ORG_NAME } from "./catalog";
import { buildCredential, type CredentialSetting } from "./credential";
import { draftCredentials } from "./drafts";
import { stageFlaws } from "./flaws";
import { createIdentifiers } from "./identifiers";
import { createPrng } from "./prng";
import type { DemoCredential, DemoOrganisation } from "./types";
import { dayClock } from "./records";
import { generatePeople } from "./people";
import { demoRegistries } from "./registries";
import { ONESPAN_CREDENTIAL_KEY, ONESPAN_CREDENTIAL_NAME, onespanCredential } from "./onespan";
import { stageReuse } from "./reuse";
export type { DemoOrganisation, DemoCredential, DemoFlaw } from "./types";
export { ONESPAN_CREDENTIAL_KEY, ONESPAN_CREDENTIAL_NAME } from "./onespan";

export const DEFAULT_DEMO_SEED = 20_250_611;
export const DEFAULT_DEMO_CREDENTIALS = 320;

export type DemoOptions = { seed?: number; credentials?: number };

export function generateDemoOrganisation(now: Date, options: DemoOptions = {}): DemoOrganisation {
  const rng = createPrng(options.seed ?? DEFAULT_DEMO_SEED);
  const target = Math.max(1, options.credentials ?? DEFAULT_DEMO_CREDENTIALS);
  const clock = dayClock(now);
  const { people, members, teams, active, inactivePeople } = generatePeople(rng);
  const { servers, apis, appRecords, appByKey, applications } = demoRegistries();
  const drafts = draftCredentials(appRecords, rng, target);
  const { has, decommissioned, suspended } = stageFlaws(drafts, rng);
  const ids = createIdentifiers(rng);
  const setting: CredentialSetting = { rng, clock, staff: { members, active, inactivePeople }, appRecords, appByKey, ids, has, decommissioned, suspended };

  const credentials: DemoCredential[] = drafts.map((draft, i) => {
    if (i > 0) return buildCredential(draft, i, setting);
    const onespan = onespanCredential(draft.app, { ...clock, active, rng, clientIdFor: ids.clientIdFor });
    ids.reserve(ONESPAN_CREDENTIAL_NAME, "production", ONESPAN_CREDENTIAL_KEY);
    return onespan;
  });

  stageReuse(credentials, rng);

  return { name: ORG_NAME, domain: ORG_DOMAIN, teams, people, servers, apis, applications, credentials };
}

/** Counts of what a generated organisation holds: for the audit event, the CLI and tests. */
export function demoCounts(org: DemoOrganisation) {
  const secrets = org.credentials.flatMap((c) => c.secrets);
  return {
    teams: org.teams.length,
    people: org.people.length,
    inactivePeople: org.people.filter((p) => !p.isActive).length,
    authorizationServers: org.servers.length,
    apis: org.apis.length,
    scopes: org.apis.reduce((n, a) => n + a.scopes.length, 0),
    applications: org.applications.length,
    credentials: org.credentials.length,
    secrets: secrets.length,
    grants: org.credentials.reduce((n, c) => n + c.grants.length, 0),
    flawed: org.credentials.filter((c) => c.flaws.length > 0).length,
  };
}
