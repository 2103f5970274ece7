import { controls, frameworkById, frameworks } from "../catalog/frameworks";
import { mappingPairs, rulesFor } from "../catalog/mapping";
import type { Control, ControlStatus, FrameworkId } from "../catalog/types";
import type { CredentialControl } from "../control-status";
import { findingFix, ruleLabel } from "../finding-summary";
import { formatCsvCells, formatCsvRow } from "../../inventory-file/csv";
import { catalogResources, catalogSourceOf, oscalTarget, type CatalogSource } from "./oscal-catalogs";
import { uuidFrom } from "./uuid";

/**
 * Pure shaping of the auditor exports (DESIGN §8.4): one credential with its controls in, text out.
 * The server streams credentials batch by batch through these; nothing here holds the inventory.
 */
export type ExportPerson = { id: string; name: string; email: string };
/** An active exception accepting a finding (DESIGN §5.3): an OSCAL risk with status deviation-approved. */
export type ExportException = { id: string; justification: string; compensatingControl: string; approver: ExportPerson; expiresAt: Date };
/** Per live finding: why it fired for this credential (in words), when it was detected, and the exception accepting it, if any. */
export type FindingFact = { reason: string; openedAt: Date; exception: ExportException | null };
export type ExportCredential = {
  id: string;
  key: string;
  name: string;
  kind: string;
  environment: string;
  status: string;
  teamName: string | null;
  owner: ExportPerson | null;
  backupOwner: ExportPerson | null;
  rotationOwner: ExportPerson | null;
  revocationOwner: ExportPerson | null;
  identityGovernanceTeamName: string | null;
  platformTeamName: string | null;
  rotationDueAt: Date | null;
  reviewDueAt: Date | null;
  controls: CredentialControl[];
  findingFacts: ReadonlyMap<string, FindingFact>;
};

export const STEWARD_NS = "https://steward.dev/ns/oscal";
const iso = (d: Date | null) => (d ? d.toISOString() : "");

/**
 * The control-mapping CSV's columns (DESIGN §8.4). The first fourteen are the original layout, kept
 * in place for readers that index by position; what auditors ask for (issue 15) follows: every
 * accountable party by name and email, the finding's own words, when it was detected, the fix, the
 * exception accepting it, and the CSF 1.1 ids a 2.0 control replaced.
 */
export const csvHeader = [
  "credential_key",
  "credential_name",
  "owner",
  "backup_owner",
  "team",
  "environment",
  "framework",
  "control_id",
  "control_title",
  "status",
  "rule_evidence",
  "rotation_due",
  "review_due",
  "as_of",
  "owner_email",
  "backup_owner_email",
  "rotation_owner",
  "rotation_owner_email",
  "revocation_owner",
  "revocation_owner_email",
  "identity_governance_team",
  "platform_team",
  "reason",
  "detected_at",
  "fix",
  "exception_justification",
  "exception_approver",
  "exception_approver_email",
  "exception_expires_at",
  "csf_1_1_aliases",
];

const CSF_1_1_ID = /^[A-Z]{2}\.[A-Z]{2}-\d+$/;

/** The CSF 1.1 subcategories a CSF 2.0 control replaced (from the catalog's aliases); none for other frameworks. */
export function csf11Aliases(control: Pick<Control, "framework" | "aliases">): string[] {
  return control.framework === "nist-csf-2.0" ? control.aliases.filter((a) => CSF_1_1_ID.test(a)) : [];
}

/** Each value once, in first-seen order, joined for one cell. */
const cellOf = (values: readonly string[]) => [...new Set(values.filter((v) => v !== ""))].join("; ");

/**
 * What one credential × control row says about its live findings: each finding's own words, the
 * earliest detection, each rule's fix, and the exceptions accepting them (several mapped rules can
 * fire at once, so each cell lists them in rule-evidence order).
 */
