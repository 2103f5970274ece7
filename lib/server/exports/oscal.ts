import "server-only";
import {
  notAssessedObservations,
  oscalAssessmentPlan,
  oscalComponent,
  oscalFindings,
  oscalInventoryItem,
  oscalMetadata,
  oscalObservations,
  oscalRisks,
  reviewedControls,
  type ExportActors,
} from "@/lib/domain/exports/shape";
import { catalogResources } from "@/lib/domain/exports/oscal-catalogs";
import { uuidFrom } from "@/lib/domain/exports/uuid";
import { mapCredentials, type Counter, type ExportRun } from "./run";
import { exportParties } from "./source";

/** The OSCAL exports: component definition, assessment plan and assessment results, streamed credential by credential. */

/** Opens `"key":[` before the first item only: OSCAL arrays may not be empty, so an empty one is left out. */
async function* lazyArray(prefix: string, items: AsyncIterable<unknown[]>, suffix = "]"): AsyncGenerator<string> {
  let open = false;
  for await (const list of items) {
    for (const item of list) {
      yield `${open ? "," : prefix}${JSON.stringify(item)}`;
      open = true;
    }
  }
  if (open) yield suffix;
}

/**
 * The assessor is the user who runs the export; the organisation is the instance's operator (Steward
 * records no organisation name, so it is named by its role).
 */
function exportActors(run: ExportRun): ExportActors {
  const { actor } = run.audit;
  return {
    assessor: { id: actor.type === "user" && actor.id ? actor.id : uuidFrom("export-actor", actor.type, actor.id ?? "", actor.label), name: actor.label },
    organization: { id: uuidFrom("steward-organization"), name: "The organisation operating this Steward instance" },
  };
}

/** The pack file names the OSCAL documents refer to each other by (relative hrefs beside the embedded copies). */
export const oscalFiles = { componentDefinition: "oscal-component-definition.json", assessmentPlan: "oscal-assessment-plan.json" } as const;

const componentDefinitionResource = (run: ExportRun) => ({ uuid: uuidFrom(run.id, "component-definition-resource"), href: oscalFiles.componentDefinition });
const assessmentPlanJson = (run: ExportRun) => oscalAssessmentPlan(run.id, run.asOf, run.scope.frameworks, componentDefinitionResource(run));

export async function* componentDefinitionChunks(run: ExportRun, count: Counter): AsyncGenerator<string> {
  const parties = await exportParties(run.db, run.scope);
  const doc = { uuid: uuidFrom(run.id, "component-definition"), metadata: oscalMetadata("Steward: non-human identity credentials and their control status", run.asOf, parties) };
  yield `{"component-definition":${JSON.stringify(doc).slice(0, -1)}`;
  yield* lazyArray(`,"components":[`, mapCredentials(run, (c) => [oscalComponent(c, run.id)], count));
  // Every catalog a control-implementation's `source` names, so `#uuid` resolves inside the document.
  yield `,"back-matter":${JSON.stringify({ resources: catalogResources(run.scope.frameworks) })}}}`;
}

/** The plan as a pack file: one chunk (it is small; the async shape is the pack's file interface). */
export async function* assessmentPlanChunks(run: ExportRun): AsyncGenerator<string> {
  yield await Promise.resolve(JSON.stringify(assessmentPlanJson(run)));
}

export async function* assessmentResultsChunks(run: ExportRun, count: Counter): AsyncGenerator<string> {
  const parties = await exportParties(run.db, run.scope);
  const planId = uuidFrom(run.id, "assessment-plan-resource");
  const doc = {
    uuid: uuidFrom(run.id, "assessment-results"),
    metadata: oscalMetadata("Steward: posture assessment of non-human identity credentials", run.asOf, parties, exportActors(run)),
    "import-ap": { href: `#${planId}` },
  };
  const result = {
    uuid: uuidFrom(run.id, "result"),
    title: "Steward posture rules over the credential inventory",
    description: "Automated assessment: each credential is tested by Steward's posture rules; each mapped control is satisfied when every mapped rule that applies passes. Controls no rule evidences are listed as not assessed by Steward.",
    start: run.asOf.toISOString(),
    end: run.asOf.toISOString(),
    "reviewed-controls": reviewedControls(run.scope.frameworks),
  };
  yield `{"assessment-results":${JSON.stringify(doc).slice(0, -1)},"results":[${JSON.stringify(result).slice(0, -1)}`;
  yield* lazyArray(`,"local-definitions":{"inventory-items":[`, mapCredentials(run, (c) => [oscalInventoryItem(c)]), "]}");
  yield* lazyArray(`,"observations":[`, observationsWithUnassessed(run, count));
  yield* lazyArray(`,"findings":[`, mapCredentials(run, (c) => oscalFindings(c, run.id)));
  yield* lazyArray(`,"risks":[`, mapCredentials(run, (c) => oscalRisks(c, run.id)));
  // The plan travels inside the document (base64) and beside it in the evidence pack (rlink).
  const plan = { uuid: planId, title: "Assessment plan: Steward posture rules", rlinks: [{ href: oscalFiles.assessmentPlan, "media-type": "application/oscal.ap+json" }], base64: { filename: oscalFiles.assessmentPlan, "media-type": "application/oscal.ap+json", value: Buffer.from(JSON.stringify(assessmentPlanJson(run))).toString("base64") } };
  yield `}],"back-matter":${JSON.stringify({ resources: [plan, ...catalogResources(run.scope.frameworks)] })}}}`;
}

async function* observationsWithUnassessed(run: ExportRun, count: Counter): AsyncGenerator<unknown[]> {
  yield* mapCredentials(run, (c) => oscalObservations(c, run.id, run.asOf), count);
  yield notAssessedObservations(run.scope.frameworks, run.id, run.asOf);
}
