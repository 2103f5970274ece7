import { beforeAll, describe, expect, it } from "vitest";
import { encodeCredentialCursor, listCredentials } from "@/db/queries/credentials";
import { presentCredentialListItem } from "@/lib/server/inventory/present";
import { credentialPageDto } from "@/lib/validation/inventory-dto";
import { credentialFilters, credentialSorts, type CredentialFilters } from "@/lib/validation/inventory";
import { drivers } from "../support/db";
import { suiteDatabase } from "../support/inventory";

type Key = "t1" | "t2" | "p1" | "p2" | "a1" | "a2" | "x1" | "x2" | "s1" | "s2";
type Spec = {
  name: string;
  environment: "production" | "staging" | "development" | "test";
  status?: "active" | "suspended" | "decommissioned";
  kind?: "oauth_client" | "api_key" | "certificate";
  team?: "t1" | "t2";
  owner?: "p1" | "p2";
  apis?: ("a1" | "a2")[];
  apps?: ("x1" | "x2")[];
  clientId?: string;
  server?: "s1" | "s2";
  sdk?: string;
  tokenCache?: "none" | "in_memory" | "disk" | "shared_cache";
  /** Issue date of its one active secret; none when absent (no rotation due date, sorted last). */
  issued?: string;
  reviewed: string;
};

// Names start with distinct capitals (or repeat exactly), so every collation orders them alike;
// repeated names and repeated dates exercise the id tie-break of the keyset.
const specs: Spec[] = [
  { name: "Alpha", environment: "production", team: "t1", owner: "p1", apis: ["a1"], clientId: "svc-billing-01", server: "s1", sdk: "msal-node", tokenCache: "in_memory", issued: "2026-01-01", reviewed: "2026-01-01" },
  { name: "Alpha", environment: "production", team: "t1", owner: "p2", apis: ["a1"], clientId: "svc-billing-02", server: "s2", sdk: "msal-node", issued: "2026-01-01", reviewed: "2026-01-01" },
  { name: "Bravo", environment: "staging", team: "t2", owner: "p1", apis: ["a2"], issued: "2026-01-01", reviewed: "2026-01-01" },
  { name: "Charlie", environment: "staging", team: "t2", kind: "api_key", apps: ["x1"], issued: "2026-01-01", reviewed: "2026-02-01" },
  { name: "Delta", environment: "development", team: "t1", status: "suspended", apps: ["x2"], clientId: "odd%id_x", issued: "2025-06-01", reviewed: "2026-02-01" },
  { name: "Echo", environment: "test", owner: "p2", kind: "certificate", reviewed: "2026-02-01" },
  { name: "Foxtrot", environment: "production", status: "decommissioned", team: "t2", apis: ["a1", "a2"], reviewed: "2025-12-01" },
  { name: "Golf", environment: "production", team: "t1", apps: ["x1", "x2"], tokenCache: "in_memory", issued: "2026-03-01", reviewed: "2025-12-01" },
  { name: "Hotel", environment: "staging", owner: "p1", reviewed: "2025-12-01" },
  { name: "India", environment: "test", kind: "api_key", apis: ["a2"], apps: ["x1"], issued: "2024-12-31", reviewed: "2026-03-01" },
  { name: "Juliet", environment: "development", issued: "2026-01-01", reviewed: "2026-03-01" },
  { name: "Juliet", environment: "development", issued: "2026-01-01", reviewed: "2026-03-01" },
  { name: "Kilo", environment: "production", team: "t2", owner: "p2", clientId: "CLIENT-Kilo", server: "s1", sdk: "MSAL-node", tokenCache: "disk", reviewed: "2026-03-01" },
  // Id-shaped searches look up their word with digits in the trigram index and check the whole text after.
  { name: "Lima", environment: "test", clientId: "client-770000", reviewed: "2026-03-01" },
  { name: "Mike", environment: "test", clientId: "xCLIENT-7700001y", reviewed: "2026-03-01" },
  { name: "November client 770000", environment: "test", clientId: "770000-client", reviewed: "2026-03-01" },
];

type Row = Spec & { id: string; rotationDueAt: Date | null; reviewDueAt: Date | null };