export function controlFindingCells(c: Pick<ExportCredential, "findingFacts">, cc: CredentialControl) {
  const facts = cc.evidence.flatMap((e) => {
    const fact = c.findingFacts.get(e.id);
    return fact ? [{ ruleId: e.ruleId, ...fact }] : [];
  });
  const detected = facts.map((f) => f.openedAt.getTime()).sort((a, b) => a - b)[0];
  const exceptions = facts.flatMap((f) => (f.exception ? [f.exception] : []));
  const expiries = exceptions.map((x) => x.expiresAt.getTime()).sort((a, b) => a - b);
  return {
    reason: cellOf(facts.map((f) => f.reason)),
    detectedAt: detected === undefined ? "" : new Date(detected).toISOString(),
    fix: cellOf(cc.evidence.map((e) => findingFix(e.ruleId) ?? "")),
    exceptionJustification: cellOf(exceptions.map((x) => x.justification)),
    exceptionApprover: cellOf(exceptions.map((x) => x.approver.name)),
    exceptionApproverEmail: cellOf(exceptions.map((x) => x.approver.email)),
    // The soonest expiry: the date the accepted risk comes back.
    exceptionExpiresAt: expiries[0] === undefined ? "" : new Date(expiries[0]).toISOString(),
  };
}

/** A control's own cells (framework, id, title; and the CSF 1.1 aliases that end the row), formatted once per process. */
const controlCsvCells = new WeakMap<Control, { head: string; aliases: string }>();
function controlCsv(control: Control) {
  let cells = controlCsvCells.get(control);
  if (!cells) {
    cells = {
      head: formatCsvCells([frameworkById.get(control.framework)?.shortName ?? control.framework, control.id, control.title]),
      aliases: formatCsvCells([csf11Aliases(control).join("; ")]),
    };
    controlCsvCells.set(control, cells);
  }
  return cells;
}
/** The seven finding cells of a row no finding evidences (most rows: a passing control). */
const noFindingCells = formatCsvCells(Array<string>(7).fill(""));

/**
 * One CSV row per credential × mapped control (formula cells neutralised by formatCsvCells), in
 * `csvHeader`'s order. A credential's own cells and each control's are formatted once and reused
 * across its rows: at a million credentials the file is ~30 million rows (issue 17).
 */
export function csvRows(c: ExportCredential, asOf: Date): string {
  const who = formatCsvCells([c.key, c.name, c.owner?.name ?? "", c.backupOwner?.name ?? "", c.teamName ?? "", c.environment]);
  const dueAndParties = formatCsvCells([
    iso(c.rotationDueAt),
    iso(c.reviewDueAt),
    asOf.toISOString(),
    c.owner?.email ?? "",
    c.backupOwner?.email ?? "",
    c.rotationOwner?.name ?? "",
    c.rotationOwner?.email ?? "",
    c.revocationOwner?.name ?? "",
    c.revocationOwner?.email ?? "",
    c.identityGovernanceTeamName ?? "",
    c.platformTeamName ?? "",
  ]);
  let out = "";
  for (const cc of c.controls) {
    const control = controlCsv(cc.control);
    const evidence = cc.evidence.map((e) => `${e.ruleId} (${e.status}, ${e.severity}): ${ruleLabel(e.ruleId)}`).join("; ");
    let findingCells = noFindingCells;
    if (cc.evidence.length > 0) {
      const f = controlFindingCells(c, cc);
      findingCells = formatCsvCells([f.reason, f.detectedAt, f.fix, f.exceptionJustification, f.exceptionApprover, f.exceptionApproverEmail, f.exceptionExpiresAt]);
    }
    out += `${who},${control.head},${formatCsvCells([cc.status, evidence])},${dueAndParties},${findingCells},${control.aliases}\r\n`;
  }
  return out;
}

export const NOT_ASSESSED = "not assessed by Steward";

