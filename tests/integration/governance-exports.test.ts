import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { eq, sql } from "drizzle-orm";
import { strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { ZipFile } from "yazl";
import { auditEvents, credentialPosture, findingExceptions, findings, leakIncidents, people, reviews, rotationRequests, secrets, teams } from "@/db/schema";
import { hashEvent, type ChainedEvent } from "@/lib/domain/audit-chain";
import { controls } from "@/lib/domain/catalog/frameworks";
import { stewardCatalogIds } from "@/lib/domain/catalog/types";
import { catalogSourceOf, outsideHighBaseline, stewardCatalog } from "@/lib/domain/exports/oscal-catalogs";
import { ruleIds } from "@/lib/domain/posture/types";
import { checkpointMessage, type Checkpoint } from "@/lib/domain/audit-checkpoint";
import { manifestMessage, packFileNames } from "@/lib/domain/exports/pack-format";
import { PackVerifier, verifyPack, verifyPackZip, zipEntryNames } from "@/lib/domain/exports/verify-pack";
import { writeAuditCheckpoint } from "@/lib/server/audit-checkpoint";
import { parseCsv, unneutralise } from "@/lib/inventory-file/csv";
import { exportBytes, newExportRun } from "@/lib/server/exports/streams";
import { verifyPackFile } from "@/lib/server/exports/verify-file";
import { zipEntries } from "@/lib/domain/exports/zip-directory";
import { exportScopeQuery, type ExportFormat } from "@/lib/validation/exports";
import { fieldErrorsOf } from "@/lib/server/http";
import { generateSigningKeyPem, instanceSigningKey, sign, signingKeyFromPem, verifySignature } from "@/lib/server/signing";
import { drivers, rowsOf } from "../support/db";
import { unique, suiteDatabase } from "../support/inventory";
import { catalogIndexFromJson, catalogIndexFromXml, checkOscalReferences, type CatalogIndex } from "../support/oscal-integrity";

/** Issue 15, "Evidence pack integrity": a signed, complete, scoped pack, and a verifier an attacker cannot fool. */
const utf8 = (b: Uint8Array | undefined) => Buffer.from(b ?? new Uint8Array()).toString("utf8");
const sha256 = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");
type Files = Record<string, Uint8Array>;
type Manifest = { files: { path: string; sha256: string; bytes: number }[]; scope: Record<string, unknown>; auditChainHead: { seq: number; hash: string }; exportEvent: ChainedEvent & { occurredAt: string }; publicKey: string };

/** What an attacker without the instance key can do: rewrite the manifest to match edited files, and re-sign with their own key. */
function forge(files: Files, edit: (f: Files, m: Manifest) => void, key = signingKeyFromPem(generateSigningKeyPem())): Uint8Array {
  const out: Files = { ...files };
  const manifest = JSON.parse(utf8(out["manifest.json"])) as Manifest;
  edit(out, manifest);
  manifest.files = manifest.files.filter((f) => out[f.path]).map((f) => ({ path: f.path, sha256: sha256(out[f.path] ?? new Uint8Array()), bytes: out[f.path]?.length ?? 0 }));
  manifest.publicKey = key.publicKey;
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  out["manifest.json"] = strToU8(manifestText);
  out["manifest.sig"] = strToU8(sign(key, manifestMessage(sha256(manifestText))));
  return zipSync(out);
}

/** DESIGN §8.4: the auditor exports, on both drivers. */
const schemaDir = path.resolve(import.meta.dirname, "../fixtures/oscal");

function validator(version: string, model: "component" | "assessment-results" | "complete"): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: true });
  addFormats(ajv);
  const schema = JSON.parse(fs.readFileSync(path.join(schemaDir, version, `oscal_${model}_schema.json`), "utf8")) as object;
  return ajv.compile(schema);
}
const validators = {
  component: validator("v1.0.6", "component"),
  results: validator("v1.0.6", "assessment-results"),
};
/** Issue 15: every OSCAL document validates against both schema versions Steward ships fixtures of. */
const bothVersions = (["v1.0.6", "v1.2.1"] as const).map((version) => ({ version, component: validator(version, "component"), results: validator(version, "assessment-results"), complete: validator(version, "complete") }));
const errorsOf = (v: ValidateFunction) => JSON.stringify(v.errors?.slice(0, 5), null, 1);

/** NIST's catalogs, local copies keyed by the pinned href the exports name (reference/oscal/README.md). */
const referenceDir = path.resolve(import.meta.dirname, "../fixtures/reference");
const csfIndex = catalogIndexFromXml(fs.readFileSync(path.join(referenceDir, "NIST_CSF_v2.0_catalog.xml"), "utf8"));
const highIndex = catalogIndexFromJson(JSON.parse(fs.readFileSync(path.join(referenceDir, "NIST_SP-800-53_rev5_HIGH-baseline-resolved-profile_catalog-min.json"), "utf8")));
const nistCatalogs = new Map<string, CatalogIndex>([
  [catalogSourceOf({ framework: "nist-csf-2.0", id: "PR.AA-01" }).href, csfIndex],
  [catalogSourceOf({ framework: "nist-sp-800-53r5", id: "IA-5" }).href, highIndex],
]);

const scope = (q: Record<string, unknown> = {}) => exportScopeQuery.parse({ frameworks: "owasp-nhi-2025,nist-csf-2.0,nist-sp-800-207,nist-sp-800-53r5", ...q });

