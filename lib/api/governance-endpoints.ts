import { idParams } from "@/lib/validation/common";
import {
  catalogDto,
  catalogQuery,
  controlPageQuery,
  controlParams,
  controlScopeQuery,
  coverageDto,
  credentialControlsDto,
  failingCredentialsDto,
  findingFilters,
  findingPageDto,
} from "@/lib/validation/governance";
import { assignFindingsInput, bulkExceptionInput } from "@/lib/validation/exceptions";
import { z } from "zod";
import { endpoint } from "./endpoint";

const read = { permission: "inventory:read" } as const;
const tag = "Governance";

/** Findings, controls and the catalog (DESIGN §5.1, §5.2, §6 Controls). */
export const governanceEndpoints = {
  listFindings: endpoint({ operationId: "listFindings", method: "GET", path: "/api/v1/findings", summary: "List findings, most severe first, then longest open: status (open, excepted, resolved), severity, rule, controls (control repeated or comma-separated; controlMatch=all: on credentials with such findings for every control, any: for at least one), team, environment, credential; keyset cursor; asOf (a past date or instant) reads the findings as they were then", tag, access: read, query: findingFilters, response: findingPageDto }),
  assignFindings: endpoint({ operationId: "assignFindings", method: "POST", path: "/api/v1/findings/assign", summary: "Assign open or excepted findings (up to 200) to an active person to work on, or unassign them (assigneePersonId null); one finding.assigned event each; resolved findings are skipped and counted", tag, access: { permission: "finding:manage" }, body: assignFindingsInput, response: z.object({ assigned: z.number().int(), skipped: z.number().int() }) }),
  exceptFindings: endpoint({ operationId: "exceptFindings", method: "POST", path: "/api/v1/findings/exceptions", summary: "Accept the risk of several open findings (up to 200) at once: one exception per finding's rule and credential with the same justification, compensating control, approver and expiry (at most 365 days); findings not open, on decommissioned credentials or already accepted are skipped and counted", tag, access: { permission: "exception:manage" }, body: bulkExceptionInput, response: z.object({ exceptions: z.number().int(), excepted: z.number().int(), skipped: z.number().int() }), successStatus: 201 }),
  getCatalog: endpoint({ operationId: "getCatalog", method: "GET", path: "/api/v1/catalog", summary: "The control catalog: frameworks and controls with the rules mapped to each; `q` searches ids, aliases (PR.AC-4, NHI-03) and titles", tag, access: read, query: catalogQuery, response: catalogDto }),
  getControlCoverage: endpoint({ operationId: "getControlCoverage", method: "GET", path: "/api/v1/controls", summary: "Coverage per framework and control over the inventory (pass, fail, excepted, not applicable; coverage = pass / (pass + fail)), optionally for one team or environment", tag, access: read, query: controlScopeQuery, response: coverageDto }),
  listControlFailures: endpoint({ operationId: "listControlFailures", method: "GET", path: "/api/v1/controls/{framework}/{control}/credentials", summary: "Credentials failing (or excepted on) one control, by name; `control` is the OSCAL-safe id (e.g. nhi7-2025, PR.AA-05, ia-5.7)", tag, access: read, params: controlParams, query: controlPageQuery, response: failingCredentialsDto }),
  getCredentialControls: endpoint({ operationId: "getCredentialControls", method: "GET", path: "/api/v1/credentials/{id}/controls", summary: "A credential's mapped controls with their status and the findings that evidence them", tag, access: read, params: idParams, response: credentialControlsDto }),
} satisfies Record<string, ReturnType<typeof endpoint>>;
