import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { searchIndexes } from "@/db/queries/search";
import { can, roles } from "@/lib/authz/permissions";
import { searchEverything, searchPermissions } from "@/lib/server/search";
import { searchKinds, searchQuery } from "@/lib/validation/search";
import { contextAs } from "../support/context";
import { drivers } from "../support/db";
import { suiteDatabase } from "../support/inventory";

const actorOf = (role: (typeof roles)[number]) => {
  const ctx = contextAs(role);
  if (!ctx.actor) throw new Error("no actor");
  return ctx.actor;
};

describe.each(drivers)("[SEARCH] the command palette's search on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: false, adminIsUser: true });
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const person = await fx.person("Quokka Lee");
    const team = await fx.team([person.id], "Quokka Platform");
    const api = await fx.api({ name: "Quokka Payments API", audience: "https://payments.example.test" });
    const credential = await fx.credential({ name: "quokka-payments-client", clientId: "client-qk-1" });
    await fx.credential({ name: "unrelated-client" });
    Object.assign(ids, { person: person.id, team: team.id, api: api.id, credential: credential.credential.id });
  });

  it.each(roles)("[AUTHZ] %s finds exactly the kinds its role may read, per the permission table", async (role) => {
    const found = await searchEverything(handle.db, actorOf(role), searchQuery.parse({ q: "quokka" }));
    const kinds = new Set(found.map((r) => r.kind));
    for (const kind of searchKinds) expect(kinds.has(kind), `${role} ${kind}`).toBe(can(role, searchPermissions[kind]));
    const byKind = Object.fromEntries(found.map((r) => [r.kind, r]));
    expect(byKind.credential?.id).toBe(ids.credential);
    expect(byKind.credential?.subtitle).toContain("client-qk-1");
    expect(byKind.person).toMatchObject({ id: ids.person, title: "Quokka Lee" });
    expect(byKind.team).toMatchObject({ id: ids.team, title: "Quokka Platform" });
    expect(byKind.api).toMatchObject({ id: ids.api, subtitle: "https://payments.example.test" });
  });

  it("matches client ids, e-mail addresses and audiences, not only names; prefix matches come first; at most `limit` per kind", async () => {
    const admin = actorOf("admin");
    expect((await searchEverything(handle.db, admin, searchQuery.parse({ q: "QK-1" }))).map((r) => r.id)).toEqual([ids.credential]);
    expect((await searchEverything(handle.db, admin, searchQuery.parse({ q: "payments.example" }))).map((r) => r.id)).toEqual([ids.api]);
    for (let i = 0; i < 4; i += 1) await fx.credential({ name: `zz-${i}-kiwi` });
    await fx.credential({ name: "kiwi-first" });
    const kiwis = await searchEverything(handle.db, admin, searchQuery.parse({ q: "kiwi", limit: "3" }));
    expect(kiwis.map((r) => r.title)).toEqual(["kiwi-first", "zz-0-kiwi", "zz-1-kiwi"]);
  });

  it("treats % and _ as text, and refuses a one-letter or missing query with the field named", async () => {
    expect(await searchEverything(handle.db, actorOf("member"), searchQuery.parse({ q: "%%" }))).toEqual([]);
    expect(await searchEverything(handle.db, actorOf("member"), searchQuery.parse({ q: "__" }))).toEqual([]);
    for (const bad of [{}, { q: "q" }, { q: "ab", limit: "50" }]) {
      const parsed = searchQuery.safeParse(bad);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path[0]).toBe("q" in bad && bad.q === "ab" ? "limit" : "q");
    }
  });

  it("each lookup is served by a trigram index (plans with sequential scans disallowed)", async () => {
    const names = rowsOf<{ indexname: string }>(await handle.db.execute(sql`select indexname from pg_indexes where indexname like '%trgm_idx'`)).map((r) => r.indexname);
    for (const index of searchIndexes) expect(names).toContain(index);
    // Thousands of rows (rolled back afterwards), so the planner weighs the indexes as it would in use.
    const rollback = new Error("rollback");
    const outcome = handle.db.transaction(async (tx) => {
      await tx.execute(sql`insert into people (email, name) select 'bulk' || g || '@example.test', 'Bulk person ' || g from generate_series(1, 3000) g`);
      await tx.execute(sql`insert into teams (key, name, kind) select 'bulk-' || g, 'Bulk team ' || g, 'application' from generate_series(1, 3000) g`);
      await tx.execute(
        sql`insert into apis (key, name, audience, trust_zone, sensitivity) select 'bulk-' || g, 'Bulk API ' || g, 'https://bulk' || g || '.example.test', 'internal', 'moderate' from generate_series(1, 3000) g`,
      );
      await tx.execute(sql`analyze people`);
      await tx.execute(sql`analyze teams`);
      await tx.execute(sql`analyze apis`);
      // Rows inserted just now wait in each GIN index's pending list, which the planner prices high.
      for (const index of searchIndexes) await tx.execute(sql`select gin_clean_pending_list(${index}::regclass)`);
      await tx.execute(sql`set local enable_seqscan = off`);
      const plan = async (table: string, column: string) =>
        rowsOf<{ "QUERY PLAN": string }>(await tx.execute(sql.raw(`explain select id from ${table} where ${column} ilike '%quokka%'`)))
          .map((r) => r["QUERY PLAN"])
          .join("\n");
      expect(await plan("people", "name")).toContain("people_name_trgm_idx");
      expect(await plan("people", "email")).toContain("people_email_trgm_idx");
      expect(await plan("teams", "name")).toContain("teams_name_trgm_idx");
      expect(await plan("apis", "name")).toContain("apis_name_trgm_idx");
      expect(await plan("apis", "audience")).toContain("apis_audience_trgm_idx");
      throw rollback;
    });
    await expect(outcome).rejects.toBe(rollback);
  });
});
