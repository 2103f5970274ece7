import { ORG_DOMAIN, type CatalogServer } from "./catalog";
import type { Prng } from "./prng";
import type { DemoCredential, DemoPerson } from "./types";
import { mustGet, serverByKey, type AppRecord } from "./records";

/** The OneSpan Sign record of DESIGN §10, which the demo always holds, and the names tests look it up by. */
export const ONESPAN_CREDENTIAL_NAME = "OneSpan Sign — CRM signing integration";
export const ONESPAN_CREDENTIAL_KEY = "onespan-sign-crm-signing-integration-production";

/** DESIGN §10: the OneSpan Sign record, exactly as the source documents describe it. */
export function onespanCredential(
  app: AppRecord,
  h: {
    ago: (days: number) => Date;
    plus: (d: Date, days: number) => Date;
    active: (team: string) => DemoPerson[];
    rng: Prng;
    clientIdFor: (server: CatalogServer, base: string) => string;
  },
): DemoCredential {
  const crm = h.active("customer-platform");
  const owner = crm[0];
  const backup = crm[1];
  const platform = h.active("platform-engineering")[0];
  const security = h.active("security-operations")[0];
  if (!owner || !backup || !platform || !security) throw new Error("demo: teams too small for the OneSpan record");
  const issuedAt = h.ago(41);
  return {
    key: ONESPAN_CREDENTIAL_KEY,
    kind: "oauth_client",
    name: ONESPAN_CREDENTIAL_NAME,
    description:
      "Client-credentials client the CRM uses to create and track signing transactions in OneSpan Sign. OneSpan Sign access tokens expire after 299 seconds; the Java SDK caches the token in memory and requests a new one when it expires.",
    environment: "production",
    status: "active",
    clientId: h.clientIdFor(mustGet(serverByKey, "onespan-sign"), "crm-signing"),
    serverKey: "onespan-sign",
    tokenEndpoint: null,
    grantTypes: ["client_credentials"],
    clientAuthMethod: "client_secret_basic",
    accessTokenTtlSeconds: 299,
    refreshTokenTtlSeconds: null,
    ownerEmail: owner.email,
    backupOwnerEmail: backup.email,
    owningTeamKey: "customer-platform",
    identityGovernanceTeamKey: "identity-governance",
    platformTeamKey: "platform-engineering",
    rotationOwnerEmail: owner.email,
    revocationOwnerEmail: security.email,
    breakGlassProcedure: `https://runbooks.${ORG_DOMAIN}/nhi/onespan-sign-crm`,
    sdkName: "OneSpan Sign Java SDK",
    sdkVersion: "11.60",
    sdkOwnerEmail: platform.email,
    tokenCache: "in_memory",
    tokenPersistence: "JVM heap only; the SDK regenerates the token when it expires (299 s)",
    logsRedactTokens: "yes",
    reviewCadenceDays: null,
    lastReviewedAt: h.ago(30),
    createdAt: h.ago(410),
    applicationKeys: [app.key],
    grants: [
      {
        apiKey: "signing-api",
        scopes: ["transactions.read", "transactions.write"],
        justification: "Create signing transactions for customer contracts and track their status",
      },
    ],
    secrets: [
      {
        kind: "client_secret",
        storage: "vault",
        storageRef: "vault://kv/crm/onespan",
        issuedAt: h.plus(issuedAt, -90),
        expiresAt: h.plus(issuedAt, 0),
        lastRotatedAt: null,
        status: "superseded",
        fingerprintGroup: `${ONESPAN_CREDENTIAL_KEY}#previous`,
        leakedAt: null,
        leakSource: null,
        remediatedAt: null,
      },
      {
        kind: "client_secret",
        storage: "vault",
        storageRef: "vault://kv/crm/onespan",
        issuedAt,
        expiresAt: h.plus(issuedAt, 90),
        lastRotatedAt: issuedAt,
        status: "active",
        fingerprintGroup: `${ONESPAN_CREDENTIAL_KEY}#current`,
        leakedAt: null,
        leakSource: null,
        remediatedAt: null,
      },
    ],
    flaws: [],
  };
}
