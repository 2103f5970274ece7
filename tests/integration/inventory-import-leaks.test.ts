import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { credentials, findings, leakIncidents, rotationRequests, secrets } from "@/db/schema";
import { countSnapshotRows } from "@/db/queries/dashboard";
import { applyImport, prepareImport } from "@/lib/server/inventory/import";
import type { RequestContext } from "@/lib/server/context";
import { contextAs } from "../support/context";
import { drivers } from "../support/db";
import { inventoryFixtures, unique, suiteDatabase } from "../support/inventory";

/**
 * Issue 12 item 7: a secret imported with status `leaked` is a leak report like the UI's
 * (DESIGN §4.4) — an open incident and an emergency rotation — so the dashboard's open leaks
 * (counted from incidents) agree with the `secret-leaked` findings.
 */
describe.each(drivers)("[IMPORT-LEAK] imported leaked secrets on %s", (driver) => {
  const { handle } = suiteDatabase(driver, { auditChain: true });
  let admin: RequestContext;
  beforeAll(async () => {
    // The reporter of an imported leak is the importing user, who must exist.
    admin = await inventoryFixtures(handle.db).asUser(contextAs("admin"));
  });

  async function importJson(file: Record<string, unknown>) {
    return applyImport(handle.db, admin, await prepareImport(handle.db, JSON.stringify({ format: "steward-inventory/v1", ...file }), "json"), { mode: "apply" });
  }

  async function leakState(key: string) {
    const [credential] = await handle.db.select({ id: credentials.id, teamId: credentials.owningTeamId }).from(credentials).where(eq(credentials.key, key));
    const id = credential?.id ?? "";
    const incidents = await handle.db.select().from(leakIncidents).where(eq(leakIncidents.credentialId, id));
    const requests = await handle.db.select({ reason: rotationRequests.reason, state: rotationRequests.state, secretId: rotationRequests.secretId }).from(rotationRequests).where(eq(rotationRequests.credentialId, id));
    const open = await handle.db.select({ id: findings.id }).from(findings).where(and(eq(findings.credentialId, id), eq(findings.ruleId, "secret-leaked"), eq(findings.status, "open")));
    const dashboard = (await countSnapshotRows(handle.db, new Date())).filter((r) => r.teamId === credential?.teamId);
    return { incidents, requests, openFindings: open.length, dashboard };
  }

  const secret = { kind: "client_secret", issuedAt: "2026-02-01T00:00:00.000Z", storage: "vault", expiresAt: "2027-02-01T00:00:00.000Z" };
  const leaked = { ...secret, status: "leaked", leakedAt: "2026-03-01T00:00:00.000Z", leakSource: "public paste site" };

  async function credentialFile(secretRecord: Record<string, unknown>) {
    const team = unique("leakteam");
    const key = unique("leakcred");
    await importJson({ teams: [{ key: team, name: team, kind: "application" }] });
    const file = { credentials: [{ key, name: key, environment: "production", owningTeam: team, secrets: [secretRecord] }] };
    return { key, team, file };
  }

  it("[IMPORT-LEAK] a new credential imported with a leaked secret opens its incident and emergency rotation; importing it again opens nothing more", async () => {
    const { key, file } = await credentialFile(leaked);
    await importJson(file);
    const state = await leakState(key);
    const [stored] = await handle.db.select({ id: secrets.id }).from(secrets).innerJoin(credentials, eq(credentials.id, secrets.credentialId)).where(eq(credentials.key, key));
    expect(state.incidents).toHaveLength(1);
    expect(state.incidents[0]).toMatchObject({ status: "open", secretId: stored?.id, source: "public paste site" });
    expect(state.incidents[0]?.detectedAt.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(state.requests.map((r) => [r.reason, r.secretId])).toEqual([["compromise", stored?.id]]);
    expect(state.incidents[0]?.rotationRequestId).not.toBeNull();
    expect(state.openFindings).toBe(1);
    // The dashboard's open leaks agree with the findings.
    expect(state.dashboard.reduce((n, r) => n + r.leaksOpen, 0)).toBe(1);

    await importJson(file);
    expect((await leakState(key)).incidents).toHaveLength(1);
  });

  it("[IMPORT-LEAK] an existing secret marked leaked by a later import opens its incident too", async () => {
    const { key, file } = await credentialFile(secret);
    await importJson(file);
    expect((await leakState(key)).incidents).toHaveLength(0);
    await importJson({ credentials: [{ key, secrets: [leaked] }] });
    const state = await leakState(key);
    expect(state.incidents).toHaveLength(1);
    expect(state.requests.map((r) => r.reason)).toEqual(["compromise"]);
    expect(state.dashboard.reduce((n, r) => n + r.leaksOpen, 0)).toBe(state.openFindings);
  });
});
