import type { Role } from "@/lib/authz/permissions";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { credentialGrants, credentials, findings, leakIncidents, reviewTasks, rotationRequests, secrets } from "@/db/schema";
import { fieldErrorsOf } from "@/lib/server/http";
import { addSecret, updateCredential, updateSecret } from "@/lib/server/inventory/credentials";
import { dryRunResult, prepareImport } from "@/lib/server/inventory/import";
import { createCampaign } from "@/lib/server/lifecycle/campaigns";
import { decommissionCredential } from "@/lib/server/lifecycle/decommission";
import { secretInput } from "@/lib/validation/inventory";
import { campaignInput, decommissionInput } from "@/lib/validation/review";
import { auditEventsAfter, lastAuditSeq, rejectionOf } from "../support/audit";
import { drivers } from "../support/db";
import { DAY, expectAppError, inventoryCounts, unique, suiteDatabase } from "../support/inventory";

describe.each(drivers)("[DECOMMISSION] decommissioning credentials on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: true, adminIsUser: true });

  const person = (role: Role, teamIds: string[] = []) => fx.account(role, teamIds);

  const input = (body: Record<string, unknown>) => decommissionInput.parse({ reason: "no_longer_needed", disabledAtServerConfirmed: true, ...body });
  const credentialRow = async (id: string) => (await handle.db.select().from(credentials).where(eq(credentials.id, id)))[0];

  function fieldsOf(body: Record<string, unknown>): string[] {
    const result = decommissionInput.safeParse(body);
    if (result.success) return [];
    return Object.keys(fieldErrorsOf(result.error)).sort();
  }

  it("[DECOMMISSION] validation: a known reason, the confirmation (must be true) and a date not in the future, each named", () => {
    expect(fieldsOf({ reason: "bored", disabledAtServerConfirmed: true })).toEqual(["reason"]);
    expect(fieldsOf({ reason: "compromised" })).toEqual(["disabledAtServerConfirmed"]);
    expect(fieldsOf({ reason: "compromised", disabledAtServerConfirmed: false })).toEqual(["disabledAtServerConfirmed"]);
    expect(fieldsOf({ reason: "compromised", disabledAtServerConfirmed: true, decommissionedAt: new Date(Date.now() + 2 * DAY).toISOString() })).toEqual(["decommissionedAt"]);
    expect(fieldsOf({ reason: "compromised", disabledAtServerConfirmed: true, decommissionedAt: "yesterday" })).toEqual(["decommissionedAt"]);
    expect(fieldsOf({ reason: "owner_departed", disabledAtServerConfirmed: true, decommissionedAt: "2026-01-15" })).toEqual([]);
    for (const reason of ["no_longer_needed", "compromised", "owner_departed", "application_retired", "review_revoke"]) {
      expect(fieldsOf({ reason, disabledAtServerConfirmed: true })).toEqual([]);
    }
  });

  it("[DECOMMISSION] revokes every secret, cancels the open rotation request and review tasks, resolves findings, remediates incidents — one audited transaction", async () => {
    const owner = await person("member");
    const team = await fx.team();
    const c = await fx.credential({ ownerId: owner.person.id, owningTeamId: team.id, environment: "production" });
    const id = c.credential.id;
    const s1 = await fx.secret(id);
    const s2 = await fx.secret(id, { issuedAt: "2026-02-01T00:00:00Z" });
    const now = new Date();
    const [request] = await handle.db
      .insert(rotationRequests)
      .values({ credentialId: id, secretId: s1.id, reason: "scheduled", plannedAt: now, approvalsRequired: 1, securityApprovalRequired: false, expiresAt: new Date(now.getTime() + 14 * DAY) })
      .returning();
    const detectedAt = new Date(now.getTime() - DAY);
    const [incident] = await handle.db.insert(leakIncidents).values({ credentialId: id, secretId: s2.id, source: "public repository", detectedAt }).returning();
    await handle.db.update(secrets).set({ status: "leaked", leakedAt: detectedAt }).where(eq(secrets.id, s2.id));
    // Written behind the services' back, so the posture engine may already hold the same live findings.
    await handle.db
      .insert(findings)
      .values([
        { ruleId: "secret-leaked", credentialId: id, severity: "critical" },
        { ruleId: "rotation-overdue", credentialId: id, severity: "high" },
      ])
      .onConflictDoNothing();
    const campaign = await createCampaign(handle.db, fx.admin, campaignInput.parse({ name: unique("Camp"), filter: { teamId: team.id }, dueAt: new Date(now.getTime() + 7 * DAY).toISOString() }));

    const before = await lastAuditSeq(handle.db);
    const result = await decommissionCredential(handle.db, owner.ctx, id, input({ reason: "application_retired", decommissionedAt: "2026-01-15", note: "App shut down" }));

    expect(result).toMatchObject({ status: "decommissioned", secretsRevoked: 2, rotationRequestsCancelled: 1, reviewTasksCancelled: 1, incidentsRemediated: 1 });
    // The leaked_secret finding is resolved by the incident remediation itself; the rest by the decommission.
    expect(result.findingsResolved).toBeGreaterThanOrEqual(1);
    const row = await credentialRow(id);
    expect(row).toMatchObject({ status: "decommissioned", decommissionReason: "application_retired", disabledAtServerConfirmed: true, decommissionedById: owner.ctx.actor.userId });
    expect(row?.decommissionedAt?.toISOString()).toBe("2026-01-15T00:00:00.000Z");
    expect(row?.rotationDueAt).toBeNull();
    // Nothing is due on a record kept only as evidence: it leaves the review and reminder lists.
    expect(row?.reviewDueAt).toBeNull();
    expect((await handle.db.select({ status: secrets.status }).from(secrets).where(eq(secrets.credentialId, id))).map((s) => s.status)).toEqual(["revoked", "revoked"]);
    expect((await handle.db.select().from(rotationRequests).where(eq(rotationRequests.id, request?.id ?? "")))[0]).toMatchObject({ state: "cancelled", decidedById: owner.ctx.actor.userId });
    expect((await handle.db.select().from(reviewTasks).where(eq(reviewTasks.campaignId, campaign.id)))[0]).toMatchObject({ status: "cancelled" });
    const openFindings = (await handle.db.select().from(findings).where(eq(findings.credentialId, id))).filter((f) => f.status !== "resolved");
    expect(openFindings).toEqual([]);
    expect((await handle.db.select().from(leakIncidents).where(eq(leakIncidents.id, incident?.id ?? "")))[0]).toMatchObject({ status: "remediated" });

    const events = await auditEventsAfter(handle.db, before);
    const actions = events.map((e) => e.action);
    expect(actions.at(-1)).toBe("credential.decommissioned");
    expect(actions).toContain("rotation.cancelled");
    expect(actions).toContain("incident.remediated");
    expect(actions.filter((a) => a === "finding.resolved").length).toBeGreaterThanOrEqual(2);
    // One transaction, one request: every event carries the same request id, in one unbroken run of the chain.
    expect(new Set(events.map((e) => e.requestId)).size).toBe(1);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => before + 1 + i));
    expect(events.at(-1)?.payload).toMatchObject({ reason: "application_retired", disabledAtServerConfirmed: true, note: "App shut down", findingsResolved: result.findingsResolved });
  });

  it("[DECOMMISSION] afterwards every edit to the credential, its secrets and grants is refused with 409 and nothing is written", async () => {
    const api = await fx.api();
    const c = await fx.credential({ grants: [{ apiId: api.id, scopeIds: [api.scopes[0]?.id] }] });
    const id = c.credential.id;
    const s = await fx.secret(id);
    await decommissionCredential(handle.db, fx.admin, id, input({}));
    const rowBefore = await credentialRow(id);
    const attempts: (() => Promise<unknown>)[] = [
      () => updateCredential(handle.db, fx.admin, id, { name: unique("Renamed") }),
      () => updateCredential(handle.db, fx.admin, id, { status: "active" }),
      () => updateCredential(handle.db, fx.admin, id, { grants: [] }),
      () => updateCredential(handle.db, fx.admin, id, { grants: [{ apiId: api.id, scopeIds: api.scopes.map((x) => x.id) }] }),
      () => addSecret(handle.db, fx.admin, id, secretInput.parse({ kind: "client_secret", storage: "vault", issuedAt: "2026-03-01" })),
      () => updateSecret(handle.db, fx.admin, id, s.id, { storageRef: "vault://elsewhere" }),
      () => decommissionCredential(handle.db, fx.admin, id, input({ reason: "compromised" })),
    ];
    for (const attempt of attempts) {
      const counts = await inventoryCounts(handle.db);
      const error = await rejectionOf(attempt());
      expectAppError(error, "CONFLICT");
      expect((error as Error).message).toMatch(/decommissioned/);
      expect(await inventoryCounts(handle.db)).toEqual(counts);
    }
    expect(await credentialRow(id)).toEqual(rowBefore);
    expect(await handle.db.select({ apiId: credentialGrants.apiId }).from(credentialGrants).where(eq(credentialGrants.credentialId, id))).toEqual([{ apiId: api.id }]);
  });

  it("[DECOMMISSION] the inventory file can neither change nor reactivate a decommissioned credential", async () => {
    const c = await fx.credential();
    await decommissionCredential(handle.db, fx.admin, c.credential.id, input({}));
    for (const extra of [`"name": "Renamed"`, `"name": "Renamed", "status": "active"`]) {
      const text = `{"format": "steward-inventory/v1", "credentials": [ { "key": "${c.credential.key}", ${extra} } ]}`;
      const result = dryRunResult(await prepareImport(handle.db, text, "json"));
      expect(result.records).toMatchObject([{ key: c.credential.key, action: "invalid", issues: [expect.objectContaining({ field: "status" })] }]);
      expect(result.summary.credential).toMatchObject({ update: 0, invalid: 1 });
    }
  });

  it("[DECOMMISSION] who: anyone who may edit it (owning-team member), security, admin; not an unrelated member (403, nothing written)", async () => {
    const team = await fx.team();
    const teammate = await person("member", [team.id]);
    const stranger = await person("member");
    const security = await person("security");
    const [a, b, d] = [await fx.credential({ owningTeamId: team.id }), await fx.credential({ owningTeamId: team.id }), await fx.credential({ owningTeamId: team.id })];

    const before = await lastAuditSeq(handle.db);
    expectAppError(await rejectionOf(decommissionCredential(handle.db, stranger.ctx, a.credential.id, input({}))), "FORBIDDEN");
    expect(await auditEventsAfter(handle.db, before)).toEqual([]);
    expect((await credentialRow(a.credential.id))?.status).toBe("active");

    await decommissionCredential(handle.db, teammate.ctx, a.credential.id, input({}));
    await decommissionCredential(handle.db, security.ctx, b.credential.id, input({ reason: "compromised" }));
    await decommissionCredential(handle.db, fx.admin, d.credential.id, input({ reason: "owner_departed" }));
    for (const x of [a, b, d]) expect((await credentialRow(x.credential.id))?.status).toBe("decommissioned");
  });

  it("[DECOMMISSION] an unknown credential is NOT_FOUND", async () => {
    expectAppError(await rejectionOf(decommissionCredential(handle.db, fx.admin, crypto.randomUUID(), input({}))), "NOT_FOUND");
  });
});