/** Controls of the chosen frameworks that no posture rule evidences: listed as such, never left out (issue 15). */
export function notAssessedControls(only: readonly FrameworkId[]): Control[] {
  return controls.filter((c) => only.includes(c.framework) && rulesFor(c).length === 0);
}

/** CSV rows for the controls no rule evidences: framework, id, title and "not assessed by Steward", no credential. */
export function notAssessedCsvRows(only: readonly FrameworkId[], asOf: Date): string {
  return notAssessedControls(only)
    .map((control) => {
      const cells = ["", "", "", "", "", "", frameworkById.get(control.framework)?.shortName ?? control.framework, control.id, control.title, NOT_ASSESSED, "", "", "", asOf.toISOString()];
      return formatCsvRow([...cells, ...Array<string>(csvHeader.length - cells.length - 1).fill(""), csf11Aliases(control).join("; ")]);
    })
    .join("");
}

export function catalogJson(only: readonly FrameworkId[]) {
  return {
    frameworks: frameworks.filter((f) => only.includes(f.id)),
    controls: mappingPairs(only).map((p) => ({ framework: p.control.framework, id: p.control.id, oscalId: p.control.oscalId, title: p.control.title, rule: p.ruleId })),
    notAssessed: notAssessedControls(only).map((c) => ({ framework: c.framework, id: c.id, oscalId: c.oscalId, title: c.title, status: NOT_ASSESSED, ...(c.framework === "nist-csf-2.0" ? { csf11Aliases: csf11Aliases(c) } : {}) })),
    crosswalkNote: "The rule → control mapping and the OWASP ↔ NIST pairing it implies are Steward's own work; neither OWASP nor NIST publishes such a crosswalk.",
  };
}

const personJson = (p: ExportPerson | null) => (p ? { name: p.name, email: p.email } : null);

export function credentialJson(c: ExportCredential) {
  return {
    id: c.id,
    key: c.key,
    name: c.name,
    kind: c.kind,
    environment: c.environment,
    status: c.status,
    team: c.teamName,
    owner: personJson(c.owner),
    backupOwner: personJson(c.backupOwner),
    rotationOwner: personJson(c.rotationOwner),
    revocationOwner: personJson(c.revocationOwner),
    identityGovernanceTeam: c.identityGovernanceTeamName,
    platformTeam: c.platformTeamName,
    rotationDueAt: c.rotationDueAt?.toISOString() ?? null,
    reviewDueAt: c.reviewDueAt?.toISOString() ?? null,
    controls: c.controls.map((cc) => ({
      framework: cc.control.framework,
      id: cc.control.id,
      status: cc.status,
      ...(cc.control.framework === "nist-csf-2.0" ? { csf11Aliases: csf11Aliases(cc.control) } : {}),
      evidence: cc.evidence.map((e) => {
        const fact = c.findingFacts.get(e.id);
        const x = fact?.exception;
        return {
          findingId: e.id,
          ruleId: e.ruleId,
          status: e.status,
          severity: e.severity,
          reason: fact?.reason ?? ruleLabel(e.ruleId),
          detectedAt: fact?.openedAt.toISOString() ?? null,
          fix: findingFix(e.ruleId),
          exception: x ? { justification: x.justification, approver: personJson(x.approver), expiresAt: x.expiresAt.toISOString() } : null,
        };
      }),
    })),
  };
}

// --- OSCAL -----------------------------------------------------------------------------------

const prop = (name: string, value: string) => ({ name, ns: STEWARD_NS, value });
/** OSCAL strings may not start or end with whitespace, nor be empty. */
const text = (s: string, fallback = "—") => s.trim() || fallback;

/** Who the OSCAL documents name besides credential holders: the exporting user and the organisation. */
export type ExportActors = { assessor: { id: string; name: string }; organization: { id: string; name: string } };

/**
 * The two instants of an export (DESIGN §8.6): when it was produced (OSCAL `last-modified`) and the
 * instant whose state it shows (the `as-of` prop): the same unless the export was asked for a past asOf.
 */
