import fs from "node:fs";
import path from "node:path";
import { and, asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, credentialGrants, credentials, findings, grantDecisions, notificationDeliveries, notifications, teams } from "@/db/schema";
import { applyImport, dryRunResult, prepareImport } from "@/lib/server/inventory/import";
import { credentialsOfApi } from "@/db/queries/registry-ui";
import { approveGrant, expireLapsedGrants, rejectGrant, requestGrant, revokeGrant, reviewGrant } from "@/lib/server/commands/access-decisions";
import { updateCredential } from "@/lib/server/inventory/credentials";
import { audited } from "@/lib/server/audited";
import { auditContext } from "@/lib/server/context";
import { refreshCredentials } from "@/lib/server/posture/refresh";
import { grantDecisionInput, grantRequestInput, grantReviewInput } from "@/lib/validation/access";
import { updateCredentialInput } from "@/lib/validation/inventory";
import { drivers, rowsOf } from "../support/db";
import { DAY, expectAppError, suiteDatabase } from "../support/inventory";

describe.each(drivers)("[ACCESS] access decisions per API on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: true });

  const grantOf = async (credentialId: string) => (await handle.db.select().from(credentialGrants).where(eq(credentialGrants.credentialId, credentialId)))[0];
  const openRules = async (credentialId: string) =>
    (await handle.db.select({ ruleId: findings.ruleId }).from(findings).where(and(eq(findings.credentialId, credentialId), eq(findings.status, "open")))).map((f) => f.ruleId).sort();
  const historyOf = async (credentialId: string) =>
    (await handle.db.select().from(grantDecisions).where(eq(grantDecisions.credentialId, credentialId)).orderBy(asc(grantDecisions.at))).map((h) => h.action);
  const decision = (justification?: string) => grantDecisionInput.parse(justification ? { justification } : {});

  /**
   * Team A's member builds a credential that asks for an admin scope of team B's critical API
   * (scope-admin depends on grants: it fires only once the grant counts).
   */
  async function cast() {
    const teamA = await fx.team();
    const teamB = await fx.team();
    const teamC = await fx.team();
    const requester = await fx.account("member", [teamA.id]);
    const apiOwner = await fx.account("member", [teamB.id]);
    const outsider = await fx.account("member", [teamC.id]);
    const security = await fx.account("security");
    const api = await fx.api({ owningTeamId: teamB.id, sensitivity: "critical", scopes: [{ name: "admin", privilege: "admin" }, { name: "read", privilege: "read" }] });
    const scopeId = (name: string) => api.scopes.find((s) => s.name === name)?.id ?? "";
    const c = await fx.credential({ owningTeamId: teamA.id, ownerId: requester.personId, grants: [{ apiId: api.id, scopeIds: [scopeId("admin"), scopeId("read")] }] }, requester.ctx);
    const grant = await grantOf(c.credential.id);
    if (!grant) throw new Error("no grant");
    return { teamA, teamB, requester, apiOwner, outsider, security, api, scopeId, credentialId: c.credential.id, grantId: grant.id };
  }

  it("[ACCESS] a grant to another team's API is a pending request: not granted in posture, the API's team is notified", async () => {
    const { credentialId, grantId, requester, apiOwner, teamB } = await cast();
    const grant = await grantOf(credentialId);
    expect(grant).toMatchObject({ status: "requested", requestedById: requester.userId, decidedById: null, reviewDueAt: null });
    expect(await openRules(credentialId)).not.toContain("scope-admin");
    expect(await historyOf(credentialId)).toEqual(["requested"]);
    // One write, one event: the credential's own event carries the decision.
    const [event] = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.action, "credential.created"), eq(auditEvents.targetId, credentialId)));
    expect(event?.payload).toMatchObject({ grantDecisions: [{ grantId, decision: "requested", scopes: ["admin", "read"] }] });
    const sent = await handle.db
      .select({ teamId: notifications.teamId, email: notificationDeliveries.email })
      .from(notifications)
      .innerJoin(notificationDeliveries, eq(notificationDeliveries.notificationId, notifications.id))
      .where(sql`${notifications.payload} ->> 'grantId' = ${grantId}`);
    expect(sent.map((s) => s.teamId)).toContain(teamB.id);
    expect(sent.map((s) => s.email)).toContain(apiOwner.person.email);
  });

  it("[ACCESS] the requester cannot approve their own request, even as a member of the API's team", async () => {
    const { credentialId, grantId, teamB, requester } = await cast();
    await handle.db.execute(sql`insert into team_members (team_id, person_id) values (${teamB.id}, ${requester.personId})`);
    const error = await approveGrant(handle.db, requester.ctx, credentialId, grantId, decision()).catch((e: unknown) => e);
    expectAppError(error, "FORBIDDEN");
    expect((await grantOf(credentialId))?.status).toBe("requested");
  });

  it("[ACCESS] a member of another team cannot approve or reject", async () => {
    const { credentialId, grantId, outsider } = await cast();
    expectAppError(await approveGrant(handle.db, outsider.ctx, credentialId, grantId, decision()).catch((e: unknown) => e), "FORBIDDEN");
    expectAppError(await rejectGrant(handle.db, outsider.ctx, credentialId, grantId, decision("no")).catch((e: unknown) => e), "FORBIDDEN");
    expect((await grantOf(credentialId))?.status).toBe("requested");
  });

  it("[ACCESS] a member of the API's owning team approves: the grant counts, with its approver and a re-review date from the sensitivity", async () => {
    const { credentialId, grantId, apiOwner } = await cast();
    const now = new Date();
    await approveGrant(handle.db, apiOwner.ctx, credentialId, grantId, decision("needed for settlement"), now);
    const grant = await grantOf(credentialId);
    expect(grant).toMatchObject({ status: "approved", decidedById: apiOwner.userId });
    expect(grant?.reviewDueAt?.getTime()).toBe(now.getTime() + 90 * DAY);
    expect(await openRules(credentialId)).toContain("scope-admin");
    expect(await openRules(credentialId)).not.toContain("grant-approval-unknown");
    expect(await historyOf(credentialId)).toEqual(["requested", "approved"]);
    // A decision is made once.
    expectAppError(await approveGrant(handle.db, apiOwner.ctx, credentialId, grantId, decision()).catch((e: unknown) => e), "INVALID_STATE");
  });

  it("[ACCESS] the API's page lists a pending request as pending, an approved grant as access, and a rejected one not at all", async () => {
    const { credentialId, grantId, apiOwner, api } = await cast();
    const listed = async () => (await credentialsOfApi(handle.db, api.id)).items.map((c) => [c.id, c.grantStatus]);
    expect(await listed()).toEqual([[credentialId, "requested"]]);
    await approveGrant(handle.db, apiOwner.ctx, credentialId, grantId, decision());
    expect(await listed()).toEqual([[credentialId, "approved"]]);
    const other = await cast();
    await rejectGrant(handle.db, other.apiOwner.ctx, other.credentialId, other.grantId, decision("not needed"));
    expect((await credentialsOfApi(handle.db, other.api.id)).total).toBe(0);
  });

  it("[ACCESS] security can approve another team's request", async () => {
    const { credentialId, grantId, security } = await cast();
    await approveGrant(handle.db, security.ctx, credentialId, grantId, decision());
    expect((await grantOf(credentialId))?.decidedById).toBe(security.userId);
    expect(await openRules(credentialId)).toContain("scope-admin");
  });

  it("[ACCESS] rejected and revoked grants are not access", async () => {
    const rejected = await cast();
    await rejectGrant(handle.db, rejected.apiOwner.ctx, rejected.credentialId, rejected.grantId, decision("use the read scope"));
    expect((await grantOf(rejected.credentialId))?.status).toBe("rejected");
    expect(await openRules(rejected.credentialId)).not.toContain("scope-admin");

    const revoked = await cast();
    await approveGrant(handle.db, revoked.apiOwner.ctx, revoked.credentialId, revoked.grantId, decision());
    expect(await openRules(revoked.credentialId)).toContain("scope-admin");
    // The credential's own side may give access up.
    await revokeGrant(handle.db, revoked.requester.ctx, revoked.credentialId, revoked.grantId, decision("no longer needed"));
    expect((await grantOf(revoked.credentialId))?.status).toBe("revoked");
    expect(await openRules(revoked.credentialId)).not.toContain("scope-admin");
    expect(await historyOf(revoked.credentialId)).toEqual(["requested", "approved", "revoked"]);
    // An outsider may not.
    const other = await cast();
    expectAppError(await revokeGrant(handle.db, other.outsider.ctx, other.credentialId, other.grantId, decision()).catch((e: unknown) => e), "FORBIDDEN");
  });

  it("[ACCESS] an approved grant expires when its re-review date passes (scheduler)", async () => {
    const { credentialId, grantId, apiOwner } = await cast();
    const approvedAt = new Date();
    await approveGrant(handle.db, apiOwner.ctx, credentialId, grantId, decision(), approvedAt);
    // Other tests' grants share the database: look at this one.
    await expireLapsedGrants(handle.db, new Date(approvedAt.getTime() + 90 * DAY));
    expect((await grantOf(credentialId))?.status).toBe("approved");
    const later = new Date(approvedAt.getTime() + 90 * DAY + 1000);
    const result = await expireLapsedGrants(handle.db, later);
    expect(result.expired).toBeGreaterThanOrEqual(1);
    expect((await grantOf(credentialId))?.status).toBe("expired");
    expect(await openRules(credentialId)).not.toContain("scope-admin");
    expect(await historyOf(credentialId)).toEqual(["requested", "approved", "expired"]);
  });

  it("[ACCESS] a same-team grant is approved at creation, with the acting member as approver", async () => {
    const team = await fx.team();
    const member = await fx.account("member", [team.id]);
    const api = await fx.api({ owningTeamId: team.id, sensitivity: "high" });
    const c = await fx.credential({ owningTeamId: team.id, grants: [{ apiId: api.id, scopeIds: [api.scopes[0]?.id ?? ""] }] }, member.ctx);
    const grant = await grantOf(c.credential.id);
    expect(grant).toMatchObject({ status: "approved", requestedById: member.userId, decidedById: member.userId });
    expect((grant?.reviewDueAt?.getTime() ?? 0) - (grant?.decidedAt?.getTime() ?? 0)).toBe(180 * DAY);
    expect(await historyOf(c.credential.id)).toEqual(["approved"]);
  });

  it("[ACCESS] widening another team's approved grant through the edit is a new request; narrowing is recorded", async () => {
    const { credentialId, grantId, apiOwner, requester, api, scopeId } = await cast();
    await approveGrant(handle.db, apiOwner.ctx, credentialId, grantId, decision());
    await updateCredential(handle.db, requester.ctx, credentialId, updateCredentialInput.parse({ grants: [{ apiId: api.id, scopeIds: [scopeId("read")] }] }));
    expect((await grantOf(credentialId))?.status).toBe("approved");
    await updateCredential(handle.db, requester.ctx, credentialId, updateCredentialInput.parse({ grants: [{ apiId: api.id, scopeIds: [scopeId("read"), scopeId("admin")] }] }));
    expect((await grantOf(credentialId))?.status).toBe("requested");
    expect(await historyOf(credentialId)).toEqual(["requested", "approved", "reduced", "requested"]);
    expect(await openRules(credentialId)).not.toContain("scope-admin");
  });

  it("[ACCESS] the request endpoint asks again for a rejected grant", async () => {
    const { credentialId, grantId, apiOwner, requester, api, scopeId } = await cast();
    await rejectGrant(handle.db, apiOwner.ctx, credentialId, grantId, decision("too broad"));
    const again = await requestGrant(handle.db, requester.ctx, credentialId, grantRequestInput.parse({ apiId: api.id, scopeIds: [scopeId("read")], justification: "read only" }));
    expect(again.status).toBe("requested");
    expect(await historyOf(credentialId)).toEqual(["requested", "rejected", "requested"]);
    expectAppError(await requestGrant(handle.db, requester.ctx, credentialId, grantRequestInput.parse({ apiId: api.id, scopeIds: [scopeId("read")] })).catch((e: unknown) => e), "CONFLICT");
    // Widening a pending request with a new reason: the new "Requested" row carries that reason.
    await requestGrant(handle.db, requester.ctx, credentialId, grantRequestInput.parse({ apiId: api.id, scopeIds: [scopeId("admin")], justification: "rotation job needs admin" }));
    const requested = (await handle.db.select().from(grantDecisions).where(eq(grantDecisions.credentialId, credentialId)).orderBy(asc(grantDecisions.at))).filter((h) => h.action === "requested");
    expect(requested.map((h) => h.justification)).toEqual([null, "read only", "rotation job needs admin"]);
    expectAppError(await requestGrant(handle.db, requester.ctx, credentialId, grantRequestInput.parse({ apiId: api.id, scopeIds: ["00000000-0000-4000-8000-000000000000"] })).catch((e: unknown) => e), "INVALID_INPUT", ["scopeIds"]);
  });

  it("[ACCESS] reviews: keep re-approves until the next date, reduce keeps a subset; only the API's side reviews", async () => {
    const { credentialId, grantId, apiOwner, requester, scopeId } = await cast();
    await approveGrant(handle.db, apiOwner.ctx, credentialId, grantId, decision());
    expectAppError(await reviewGrant(handle.db, requester.ctx, credentialId, grantId, grantReviewInput.parse({ decision: "keep", justification: "mine" })).catch((e: unknown) => e), "FORBIDDEN");
    const at = new Date(Date.now() + 80 * DAY);
    await reviewGrant(handle.db, apiOwner.ctx, credentialId, grantId, grantReviewInput.parse({ decision: "keep", justification: "still needed" }), at);
    expect((await grantOf(credentialId))?.reviewDueAt?.getTime()).toBe(at.getTime() + 90 * DAY);
    expectAppError(
      await reviewGrant(handle.db, apiOwner.ctx, credentialId, grantId, grantReviewInput.parse({ decision: "reduce", scopeIds: [scopeId("read"), scopeId("admin")], justification: "x" })).catch((e: unknown) => e),
      "INVALID_INPUT",
      ["scopeIds"],
    );
    await reviewGrant(handle.db, apiOwner.ctx, credentialId, grantId, grantReviewInput.parse({ decision: "reduce", scopeIds: [scopeId("read")], justification: "admin unused" }), new Date(at.getTime() + 1000));
    expect(await openRules(credentialId)).not.toContain("scope-admin");
    expect(await historyOf(credentialId)).toEqual(["requested", "approved", "kept", "reduced"]);
  });

  it("[ACCESS] grants from before decisions migrate as approved by an unknown approver, with a finding a review settles", async () => {
    const team = await fx.team();
    const apiOwner = await fx.account("member", [team.id]);
    const api = await fx.api({ owningTeamId: team.id });
    const c = await fx.credential({});
    // A grant row as it stood before migration 0015's data step (no decision recorded).
    const [row] = await handle.db.insert(credentialGrants).values({ credentialId: c.credential.id, apiId: api.id, status: "approved", createdAt: new Date("2025-01-01T00:00:00Z") }).returning({ id: credentialGrants.id });
    const migration = fs.readFileSync(path.join(process.cwd(), "drizzle/0018_access_decisions.sql"), "utf8");
    const dataSteps = migration.split("--> statement-breakpoint").map((s) => s.trim()).filter((s) => /^(UPDATE|INSERT)/.test(s));
    expect(dataSteps).toHaveLength(2);
    // Only this grant: the steps are scoped to it so earlier tests' rows are not touched twice.
    for (const step of dataSteps) await handle.db.execute(sql.raw(step.replace(/FROM "credential_grants" g;?$/, `FROM "credential_grants" g WHERE g."id" = '${row?.id ?? ""}'`).replace(/SET "decided_at" = "created_at";?$/, `SET "decided_at" = "created_at" WHERE "id" = '${row?.id ?? ""}'`)));
    const grant = await grantOf(c.credential.id);
    expect(grant).toMatchObject({ status: "approved", decidedById: null });
    expect(grant?.decidedAt?.toISOString()).toBe("2025-01-01T00:00:00.000Z");
    expect(await historyOf(c.credential.id)).toEqual(["approved"]);
    await audited(handle.db, auditContext(fx.admin), (tx, audit) => refreshCredentials(tx, audit, [c.credential.id]));
    expect(await openRules(c.credential.id)).toContain("grant-approval-unknown");
    await reviewGrant(handle.db, apiOwner.ctx, c.credential.id, row?.id ?? "", grantReviewInput.parse({ decision: "keep", justification: "confirmed with the team" }));
    expect(await openRules(c.credential.id)).not.toContain("grant-approval-unknown");
    expect((await grantOf(c.credential.id))?.decidedById).toBe(apiOwner.userId);
  });

  it("[ACCESS] the import requests another team's API (the importer the requester) and says so in the dry run", async () => {
    const security = await fx.account("security");
    const teamA = await fx.team();
    const teamB = await fx.team();
    const [keyA, keyB] = await Promise.all([teamA, teamB].map(async (t) => (await handle.db.select({ key: teams.key }).from(teams).where(eq(teams.id, t.id)))[0]?.key ?? ""));
    const suffix = Math.random().toString(36).slice(2, 8);
    const text = JSON.stringify(
      {
        format: "steward-inventory/v1",
        apis: [
          { key: `imp-theirs-${suffix}`, name: `Theirs ${suffix}`, audience: `https://theirs-${suffix}.example.com`, trustZone: "internal", sensitivity: "high", owningTeam: keyB, scopes: [] },
          { key: `imp-ours-${suffix}`, name: `Ours ${suffix}`, audience: `https://ours-${suffix}.example.com`, trustZone: "internal", sensitivity: "low", owningTeam: keyA, scopes: [] },
        ],
        credentials: [{ key: `imp-client-${suffix}`, name: `Imported ${suffix}`, environment: "production", owningTeam: keyA, grants: [{ api: `imp-theirs-${suffix}`, scopes: [] }, { api: `imp-ours-${suffix}`, scopes: [] }] }],
      },
      null,
      2,
    );
    const prepared = await prepareImport(handle.db, text, "json", { role: "security" });
    const dry = dryRunResult(prepared);
    expect([...dry.fileErrors, ...dry.records.flatMap((r) => r.issues)]).toEqual([]);
    expect(dry.grantRequests).toHaveLength(1);
    expect(dry.grantRequests[0]?.message).toMatch(new RegExp(`imp-theirs-${suffix}.*owned by team "${keyB}"`));
    await applyImport(handle.db, security.ctx, prepared, { mode: "apply" });
    const [credential] = await handle.db.select({ id: credentials.id }).from(credentials).where(eq(credentials.key, `imp-client-${suffix}`));
    const rows = await handle.db.select({ status: credentialGrants.status, requestedById: credentialGrants.requestedById, apiId: credentialGrants.apiId }).from(credentialGrants).where(eq(credentialGrants.credentialId, credential?.id ?? ""));
    expect(rows.map((r) => r.status).sort()).toEqual(["approved", "requested"]);
    expect(rows.every((r) => r.requestedById === security.userId)).toBe(true);
  });

  it("[ACCESS] every transition wrote its audit event", async () => {
    const rows = rowsOf<{ action: string }>(await handle.db.execute(sql`select distinct action from audit_events where action like 'grant.%'`));
    expect(rows.map((r) => r.action).sort()).toEqual(expect.arrayContaining(["grant.approved", "grant.expired", "grant.rejected", "grant.requested", "grant.reviewed", "grant.revoked"]));
  });
});
