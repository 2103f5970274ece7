import type { APIRequestContext } from "@playwright/test";
import { controls } from "../../lib/domain/catalog/frameworks";
import { post, seedCredential, unique } from "./inventory-api";
import type { recordRoutes, WalkRecords } from "./walk-routes";

export { concreteRoute, dynamicPrefixes, pageTabs, recordRoutes, signedOutRoutes, unknownId, walkedRoutes, type WalkRecords } from "./walk-routes";

async function firstId(request: APIRequestContext, path: string): Promise<string | undefined> {
  const response = await request.get(path);
  if (!response.ok()) throw new Error(`${path}: ${response.status()} ${await response.text()}`);
  const body = (await response.json()) as { items?: { id: string }[] } | { id: string }[];
  return (Array.isArray(body) ? body : (body.items ?? []))[0]?.id;
}

/** A credential with a secret that is reported leaked: an incident, its emergency rotation and open findings. */
async function seedLeakStory(request: APIRequestContext) {
  const seeded = await seedCredential(request);
  const secret = await post<{ id: string }>(request, `/api/v1/credentials/${seeded.credential.id}/secrets`, {
    kind: "client_secret",
    storage: "vault",
    issuedAt: new Date(Date.now() - 730 * 86_400_000).toISOString(),
  });
  const leak = await post<{ incident: { id: string }; rotationRequestId: string }>(request, `/api/v1/credentials/${seeded.credential.id}/secrets/${secret.id}/leak`, {
    source: "accessibility walk",
    detectedAt: new Date().toISOString(),
  });
  return { ...seeded, incidentId: leak.incident.id, rotationId: leak.rotationRequestId };
}

/**
 * A record for every detail page, as the signed-in admin: the first one listed where the
 * organisation has some (the demo data, for screenshots), otherwise one seeded through the API.
 */
export async function walkRecords(request: APIRequestContext): Promise<WalkRecords> {
  let story: Awaited<ReturnType<typeof seedLeakStory>> | undefined;
  const seeded = async () => (story ??= await seedLeakStory(request));
  const orSeed = async (path: string, seed: () => Promise<string>) => (await firstId(request, path)) ?? (await seed());

  const me = (await (await request.get("/api/v1/me")).json()) as { id: string };
  const credential = await orSeed("/api/v1/credentials?limit=1", async () => (await seeded()).credential.id);
  const incident = await orSeed("/api/v1/incidents?status=all&limit=1", async () => (await seeded()).incidentId);
  const rotation = await orSeed("/api/v1/rotation-requests?limit=1", async () => (await seeded()).rotationId);
  const team = await orSeed("/api/v1/teams?limit=1", async () => (await seeded()).teamId);
  const inFuture = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const control = controls[0];
  if (!control) throw new Error("the control catalog is empty");
  const records: Record<(typeof recordRoutes)[number], string> = {
    "/inventory/[id]": credential,
    "/applications/[id]": await orSeed("/api/v1/applications?limit=1", async () => (await seeded()).appId),
    "/apis/[id]": await orSeed("/api/v1/apis?limit=1", async () => (await seeded()).api.id),
    "/teams/[id]": team,
    "/people/[id]": await orSeed("/api/v1/people?limit=1", async () => (await post<{ id: string }>(request, "/api/v1/people", { name: unique("Walk Person"), email: `${unique("walk")}@example.test`, isActive: true })).id),
    "/settings/users/[id]": me.id,
    "/servers/[id]": await orSeed("/api/v1/authorization-servers?limit=1", async () => (await post<{ id: string }>(request, "/api/v1/authorization-servers", { name: unique("Walk IdP"), issuerUrl: `https://${unique("walk")}.example.test` })).id),
    "/policies/[id]": await orSeed("/api/v1/policies", async () => {
      const policy = { name: unique("Walk policy"), priority: -1000, maxSecretAgeDays: 365, reviewCadenceDays: 365, maxAccessTokenTtlSeconds: 3600, approvalsRequired: 1 };
      return (await post<{ id: string }>(request, "/api/v1/policies", policy)).id;
    }),
    "/rotations/[id]": rotation,
    "/incidents/[id]": incident,
    "/reviews/campaigns/[id]": await orSeed("/api/v1/campaigns?limit=1", async () => (await post<{ id: string }>(request, "/api/v1/campaigns", { name: unique("Walk campaign"), filter: { teamId: team }, dueAt: inFuture })).id),
    "/controls/[framework]": control.framework,
    "/controls/[framework]/[control]": control.oscalId,
    "/findings/[id]": await orSeed("/api/v1/findings?limit=1", async () => {
      const open = ((await (await request.get(`/api/v1/credentials/${(await seeded()).credential.id}/findings`)).json()) as { open: { id: string }[] }).open;
      const id = open[0]?.id;
      if (!id) throw new Error("the seeded leaked credential has no open finding");
      return id;
    }),
  };
  return records;
}
