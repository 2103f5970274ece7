import { and, eq, sql } from "drizzle-orm";
import { strToU8, unzipSync, zipSync } from "fflate";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { credentialPosture, findings, teams } from "@/db/schema";
import { manifestMessage } from "@/lib/domain/exports/pack-format";
import { verifyPack } from "@/lib/domain/exports/verify-pack";
import { createApiToken } from "@/lib/server/api-tokens";
import { readAsOf } from "@/lib/server/as-of";
import { readFindings } from "@/lib/server/governance/reads";
import { readInventoryList } from "@/lib/server/inventory/credential-page";
import { findingFilters } from "@/lib/validation/governance";
import { credentialFilters } from "@/lib/validation/inventory";
import { audited } from "@/lib/server/audited";
import { auditContext } from "@/lib/server/context";
import { resolveFindings } from "@/lib/server/lifecycle/findings";
import { generateSigningKeyPem, sign, signingKeyFromPem } from "@/lib/server/signing";
import { createApiTokenInput } from "@/lib/validation/api-tokens";
import { GET as listCredentialsRoute } from "@/app/api/v1/credentials/route";
import { GET as getCredentialRoute, PATCH as patchCredentialRoute } from "@/app/api/v1/credentials/[id]/route";
import { GET as listFindingsRoute } from "@/app/api/v1/findings/route";
import { GET as exportRoute } from "@/app/api/v1/exports/[format]/route";
import { createHash } from "node:crypto";
import { parseCsv } from "@/lib/inventory-file/csv";
import { drivers, rowsOf } from "../support/db";
import { unique, suiteDatabase } from "../support/inventory";

// Requests reach the real route handlers (zod, permission, handler, response schema) with an API token.
const current = vi.hoisted(() => ({ db: undefined as Db | undefined }));
vi.mock("@/db", () => ({ getDb: () => Promise.resolve(current.db) }));
vi.mock("@/lib/server/session", () => ({ currentActor: () => Promise.resolve(null) }));

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const frameworks = "owasp-nhi-2025,nist-csf-2.0";

