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
  });
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
    // Everything in service has a review due date; decommissioned records (evidence only) have nothing due.
    const withoutReviewDue = await handle.db
      .select({ id: credentials.id })
      .from(credentials)
      .where(sql`${credentials.reviewDueAt} is null and ${credentials.status} <> 'decommissioned'`);
    expect(withoutReviewDue).toHaveLength(0);
    const decommissionedDue = await handle.db
      .select({ id: credentials.id })
      .from(credentials)
      .where(sql`${credentials.status} = 'decommissioned' and (${credentials.reviewDueAt} is not null or ${credentials.rotationDueAt} is not null)`);
    expect(decommissionedDue).toHaveLength(0);
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

  it("stages lifecycle state: an open incident, emergency request and critical finding per leaked secret; orphaned findings for leavers", async () => {
    const count = async (query: ReturnType<typeof sql>) => Number(rowsOf<{ n: string | number }>(await handle.db.execute(query))[0]?.n);
    const leakedActive = await count(
      sql`select count(distinct s.credential_id) as n from secrets s join credentials c on c.id = s.credential_id where s.status = 'leaked' and c.status = 'active'`,
    );
    expect(leakedActive).toBeGreaterThan(0);
    expect(await count(sql`select count(*) as n from leak_incidents where status = 'open'`)).toBe(leakedActive);
    expect(
      await count(
        sql`select count(*) as n from leak_incidents i join rotation_requests r on r.id = i.rotation_request_id where i.status = 'open' and r.reason = 'compromise' and r.state = 'requested'`,
      ),
    ).toBe(leakedActive);
    expect(await count(sql`select count(*) as n from findings where rule_id = 'secret-leaked' and status = 'open' and severity = 'critical'`)).toBe(leakedActive);
    // Past leaks are remediated incidents with a time to remediate.
    const past = await count(sql`select count(*) as n from secrets where leaked_at is not null and remediated_at is not null`);
    expect(await count(sql`select count(*) as n from leak_incidents where status = 'remediated' and remediation_seconds >= 0`)).toBe(past);
    // Every active credential held by someone who left, or owned by nobody, is flagged owner-missing, and nothing else is.
    const held = await count(
      sql`select count(*) as n from credentials c where c.status <> 'decommissioned' and (c.owner_id is null or exists (select 1 from people p where not p.is_active and p.id in (c.owner_id, c.backup_owner_id, c.sdk_owner_id)))`,
    );
    expect(held).toBeGreaterThan(0);
    expect(await count(sql`select count(*) as n from findings where rule_id = 'owner-missing' and status = 'open'`)).toBe(held);
    expect(await count(sql`select count(*) as n from credentials where status = 'decommissioned' and (decommissioned_at is null or decommission_reason is null)`)).toBe(0);
    expect(await count(sql`select count(*) as n from rotation_requests where reason = 'scheduled' and state = 'requested'`)).toBeGreaterThan(0);
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
