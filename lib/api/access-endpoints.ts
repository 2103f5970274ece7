import { idParams } from "@/lib/validation/common";
import { credentialAccessDto, grantDecisionInput, grantParams, grantRequestInput, grantReviewInput, grantStatusDto } from "@/lib/validation/access";
import { endpoint } from "./endpoint";

const tag = "Access decisions";
const decide = { permission: "grant:write" } as const;

/** Access decisions per API (DESIGN §4.5): request, approve, reject, revoke and review a credential's grant of an API. */
export const accessEndpoints = {
  listCredentialGrants: endpoint({
    operationId: "listCredentialGrants",
    method: "GET",
    path: "/api/v1/credentials/{id}/grants",
    summary: "A credential's API grants as decision records (status, requester, approver, decided at, re-review date, the caller's actions) and their decision history, newest first",
    tag,
    access: { permission: "inventory:read" },
    params: idParams,
    response: credentialAccessDto,
  }),
  requestGrant: endpoint({
    operationId: "requestGrant",
    method: "POST",
    path: "/api/v1/credentials/{id}/grants",
    summary: "Ask for access to an API (or more of its scopes) for a credential you may edit. Another team's API: a request that team approves (pending until then, not access); your own team's or an unowned API: approved at once",
    tag,
    access: decide,
    params: idParams,
    body: grantRequestInput,
    response: grantStatusDto,
    successStatus: 201,
  }),
  approveGrant: endpoint({
    operationId: "approveGrant",
    method: "POST",
    path: "/api/v1/credentials/{id}/grants/{grantId}/approve",
    summary: "Approve a requested grant: a member of the API's owning team, security or an admin — never the requester. Sets the re-review date from the API's sensitivity",
    tag,
    access: decide,
    params: grantParams,
    body: grantDecisionInput,
    response: grantStatusDto,
  }),
  rejectGrant: endpoint({
    operationId: "rejectGrant",
    method: "POST",
    path: "/api/v1/credentials/{id}/grants/{grantId}/reject",
    summary: "Reject a requested grant (the same deciders as approval)",
    tag,
    access: decide,
    params: grantParams,
    body: grantDecisionInput,
    response: grantStatusDto,
  }),
  revokeGrant: endpoint({
    operationId: "revokeGrant",
    method: "POST",
    path: "/api/v1/credentials/{id}/grants/{grantId}/revoke",
    summary: "Revoke an approved grant or withdraw a request: the API's side, or whoever may edit the credential",
    tag,
    access: decide,
    params: grantParams,
    body: grantDecisionInput,
    response: grantStatusDto,
  }),
  reviewGrant: endpoint({
    operationId: "reviewGrant",
    method: "POST",
    path: "/api/v1/credentials/{id}/grants/{grantId}/review",
    summary: "Re-review an approved grant: keep (the reviewer becomes its approver until the next date), reduce to a subset of its scopes, or revoke",
    tag,
    access: decide,
    params: grantParams,
    body: grantReviewInput,
    response: grantStatusDto,
  }),
} satisfies Record<string, ReturnType<typeof endpoint>>;