export type ExportInstants = { generatedAt: Date; asOf: Date };

export function oscalMetadata(title: string, { generatedAt, asOf }: ExportInstants, parties: readonly ExportPerson[], actors?: ExportActors) {
  const people = parties.filter((p) => p.id !== actors?.assessor.id);
  return {
    title,
    "last-modified": generatedAt.toISOString(),
    version: generatedAt.toISOString(),
    "oscal-version": "1.0.6",
    props: [prop("as-of", asOf.toISOString()), prop("generator", "Steward")],
    roles: [
      { id: "credential-owner", title: "Credential owner" },
      { id: "backup-owner", title: "Backup owner" },
      ...(actors ? [{ id: "assessor", title: "Assessor (the user who ran the export)" }, { id: "prepared-for", title: "Prepared for" }, { id: "exception-approver", title: "Approver of a risk acceptance" }] : []),
    ],
    ...(people.length > 0 || actors
      ? {
          parties: [
            ...(actors
              ? [
                  { uuid: actors.organization.id, type: "organization", name: text(actors.organization.name) },
                  { uuid: actors.assessor.id, type: "person", name: text(actors.assessor.name) },
                ]
              : []),
            ...people.map((p) => ({ uuid: p.id, type: "person", name: text(p.name), "email-addresses": [p.email] })),
          ],
        }
      : {}),
    ...(actors
      ? {
          "responsible-parties": [
            { "role-id": "assessor", "party-uuids": [actors.assessor.id] },
            { "role-id": "prepared-for", "party-uuids": [actors.organization.id] },
          ],
        }
      : {}),
  };
}

const statusProps = (cc: CredentialControl) => [prop("status", cc.status), prop("label", cc.control.id), ...cc.evidence.map((e) => prop("rule", e.ruleId))];

/**
 * One component per credential; one control implementation per catalog the controls resolve in (so
 * SP 800-53 controls outside the HIGH baseline name the full catalog); one implemented requirement per control.
 */
export function oscalComponent(c: ExportCredential, exportId: string) {
  const bySource = new Map<string, { source: CatalogSource; list: CredentialControl[] }>();
  for (const cc of c.controls) {
    const source = catalogSourceOf(cc.control);
    bySource.set(source.key, { source, list: [...(bySource.get(source.key)?.list ?? []), cc] });
  }
  const roles = [
    ...(c.owner ? [{ "role-id": "credential-owner", "party-uuids": [c.owner.id] }] : []),
    ...(c.backupOwner ? [{ "role-id": "backup-owner", "party-uuids": [c.backupOwner.id] }] : []),
  ];
  return {
    uuid: c.id,
    type: "service",
    title: text(c.name),
    description: text(`Non-human identity credential ${c.key} (${c.kind}, ${c.environment}) as recorded in Steward.`),
    props: [prop("credential-key", c.key), prop("environment", c.environment), prop("status", c.status), ...(c.rotationDueAt ? [prop("rotation-due", c.rotationDueAt.toISOString())] : []), ...(c.reviewDueAt ? [prop("review-due", c.reviewDueAt.toISOString())] : [])],
    ...(roles.length > 0 ? { "responsible-roles": roles } : {}),
    ...(bySource.size > 0
      ? {
          "control-implementations": [...bySource.values()].map(({ source, list }) => {
            const fw = list[0]?.control.framework;
            return {
              uuid: uuidFrom(exportId, c.id, source.key),
              source: `#${source.uuid}`,
              description: text(`${(fw && frameworkById.get(fw)?.name) ?? source.title}: status of each mapped control for this credential, from Steward's posture rules.`),
              "implemented-requirements": list.map((cc) => ({
                uuid: uuidFrom(exportId, c.id, cc.control.framework, cc.control.oscalId),
                "control-id": cc.control.oscalId,
                description: text(cc.evidence.length > 0 ? cc.evidence.map((e) => ruleLabel(e.ruleId)).join("; ") : statusWords[cc.status]),
                props: statusProps(cc),
              })),
            };
          }),
        }
      : {}),
  };
}

