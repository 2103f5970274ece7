import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { createUser, originHeaders, personOf } from "./accounts";

/** Creates records through the API as the given (signed-in) request context; returns the JSON body. */
export async function post<T>(request: APIRequestContext, path: string, data: unknown, status = 201): Promise<T> {
  const response = await request.post(path, { data, headers: originHeaders() });
  const text = await response.text();
  expect(response.status(), `${path}: ${text}`).toBe(status);
  return JSON.parse(text) as T;
}

export async function patch<T>(request: APIRequestContext, path: string, data: unknown, status = 200): Promise<T> {
  const response = await request.patch(path, { data, headers: originHeaders() });
  const text = await response.text();
  expect(response.status(), `${path}: ${text}`).toBe(status);
  return JSON.parse(text) as T;
}

let n = 0;
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(n += 1)}`;

/** A team, an API with read/admin scopes, an application and a production OAuth client granted the read scope. */
export async function seedCredential(request: APIRequestContext, opts: { teamId?: string; ownerId?: string } = {}) {
  const team = opts.teamId ?? (await post<{ id: string }>(request, "/api/v1/teams", { name: unique("Team"), kind: "application" })).id;
  const api = await post<{ id: string; scopes: { id: string; name: string }[] }>(request, "/api/v1/apis", {
    name: unique("Payments API"),
    audience: `https://${unique("payments")}.example.test`,
    trustZone: "internal",
    sensitivity: "critical",
    owningTeamId: team,
    scopes: [
      { name: "payments.read", privilege: "read" },
      { name: "payments.admin", privilege: "admin" },
    ],
  });
  const app = await post<{ id: string }>(request, "/api/v1/applications", {
    name: unique("Billing worker"),
    owningTeamId: team,
    environment: "production",
    trustZone: "internal",
  });
  const readScope = api.scopes.find((s) => s.name === "payments.read");
  const credential = await post<{ id: string; name: string }>(request, "/api/v1/credentials", {
    name: unique("Billing client"),
    kind: "oauth_client",
    environment: "production",
    clientId: unique("client"),
    grantTypes: ["client_credentials"],
    clientAuthMethod: "client_secret_basic",
    accessTokenTtlSeconds: 299,
    owningTeamId: team,
    ownerId: opts.ownerId ?? null,
    applicationIds: [app.id],
    grants: [{ apiId: api.id, scopeIds: readScope ? [readScope.id] : [], justification: "reads payment status" }],
  });
  return { teamId: team, api, appId: app.id, credential };
}

/** A member user (with the person linked by email) in a team of their own: for record-level rules. */
export async function memberWithTeam(adminRequest: APIRequestContext, teamName: string) {
  const member = await createUser(adminRequest, "member");
  const people = (await (await adminRequest.get(`/api/v1/people?q=${encodeURIComponent(member.email)}`)).json()) as { items: { id: string }[] };
  const person = people.items[0];
  if (!person) throw new Error("the member's person was not created");
  const team = await post<{ id: string }>(adminRequest, "/api/v1/teams", { name: unique(teamName), kind: "application", memberIds: [person.id] });
  return { member, person, team };
}

/** On the Import & export page: chooses `file` as inventory.json and runs the dry run until its result shows. */
export async function dryRunImport(page: Page, file: string): Promise<void> {
  await page.goto("/import-export");
  await page.getByTestId("import-file").setInputFiles({ name: "inventory.json", mimeType: "application/json", buffer: Buffer.from(file) });
  await page.getByTestId("dry-run").click();
  await expect(page.getByTestId("dry-run-result")).toBeVisible();
}

/**
 * The cast of the leak stories: a member who owns a credential of a team they belong to, and a
 * security user; `label` names them apart in lists.
 */
export async function seedOwnedCredential(adminRequest: APIRequestContext, label: { member: string; security: string; team: string }) {
  const member = await createUser(adminRequest, "member", `${label.member} ${unique("m")}`);
  const security = await createUser(adminRequest, "security", `${label.security} ${unique("s")}`);
  const memberPerson = await personOf(adminRequest, member.email);
  const team = await post<{ id: string }>(adminRequest, "/api/v1/teams", { name: unique(label.team), kind: "application", memberIds: [memberPerson] });
  const { credential } = await seedCredential(adminRequest, { teamId: team.id, ownerId: memberPerson });
  return { member, security, credential };
}
