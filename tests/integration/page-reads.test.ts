import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, findings } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { readCredentialEditForm, readNewCredentialForm } from "@/lib/server/inventory/form-reads";
import { readCampaignScopeChoices, readRotationRequest } from "@/lib/server/lifecycle/reads";
import { requestRotation } from "@/lib/server/lifecycle/rotations";
import { createRotationRequestInput } from "@/lib/validation/rotation";
import { readExceptionForm, readFinding } from "@/lib/server/governance/reads";
import { readHoldingsToReassign, readPerson, readUser, readUsers } from "@/lib/server/org-reads";
import { readCredentialHistory, readCredentialPage } from "@/lib/server/inventory/credential-page";
import { readApi, readApplication, readRecordForm } from "@/lib/server/inventory/registry-reads";
import { drivers } from "../support/db";
import { suiteDatabase } from "../support/inventory";

// The read functions pages get their data through (the data access layer): each checks the
// viewer's role, and where the page shows one record, the viewer's rights on that record.
const current = vi.hoisted(() => ({ db: undefined as Db | undefined }));
vi.mock("@/db", () => ({ getDb: () => Promise.resolve(current.db) }));

const refusal = (read: Promise<unknown>) =>
  read.then(
    () => "allowed",
    (error: unknown) => (error instanceof AppError ? error.code : error),
  );

describe.each(drivers)("[DAL] page read functions on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: false, appDb: current, adminIsUser: true });

  it("[DAL] the credential edit form: an owner gets it, a member of another team is refused (audited), an auditor is refused, an unknown id is null", async () => {
    const owner = await fx.account("member");
    const stranger = await fx.account("member", [(await fx.team()).id]);
    const auditor = await fx.account("auditor");
    const c = await fx.credential({ ownerId: owner.personId });
    const id = c.credential.id;

    const form = await readCredentialEditForm(owner.ctx, id);
    expect(form?.values.id).toBe(id);
    expect(form?.options.people.length).toBeGreaterThan(0);

    expect(await refusal(readCredentialEditForm(stranger.ctx, id))).toBe("FORBIDDEN");
    const denials = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "authz.denied"), eq(auditEvents.targetId, id), eq(auditEvents.actorId, stranger.userId)));
    expect(denials).toHaveLength(1);

    expect(await refusal(readCredentialEditForm(auditor.ctx, id))).toBe("FORBIDDEN");
    expect(await readCredentialEditForm(owner.ctx, "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await refusal(readNewCredentialForm(auditor.ctx))).toBe("FORBIDDEN");
    expect((await readNewCredentialForm(stranger.ctx)).isMember).toBe(true);
  });

  it("[DAL] an API or application page offers its form only to a viewer who may edit that record", async () => {
    const team = await fx.team();
    const insider = await fx.account("member", [team.id]);
    const outsider = await fx.account("member", [(await fx.team()).id]);
    const auditor = await fx.account("auditor");
    const api = await fx.api({ owningTeamId: team.id });
    const app = await fx.application({ owningTeamId: team.id });

    expect((await readApi(insider.ctx, api.id))?.form?.myTeamIds).toEqual([team.id]);
    expect((await readApi(outsider.ctx, api.id))?.form).toBeNull();
    expect((await readApi(auditor.ctx, api.id))?.record.id).toBe(api.id);
    expect((await readApplication(insider.ctx, app.id))?.editable).toBe(true);
    expect((await readApplication(outsider.ctx, app.id))?.editable).toBe(false);
    expect(await readApi(insider.ctx, "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await refusal(readRecordForm(auditor.ctx, "api:write"))).toBe("FORBIDDEN");
  });

  it("[DAL] people and users: anyone reads a person, only ownership managers the reassignment page, only admins a user", async () => {
    const member = await fx.account("member");
    const security = await fx.account("security");
    const person = await fx.person();
    expect((await readPerson(member.ctx.actor, person.id))?.person.id).toBe(person.id);
    expect(await refusal(readHoldingsToReassign(member.ctx.actor, person.id))).toBe("FORBIDDEN");
    expect((await readHoldingsToReassign(security.ctx.actor, person.id))?.holdings.total).toBe(0);
    expect(await refusal(readUser(security.ctx.actor, member.userId))).toBe("FORBIDDEN");
    expect(await refusal(readUsers(member.ctx.actor, { limit: 10 }))).toBe("FORBIDDEN");
    const admin = await fx.account("admin");
    const user = await readUser(admin.ctx.actor, member.userId);
    expect(user?.email).toBe(member.ctx.actor.email);
    expect(user).not.toHaveProperty("passwordHash");
  });

  it("[DAL] a rotation request page answers the actions of this viewer; campaign scope choices are for campaign managers", async () => {
    const owner = await fx.account("member");
    const stranger = await fx.account("member");
    const security = await fx.account("security");
    const c = await fx.credential({ ownerId: owner.personId });
    const request = await requestRotation(handle.db, owner.ctx, c.credential.id, createRotationRequestInput.parse({ reason: "scheduled", plannedAt: new Date(Date.now() + 86_400_000).toISOString() }));
    expect((await readRotationRequest(security.ctx, request.id))?.actions.approve).toBe(true);
    expect((await readRotationRequest(stranger.ctx, request.id))?.actions.approve).toBe(false);
    expect((await readRotationRequest(owner.ctx, request.id))?.actions.cancel).toBe(true);
    expect((await readRotationRequest(stranger.ctx, request.id))?.actions.cancel).toBe(false);
    expect(await readRotationRequest(owner.ctx, "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await refusal(readCampaignScopeChoices(owner.ctx.actor, 10))).toBe("FORBIDDEN");
    expect(Object.keys((await readCampaignScopeChoices(security.ctx.actor, 10)).people[0] ?? {})).toEqual(["id", "name"]);
  });

  it("[DAL] the new-exception form is for exception managers only; a finding page shows the finding to any reader", async () => {
    const member = await fx.account("member");
    const security = await fx.account("security");
    const c = await fx.credential({});
    const [finding] = await handle.db.select({ id: findings.id }).from(findings).where(eq(findings.credentialId, c.credential.id));
    if (!finding) throw new Error("a credential without owner has findings");
    expect(await refusal(readExceptionForm(member.ctx.actor, finding.id))).toBe("FORBIDDEN");
    expect((await readExceptionForm(security.ctx.actor, finding.id)).finding?.credentialId).toBe(c.credential.id);
    expect((await readExceptionForm(security.ctx.actor, null)).finding).toBeNull();
    expect((await readFinding(member.ctx.actor, finding.id))?.id).toBe(finding.id);
  });

  it("[DAL] the credential page: edit rights per viewer, history only for audit readers", async () => {
    const owner = await fx.account("member");
    const stranger = await fx.account("member");
    const auditor = await fx.account("auditor");
    const id = (await fx.credential({ ownerId: owner.personId })).credential.id;
    expect((await readCredentialPage(owner.ctx, id))?.mayEdit).toBe(true);
    expect((await readCredentialPage(stranger.ctx, id))?.mayEdit).toBe(false);
    expect((await readCredentialPage(auditor.ctx, id))?.mayEdit).toBe(false);
    expect(await readCredentialPage(owner.ctx, "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await readCredentialHistory(owner.ctx.actor, id, 10, undefined)).toBeNull();
    expect((await readCredentialHistory(auditor.ctx.actor, id, 10, undefined))?.items.length).toBeGreaterThan(0);
  });
});