describe.each(drivers)("[EXPORTS] auditor exports on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: false });
  const audit = { actor: { type: "system" as const, id: null, label: "test" }, requestId: null, ip: null };

  async function run(format: ExportFormat, q: Record<string, unknown> = {}): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    for await (const chunk of exportBytes(newExportRun(handle.db, audit, scope(q)), format)) parts.push(chunk);
    return Buffer.concat(parts);
  }
  const text = async (format: ExportFormat, q: Record<string, unknown> = {}) => Buffer.from(await run(format, q)).toString("utf8");

  it("[EXPORTS] OSCAL documents of an empty inventory validate against the NIST schemas", async () => {
    const team = await fx.team();
    const empty = { teamId: team.id };
    const component = JSON.parse(await text("oscal-component-definition", empty)) as unknown;
    const results = JSON.parse(await text("oscal-assessment-results", empty)) as unknown;
    for (const v of bothVersions) {
      expect(v.component(component), `${v.version} ${errorsOf(v.component)}`).toBe(true);
      expect(v.results(results), `${v.version} ${errorsOf(v.results)}`).toBe(true);
    }
  });

  it("[EXPORTS] with every rule firing, both OSCAL documents validate and carry each control with its status", async () => {
    const team = await fx.team();
    const owner = await fx.person();
    const c1 = await fx.credential({ owningTeamId: team.id, ownerId: owner.id, name: unique("=Formula") });
    const c2 = await fx.credential({ owningTeamId: team.id, ownerId: owner.id });
    // Every rule has an open finding on c1 (written directly: this test is about the exports).
    await handle.db.update(credentialPosture).set({ applicableRules: [...ruleIds] }).where(eq(credentialPosture.credentialId, c1.credential.id));
    await handle.db.delete(findings).where(eq(findings.credentialId, c1.credential.id));
    await handle.db.insert(findings).values(ruleIds.map((ruleId) => ({ ruleId, credentialId: c1.credential.id, severity: "high" as const })));
    const q = { teamId: team.id };
    const component = JSON.parse(await text("oscal-component-definition", q)) as { "component-definition": { components: { uuid: string; "control-implementations": { "implemented-requirements": { "control-id": string; props: { name: string; value: string }[] }[] }[] }[] } };
    expect(validators.component(component), errorsOf(validators.component)).toBe(true);
    const mine = component["component-definition"].components.find((c) => c.uuid === c1.credential.id);
    const requirements = mine?.["control-implementations"].flatMap((ci) => ci["implemented-requirements"]) ?? [];
    expect(requirements.find((r) => r["control-id"] === "nhi7-2025")?.props).toEqual(expect.arrayContaining([expect.objectContaining({ name: "status", value: "fail" }), expect.objectContaining({ name: "label", value: "NHI7:2025" })]));
    expect(component["component-definition"].components.map((c) => c.uuid).sort()).toEqual([c1.credential.id, c2.credential.id].sort());
    const results = JSON.parse(await text("oscal-assessment-results", q)) as { "assessment-results": { results: { findings: { target: { status: { state: string } } }[] }[] } };
    expect(validators.results(results), errorsOf(validators.results)).toBe(true);
    expect(results["assessment-results"].results[0]?.findings.some((f) => f.target.status.state === "not-satisfied")).toBe(true);
  });

  it("[EXPORTS] OSCAL resolves: every reference, target and catalog; exceptions are approved deviations; assessor and organisation are parties", async () => {
    const team = await fx.team();
    const owner = await fx.person();
    const approver = await fx.person();
    const c1 = await fx.credential({ owningTeamId: team.id, ownerId: owner.id });
    await handle.db.update(credentialPosture).set({ applicableRules: [...ruleIds] }).where(eq(credentialPosture.credentialId, c1.credential.id));
    await handle.db.delete(findings).where(eq(findings.credentialId, c1.credential.id));
    const expiresAt = new Date(Date.now() + 30 * 86_400_000);
    const [exception] = await handle.db.insert(findingExceptions).values({ ruleId: "token-ttl-excessive", credentialId: c1.credential.id, justification: "Vendor cannot shorten tokens before Q3", compensatingControl: "IP allow-list on the API gateway", approverPersonId: approver.id, expiresAt }).returning();
    await handle.db.insert(findings).values(ruleIds.map((ruleId) => ({ ruleId, credentialId: c1.credential.id, severity: "high" as const, ...(ruleId === "token-ttl-excessive" ? { status: "excepted" as const, exceptionId: exception?.id } : {}) })));
    const assessor = { actor: { type: "user" as const, id: "6f1c1d9e-9a56-4c55-9a2e-0b5cf1f0a001", label: "Alex Auditor" }, requestId: null, ip: null };
    const parts: Uint8Array[] = [];
    for await (const chunk of exportBytes(newExportRun(handle.db, assessor, scope({ teamId: team.id })), "evidence-pack")) parts.push(chunk);
    const files = new Map(Object.entries(unzipSync(Buffer.concat(parts))).filter(([name]) => name.endsWith(".json")).map(([name, bytes]) => [name, JSON.parse(Buffer.from(bytes).toString("utf8")) as unknown]));
    const results = files.get("oscal-assessment-results.json");
    const component = files.get("oscal-component-definition.json");
    const plan = files.get("oscal-assessment-plan.json");
    for (const v of bothVersions) {
      expect(v.results(results), `${v.version} ${errorsOf(v.results)}`).toBe(true);
      expect(v.component(component), `${v.version} ${errorsOf(v.component)}`).toBe(true);
      expect(v.complete(plan), `${v.version} plan ${errorsOf(v.complete)}`).toBe(true);
    }
    // Every uuid, role, fragment, sibling file, control-id and target resolves; only ids of the full
    // SP 800-53 catalog (not kept locally) stay unverified, and those are the controls outside the baseline.
    for (const [name, doc] of [["results", results], ["component", component]] as const) {
      const report = checkOscalReferences(doc, { catalogs: nistCatalogs, files }, name);
      expect(report.problems, name).toEqual([]);
      const outside = controls.filter((c) => outsideHighBaseline.has(c.id)).flatMap((c) => [c.oscalId, `${c.oscalId}_smt`]);
      for (const id of report.unverifiable) expect(outside, `${name}: ${id}`).toContain(id);
    }
    const ar = (results as { "assessment-results": { metadata: { parties: { uuid: string; type: string; name: string }[]; "responsible-parties": { "role-id": string; "party-uuids": string[] }[] }; results: { findings: { target: { type: string; "target-id": string; status: { state: string } }; props: { name: string; value: string }[]; description: string; "related-risks"?: { "risk-uuid": string }[] }[]; risks: { uuid: string; status: string; statement: string; deadline: string; origins: { actors: { "actor-uuid": string }[] }[] }[]; observations: { title: string }[] }[] } })["assessment-results"];
    const targets = ar.results[0]?.findings.map((f) => f.target["target-id"]) ?? [];
    expect(targets).toContain("PR.AA-05_statement");
    expect(targets).toContain("ia-5_obj");
    expect(targets).toContain("ia-9_smt");
    expect(targets).not.toContain("ia-9_obj");
    // Controls outside the HIGH baseline are never targeted through it (it has no such part).
    for (const c of controls.filter((x) => outsideHighBaseline.has(x.id))) expect(highIndex.controlIds.has(c.oscalId), c.id).toBe(false);
    for (const c of controls.filter((x) => x.framework === "nist-sp-800-53r5" && !outsideHighBaseline.has(x.id))) expect(highIndex.controlIds.has(c.oscalId), c.id).toBe(true);
    // Exceptions: a deviation-approved risk with justification, approver (a party) and expiry, linked from the finding.
    const risk = ar.results[0]?.risks.find((r) => r.status === "deviation-approved");
    expect(risk?.statement).toContain("Vendor cannot shorten tokens before Q3");
    expect(risk?.deadline).toBe(expiresAt.toISOString());
    expect(risk?.origins[0]?.actors[0]?.["actor-uuid"]).toBe(approver.id);
    expect(ar.metadata.parties.map((p) => p.uuid)).toContain(approver.id);
    expect(ar.results[0]?.findings.some((f) => f["related-risks"]?.some((r) => r["risk-uuid"] === risk?.uuid))).toBe(true);
    // Findings carry severity and the credential's own reason.
    const failing = ar.results[0]?.findings.find((f) => f.target.status.state === "not-satisfied");
    expect(failing?.props).toEqual(expect.arrayContaining([expect.objectContaining({ name: "severity", value: "high" })]));
    // The exporting user is the assessor; the organisation is a party.
    expect(ar.metadata["responsible-parties"]).toEqual(expect.arrayContaining([{ "role-id": "assessor", "party-uuids": [assessor.actor.id] }]));
    expect(ar.metadata.parties.find((p) => p.uuid === assessor.actor.id)?.name).toBe("Alex Auditor");
    expect(ar.metadata.parties.some((p) => p.type === "organization")).toBe(true);
    // Controls no rule covers are listed as not assessed, not left out.
    expect(ar.results[0]?.observations.map((o) => o.title)).toContain("AC-1: not assessed by Steward");
    const json = JSON.parse(await text("json", { teamId: team.id })) as { catalog: { notAssessed: { id: string; status: string }[] } };
    expect(json.catalog.notAssessed).toEqual(expect.arrayContaining([{ framework: "nist-sp-800-53r5", id: "AC-1", oscalId: "ac-1", title: "Policy and Procedures", status: "not assessed by Steward" }]));
  });

  it("[EXPORTS] Steward's own OSCAL catalogs validate against both schema versions and hold every control of their framework", () => {
    for (const id of stewardCatalogIds) {
      const catalog = stewardCatalog(id);
      for (const v of bothVersions) expect(v.complete(catalog), `${id} ${v.version} ${errorsOf(v.complete)}`).toBe(true);
      const index = catalogIndexFromJson(catalog);
      expect([...index.controlIds].sort(), id).toEqual(controls.filter((c) => c.framework === id).map((c) => c.oscalId).sort());
      for (const c of index.controlIds) expect(index.partIds.has(`${c}_smt`), c).toBe(true);
      expect(checkOscalReferences(catalog, { catalogs: new Map() }, id)).toEqual({ problems: [], unverifiable: [] });
    }
  });

  it("[EXPORTS] the CSV round-trips through a parser, one row per credential × control, formula cells neutralised", async () => {
    const team = await fx.team();
    const c = await fx.credential({ owningTeamId: team.id, name: `=HYPERLINK("http://evil")${unique("")}` });
    const csv = await text("csv", { teamId: team.id, frameworks: "owasp-nhi-2025" });
    const parsed = parseCsv(csv);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const [header, ...rows] = parsed.rows.map((r) => r.cells);
    expect(header?.slice(0, 3)).toEqual(["credential_key", "credential_name", "owner"]);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r[6] === "OWASP NHI 2025")).toBe(true);
    // Neutralised on the wire (a spreadsheet shows text, runs nothing); the parser gives the value back intact.
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")`);
    expect(csv).not.toMatch(/(^|,|\r\n)=/);
    expect(rows[0]?.[1]).toBe(c.credential.name);
    // Controls no rule evidences close the file, one row each, credential cells empty (issue 15).
    expect(rows.filter((r) => r[9] === "not assessed by Steward").map((r) => [r[0], r[7]])).toEqual([
      ["", "NHI6:2025"],
      ["", "NHI10:2025"],
    ]);
    expect(unneutralise(`'${c.credential.name}`)).toBe(c.credential.name);
  });

  /**
   * Issue 15, "What auditors ask for": two credentials with every accountable party set (names that
   * need CSV quoting), one with an excepted finding and one with an open one.
   */
  async function accountableCredentials() {
    const tag = unique("");
    const [owner, backup, rotator, revoker, approver] = await handle.db
      .insert(people)
      .values([
        { email: `owner${tag}@example.test`, name: `Doe, Jane ${tag}` },
        { email: `backup${tag}@example.test`, name: `Sam "the Backup" ${tag}` },
        { email: `rotator${tag}@example.test`, name: `Rota\nTor ${tag}` },
        { email: `revoker${tag}@example.test`, name: `Rev O'Ker ${tag}` },
        { email: `approver${tag}@example.test`, name: `Ann Approver, CISO ${tag}` },
      ])
      .returning();
    const [team, governance, platform] = await handle.db
      .insert(teams)
      .values([
        { key: `payments-${tag}`, name: `Payments ${tag}`, kind: "application" as const },
        { key: `iga-${tag}`, name: `Identity, Governance ${tag}`, kind: "application" as const },
        { key: `platform-${tag}`, name: `Platform "Core" ${tag}`, kind: "platform" as const },
      ])
      .returning();
    if (!owner || !backup || !rotator || !revoker || !approver || !team || !governance || !platform) throw new Error("seed failed");
    const parties = { ownerId: owner.id, backupOwnerId: backup.id, rotationOwnerId: rotator.id, revocationOwnerId: revoker.id, owningTeamId: team.id, identityGovernanceTeamId: governance.id, platformTeamId: platform.id };
    const excepted = await fx.credential({ ...parties, name: `A excepted ${tag}` });
    const open = await fx.credential({ ...parties, name: `B open ${tag}` });
    for (const c of [excepted, open]) {
      await handle.db.update(credentialPosture).set({ applicableRules: [...ruleIds] }).where(eq(credentialPosture.credentialId, c.credential.id));
      await handle.db.delete(findings).where(eq(findings.credentialId, c.credential.id));
    }
    const expiresAt = new Date("2027-03-31T00:00:00.000Z");
    const [exception] = await handle.db
      .insert(findingExceptions)
      .values({ ruleId: "scope-admin", credentialId: excepted.credential.id, justification: "Vendor API has no narrower scope, \"yet\"", compensatingControl: "IP allow-list", approverPersonId: approver.id, expiresAt })
      .returning();
    await handle.db.insert(findings).values([
      { ruleId: "scope-admin", credentialId: excepted.credential.id, severity: "high" as const, status: "excepted" as const, exceptionId: exception?.id, details: { scopes: ["admin"] }, openedAt: new Date("2026-10-01T08:00:00.000Z") },
      { ruleId: "token-ttl-excessive", credentialId: open.credential.id, severity: "medium" as const, details: { ttlSeconds: 86400, maxSeconds: 3600, policy: "Production" }, openedAt: new Date("2026-11-02T09:30:00.000Z") },
    ]);
    return { owner, backup, rotator, revoker, approver, team, governance, platform, excepted, open, expiresAt };
  }

  it("[EXPORTS] the control-mapping CSV gives each row's reason, detection date, fix, every accountable party, the exception and CSF 1.1 aliases", async () => {
    const s = await accountableCredentials();
    const csv = await text("csv", { teamId: s.team.id, frameworks: "nist-csf-2.0" });
    const parsed = parseCsv(csv);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const [header, ...rows] = parsed.rows.map((r) => r.cells);
    expect(header).toEqual([
      "credential_key", "credential_name", "owner", "backup_owner", "team", "environment", "framework", "control_id", "control_title", "status", "rule_evidence", "rotation_due", "review_due", "as_of",
      "owner_email", "backup_owner_email", "rotation_owner", "rotation_owner_email", "revocation_owner", "revocation_owner_email", "identity_governance_team", "platform_team",
      "reason", "detected_at", "fix", "exception_justification", "exception_approver", "exception_approver_email", "exception_expires_at", "csf_1_1_aliases",
    ]);
    const row = (credentialKey: string, controlId: string) => {
      const found = rows.find((r) => r[0] === credentialKey && r[7] === controlId);
      if (!found || !header) throw new Error(`no row for ${credentialKey} × ${controlId}`);
      return Object.fromEntries(header.map((h, i) => [h, found[i]]));
    };
    const parties = {
      owner: s.owner.name, owner_email: s.owner.email,
      backup_owner: s.backup.name, backup_owner_email: s.backup.email,
      rotation_owner: s.rotator.name, rotation_owner_email: s.rotator.email,
      revocation_owner: s.revoker.name, revocation_owner_email: s.revoker.email,
      team: s.team.name, identity_governance_team: s.governance.name, platform_team: s.platform.name,
    };
    expect(row(s.excepted.credential.key, "PR.AA-05")).toMatchObject({
      ...parties,
      status: "excepted",
      reason: "Granted broad scopes: admin.",
      detected_at: "2026-10-01T08:00:00.000Z",
      fix: "Replace admin and wildcard scopes with the narrow scopes the integration needs.",
      exception_justification: 'Vendor API has no narrower scope, "yet"',
      exception_approver: s.approver.name,
      exception_approver_email: s.approver.email,
      exception_expires_at: "2027-03-31T00:00:00.000Z",
      csf_1_1_aliases: "PR.AC-4; PR.AC-1; PR.AC-3",
    });
    expect(row(s.open.credential.key, "PR.AA-03")).toMatchObject({
      ...parties,
      status: "fail",
      reason: 'Access tokens live 86400 s; the policy "Production" allows at most 3600 s.',
      detected_at: "2026-11-02T09:30:00.000Z",
      fix: "Shorten the access-token lifetime at the authorization server (and record the new TTL).",
      exception_justification: "",
      exception_approver: "",
      exception_approver_email: "",
      exception_expires_at: "",
      csf_1_1_aliases: "PR.AC-3; PR.AC-7",
    });
    // A passing control has no finding to describe, but still its parties and aliases.
    expect(row(s.open.credential.key, "PR.AA-05")).toMatchObject({ status: "pass", reason: "", detected_at: "", fix: "", exception_approver: "", csf_1_1_aliases: "PR.AC-4; PR.AC-1; PR.AC-3", rotation_owner: s.rotator.name });
    // Names with commas, quotes and newlines are quoted on the wire and read back whole.
    expect(csv).toContain(`"Doe, Jane ${s.owner.name.slice("Doe, Jane ".length)}"`);
    expect(csv).toContain(`"Sam ""the Backup"" `);
    expect(csv).toContain(`"Rota\nTor `);
    // Controls no rule covers are still listed, not assessed, with their CSF 1.1 aliases.
    const unassessed = rows.filter((r) => r[9] === "not assessed by Steward");
    for (const r of unassessed) expect(r).toHaveLength(header?.length ?? 0);
  });

  it("[EXPORTS] the control-mapping JSON carries the same facts per control: parties, reason, detection, fix, exception, CSF 1.1 aliases", async () => {
    const s = await accountableCredentials();
    const doc = JSON.parse(await text("json", { teamId: s.team.id, frameworks: "nist-csf-2.0" })) as {
      credentials: { id: string; rotationOwner: unknown; revocationOwner: unknown; identityGovernanceTeam: string; platformTeam: string; backupOwner: unknown; controls: { id: string; csf11Aliases?: string[]; evidence: Record<string, unknown>[] }[] }[];
    };
    const mine = doc.credentials.find((c) => c.id === s.excepted.credential.id);
    expect(mine).toMatchObject({
      backupOwner: { name: s.backup.name, email: s.backup.email },
      rotationOwner: { name: s.rotator.name, email: s.rotator.email },
      revocationOwner: { name: s.revoker.name, email: s.revoker.email },
      identityGovernanceTeam: s.governance.name,
      platformTeam: s.platform.name,
    });
    const control = mine?.controls.find((c) => c.id === "PR.AA-05");
    expect(control?.csf11Aliases).toEqual(["PR.AC-4", "PR.AC-1", "PR.AC-3"]);
    expect(control?.evidence).toEqual([
      expect.objectContaining({
        ruleId: "scope-admin",
        status: "excepted",
        reason: "Granted broad scopes: admin.",
        detectedAt: "2026-10-01T08:00:00.000Z",
        fix: "Replace admin and wildcard scopes with the narrow scopes the integration needs.",
        exception: { justification: 'Vendor API has no narrower scope, "yet"', approver: { name: s.approver.name, email: s.approver.email }, expiresAt: "2027-03-31T00:00:00.000Z" },
      }),
    ]);
  });

  it("[EXPORTS] the JSON carries the catalog, labelled as Steward's own crosswalk", async () => {
    const doc = JSON.parse(await text("json", { frameworks: "nist-csf-2.0" })) as { format: string; catalog: { crosswalkNote: string; frameworks: { id: string }[] }; credentials: unknown[] };
    expect(doc.format).toBe("steward-controls/v1");
    expect(doc.catalog.frameworks.map((f) => f.id)).toEqual(["nist-csf-2.0"]);
    expect(doc.catalog.crosswalkNote).toMatch(/Steward's own/);
  });

  it("[EXPORTS] the evidence pack verifies, and a one-byte change to any file is caught and named", async () => {
    const team = await fx.team();
    await fx.credential({ owningTeamId: team.id });
    const zip = await run("evidence-pack", { teamId: team.id });
    const files = new Map(Object.entries(unzipSync(zip)));
    expect([...files.keys()].sort()).toEqual([...packFileNames].sort());
    const good = verifyPack(files, { publicKey: instanceSigningKey().publicKey });
    expect(good, good.problems.join("; ")).toMatchObject({ ok: true, files: packFileNames.length - 2 });
    // The latest signed checkpoint travels with the pack (issue 13 item 13): a chain head kept elsewhere.
    await writeAuditCheckpoint(handle.db, new Date());
    const withCheckpoint = new Map(Object.entries(unzipSync(await run("evidence-pack", { teamId: team.id }))));
    const checkpoint = JSON.parse(Buffer.from(withCheckpoint.get("audit-checkpoint.json") ?? new Uint8Array()).toString("utf8")) as Checkpoint;
    expect(checkpoint).toMatchObject({ version: 1, publicKey: instanceSigningKey().publicKey });
    expect(verifySignature(checkpoint.publicKey, checkpointMessage(checkpoint), checkpoint.signature)).toBe(true);
    expect(good.auditEvents).toBeGreaterThan(0);
    const manifest = JSON.parse(Buffer.from(files.get("manifest.json") ?? new Uint8Array()).toString("utf8")) as { auditChainHead: { seq: number; hash: string } };
    const [head] = await handle.db.select().from(auditEvents).where(eq(auditEvents.seq, manifest.auditChainHead.seq));
    expect(head?.hash).toBe(manifest.auditChainHead.hash);
    expect(head?.action).toBe("compliance.exported");
    for (const name of files.keys()) {
      const altered = new Map(files);
      const bytes = Uint8Array.from(files.get(name) ?? []);
      const at = Math.floor(bytes.length / 2);
      bytes[at] = (bytes[at] ?? 0) ^ 0x01;
      altered.set(name, bytes);
      const check = verifyPack(altered);
      expect(check.ok, `${name} altered`).toBe(false);
      expect(check.problems.join(" "), name).toContain(name);
    }
  });

  it("[EXPORTS] every completed export writes one audit event with scope, format and rows; an abandoned one writes nothing", async () => {
    const team = await fx.team();
    await fx.credential({ owningTeamId: team.id });
    const before = Number(rowsOf<{ n: string | number }>(await handle.db.execute(sql`select coalesce(max(seq), 0) as n from audit_events`))[0]?.n ?? 0);
    await text("csv", { teamId: team.id, frameworks: "owasp-nhi-2025" });
    const events = await handle.db.select().from(auditEvents).where(sql`${auditEvents.seq} > ${before}`);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "compliance.exported", payload: { format: "csv", scope: { teamId: team.id, frameworks: ["owasp-nhi-2025"] } } });
    expect((events[0]?.payload as { rows: number }).rows).toBeGreaterThan(0);

    // Abandoned after its first chunk (the text is sent in pieces of ~64 kB: enough credentials for several).
    for (let i = 0; i < 15; i++) await fx.credential({ owningTeamId: team.id });
    const seq = Number(rowsOf<{ n: string | number }>(await handle.db.execute(sql`select max(seq) as n from audit_events`))[0]?.n ?? 0);
    const chunks = exportBytes(newExportRun(handle.db, audit, scope({ teamId: team.id })), "json");
    expect((await chunks.next()).done).toBe(false);
    await chunks.return(undefined);
    expect(await handle.db.select().from(auditEvents).where(sql`${auditEvents.seq} > ${seq}`)).toEqual([]);
    let pieces = 0;
    for await (const chunk of exportBytes(newExportRun(handle.db, audit, scope({ teamId: team.id })), "json")) pieces += chunk.length > 0 ? 1 : 0;
    expect(pieces, "the abandoned export had more than the one chunk it sent").toBeGreaterThan(1);
  });

  it("[EXPORTS] bad scopes are refused naming the field", () => {
    const fields = (q: Record<string, unknown>) => {
      const r = exportScopeQuery.safeParse(q);
      return r.success ? [] : Object.keys(fieldErrorsOf(r.error)).sort();
    };
    expect(fields({ frameworks: "owasp-nhi-2025,iso-27001" })).toEqual(["frameworks"]);
    expect(fields({ frameworks: "" })).toEqual(["frameworks"]);
    expect(fields({})).toEqual(["frameworks"]);
    expect(fields({ frameworks: "nist-csf-2.0", from: "2026-02-01", to: "2026-01-01" })).toEqual(["to"]);
    expect(fields({ frameworks: "nist-csf-2.0", environment: "moon" })).toEqual(["environment"]);
    expect(fields({ frameworks: "nist-csf-2.0", detail: "everything" })).toEqual(["detail"]);
    expect(fields({ frameworks: "nist-csf-2.0", from: "2026-01-01", to: "2026-01-01" })).toEqual([]);
    // What the Exports page's form sends: repeated checkboxes, empty optional fields.
    expect(exportScopeQuery.parse({ frameworks: ["nist-csf-2.0", "owasp-nhi-2025"], teamId: "", environment: "", from: "", to: "" })).toEqual({ frameworks: ["nist-csf-2.0", "owasp-nhi-2025"] });
  });

  /** A team with one credential and one of each lifecycle record. */
  async function teamWithHistory() {
    const team = await fx.team();
    const owner = await fx.person();
    const { credential } = await fx.credential({ owningTeamId: team.id, ownerId: owner.id });
    await fx.secret(credential.id);
    const [secret] = await handle.db.select().from(secrets).where(eq(secrets.credentialId, credential.id));
    const now = new Date();
    const [rotation] = await handle.db.insert(rotationRequests).values({ credentialId: credential.id, reason: "scheduled", plannedAt: now, approvalsRequired: 1, securityApprovalRequired: false, expiresAt: now }).returning();
    const [incident] = await handle.db.insert(leakIncidents).values({ credentialId: credential.id, secretId: secret?.id ?? "", source: "test", detectedAt: now }).returning();
    const [review] = await handle.db.insert(reviews).values({ credentialId: credential.id, decision: "keep" }).returning();
    const [exception] = await handle.db.insert(findingExceptions).values({ ruleId: "scope-admin", credentialId: credential.id, justification: "j", compensatingControl: "c", approverPersonId: owner.id, expiresAt: new Date(now.getTime() + 86_400_000) }).returning();
    const [finding] = await handle.db.insert(findings).values({ ruleId: "scope-admin", credentialId: credential.id, severity: "high" }).returning();
    const ids = [credential.id, rotation?.id, incident?.id, review?.id, exception?.id, finding?.id].map(String);
    return { team, credential, ids };
  }

  it("[EVIDENCE] a team-scoped pack holds only that team's records and audit events (plus the export event)", async () => {
    const a = await teamWithHistory();
    const b = await teamWithHistory();
    const zip = await run("evidence-pack", { teamId: a.team.id });
    const files = unzipSync(zip);
    const check = verifyPackZip(zip, { publicKey: instanceSigningKey().publicKey });
    expect(check.problems).toEqual([]);
    const all = Object.entries(files).map(([name, bytes]) => [name, utf8(bytes)] as const);
    for (const [name, body] of all) {
      for (const id of [...b.ids, b.credential.key, b.team.id]) expect(body, `${name} mentions team B's ${id}`).not.toContain(id);
    }
    // Team A's records are each in their file, keyed by credential key and name, times in ISO 8601.
    for (const [name, id] of [["rotations.csv", a.ids[1]], ["leak-incidents.csv", a.ids[2]], ["reviews.csv", a.ids[3]], ["exceptions.csv", a.ids[4]], ["findings.csv", a.ids[5]]] as const) {
      const parsed = parseCsv(utf8(files[name]));
      if (!parsed.ok) throw new Error(parsed.error.message);
      const [header, ...rows] = parsed.rows.map((r) => r.cells);
      expect(header, name).toEqual(expect.arrayContaining(["credential_key", "credential_name"]));
      // (The posture rules open findings of their own on the credential: all team A's.)
      expect(rows.map((r) => r[0]), name).toContain(id);
      for (const row of rows) {
        expect(row[header?.indexOf("credential_key") ?? -1], name).toBe(a.credential.key);
        expect(row[header?.indexOf("credential_name") ?? -1], name).toBe(a.credential.name);
        expect(row[1], name).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      }
    }
    // The audit extract: full events only about team A's records; the rest folded into omitted ranges.
    const lines = utf8(files["audit-log.jsonl"]).trim().split("\n").map((l) => JSON.parse(l) as { targetId?: string; omitted?: unknown });
    const full = lines.filter((l) => !l.omitted);
    expect(full.length).toBeGreaterThan(0);
    expect(full.every((l) => l.targetId === a.credential.id || l.targetId === a.team.id), JSON.stringify(full.map((l) => l.targetId))).toBe(true);
    expect(lines.some((l) => l.omitted)).toBe(true);
    // The README, the policy set and the catalog travel with the pack.
    expect(utf8(files["README.md"])).toContain("npm run evidence:verify");
    expect((JSON.parse(utf8(files["policies.json"])) as { policies: unknown[] }).policies.length).toBeGreaterThan(0);
    expect(JSON.parse(utf8(files["catalog.json"]))).toHaveProperty("controls");
    // Every file's SHA-256 is in the export's audit event in the live log.
    const manifest = JSON.parse(utf8(files["manifest.json"])) as Manifest;
    const [event] = await handle.db.select().from(auditEvents).where(eq(auditEvents.seq, manifest.auditChainHead.seq));
    expect((event?.payload as { files: unknown }).files).toEqual(manifest.files);
    expect(Object.keys(files).sort()).toEqual([...packFileNames].sort());
  });

  it("[EVIDENCE] the tamper suite: every way an attacker alters a pack is refused with a clear message", async () => {
    const a = await teamWithHistory();
    const zip = await run("evidence-pack", { teamId: a.team.id });
    const files = unzipSync(zip);
    const publicKey = instanceSigningKey().publicKey;
    // Both readers: the pack in memory, and `npm run evidence:verify`'s, which streams it from its file (issue 17). They must agree.
    const fileDir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-"));
    const problems = async (z: Uint8Array, pinned = true) => {
      const options = pinned ? { publicKey } : {};
      const file = path.join(fileDir, `${sha256(z)}.zip`);
      fs.writeFileSync(file, z);
      const [inMemory, fromFile] = [verifyPackZip(z, options), await verifyPackFile(file, options)];
      expect(fromFile).toEqual(inMemory);
      return inMemory.problems.join(" | ");
    };
    // A ZIP64 pack (what yazl writes once an entry or the archive passes 4 GB) reads the same.
    const zip64 = await zipWithYazl(files, { forceZip64Format: true });
    expect(zipEntryNames(zip64)).toEqual(zipEntryNames(zip));
    expect(Buffer.from(zip64).includes(Buffer.from([0x50, 0x4b, 0x06, 0x06])), "a ZIP64 end of central directory").toBe(true);
    expect(await problems(zip64)).toBe("");
    expect(await problems(zip)).toBe("");
    // Fed in 7-byte pieces (as a stream splits it: lines of the extract cut anywhere), the checks say the same.
    const pieces = new PackVerifier({ publicKey }, Object.keys(files));
    for (const [name, data] of Object.entries(files)) {
      const sink = pieces.file(name);
      for (let at = 0; at < data.length; at += 7) sink.update(data.subarray(at, at + 7));
      sink.end();
    }
    expect(pieces.result()).toEqual(verifyPackZip(zip, { publicKey }));
    const unscoped = await run("evidence-pack");
    expect(await problems(unscoped)).toBe("");
    // A period long past: every event is folded into "after the period", and the chain still reaches the export event.
    const past = await run("evidence-pack", { from: "2020-01-01", to: "2020-01-02" });
    expect(await problems(past)).toBe("");
    expect(utf8(unzipSync(past)["audit-log.jsonl"]).trim().split("\n").map((l) => (JSON.parse(l) as { omitted?: { reason: string } }).omitted?.reason)).toEqual(["after the period"]);
    const extract = (f: Files) => utf8(f["audit-log.jsonl"]).trim().split("\n");
    const instanceKey = instanceSigningKey();
    const resign = (f: Files, edit: (f: Files, m: Manifest) => void) => forge(f, edit, instanceKey);

    // A file edited and the manifest recomputed: the signature (made with the real key) no longer matches.
    const edited = { ...files, "controls.csv": strToU8(`${utf8(files["controls.csv"])}x\n`) };
    const manifest = JSON.parse(utf8(files["manifest.json"])) as Manifest;
    manifest.files = manifest.files.map((f) => (f.path === "controls.csv" ? { ...f, sha256: sha256(edited["controls.csv"]), bytes: edited["controls.csv"].length } : f));
    expect(await problems(zipSync({ ...edited, "manifest.json": strToU8(JSON.stringify(manifest)) }))).toMatch(/manifest\.sig: the signature does not match/);
    // …and re-signed with another key: refused against the pinned key; the live export event's hashes differ too.
    expect(await problems(forge(files, (f) => (f["controls.csv"] = strToU8("x\n"))))).toMatch(/signed with another key than the pinned/);
    expect(await problems(forge(files, (f) => (f["controls.csv"] = strToU8("x\n"))), false)).toMatch(/file hashes differ from those recorded in the export's audit event/);
    // Even with the instance key (say, stolen), the structural checks hold:
    expect(await problems(resign(files, (f) => (f["audit-log.jsonl"] = strToU8(""))))).toMatch(/audit-log\.jsonl: empty, but the chain head is seq \d+/);
    expect(await problems(resign(files, (f) => (f["audit-log.jsonl"] = strToU8(`${extract(f).slice(0, -1).join("\n")}\n`))))).toMatch(/audit-log\.jsonl: ends at seq \d+, but the export event is seq \d+ \(truncated\?\)/);
    // Re-chained: an event rewritten with its hash (and every later one) recomputed.
    const rechain = (f: Files) => {
      let prev: string | null = null;
      const lines = extract(f).map((l) => {
        const line = JSON.parse(l) as ChainedEvent & { occurredAt: string; omitted?: { lastHash: string } };
        if (line.omitted) {
          prev = line.omitted.lastHash;
          return l;
        }
        const fields = { ...line, actorLabel: "someone else", prevHash: prev ?? line.prevHash };
        const hash = hashEvent({ ...fields, occurredAt: new Date(line.occurredAt) });
        prev = hash;
        return JSON.stringify({ ...fields, hash });
      });
      f["audit-log.jsonl"] = strToU8(`${lines.join("\n")}\n`);
    };
    expect(await problems(resign(files, rechain))).toMatch(/audit-log\.jsonl: its last line does not hash to the export event's prev_hash \(re-chained\?\)/);
    // An event cut out of the middle.
    expect(await problems(resign(files, (f) => (f["audit-log.jsonl"] = strToU8(`${extract(f).filter((_, i) => i !== 1).join("\n")}\n`))))).toMatch(/audit-log\.jsonl: .*(cut out|does not chain)/);
    // auditChainHead or scope altered.
    expect(await problems(resign(files, (_f, m) => (m.auditChainHead = { ...m.auditChainHead, seq: m.auditChainHead.seq + 1 })))).toMatch(/auditChainHead is not the hash of the export event/);
    expect(await problems(resign(files, (_f, m) => (m.scope = { ...m.scope, teamId: undefined })))).toMatch(/scope differs from the scope recorded in the export's audit event/);
    // A file dropped; a file added.
    expect(await problems(resign(files, (f) => delete f["policies.json"]))).toMatch(/policies\.json: required in a steward-evidence-pack\/v2 pack/);
    expect(await problems(resign(files, (f) => (f["notes.txt"] = strToU8("trust me"))))).toMatch(/notes\.txt: not part of a steward-evidence-pack\/v2 pack/);
    expect(await problems(zipSync({ ...files, "notes.txt": strToU8("trust me") }))).toMatch(/notes\.txt: not part of a steward-evidence-pack\/v2 pack/);
    // A duplicate zip entry: the verified copy and a second one a reader may show instead.
    const duplicate = withDuplicate(zip, "controls.csv", strToU8("credential_key\nforged\n"));
    expect(zipEntryNames(duplicate).filter((n) => n === "controls.csv")).toHaveLength(2);
    expect(await problems(duplicate)).toMatch(/controls\.csv: appears more than once in the zip/);
    // A local header renamed: a reader walking the local headers would list a file nobody verified.
    const renamed = Uint8Array.from(zip);
    const csvAt = zipEntries(zip).find((e) => e.name === "controls.csv")?.localHeaderOffset ?? -1;
    renamed.set(strToU8("controls.tsv"), csvAt + 30);
    expect(await problems(renamed)).toMatch(/controls\.csv: cannot be read from the zip \(its local header names another file than the central directory\)/);
    // The audit checkpoint swapped for one signed with another key.
    const otherKey = signingKeyFromPem(generateSigningKeyPem());
    const foreignCheckpoint = { version: 1, seq: 1, hash: "0".repeat(64), at: new Date().toISOString(), publicKey: otherKey.publicKey, signature: "" };
    foreignCheckpoint.signature = sign(otherKey, checkpointMessage(foreignCheckpoint));
    expect(await problems(resign(files, (f) => (f["audit-checkpoint.json"] = strToU8(JSON.stringify(foreignCheckpoint)))))).toMatch(/audit-checkpoint\.json: signed with another key than the manifest/);
    // The signature file dropped.
    const unsigned: Files = { ...files };
    delete unsigned["manifest.sig"];
    expect(await problems(zipSync(unsigned))).toMatch(/manifest\.sig is missing/);

    // `npm run evidence:verify` says the same, and exits 1.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-"));
    const cli = (bytes: Uint8Array) => {
      const file = path.join(dir, `${sha256(bytes)}.zip`);
      fs.writeFileSync(file, bytes);
      return spawnSync("npm", ["run", "-s", "evidence:verify", "--", file, "--public-key", publicKey], { encoding: "utf8" });
    };
    expect(cli(zip)).toMatchObject({ status: 0, stdout: expect.stringMatching(/^OK: signed manifest/) as unknown });
    expect(cli(duplicate)).toMatchObject({ status: 1, stderr: expect.stringMatching(/FAILED: controls\.csv: appears more than once in the zip/) as unknown });
    fs.rmSync(dir, { recursive: true });
    fs.rmSync(fileDir, { recursive: true });
  });
});

/** The files zipped again by yazl (the pack's writer), with its options: e.g. ZIP64 records on a small pack. */
async function zipWithYazl(files: Files, options: { forceZip64Format: boolean }): Promise<Uint8Array> {
  const zip = new ZipFile();
  for (const [name, data] of Object.entries(files)) zip.addBuffer(Buffer.from(data), name, options);
  zip.end({ ...options, comment: "" });
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Appends a second entry with an existing name to a zip (stored, uncompressed): what `zip` tools allow and `unzipSync` hides. */
function withDuplicate(zip: Uint8Array, name: string, data: Uint8Array): Uint8Array {
  const entries = zipEntryNames(zip);
  const extra = zipSync({ [name]: [data, { level: 0 }] });
  const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  const eocd = (b: Uint8Array) => b.length - 22;
  const cdOffset = (b: Uint8Array) => view(b).getUint32(eocd(b) + 16, true);
  const cdSize = (b: Uint8Array) => view(b).getUint32(eocd(b) + 12, true);
  const locals = zip.subarray(0, cdOffset(zip));
  const extraLocal = extra.subarray(0, cdOffset(extra));
  const centralA = zip.subarray(cdOffset(zip), cdOffset(zip) + cdSize(zip));
  const centralB = Uint8Array.from(extra.subarray(cdOffset(extra), cdOffset(extra) + cdSize(extra)));
  view(centralB).setUint32(42, locals.length, true); // the duplicate's local header offset
  const end = Uint8Array.from(zip.subarray(eocd(zip)));
  view(end).setUint16(8, entries.length + 1, true);
  view(end).setUint16(10, entries.length + 1, true);
  view(end).setUint32(12, centralA.length + centralB.length, true);
  view(end).setUint32(16, locals.length + extraLocal.length, true);
  return Buffer.concat([locals, extraLocal, centralA, centralB, end]);
}

// Its own database: the unscoped packs of the suite above stay the size they were.
describe.each(drivers)("[EXPORTS] OSCAL assessment results size on %s (issue 17)", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: false });
  const audit = { actor: { type: "system" as const, id: null, label: "test" }, requestId: null, ip: null };
  const text = async (format: ExportFormat, q: Record<string, unknown> = {}) => {
    const parts: Uint8Array[] = [];
    for await (const chunk of exportBytes(newExportRun(handle.db, audit, scope(q)), format)) parts.push(chunk);
    return Buffer.from(Buffer.concat(parts)).toString("utf8");
  };

  it("[EXPORTS] OSCAL assessment results grow with failing credentials, not with passing ones; detail=full lists every pass (issue 17)", async () => {
    type Doc = { "assessment-results": { results: { observations: { uuid: string; props?: { name: string; value: string }[]; subjects?: { "subject-uuid": string }[] }[]; findings: { target: { "target-id": string; status: { state: string } } }[]; "local-definitions"?: { "inventory-items": { uuid: string }[] } }[] } };
    const team = await fx.team();
    const owner = await fx.person();
    /** Credentials in the team that pass every rule (every rule applies, none has a finding). */
    const passing = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const c = await fx.credential({ owningTeamId: team.id, ownerId: owner.id });
        await handle.db.update(credentialPosture).set({ applicableRules: [...ruleIds] }).where(eq(credentialPosture.credentialId, c.credential.id));
        await handle.db.delete(findings).where(eq(findings.credentialId, c.credential.id));
      }
    };
    const failing = await fx.credential({ owningTeamId: team.id, ownerId: owner.id });
    await handle.db.update(credentialPosture).set({ applicableRules: [...ruleIds] }).where(eq(credentialPosture.credentialId, failing.credential.id));
    await handle.db.delete(findings).where(eq(findings.credentialId, failing.credential.id));
    await handle.db.insert(findings).values({ ruleId: "token-ttl-excessive", credentialId: failing.credential.id, severity: "high" });
    const shape = async (q: Record<string, unknown> = {}) => {
      const doc = JSON.parse(await text("oscal-assessment-results", { teamId: team.id, ...q })) as Doc;
      expect(validators.results(doc), errorsOf(validators.results)).toBe(true);
      const r = doc["assessment-results"].results[0];
      return { observations: r?.observations.length ?? 0, findings: r?.findings.length ?? 0, items: r?.["local-definitions"]?.["inventory-items"].map((i) => i.uuid) ?? [], doc: r };
    };

    await passing(2);
    const small = await shape();
    const smallFull = await shape({ detail: "full" });
    await passing(18);
    const large = await shape();
    const largeFull = await shape({ detail: "full" });

    // Ten times the passing credentials: the default document has the same observations, findings and items.
    expect([large.observations, large.findings, large.items]).toEqual([small.observations, small.findings, small.items]);
    expect(large.items).toEqual([failing.credential.id]);
    // Its per-control summary counts every credential, and the failing credential is its own subject.
    const summary = large.doc?.observations.find((o) => o.props?.some((p) => p.name === "failing-credentials" && p.value === "1"));
    expect(summary?.props).toEqual(expect.arrayContaining([expect.objectContaining({ name: "passing-credentials", value: "20" })]));
    expect(summary?.subjects).toBeUndefined();
    expect(large.doc?.observations.some((o) => o.subjects?.some((s) => s["subject-uuid"] === failing.credential.id))).toBe(true);
    expect(large.doc?.findings.some((f) => f.target.status.state === "not-satisfied")).toBe(true);
    // detail=full keeps one observation per credential and control: it grows with every pass.
    expect(largeFull.observations).toBeGreaterThan(smallFull.observations + 18);
    expect(largeFull.items).toHaveLength(21);

    // The full document resolves too, in the evidence pack (the summary one: "OSCAL resolves" above).
    const parts: Uint8Array[] = [];
    for await (const chunk of exportBytes(newExportRun(handle.db, audit, scope({ teamId: team.id, detail: "full" })), "evidence-pack")) parts.push(chunk);
    const files = new Map(Object.entries(unzipSync(Buffer.concat(parts))).filter(([name]) => name.endsWith(".json")).map(([name, bytes]) => [name, JSON.parse(Buffer.from(bytes).toString("utf8")) as unknown]));
    expect(checkOscalReferences(files.get("oscal-assessment-results.json"), { catalogs: nistCatalogs, files }, "full").problems).toEqual([]);
  }, 90_000);
});
