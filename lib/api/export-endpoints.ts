import { exportParams, exportScopeQuery } from "@/lib/validation/exports";
import { endpoint } from "./endpoint";

/** Auditor exports: control-mapping CSV, JSON, OSCAL, evidence pack (DESIGN §8.4). */
export const exportEndpoints = {
  runComplianceExport: endpoint({
    operationId: "runComplianceExport",
    method: "GET",
    path: "/api/v1/exports/{format}",
    summary:
      "Download an auditor export, streamed: format = csv (credential × control), json (with the catalog), oscal-component-definition, oscal-assessment-results (OSCAL 1.0.6) or evidence-pack (zip with manifest.json; check it with `npm run evidence:verify`). Scope: frameworks (comma-separated, required), teamId, environment; from/to bound the lifecycle events and audit extract of the pack. Audited as compliance.exported with the row count.",
    tag: "Exports",
    access: { permission: "compliance-export:read" },
    params: exportParams,
    query: exportScopeQuery,
  }),
};
