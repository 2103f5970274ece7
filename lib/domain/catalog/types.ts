import type { RuleId } from "../posture/types";

/** The control catalog's shape (DESIGN §5.2). Data lives in ./frameworks.ts, the rule mapping in ./mapping.ts. */
export const frameworkIds = ["owasp-nhi-2025", "nist-csf-2.0", "nist-sp-800-207", "nist-sp-800-53r5"] as const;
export type FrameworkId = (typeof frameworkIds)[number];
/** Frameworks whose publisher has no OSCAL catalog: Steward publishes its own (lib/domain/exports/oscal-catalogs). */
export const stewardCatalogIds = ["owasp-nhi-2025", "nist-sp-800-207"] as const satisfies readonly FrameworkId[];
export type StewardCatalogId = (typeof stewardCatalogIds)[number];

export type Framework = {
  id: FrameworkId;
  /** Official name, e.g. "OWASP Top 10 Non-Human Identities Risks 2025". */
  name: string;
  shortName: string;
  publisher: string;
  version: string;
  url: string;
};

export type Control = {
  framework: FrameworkId;
  /** The display id as the publisher writes it: "NHI7:2025", "PR.AA-05", "Tenet 3", "IA-5(7)". */
  id: string;
  /** NCName-safe id for OSCAL (no ':' or parentheses): "nhi7-2025", "PR.AA-05", "tenet-3", "ia-5.7". */
  oscalId: string;
  /** Official title, verbatim (reference/controls.md). */
  title: string;
  /** Steward's own short description (never the publisher's text). */
  description: string;
  /** Other ids people search by: CSF 1.1 predecessors ("PR.AC-4"), mis-citations ("NHI-03", "NHI3"). */
  aliases: string[];
};

/** A control as "framework/id", the key used in URLs, filters and status maps. */
export type ControlKey = `${FrameworkId}/${string}`;

/** Per credential and control (DESIGN §5.2). */
export type ControlStatus = "pass" | "fail" | "excepted" | "not_applicable";

export type RuleControlMap = Record<RuleId, { framework: FrameworkId; controlId: string }[]>;