const statusWords: Record<ControlStatus, string> = {
  pass: "Every posture rule mapped to this control passes for this credential.",
  fail: "A posture rule mapped to this control fails for this credential.",
  excepted: "The failing rule is accepted by an active, time-limited exception.",
  not_applicable: "No posture rule mapped to this control applies to this credential.",
};

export function oscalInventoryItem(c: ExportCredential) {
  return {
    uuid: c.id,
    description: text(`${c.name} (${c.key})`),
    props: [prop("credential-key", c.key), prop("environment", c.environment)],
    ...(c.owner ? { "responsible-parties": [{ "role-id": "credential-owner", "party-uuids": [c.owner.id] }] } : {}),
  };
}

const observationUuid = (exportId: string, c: ExportCredential, control: Control) => uuidFrom(exportId, "observation", c.id, control.framework, control.oscalId);

export function oscalObservations(c: ExportCredential, exportId: string, asOf: Date) {
  return c.controls.map((cc) => ({
    uuid: observationUuid(exportId, c, cc.control),
    title: text(`${cc.control.id} on ${c.name}`),
    description: text(statusWords[cc.status]),
    props: statusProps(cc),
    methods: ["TEST"],
    subjects: [{ "subject-uuid": c.id, type: "inventory-item" }],
    collected: asOf.toISOString(),
  }));
}

/** One observation per control no rule evidences, so the results list it as not assessed rather than omit it. */
export function notAssessedObservations(only: readonly FrameworkId[], exportId: string, asOf: Date) {
  return notAssessedControls(only).map((control) => ({
    uuid: uuidFrom(exportId, "not-assessed", control.framework, control.oscalId),
    title: text(`${control.id}: ${NOT_ASSESSED}`),
    description: text(`${control.id} ${control.title}: no Steward posture rule evidences this control, so this export makes no claim about it.`),
    props: [prop("status", "not-assessed"), prop("label", control.id)],
    methods: ["EXAMINE"],
    collected: asOf.toISOString(),
  }));
}

const severityRank = ["low", "medium", "high", "critical"];
const worst = (list: readonly { severity: string }[]) => list.reduce((w, e) => (severityRank.indexOf(e.severity) > severityRank.indexOf(w) ? e.severity : w), list[0]?.severity ?? "low");
const riskUuid = (exportId: string, findingId: string) => uuidFrom(exportId, "risk", findingId);

/**
 * Findings for every assessed control (n/a makes no claim): satisfied, or not satisfied with the
 * worst severity and each firing rule's reason for this credential; an excepted one links the risk
 * its exception accepted.
 */
export function oscalFindings(c: ExportCredential, exportId: string) {
  return c.controls
    .filter((cc) => cc.status !== "not_applicable")
    .map((cc) => {
      const excepted = cc.evidence.filter((e) => c.findingFacts.get(e.id)?.exception);
      const reasons = cc.evidence.map((e) => `${ruleLabel(e.ruleId)}: ${c.findingFacts.get(e.id)?.reason ?? ruleLabel(e.ruleId)}`);
      return {
        uuid: uuidFrom(exportId, "finding", c.id, cc.control.framework, cc.control.oscalId),
        title: text(`${cc.control.id} ${cc.status === "pass" ? "satisfied" : cc.status === "excepted" ? "not satisfied (risk accepted)" : "not satisfied"}: ${c.name}`),
        description: text(reasons.length > 0 ? reasons.join("; ") : statusWords[cc.status]),
        props: [...statusProps(cc), ...(cc.evidence.length > 0 ? [prop("severity", worst(cc.evidence))] : [])],
        target: { ...oscalTarget(cc.control), status: { state: cc.status === "pass" ? "satisfied" : "not-satisfied" } },
        "related-observations": [{ "observation-uuid": observationUuid(exportId, c, cc.control) }],
        ...(excepted.length > 0 ? { "related-risks": excepted.map((e) => ({ "risk-uuid": riskUuid(exportId, e.id) })) } : {}),
      };
    });
}

