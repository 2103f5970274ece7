import "server-only";
import type { Db, Tx } from "@/db/client";
import { countExistingPeople, findPersonByEmail, findTeamByKey, findTeamByName, findTeamClashes, getPerson, getTeam } from "@/db/queries/org";
import { slugify } from "@/lib/domain/keys";
import { diffFields } from "@/lib/domain/diff";
import { conflict, invalidInput, notFound } from "@/lib/errors";
import type { CreatePersonInput, CreateTeamInput, UpdatePersonInput, UpdateTeamInput } from "@/lib/validation/org";
import { audited } from "./audited";
import { auditContext, type RequestContext } from "./context";
import { departPersonInTx } from "./lifecycle/leavers";
import { collector } from "./commands/collect";
import { createPeople, createTeams, updatePeople, updateTeams } from "./commands/org";
import { refreshCollected } from "./commands/refresh";

export async function createPerson(db: Db, ctx: RequestContext, input: CreatePersonInput) {
  return audited(db, auditContext(ctx), async (tx, audit) => {
    if (await findPersonByEmail(tx, input.email)) throw conflict("A person with this email already exists", "email");
    const [id = ""] = await createPeople(tx, collector(audit), [{ values: input, event: (id) => ({ action: "person.created", targetType: "person", targetId: id, payload: { ...input } }) }]);
    return (await getPerson(tx, id)) ?? Promise.reject(notFound("Person"));
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
    const collect = collector(audit);
    await updatePeople(tx, collect, [{ id, set: input, event: () => ({ action: "person.updated", targetType: "person", targetId: id, payload: { changes } }) }]);
    // Departures (DESIGN §4.4): leaving flags what they own, back up or own the SDK of; returning clears it.
    if ("isActive" in changes && input.isActive === false) await departPersonInTx(tx, audit, ctx, { id, email: input.email ?? before.email, name: before.name });
    await refreshCollected(tx, collect, { resolution: `${before.name} is active again` });
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
    const key = input.key ?? slugify(input.name);
    const clashes = await findTeamClashes(tx, input.name, key);
    if (clashes.some((t) => t.name === input.name)) throw conflict("A team with this name already exists", "name");
    if (clashes.some((t) => t.key === key)) throw conflict("A team with this key already exists", "key");
    await assertPeopleExist(tx, input.memberIds);
    const [id = ""] = await createTeams(tx, collector(audit), [
      { values: { key, name: input.name, kind: input.kind }, memberIds: input.memberIds, event: (id) => ({ action: "team.created", targetType: "team", targetId: id, payload: { ...input, key } }) },
    ]);
    return (await getTeam(tx, id)) ?? Promise.reject(notFound("Team"));
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
    if (memberIds !== undefined) await assertPeopleExist(tx, memberIds);
    const changed = await updateTeams(tx, collector(audit), [
      { id, set: fields, memberIds, event: (_id, changes) => (Object.keys(changes).length ? { action: "team.updated", targetType: "team", targetId: id, payload: { changes } } : null) },
    ]);
    if (changed === 0) return before;
    return (await getTeam(tx, id)) ?? before;
  });
}
