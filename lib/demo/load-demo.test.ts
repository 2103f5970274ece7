import { and, eq, isNotNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, credentials, people, secrets, teams } from "@/db/schema";
import { getCredentialDetail, listCredentials } from "@/db/queries/credentials";
import { verifyAuditChain } from "@/db/queries/audit";
import { AppError } from "@/lib/errors";
import { loadDemoData } from "@/lib/server/demo";
import { credentialFilters } from "@/lib/validation/inventory";
import { contextAs } from "@/tests/support/context";
import { drivers, freshDatabase, rowsOf, type TestDatabase } from "@/tests/support/db";
import { demoCounts, generateDemoOrganisation, ONESPAN_CREDENTIAL_NAME } from "./generate";

const now = new Date("2025-06-11T12:00:00Z");

async function countOf(db: TestDatabase["db"], table: string): Promise<number> {
  const [row] = rowsOf<{ n: string | number }>(await db.execute(sql`select count(*) as n from ${sql.identifier(table)}`));
  return Number(row?.n);
}

describe.each(drivers)("[DEMO] loadDemoData on %s", (driver) => {
  let handle: TestDatabase;
  const expected = demoCounts(generateDemoOrganisation(now));

  beforeAll(async () => {
    handle = await freshDatabase(driver);
    // A team and person that already exist under demo natural keys are reused, not duplicated.
    await handle.db.insert(teams).values({ key: "payments", name: "Payments", kind: "application" });
  }, 120_000);
  afterAll(async () => {
    await handle.close();
  });

  it("writes the whole organisation in one audited transaction", async () => {
    const result = await loadDemoData(handle.db, contextAs("admin"), now);
    expect(result.credentials).toBe(expected.credentials);
    expect(result.reused.teams).toBe(1);
    expect(await countOf(handle.db, "credentials")).toBe(expected.credentials);
    expect(await countOf(handle.db, "secrets")).toBe(expected.secrets);
    expect(await countOf(handle.db, "credential_grants")).toBe(expected.grants);
    expect(await countOf(handle.db, "teams")).toBe(expected.teams);
    expect(await countOf(handle.db, "people")).toBe(expected.people);
    expect(await countOf(handle.db, "apis")).toBe(expected.apis);
    expect(await countOf(handle.db, "applications")).toBe(expected.applications);
    expect(await countOf(handle.db, "authorization_servers")).toBe(expected.authorizationServers);
    const inactive = await handle.db.select({ id: people.id }).from(people).where(eq(people.isActive, false));
    expect(inactive.length).toBe(expected.inactivePeople);

    const events = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "demo.loaded"));
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({ credentials: expected.credentials, organisation: "Northwind Mutual" });
    expect((await verifyAuditChain(handle.db)).ok).toBe(true);
  });

  it("computes due dates for every credential, with overdue ones to find", async () => {
    const withoutReviewDue = await handle.db.select({ id: credentials.id }).from(credentials).where(sql`${credentials.reviewDueAt} is null`);
    expect(withoutReviewDue).toHaveLength(0);
    const overdue = await listCredentials(handle.db, credentialFilters.parse({ due: "overdue", limit: 200 }), now);
    expect(overdue.items.length).toBeGreaterThan(10);
  });

  it("stores the OneSpan Sign record as specified", async () => {
    const [row] = await handle.db.select({ id: credentials.id }).from(credentials).where(eq(credentials.name, ONESPAN_CREDENTIAL_NAME));
    const detail = row ? await getCredentialDetail(handle.db, row.id) : undefined;
    expect(detail?.credential).toMatchObject({
      kind: "oauth_client",
      environment: "production",
      grantTypes: ["client_credentials"],
      clientAuthMethod: "client_secret_basic",
      accessTokenTtlSeconds: 299,
      tokenCache: "in_memory",
    });
    expect(detail?.serverName).toBe("OneSpan Sign");
    expect(detail?.effectivePolicyName).toBe("Production — high or critical API");
    expect(detail?.grants.map((g) => g.apiName)).toEqual(["OneSpan Sign API"]);
  });

  it("stores fingerprints, never values, and shares them where reuse is staged", async () => {
    const rows = await handle.db.select({ fingerprint: secrets.fingerprint }).from(secrets).where(isNotNull(secrets.fingerprint));
    expect(rows.length).toBeGreaterThan(50);
    for (const r of rows) expect(r.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const shared = rowsOf<{ fingerprint: string; n: string | number }>(
      await handle.db.execute(sql`select fingerprint, count(distinct credential_id) as n from secrets where fingerprint is not null group by fingerprint having count(distinct credential_id) > 1`),
    );
    expect(shared.length).toBeGreaterThanOrEqual(2);
    const columns = rowsOf<{ column_name: string }>(await handle.db.execute(sql`select column_name from information_schema.columns where table_name = 'secrets'`));
    expect(columns.map((c) => c.column_name)).not.toContain("value");
  });

  it("refuses to load into an inventory that has credentials", async () => {
    const before = await countOf(handle.db, "credentials");
    const error = await loadDemoData(handle.db, contextAs("admin"), now).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("INVALID_STATE");
    expect(await countOf(handle.db, "credentials")).toBe(before);
    const events = await handle.db.select({ seq: auditEvents.seq }).from(auditEvents).where(and(eq(auditEvents.action, "demo.loaded")));
    expect(events).toHaveLength(1);
  });
});
