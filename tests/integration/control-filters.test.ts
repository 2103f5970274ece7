import { eq, inArray } from "drizzle-orm";
import { unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { listCredentials } from "@/db/queries/credentials";
import { countFindingsByStatus, listFindings } from "@/db/queries/findings";
import { credentialPosture, findings } from "@/db/schema";
import { ruleIds } from "@/lib/domain/posture/types";
import { parseCsv } from "@/lib/inventory-file/csv";
import { exportBytes, newExportRun } from "@/lib/server/exports/streams";
import { fieldErrorsOf } from "@/lib/server/http";
import { instanceSigningKey } from "@/lib/server/signing";
import { verifyPack } from "@/lib/domain/exports/verify-pack";
import { exportScopeQuery } from "@/lib/validation/exports";
import { findingFilters } from "@/lib/validation/governance";
import { credentialFilters } from "@/lib/validation/inventory";
import { drivers } from "../support/db";
import { unique, suiteDatabase } from "../support/inventory";

/**
 * Issue 15, "several controls at once": the inventory, the findings list and the exports filter by
 * more than one control, all-of ("fails PR.AA-05 and NHI7") or any-of.
 */
const AA05 = "nist-csf-2.0/PR.AA-05"; // scope-admin, review-overdue, multi-audience, cross-trust-zone
const NHI7 = "owasp-nhi-2025/nhi7-2025"; // rotation-overdue, secret-no-expiry, token-ttl-excessive, policy-weaker

describe.each(drivers)("[CONTROL FILTERS] several controls at once on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: false });
  let teamId: string;
  /** Named so that name order is a, b, c, d, e. */
  const ids: Record<"both" | "aa05" | "nhi7" | "exceptedAa05" | "clean", string> = { both: "", aa05: "", nhi7: "", exceptedAa05: "", clean: "" };

  beforeAll(async () => {
    teamId = (await fx.team()).id;
    const tag = unique("");
    for (const [key, prefix] of [["both", "a"], ["aa05", "b"], ["nhi7", "c"], ["exceptedAa05", "d"], ["clean", "e"]] as const) {
      ids[key] = (await fx.credential({ owningTeamId: teamId, name: `${prefix} ${tag}` })).credential.id;
    }
    const all = Object.values(ids);
    // This test is about the filters: the findings are written directly, every rule applicable.
    await handle.db.update(credentialPosture).set({ applicableRules: [...ruleIds] }).where(inArray(credentialPosture.credentialId, all));
    await handle.db.delete(findings).where(inArray(findings.credentialId, all));
    const at = (day: number) => new Date(Date.UTC(2026, 9, day));
    await handle.db.insert(findings).values([
      { ruleId: "scope-admin", credentialId: ids.both, severity: "high" as const, openedAt: at(1) },
      { ruleId: "rotation-overdue", credentialId: ids.both, severity: "medium" as const, openedAt: at(2) },
      { ruleId: "multi-audience", credentialId: ids.aa05, severity: "medium" as const, openedAt: at(3) },
      { ruleId: "token-ttl-excessive", credentialId: ids.nhi7, severity: "low" as const, openedAt: at(4) },
      // Accepted risk on PR.AA-05 is not failing it: this one fails NHI7 only.
      { ruleId: "scope-admin", credentialId: ids.exceptedAa05, severity: "high" as const, status: "excepted" as const, openedAt: at(5) },
      { ruleId: "secret-no-expiry", credentialId: ids.exceptedAa05, severity: "medium" as const, openedAt: at(6) },
      // Not behind either control.
      { ruleId: "owner-missing", credentialId: ids.clean, severity: "high" as const, openedAt: at(7) },
    ]);
  });

  const inventory = async (q: Record<string, unknown>) => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await listCredentials(handle.db, credentialFilters.parse({ teamId, sort: "name", limit: 1, ...q, ...(cursor ? { cursor } : {}) }));
      seen.push(...page.items.map((c) => c.id));
      if (!page.nextCursor) return seen;
      cursor = page.nextCursor;
    }
    throw new Error("paging did not end");
  };

  it("[CONTROL FILTERS] the inventory: all-of keeps credentials failing every control, any-of those failing one; keyset pages stay exact", async () => {
    expect(await inventory({ control: [AA05, NHI7] })).toEqual([ids.both]);
    expect(await inventory({ control: [AA05, NHI7], controlMatch: "all" })).toEqual([ids.both]);
    expect(await inventory({ control: `${AA05},${NHI7}`, controlMatch: "any" })).toEqual([ids.both, ids.aa05, ids.nhi7, ids.exceptedAa05]);
    // A single control keeps meaning what it did.
    expect(await inventory({ control: AA05 })).toEqual([ids.both, ids.aa05]);
    expect(await inventory({ control: NHI7 })).toEqual([ids.both, ids.nhi7, ids.exceptedAa05]);
    // Combined with the other filters (AND).
    expect(await inventory({ control: [AA05, NHI7], controlMatch: "any", rule: "multi-audience" })).toEqual([ids.aa05]);
  });

  const findingsOf = async (q: Record<string, unknown>) => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await listFindings(handle.db, findingFilters.parse({ teamId, limit: 2, ...q, ...(cursor ? { cursor } : {}) }));
      seen.push(...page.items.map((f) => `${f.credential.id}:${f.ruleId}`));
      if (!page.nextCursor) return seen.sort();
      const parsed = findingFilters.parse({ cursor: page.nextCursor });
      cursor = page.nextCursor;
      expect(parsed.cursor).toBeDefined();
    }
    throw new Error("paging did not end");
  };

  it("[CONTROL FILTERS] the findings list: all-of lists the findings behind every control on credentials failing them all; any-of behind any", async () => {
    const f = (credential: string, rule: string) => `${credential}:${rule}`;
    expect(await findingsOf({ control: [AA05, NHI7], controlMatch: "all" })).toEqual([f(ids.both, "rotation-overdue"), f(ids.both, "scope-admin")].sort());
    expect(await findingsOf({ control: [AA05, NHI7], controlMatch: "any" })).toEqual(
      [f(ids.both, "rotation-overdue"), f(ids.both, "scope-admin"), f(ids.aa05, "multi-audience"), f(ids.nhi7, "token-ttl-excessive"), f(ids.exceptedAa05, "secret-no-expiry")].sort(),
    );
    expect(await findingsOf({ control: AA05 })).toEqual([f(ids.both, "scope-admin"), f(ids.aa05, "multi-audience")].sort());
    // The excepted tab judges "all" among excepted findings: no credential has both excepted.
    expect(await findingsOf({ control: [AA05, NHI7], status: "excepted" })).toEqual([]);
    expect(await findingsOf({ control: [AA05, NHI7], controlMatch: "any", status: "excepted" })).toEqual([f(ids.exceptedAa05, "scope-admin")]);
    expect(await countFindingsByStatus(handle.db, findingFilters.parse({ teamId, control: [AA05, NHI7] }))).toEqual({ open: 2, excepted: 0, resolved: 0 });
    expect(await countFindingsByStatus(handle.db, findingFilters.parse({ teamId, control: [AA05, NHI7], controlMatch: "any" }))).toEqual({ open: 5, excepted: 1, resolved: 0 });
  });

  it("[CONTROL FILTERS] the control-mapping export takes the same filter", async () => {
    const keysIn = async (q: Record<string, unknown>) => {
      const parts: Uint8Array[] = [];
      const scope = exportScopeQuery.parse({ frameworks: "nist-csf-2.0", teamId, ...q });
      for await (const chunk of exportBytes(newExportRun(handle.db, { actor: { type: "system", id: null, label: "test" }, requestId: null, ip: null }, scope), "csv")) parts.push(chunk);
      const parsed = parseCsv(Buffer.concat(parts).toString("utf8"));
      if (!parsed.ok) throw new Error(parsed.error.message);
      return [...new Set(parsed.rows.slice(1).map((r) => r.cells[1] ?? "").filter((name) => name !== ""))].sort();
    };
    const names = Object.fromEntries(await Promise.all(Object.entries(ids).map(async ([k, id]) => [k, (await handle.db.query.credentials.findFirst({ where: (c) => eq(c.id, id) }))?.name ?? ""] as const)));
    expect(await keysIn({ control: `${AA05},${NHI7}` })).toEqual([names.both]);
    expect(await keysIn({ control: [AA05, NHI7], controlMatch: "any" })).toEqual([names.both, names.aa05, names.nhi7, names.exceptedAa05].sort());
    // The evidence pack narrows its lifecycle files the same way, and still verifies.
    const parts: Uint8Array[] = [];
    const scope = exportScopeQuery.parse({ frameworks: "nist-csf-2.0", teamId, control: [AA05, NHI7] });
    for await (const chunk of exportBytes(newExportRun(handle.db, { actor: { type: "system", id: null, label: "test" }, requestId: null, ip: null }, scope), "evidence-pack")) parts.push(chunk);
    const files = new Map(Object.entries(unzipSync(Buffer.concat(parts))));
    expect(verifyPack(files, { publicKey: instanceSigningKey().publicKey })).toMatchObject({ ok: true });
    const findingsCsv = Buffer.from(files.get("findings.csv") ?? new Uint8Array()).toString("utf8");
    expect(findingsCsv).toContain(names.both);
    expect(findingsCsv).not.toContain(names.aa05);
  });

  it("[CONTROL FILTERS] an unknown control or match is refused naming the field, on every list and the exports", () => {
    const fields = (schema: { safeParse: (v: unknown) => { success: true } | { success: false; error: Parameters<typeof fieldErrorsOf>[0] } }, q: Record<string, unknown>) => {
      const r = schema.safeParse(q);
      return r.success ? [] : Object.keys(fieldErrorsOf(r.error)).sort();
    };
    for (const [schema, base] of [[credentialFilters, {}], [findingFilters, {}], [exportScopeQuery, { frameworks: "nist-csf-2.0" }]] as const) {
      expect(fields(schema, { ...base, control: [AA05, "nist-csf-2.0/PR.XX-99"] })).toEqual(["control"]);
      expect(fields(schema, { ...base, control: "nhi7" })).toEqual(["control"]);
      expect(fields(schema, { ...base, control: AA05, controlMatch: "most" })).toEqual(["controlMatch"]);
      expect(fields(schema, { ...base, control: [AA05, NHI7], controlMatch: "any" })).toEqual([]);
    }
    expect(credentialFilters.parse({ control: [AA05, `${NHI7},${AA05}`] }).control).toEqual([AA05, NHI7]);
  });
});
