import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { countFindingsByStatus, getFinding, listFindings } from "@/db/queries/findings";
import { credentials, findings } from "@/db/schema";
import { compareBySeverityThenAge } from "@/lib/domain/credential-risk";
import { findingFilters } from "@/lib/validation/governance";
import { drivers } from "../support/db";
import { suiteDatabase } from "../support/inventory";

/** DESIGN §6 Findings: most severe first, then longest open; counts on the tabs; one finding in detail. */
describe.each(drivers)("[FINDINGS] the findings list on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: false });
  let teamId: string;
  let credentialIds: string[];
  beforeAll(async () => {
    teamId = (await fx.team()).id;
    credentialIds = [(await fx.credential({ owningTeamId: teamId })).credential.id, (await fx.credential({ owningTeamId: teamId })).credential.id];
    const [a, b] = credentialIds as [string, string];
    const at = (day: number) => new Date(Date.UTC(2026, 0, day));
    await handle.db.insert(findings).values([
      { ruleId: "t-critical-new", credentialId: a, severity: "critical", openedAt: at(20) },
      { ruleId: "t-low-old", credentialId: a, severity: "low", openedAt: at(1) },
      { ruleId: "t-critical-old", credentialId: b, severity: "critical", openedAt: at(2) },
      { ruleId: "t-high", credentialId: b, severity: "high", openedAt: at(10) },
      { ruleId: "t-high-same-day", credentialId: a, severity: "high", openedAt: at(10) },
      { ruleId: "t-medium", credentialId: b, severity: "medium", openedAt: at(5) },
      { ruleId: "t-excepted", credentialId: b, severity: "high", status: "excepted", openedAt: at(3) },
      { ruleId: "t-resolved", credentialId: a, severity: "critical", status: "resolved", openedAt: at(3), resolvedAt: at(4) },
    ]);
  });

  const expectedOpen = async () => {
    const rows = await handle.db
      .select({ id: findings.id, severity: findings.severity, openedAt: findings.openedAt })
      .from(findings)
      .where(and(inArray(findings.credentialId, credentialIds), eq(findings.status, "open")));
    return rows.sort((x, y) => compareBySeverityThenAge(x, y) || (x.id < y.id ? -1 : 1)).map((r) => r.id);
  };

  it("[FINDINGS] sorts by severity, then oldest first, and pages by keyset without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 20; i++) {
      const page = await listFindings(handle.db, findingFilters.parse({ teamId, limit: "2", ...(cursor ? { cursor } : {}) }));
      seen.push(...page.items.map((f) => f.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const expected = await expectedOpen();
    expect(seen).toEqual(expected);
    const ids = await handle.db.select({ id: findings.id, ruleId: findings.ruleId }).from(findings).where(inArray(findings.credentialId, credentialIds));
    const rule = new Map(ids.map((r) => [r.id, r.ruleId]));
    const ours = seen.map((id) => rule.get(id)).filter((r) => r?.startsWith("t-"));
    expect(ours.slice(0, 2)).toEqual(["t-critical-old", "t-critical-new"]);
    expect(ours.at(-1)).toBe("t-low-old");
  });

  it("[FINDINGS] the severity filter keeps the age order within one severity", async () => {
    const page = await listFindings(handle.db, findingFilters.parse({ teamId, severity: "critical" }));
    expect(page.items.map((f) => f.ruleId).filter((r) => r.startsWith("t-"))).toEqual(["t-critical-old", "t-critical-new"]);
  });

  it("[FINDINGS] counts each tab for the same filters", async () => {
    const counts = await countFindingsByStatus(handle.db, findingFilters.parse({ teamId }));
    const actual = async (status: "open" | "excepted" | "resolved") =>
      (await handle.db.select({ n: sql<number>`count(*)::int` }).from(findings).where(and(inArray(findings.credentialId, credentialIds), eq(findings.status, status))))[0]?.n;
    expect(counts).toEqual({ open: await actual("open"), excepted: await actual("excepted"), resolved: await actual("resolved") });
    expect(counts.excepted).toBe(1);
    expect((await countFindingsByStatus(handle.db, findingFilters.parse({ teamId, severity: "critical" }))).open).toBe(2);
  });

  it("[FINDINGS] one finding in detail: its credential, since when, why and how to fix", async () => {
    const [row] = await handle.db.select({ id: findings.id }).from(findings).where(and(inArray(findings.credentialId, credentialIds), eq(findings.ruleId, "t-high")));
    const detail = await getFinding(handle.db, row?.id ?? "");
    const [cred] = await handle.db.select({ name: credentials.name }).from(credentials).where(eq(credentials.id, credentialIds[1] ?? ""));
    expect(detail).toMatchObject({ ruleId: "t-high", severity: "high", status: "open", credential: { id: credentialIds[1], name: cred?.name } });
    expect(detail?.summary).toBeTruthy();
    expect(await getFinding(handle.db, "00000000-0000-4000-8000-000000000000")).toBeUndefined();
  });

  it("[FINDINGS] an index serves the default order (status, severity rank, age)", async () => {
    const rows = rowsOf<{ indexdef: string }>(await handle.db.execute(sql`select indexdef from pg_indexes where tablename = 'findings' and indexname = 'findings_status_rank_age_idx'`));
    expect(rows[0]?.indexdef).toMatch(/\(status, severity DESC, opened_at, id\)/);
  });
});