/** An accepted finding as an OSCAL risk (DESIGN §5.3): deviation-approved, with justification, approver and expiry. */
export function oscalRisks(c: ExportCredential, exportId: string) {
  const seen = new Set<string>();
  return c.controls.flatMap((cc) =>
    cc.evidence.flatMap((e) => {
      const fact = c.findingFacts.get(e.id);
      if (!fact?.exception || seen.has(e.id)) return [];
      seen.add(e.id);
      const x = fact.exception;
      return [
        {
          uuid: riskUuid(exportId, e.id),
          title: text(`${ruleLabel(e.ruleId)} on ${c.name}: risk accepted`),
          description: text(fact.reason),
          statement: text(`Justification: ${x.justification} Compensating control: ${x.compensatingControl}`),
          props: [prop("severity", e.severity), prop("rule", e.ruleId), prop("exception", x.id), prop("approver", x.approver.name), prop("expires", x.expiresAt.toISOString())],
          status: "deviation-approved",
          origins: [{ actors: [{ type: "party", "actor-uuid": x.approver.id, props: [prop("role", "exception-approver")] }] }],
          deadline: x.expiresAt.toISOString(),
          "related-observations": c.controls.filter((o) => o.evidence.some((f) => f.id === e.id)).map((o) => ({ "observation-uuid": observationUuid(exportId, c, o.control) })),
        },
      ];
    }),
  );
}

export function reviewedControls(only: readonly FrameworkId[]) {
  const ids = [...new Set(mappingPairs(only).map((p) => p.control.oscalId))];
  return { "control-selections": [{ ...(ids.length > 0 ? { "include-controls": ids.map((id) => ({ "control-id": id })) } : { "include-all": {} }) }] };
}

/**
 * The minimal assessment plan the results import (OSCAL requires one): what was reviewed and how,
 * importing the component definition of the same export as the system it assessed.
 */
export function oscalAssessmentPlan(exportId: string, generatedAt: Date, only: readonly FrameworkId[], componentDefinitionResource: { uuid: string; href: string }) {
  return {
    "assessment-plan": {
      uuid: uuidFrom(exportId, "assessment-plan"),
      metadata: { title: "Steward: assessment plan (automated posture rules)", "last-modified": generatedAt.toISOString(), version: generatedAt.toISOString(), "oscal-version": "1.0.6" },
      "import-ssp": { href: `#${componentDefinitionResource.uuid}` },
      "reviewed-controls": reviewedControls(only),
      "terms-and-conditions": { parts: [{ name: "method", title: "Method", prose: "Steward's posture rules (DESIGN §5.1) run automatically over every credential in scope; a control is satisfied for a credential when every mapped rule that applies passes." }] },
      "back-matter": { resources: [{ uuid: componentDefinitionResource.uuid, title: "The assessed credentials as an OSCAL component definition", rlinks: [{ href: componentDefinitionResource.href, "media-type": "application/oscal.component-definition+json" }] }, ...catalogResources(only)] },
    },
  };
}

/**
 * The assessment results' detail (issue 17). `summary`, the default, keeps the document's size in
 * proportion to controls × failing credentials: passing checks are counted per control (one
 * observation and one finding per control, no subjects), and only credentials with a failing or
 * excepted control appear as inventory items with their own observations and findings. `full` adds
 * an observation and a finding for every passing (credential, control) as well.
 */
export type AssessmentDetail = "summary" | "full";

/** A (credential, control) pair the summary document still lists one by one. */
const isListedInSummary = (cc: CredentialControl) => cc.status === "fail" || cc.status === "excepted";

