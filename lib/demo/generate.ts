/**
 * A deterministic demo organisation (issue 7): a realistic NHI inventory with a deliberate mix of
 * healthy and flawed records, so every screen, rule and export has something to show.
 *
 * Pure: no I/O, no clock, no Math.random. The same `now` and seed give the same organisation;
 * every date is relative to `now`. Secret values are never generated here: secrets only carry a
 * `fingerprintGroup`, and the loader draws a random value per group, fingerprints it, and drops it.
 */
import { defaultPolicies, highestSensitivity, matchPolicy, type Environment, type RotationPolicy } from "@/lib/domain/policies";
import { slugify } from "@/lib/domain/keys";
import { catalogApis, extraComponents, ORG_DOMAIN, ORG_NAME, sdksByStack, type CatalogServer } from "./catalog";
import { createPrng } from "./prng";
import type { ClientAuthMethod, DemoCredential, DemoFlaw, DemoGrant, DemoOrganisation, DemoSecret, GrantType, SecretKind, SecretStorage } from "./types";
import { apiByKey, DAY_MS, describeCredential, envShort, fakeUuid, mustGet, serverByKey, type AppRecord, type Draft } from "./records";
import { generatePeople } from "./people";
import { demoRegistries } from "./registries";
import { ONESPAN_CREDENTIAL_KEY, ONESPAN_CREDENTIAL_NAME, onespanCredential } from "./onespan";
import { stageReuse } from "./reuse";
export type { DemoOrganisation, DemoCredential, DemoFlaw } from "./types";
export { ONESPAN_CREDENTIAL_KEY, ONESPAN_CREDENTIAL_NAME } from "./onespan";

export const DEFAULT_DEMO_SEED = 20_250_611;
export const DEFAULT_DEMO_CREDENTIALS = 320;

export type DemoOptions = { seed?: number; credentials?: number };

/** Share of (eligible) credentials that get each staged flaw. Independent draws: some records get several, about half get none. */
const flawRates = {
  "owner-missing": 0.04,
  "owner-inactive": 0.05,
  "backup-owner-missing": 0.07,
  "go-live-readiness": 0.06,
  "rotation-overdue": 0.1,
  "review-overdue": 0.05,
  "secret-no-expiry": 0.07,
  "token-ttl-excessive": 0.05,
  "secret-unmanaged": 0.07,
  "secret-leaked": 0.015,
  "scope-admin": 0.06,
  "cross-trust-zone": 0.04,
  "shared-client": 0.04,
  "weak-grant-type": 0.03,
  "token-cache-persistent": 0.05,
  "third-party-unreviewed": 0.45,
} as const satisfies Partial<Record<DemoFlaw, number>>;
type RandomFlaw = keyof typeof flawRates;

