import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { credentials } from "@/db/schema";
import { canEditRecord } from "@/lib/authz/ownership";
import { can } from "@/lib/authz/permissions";
import type { RequestContext, Actor } from "@/lib/server/context";
import { readCredentialControls, readCredentialFindings, readCredentialReviews, readCredentialRotations, type CredentialViewer } from "@/lib/server/inventory/credential-tabs";
import { actorFacts } from "@/lib/server/inventory/facts";
import { requestRotation } from "@/lib/server/lifecycle/rotations";
import { createRotationRequestInput } from "@/lib/validation/rotation";
import { drivers } from "../support/db";
import { suiteDatabase } from "../support/inventory";

// The data access layer of the credential page's Lifecycle and Controls tabs: the process-wide
// database of a running app is this test's database.
const current = vi.hoisted(() => ({ db: undefined as Db | undefined }));
vi.mock("@/db", () => ({ getDb: () => Promise.resolve(current.db) }));

describe.each(drivers)("[DAL] credential page reads on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: false, appDb: current, adminIsUser: true });

  async function viewerOf(ctx: RequestContext & { actor: Actor }, credentialId: string): Promise<CredentialViewer> {
    const facts = await actorFacts(handle.db, ctx);
    const [row] = await handle.db.select().from(credentials).where(eq(credentials.id, credentialId));
    if (!row) throw new Error("no credential");
    return { actor: ctx.actor, facts, mayEdit: can(ctx.actor.role, "credential:write") && canEditRecord(facts, row), decommissioned: row.status === "decommissioned" };
  }

  it("[DAL] answers per viewer what they may do, in DTOs without owner ids or database handles", async () => {
    const owner = await fx.account("member");
    const stranger = await fx.account("member");
    const auditor = await fx.account("auditor");
    const security = await fx.account("security");
    const c = await fx.credential({ ownerId: owner.personId });
    const id = c.credential.id;
    await fx.secret(id);

    const asOwner = await viewerOf(owner.ctx, id);
    const asStranger = await viewerOf(stranger.ctx, id);
    const asAuditor = await viewerOf(auditor.ctx, id);

    expect((await readCredentialRotations(asOwner, id)).mayRequest).toBe(true);
    expect((await readCredentialRotations(asStranger, id)).mayRequest).toBe(false);
    expect((await readCredentialRotations(asAuditor, id)).mayRequest).toBe(false);

    await requestRotation(handle.db, owner.ctx, id, createRotationRequestInput.parse({ reason: "scheduled", plannedAt: new Date(Date.now() + 86_400_000).toISOString() }));
    const rotations = await readCredentialRotations(await viewerOf(security.ctx, id), id);
    expect(rotations.open?.state).toBe("requested");
    expect(rotations.open?.actions.approve).toBe(true);
    expect((await readCredentialRotations(asOwner, id)).open?.actions.approve).toBe(false);
    expect((await readCredentialRotations(asOwner, id)).mayRequest).toBe(false);

    const ownerReviews = await readCredentialReviews(asOwner, id);
    expect(ownerReviews?.mayReview).toBe(true);
    expect(ownerReviews?.state).not.toHaveProperty("ownerId");
    expect(ownerReviews?.state).not.toHaveProperty("backupOwnerId");
    expect((await readCredentialReviews(asStranger, id))?.mayReview).toBe(false);
    expect(await readCredentialReviews(asOwner, "00000000-0000-4000-8000-000000000000")).toBeNull();

    const findings = await readCredentialFindings(owner.ctx.actor, id);
    expect(findings.open.map((f) => f.ruleId)).toContain("backup-owner-missing");
    expect(findings.mayReassign).toBe(false);
    expect((await readCredentialFindings(security.ctx.actor, id)).mayReassign).toBe(true);

    const controls = await readCredentialControls(owner.ctx.actor, id);
    expect(controls.mayAcceptRisk).toBe(false);
    expect(controls.controls.length).toBeGreaterThan(0);
    expect((await readCredentialControls(security.ctx.actor, id)).mayAcceptRisk).toBe(true);
    // Plain data: it survives structured cloning (no functions, no handles).
    expect(() => structuredClone({ rotations, ownerReviews, findings, controls })).not.toThrow();
  });
});
