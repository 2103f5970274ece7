import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { findingExceptions, findings } from "@/db/schema";
import { createException, expireLapsedExceptions, revokeException } from "@/lib/server/governance/exceptions";
import { updateCredential } from "@/lib/server/inventory/credentials";
import { fieldErrorsOf } from "@/lib/server/http";
import { createExceptionInput } from "@/lib/validation/exceptions";
import { updateCredentialInput } from "@/lib/validation/inventory";
import { contextAs } from "../support/context";
import { drivers } from "../support/db";
import { auditEventsAfter, lastAuditSeq, rejectionOf } from "../support/audit";
import { DAY, expectAppError, suiteDatabase } from "../support/inventory";

/** DESIGN §5.3: exceptions accept a finding's risk for at most 365 days, then it reopens. */
describe.each(drivers)("[EXCEPTIONS] risk acceptance on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: false });
  let securityCtx: ReturnType<typeof contextAs>;
  beforeAll(async () => {
    securityCtx = await fx.asUser(contextAs("security"));
  });

  const security = () => Promise.resolve(securityCtx);
  const finding = async (credentialId: string, ruleId = "backup-owner-missing") =>
    (await handle.db.select().from(findings).where(and(eq(findings.credentialId, credentialId), eq(findings.ruleId, ruleId)))).at(-1);
  const input = (patch: Record<string, unknown>) =>
    createExceptionInput.parse({ ruleId: "backup-owner-missing", justification: "Single maintainer until Q3", compensatingControl: "Weekly on-call review", expiresAt: new Date(Date.now() + 30 * DAY).toISOString(), ...patch });

  it("[EXCEPTIONS] accepting a finding's risk excepts it in the same audited transaction; revoking reopens it", async () => {
    const approver = await fx.person();
    const { credential } = await fx.credential();
    expect(await finding(credential.id)).toMatchObject({ status: "open" });
    const seq = await lastAuditSeq(handle.db);
    const made = await createException(handle.db, await security(), input({ credentialId: credential.id, approverPersonId: approver.id }));
    expect(made.excepted).toBe(1);
    expect(await finding(credential.id)).toMatchObject({ status: "excepted", exceptionId: made.id });
    expect((await auditEventsAfter(handle.db, seq)).map((e) => e.action)).toEqual(["exception.created", "finding.excepted"]);
    // A second active exception for the same rule and credential is a conflict.
    expectAppError(await rejectionOf(createException(handle.db, await security(), input({ credentialId: credential.id, approverPersonId: approver.id }))), "CONFLICT", ["credentialId"]);

    // The engine keeps it excepted while the cause stays; an unrelated edit changes nothing.
    await updateCredential(handle.db, fx.admin, credential.id, updateCredentialInput.parse({ description: "edited" }));
    expect(await finding(credential.id)).toMatchObject({ status: "excepted" });

    const revoked = await revokeException(handle.db, await security(), made.id, "Second maintainer hired");
    expect(revoked.reopened).toBe(1);
    expect(await finding(credential.id)).toMatchObject({ status: "open", exceptionId: null });
  });

  it("[EXCEPTIONS] a rule-wide exception covers matching credentials only, including findings opened later", async () => {
    const approver = await fx.person();
    const team = await fx.team();
    const inside = (await fx.credential({ owningTeamId: team.id })).credential;
    const outside = (await fx.credential()).credential;
    await createException(handle.db, await security(), input({ filter: { teamId: team.id }, approverPersonId: approver.id }));
    expect(await finding(inside.id)).toMatchObject({ status: "excepted" });
    expect(await finding(outside.id)).toMatchObject({ status: "open" });
    const later = (await fx.credential({ owningTeamId: team.id })).credential;
    expect(await finding(later.id)).toMatchObject({ status: "excepted" });
  });

  it("[EXCEPTIONS] the expiry job reopens the findings exactly at expiry, once", async () => {
    const approver = await fx.person();
    const { credential } = await fx.credential();
    const expiresAt = new Date(Date.now() + 10 * DAY);
    const made = await createException(handle.db, await security(), input({ credentialId: credential.id, approverPersonId: approver.id, expiresAt: expiresAt.toISOString() }));
    await expireLapsedExceptions(handle.db, new Date(expiresAt.getTime() - 1));
    expect(await finding(credential.id)).toMatchObject({ status: "excepted" });
    const [first, second] = await Promise.all([expireLapsedExceptions(handle.db, expiresAt), expireLapsedExceptions(handle.db, expiresAt)]);
    expect(first.ended + second.ended).toBeGreaterThanOrEqual(1);
    expect(await finding(credential.id)).toMatchObject({ status: "open" });
    const [row] = await handle.db.select().from(findingExceptions).where(eq(findingExceptions.id, made.id));
    expect(row?.endedAt?.getTime()).toBe(expiresAt.getTime());
    expect((await expireLapsedExceptions(handle.db, new Date(expiresAt.getTime() + DAY))).ended).toBe(0);
  });

  it("[EXCEPTIONS] bad input names the field and writes nothing: no expiry, over 365 days, blank justification, unknown rule, inactive approver", async () => {
    const fields = (body: Record<string, unknown>) => {
      const r = createExceptionInput.safeParse({ ruleId: "backup-owner-missing", justification: "x", compensatingControl: "y", approverPersonId: "00000000-0000-4000-8000-000000000001", credentialId: "00000000-0000-4000-8000-000000000002", expiresAt: "2099-01-01", ...body });
      return r.success ? [] : Object.keys(fieldErrorsOf(r.error)).sort();
    };
    expect(fields({ expiresAt: undefined })).toEqual(["expiresAt"]);
    expect(fields({ justification: "  " })).toEqual(["justification"]);
    expect(fields({ ruleId: "no-such-rule" })).toEqual(["ruleId"]);
    expect(fields({ credentialId: undefined })).toEqual(["credentialId"]);

    const approver = await fx.person();
    const { credential } = await fx.credential();
    const seq = await lastAuditSeq(handle.db);
    const tooLong = input({ credentialId: credential.id, approverPersonId: approver.id, expiresAt: new Date(Date.now() + 366 * DAY).toISOString() });
    expectAppError(await rejectionOf(createException(handle.db, await security(), tooLong)), "INVALID_INPUT", ["expiresAt"]);
    const left = await fx.person();
    const { updatePerson } = await import("@/lib/server/org");
    await updatePerson(handle.db, fx.admin, left.id, { isActive: false });
    const seq2 = await lastAuditSeq(handle.db);
    expectAppError(await rejectionOf(createException(handle.db, await security(), input({ credentialId: credential.id, approverPersonId: left.id }))), "INVALID_INPUT", ["approverPersonId"]);
    expect(await auditEventsAfter(handle.db, seq2)).toEqual([]);
    expect((await auditEventsAfter(handle.db, seq)).map((e) => e.action).filter((a) => a.startsWith("exception"))).toEqual([]);
    expect(await finding(credential.id)).toMatchObject({ status: "open" });
  });
});