export function generateDemoOrganisation(now: Date, options: DemoOptions = {}): DemoOrganisation {
  const rng = createPrng(options.seed ?? DEFAULT_DEMO_SEED);
  const target = Math.max(1, options.credentials ?? DEFAULT_DEMO_CREDENTIALS);
  const ago = (days: number) => new Date(now.getTime() - Math.round(days * DAY_MS));
  const plus = (d: Date, days: number) => new Date(d.getTime() + Math.round(days * DAY_MS));

  // --- People and teams -------------------------------------------------------------------------
  const { people, members, teams, active, inactivePeople } = generatePeople(rng);

  // --- Registries -------------------------------------------------------------------------------
  const { servers, apis, appRecords, appByKey, applications } = demoRegistries();

  // --- What each credential is for ----------------------------------------------------------------
  const onespanApp = appRecords.find((r) => r.key === "crm-signing-production");
  if (!onespanApp) throw new Error("demo catalog: the CRM signing integration is missing");
  const drafts: Draft[] = [{ app: onespanApp, api: mustGet(apiByKey, "signing-api"), component: null, kind: "oauth_client" }];
  for (const app of appRecords) {
    for (const apiKey of app.catalog.calls) {
      if (app === onespanApp && apiKey === "signing-api") continue;
      drafts.push({ app, api: mustGet(apiByKey, apiKey), component: null, kind: "oauth_client" });
    }
  }
  const extras = rng.shuffle(appRecords.flatMap((app) => extraComponents.map((component) => ({ app, component }))));
  for (const { app, component } of extras) {
    if (drafts.length >= target) break;
    const api = component.kind === "personal_access_token" ? null : mustGet(apiByKey, rng.pick(app.catalog.calls));
    drafts.push({ app, api, component, kind: component.kind });
  }
  drafts.length = Math.min(drafts.length, target);

  // --- Which records carry which flaw ----------------------------------------------------------------
  const isRetired = (d: Draft) => d.app.catalog.retired === true;
  const eligible: Record<RandomFlaw, (d: Draft) => boolean> = {
    "owner-missing": () => true,
    "owner-inactive": () => true,
    "backup-owner-missing": (d) => d.app.env === "production",
    "go-live-readiness": (d) => d.app.env === "production",
    "rotation-overdue": () => true,
    "review-overdue": (d) => d.app.catalog.thirdParty !== true,
    "secret-no-expiry": () => true,
    "token-ttl-excessive": (d) => d.kind === "oauth_client",
    "secret-unmanaged": () => true,
    "secret-leaked": (d) => !isRetired(d),
    "scope-admin": (d) => d.api !== null && d.api.scopes.some((s) => s.privilege === "admin" || s.name === "all"),
    "cross-trust-zone": (d) => d.api !== null && !isRetired(d),
    "shared-client": (d) => d.kind === "oauth_client" && !isRetired(d),
    "weak-grant-type": (d) => d.kind === "oauth_client",
    "token-cache-persistent": (d) => d.kind === "oauth_client",
    "third-party-unreviewed": (d) => d.app.catalog.thirdParty === true,
  };
  const chosen = new Map<RandomFlaw, Set<number>>();
  const indices = drafts.map((_d, i) => i).slice(1); // never the OneSpan record: it is specified exactly
  for (const flaw of Object.keys(flawRates) as RandomFlaw[]) {
    const pool = indices.filter((i) => eligible[flaw](drafts[i] as Draft));
    const base = flaw === "third-party-unreviewed" ? pool.length : drafts.length;
    const count = Math.min(pool.length, Math.max(pool.length > 0 ? 1 : 0, Math.round(base * flawRates[flaw])));
    chosen.set(flaw, new Set(rng.shuffle(pool).slice(0, count)));
  }
  const has = (flaw: RandomFlaw, i: number) => chosen.get(flaw)?.has(i) === true;
  const anyFlaw = (i: number) => [...chosen.values()].some((set) => set.has(i));
  // Healthy lifecycle states: a few cleanly decommissioned and suspended records.
  const quiet = rng.shuffle(indices.filter((i) => !anyFlaw(i) && !isRetired(drafts[i] as Draft)));
  const decommissioned = new Set(quiet.slice(0, Math.round(drafts.length * 0.03)));
  const suspended = new Set(quiet.slice(decommissioned.size, decommissioned.size + Math.round(drafts.length * 0.02)));

  // --- Building the records ------------------------------------------------------------------------
  const usedClientIds = new Set<string>();
  const usedKeys = new Set<string>();
  const usedNames = new Set<string>();

  const clientIdFor = (server: CatalogServer, base: string): string => {
    for (let attempt = 0; ; attempt++) {
      const suffix = attempt === 0 ? "" : `-${attempt + 1}`;
      const id =
        server.clientIdStyle === "okta"
          ? `0oa${rng.chars(17)}`
          : server.clientIdStyle === "uuid" || server.clientIdStyle === "onespan"
            ? fakeUuid(rng)
            : server.clientIdStyle === "auth0"
              ? rng.chars(32)
              : `${base}${suffix}`;
      if (!usedClientIds.has(`${server.key}|${id}`)) {
        usedClientIds.add(`${server.key}|${id}`);
        return id;
      }
    }
  };

  const uniqueName = (name: string, env: Environment) => {
    let candidate = name;
    for (let n = 2; usedNames.has(`${env}|${candidate}`); n++) candidate = `${name} #${n}`;
    usedNames.add(`${env}|${candidate}`);
    let key = `${slugify(candidate)}-${env}`;
    for (let n = 2; usedKeys.has(key); n++) key = `${slugify(candidate)}-${env}-${n}`;
    usedKeys.add(key);
    return { name: candidate, key };
  };

  const healthyStorage = (kind: SecretKind): SecretStorage =>
    kind === "private_key" ? rng.pick(["kms", "vault"] as const) : rng.pick(["vault", "vault", "secrets_manager"] as const);

  const storageRef = (storage: SecretStorage, team: string, key: string, app: AppRecord, apiKey: string | null): string | null => {
    switch (storage) {
      case "vault":
        return `vault://kv/${team}/${key}`;
      case "secrets_manager":
        return `arn:aws:secretsmanager:eu-west-1:480213765521:secret:${app.env}/${key}-${rng.chars(6)}`;
      case "kms":
        return `arn:aws:kms:eu-west-1:480213765521:key/${fakeUuid(rng)}`;
      case "env_file":
        return `.env.${app.env} committed in git repository northwind/${app.catalog.key}`;
      case "config_file":
        return `config/application-${envShort[app.env]}.yml in the ${app.catalog.key} deployment bundle`;
      case "source_code":
        return `src/main/resources/${(apiKey ?? "client").replace(/-api$/, "")}-client.properties (northwind/${app.catalog.key})`;
      case "ci_variable":
        return `GitHub Actions secret ${`${app.catalog.key}_${apiKey ?? "token"}`.replace(/-/g, "_").toUpperCase()}`;
      case "unknown":
        return null;
    }
  };

  const leakSources = [
    "Public GitHub repository (found by GitHub secret scanning)",
    "Jenkins build log shared in a support ticket",
    "Pasted in a public Slack Connect channel with a vendor",
    "Docker image layer pushed to a public registry",
    "Crash dump attached to a vendor support case",
  ];

  const credentials: DemoCredential[] = [];
  drafts.forEach((draft, i) => {
    if (i === 0) {
      credentials.push(onespanCredential(draft.app, { ago, plus, active, rng, clientIdFor }));
      usedNames.add(`production|${ONESPAN_CREDENTIAL_NAME}`);
      usedKeys.add(ONESPAN_CREDENTIAL_KEY);
      return;
    }
    const { app, api, component, kind } = draft;
    const flaws = new Set<DemoFlaw>();
    const team = app.catalog.team;
    const { name, key } = uniqueName(component ? `${app.catalog.name} — ${component.label}` : `${app.catalog.name} → ${api?.name ?? "API"}`, app.env);

    // Grants: the scopes the job needs; flaws widen them.
    const grants: DemoGrant[] = [];
    if (api) {
      const reads = api.scopes.filter((s) => s.privilege === "read");
      const writes = api.scopes.filter((s) => s.privilege === "write" && s.name !== "all");
      const picked = [...(reads.length ? [rng.pick(reads)] : []), ...(writes.length && (reads.length === 0 || rng.chance(0.5)) ? [rng.pick(writes)] : [])];
      if (has("scope-admin", i)) {
        const admin = api.scopes.find((s) => s.privilege === "admin" || s.name === "all");
        if (admin) picked.push(admin);
        flaws.add("scope-admin");
      }
      const scopes = [...new Set(picked.map((s) => s.name))];
      grants.push({
        apiKey: api.key,
        scopes,
        justification: rng.chance(0.9) ? `${app.catalog.name}: ${picked.map((s) => s.description.toLowerCase()).join("; ")}` : null,
      });
      if (has("cross-trust-zone", i)) {
        const others = catalogApis.filter((a) => a.trustZone !== api.trustZone && a.trustZone !== app.catalog.trustZone);
        const other = rng.pick(others);
        const scope = other.scopes.find((s) => s.privilege === "read") ?? other.scopes[0];
        grants.push({
          apiKey: other.key,
          scopes: scope ? [scope.name] : [],
          justification: rng.pick(["Added during incident INC-4821 and never removed", "Reuse the existing client instead of registering a new one", null]),
        });
        flaws.add("cross-trust-zone");
        flaws.add("multi-audience");
      }
    }

    // Applications: one workload per client; a shared client serves several.
    const applicationKeys = [app.key];
    if (has("shared-client", i)) {
      const sibling = appRecords.find((r) => r.catalog === app.catalog && r.env !== app.env);
      const teammate = appRecords.find((r) => r.catalog.team === app.catalog.team && r.catalog !== app.catalog && r.catalog.retired !== true && r.env === app.env);
      const other = sibling && rng.chance(0.6) ? sibling : (teammate ?? sibling ?? rng.pick(appRecords.filter((r) => r !== app && r.catalog.retired !== true)));
      applicationKeys.push(other.key);
      flaws.add("shared-client");
      if ((other.env === "production") !== (app.env === "production")) flaws.add("cross-environment");
      if (other.catalog.trustZone !== app.catalog.trustZone) flaws.add("cross-trust-zone");
    }
    const apps = applicationKeys.map((k) => mustGet(appByKey, k));
    const thirdParty = apps.some((a) => a.catalog.thirdParty === true);

    const policy: RotationPolicy =
      matchPolicy(defaultPolicies, {
        environment: app.env,
        kind,
        thirdParty,
        highestSensitivity: highestSensitivity(grants.map((g) => mustGet(apiByKey, g.apiKey).sensitivity)),
      }) ?? (defaultPolicies[2] as RotationPolicy);

    // Accountability.
    const teamActive = active(team);
    const platform = rng.pick(["platform-engineering", "cloud-infrastructure"] as const);
    const platformPerson = rng.pick(active(platform));
    const securityPerson = rng.pick(active("security-operations"));
    let owner: string | null = rng.pick(teamActive).email;
    if (has("owner-missing", i)) {
      owner = null;
      flaws.add("owner-missing");
    } else if (has("owner-inactive", i)) {
      const leavers = mustGet(members, team).filter((p) => !p.isActive);
      owner = (leavers[0] ?? rng.pick(inactivePeople)).email;
      flaws.add("owner-inactive");
    }
    const backupCandidates = teamActive.filter((p) => p.email !== owner);
    let backup: string | null = (backupCandidates.length ? rng.pick(backupCandidates) : platformPerson).email;
    if (has("backup-owner-missing", i)) {
      backup = null;
      flaws.add("backup-owner-missing");
    }
    let rotationOwner: string | null = owner && rng.chance(0.6) ? owner : platformPerson.email;
    let revocationOwner: string | null = rng.chance(0.5) ? securityPerson.email : (owner ?? securityPerson.email);
    let breakGlass: string | null = rng.chance(0.7)
      ? `https://runbooks.${ORG_DOMAIN}/nhi/${key}`
      : `Disable the client at the authorization server, rotate through the vault path, and page #sec-oncall (${securityPerson.name}).`;
    if (has("go-live-readiness", i)) {
      const gap = rng.int(0, 2);
      if (gap === 0) rotationOwner = null;
      else if (gap === 1) revocationOwner = null;
      else breakGlass = null;
      flaws.add("go-live-readiness");
    }

    // OAuth client details.
    const server = api && (kind === "oauth_client" || kind === "certificate") ? mustGet(serverByKey, api.server) : null;
    const sensitive = api !== null && (api.sensitivity === "high" || api.sensitivity === "critical");
    let grantTypes: GrantType[] = [];
    let clientAuthMethod: ClientAuthMethod | null = null;
    let accessTtl: number | null = null;
    let clientId: string | null = null;
    if (kind === "oauth_client" && server) {
      grantTypes =
        app.catalog.key === "mobile-backend"
          ? ["authorization_code", "refresh_token"]
          : app.catalog.key === "claims-assistant"
            ? ["client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange"]
            : app.catalog.key === "identity-provisioner"
              ? ["urn:ietf:params:oauth:grant-type:jwt-bearer"]
              : ["client_credentials"];
      if (has("weak-grant-type", i)) {
        grantTypes = grantTypes.includes("authorization_code") ? [...grantTypes, "implicit"] : ["password"];
        flaws.add("weak-grant-type");
      }
      const methods = server.supportedAuthMethods as ClientAuthMethod[];
      const preferred: ClientAuthMethod = sensitive
        ? rng.pick<ClientAuthMethod>(["private_key_jwt", "private_key_jwt", "private_key_jwt", "tls_client_auth", "client_secret_basic"])
        : rng.pick<ClientAuthMethod>(["client_secret_basic", "client_secret_basic", "client_secret_post"]);
      clientAuthMethod = methods.includes(preferred) ? preferred : methods.includes("private_key_jwt") && sensitive ? "private_key_jwt" : "client_secret_basic";
      accessTtl = rng.pick([300, 600, 900, 3600].filter((t) => t <= policy.maxAccessTokenTtlSeconds));
      if (has("token-ttl-excessive", i)) {
        accessTtl = rng.pick([28_800, 43_200, 86_400]);
        flaws.add("token-ttl-excessive");
      }
      clientId = clientIdFor(server, `${app.catalog.key}-${component ? slugify(component.label) : (api?.key ?? "client").replace(/-api$/, "")}-${envShort[app.env]}`);
    } else if (kind === "certificate" && server) {
      grantTypes = ["client_credentials"];
      // mTLS where the server supports it; otherwise the certificate signs private_key_jwt assertions (as with Entra ID).
      const methods = server.supportedAuthMethods as ClientAuthMethod[];
      clientAuthMethod = (["tls_client_auth", "self_signed_tls_client_auth", "private_key_jwt"] as const).find((m) => methods.includes(m)) ?? "private_key_jwt";
      accessTtl = rng.pick([300, 600, 900].filter((t) => t <= policy.maxAccessTokenTtlSeconds));
      clientId = clientIdFor(server, `${app.catalog.key}-mtls-${envShort[app.env]}`);
    } else if (kind === "service_account_key") {
      clientId = `${slugify(component?.label ?? "service")}@${app.catalog.key}-${envShort[app.env]}.iam.${ORG_DOMAIN}`;
    }

    // SDK and token cache.
    const sdk = kind === "oauth_client" || kind === "certificate" ? rng.pick(sdksByStack[app.catalog.stack]) : null;
    const at = sdk ? sdk.lastIndexOf("@") : -1;
    let tokenCache: DemoCredential["tokenCache"] = kind === "oauth_client" || kind === "certificate" ? (rng.chance(0.85) ? "in_memory" : "none") : kind === "api_key" ? "none" : "unknown";
    let logsRedact: DemoCredential["logsRedactTokens"] = kind === "oauth_client" ? (rng.chance(0.8) ? "yes" : "unknown") : "unknown";
    // A cache of "none" persists tokens nowhere: a persistence place would contradict it (issue 12).
    let persistence: string | null = tokenCache === "in_memory" ? "Process memory only; refreshed shortly before expiry" : null;
    if (has("token-cache-persistent", i)) {
      const variant = rng.int(0, 2);
      if (variant === 0) {
        tokenCache = "disk";
        persistence = `/var/lib/${app.catalog.key}/oauth-token.json on the worker volume`;
      } else if (variant === 1) {
        tokenCache = "shared_cache";
        persistence = `Redis cluster cache-${envShort[app.env]}-01, key oauth:${clientId ?? key}`;
      } else {
        logsRedact = "no";
        // Kept in memory (never "none" here: that cache persists tokens nowhere).
        tokenCache = "in_memory";
        persistence = "Process memory; DEBUG logging prints the Authorization header";
      }
      flaws.add("token-cache-persistent");
    }

    const maxAge = policy.maxSecretAgeDays;
    let ageDays: number;
    if (has("rotation-overdue", i)) {
      ageDays = maxAge + (i % 2 === 0 ? rng.int(31, 240) : rng.int(1, 29));
      flaws.add("rotation-overdue");
    } else if (rng.chance(0.12)) {
      ageDays = rng.int(maxAge - 29, maxAge - 1); // due soon
    } else {
      ageDays = rng.int(3, Math.max(4, maxAge - 35));
    }
    const rotatedBefore = rng.chance(0.45);
    // The record is at least as old as its secret history.
    const minCreatedDaysAgo = ageDays + (rotatedBefore ? maxAge + 25 : 1);

    // Review.
    const override = rng.chance(0.05) ? rng.pick([30, 60]) : null;
    const cadence = override ?? policy.reviewCadenceDays;
    let lastReviewedAt: Date | null;
    let createdDaysAgo: number;
    if (thirdParty && has("third-party-unreviewed", i)) {
      lastReviewedAt = null;
      createdDaysAgo = cadence + rng.int(20, 400);
      flaws.add("third-party-unreviewed");
      flaws.add("review-overdue");
    } else if (has("review-overdue", i)) {
      const reviewedDaysAgo = cadence + rng.int(3, 200);
      lastReviewedAt = ago(reviewedDaysAgo);
      createdDaysAgo = reviewedDaysAgo + rng.int(30, 500);
      flaws.add("review-overdue");
    } else if (!thirdParty && minCreatedDaysAgo < cadence - 10 && rng.chance(0.08)) {
      // New and not reviewed yet: the first review is due a cadence after creation.
      lastReviewedAt = null;
      createdDaysAgo = rng.int(minCreatedDaysAgo, cadence - 10);
    } else {
      const reviewedDaysAgo = rng.chance(0.1) ? rng.int(Math.max(1, cadence - 28), cadence - 1) : rng.int(2, Math.max(3, cadence - 35));
      lastReviewedAt = ago(reviewedDaysAgo);
      createdDaysAgo = reviewedDaysAgo + rng.int(20, 700);
    }

    // Secrets: the current one and some history.
    const secretKind: SecretKind | null =
      kind === "api_key" || kind === "personal_access_token"
        ? "api_key"
        : kind === "service_account_key"
          ? "private_key"
          : kind === "certificate" || clientAuthMethod === "tls_client_auth"
            ? "certificate"
            : clientAuthMethod === "private_key_jwt"
              ? "private_key"
              : clientAuthMethod === "none"
                ? null
                : "client_secret";
    const secrets: DemoSecret[] = [];
    if (secretKind) {
      const issuedAt = ago(ageDays);
      let storage = healthyStorage(secretKind);
      if (has("secret-unmanaged", i)) {
        storage = rng.pick(["env_file", "env_file", "config_file", "source_code", "ci_variable", "unknown"] as const);
        flaws.add("secret-unmanaged");
      }
      const ref = storageRef(storage, team, key, app, api?.key ?? null);
      let expiresAt: Date | null = plus(issuedAt, Math.min(maxAge + rng.pick([0, 0, 30, 90]), secretKind === "certificate" ? 397 : 3650));
      if (has("secret-no-expiry", i)) {
        expiresAt = null;
        flaws.add("secret-no-expiry");
      }
      if (rotatedBefore) {
        const previousIssued = plus(issuedAt, -(maxAge + rng.int(-20, 20)));
        const leakedBefore = rng.chance(0.06);
        secrets.push({
          kind: secretKind,
          storage,
          storageRef: ref,
          issuedAt: previousIssued,
          expiresAt: plus(previousIssued, maxAge + 30),
          lastRotatedAt: null,
          status: leakedBefore ? "revoked" : "superseded",
          fingerprintGroup: rng.chance(0.3) || leakedBefore ? `${key}#previous` : null,
          // A leak handled in the past: the rotation that produced the current secret remediated it.
          leakedAt: leakedBefore ? plus(issuedAt, -rng.int(1, 27) - rng.next()) : null,
          leakSource: leakedBefore ? rng.pick(leakSources) : null,
          remediatedAt: leakedBefore ? issuedAt : null,
        });
      }
      const leaked = has("secret-leaked", i);
      if (leaked) {
        // A leaked secret no longer counts as the active one: its age and expiry stop mattering.
        flaws.add("secret-leaked");
        flaws.delete("rotation-overdue");
        flaws.delete("secret-no-expiry");
      }
      secrets.push({
        kind: secretKind,
        storage,
        storageRef: ref,
        issuedAt,
        expiresAt,
        lastRotatedAt: rotatedBefore ? issuedAt : null,
        status: leaked ? "leaked" : "active",
        fingerprintGroup: leaked || rng.chance(0.4) ? `${key}#current` : null,
        leakedAt: leaked ? ago(rng.int(1, Math.min(40, Math.max(1, ageDays - 1)))) : null,
        leakSource: leaked ? rng.pick(leakSources) : null,
        remediatedAt: null,
      });
    }

    // Lifecycle status.
    let status: DemoCredential["status"] = "active";
    if (isRetired(draft)) {
      if (rng.chance(0.35)) status = "decommissioned";
      else flaws.add("orphaned-after-retirement");
    } else if (decommissioned.has(i)) status = "decommissioned";
    else if (suspended.has(i)) status = "suspended";
    if (status === "decommissioned") {
      for (const s of secrets) if (s.status === "active") s.status = "revoked";
      flaws.clear();
    }

    const createdAt = ago(Math.max(createdDaysAgo, minCreatedDaysAgo));
    credentials.push({
      key,
      kind,
      name,
      description: describeCredential(draft, app, api),
      environment: app.env,
      status,
      clientId,
      serverKey: server?.key ?? null,
      tokenEndpoint: null,
      grantTypes,
      clientAuthMethod,
      accessTokenTtlSeconds: accessTtl,
      refreshTokenTtlSeconds: grantTypes.includes("refresh_token") ? 2_592_000 : null,
      ownerEmail: owner,
      backupOwnerEmail: backup,
      owningTeamKey: team,
      identityGovernanceTeamKey: rng.chance(0.9) ? "identity-governance" : null,
      platformTeamKey: platform,
      rotationOwnerEmail: rotationOwner,
      revocationOwnerEmail: revocationOwner,
      breakGlassProcedure: breakGlass,
      sdkName: sdk ? sdk.slice(0, at) : null,
      sdkVersion: sdk ? sdk.slice(at + 1) : null,
      sdkOwnerEmail: sdk ? (owner && rng.chance(0.5) ? owner : platformPerson.email) : null,
      tokenCache,
      tokenPersistence: persistence,
      logsRedactTokens: logsRedact,
      reviewCadenceDays: override,
      lastReviewedAt,
      createdAt,
      applicationKeys,
      grants,
      secrets,
      flaws: [...flaws],
    });
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
