import postgres from "postgres";
import { beforeAll, describe, expect, it } from "vitest";
import { recordAuditEvent } from "@/lib/server/audited";
import { auditContext } from "@/lib/server/context";
import { readDashboard } from "@/lib/server/dashboard/read";
import { SNAPSHOT_LOCK_KEY } from "@/lib/server/dashboard/snapshot";
import { updateCredential } from "@/lib/server/inventory/credentials";
import { updateCredentialInput } from "@/lib/validation/inventory";
import { drivers } from "../support/db";
import { suiteDatabase } from "../support/inventory";

/**
 * Issue 12 item 12: after any change, the dashboard's figures for that credential are current on the
 * next read, well inside DASHBOARD_MAX_AGE_SECONDS; reads with nothing changed do not recount.
 */
describe.each(drivers)("[DASHBOARD] freshness after a change on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: false });
  let teamId: string;
  const start = Date.now();
  const later = (seconds: number) => new Date(start + seconds * 1000);
  beforeAll(async () => {
    teamId = (await fx.team()).id;
  });

  it("[DASHBOARD] a change shows on the next read, and a read with nothing changed does not recount", async () => {
    const before = await readDashboard(handle.db, { teamId }, {}, later(1));
    expect(before.summary.counts.credentials).toBe(0);
    expect(before.stale).toBe(false);

    const { credential } = await fx.credential({ owningTeamId: teamId });
    const created = await readDashboard(handle.db, { teamId }, {}, later(2));
    expect(created.summary.counts.credentials).toBe(1);
    expect(created.summary.counts.active).toBe(1);
    expect(created.asOf?.getTime()).toBeGreaterThan(before.asOf?.getTime() ?? 0);

    await updateCredential(handle.db, fx.admin, credential.id, updateCredentialInput.parse({ status: "suspended" }));
    const suspended = await readDashboard(handle.db, { teamId }, {}, later(3));
    expect(suspended.summary.counts).toMatchObject({ credentials: 1, active: 0, suspended: 1 });

    // Nothing changed since: the snapshot is reused, not recounted.
    const again = await readDashboard(handle.db, { teamId }, {}, later(4));
    expect(again.asOf).toEqual(suspended.asOf);
  });

  it("[DASHBOARD] events that change none of the figures (a denied request) do not force a recount", async () => {
    const first = await readDashboard(handle.db, { teamId }, {}, later(5));
    await recordAuditEvent(handle.db, auditContext(fx.admin), { action: "authz.denied", payload: { permission: "credential:write", method: "GET", path: "/inventory" } });
    const second = await readDashboard(handle.db, { teamId }, {}, later(6));
    expect(second.asOf).toEqual(first.asOf);
  });

  it.runIf(driver === "postgres")("[DASHBOARD] while another process is recounting, the read says its figures are stale instead of waiting", async () => {
    const before = await readDashboard(handle.db, { teamId }, {}, later(7));
    await fx.credential({ owningTeamId: teamId });
    const holder = postgres(handle.url ?? "", { max: 1, onnotice: () => undefined });
    try {
      await holder.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(${SNAPSHOT_LOCK_KEY})`;
        const busy = await readDashboard(handle.db, { teamId }, {}, later(8));
        expect(busy.stale).toBe(true);
        expect(busy.asOf).toEqual(before.asOf);
      });
    } finally {
      await holder.end();
    }
    const after = await readDashboard(handle.db, { teamId }, {}, later(9));
    expect(after.stale).toBe(false);
    expect(after.summary.counts.credentials).toBe(before.summary.counts.credentials + 1);
  });
});
