import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderRoutes, routesFile } from "../../scripts/generate-routes";
import type { Endpoint } from "./endpoint";
import { endpoints } from "./endpoints";
import { routes } from "./routes";

/**
 * lib/api/routes.ts is what the browser calls the API through, typed as the contracts while holding
 * only each endpoint's operationId, method, path and whether it answers a body. Its type assertion is
 * sound only while those agree with lib/api/endpoints.ts for every endpoint: checked here.
 */
/** The contracts as the general endpoint type: some declare no response. */
const contracts: Record<string, Endpoint> = endpoints;

describe("[API client] the browser's route table matches the endpoint contracts", () => {
  it("lib/api/routes.ts is what the contracts generate", () => {
    expect(readFileSync(routesFile, "utf8"), "lib/api/routes.ts is stale: run `npm run generate:routes`").toBe(renderRoutes(endpoints));
  });

  it("has exactly the contracts' keys", () => {
    expect(Object.keys(routes).sort()).toEqual(Object.keys(endpoints).sort());
  });

  it.each(Object.entries(contracts))("%s: same operationId, method, path and response presence, nothing else", (key, contract) => {
    const route: unknown = routes[key as keyof typeof routes];
    const expected: Record<string, unknown> = { operationId: contract.operationId, method: contract.method, path: contract.path };
    if (contract.response !== undefined) expected.response = true;
    expect(route).toStrictEqual(expected);
  });
});