describe.each(drivers)("[INV] credential list: filters, sorts and keyset pages on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: false });
  let rows: Row[];
  const refs = new Map<Key, string>();
  const now = new Date("2026-06-01T00:00:00.000Z");

  beforeAll(async () => {
    const [p1, p2] = [await fx.person(), await fx.person()];
    const [t1, t2] = [await fx.team(), await fx.team()];
    const a1 = await fx.api({ trustZone: "internal", sensitivity: "low" });
    const a2 = await fx.api({ trustZone: "restricted", sensitivity: "moderate" });
    const x1 = await fx.application({ trustZone: "partner" });
    const x2 = await fx.application({ trustZone: "internal" });
    const [s1, s2] = [await fx.server(), await fx.server()];
    for (const [k, v] of Object.entries({ s1: s1.id, s2: s2.id, p1: p1.id, p2: p2.id, t1: t1.id, t2: t2.id, a1: a1.id, a2: a2.id, x1: x1.id, x2: x2.id })) refs.set(k as Key, v);
    const ref = (k: Key | undefined) => (k ? refs.get(k) : undefined);
    rows = [];
    for (const [i, spec] of specs.entries()) {
      const created = await fx.credential({
        key: `cred-${i}`,
        name: spec.name,
        environment: spec.environment,
        kind: spec.kind ?? "oauth_client",
        status: spec.status === "decommissioned" ? "active" : (spec.status ?? "active"),
        owningTeamId: ref(spec.team),
        ownerId: ref(spec.owner),
        clientId: spec.clientId,
        authorizationServerId: ref(spec.server),
        sdkName: spec.sdk,
        tokenCache: spec.tokenCache,
        applicationIds: (spec.apps ?? []).map(ref),
        grants: (spec.apis ?? []).map((a) => ({ apiId: ref(a), scopeIds: [] })),
      });
      const id = created.credential.id;
      // Last reviewed is server-owned (only a recorded review sets it): set as a review does.
      await fx.reviewedAt(id, new Date(spec.reviewed));
      if (spec.issued) await fx.secret(id, { issuedAt: spec.issued });
      if (spec.status === "decommissioned") {
        await fx.decommission(id);
      }
      const all = await listCredentials(handle.db, credentialFilters.parse({ limit: 200 }), now);
      const item = all.items.find((c) => c.id === id);
      rows.push({ ...spec, id, rotationDueAt: item?.rotationDueAt ?? null, reviewDueAt: item?.reviewDueAt ?? null });
    }
  });

  const list = (filters: Record<string, unknown>) => listCredentials(handle.db, credentialFilters.parse({ limit: 200, ...filters }), now);
  const idsOf = async (filters: Record<string, unknown>) => (await list(filters)).items.map((i) => i.id).sort();
  const expectIds = (predicate: (r: Row) => boolean) => rows.filter(predicate).map((r) => r.id).sort();

  it("lists every credential once without filters, with names and due dates", async () => {
    const page = await list({});
    expect(page.items).toHaveLength(specs.length);
    expect(page.nextCursor).toBeNull();
    // Secret-less credentials have no rotation due date; the others do.
    for (const r of rows) expect(r.rotationDueAt === null, r.name).toBe(r.issued === undefined);
    const kilo = page.items.find((i) => i.name === "Kilo");
    expect(kilo).toMatchObject({ owningTeamId: refs.get("t2"), ownerId: refs.get("p2") });
    expect([typeof kilo?.owningTeamName, typeof kilo?.ownerName]).toEqual(["string", "string"]);
  });

  it("the list, as the route presents it, passes the declared response schema", async () => {
    const page = await list({ limit: 5 });
    const body = credentialPageDto.parse(JSON.parse(JSON.stringify({ items: page.items.map((c) => presentCredentialListItem(c, now)), nextCursor: page.nextCursor })));
    expect(body.items).toHaveLength(5);
    expect(typeof body.nextCursor).toBe("string");
  });

  it("q searches names and client ids, case-insensitively, with % and _ taken literally", async () => {
    expect(await idsOf({ q: "alp" })).toEqual(expectIds((r) => r.name === "Alpha"));
    expect(await idsOf({ q: "BILLING-02" })).toEqual(expectIds((r) => r.clientId === "svc-billing-02"));
    expect(await idsOf({ q: "kilo" })).toEqual(expectIds((r) => r.name === "Kilo"));
    expect(await idsOf({ q: "%" })).toEqual(expectIds((r) => r.name === "Delta"));
    expect(await idsOf({ q: "_" })).toEqual(expectIds((r) => r.name === "Delta"));
    expect(await idsOf({ q: "nothing-like-this" })).toEqual([]);
    // Id-shaped: the same rows as a plain substring match, whichever word the index looked up.
    expect(await idsOf({ q: "client-770000" })).toEqual(expectIds((r) => r.name === "Lima" || r.name === "Mike"));
    expect(await idsOf({ q: "770000-CLIENT" })).toEqual(expectIds((r) => r.name === "November client 770000"));
    expect(await idsOf({ q: "client 770000" })).toEqual(expectIds((r) => r.name === "November client 770000"));
    expect(await idsOf({ q: "nt-7700001" })).toEqual(expectIds((r) => r.name === "Mike"));
    // Blank q is no filter.
    expect(await idsOf({ q: "   " })).toHaveLength(specs.length);
  });

  it("filters by owning team, owner, environment, status and kind", async () => {
    expect(await idsOf({ teamId: refs.get("t1") })).toEqual(expectIds((r) => r.team === "t1"));
    expect(await idsOf({ ownerId: refs.get("p2") })).toEqual(expectIds((r) => r.owner === "p2"));
    expect(await idsOf({ environment: "staging" })).toEqual(expectIds((r) => r.environment === "staging"));
    expect(await idsOf({ status: "suspended" })).toEqual(expectIds((r) => r.status === "suspended"));
    expect(await idsOf({ status: "decommissioned" })).toEqual(expectIds((r) => r.status === "decommissioned"));
    expect(await idsOf({ status: "active" })).toEqual(expectIds((r) => (r.status ?? "active") === "active"));
    expect(await idsOf({ kind: "api_key" })).toEqual(expectIds((r) => r.kind === "api_key"));
    expect(await idsOf({ kind: "oauth_client" })).toEqual(expectIds((r) => (r.kind ?? "oauth_client") === "oauth_client"));
    // Filters combine with AND.
    expect(await idsOf({ teamId: refs.get("t1"), environment: "production" })).toEqual(expectIds((r) => r.team === "t1" && r.environment === "production"));
  });

  it("filters by granted API, and by trust zone through the granted APIs or the applications", async () => {
    expect(await idsOf({ apiId: refs.get("a1") })).toEqual(expectIds((r) => (r.apis ?? []).includes("a1")));
    expect(await idsOf({ apiId: refs.get("a2") })).toEqual(expectIds((r) => (r.apis ?? []).includes("a2")));
    // restricted: only API a2 lives there.
    expect(await idsOf({ trustZone: "restricted" })).toEqual(expectIds((r) => (r.apis ?? []).includes("a2")));
    // partner: only application x1.
    expect(await idsOf({ trustZone: "partner" })).toEqual(expectIds((r) => (r.apps ?? []).includes("x1")));
    // internal: API a1 or application x2 — each credential once even when both match.
    const internal = await list({ trustZone: "internal" });
    expect(internal.items.map((i) => i.id).sort()).toEqual(expectIds((r) => (r.apis ?? []).includes("a1") || (r.apps ?? []).includes("x2")));
    expect(new Set(internal.items.map((i) => i.id)).size).toBe(internal.items.length);
    expect(await idsOf({ trustZone: "nowhere" })).toEqual([]);
  });

  it("filters by authorization server, application, SDK (exact name) and token cache, combined with AND", async () => {
    expect(await idsOf({ serverId: refs.get("s1") })).toEqual(expectIds((r) => r.server === "s1"));
    expect(await idsOf({ serverId: refs.get("s2") })).toEqual(expectIds((r) => r.server === "s2"));
    expect(await idsOf({ applicationId: refs.get("x1") })).toEqual(expectIds((r) => (r.apps ?? []).includes("x1")));
    expect(await idsOf({ applicationId: refs.get("x2") })).toEqual(expectIds((r) => (r.apps ?? []).includes("x2")));
    expect(await idsOf({ sdk: "msal-node" })).toEqual(expectIds((r) => r.sdk === "msal-node"));
    expect(await idsOf({ sdk: " MSAL-node " })).toEqual(expectIds((r) => r.sdk === "MSAL-node"));
    expect(await idsOf({ tokenCache: "in_memory" })).toEqual(expectIds((r) => r.tokenCache === "in_memory"));
    expect(await idsOf({ tokenCache: "unknown" })).toEqual(expectIds((r) => r.tokenCache === undefined));
    expect(await idsOf({ serverId: refs.get("s1"), tokenCache: "in_memory", sdk: "msal-node" })).toEqual(expectIds((r) => r.server === "s1" && r.tokenCache === "in_memory" && r.sdk === "msal-node"));
    expect(await idsOf({ applicationId: refs.get("x1"), tokenCache: "in_memory" })).toEqual(expectIds((r) => (r.apps ?? []).includes("x1") && r.tokenCache === "in_memory"));
    // Each narrows to a proper, non-empty subset, or the test proves little.
    for (const n of [(await idsOf({ serverId: refs.get("s1") })).length, (await idsOf({ tokenCache: "in_memory" })).length]) expect(n).toBeGreaterThan(0);
    expect(() => credentialFilters.parse({ tokenCache: "fridge" })).toThrow();
    expect(() => credentialFilters.parse({ serverId: "not-a-uuid" })).toThrow();
  });

  it("filters by rotation and review bucket", async () => {
    expect(await idsOf({ due: "none" })).toEqual(expectIds((r) => r.rotationDueAt === null));
    const bucketOf = (due: Date | null, soonDays = 30) =>
      due === null ? "none" : due < now ? "overdue" : due.getTime() <= now.getTime() + soonDays * 86_400_000 ? "due_soon" : "ok";
    for (const b of ["overdue", "due_soon", "ok"]) {
      expect(await idsOf({ due: b }), b).toEqual(expectIds((r) => bucketOf(r.rotationDueAt) === b));
      expect(await idsOf({ reviewDue: b }), b).toEqual(expectIds((r) => bucketOf(r.reviewDueAt) === b));
    }
    // The data set has rows in several buckets, or the test proves little.
    expect(new Set(rows.map((r) => bucketOf(r.rotationDueAt))).size).toBeGreaterThanOrEqual(3);
  });

  const compareBy = (sort: CredentialFilters["sort"]) => (a: Row, b: Row) => {
    const key = (r: Row) => (sort === "name" ? r.name : sort === "review_due" ? r.reviewDueAt?.getTime() : r.rotationDueAt?.getTime());
    const [x, y] = [key(a), key(b)];
    if (x !== y) {
      if (x === undefined) return 1; // nulls last
      if (y === undefined) return -1;
      return x < y ? -1 : 1;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };

  it.each(credentialSorts)("sorts by %s ascending, nulls last, ties by id", async (sort) => {
    const page = await list({ sort });
    expect(page.items.map((i) => i.id)).toEqual([...rows].sort(compareBy(sort)).map((r) => r.id));
  });

  it("the data set has ties and nulls in every sort", () => {
    expect(rows.filter((r) => r.rotationDueAt === null).length).toBeGreaterThan(1);
    const dup = (values: unknown[]) => new Set(values).size < values.length;
    expect(dup(rows.filter((r) => r.rotationDueAt).map((r) => r.rotationDueAt?.getTime()))).toBe(true);
    expect(dup(rows.map((r) => r.reviewDueAt?.getTime()))).toBe(true);
    expect(dup(rows.map((r) => r.name))).toBe(true);
  });

  /** Walks every page as a client would: each next cursor goes back through the query schema. */
  async function walk(filters: Record<string, unknown>, limit: number) {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await listCredentials(handle.db, credentialFilters.parse({ ...filters, limit, ...(cursor ? { cursor } : {}) }), now);
      pages++;
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items.map((i) => i.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
      expect(pages).toBeLessThan(100);
    }
    return { seen, pages };
  }

  it.each(credentialSorts.flatMap((sort) => [1, 2, 3, 5].map((limit) => ({ sort, limit }))))(
    "keyset pages by $sort with limit $limit visit every row exactly once, in order",
    async ({ sort, limit }) => {
      const { seen, pages } = await walk({ sort }, limit);
      expect(seen).toEqual([...rows].sort(compareBy(sort)).map((r) => r.id));
      // The last page says there is no more: no empty page at the end.
      expect(pages).toBe(Math.ceil(rows.length / limit));
    },
  );

  it("keyset pages respect the filters", async () => {
    for (const sort of credentialSorts) {
      const { seen } = await walk({ sort, environment: "production" }, 2);
      expect(seen).toEqual(rows.filter((r) => r.environment === "production").sort(compareBy(sort)).map((r) => r.id));
    }
  });

  it("a malformed cursor, or one from another sort, is a validation error on cursor (422)", () => {
    const nameCursor = encodeCredentialCursor("Alpha", rows[0]?.id ?? "");
    for (const [sort, cursor] of [
      ["rotation_due", "not-a-cursor"],
      ["name", Buffer.from("[1,2]").toString("base64url")],
      ["rotation_due", nameCursor],
      ["review_due", encodeCredentialCursor("2026-01-01T00:00:00.000Z", "not-a-uuid")],
    ] as const) {
      const parsed = credentialFilters.safeParse({ sort, cursor });
      expect(parsed.success, cursor).toBe(false);
      expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["cursor"]);
    }
    expect(credentialFilters.safeParse({ sort: "name", cursor: nameCursor }).success).toBe(true);
  });

  it("a direct caller's unusable cursor gets the first page rather than a database error", async () => {
    const bad = { ...credentialFilters.parse({ limit: 3 }), cursor: encodeCredentialCursor("Alpha", "not-a-uuid") };
    const page = await listCredentials(handle.db, bad, now);
    expect(page.items.map((i) => i.id)).toEqual([...rows].sort(compareBy("rotation_due")).slice(0, 3).map((r) => r.id));
  });

  it("a cursor whose row was deleted still continues after its position", async () => {
    const sorted = [...rows].sort(compareBy("name"));
    const third = sorted[2];
    if (!third) throw new Error("too few rows");
    // A cursor for a row that is not there (an id between rows) continues from the value's position.
    const cursor = encodeCredentialCursor(third.name, "ffffffff-ffff-4fff-bfff-ffffffffffff");
    const page = await list({ sort: "name", cursor, limit: 200 });
    expect(page.items.map((i) => i.id)).toEqual(sorted.filter((r) => r.name > third.name).map((r) => r.id));
  });
});
