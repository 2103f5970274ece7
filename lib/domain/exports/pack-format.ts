import { canonicalJson } from "../audit-chain";

/**
 * What an evidence pack holds (DESIGN §8.4), in one place: the fixed set of files of a v2 pack (the
 * verifier refuses a pack with one missing or one extra), what each is (the pack's README), and the
 * exact text the manifest's signature covers. Pure.
 */
export const PACK_FORMAT = "steward-evidence-pack/v2";

/** Data files in the order they are written; the audit extract is last (it ends at the export event's predecessor). */
export const packDataFiles = {
  "README.md": "This file: what each file is and how to verify the pack.",
  "controls.csv": "One row per credential × mapped control: credential key and name, every accountable party (owner, backup, rotation and revocation owners by name and email; owning, identity-governance and platform teams), framework, control, status, rule evidence, the finding's reason for this credential, when it was detected, the fix, the accepting exception (justification, approver, expiry), CSF 1.1 aliases of CSF 2.0 controls, due dates (ISO 8601, UTC). Controls no rule covers close the file as \"not assessed by Steward\".",
  "controls.json": "The same as controls.csv, structured, with the catalog.",
  "oscal-component-definition.json": "OSCAL 1.0.6 component definition: one component per credential, implemented requirements per control.",
  "oscal-assessment-results.json": "OSCAL 1.0.6 assessment results: observations and findings per credential and control.",
  "oscal-assessment-plan.json": "OSCAL 1.0.6 assessment plan the results import (import-ap): what Steward assesses, against which catalogs.",
  "catalog.json": "The control catalog this pack used: frameworks, controls and Steward's rule → control mapping.",
  "policies.json": "The rotation and review policy set in force when the pack was made (evidence for SP 800-53 AC-1).",
  "rotations.csv": "Rotation requests created in the period, for credentials in scope.",
  "approvals.csv": "Rotation approvals given in the period, for credentials in scope.",
  "reviews.csv": "Access reviews recorded in the period, for credentials in scope.",
  "exceptions.csv": "Exceptions (risk acceptances) created in the period: for credentials in scope, and rule-wide ones whose filter can match them.",
  "leak-incidents.csv": "Leak incidents detected in the period, for credentials in scope.",
  "findings.csv": "Posture findings opened in the period, for credentials in scope.",
  "audit-checkpoint.json": "The latest signed audit checkpoint (chain head kept outside the database), or null before the first.",
  "audit-log.jsonl":
    "The audit log from its first event to the export event's predecessor, one JSON line each: events about the records in scope in full, and `omitted` ranges (seq, hash of the last) for events outside the period or scope, so the chain can be followed without revealing them.",
} as const;
export type PackDataFile = keyof typeof packDataFiles;
export const packDataFileNames = Object.keys(packDataFiles) as PackDataFile[];

/** Every file of a v2 pack: the data files, the manifest (their SHA-256, the chain head, the export event) and its signature. */
export const packFileNames: readonly string[] = [...packDataFileNames, "manifest.json", "manifest.sig"];

/** A run of events the extract leaves out: only the range and the hash the next event chains to. */
export type OmittedRange = { fromSeq: number; toSeq: number; lastHash: string; reason: OmissionReason };
export type OmissionReason = "before the period" | "after the period" | "after asOf" | "outside the scope";

/** The text manifest.sig signs: a purpose tag and the manifest's SHA-256, so no other signed text (a checkpoint) passes for it. */
export function manifestMessage(manifestSha256: string): string {
  return canonicalJson({ purpose: PACK_FORMAT, manifestSha256 });
}

/** True when the scope narrows the credentials (team or environment): the extract then omits events about other records. */
export function isNarrowed(scope: { teamId?: unknown; environment?: unknown }): boolean {
  return Boolean(scope.teamId ?? scope.environment);
}

export function packReadme(scope: unknown, publicKey: string): string {
  const files = packDataFileNames.map((f) => `- \`${f}\`: ${packDataFiles[f]}`).join("\n");
  return `# Steward evidence pack

Scope: \`${JSON.stringify(scope)}\`

## Files

${files}
- \`manifest.json\`: format, scope, the SHA-256 and size of every file above, the audit chain head, the
  export's own audit event (which records the same SHA-256s) and the instance's Ed25519 public key.
- \`manifest.sig\`: Ed25519 signature (base64) of \`${manifestMessage("<SHA-256 of manifest.json>")}\`.

## Verifying

1. Get the instance's public key from someone you trust, or from \`GET /api/v1/evidence/public-key\`
   on the instance. This pack was signed with:

   ${publicKey}

2. Run \`npm run evidence:verify -- <pack.zip> --public-key <key>\`. It checks the signature against the
   pinned key, that the pack holds exactly the files above (no duplicate zip entries), every file's
   SHA-256, that the export event in the manifest hashes to the chain head and records the same scope
   and files, and that the audit extract is one unbroken chain from the first event to the export
   event's predecessor.
3. Against the live system: the export event (\`compliance.exported\`, seq and hash in the manifest)
   is in the instance's audit log with the same SHA-256 for every file; \`npm run audit:verify\`
   checks the whole chain there.
`;
}
