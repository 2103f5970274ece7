import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { teams } from "@/db/schema";
import { freshDatabase, pgliteTemplateFile, type TestDatabase } from "../support/db";

// Every integration test stands on freshDatabase: each must be fully migrated and share nothing.
describe("[TEST-DB] fresh PGlite databases", () => {
  const journal = JSON.parse(fs.readFileSync(path.join(process.cwd(), "drizzle/meta/_journal.json"), "utf8")) as { entries: unknown[] };

  let a: TestDatabase;
  let b: TestDatabase;
  beforeAll(async () => {
    a = await freshDatabase("pglite");
    b = await freshDatabase("pglite");
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it("are fully migrated, independent of each other, and start from the cached migrated template", async () => {
    for (const handle of [a, b]) {
      const [applied] = rowsOf<{ n: string | number }>(await handle.db.execute(sql`select count(*) as n from drizzle.__drizzle_migrations`));
      expect(Number(applied?.n)).toBe(journal.entries.length);
    }
    await a.db.insert(teams).values({ key: "only-in-a", name: "Only in A", kind: "application" });
    expect(await b.db.select().from(teams)).toEqual([]);
    expect(fs.existsSync(pgliteTemplateFile())).toBe(true);
  });
});
