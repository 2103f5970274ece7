import { z } from "zod";
import { idParams } from "@/lib/validation/common";
import { findingListDto, personHoldingsDto, queueDto, reassignOwnershipInput, reassignResultDto } from "@/lib/validation/queue";
import { endpoint } from "./endpoint";

export const queueQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** My queue, departures and ownership reassignment (DESIGN §4.4, §6). */
export const queueEndpoints = {
  getQueue: endpoint({
    operationId: "getQueue",
    method: "GET",
    path: "/api/v1/queue",
    summary: "My queue: my credentials due for rotation or review, open rotation requests, approvals waiting for me, my review tasks and my open findings (each section bounded by `limit`, with its total)",
    tag: "Lifecycle",
    access: { permission: "queue:read" },
    query: queueQuery,
    response: queueDto,
  }),
  getHoldings: endpoint({
    operationId: "getPersonHoldings",
    method: "GET",
    path: "/api/v1/people/{id}/holdings",
    summary: "What a person holds: credentials (not decommissioned) by ownership role, counts and the first 200 by name, and the access their departure ends (user, API tokens, pending approvals, exceptions approved, review tasks)",
    tag: "People",
    access: { permission: "inventory:read" },
    params: idParams,
    response: personHoldingsDto,
  }),
  reassignOwnership: endpoint({
    operationId: "reassignOwnership",
    method: "POST",
    path: "/api/v1/people/{id}/reassign",
    summary: "Move a person's ownership roles (all, or on chosen credentials) to an active person in one audited transaction; dryRun answers the counts and writes nothing",
    tag: "People",
    access: { permission: "ownership:manage" },
    params: idParams,
    body: reassignOwnershipInput,
    response: reassignResultDto,
  }),
  listCredentialFindings: endpoint({
    operationId: "listCredentialFindings",
    method: "GET",
    path: "/api/v1/credentials/{id}/findings",
    summary: "A credential's findings: every open one, and the 20 most recently resolved",
    tag: "Credentials",
    access: { permission: "inventory:read" },
    params: idParams,
    response: findingListDto,
  }),
} satisfies Record<string, ReturnType<typeof endpoint>>;
