import type { PostureInput, PostureRule } from "../types";
import { notApplicable, passes, fires, str, list, joinWords, isProduction } from "./helpers";

/** How the OAuth client and its SDK behave: grant types, client authentication, token handling (DESIGN §5.1; issue 12). */

export const weakGrantTypes: readonly string[] = ["password", "implicit"];
const sharedSecretMethods: readonly string[] = ["client_secret_basic", "client_secret_post", "client_secret_jwt"];

export const weakGrantType: PostureRule = {
  id: "weak-grant-type",
  title: "Weak grant type",
  defaultSeverity: "high",
  inputs: [],
  firesWhen: "Grant types include password or implicit.",
  evaluate(input) {
    if (input.credential.grantTypes.length === 0) return notApplicable;
    const weak = input.credential.grantTypes.filter((g) => weakGrantTypes.includes(g));
    return weak.length === 0 ? passes : fires("high", { grantTypes: weak.sort() });
  },
  explain: (details) => `Allows the deprecated ${joinWords(list(details.grantTypes))} grant${list(details.grantTypes).length === 1 ? "" : "s"}.`,
  fix: "Switch to client credentials (machine to machine) or authorization code with PKCE, and disable the old grant.",
};

export const weakClientAuth: PostureRule = {
  id: "weak-client-auth",
  title: "Weak client authentication",
  defaultSeverity: "medium",
  inputs: ["api.name", "api.sensitivity"],
  firesWhen: "Shared-secret client authentication on a high/critical API, or none at all.",
  evaluate(input) {
    const method = input.credential.clientAuthMethod;
    if (method === null) return notApplicable;
    if (method === "none") return fires("medium", { method, apis: [] });
    if (!sharedSecretMethods.includes(method)) return passes;
    const sensitive = input.grants.filter((g) => g.sensitivity === "high" || g.sensitivity === "critical").map((g) => g.apiName);
    return sensitive.length === 0 ? passes : fires("medium", { method, apis: [...new Set(sensitive)].sort() });
  },
  explain(details) {
    if (details.method === "none") return "The client does not authenticate at the token endpoint.";
    return `A shared secret (${str(details.method)}) protects access to ${joinWords(list(details.apis))}, rated high or critical.`;
  },
  fix: "Use private_key_jwt or mutual TLS for clients of sensitive APIs.",
};

export const tokenCachePersistent: PostureRule = {
  id: "token-cache-persistent",
  title: "Tokens persisted or logged",
  defaultSeverity: "medium",
  inputs: [],
  firesWhen: "The SDK caches tokens on disk or in a shared cache, or logs do not redact tokens.",
  evaluate(input) {
    const cache = input.credential.tokenCache;
    const persistent = cache === "disk" || cache === "shared_cache";
    const logged = input.credential.logsRedactTokens === "no";
    if (persistent || logged) return fires("medium", { tokenCache: persistent ? cache : null, logsRedactTokens: logged ? "no" : null });
    // Unknown is not a pass: nobody has checked (sdk-token-handling-unknown reports that in production).
    return tokenHandlingUnknown(input).length > 0 ? notApplicable : passes;
  },
  explain(details) {
    const parts = [
      ...(typeof details.tokenCache === "string" ? [`tokens are cached ${details.tokenCache === "disk" ? "on disk" : "in a shared cache"}`] : []),
      ...(details.logsRedactTokens === "no" ? ["logs do not redact tokens"] : []),
    ];
    const text = joinWords(parts);
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  },
  fix: "Cache tokens in memory only and redact them from logs.",
};

/** Which SDK token facts are still "unknown", in words. */
function tokenHandlingUnknown(input: PostureInput): string[] {
  return [...(input.credential.tokenCache === "unknown" ? ["token cache"] : []), ...(input.credential.logsRedactTokens === "unknown" ? ["log redaction"] : [])];
}

export const sdkTokenHandlingUnknown: PostureRule = {
  id: "sdk-token-handling-unknown",
  title: "SDK token handling not recorded",
  defaultSeverity: "medium",
  inputs: [],
  firesWhen: "A production credential's SDK token cache or log redaction is unknown.",
  evaluate(input) {
    if (!isProduction(input)) return notApplicable;
    const unknown = tokenHandlingUnknown(input);
    return unknown.length === 0 ? passes : fires("medium", { unknown });
  },
  explain: (details) => `Nobody has recorded this production credential's ${joinWords(list(details.unknown))}, so tokens may be persisted or logged unseen.`,
  fix: "Inventory the SDK's caching behaviour: record where it caches tokens and whether logs and crash dumps redact them.",
};
