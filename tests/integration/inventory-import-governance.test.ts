import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { credentials } from "@/db/schema";
import { applyImport, dryRunResult, prepareImport } from "@/lib/server/inventory/import";
import { contextAs } from "../support/context";
import { drivers } from "../support/db";
import { suiteDatabase } from "../support/inventory";

/**
 * Issue 12 item 4 for the import (issue 19 §1: one road for every write): the import obeys the
 * REST path's governance rules — an override weaker than the matched policy is security's call
 * alone, and "last reviewed at" is set only by a recorded review.
 */

/** A production credential granted a critical API: the sensitive production policy matches it (review every 90 days). */
function file(credential: Record<string, unknown>): string {
  return JSON.stringify(
    {
      format: "steward-inventory/v1",
      apis: [{ key: "gov-ledger", name: "Ledger", audience: "https://ledger.example.com", trustZone: "internal", sensitivity: "critical", scopes: [] }],
      credentials: [{ name: "Ledger client", environment: "production", grants: [{ api: "gov-ledger", scopes: [] }], ...credential }],
    },
    null,
    2,
  );
}

const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

describe.each(drivers)("[IMPGOV] import governance rules on %s", (driver) => {
  const { handle } = suiteDatabase(driver, { auditChain: true });

  const stored = async (key: string) => (await handle.db.select().from(credentials).where(eq(credentials.key, key)))[0];

  it("[IMPGOV] an admin import that weakens governance below the matched policy is invalid in the dry run (line and field) and not written", async () => {
    const text = file({ key: "gov-weak", rotationPolicy: "default-non-production", reviewCadenceDays: 400 });
    const prepared = await prepareImport(handle.db, text, "json", { role: "admin" });
    const dry = dryRunResult(prepared);
    const record = dry.records.find((r) => r.key === "gov-weak");
    expect(record?.action).toBe("invalid");
    expect(record?.issues.map((i) => [i.field, i.line])).toEqual([
      ["reviewCadenceDays", lineOf(text, '"reviewCadenceDays"')],
      ["rotationPolicy", lineOf(text, '"rotationPolicy"')],
    ]);
    expect(record?.issues[0]?.message).toMatch(/weaker than the matched policy/);
    const result = await applyImport(handle.db, contextAs("admin"), prepared, { mode: "apply-valid" });
    expect(result.skippedInvalid).toBe(1);
    expect(await stored("gov-weak")).toBeUndefined();
  });

  it("[IMPGOV] an admin may tighten by import; an existing credential may not be loosened by an admin's file", async () => {
    const tight = file({ key: "gov-tight", reviewCadenceDays: 30, rotationPolicy: "default-production-sensitive" });
    await applyImport(handle.db, contextAs("admin"), await prepareImport(handle.db, tight, "json", { role: "admin" }), { mode: "apply" });
    expect((await stored("gov-tight"))?.reviewCadenceDays).toBe(30);

    const loose = file({ key: "gov-tight", reviewCadenceDays: 180, rotationPolicy: "default-production-sensitive" });
    const dry = dryRunResult(await prepareImport(handle.db, loose, "json", { role: "admin" }));
    expect(dry.records.find((r) => r.key === "gov-tight")).toMatchObject({ action: "invalid", issues: [{ field: "reviewCadenceDays", line: lineOf(loose, '"reviewCadenceDays"') }] });
  });

  it("[IMPGOV] security may import weaker governance (the posture rule keeps it visible)", async () => {
    const text = file({ key: "gov-security", rotationPolicy: "default-non-production", reviewCadenceDays: 400 });
    const prepared = await prepareImport(handle.db, text, "json", { role: "security" });
    expect(dryRunResult(prepared).totals).toMatchObject({ invalid: 0 });
    await applyImport(handle.db, contextAs("security"), prepared, { mode: "apply" });
    expect((await stored("gov-security"))?.reviewCadenceDays).toBe(400);
  });

  it("[IMPGOV] lastReviewedAt in a file is never written: the dry run says it is ignored; an unchanged one changes nothing", async () => {
    const text = file({ key: "gov-reviewed", lastReviewedAt: "2026-01-15T00:00:00.000Z" });
    const prepared = await prepareImport(handle.db, text, "json", { role: "admin" });
    const dry = dryRunResult(prepared);
    expect(dry.totals).toMatchObject({ invalid: 0 });
    expect(dry.ignored.map((i) => [i.field, i.line])).toEqual([["lastReviewedAt", lineOf(text, '"lastReviewedAt"')]]);
    expect(dry.ignored[0]?.message).toMatch(/only a recorded review/);
    await applyImport(handle.db, contextAs("admin"), prepared, { mode: "apply" });
    expect((await stored("gov-reviewed"))?.lastReviewedAt).toBeNull();

    // A later file with a different date is still no change; with the stored date (an export) it is unchanged and silent.
    const later = dryRunResult(await prepareImport(handle.db, file({ key: "gov-reviewed", lastReviewedAt: "2026-02-01T00:00:00.000Z" }), "json", { role: "admin" }));
    expect(later.totals).toMatchObject({ update: 0, invalid: 0 });
    expect(later.ignored.map((i) => i.field)).toEqual(["lastReviewedAt"]);
    const reviewedAt = new Date("2026-03-01T00:00:00.000Z");
    await handle.db.update(credentials).set({ lastReviewedAt: reviewedAt }).where(eq(credentials.key, "gov-reviewed"));
    const same = dryRunResult(await prepareImport(handle.db, file({ key: "gov-reviewed", lastReviewedAt: reviewedAt.toISOString() }), "json", { role: "admin" }));
    expect(same.totals).toMatchObject({ update: 0, invalid: 0 });
    expect(same.ignored).toEqual([]);
  });
});
