import { z } from "zod";
import { idField, idParams } from "@/lib/validation/common";
import {
  approveRotationInput,
  cancelRotationInput,
  completeRotationInput,
  createRotationRequestInput,
  incidentFilters,
  rejectRotationInput,
  reportLeakInput,
  rotationRequestFilters,
} from "@/lib/validation/rotation";
import { incidentDto, incidentPageDto, reportLeakDto, rotationRequestDetailDto, rotationRequestPageDto } from "@/lib/validation/rotation-dto";
import { endpoint } from "./endpoint";

const read = { permission: "inventory:read" } as const;
const write = { permission: "rotation:write" } as const;
const tag = "Rotations";

/** Rotation requests and leak incidents (DESIGN §4.2, §4.4). */
export const rotationEndpoints = {
  listRotationRequests: endpoint({ operationId: "listRotationRequests", method: "GET", path: "/api/v1/rotation-requests", summary: "List rotation requests, newest first: status (a state, `open` or `all`), credential filter, keyset cursor", tag, access: read, query: rotationRequestFilters, response: rotationRequestPageDto }),
  getRotationRequest: endpoint({ operationId: "getRotationRequest", method: "GET", path: "/api/v1/rotation-requests/{id}", summary: "Get a rotation request with its approvals and the actions the caller may take now", tag, access: read, params: idParams, response: rotationRequestDetailDto }),
  createRotationRequest: endpoint({ operationId: "createRotationRequest", method: "POST", path: "/api/v1/credentials/{id}/rotation-requests", summary: "Request a rotation of a credential (one open request per credential; the planned date cannot be in the past)", tag, access: write, params: idParams, body: createRotationRequestInput, response: rotationRequestDetailDto, successStatus: 201 }),
  approveRotationRequest: endpoint({ operationId: "approveRotationRequest", method: "POST", path: "/api/v1/rotation-requests/{id}/approve", summary: "Approve (owner, backup owner or security; never the requester). The request is approved once the policy's approvals are met", tag, access: write, params: idParams, body: approveRotationInput, response: rotationRequestDetailDto }),
  rejectRotationRequest: endpoint({ operationId: "rejectRotationRequest", method: "POST", path: "/api/v1/rotation-requests/{id}/reject", summary: "Reject a pending request, with a note saying why", tag, access: write, params: idParams, body: rejectRotationInput, response: rotationRequestDetailDto }),
  cancelRotationRequest: endpoint({ operationId: "cancelRotationRequest", method: "POST", path: "/api/v1/rotation-requests/{id}/cancel", summary: "Cancel a pending or approved request (the requester, security or an admin)", tag, access: write, params: idParams, body: cancelRotationInput, response: rotationRequestDetailDto }),
  completeRotationRequest: endpoint({ operationId: "completeRotationRequest", method: "POST", path: "/api/v1/rotation-requests/{id}/complete", summary: "Complete an approved request: the new secret's metadata (`fingerprintOf` is hashed and discarded; it must differ from the old one), the old secret superseded or revoked, and the deploy/revoke checklist", tag, access: write, params: idParams, body: completeRotationInput, response: rotationRequestDetailDto }),
  reportLeak: endpoint({ operationId: "reportLeak", method: "POST", path: "/api/v1/credentials/{id}/secrets/{secretId}/leak", summary: "Mark a secret leaked: opens a leak incident, an emergency (compromise) rotation request and a critical finding", tag: "Incidents", access: { permission: "incident:write" }, params: z.object({ id: idField, secretId: idField }), body: reportLeakInput, response: reportLeakDto, successStatus: 201 }),
  listIncidents: endpoint({ operationId: "listIncidents", method: "GET", path: "/api/v1/incidents", summary: "List leak incidents, newest detection first: status (`open`, `remediated`, `all`), credential filter, keyset cursor", tag: "Incidents", access: read, query: incidentFilters, response: incidentPageDto }),
  getIncident: endpoint({ operationId: "getIncident", method: "GET", path: "/api/v1/incidents/{id}", summary: "Get a leak incident with its time to remediate", tag: "Incidents", access: read, params: idParams, response: incidentDto }),
} satisfies Record<string, ReturnType<typeof endpoint>>;
