import { defaultPolicies, highestSensitivity, matchPolicy, type RotationPolicy } from "@/lib/domain/policies";
import { stageAccountability, type DemoStaff } from "./accountability";
import { stageApplications, stageGrants } from "./access";
import { stageReview, stageSecretAge } from "./ages";
import { stageClient, stageTokenHandling } from "./client";
import { isRetired, type RandomFlaw } from "./flaws";
import type { Identifiers } from "./identifiers";
import type { Prng } from "./prng";
import { secretKindOf, stageSecrets } from "./secrets";
import type { DemoCredential, DemoFlaw } from "./types";
import { apiByKey, describeCredential, mustGet, type AppRecord, type DayClock, type Draft } from "./records";

/** What building one record needs from the organisation drawn so far. */
export type CredentialSetting = {
  rng: Prng;
  clock: DayClock;
  staff: DemoStaff;
  appRecords: AppRecord[];
  appByKey: Map<string, AppRecord>;
  ids: Identifiers;
  has: (flaw: RandomFlaw, index: number) => boolean;
  decommissioned: Set<number>;
  suspended: Set<number>;
};

/**
 * One drawn credential: each part (grants, applications, owners, client, tokens, dates, secrets, lifecycle) in the
 * order the random draws were made since the first demo, so the same seed keeps giving the same organisation.
 */
export function buildCredential(draft: Draft, index: number, s: CredentialSetting): DemoCredential {
  const { app, api, component, kind } = draft;
  const { rng } = s;
  const has = (flaw: RandomFlaw) => s.has(flaw, index);
  const flaws = new Set<DemoFlaw>();
  const team = app.catalog.team;
  const { name, key } = s.ids.uniqueName(component ? `${app.catalog.name} — ${component.label}` : `${app.catalog.name} → ${api?.name ?? "API"}`, app.env);

  const grants = stageGrants(draft, rng, has, flaws);
  const applicationKeys = stageApplications(app, s.appRecords, rng, has, flaws);
  const thirdParty = applicationKeys.some((k) => mustGet(s.appByKey, k).catalog.thirdParty === true);
  const policy: RotationPolicy =
    matchPolicy(defaultPolicies, {
      environment: app.env,
      kind,
      thirdParty,
      highestSensitivity: highestSensitivity(grants.map((g) => mustGet(apiByKey, g.apiKey).sensitivity)),
    }) ?? (defaultPolicies[2] as RotationPolicy);

  const people = stageAccountability(team, key, s.staff, rng, has, flaws);
  const client = stageClient(draft, policy, s.ids, rng, has, flaws);
  const tokens = stageTokenHandling(draft, client.clientId, key, rng, has, flaws);
  const age = stageSecretAge(index, policy, rng, has, flaws);
  const review = stageReview(policy, thirdParty, age.minCreatedDaysAgo, s.clock, rng, has, flaws);
  const secretKind = secretKindOf(kind, client.clientAuthMethod);
  const secrets = stageSecrets(draft, key, secretKind, { ...age, maxAge: policy.maxSecretAgeDays }, s.clock, rng, has, flaws);

  // Lifecycle status.
  let status: DemoCredential["status"] = "active";
  if (isRetired(draft)) {
    if (rng.chance(0.35)) status = "decommissioned";
    else flaws.add("orphaned-after-retirement");
  } else if (s.decommissioned.has(index)) status = "decommissioned";
  else if (s.suspended.has(index)) status = "suspended";
  if (status === "decommissioned") {
    for (const secret of secrets) if (secret.status === "active") secret.status = "revoked";
    flaws.clear();
  }

  const createdAt = s.clock.ago(Math.max(review.createdDaysAgo, age.minCreatedDaysAgo));
  const { owner, platformPerson } = people;
  return {
    key,
    kind,
    name,
    description: describeCredential(draft, app, api),
    environment: app.env,
    status,
    clientId: client.clientId,
    serverKey: client.server?.key ?? null,
    tokenEndpoint: null,
    grantTypes: client.grantTypes,
    clientAuthMethod: client.clientAuthMethod,
    accessTokenTtlSeconds: client.accessTtl,
    refreshTokenTtlSeconds: client.grantTypes.includes("refresh_token") ? 2_592_000 : null,
    ownerEmail: owner,
    backupOwnerEmail: people.backup,
    owningTeamKey: team,
    // Drawn here, between the owners and the SDK owner: moving a draw changes every record after it.
    identityGovernanceTeamKey: rng.chance(0.9) ? "identity-governance" : null,
    platformTeamKey: people.platform,
    rotationOwnerEmail: people.rotationOwner,
    revocationOwnerEmail: people.revocationOwner,
    breakGlassProcedure: people.breakGlass,
    sdkName: tokens.sdkName,
    sdkVersion: tokens.sdkVersion,
    sdkOwnerEmail: tokens.sdkName !== null ? (owner && rng.chance(0.5) ? owner : platformPerson.email) : null,
    tokenCache: tokens.tokenCache,
    tokenPersistence: tokens.persistence,
    logsRedactTokens: tokens.logsRedact,
    reviewCadenceDays: review.reviewCadenceDays,
    lastReviewedAt: review.lastReviewedAt,
    createdAt,
    applicationKeys,
    grants,
    secrets,
    flaws: [...flaws],
  };
}
