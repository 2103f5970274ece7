import { idParams } from "@/lib/validation/common";
import { createExceptionInput, exceptionFilters, exceptionPageDto, revokeExceptionInput } from "@/lib/validation/exceptions";
import { z } from "zod";
import { endpoint } from "./endpoint";

const tag = "Exceptions";
const manage = { permission: "exception:manage" } as const;

/** Exceptions — risk acceptance (DESIGN §5.3). */
export const exceptionEndpoints = {
  listExceptions: endpoint({ operationId: "listExceptions", method: "GET", path: "/api/v1/exceptions", summary: "List exceptions, newest first: status active (default), expired, revoked or all; keyset cursor", tag, access: { permission: "inventory:read" }, query: exceptionFilters, response: exceptionPageDto }),
  createException: endpoint({ operationId: "createException", method: "POST", path: "/api/v1/exceptions", summary: "Accept a rule's risk on one credential (credentialId) or for a team/environment (filter), with justification, compensating control, an active approver and an expiry at most 365 days away; covered open findings become excepted", tag, access: manage, body: createExceptionInput, response: z.object({ id: z.uuid(), excepted: z.number().int() }), successStatus: 201 }),
  revokeException: endpoint({ operationId: "revokeException", method: "POST", path: "/api/v1/exceptions/{id}/revoke", summary: "End an active exception early (reason required); its findings reopen", tag, access: manage, params: idParams, body: revokeExceptionInput, response: z.object({ id: z.uuid(), reopened: z.number().int() }) }),
};
