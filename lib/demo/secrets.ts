import type { CredentialKind } from "@/lib/domain/policies";
import type { HasFlaw } from "./flaws";
import type { Prng } from "./prng";
import type { ClientAuthMethod, DemoFlaw, DemoSecret, SecretKind, SecretStorage } from "./types";
import { envShort, fakeUuid, type AppRecord, type DayClock, type Draft } from "./records";

const leakSources = [
  "Public GitHub repository (found by GitHub secret scanning)",
  "Jenkins build log shared in a support ticket",
  "Pasted in a public Slack Connect channel with a vendor",
  "Docker image layer pushed to a public registry",
  "Crash dump attached to a vendor support case",
];

/** What kind of secret a credential holds, if any (a public client holds none). */
export function secretKindOf(kind: CredentialKind, clientAuthMethod: ClientAuthMethod | null): SecretKind | null {
  return kind === "api_key" || kind === "personal_access_token"
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
}

const healthyStorage = (kind: SecretKind, rng: Prng): SecretStorage =>
  kind === "private_key" ? rng.pick(["kms", "vault"] as const) : rng.pick(["vault", "vault", "secrets_manager"] as const);

function storageRef(storage: SecretStorage, team: string, key: string, app: AppRecord, apiKey: string | null, rng: Prng): string | null {
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
}

/**
 * The current secret and, when the record was rotated before, the previous one (sometimes leaked and remediated
 * by that rotation). Flaws: unmanaged storage, no expiry, a leaked current secret (which then stops counting as
 * overdue or unexpiring).
 */
export function stageSecrets(
  draft: Draft,
  key: string,
  secretKind: SecretKind | null,
  age: { ageDays: number; rotatedBefore: boolean; maxAge: number },
  clock: DayClock,
  rng: Prng,
  has: HasFlaw,
  flaws: Set<DemoFlaw>,
): DemoSecret[] {
  const secrets: DemoSecret[] = [];
  if (!secretKind) return secrets;
  const { app, api } = draft;
  const { ageDays, rotatedBefore, maxAge } = age;
  const { ago, plus } = clock;
  const issuedAt = ago(ageDays);
  let storage = healthyStorage(secretKind, rng);
  if (has("secret-unmanaged")) {
    storage = rng.pick(["env_file", "env_file", "config_file", "source_code", "ci_variable", "unknown"] as const);
    flaws.add("secret-unmanaged");
  }
  const ref = storageRef(storage, app.catalog.team, key, app, api?.key ?? null, rng);
  let expiresAt: Date | null = plus(issuedAt, Math.min(maxAge + rng.pick([0, 0, 30, 90]), secretKind === "certificate" ? 397 : 3650));
  if (has("secret-no-expiry")) {
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
  const leaked = has("secret-leaked");
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
  return secrets;
}
