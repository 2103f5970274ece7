import { z } from "zod";
import { frameworkIds, stewardCatalogIds, type FrameworkId } from "@/lib/domain/catalog/types";
import { asOfField, idField } from "./common";
import { controlMatchField, controlRefList } from "./inventory";

/** Auditor exports (DESIGN §8.4). Client-safe. */
export const exportFormats = ["csv", "json", "oscal-component-definition", "oscal-assessment-results", "evidence-pack"] as const;
export type ExportFormat = (typeof exportFormats)[number];

const assessmentDetails = ["summary", "full"] as const;
const environments = ["production", "staging", "development", "test"] as const;
const day = z.iso.date({ error: "must be a date (YYYY-MM-DD)" });

/** `frameworks` arrives as a comma-separated list or repeated parameter. */
const frameworkList = z
  .union([z.string(), z.array(z.string())], { error: "choose at least one framework" })
  .transform((v) => (Array.isArray(v) ? v : v.split(",")).map((s) => s.trim()).filter((s) => s !== ""))
  .superRefine((list, ctx) => {
    if (list.length === 0) ctx.addIssue({ code: "custom", message: "choose at least one framework" });
    const unknown = list.filter((f) => !(frameworkIds as readonly string[]).includes(f));
    if (unknown.length > 0) ctx.addIssue({ code: "custom", message: `unknown framework ${unknown.join(", ")}; known: ${frameworkIds.join(", ")}` });
  })
  .transform((list) => [...new Set(list)] as FrameworkId[]);

/** A form leaves unused fields empty (`teamId=`): empty means "not given". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

const exportScopeFields = z.object({
  frameworks: frameworkList,
  teamId: optional(idField),
  environment: optional(z.enum(environments, { error: `must be one of: ${environments.join(", ")}` })),
  from: optional(day),
  to: optional(day),
  /** Only credentials with open findings on these controls (all of them, or any): the inventory's filter. */
  control: optional(controlRefList),
  controlMatch: optional(controlMatchField),
  /** OSCAL assessment results: passing checks counted per control (summary, the default) or listed one by one (full). */
  detail: optional(z.enum(assessmentDetails, { error: `must be one of: ${assessmentDetails.join(", ")}` })),
});
const periodInOrder = (s: { from?: string; to?: string }) => !s.from || !s.to || s.from <= s.to;
const periodMessage = { message: "must not be before `from`", path: ["to"] };

export const exportScopeQuery = exportScopeFields.refine(periodInOrder, periodMessage);
export type ExportScope = z.output<typeof exportScopeQuery>;

/** An export's query: its scope, and the past instant whose state it shows (`asOf`, DESIGN §8.6; absent = now). */
export const exportQuery = exportScopeFields.extend({ asOf: asOfField }).refine(periodInOrder, periodMessage);

/** Steward's own OSCAL catalogs, served at /api/v1/oscal/catalogs/{catalog} (issue 15). */
export const oscalCatalogParams = z.object({ catalog: z.enum(stewardCatalogIds, { error: `must be one of: ${stewardCatalogIds.join(", ")}` }) });

export const exportParams = z.object({ format: z.enum(exportFormats, { error: `must be one of: ${exportFormats.join(", ")}` }) });

/** The instance's Ed25519 public key, which signs evidence-pack manifests: what `npm run evidence:verify -- --public-key` pins. */
export const evidencePublicKeyDto = z.object({ algorithm: z.literal("Ed25519"), format: z.literal("spki-der-base64"), publicKey: z.string() });
