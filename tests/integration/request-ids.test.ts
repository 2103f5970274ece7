import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { createApiToken } from "@/lib/server/api-tokens";
import { createApiTokenInput } from "@/lib/validation/api-tokens";
import { proxy } from "@/proxy";
import { POST as createTeamRoute } from "@/app/api/v1/teams/route";
import { drivers } from "../support/db";
import { suiteDatabase } from "../support/inventory";

// A request as the app sees it: through the proxy, then the route with the headers the proxy set.
const current = vi.hoisted(() => ({ db: undefined as Db | undefined }));
vi.mock("@/db", () => ({ getDb: () => Promise.resolve(current.db) }));
// These requests authenticate with an API token; Auth.js (sessions) does not load outside Next.
vi.mock("@/lib/server/session", () => ({ currentActor: () => Promise.resolve(null) }));

/** The request headers the proxy passes on (Next carries them as x-middleware-request-* on its answer). */
function proxied(url: string, init: { method: string; headers: Record<string, string>; body?: string }): Request {
  const answer = proxy(new NextRequest(url, init));
  const names = answer.headers.get("x-middleware-override-headers")?.split(",") ?? [];
  const headers = new Headers();
  for (const name of names) {
    const value = answer.headers.get(`x-middleware-request-${name}`);
    if (value !== null) headers.set(name, value);
  }
  return new Request(url, { method: init.method, headers, body: init.body });
}

describe.each(drivers)("[SECURITY] the client's request id is stored apart from the server's (issue 13 item 2) on %s", (driver) => {
  const { handle, fx } = suiteDatabase(driver, { auditChain: true, appDb: current });
  let bearer: string;

  beforeAll(async () => {
    const admin = await fx.account("admin");
    const token = await createApiToken(handle.db, admin.ctx, createApiTokenInput.parse({ name: "ids", expiresAt: new Date(Date.now() + 86_400_000).toISOString(), storage: "vault" }));
    bearer = token.secret;
  });

  async function createTeamWith(requestId: string | null) {
    const name = `Team ${crypto.randomUUID()}`;
    const request = proxied("http://localhost:3000/api/v1/teams", {
      method: "POST",
      headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json", ...(requestId === null ? {} : { "x-request-id": requestId }) },
      body: JSON.stringify({ name, kind: "platform" }),
    });
    const response = await createTeamRoute(request, { params: Promise.resolve({}) });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const [event] = await handle.db.select().from(auditEvents).where(eq(auditEvents.targetId, id));
    return { event, serverId: request.headers.get("x-request-id") };
  }

  it("[SECURITY] a forged X-Request-Id is stored as the client's request id; the request id is the server's own", async () => {
    const { event, serverId } = await createTeamWith("client-chosen-id-1234");
    expect(event).toMatchObject({ action: "team.created", clientRequestId: "client-chosen-id-1234" });
    expect(event?.requestId).toBe(serverId);
    expect(event?.requestId).not.toBe("client-chosen-id-1234");
    expect(event?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("[SECURITY] any printable id up to 128 characters is kept; longer, non-printable or absent ones are dropped, not stored", async () => {
    expect((await createTeamWith("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).event?.clientRequestId).toBe("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    expect((await createTeamWith("x".repeat(128))).event?.clientRequestId).toBe("x".repeat(128));
    // (CR, LF and NUL never get this far: HTTP headers cannot carry them; lib/domain/request-id.test.ts checks the rule itself.)
    for (const bad of ["x".repeat(129), "tab\there", "with space", "caf\u00e9", "", null]) {
      const { event } = await createTeamWith(bad);
      expect(event?.clientRequestId, JSON.stringify(bad)).toBeNull();
      expect(event?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
