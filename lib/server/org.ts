import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { people, teamMembers, teams } from "@/db/schema";
import { countExistingPeople, findPersonByEmail, findTeamByKey, findTeamByName, getPerson, getTeam } from "@/db/queries/org";
import { slugify } from "@/lib/domain/keys";
import { diffFields } from "@/lib/domain/diff";
import { conflict, invalidInput, notFound } from "@/lib/errors";
import type { CreatePersonInput, CreateTeamInput, UpdatePersonInput, UpdateTeamInput } from "@/lib/validation/org";
import { audited } from "./audited";
import { auditContext, type RequestContext } from "./context";
import { departPersonInTx } from "./lifecycle/leavers";
import { refreshLinked } from "./posture/linked";

export async function createPerson(db: Db, ctx: RequestContext, input: CreatePersonInput) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    if (await findPersonByEmail(tx, input.email)) throw conflict("A person with this email already exists", "email");
    const [row] = await tx.insert(people).values(input).returning({ id: people.id });
    if (!row) throw new Error("insert returned no row");
    await audit({ action: "person.created", targetType: "person", targetId: row.id, payload: { ...input } });
    return (await getPerson(tx, row.id)) ?? Promise.reject(notFound("Person"));
  });
}

export async function updatePerson(db: Db, ctx: RequestContext, id: string, input: UpdatePersonInput) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const before = await getPerson(tx, id);
    if (!before) throw notFound("Person");
    if (input.email !== undefined && input.email !== before.email) {
      if (await findPersonByEmail(tx, input.email)) throw conflict("A person with this email already exists", "email");
    }
    const changes = diffFields(before, input);
    if (Object.keys(changes).length === 0) return before;
    await tx
      .update(people)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(people.id, id));
    await audit({ action: "person.updated", targetType: "person", targetId: id, payload: { changes } });
    // Departures (DESIGN §4.4): leaving flags what they own, back up or own the SDK of; returning clears it.
    if ("isActive" in changes && input.isActive === false) await departPersonInTx(tx, audit, ctx, { id, email: input.email ?? before.email, name: before.name });
    await refreshLinked(tx, audit, { person: new Map([[id, Object.keys(changes)]]) }, { resolution: `${before.name} is active again` });
    return (await getPerson(tx, id)) ?? before;
  });
}

async function assertPeopleExist(tx: Tx, ids: readonly string[]) {
  const found = await countExistingPeople(tx, ids);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw invalidInput({ memberIds: [`unknown person id(s): ${missing.join(", ")}`] });
}

export async function createTeam(db: Db, ctx: RequestContext, input: CreateTeamInput) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    if (await findTeamByName(tx, input.name)) throw conflict("A team with this name already exists", "name");
    const key = input.key ?? slugify(input.name);
    if (await findTeamByKey(tx, key)) throw conflict("A team with this key already exists", "key");
    await assertPeopleExist(tx, input.memberIds);
    const [row] = await tx.insert(teams).values({ key, name: input.name, kind: input.kind }).returning({ id: teams.id });
    if (!row) throw new Error("insert returned no row");
    if (input.memberIds.length > 0) {
      await tx.insert(teamMembers).values(input.memberIds.map((personId) => ({ teamId: row.id, personId })));
    }
    await audit({ action: "team.created", targetType: "team", targetId: row.id, payload: { ...input, key } });
    return (await getTeam(tx, row.id)) ?? Promise.reject(notFound("Team"));
  });
}

export async function updateTeam(db: Db, ctx: RequestContext, id: string, input: UpdateTeamInput) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    const before = await getTeam(tx, id);
    if (!before) throw notFound("Team");
    if (input.name !== undefined && input.name !== before.name && (await findTeamByName(tx, input.name))) {
      throw conflict("A team with this name already exists", "name");
    }
    if (input.key !== undefined && input.key !== before.key && (await findTeamByKey(tx, input.key))) {
      throw conflict("A team with this key already exists", "key");
    }
    const { memberIds, ...fields } = input;
    const changes: Record<string, unknown> = diffFields(before, fields);
    if (Object.keys(changes).length > 0) {
      await tx
        .update(teams)
        .set({ ...fields, updatedAt: new Date() })
        .where(eq(teams.id, id));
    }
    if (memberIds !== undefined) {
      await assertPeopleExist(tx, memberIds);
      const current = new Set(before.members.map((m) => m.id));
      const wanted = new Set(memberIds);
      const added = memberIds.filter((m) => !current.has(m));
      const removed = [...current].filter((m) => !wanted.has(m));
      if (removed.length > 0) {
        await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, id), inArray(teamMembers.personId, removed)));
      }
      if (added.length > 0) await tx.insert(teamMembers).values(added.map((personId) => ({ teamId: id, personId })));
      if (added.length > 0 || removed.length > 0) changes.members = { added, removed };
    }
    if (Object.keys(changes).length === 0) return before;
    await audit({ action: "team.updated", targetType: "team", targetId: id, payload: { changes } });
    return (await getTeam(tx, id)) ?? before;
  });
}
