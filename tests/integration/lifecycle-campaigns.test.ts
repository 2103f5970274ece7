import type { Role } from "@/lib/authz/permissions";
import { and, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getCampaign, listCampaigns, listCampaignTasks, previewCampaign } from "@/db/queries/campaigns";
import { listCredentials } from "@/db/queries/credentials";
import { notifications, reviewCampaigns, reviewTasks } from "@/db/schema";
import { fieldErrorsOf } from "@/lib/server/http";
import type { RequestContext } from "@/lib/server/context";
import { updateCredential } from "@/lib/server/inventory/credentials";
import { updatePerson } from "@/lib/server/org";
import { campaignCsvStream, closeCampaign, createCampaign } from "@/lib/server/lifecycle/campaigns";
import { decommissionCredential } from "@/lib/server/lifecycle/decommission";
import { recordReview } from "@/lib/server/lifecycle/reviews";
import { credentialFilters } from "@/lib/validation/inventory";
import { campaignFilter, campaignInput, decommissionInput, reviewInput } from "@/lib/validation/review";
import { auditEventsAfter, lastAuditSeq, rejectionOf } from "../support/audit";
import { drivers } from "../support/db";
import { DAY, expectAppError, unique, suiteDatabase } from "../support/inventory";

describe.each(drivers)("[CAMPAIGNS] review campaigns on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: true, adminIsUser: true });

  const asUser = (ctx: RequestContext) => fx.asUser(ctx);
  const person = (role: Role, teamIds: string[] = []) => fx.account(role, teamIds);

  const dueIn = (days: number) => new Date(Date.now() + days * DAY).toISOString();
  const campaign = (name: string, filter: Record<string, unknown>, days = 14) => campaignInput.parse({ name, filter, dueAt: dueIn(days) });

  /** A team with a mix of credentials: the filter {team, production} matches exactly the active production ones. */
  async function world() {
    const p1 = await person("member");
    const p2 = await person("member");
    const team = await fx.team();
    const other = await fx.team();
    const prod = (over: Record<string, unknown> = {}) => fx.credential({ owningTeamId: team.id, environment: "production", ...over });
    const matching = [await prod({ ownerId: p1.person.id }), await prod({ ownerId: p1.person.id }), await prod({ ownerId: p2.person.id }), await prod()];
    const staging = await fx.credential({ owningTeamId: team.id, environment: "staging", ownerId: p1.person.id });
    const elsewhere = await fx.credential({ owningTeamId: other.id, environment: "production", ownerId: p1.person.id });
    const suspended = await prod({ ownerId: p2.person.id });
    await updateCredential(handle.db, fx.admin, suspended.credential.id, { status: "suspended" });
    const gone = await prod({ ownerId: p2.person.id });
    await decommissionCredential(handle.db, fx.admin, gone.credential.id, decommissionInput.parse({ reason: "no_longer_needed", disabledAtServerConfirmed: true }));
    return { p1, p2, team, other, matching, staging, elsewhere, suspended, gone };
  }

  it("[CAMPAIGNS] matching credentials are exactly the inventory's active credentials for the same filter; preview and creation agree", async () => {
    const w = await world();
    const filter = { teamId: w.team.id, environment: "production" };
    const inventory = await listCredentials(handle.db, credentialFilters.parse({ ...filter, status: "active", limit: 200 }));
    expect(inventory.items.map((c) => c.id).sort()).toEqual(w.matching.map((c) => c.credential.id).sort());

    const preview = await previewCampaign(handle.db, campaignFilter.parse(filter));
    expect(preview).toEqual({ matching: 4, assignees: 2, unassigned: 1, fellBack: { total: 0, toBackupOwner: 0, toTeamMember: 0, people: [] } });

    const before = await lastAuditSeq(handle.db);
    const created = await createCampaign(handle.db, await asUser(fx.admin), campaign(unique("Q3 production"), filter));
    expect(created).toMatchObject({ tasksCreated: inventory.items.length, assignees: 2, unassigned: 1, status: "open" });
    const tasks = await handle.db.select().from(reviewTasks).where(eq(reviewTasks.campaignId, created.id));
    expect(tasks.map((t) => t.credentialId).sort()).toEqual(inventory.items.map((c) => c.id).sort());
    expect(tasks.every((t) => t.status === "open")).toBe(true);

    const events = await auditEventsAfter(handle.db, before);
    expect(events.map((e) => e.action)).toEqual(["campaign.created"]);
    expect(events[0]?.payload).toMatchObject({ tasksCreated: 4, assignees: 2, unassigned: 1, filter });
  });

  it("[CAMPAIGNS] each task is assigned to the credential's owner; one notification per owner, deduplicated per campaign", async () => {
    const w = await world();
    const created = await createCampaign(handle.db, fx.admin, campaign(unique("Owners"), { teamId: w.team.id, environment: "production" }));
    const tasks = await handle.db.select().from(reviewTasks).where(eq(reviewTasks.campaignId, created.id));
    const owners = new Map(w.matching.map((c) => [c.credential.id, c.credential.ownerId]));
    for (const t of tasks) expect(t.assigneePersonId).toBe(owners.get(t.credentialId) ?? null);

    const sent = await handle.db.select().from(notifications).where(like(notifications.dedupeKey, `campaign:${created.id}:%`));
    expect(sent.map((n) => n.dedupeKey).sort()).toEqual([`campaign:${created.id}:person:${w.p1.person.id}`, `campaign:${created.id}:person:${w.p2.person.id}`].sort());
    expect(sent.find((n) => n.dedupeKey.endsWith(w.p1.person.id))?.subject).toMatch(/^Review 2 credentials by/);

    const detail = await getCampaign(handle.db, created.id);
    expect(detail?.owners.map((o) => [o.assignee?.id ?? null, o.total]).sort()).toEqual(
      [
        [w.p1.person.id, 2],
        [w.p2.person.id, 1],
        [null, 1],
      ].sort(),
    );
  });

  it("[CAMPAIGNS] tasks of owners who left or of nobody fall back to the backup owner, then a member of the owning team; the preview says so", async () => {
    const prefix = unique("Fallback");
    const [left, leftBackup, backup, owner] = [await fx.person(), await fx.person(), await fx.person(), await fx.person()];
    const member = await person("member");
    const leftMember = await fx.person();
    const team = await fx.team([member.personId, leftMember.id]);
    const emptyTeam = await fx.team([leftMember.id]);
    const cred = (n: string, over: Record<string, unknown>) => fx.credential({ name: `${prefix} ${n}`, environment: "production", ...over });
    const toBackup = await cred("a", { ownerId: left.id, backupOwnerId: backup.id, owningTeamId: team.id });
    const toTeam = await cred("b", { ownerId: left.id, backupOwnerId: leftBackup.id, owningTeamId: team.id });
    const nobodyToTeam = await cred("c", { owningTeamId: team.id });
    const nobodyAtAll = await cred("d", { owningTeamId: emptyTeam.id });
    const owned = await cred("e", { ownerId: owner.id, backupOwnerId: backup.id, owningTeamId: team.id });
    for (const p of [left, leftBackup, leftMember]) await updatePerson(handle.db, fx.admin, p.id, { isActive: false });

    const filter = { q: prefix };
    const preview = await previewCampaign(handle.db, campaignFilter.parse(filter));
    expect(preview).toMatchObject({ matching: 5, assignees: 3, unassigned: 1, fellBack: { total: 3, toBackupOwner: 1, toTeamMember: 2 } });
    expect(preview.fellBack.people).toEqual([
      { id: member.personId, name: member.person.name, via: "teamMember", tasks: 2 },
      { id: backup.id, name: backup.name, via: "backupOwner", tasks: 1 },
    ]);

    const seq = await lastAuditSeq(handle.db);
    const created = await createCampaign(handle.db, fx.admin, campaign(unique("Fallback"), filter));
    expect((await auditEventsAfter(handle.db, seq)).find((e) => e.action === "campaign.created")?.payload).toMatchObject({ tasksCreated: 5, unassigned: 1, fellBack: 3 });
    const tasks = new Map((await handle.db.select().from(reviewTasks).where(eq(reviewTasks.campaignId, created.id))).map((t) => [t.credentialId, t.assigneePersonId]));
    expect(tasks.get(toBackup.credential.id)).toBe(backup.id);
    expect(tasks.get(toTeam.credential.id)).toBe(member.personId);
    expect(tasks.get(nobodyToTeam.credential.id)).toBe(member.personId);
    expect(tasks.get(nobodyAtAll.credential.id)).toBeNull();
    expect(tasks.get(owned.credential.id)).toBe(owner.id);
    expect(created).toMatchObject({ tasksCreated: 5, unassigned: 1 });

    // The stand-in is notified and may record the review the task asks for.
    const sent = await handle.db.select().from(notifications).where(like(notifications.dedupeKey, `campaign:${created.id}:%`));
    expect(sent.map((n) => n.dedupeKey).sort()).toEqual([backup.id, member.personId, owner.id].map((id) => `campaign:${created.id}:person:${id}`).sort());
    await recordReview(handle.db, member.ctx, toTeam.credential.id, reviewInput.parse({ decision: "keep" }));
    const [done] = await handle.db.select().from(reviewTasks).where(and(eq(reviewTasks.campaignId, created.id), eq(reviewTasks.credentialId, toTeam.credential.id)));
    expect(done?.status).toBe("done");
  });

  it("[CAMPAIGNS] sensitivity and third-party filters narrow to credentials granting such APIs / used by such applications", async () => {
    const team = await fx.team();
    const critical = await fx.api({ sensitivity: "critical" });
    const vendor = await fx.application({ thirdParty: true });
    const a = await fx.credential({ owningTeamId: team.id, grants: [{ apiId: critical.id, scopeIds: [] }] });
    const b = await fx.credential({ owningTeamId: team.id, applicationIds: [vendor.id] });
    const c = await fx.credential({ owningTeamId: team.id });
    const ids = async (f: Record<string, unknown>) => {
      const made = await createCampaign(handle.db, fx.admin, campaign(unique("F"), { teamId: team.id, ...f }));
      return (await handle.db.select().from(reviewTasks).where(eq(reviewTasks.campaignId, made.id))).map((t) => t.credentialId).sort();
    };
    expect(await ids({ sensitivity: "critical" })).toEqual([a.credential.id]);
    expect(await ids({ thirdParty: true })).toEqual([b.credential.id]);
    expect(await ids({ thirdParty: false })).toEqual([a.credential.id, c.credential.id].sort());
    expect((await previewCampaign(handle.db, campaignFilter.parse({ teamId: team.id, thirdParty: "true" }))).matching).toBe(1);
  });

  it("[CAMPAIGNS] bad input names the field: a past due date, a blank name, an unknown environment", () => {
    const fields = (body: Record<string, unknown>) => {
      const r = campaignInput.safeParse(body);
      return r.success ? [] : Object.keys(fieldErrorsOf(r.error)).sort();
    };
    expect(fields({ name: "X", dueAt: new Date(Date.now() - DAY).toISOString() })).toEqual(["dueAt"]);
    expect(fields({ name: " ", dueAt: dueIn(3) })).toEqual(["name"]);
    expect(fields({ name: "X", dueAt: dueIn(3), filter: { environment: "moon" } })).toEqual(["filter.environment"]);
    expect(fields({ name: "X", dueAt: new Date().toISOString().slice(0, 10) })).toEqual([]);
  });

  it("[CAMPAIGNS] progress, task pages (keyset + status filter) and the CSV export follow the reviews", async () => {
    const w = await world();
    const created = await createCampaign(handle.db, fx.admin, campaign(unique("Progress"), { teamId: w.team.id, environment: "production" }));
    const target = w.matching[0];
    if (!target) throw new Error("no credential");
    await recordReview(handle.db, w.p1.ctx, target.credential.id, reviewInput.parse({ decision: "reduce_scope", notes: "drop write" }));

    const detail = await getCampaign(handle.db, created.id);
    expect(detail?.progress).toEqual({ total: 4, done: 1, open: 3, cancelled: 0 });
    expect(detail?.owners.find((o) => o.assignee?.id === w.p1.person.id)).toMatchObject({ total: 2, done: 1, open: 1 });

    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await listCampaignTasks(handle.db, created.id, { cursor, limit: 1 });
      seen.push(...page.items.map((t) => t.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(new Set(seen).size).toBe(4);
    const openSeen: string[] = [];
    cursor = undefined;
    for (;;) {
      const page = await listCampaignTasks(handle.db, created.id, { status: "open", cursor, limit: 1 });
      openSeen.push(...page.items.map((t) => t.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(new Set(openSeen).size).toBe(3);
    const done = await listCampaignTasks(handle.db, created.id, { status: "done", limit: 10 });
    expect(done.items).toMatchObject([{ credential: { id: target.credential.id }, decision: "reduce_scope", reviewer: w.p1.ctx.actor.name, status: "done" }]);
    expect((await listCampaignTasks(handle.db, created.id, { status: "open", limit: 10 })).items).toHaveLength(3);

    const csv = await new Response(campaignCsvStream(handle.db, created.id)).text();
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("credential_key,credential_name,environment,owner,team,status,decision,reviewed_at,reviewer");
    expect(lines).toHaveLength(5);
    const reviewed = lines.find((l) => l.startsWith(target.credential.key));
    expect(reviewed).toContain(",done,reduce_scope,");
    expect(reviewed).toContain(w.p1.person.name);
    expect(reviewed).toContain(w.team.name);
    expect(reviewed).toContain(w.p1.ctx.actor.name);
    expect(lines.filter((l) => l.includes(",open,,,"))).toHaveLength(3);

    const listed = await listCampaigns(handle.db, { limit: 50 });
    expect(listed.items.find((c) => c.id === created.id)?.progress).toEqual({ total: 4, done: 1, open: 3, cancelled: 0 });
  });

  it("[CAMPAIGNS] closing keeps the open tasks visible as not done, is audited, and cannot happen twice", async () => {
    const w = await world();
    const created = await createCampaign(handle.db, fx.admin, campaign(unique("Close"), { teamId: w.team.id, environment: "production" }));
    const before = await lastAuditSeq(handle.db);
    const closed = await closeCampaign(handle.db, fx.admin, created.id);
    expect(closed.status).toBe("closed");
    expect(closed.progress).toEqual({ total: 4, done: 0, open: 4, cancelled: 0 });
    const events = await auditEventsAfter(handle.db, before);
    expect(events.map((e) => [e.action, e.targetId])).toEqual([["campaign.closed", created.id]]);
    expect(events[0]?.payload).toMatchObject({ total: 4, done: 0, notDone: 4 });
    expectAppError(await rejectionOf(closeCampaign(handle.db, fx.admin, created.id)), "CONFLICT");
    expectAppError(await rejectionOf(closeCampaign(handle.db, fx.admin, crypto.randomUUID())), "NOT_FOUND");
    expect((await handle.db.select().from(reviewCampaigns).where(eq(reviewCampaigns.id, created.id)))[0]?.status).toBe("closed");
  });

  it("[CAMPAIGNS] campaigns list newest first with a keyset cursor and a status filter", async () => {
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      const made = await createCampaign(handle.db, fx.admin, campaign(unique(`List${i}`), { teamId: crypto.randomUUID() }));
      names.push(made.name);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const all: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await listCampaigns(handle.db, { cursor, limit: 2 });
      all.push(...page.items.map((c) => c.name));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(all.slice(0, 3)).toEqual([...names].reverse());
    expect(new Set(all).size).toBe(all.length);
    const closedOnly = await listCampaigns(handle.db, { status: "closed", limit: 200 });
    expect(closedOnly.items.every((c) => c.status === "closed")).toBe(true);
  });
});
