import { evidencePublicKeyDto, exportParams, exportQuery, oscalCatalogParams } from "@/lib/validation/exports";
import { endpoint } from "./endpoint";

/** Auditor exports: control-mapping CSV, JSON, OSCAL, evidence pack (DESIGN §8.4). */
export const exportEndpoints = {
  runComplianceExport: endpoint({
    operationId: "runComplianceExport",
    method: "GET",
    path: "/api/v1/exports/{format}",
    summary:
      "Download an auditor export, streamed: format = csv (credential × control), json (with the catalog), oscal-component-definition, oscal-assessment-results (OSCAL 1.0.6) or evidence-pack (zip with a signed manifest.json; check it with `npm run evidence:verify`). Scope: frameworks (comma-separated, required), teamId, environment; from/to bound the lifecycle events and audit extract of the pack; asOf (a past date or instant) exports the state as it was then (the pack's audit extract ends there); detail = summary (default: passing checks counted per control, failing credentials listed one by one) or full (every credential × control) for the OSCAL assessment results, alone or in the pack. Audited as compliance.exported with the row count.",
    tag: "Exports",
    access: { permission: "compliance-export:read" },
    params: exportParams,
    query: exportQuery,
  }),
  getEvidencePublicKey: endpoint({
    operationId: "getEvidencePublicKey",
    method: "GET",
    path: "/api/v1/evidence/public-key",
    summary: "The instance's Ed25519 public key (SPKI DER, base64) that signs every evidence pack's manifest: pin it with `npm run evidence:verify -- <pack.zip> --public-key <key>`.",
    tag: "Exports",
    access: { permission: "compliance-export:read" },
    response: evidencePublicKeyDto,
  }),
  // Public: the catalogs restate published frameworks, and OSCAL documents name this route as their
  // catalogs' source, so an auditor's tool must resolve it without a Steward account.
  getOscalCatalog: endpoint({
    operationId: "getOscalCatalog",
    method: "GET",
    path: "/api/v1/oscal/catalogs/{catalog}",
    summary: "Steward's own OSCAL catalog (OSCAL 1.0.6 JSON) of a framework that has none from its publisher: owasp-nhi-2025 or nist-sp-800-207. The OSCAL exports name it as a control source and embed a copy.",
    tag: "Exports",
    access: "public",
    params: oscalCatalogParams,
  }),
};