/** Whether the credential appears in the assessment results (as an inventory item and subject) at this detail. */
export function isListedCredential(c: ExportCredential, detail: AssessmentDetail): boolean {
  return detail === "full" || c.controls.some(isListedInSummary);
}

/** The credential's controls whose observations and findings are listed one by one at this detail. */
function listedControls(c: ExportCredential, detail: AssessmentDetail): CredentialControl[] {
  return detail === "full" ? c.controls : c.controls.filter(isListedInSummary);
}

export function assessmentObservations(c: ExportCredential, exportId: string, asOf: Date, detail: AssessmentDetail) {
  return oscalObservations({ ...c, controls: listedControls(c, detail) }, exportId, asOf);
}

export function assessmentFindings(c: ExportCredential, exportId: string, detail: AssessmentDetail) {
  return oscalFindings({ ...c, controls: listedControls(c, detail) }, exportId);
}

type Tally = { control: Control; pass: number; fail: number; excepted: number; notApplicable: number };
/** Per control, how many credentials in scope pass, fail, are excepted or not applicable: the summary's counts. */
export type ControlTally = Map<string, Tally>;

export function tallyControls(tally: ControlTally, c: ExportCredential): void {
  for (const cc of c.controls) {
    const key = `${cc.control.framework}:${cc.control.oscalId}`;
    const t = tally.get(key) ?? { control: cc.control, pass: 0, fail: 0, excepted: 0, notApplicable: 0 };
    if (cc.status === "pass") t.pass++;
    else if (cc.status === "fail") t.fail++;
    else if (cc.status === "excepted") t.excepted++;
    else t.notApplicable++;
    tally.set(key, t);
  }
}

const summaryObservationUuid = (exportId: string, control: Control) => uuidFrom(exportId, "control-summary-observation", control.framework, control.oscalId);
const tallyProps = (t: Tally) => [prop("label", t.control.id), prop("passing-credentials", String(t.pass)), prop("failing-credentials", String(t.fail)), prop("excepted-credentials", String(t.excepted)), prop("not-applicable-credentials", String(t.notApplicable))];
const tallyWords = (t: Tally) =>
  `${t.control.id}: ${t.pass.toLocaleString("en")} credential(s) pass every mapped rule, ${t.fail.toLocaleString("en")} fail, ${t.excepted.toLocaleString("en")} fail under an accepted exception, ${t.notApplicable.toLocaleString("en")} have no applicable rule. Failing and excepted credentials have their own observations.`;

/** One observation per assessed control: the counts over every credential in scope, no subjects. */
export function controlSummaryObservations(tally: ControlTally, exportId: string, asOf: Date) {
  return [...tally.values()].map((t) => ({
    uuid: summaryObservationUuid(exportId, t.control),
    title: text(`${t.control.id} over the credential inventory`),
    description: text(tallyWords(t)),
    props: tallyProps(t),
    methods: ["TEST"],
    collected: asOf.toISOString(),
  }));
}

/** One finding per assessed control: satisfied when no credential in scope fails it (an excepted failure is still a failure). */
export function controlSummaryFindings(tally: ControlTally, exportId: string) {
  return [...tally.values()]
    .filter((t) => t.pass + t.fail + t.excepted > 0)
    .map((t) => {
      const satisfied = t.fail + t.excepted === 0;
      return {
        uuid: uuidFrom(exportId, "control-summary-finding", t.control.framework, t.control.oscalId),
        title: text(`${t.control.id} ${satisfied ? "satisfied" : "not satisfied"} over the credential inventory`),
        description: text(tallyWords(t)),
        props: tallyProps(t),
        target: { ...oscalTarget(t.control), status: { state: satisfied ? "satisfied" : "not-satisfied" } },
        "related-observations": [{ "observation-uuid": summaryObservationUuid(exportId, t.control) }],
      };
    });
}
