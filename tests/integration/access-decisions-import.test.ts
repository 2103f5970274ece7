import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { PGlite } from "@electric-sql/pglite";
import type { Sql } from "postgres";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import * as schema from "@/db/schema";
import { apis, auditEvents, credentialGrants, credentials, grantDecisions, notificationDeliveries, notifications, teamMembers, teams, users, webhookEndpoints } from "@/db/schema";
import { grantReviewCadenceDays, type Sensitivity } from "@/lib/domain/access-decisions";
import { rejectGrant } from "@/lib/server/commands/access-decisions";
import { applyImport, prepareImport } from "@/lib/server/inventory/import";
import { createPerson } from "@/lib/server/org";
import { grantDecisionInput } from "@/lib/validation/access";
import { drivers } from "../support/db";
import { DAY, suiteDatabase, unique } from "../support/inventory";

/**
 * The import's grant decisions (DESIGN §4.5, issue 17): every new grant to another team's API is a
 * pending request with its history row and a notification to that team (in-app, e-mail and webhook
 * deliveries); grants to the credential's own team's API, or to nobody's, are approved at creation.
 * These tests pin the rows that produces, row by row, and that the statements a batch takes do not
 * grow with the number of requests in it (they are written set-based, a batch at a time).
 */
describe.each(drivers)("[ACCESS] the import's grant decisions on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: true });

  const keyOf = async (table: typeof teams | typeof apis, id: string) => (await handle.db.select({ key: table.key }).from(table).where(eq(table.id, id)))[0]?.key ?? "";

  /** Team A imports credentials that ask for B's and C's APIs; B has people with and without (active) users; webhooks global, per team, inactive. */
  async function cast() {
    const importer = await fx.account("security");
    const teamA = await fx.team();
    const teamB = await fx.team();
    const teamC = await fx.team();
    const b1 = await fx.account("member", [teamB.id]);
    const b2 = await fx.person();
    const b3 = await createPerson(handle.db, fx.admin, { email: `${unique("inactive").toLowerCase()}@example.test`, name: unique("Inactive"), isActive: false });
    const b4 = await fx.person();
    await handle.db.insert(users).values({ email: b4.email, name: b4.name, role: "member", isActive: false });
    for (const p of [b2, b3, b4]) await handle.db.insert(teamMembers).values({ teamId: teamB.id, personId: p.id });
    const c1 = await fx.account("member", [teamC.id]);
    const [globalHook, hookB, hookC] = await handle.db
      .insert(webhookEndpoints)
      .values([
        { name: unique("Global"), url: "https://hooks.example.test/global" },
        { name: unique("HookB"), url: "https://hooks.example.test/b", teamId: teamB.id },
        { name: unique("HookC"), url: "https://hooks.example.test/c", teamId: teamC.id },
        { name: unique("Off"), url: "https://hooks.example.test/off", isActive: false },
      ])
      .returning({ id: webhookEndpoints.id });
    const apiB1 = await fx.api({ owningTeamId: teamB.id, sensitivity: "critical" });
    const apiB2 = await fx.api({ owningTeamId: teamB.id, sensitivity: "low" });
    const apiC = await fx.api({ owningTeamId: teamC.id, sensitivity: "high" });
    const apiA = await fx.api({ owningTeamId: teamA.id, sensitivity: "moderate" });
    const apiNone = await fx.api({ sensitivity: "moderate" });
    const keys = {
      teamA: await keyOf(teams, teamA.id),
      teamB: await keyOf(teams, teamB.id),
      apiB1: await keyOf(apis, apiB1.id),
      apiB2: await keyOf(apis, apiB2.id),
      apiC: await keyOf(apis, apiC.id),
      apiA: await keyOf(apis, apiA.id),
      apiNone: await keyOf(apis, apiNone.id),
    };
    /** Who hears of a request to team B's APIs, and to C's. */
    const deliveriesTo = {
      [teamB.id]: [
        ["email", b1.person.email, null, b1.personId, null, "pending"],
        ["email", b2.email, null, b2.id, null, "pending"],
        ["email", b4.email, null, b4.id, null, "pending"],
        ["in_app", b1.userId, b1.userId, null, null, "sent"],
        ["webhook", globalHook?.id, null, null, globalHook?.id, "pending"],
        ["webhook", hookB?.id, null, null, hookB?.id, "pending"],
      ],
      [teamC.id]: [
        ["email", c1.person.email, null, c1.personId, null, "pending"],
        ["in_app", c1.userId, c1.userId, null, null, "sent"],
        ["webhook", globalHook?.id, null, null, globalHook?.id, "pending"],
        ["webhook", hookC?.id, null, null, hookC?.id, "pending"],
      ],
    };
    return { importer, teamA, teamB, teamC, c1, apis: { apiB1, apiB2, apiC, apiA, apiNone }, keys, deliveriesTo, hookC };
  }
  type Cast = Awaited<ReturnType<typeof cast>>;

  const fileOf = (creds: unknown[]) => JSON.stringify({ format: "steward-inventory/v1", credentials: creds });

  async function importFile(c: Cast, text: string, db: Db = handle.db) {
    const prepared = await prepareImport(handle.db, text, "json", { role: "security" });
    const invalid = prepared.plan.records.filter((r) => r.action === "invalid");
    expect(invalid.map((r) => r.issues)).toEqual([]);
    return applyImport(db, c.importer.ctx, prepared, { mode: "apply" });
  }

  /** Everything the decisions wrote for these credentials, ids and instants made comparable. */
  async function decisionRows(c: Cast, credentialIds: string[], since: Date) {
    const apiName = new Map(Object.values(c.apis).map((a) => [a.id, a.name]));
    const apiSensitivity = new Map<string, Sensitivity>(Object.values(c.apis).map((a) => [a.id, a.sensitivity]));
    const creds = new Map((await handle.db.select({ id: credentials.id, name: credentials.name }).from(credentials).where(inArray(credentials.id, credentialIds))).map((r) => [r.id, r.name]));
    const grants = await handle.db.select().from(credentialGrants).where(inArray(credentialGrants.credentialId, credentialIds));
    const history = (await handle.db.select().from(grantDecisions).where(inArray(grantDecisions.credentialId, credentialIds))).filter((h) => h.at >= since);
    const sent = await handle.db.select().from(notifications).where(inArray(notifications.credentialId, credentialIds));
    const fresh = sent.filter((n) => n.createdAt >= since);
    const deliveries = fresh.length ? await handle.db.select().from(notificationDeliveries).where(inArray(notificationDeliveries.notificationId, fresh.map((n) => n.id))) : [];
    const at = history[0]?.at;
    // One decision instant per import.
    expect(new Set(history.map((h) => h.at.getTime())).size).toBeLessThanOrEqual(1);
    return {
      at,
      grants,
      history: history.map((h) => ({ credentialId: h.credentialId, apiId: h.apiId, grantId: h.grantId, action: h.action, actorId: h.actorId, justification: h.justification, scopesBefore: h.scopesBefore, scopesAfter: h.scopesAfter })),
      notifications: fresh.map((n) => {
        const grant = grants.find((g) => g.id === (n.payload as { grantId?: string }).grantId);
        const name = creds.get(n.credentialId ?? "") ?? "";
        const api = apiName.get(grant?.apiId ?? "") ?? "";
        // What today's grant request says, in full.
        expect(n).toMatchObject({
          dedupeKey: `grant-request:${grant?.id ?? ""}:${at?.toISOString() ?? ""}`,
          kind: "grant_requested",
          subject: `Access to ${api} requested for ${name}`,
          body: `${name} asks for access to ${api}, which your team owns. Approve or reject it in My queue.`,
          link: `/inventory/${n.credentialId ?? ""}?tab=access`,
          payload: { grantId: grant?.id, apiId: grant?.apiId },
        });
        return {
          grantId: grant?.id,
          teamId: n.teamId,
          deliveries: deliveries
            .filter((d) => d.notificationId === n.id)
            .map((d) => [d.channel, d.targetKey, d.recipientUserId, d.recipientPersonId, d.webhookId, d.status])
            .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
        };
      }),
      reviewDays: (g: (typeof grants)[number]) => (g.reviewDueAt && g.decidedAt ? (g.reviewDueAt.getTime() - g.decidedAt.getTime()) / DAY : null),
      cadence: (apiId: string) => grantReviewCadenceDays[apiSensitivity.get(apiId) ?? "low"],
    };
  }

  const sortDeliveries = (rows: unknown[][]) => [...rows].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));

  it("[ACCESS] creates: requests to other teams' APIs with their history and notifications; own team's and nobody's APIs approved at creation", async () => {
    const c = await cast();
    const { keys, apis: a, importer } = c;
    const s = unique("imp").toLowerCase();
    const since = new Date(Date.now() - 1000);
    await importFile(
      c,
      fileOf([
        { key: `${s}-1`, name: `One ${s}`, environment: "production", owningTeam: keys.teamA, grants: [{ api: keys.apiB1, scopes: ["write", "read"], justification: "settlement" }, { api: keys.apiA, scopes: ["read"] }, { api: keys.apiNone, scopes: [] }] },
        { key: `${s}-2`, name: `Two ${s}`, environment: "production", owningTeam: keys.teamA, grants: [{ api: keys.apiB2, scopes: ["read"] }, { api: keys.apiC, scopes: ["write"] }] },
        { key: `${s}-3`, name: `Three ${s}`, environment: "production", owningTeam: keys.teamB, grants: [{ api: keys.apiB1, scopes: ["read"] }, { api: keys.apiC, scopes: ["read"] }] },
      ]),
    );
    const ids = new Map((await handle.db.select({ id: credentials.id, key: credentials.key }).from(credentials).where(inArray(credentials.key, [`${s}-1`, `${s}-2`, `${s}-3`]))).map((r) => [r.key, r.id]));
    const [one, two, three] = [ids.get(`${s}-1`) ?? "", ids.get(`${s}-2`) ?? "", ids.get(`${s}-3`) ?? ""];
    const rows = await decisionRows(c, [one, two, three], since);
    const grantOf = (credentialId: string, apiId: string) => rows.grants.find((g) => g.credentialId === credentialId && g.apiId === apiId);
    const requested: [string, string, string[], string | null][] = [
      [one, a.apiB1.id, ["read", "write"], "settlement"],
      [two, a.apiB2.id, ["read"], null],
      [two, a.apiC.id, ["write"], null],
      [three, a.apiC.id, ["read"], null],
    ];
    const approved: [string, string, string[]][] = [
      [one, a.apiA.id, ["read"]],
      [one, a.apiNone.id, []],
      [three, a.apiB1.id, ["read"]],
    ];
    expect(rows.grants).toHaveLength(requested.length + approved.length);
    for (const [credentialId, apiId] of requested) {
      expect(grantOf(credentialId, apiId)).toMatchObject({ status: "requested", requestedById: importer.userId, decidedById: null, decidedAt: null, reviewDueAt: null });
    }
    for (const [credentialId, apiId] of approved) {
      const g = grantOf(credentialId, apiId);
      expect(g).toMatchObject({ status: "approved", requestedById: importer.userId, decidedById: importer.userId, decidedAt: rows.at });
      expect(g && rows.reviewDays(g)).toBe(rows.cadence(apiId));
    }
    const byKey = (h: { credentialId: string; apiId: string }) => `${h.credentialId}/${h.apiId}`;
    expect([...rows.history].sort((x, y) => byKey(x).localeCompare(byKey(y)))).toEqual(
      [
        ...requested.map(([credentialId, apiId, scopes, justification]) => ({ credentialId, apiId, grantId: grantOf(credentialId, apiId)?.id, action: "requested", actorId: importer.userId, justification, scopesBefore: [], scopesAfter: scopes })),
        ...approved.map(([credentialId, apiId, scopes]) => ({
          credentialId,
          apiId,
          grantId: grantOf(credentialId, apiId)?.id,
          action: "approved",
          actorId: importer.userId,
          justification: "Approved at creation: the API's own team (DESIGN §4.5)",
          scopesBefore: [],
          scopesAfter: scopes,
        })),
      ].sort((x, y) => byKey(x).localeCompare(byKey(y))),
    );
    const teamOf = (apiId: string) => (apiId === a.apiC.id ? c.teamC.id : c.teamB.id);
    expect([...rows.notifications].sort((x, y) => (x.grantId ?? "").localeCompare(y.grantId ?? ""))).toEqual(
      requested
        .map(([credentialId, apiId]) => ({ grantId: grantOf(credentialId, apiId)?.id, teamId: teamOf(apiId), deliveries: sortDeliveries(c.deliveriesTo[teamOf(apiId)] ?? []) }))
        .sort((x, y) => (x.grantId ?? "").localeCompare(y.grantId ?? "")),
    );
    // One event per imported record, carrying its decisions.
    const events = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.action, "inventory.imported"), inArray(auditEvents.targetId, [one, two, three])));
    expect(events).toHaveLength(3);
    for (const credentialId of [one, two, three]) {
      const payload = events.find((e) => e.targetId === credentialId)?.payload as { change: string; grantDecisions?: { apiId: string }[] };
      const expected = [
        ...requested.filter(([id]) => id === credentialId).map(([, apiId, scopes]) => ({ grantId: grantOf(credentialId, apiId)?.id, apiId, decision: "requested", scopes })),
        ...approved.filter(([id]) => id === credentialId).map(([, apiId, scopes]) => ({ grantId: grantOf(credentialId, apiId)?.id, apiId, decision: "approved", scopes, reviewDueAt: grantOf(credentialId, apiId)?.reviewDueAt?.toISOString() })),
      ];
      expect(payload.change).toBe("created");
      expect([...(payload.grantDecisions ?? [])].sort((x, y) => x.apiId.localeCompare(y.apiId))).toEqual(expected.sort((x, y) => x.apiId.localeCompare(y.apiId)));
    }

    // The same file with its grants changed: narrowed, removed, added, widened, and a rejected one asked for again.
    await rejectGrant(handle.db, c.c1.ctx, three, grantOf(three, a.apiC.id)?.id ?? "", grantDecisionInput.parse({ justification: "read is enough elsewhere" }));
    const since2 = new Date();
    await importFile(
      c,
      fileOf([
        { key: `${s}-1`, name: `One ${s}`, environment: "production", owningTeam: keys.teamA, grants: [{ api: keys.apiB1, scopes: ["read"] }, { api: keys.apiNone, scopes: [] }, { api: keys.apiC, scopes: ["read"], justification: "reports" }] },
        { key: `${s}-2`, name: `Two ${s}`, environment: "production", owningTeam: keys.teamA, grants: [{ api: keys.apiB2, scopes: ["read", "write"] }, { api: keys.apiC, scopes: ["write"] }] },
        { key: `${s}-3`, name: `Three ${s}`, environment: "production", owningTeam: keys.teamB, grants: [{ api: keys.apiB1, scopes: ["read", "write"] }, { api: keys.apiC, scopes: ["read", "write"] }] },
      ]),
    );
    const after = await decisionRows(c, [one, two, three], since2);
    const now = (credentialId: string, apiId: string) => after.grants.find((g) => g.credentialId === credentialId && g.apiId === apiId);
    expect([...after.history].sort((x, y) => `${byKey(x)}/${x.action}`.localeCompare(`${byKey(y)}/${y.action}`))).toEqual(
      [
        { credentialId: one, apiId: a.apiB1.id, grantId: now(one, a.apiB1.id)?.id, action: "reduced", actorId: importer.userId, justification: null, scopesBefore: ["read", "write"], scopesAfter: ["read"] },
        { credentialId: one, apiId: a.apiA.id, grantId: null, action: "removed", actorId: importer.userId, justification: null, scopesBefore: ["read"], scopesAfter: [] },
        { credentialId: one, apiId: a.apiC.id, grantId: now(one, a.apiC.id)?.id, action: "requested", actorId: importer.userId, justification: "reports", scopesBefore: [], scopesAfter: ["read"] },
        { credentialId: two, apiId: a.apiB2.id, grantId: now(two, a.apiB2.id)?.id, action: "requested", actorId: importer.userId, justification: null, scopesBefore: ["read"], scopesAfter: ["read", "write"] },
        {
          credentialId: three,
          apiId: a.apiB1.id,
          grantId: now(three, a.apiB1.id)?.id,
          action: "approved",
          actorId: importer.userId,
          justification: "Approved at creation: the API's own team (DESIGN §4.5)",
          scopesBefore: ["read"],
          scopesAfter: ["read", "write"],
        },
        { credentialId: three, apiId: a.apiC.id, grantId: now(three, a.apiC.id)?.id, action: "requested", actorId: importer.userId, justification: null, scopesBefore: ["read"], scopesAfter: ["read", "write"] },
      ].sort((x, y) => `${byKey(x)}/${x.action}`.localeCompare(`${byKey(y)}/${y.action}`)),
    );
    // The narrowed request stays a request; the revived one is asked for afresh.
    expect(now(one, a.apiB1.id)?.status).toBe("requested");
    expect(now(three, a.apiC.id)).toMatchObject({ status: "requested", requestedById: importer.userId, decidedById: null, decidedAt: null });
    expect(now(three, a.apiB1.id)).toMatchObject({ status: "approved", decidedById: importer.userId, decidedAt: after.at });
    expect(now(three, a.apiB1.id) && after.reviewDays(now(three, a.apiB1.id) as (typeof after.grants)[number])).toBe(after.cadence(a.apiB1.id));
    expect([...after.notifications].sort((x, y) => (x.grantId ?? "").localeCompare(y.grantId ?? ""))).toEqual(
      [
        [one, a.apiC.id],
        [two, a.apiB2.id],
        [three, a.apiC.id],
      ]
        .map(([credentialId = "", apiId = ""]) => ({ grantId: now(credentialId, apiId)?.id, teamId: teamOf(apiId), deliveries: sortDeliveries(c.deliveriesTo[teamOf(apiId)] ?? []) }))
        .sort((x, y) => (x.grantId ?? "").localeCompare(y.grantId ?? "")),
    );
    const updated = (await handle.db.select().from(auditEvents).where(and(eq(auditEvents.action, "inventory.imported"), inArray(auditEvents.targetId, [one, two, three])))).filter((e) => (e.payload as { change: string }).change === "updated");
    const decisionsOf = (credentialId: string) =>
      ((updated.find((e) => e.targetId === credentialId)?.payload as { grantDecisions?: { apiId: string; decision: string }[] }).grantDecisions ?? []).map((d) => `${d.apiId}:${d.decision}`).sort();
    expect(decisionsOf(one)).toEqual([`${a.apiA.id}:removed`, `${a.apiB1.id}:reduced`, `${a.apiC.id}:requested`].sort());
    expect(decisionsOf(two)).toEqual([`${a.apiB2.id}:requested`]);
    expect(decisionsOf(three)).toEqual([`${a.apiB1.id}:approved`, `${a.apiC.id}:requested`].sort());
  });

  /** A Db over the same client that counts the statements drizzle sends. */
  function counting(): { db: Db; count: () => number } {
    let n = 0;
    const logger = {
      logQuery: () => {
        n++;
      },
    };
    const client = (handle.db as unknown as { $client: unknown }).$client;
    const db = (handle.driver === "pglite" ? drizzlePglite(client as PGlite, { schema, logger }) : drizzlePostgres(client as Sql, { schema, logger })) as unknown as Db;
    return { db, count: () => n };
  }

  it("[ACCESS] a batch's statements do not grow with the requests in it", async () => {
    const c = await cast();
    const { keys } = c;
    const statementsFor = async (n: number) => {
      const s = `${unique("cnt").toLowerCase()}-${randomUUID().slice(0, 4)}`;
      const creds = Array.from({ length: n }, (_, i) => ({
        key: `${s}-${i}`,
        name: `Counted ${s} ${i}`,
        environment: "production",
        owningTeam: keys.teamA,
        grants: [{ api: keys.apiB1, scopes: ["read"] }, { api: keys.apiC, scopes: ["read", "write"] }, { api: keys.apiA, scopes: ["read"] }],
      }));
      const { db, count } = counting();
      await importFile(c, fileOf(creds), db);
      return count();
    };
    const few = await statementsFor(3);
    const many = await statementsFor(30);
    expect({ few, many }).toEqual({ few, many: few });
  });
});
