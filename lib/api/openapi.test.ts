import { describe, expect, it } from "vitest";
import { permissionTable } from "@/lib/authz/permissions";
import { allEndpoints } from "./endpoints";
import { buildOpenApi } from "./openapi";

type Operation = {
  operationId: string;
  description: string;
  security?: unknown[];
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { required: boolean; content: { "application/json": { schema: Record<string, unknown> } } };
  responses: Record<string, unknown>;
};

const doc = buildOpenApi(allEndpoints, "https://steward.example.test");
const operation = (path: string, method: string) => doc.paths[path]?.[method] as Operation | undefined;

describe("[API] OpenAPI document", () => {
  it("is OpenAPI 3.1.0 with the given server", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers).toEqual([{ url: "https://steward.example.test" }]);
    expect(doc.components.schemas.Error).toBeDefined();
  });

  it("documents every endpoint's path and method, and nothing else", () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const declared = allEndpoints.map((e) => `${e.method} ${e.path}`);
    expect(documented.sort()).toEqual([...declared].sort());
    expect(new Set(declared).size).toBe(declared.length);
  });

  it("has unique operation ids", () => {
    const ids = allEndpoints.map((e) => e.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  // Written out by hand: the state-changing endpoints that take a JSON body, and those that take none.
  const expectedBodies = [
    "createPerson",
    "createTeam",
    "createUser",
    "setPassword",
    "updatePerson",
    "updateTeam",
    "updateUser",
    "createAuthorizationServer",
    "discoverAuthorizationServer",
    "updateAuthorizationServer",
    "createApi",
    "updateApi",
    "createApplication",
    "updateApplication",
    "createCredential",
    "updateCredential",
    "addSecret",
    "updateSecret",
    "createPolicy",
    "updatePolicy",
    "leakLookup",
    // Rotations and leak incidents (DESIGN §4.2, §4.4)
    "createRotationRequest",
    "approveRotationRequest",
    "rejectRotationRequest",
    "cancelRotationRequest",
    "completeRotationRequest",
    "reportLeak",
    "reassignOwnership",
    // Notifications (DESIGN §8.3)
    "createWebhook",
    "updateWebhook",
    "createCalendarFeed",
    "retryFailedByCause",
    // Reviews, campaigns and decommissioning (DESIGN §4.3, §4.4)
    "recordReview",
    "decommissionCredential",
    "createCampaign",
    // Exceptions (DESIGN §5.3)
    "assignFindings", "exceptFindings", "createException",
    "revokeException",
    // API tokens (DESIGN §8.1)
    "createMyApiToken",
    // Access decisions per API (DESIGN §4.5)
    "requestGrant",
    "approveGrant",
    "rejectGrant",
    "revokeGrant",
    "reviewGrant",
  ];
  // importInventory takes the inventory file as its raw body (DESIGN §8.2), not a JSON object schema.
  const expectedBodiless = ["reissueInvite", "signOutUserEverywhere", "verifyAuditChain", "importInventory", "markInboxRead", "markAllInboxRead", "revokeCalendarFeed", "retryDelivery", "runSchedulerJob", "closeCampaign", "revokeMyApiToken", "revokeApiToken", "ingestUsageEvents", "ingestOpaDecisions"];
  const writes = allEndpoints.filter((e) => e.method === "POST" || e.method === "PATCH");

  it("knows every POST and PATCH endpoint", () => {
    expect(writes.map((e) => e.operationId).sort()).toEqual([...expectedBodies, ...expectedBodiless].sort());
  });

  it.each(writes)("$method $path documents a request body exactly when it takes one", (e) => {
    const op = operation(e.path, e.method.toLowerCase());
    if (expectedBodies.includes(e.operationId)) {
      expect(op?.requestBody?.required).toBe(true);
      expect(op?.requestBody?.content["application/json"].schema).toMatchObject({ type: "object" });
    } else {
      expect(op?.requestBody).toBeUndefined();
    }
  });

  it("documents no request body on reads", () => {
    for (const e of allEndpoints.filter((x) => x.method === "GET")) {
      expect(operation(e.path, "get")?.requestBody, e.path).toBeUndefined();
    }
  });

  it("describes the createTeam body's fields", () => {
    const schema = operation("/api/v1/teams", "post")?.requestBody?.content["application/json"].schema as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(Object.keys(schema.properties).sort()).toEqual(["key", "kind", "memberIds", "name"]);
    expect(schema.required).toEqual(expect.arrayContaining(["name", "kind"]));
  });

  it("documents every credential list filter as an optional query parameter", () => {
    const params = operation("/api/v1/credentials", "get")?.parameters ?? [];
    expect(params.map((p) => p.name).sort()).toEqual(
      ["apiId", "cursor", "due", "environment", "kind", "limit", "ownerId", "q", "reviewDue", "sort", "status", "teamId", "trustZone", "serverId", "applicationId", "sdk", "tokenCache", "dueWithin", "rule", "control", "controlMatch", "accountability", "thirdParty", "reviewed", "asOf"].sort(),
    );
    for (const p of params) expect(p, p.name).toMatchObject({ in: "query", required: false });
  });

  it("takes a secret value only as addSecret/updateSecret fingerprintOf and leakLookup value, and never returns one", () => {
    const body = (path: string, method: string) =>
      (operation(path, method)?.requestBody?.content["application/json"].schema as { properties: Record<string, unknown> }).properties;
    expect(Object.keys(body("/api/v1/credentials/{id}/secrets", "post")).sort()).toEqual(
      ["expiresAt", "fingerprintOf", "issuedAt", "kind", "lastRotatedAt", "leakSource", "leakedAt", "remediatedAt", "status", "storage", "storageRef"].sort(),
    );
    expect(body("/api/v1/credentials/{id}/secrets/{secretId}", "patch")).toHaveProperty("fingerprintOf");
    expect(Object.keys(body("/api/v1/leak-lookup", "post"))).toEqual(["value"]);
    // No response anywhere documents a field that could carry a value or its fingerprint.
    const responses = JSON.stringify(Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => (op as Operation).responses)));
    expect(responses).not.toMatch(/"(fingerprint|fingerprintOf|value|secretValue)"/);
    expect(responses).toContain('"hasFingerprint"');
  });

  it("documents path parameters as required", () => {
    const params = operation("/api/v1/teams/{id}", "patch")?.parameters ?? [];
    expect(params).toContainEqual(expect.objectContaining({ name: "id", in: "path", required: true }));
  });

  it("marks public endpoints as needing no security and names the permission of guarded ones", () => {
    expect(operation("/api/v1/health", "get")?.security).toEqual([]);
    const createTeam = operation("/api/v1/teams", "post");
    expect(createTeam?.security).toBeUndefined();
    expect(createTeam?.description).toContain("team:manage");
    expect(createTeam?.description).toContain(permissionTable["team:manage"].join(", "));
    expect(createTeam?.responses).toHaveProperty("201");
    expect(createTeam?.responses).toHaveProperty("403");
    expect(createTeam?.responses).toHaveProperty("409");
  });

  it("speaks to API users: no internal references (design sections, source files) in any text", () => {
    const prose: string[] = [];
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === "object")
        for (const [key, value] of Object.entries(node)) {
          if (typeof value === "string" && ["summary", "description", "title"].includes(key)) prose.push(value);
          else collect(value);
        }
    };
    collect(doc);
    expect(prose.length).toBeGreaterThan(100);
    expect(prose.filter((text) => /DESIGN|STYLE §|§\d|ARCHITECTURE|\b(lib|db|components)\/\w|\.tsx?\b/.test(text))).toEqual([]);
  });
});