/** Issue 15 "Point in time" (DESIGN §8.6): the state at a past instant, reconstructed, on both drivers. */
describe.each(drivers)("[AS-OF] reading the past on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: true, appDb: current });
  let bearer: string;
  beforeAll(async () => {
    const admin = await fx.account("admin");
    bearer = (await createApiToken(handle.db, admin.ctx, createApiTokenInput.parse({ name: "as-of", expiresAt: new Date(Date.now() + 86_400_000).toISOString(), storage: "vault" }))).secret;
  });

  async function call(handler: Handler, path: string, query: Record<string, string> = {}, params: Record<string, string> = {}, init: { method?: string; body?: unknown } = {}) {
    const url = new URL(`http://localhost:3000${path}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const request = new Request(url, {
      method: init.method ?? "GET",
      headers: { authorization: `Bearer ${bearer}`, ...(init.body ? { "content-type": "application/json" } : {}) },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
    return handler(request, { params: Promise.resolve(params) });
  }
  const json = async (response: Response) => {
    const text = await response.text();
    expect(response.status, text).toBe(200);
    return JSON.parse(text) as unknown;
  };
  const patch = async (id: string, body: Record<string, unknown>) => {
    const response = await call(patchCredentialRoute, `/api/v1/credentials/${id}`, {}, { id }, { method: "PATCH", body });
    expect(response.status, await response.clone().text()).toBe(200);
  };
  /** The control-mapping CSV without its as_of column (the one thing that names when it was made). */
  const controlCsv = async (query: Record<string, string>) => {
    const response = await call(exportRoute, "/api/v1/exports/csv", { frameworks, ...query }, { format: "csv" });
    expect(response.status).toBe(200);
    const parsed = parseCsv(await response.text());
    if (!parsed.ok) throw new Error(parsed.error.message);
    const rows = parsed.rows.map((r) => r.cells);
    const at = rows[0]?.indexOf("as_of") ?? -1;
    expect(at).toBeGreaterThan(0);
    return { rows: rows.map((r) => r.filter((_, i) => i !== at)), asOf: rows.slice(1).map((r) => r[at]) };
  };

  it("[AS-OF] after renames, a new owner, a grant added and one deleted, a finding resolved and a decommission, asOf=T returns what T returned", async () => {
    const team = await fx.team();
    const [owner, otherOwner] = [await fx.person(), await fx.person()];
    const api = await fx.api();
    const otherApi = await fx.api();
    const scope = (a: typeof api, i = 0) => a.scopes[i]?.id ?? "";
    const kept = await fx.credential({ owningTeamId: team.id, ownerId: owner.id, grants: [{ apiId: api.id, scopeIds: [scope(api)] }] });
    const shrinking = await fx.credential({ owningTeamId: team.id, ownerId: owner.id, grants: [{ apiId: api.id, scopeIds: [scope(api)] }, { apiId: otherApi.id, scopeIds: [scope(otherApi, 1)] }] });
    const retired = await fx.credential({ owningTeamId: team.id, ownerId: owner.id });
    const id = kept.credential.id;
    const [open] = await handle.db.select().from(findings).where(and(eq(findings.credentialId, id), eq(findings.status, "open"))).limit(1);
    expect(open, "the new credential has an open finding to resolve later").toBeDefined();

    const auditor = (await fx.account("auditor")).ctx.actor;
    const read = async (asOf?: string) => {
      const q: Record<string, string> = asOf ? { asOf } : {};
      return {
        inventory: await json(await call(listCredentialsRoute, "/api/v1/credentials", { teamId: team.id, limit: "200", ...q })),
        credential: await json(await call(getCredentialRoute, `/api/v1/credentials/${id}`, q, { id })),
        openFindings: await json(await call(listFindingsRoute, "/api/v1/findings", { teamId: team.id, status: "open", limit: "200", ...q })),
        resolvedFindings: await json(await call(listFindingsRoute, "/api/v1/findings", { teamId: team.id, status: "resolved", limit: "200", ...q })),
        controls: (await controlCsv({ teamId: team.id, ...q })).rows,
        // The pages' read functions (list, counts, filter choices) as an auditor sees them.
        inventoryPage: (await readInventoryList(auditor, credentialFilters.parse({ teamId: team.id, ...q }), 200)).page.items.map((c) => [c.id, c.name, c.status, c.ownerId]),
        findingsPage: await readFindings(auditor, findingFilters.parse({ teamId: team.id, ...q })).then((r) => ({ ids: r.page.items.map((f) => f.id), counts: r.counts })),
      };
    };
    await pause(20);
    const before = await read();
    const T = new Date();
    await pause(20);

    await patch(id, { name: unique("Renamed"), ownerId: otherOwner.id, grants: [{ apiId: api.id, scopeIds: [scope(api)] }, { apiId: otherApi.id, scopeIds: [scope(otherApi)] }] });
    await patch(shrinking.credential.id, { grants: [{ apiId: api.id, scopeIds: [scope(api)] }] });
    await audited(handle.db, auditContext(fx.admin), (tx, audit) => resolveFindings(tx, audit, open?.ruleId ?? "", [id], "fixed in the test"));
    await fx.decommission(retired.credential.id);
    await handle.db.update(teams).set({ name: unique("RenamedTeam") }).where(eq(teams.id, team.id));

    const now = await read();
    // The edits changed every read (otherwise the comparison below would prove nothing) …
    for (const key of Object.keys(before) as (keyof typeof before)[]) expect(now[key], key).not.toEqual(before[key]);
    // … and asOf=T gives each back as it was.
    const past = await read(T.toISOString());
    expect(past).toEqual(before);
    const { asOf } = await controlCsv({ teamId: team.id, asOf: T.toISOString() });
    expect(new Set(asOf)).toEqual(new Set([T.toISOString()]));
  });

  it("[AS-OF] asOf in the future, malformed, or before history began is a 422 naming asOf", async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const cases: [Handler, string, Record<string, string>, Record<string, string>][] = [
      [listCredentialsRoute, "/api/v1/credentials", {}, {}],
      [listFindingsRoute, "/api/v1/findings", {}, {}],
      [exportRoute, "/api/v1/exports/json", { frameworks }, { format: "json" }],
    ];
    for (const [handler, path, query, params] of cases) {
      for (const [asOf, message] of [[future, "future"], [tomorrow, "future"], ["last tuesday", "date"], ["2001-01-01", "history is kept from"]] as const) {
        const response = await call(handler, path, { ...query, asOf }, params);
        const body = (await response.json()) as { error: { details?: { fields?: Record<string, string[]> } } };
        expect(response.status, `${path} ${asOf}`).toBe(422);
        expect(Object.keys(body.error.details?.fields ?? {}), `${path} ${asOf}`).toEqual(["asOf"]);
        expect(body.error.details?.fields?.asOf?.join(" "), `${path} ${asOf}`).toContain(message);
      }
    }
    // Today as a day is allowed: the state now.
    expect((await call(listCredentialsRoute as Handler, "/api/v1/credentials", { asOf: new Date().toISOString().slice(0, 10) })).status).toBe(200);
  });

  it("[AS-OF] history costs one version per row per transaction; unchanged rows and the sweep's check time add none", async () => {
    const team = await fx.team();
    const made = await fx.credential({ owningTeamId: team.id });
    const versions = async (table: string, key: string) =>
      (await handle.db.execute(sql`select valid_to is null as open from history.row_versions where table_name = ${table} and row_pk = ${key}`)) as unknown;
    const count = async (table: string, key: string) => rowsOf<{ open: boolean }>(await versions(table, key)).length;
    const teamVersions = await count("teams", team.id);
    await handle.db.transaction(async (tx) => {
      await tx.update(teams).set({ name: unique("Twice") }).where(eq(teams.id, team.id));
      await tx.update(teams).set({ name: unique("Twice") }).where(eq(teams.id, team.id));
    });
    expect(await count("teams", team.id)).toBe(teamVersions + 1);
    await handle.db.update(teams).set({ kind: sql`kind` }).where(eq(teams.id, team.id));
    expect(await count("teams", team.id)).toBe(teamVersions + 1);
    const postureVersions = await count("credential_posture", made.credential.id);
    await handle.db.update(credentialPosture).set({ checkedAt: new Date() }).where(eq(credentialPosture.credentialId, made.credential.id));
    expect(await count("credential_posture", made.credential.id)).toBe(postureVersions);
    // Exactly one open version per row.
    expect(rowsOf<{ open: boolean }>(await versions("teams", team.id)).filter((v) => v.open)).toHaveLength(1);
  });

  it("[AS-OF] a read of the past cannot write, not even to the live tables", async () => {
    const asOf = new Date();
    const [{ n: before } = { n: 0 }] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(teams);
    await expect(readAsOf(handle.db, asOf, (tx) => tx.insert(teams).values({ name: unique("Nope"), key: unique("nope"), kind: "platform" }))).rejects.toThrow();
    const refused = await readAsOf(handle.db, asOf, (tx) => tx.execute(sql`insert into public.teams (name, key, kind) values ('x', ${unique("x")}, 'platform')`)).then(
      () => null,
      (error: unknown) => error as Error & { cause?: Error },
    );
    expect(String(refused?.cause?.message ?? refused?.message)).toMatch(/read-only transaction/);
    const [{ n: after } = { n: 0 }] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(teams);
    expect(after).toBe(before);
  });

  it("[AS-OF] an evidence pack of the past verifies, names asOf, ends its audit extract there; an altered asOf fails", async () => {
    const team = await fx.team();
    await fx.credential({ owningTeamId: team.id });
    await pause(20);
    const T = new Date();
    await pause(20);
    await fx.credential({ owningTeamId: team.id });
    const response = await call(exportRoute, "/api/v1/exports/evidence-pack", { frameworks, asOf: T.toISOString() }, { format: "evidence-pack" });
    expect(response.status).toBe(200);
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const check = verifyPack(new Map(Object.entries(files)));
    expect(check.problems).toEqual([]);
    const manifest = JSON.parse(Buffer.from(files["manifest.json"] ?? new Uint8Array()).toString("utf8")) as { asOf: string; generatedAt: string; exportEvent: { occurredAt: string } };
    expect(manifest.asOf).toBe(T.toISOString());
    expect(new Date(manifest.generatedAt).getTime()).toBeGreaterThan(T.getTime());
    // The extract's events end at asOf; what follows up to the export event is one omitted range.
    const lines = Buffer.from(files["audit-log.jsonl"] ?? new Uint8Array()).toString("utf8").trim().split("\n").map((l) => JSON.parse(l) as { occurredAt?: string; omitted?: { reason: string } });
    for (const line of lines) if (line.occurredAt) expect(new Date(line.occurredAt).getTime()).toBeLessThanOrEqual(T.getTime());
    expect(lines.at(-1)?.omitted?.reason).toBe("after asOf");
    // An attacker re-signs a manifest claiming another instant: the export event still records the real one.
    const forged = { ...files };
    const edited = `${JSON.stringify({ ...manifest, asOf: new Date(T.getTime() - 86_400_000).toISOString(), publicKey: undefined }, null, 2)}\n`;
    const key = signingKeyFromPem(generateSigningKeyPem());
    const withKey = `${JSON.stringify({ ...(JSON.parse(edited) as object), publicKey: key.publicKey }, null, 2)}\n`;
    forged["manifest.json"] = strToU8(withKey);
    forged["manifest.sig"] = strToU8(sign(key, manifestMessage(createHash("sha256").update(withKey).digest("hex"))));
    const tampered = verifyPack(new Map(Object.entries(unzipSync(zipSync(forged)))));
    expect(tampered.ok).toBe(false);
    expect(tampered.problems.join("\n")).toContain("asOf differs");
  });
});
