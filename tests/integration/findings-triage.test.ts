import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { getFinding, listFindings } from "@/db/queries/findings";
import { findingExceptions, findings } from "@/db/schema";
import { assignFindings, exceptFindingsInBulk } from "@/lib/server/commands/findings";
import { updatePerson } from "@/lib/server/org";
import { findingFilters } from "@/lib/validation/governance";
import { assignFindingsInput, bulkExceptionInput } from "@/lib/validation/exceptions";
import { fieldErrorsOf } from "@/lib/server/http";
import { contextAs } from "../support/context";
import { drivers, freshDatabase, type TestDatabase } from "../support/db";
import { auditEventsAfter, lastAuditSeq, rejectionOf } from "../support/audit";
import { DAY, expectAppError, inventoryFixtures } from "../support/inventory";

const unknownId = "00000000-0000-4000-8000-000000000000";

/** Issue 16 item 3: security triages findings — assigns them and accepts several risks at once. */
describe.each(drivers)("[TRIAGE] findings triage on %s", (driver) => {
  let handle: TestDatabase;
  let fx: ReturnType<typeof inventoryFixtures>;
  let security: ReturnType<typeof contextAs>;
  beforeAll(async () => {
    handle = await freshDatabase(driver);
    fx = inventoryFixtures(handle.db);
    security = await fx.asUser(contextAs("security"));
  });
  afterAll(async () => {
    await handle.close();
  });

  /** The open backup-owner-missing finding every fixture credential has. */
  const openFinding = async () => {
    const { credential } = await fx.credential();
    const [row] = await handle.db.select().from(findings).where(and(eq(findings.credentialId, credential.id), eq(findings.ruleId, "backup-owner-missing"), eq(findings.status, "open")));
    if (!row) throw new Error("no open finding");
    return row;
  };
  const byId = async (ids: string[]) => handle.db.select().from(findings).where(inArray(findings.id, ids));
  const terms = (patch: Record<string, unknown>) =>
    bulkExceptionInput.parse({ justification: "Single maintainer until Q3", compensatingControl: "Weekly on-call review", expiresAt: new Date(Date.now() + 30 * DAY).toISOString(), ...patch });

  it("[TRIAGE] assigning writes the assignee and one finding.assigned event per finding in the same transaction; the list and detail show it", async () => {
    const ana = await fx.person("Ana Triage");
    const [a, b] = [await openFinding(), await openFinding()];
    const seq = await lastAuditSeq(handle.db);
    expect(await assignFindings(handle.db, security, assignFindingsInput.parse({ findingIds: [a.id, b.id], assigneePersonId: ana.id }))).toEqual({ assigned: 2, skipped: 0 });
    expect((await byId([a.id, b.id])).map((f) => f.assigneePersonId)).toEqual([ana.id, ana.id]);
    const events = await auditEventsAfter(handle.db, seq);
    expect(events.map((e) => e.action)).toEqual(["finding.assigned", "finding.assigned"]);
    expect(events.map((e) => (e.payload as { findingId: string }).findingId).sort()).toEqual([a.id, b.id].sort());
    expect(events[0]?.payload).toMatchObject({ fromPersonId: null, toPersonId: ana.id });

    const page = await listFindings(handle.db, findingFilters.parse({ assigneeId: ana.id }));
    expect(page.items.map((f) => f.id).sort()).toEqual([a.id, b.id].sort());
    expect(page.items[0]?.assignee).toEqual({ id: ana.id, name: "Ana Triage" });
    expect((await getFinding(handle.db, a.id))?.assignee).toEqual({ id: ana.id, name: "Ana Triage" });
    const unassigned = (await listFindings(handle.db, findingFilters.parse({ credentialId: (await openFinding()).credentialId }))).items[0];
    expect(unassigned?.assignee).toBeNull();

    // The same assignment again changes nothing and says so; unassigning records who it was.
    const seq2 = await lastAuditSeq(handle.db);
    expect(await assignFindings(handle.db, security, assignFindingsInput.parse({ findingIds: [a.id], assigneePersonId: ana.id }))).toEqual({ assigned: 0, skipped: 1 });
    expect(await auditEventsAfter(handle.db, seq2)).toEqual([]);
    await assignFindings(handle.db, security, assignFindingsInput.parse({ findingIds: [a.id], assigneePersonId: null }));
    expect((await auditEventsAfter(handle.db, seq2)).map((e) => e.payload)).toEqual([expect.objectContaining({ findingId: a.id, fromPersonId: ana.id, toPersonId: null })]);
    expect((await byId([a.id]))[0]?.assigneePersonId).toBeNull();
  });

  it("[TRIAGE] bad assignments name the field and write nothing: inactive person, unknown finding, empty or repeated list", async () => {
    const fields = (body: Record<string, unknown>) => {
      const r = assignFindingsInput.safeParse({ findingIds: [unknownId], assigneePersonId: unknownId, ...body });
      return r.success ? [] : Object.keys(fieldErrorsOf(r.error)).sort();
    };
    expect(fields({ findingIds: [] })).toEqual(["findingIds"]);
    expect(fields({ findingIds: [unknownId, unknownId] })).toEqual(["findingIds"]);
    expect(fields({ assigneePersonId: "me" })).toEqual(["assigneePersonId"]);

    const f = await openFinding();
    const gone = await fx.person();
    await updatePerson(handle.db, fx.admin, gone.id, { isActive: false });
    const seq = await lastAuditSeq(handle.db);
    expectAppError(await rejectionOf(assignFindings(handle.db, security, assignFindingsInput.parse({ findingIds: [f.id], assigneePersonId: gone.id }))), "INVALID_INPUT", ["assigneePersonId"]);
    const ana = await fx.person();
    const seq2 = await lastAuditSeq(handle.db);
    expectAppError(await rejectionOf(assignFindings(handle.db, security, assignFindingsInput.parse({ findingIds: [f.id, unknownId], assigneePersonId: ana.id }))), "INVALID_INPUT", ["findingIds"]);
    expect((await auditEventsAfter(handle.db, seq)).filter((e) => e.action === "finding.assigned")).toEqual([]);
    expect(await auditEventsAfter(handle.db, seq2)).toEqual([]);
    expect((await byId([f.id]))[0]?.assigneePersonId).toBeNull();
  });

  it("[TRIAGE] a bulk exception accepts each open finding on its own credential, audited per finding, and skips what no longer fits", async () => {
    const approver = await fx.person();
    const [a, b, c] = [await openFinding(), await openFinding(), await openFinding()];
    await handle.db.update(findings).set({ status: "resolved", resolvedAt: new Date() }).where(eq(findings.id, c.id));
    const seq = await lastAuditSeq(handle.db);
    const made = await exceptFindingsInBulk(handle.db, security, terms({ findingIds: [a.id, b.id, c.id], approverPersonId: approver.id }));
    expect(made).toEqual({ exceptions: 2, excepted: 2, skipped: 1 });
    const rows = await byId([a.id, b.id]);
    expect(rows.map((r) => r.status)).toEqual(["excepted", "excepted"]);
    const exceptions = await handle.db.select().from(findingExceptions).where(inArray(findingExceptions.id, rows.map((r) => r.exceptionId ?? "")));
    expect(exceptions.map((e) => e.credentialId).sort()).toEqual([a.credentialId, b.credentialId].sort());
    expect(exceptions.every((e) => e.ruleId === "backup-owner-missing" && e.approverPersonId === approver.id && e.filter === null)).toBe(true);
    const actions = (await auditEventsAfter(handle.db, seq)).map((e) => e.action);
    expect(actions).toEqual(["exception.created", "exception.created", "finding.excepted", "finding.excepted"]);
    // Again: both are excepted now, so nothing is written.
    const seq2 = await lastAuditSeq(handle.db);
    expect(await exceptFindingsInBulk(handle.db, security, terms({ findingIds: [a.id, b.id], approverPersonId: approver.id }))).toEqual({ exceptions: 0, excepted: 0, skipped: 2 });
    expect(await auditEventsAfter(handle.db, seq2)).toEqual([]);
  });

  it("[TRIAGE] a bulk exception with bad terms names the field and writes nothing", async () => {
    const approver = await fx.person();
    const f = await openFinding();
    const seq = await lastAuditSeq(handle.db);
    expectAppError(await rejectionOf(exceptFindingsInBulk(handle.db, security, terms({ findingIds: [f.id], approverPersonId: approver.id, expiresAt: new Date(Date.now() + 366 * DAY).toISOString() }))), "INVALID_INPUT", ["expiresAt"]);
    expectAppError(await rejectionOf(exceptFindingsInBulk(handle.db, security, terms({ findingIds: [f.id], approverPersonId: unknownId }))), "INVALID_INPUT", ["approverPersonId"]);
    expectAppError(await rejectionOf(exceptFindingsInBulk(handle.db, security, terms({ findingIds: [f.id, unknownId], approverPersonId: approver.id }))), "INVALID_INPUT", ["findingIds"]);
    expect(await auditEventsAfter(handle.db, seq)).toEqual([]);
    expect((await byId([f.id]))[0]?.status).toBe("open");
    expect(await handle.db.select().from(findingExceptions).where(eq(findingExceptions.credentialId, f.credentialId))).toEqual([]);
  });

  it("[TRIAGE] an index serves 'assigned to' in the list's order", async () => {
    const rows = rowsOf<{ indexdef: string }>(await handle.db.execute(sql`select indexdef from pg_indexes where tablename = 'findings' and indexname = 'findings_assignee_status_rank_age_idx'`));
    expect(rows[0]?.indexdef).toMatch(/\(assignee_person_id, status, severity DESC, opened_at, id\)/);
  });
});
