import { idParams } from "@/lib/validation/common";
import { apiTokenDto, apiTokenFilters, apiTokenPageDto, createApiTokenInput, createdApiTokenDto } from "@/lib/validation/api-tokens";
import { endpoint } from "./endpoint";

const tag = "API tokens";
/** One's own tokens: everyone, auditors included; a read-write one also needs token:write (checked by the service). */
const own = { permission: "read-only-token:write" } as const;
const manage = { permission: "token:manage" } as const;
const ownFilters = apiTokenFilters.omit({ userId: true });

/** API tokens (DESIGN §8.1). Managing tokens needs a signed-in session: a token cannot mint or revoke tokens. */
export const tokenEndpoints = {
  listMyApiTokens: endpoint({ operationId: "listMyApiTokens", method: "GET", path: "/api/v1/me/tokens", summary: "My API tokens, newest first (never their secrets)", tag, access: own, sessionOnly: true, query: ownFilters, response: apiTokenPageDto }),
  createMyApiToken: endpoint({
    operationId: "createMyApiToken",
    method: "POST",
    path: "/api/v1/me/tokens",
    summary: "Create an API token for myself: name, expiry (required, at most 365 days), optionally read-only. The token is in the response once; Steward keeps its hash and lists it in the inventory as a credential of the Steward application",
    tag,
    access: own,
    sessionOnly: true,
    secretResponse: true,
    body: createApiTokenInput,
    response: createdApiTokenDto,
    successStatus: 201,
  }),
  revokeMyApiToken: endpoint({ operationId: "revokeMyApiToken", method: "POST", path: "/api/v1/me/tokens/{id}/revoke", summary: "Revoke one of my API tokens: it stops working at once and its inventory record is decommissioned", tag, access: own, sessionOnly: true, params: idParams, response: apiTokenDto }),
  listApiTokens: endpoint({ operationId: "listApiTokens", method: "GET", path: "/api/v1/api-tokens", summary: "Every user's API tokens (admin): filter by user and state", tag, access: manage, sessionOnly: true, query: apiTokenFilters, response: apiTokenPageDto }),
  revokeApiToken: endpoint({ operationId: "revokeApiToken", method: "POST", path: "/api/v1/api-tokens/{id}/revoke", summary: "Revoke anyone's API token (admin)", tag, access: manage, sessionOnly: true, params: idParams, response: apiTokenDto }),
} satisfies Record<string, ReturnType<typeof endpoint>>;
