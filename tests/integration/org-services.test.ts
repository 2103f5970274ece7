import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { people, teamMembers, teams } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { uniqueViolation } from "@/lib/server/http";
import { createPerson, createTeam, updatePerson, updateTeam } from "@/lib/server/org";
import { contextAs } from "../support/context";
import { drivers, rowsOf } from "../support/db";
import { suiteDatabase } from "../support/inventory";
import { auditEventsAfter, lastAuditSeq, rejectionOf } from "../support/audit";

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

function expectAppError(error: unknown, code: AppError["code"], field?: string) {
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.code).toBe(code);
  if (field) expect(Object.keys(appError.details?.fields ?? {})).toEqual([field]);
}

describe.each(drivers)("[ORG] people and team services on %s", (driver) => {
  const { handle } = suiteDatabase(driver, { auditChain: true });

  async function person(name = unique("person")) {
    return createPerson(handle.db, contextAs("admin"), { email: `${name}@example.test`, name, isActive: true });
  }

  it("[ORG] createPerson writes exactly one person.created event with actor and target", async () => {
    const ctx = contextAs("security");
    const before = await lastAuditSeq(handle.db);
    const created = await createPerson(handle.db, ctx, { email: "grace@example.test", name: "Grace", isActive: true });

    const [row] = await handle.db.select().from(people).where(eq(people.id, created.id));
    expect(row).toMatchObject({ email: "grace@example.test", name: "Grace", isActive: true });
    const events = await auditEventsAfter(handle.db, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "person.created",
      actorType: "user",
      actorId: ctx.actor?.userId,
      actorLabel: ctx.actor?.email,
      targetType: "person",
      targetId: created.id,
      requestId: ctx.requestId,
      ip: ctx.ip,
      payload: { email: "grace@example.test", name: "Grace", isActive: true },
    });
  });

  it("[ORG] duplicate person email is a CONFLICT on email and writes nothing", async () => {
    const existing = await person();
    const before = await lastAuditSeq(handle.db);
    const error = await rejectionOf(
      createPerson(handle.db, contextAs("admin"), { email: existing.email, name: "Someone else", isActive: true }),
    );
    expectAppError(error, "CONFLICT", "email");
    expect(await auditEventsAfter(handle.db, before)).toEqual([]);
    const rows = await handle.db.select().from(people).where(eq(people.email, existing.email));
    expect(rows).toHaveLength(1);
  });

  it("[ORG] updatePerson records only the fields that changed", async () => {
    const p = await person();
    const ctx = contextAs("admin");
    const before = await lastAuditSeq(handle.db);
    const updated = await updatePerson(handle.db, ctx, p.id, { name: "Renamed", isActive: false, email: p.email });
    expect(updated).toMatchObject({ name: "Renamed", isActive: false, email: p.email });
    const events = await auditEventsAfter(handle.db, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "person.updated",
      actorId: ctx.actor?.userId,
      targetType: "person",
      targetId: p.id,
      payload: { changes: { name: { from: p.name, to: "Renamed" }, isActive: { from: true, to: false } } },
    });
  });

  it("[ORG] an update that changes nothing writes no event", async () => {
    const p = await person();
    const before = await lastAuditSeq(handle.db);
    await updatePerson(handle.db, contextAs("admin"), p.id, { name: p.name });
    expect(await auditEventsAfter(handle.db, before)).toEqual([]);
  });

  it("[ORG] changing a person's email to another person's is a CONFLICT on email", async () => {
    const [a, b] = [await person(), await person()];
    const error = await rejectionOf(updatePerson(handle.db, contextAs("admin"), a.id, { email: b.email }));
    expectAppError(error, "CONFLICT", "email");
    const [row] = await handle.db.select().from(people).where(eq(people.id, a.id));
    expect(row?.email).toBe(a.email);
  });

  it("[ORG] updating an unknown person is NOT_FOUND", async () => {
    const error = await rejectionOf(updatePerson(handle.db, contextAs("admin"), crypto.randomUUID(), { name: "X" }));
    expectAppError(error, "NOT_FOUND");
  });

  it("[ORG] createTeam stores members and writes exactly one team.created event", async () => {
    const [a, b] = [await person(), await person()];
    const ctx = contextAs("admin");
    const before = await lastAuditSeq(handle.db);
    const name = unique("Team");
    const team = await createTeam(handle.db, ctx, { name, kind: "platform", memberIds: [a.id, b.id] });

    expect(team).toMatchObject({ name, kind: "platform", memberCount: 2 });
    expect(team.members.map((m) => m.id).sort()).toEqual([a.id, b.id].sort());
    const memberRows = await handle.db.select().from(teamMembers).where(eq(teamMembers.teamId, team.id));
    expect(memberRows.map((m) => m.personId).sort()).toEqual([a.id, b.id].sort());

    const events = await auditEventsAfter(handle.db, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "team.created",
      actorType: "user",
      actorId: ctx.actor?.userId,
      targetType: "team",
      targetId: team.id,
      requestId: ctx.requestId,
      payload: { name, kind: "platform", memberIds: [a.id, b.id] },
    });
  });

  it("[ORG] duplicate team name is a CONFLICT on name and writes nothing", async () => {
    const name = unique("Team");
    await createTeam(handle.db, contextAs("admin"), { name, kind: "application", memberIds: [] });
    const before = await lastAuditSeq(handle.db);
    const error = await rejectionOf(createTeam(handle.db, contextAs("admin"), { name, kind: "platform", memberIds: [] }));
    expectAppError(error, "CONFLICT", "name");
    expect(await auditEventsAfter(handle.db, before)).toEqual([]);
    expect(await handle.db.select().from(teams).where(eq(teams.name, name))).toHaveLength(1);
  });

  it("[ORG] unknown memberIds are INVALID_INPUT on memberIds and create no team", async () => {
    const known = await person();
    const missing = crypto.randomUUID();
    const name = unique("Team");
    const before = await lastAuditSeq(handle.db);
    const error = await rejectionOf(createTeam(handle.db, contextAs("admin"), { name, kind: "platform", memberIds: [known.id, missing] }));
    expectAppError(error, "INVALID_INPUT", "memberIds");
    expect((error as AppError).details?.fields?.memberIds?.join(" ")).toContain(missing);
    expect((error as AppError).details?.fields?.memberIds?.join(" ")).not.toContain(known.id);
    expect(await handle.db.select().from(teams).where(eq(teams.name, name))).toEqual([]);
    expect(await auditEventsAfter(handle.db, before)).toEqual([]);
  });

  it("[ORG] updateTeam member add and remove are audited and applied", async () => {
    const [a, b, c] = [await person(), await person(), await person()];
    const team = await createTeam(handle.db, contextAs("admin"), { name: unique("Team"), kind: "platform", memberIds: [a.id, b.id] });
    const ctx = contextAs("security");
    const before = await lastAuditSeq(handle.db);

    const updated = await updateTeam(handle.db, ctx, team.id, { memberIds: [b.id, c.id] });
    expect(updated.members.map((m) => m.id).sort()).toEqual([b.id, c.id].sort());
    const rows = await handle.db.select().from(teamMembers).where(eq(teamMembers.teamId, team.id));
    expect(rows.map((r) => r.personId).sort()).toEqual([b.id, c.id].sort());

    const events = await auditEventsAfter(handle.db, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "team.updated",
      actorId: ctx.actor?.userId,
      targetType: "team",
      targetId: team.id,
      payload: { changes: { members: { added: [c.id], removed: [a.id] } } },
    });
  });

  it("[ORG] updateTeam rename and kind change are audited with from and to", async () => {
    const team = await createTeam(handle.db, contextAs("admin"), { name: unique("Team"), kind: "platform", memberIds: [] });
    const newName = unique("Renamed");
    const before = await lastAuditSeq(handle.db);
    await updateTeam(handle.db, contextAs("admin"), team.id, { name: newName, kind: "security" });
    const events = await auditEventsAfter(handle.db, before);
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toEqual({
      changes: { name: { from: team.name, to: newName }, kind: { from: "platform", to: "security" } },
    });
  });

  it("[ORG] updateTeam that changes nothing writes no event", async () => {
    const a = await person();
    const team = await createTeam(handle.db, contextAs("admin"), { name: unique("Team"), kind: "platform", memberIds: [a.id] });
    const before = await lastAuditSeq(handle.db);
    await updateTeam(handle.db, contextAs("admin"), team.id, { name: team.name, kind: "platform", memberIds: [a.id] });
    expect(await auditEventsAfter(handle.db, before)).toEqual([]);
  });

  it("[ORG] renaming a team to an existing name is a CONFLICT on name", async () => {
    const taken = await createTeam(handle.db, contextAs("admin"), { name: unique("Team"), kind: "platform", memberIds: [] });
    const team = await createTeam(handle.db, contextAs("admin"), { name: unique("Team"), kind: "platform", memberIds: [] });
    const error = await rejectionOf(updateTeam(handle.db, contextAs("admin"), team.id, { name: taken.name }));
    expectAppError(error, "CONFLICT", "name");
  });

  it("[ORG] updateTeam with unknown memberIds is INVALID_INPUT and keeps the old members and name", async () => {
    const a = await person();
    const team = await createTeam(handle.db, contextAs("admin"), { name: unique("Team"), kind: "platform", memberIds: [a.id] });
    const before = await lastAuditSeq(handle.db);
    const error = await rejectionOf(
      updateTeam(handle.db, contextAs("admin"), team.id, { name: unique("Other"), memberIds: [crypto.randomUUID()] }),
    );
    expectAppError(error, "INVALID_INPUT", "memberIds");
    const [row] = await handle.db.select().from(teams).where(eq(teams.id, team.id));
    expect(row?.name).toBe(team.name);
    const members = await handle.db.select().from(teamMembers).where(eq(teamMembers.teamId, team.id));
    expect(members.map((m) => m.personId)).toEqual([a.id]);
    expect(await auditEventsAfter(handle.db, before)).toEqual([]);
  });

  it("[ORG] two concurrent creates of the same team name leave one team; the loser is a CONFLICT on name", async () => {
    const name = unique("Race");
    const results = await Promise.allSettled([
      createTeam(handle.db, contextAs("admin"), { name, kind: "platform", memberIds: [] }),
      createTeam(handle.db, contextAs("admin"), { name, kind: "platform", memberIds: [] }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((r) => r.status === "rejected");
    // Either the service saw the winner's row, or the unique index caught the race and the
    // route layer maps the violation to the same 409.
    const reason: unknown = loser?.reason;
    const asConflict = reason instanceof AppError ? reason : uniqueViolation(reason);
    expectAppError(asConflict, "CONFLICT", "name");
    const rows = rowsOf<{ n: string | number }>(await handle.db.execute(sql`select count(*) as n from teams where name = ${name}`));
    expect(Number(rows[0]?.n)).toBe(1);
  });
});
