import type { RotationPolicy } from "@/lib/domain/policies";
import { slugify } from "@/lib/domain/keys";
import { ORG_DOMAIN, sdksByStack } from "./catalog";
import type { HasFlaw } from "./flaws";
import type { Identifiers } from "./identifiers";
import type { Prng } from "./prng";
import type { ClientAuthMethod, DemoCredential, DemoFlaw, GrantType } from "./types";
import { envShort, mustGet, serverByKey, type Draft } from "./records";

/** The client's registration at its authorization server: grant types, authentication method, token lifetime, client id. */
export function stageClient(draft: Draft, policy: RotationPolicy, ids: Identifiers, rng: Prng, has: HasFlaw, flaws: Set<DemoFlaw>) {
  const { app, api, component, kind } = draft;
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
    if (has("weak-grant-type")) {
      grantTypes = grantTypes.includes("authorization_code") ? [...grantTypes, "implicit"] : ["password"];
      flaws.add("weak-grant-type");
    }
    const methods = server.supportedAuthMethods as ClientAuthMethod[];
    const preferred: ClientAuthMethod = sensitive
      ? rng.pick<ClientAuthMethod>(["private_key_jwt", "private_key_jwt", "private_key_jwt", "tls_client_auth", "client_secret_basic"])
      : rng.pick<ClientAuthMethod>(["client_secret_basic", "client_secret_basic", "client_secret_post"]);
    clientAuthMethod = methods.includes(preferred) ? preferred : methods.includes("private_key_jwt") && sensitive ? "private_key_jwt" : "client_secret_basic";
    accessTtl = rng.pick([300, 600, 900, 3600].filter((t) => t <= policy.maxAccessTokenTtlSeconds));
    if (has("token-ttl-excessive")) {
      accessTtl = rng.pick([28_800, 43_200, 86_400]);
      flaws.add("token-ttl-excessive");
    }
    clientId = ids.clientIdFor(server, `${app.catalog.key}-${component ? slugify(component.label) : (api?.key ?? "client").replace(/-api$/, "")}-${envShort[app.env]}`);
  } else if (kind === "certificate" && server) {
    grantTypes = ["client_credentials"];
    // mTLS where the server supports it; otherwise the certificate signs private_key_jwt assertions (as with Entra ID).
    const methods = server.supportedAuthMethods as ClientAuthMethod[];
    clientAuthMethod = (["tls_client_auth", "self_signed_tls_client_auth", "private_key_jwt"] as const).find((m) => methods.includes(m)) ?? "private_key_jwt";
    accessTtl = rng.pick([300, 600, 900].filter((t) => t <= policy.maxAccessTokenTtlSeconds));
    clientId = ids.clientIdFor(server, `${app.catalog.key}-mtls-${envShort[app.env]}`);
  } else if (kind === "service_account_key") {
    clientId = `${slugify(component?.label ?? "service")}@${app.catalog.key}-${envShort[app.env]}.iam.${ORG_DOMAIN}`;
  }
  return { server, grantTypes, clientAuthMethod, accessTtl, clientId };
}

/** The SDK that fetches tokens and where it keeps them; the token-cache-persistent flaw writes them somewhere lasting. */
export function stageTokenHandling(draft: Draft, clientId: string | null, key: string, rng: Prng, has: HasFlaw, flaws: Set<DemoFlaw>) {
  const { app, kind } = draft;
  const sdk = kind === "oauth_client" || kind === "certificate" ? rng.pick(sdksByStack[app.catalog.stack]) : null;
  let tokenCache: DemoCredential["tokenCache"] = kind === "oauth_client" || kind === "certificate" ? (rng.chance(0.85) ? "in_memory" : "none") : kind === "api_key" ? "none" : "unknown";
  let logsRedact: DemoCredential["logsRedactTokens"] = kind === "oauth_client" ? (rng.chance(0.8) ? "yes" : "unknown") : "unknown";
  // A cache of "none" persists tokens nowhere: a persistence place would contradict it (issue 12).
  let persistence: string | null = tokenCache === "in_memory" ? "Process memory only; refreshed shortly before expiry" : null;
  if (has("token-cache-persistent")) {
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
  const at = sdk ? sdk.lastIndexOf("@") : -1;
  return { sdkName: sdk ? sdk.slice(0, at) : null, sdkVersion: sdk ? sdk.slice(at + 1) : null, tokenCache, persistence, logsRedact };
}
