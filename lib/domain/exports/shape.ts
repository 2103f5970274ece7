import { frameworkById, frameworks } from "../catalog/frameworks";
import { mappingPairs } from "../catalog/mapping";
import type { ControlStatus, FrameworkId } from "../catalog/types";
import type { CredentialControl } from "../control-status";
import { ruleLabel } from "../finding-summary";
import { formatCsvRow } from "../../inventory-file/csv";
import { uuidFrom } from "./uuid";

/**
 * Pure shaping of the auditor exports (DESIGN §8.4): one credential with its controls in, text out.
 * The server streams credentials batch by batch through these; nothing here holds the inventory.
 */
export type ExportPerson = { id: string; name: string; email: string };
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
  rotationDueAt: Date | null;
  reviewDueAt: Date | null;
  controls: CredentialControl[];
};

export const STEWARD_NS = "https://steward.dev/ns/oscal";
const iso = (d: Date | null) => (d ? d.toISOString() : "");

export const csvHeader = ["credential_key", "credential_name", "owner", "backup_owner", "team", "environment", "framework", "control_id", "control_title", "status", "rule_evidence", "rotation_due", "review_due", "as_of"];

/** One CSV row per credential × mapped control (formula cells neutralised by formatCsvRow). */
export function csvRows(c: ExportCredential, asOf: Date): string {
  return c.controls
    .map((cc) =>
      formatCsvRow([
        c.key,
        c.name,
        c.owner?.name ?? "",
        c.backupOwner?.name ?? "",
        c.teamName ?? "",
        c.environment,
        frameworkById.get(cc.control.framework)?.shortName ?? cc.control.framework,
        cc.control.id,
        cc.control.title,
        cc.status,
        cc.evidence.map((e) => `${e.ruleId} (${e.status}, ${e.severity}): ${ruleLabel(e.ruleId)}`).join("; "),
        iso(c.rotationDueAt),
        iso(c.reviewDueAt),
        asOf.toISOString(),
      ]),
    )
    .join("");
}

export function catalogJson(only: readonly FrameworkId[]) {
  return {
    frameworks: frameworks.filter((f) => only.includes(f.id)),
    controls: mappingPairs(only).map((p) => ({ framework: p.control.framework, id: p.control.id, oscalId: p.control.oscalId, title: p.control.title, rule: p.ruleId })),
    crosswalkNote: "The rule → control mapping and the OWASP ↔ NIST pairing it implies are Steward's own work; neither OWASP nor NIST publishes such a crosswalk.",
  };
}

export function credentialJson(c: ExportCredential) {
  return {
    id: c.id,
    key: c.key,
    name: c.name,
    kind: c.kind,
    environment: c.environment,
    status: c.status,
    team: c.teamName,
    owner: c.owner ? { name: c.owner.name, email: c.owner.email } : null,
    backupOwner: c.backupOwner ? { name: c.backupOwner.name, email: c.backupOwner.email } : null,
    rotationDueAt: c.rotationDueAt?.toISOString() ?? null,
    reviewDueAt: c.reviewDueAt?.toISOString() ?? null,
    controls: c.controls.map((cc) => ({ framework: cc.control.framework, id: cc.control.id, status: cc.status, evidence: cc.evidence.map((e) => ({ findingId: e.id, ruleId: e.ruleId, status: e.status, severity: e.severity })) })),
  };
}

// --- OSCAL -----------------------------------------------------------------------------------

const prop = (name: string, value: string) => ({ name, ns: STEWARD_NS, value });
/** OSCAL strings may not start or end with whitespace, nor be empty. */
const text = (s: string, fallback = "—") => s.trim() || fallback;

export function oscalMetadata(title: string, asOf: Date, parties: readonly ExportPerson[]) {
  return {
    title,
    "last-modified": asOf.toISOString(),
    version: asOf.toISOString(),
    "oscal-version": "1.0.6",
    props: [prop("as-of", asOf.toISOString()), prop("generator", "Steward")],
    roles: [
      { id: "credential-owner", title: "Credential owner" },
      { id: "backup-owner", title: "Backup owner" },
    ],
    ...(parties.length > 0 ? { parties: parties.map((p) => ({ uuid: p.id, type: "person", name: text(p.name), "email-addresses": [p.email] })) } : {}),
  };
}

const statusProps = (cc: CredentialControl) => [prop("status", cc.status), prop("label", cc.control.id), ...cc.evidence.map((e) => prop("rule", e.ruleId))];

/** One component per credential; one control implementation per framework; one implemented requirement per control. */
export function oscalComponent(c: ExportCredential, exportId: string) {
  const byFramework = new Map<FrameworkId, CredentialControl[]>();
  for (const cc of c.controls) byFramework.set(cc.control.framework, [...(byFramework.get(cc.control.framework) ?? []), cc]);
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
    ...(byFramework.size > 0
      ? {
          "control-implementations": [...byFramework].map(([fw, list]) => ({
            uuid: uuidFrom(exportId, c.id, fw),
            source: frameworkById.get(fw)?.oscalSource ?? fw,
            description: text(`${frameworkById.get(fw)?.name ?? fw}: status of each mapped control for this credential, from Steward's posture rules.`),
            "implemented-requirements": list.map((cc) => ({
              uuid: uuidFrom(exportId, c.id, fw, cc.control.oscalId),
              "control-id": cc.control.oscalId,
              description: text(cc.evidence.length > 0 ? cc.evidence.map((e) => ruleLabel(e.ruleId)).join("; ") : statusWords[cc.status]),
              props: statusProps(cc),
            })),
          })),
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

export function oscalObservations(c: ExportCredential, exportId: string, asOf: Date) {
  return c.controls.map((cc) => ({
    uuid: uuidFrom(exportId, "observation", c.id, cc.control.framework, cc.control.oscalId),
    title: text(`${cc.control.id} on ${c.name}`),
    description: text(statusWords[cc.status]),
    props: statusProps(cc),
    methods: ["TEST"],
    subjects: [{ "subject-uuid": c.id, type: "inventory-item" }],
    collected: asOf.toISOString(),
  }));
}

/** Findings for pass/fail only: excepted and n/a are observations without a satisfied/not-satisfied claim. */
export function oscalFindings(c: ExportCredential, exportId: string) {
  return c.controls
    .filter((cc) => cc.status === "pass" || cc.status === "fail")
    .map((cc) => ({
      uuid: uuidFrom(exportId, "finding", c.id, cc.control.framework, cc.control.oscalId),
      title: text(`${cc.control.id} ${cc.status === "pass" ? "satisfied" : "not satisfied"}: ${c.name}`),
      description: text(cc.evidence.length > 0 ? cc.evidence.map((e) => ruleLabel(e.ruleId)).join("; ") : statusWords[cc.status]),
      props: statusProps(cc),
      target: { type: "objective-id", "target-id": `${cc.control.oscalId}_obj`, status: { state: cc.status === "pass" ? "satisfied" : "not-satisfied" } },
      "related-observations": [{ "observation-uuid": uuidFrom(exportId, "observation", c.id, cc.control.framework, cc.control.oscalId) }],
    }));
}

export function reviewedControls(only: readonly FrameworkId[]) {
  const ids = [...new Set(mappingPairs(only).map((p) => p.control.oscalId))];
  return { "control-selections": [{ ...(ids.length > 0 ? { "include-controls": ids.map((id) => ({ "control-id": id })) } : { "include-all": {} }) }] };
}
