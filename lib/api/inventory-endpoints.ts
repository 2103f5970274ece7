import { z } from "zod";
import { asOfQuery, idField, idParams } from "@/lib/validation/common";
import {
  apiInput,
  applicationInput,
  authorizationServerInput,
  credentialFilters,
  credentialInput,
  discoverInput,
  leakLookupInput,
  policyInput,
  registryFilters,
  secretInput,
  updateApiInput,
  updateApplicationInput,
  updateAuthorizationServerInput,
  updateCredentialInput,
  updatePolicyInput,
  updateSecretInput,
} from "@/lib/validation/inventory";
import {
  apiDto,
  apiPageDto,
  applicationDto,
  applicationPageDto,
  credentialDetailDto,
  credentialPageDto,
  discoveredDto,
  leakMatchDto,
  policyDto,
  serverDto,
  serverPageDto,
} from "@/lib/validation/inventory-dto";
import { endpoint } from "./endpoint";
import { inventoryExportQuery, inventoryImportQuery } from "@/lib/inventory-file/api";

const read = { permission: "inventory:read" } as const;

/** Registries, credentials, secrets, policies and leak lookup (DESIGN §3, §4.1, §8.5). */
export const inventoryEndpoints = {
  listServers: endpoint({ operationId: "listAuthorizationServers", method: "GET", path: "/api/v1/authorization-servers", summary: "List authorization servers", tag: "Authorization servers", access: read, query: registryFilters, response: serverPageDto }),
  createServer: endpoint({ operationId: "createAuthorizationServer", method: "POST", path: "/api/v1/authorization-servers", summary: "Create an authorization server", tag: "Authorization servers", access: { permission: "server:manage" }, body: authorizationServerInput, response: serverDto, successStatus: 201 }),
  discoverServer: endpoint({ operationId: "discoverAuthorizationServer", repeatable: true, method: "POST", path: "/api/v1/authorization-servers/discover", summary: "Fetch RFC 8414 / OpenID discovery metadata for an issuer (nothing is saved)", tag: "Authorization servers", access: { permission: "server:manage" }, body: discoverInput, response: discoveredDto }),
  getServer: endpoint({ operationId: "getAuthorizationServer", method: "GET", path: "/api/v1/authorization-servers/{id}", summary: "Get an authorization server", tag: "Authorization servers", access: read, params: idParams, response: serverDto }),
  updateServer: endpoint({ operationId: "updateAuthorizationServer", method: "PATCH", path: "/api/v1/authorization-servers/{id}", summary: "Update an authorization server", tag: "Authorization servers", access: { permission: "server:manage" }, params: idParams, body: updateAuthorizationServerInput, response: serverDto }),

  listApis: endpoint({ operationId: "listApis", method: "GET", path: "/api/v1/apis", summary: "List APIs (resource servers)", tag: "APIs", access: read, query: registryFilters, response: apiPageDto }),
  createApi: endpoint({ operationId: "createApi", method: "POST", path: "/api/v1/apis", summary: "Create an API with its scopes", tag: "APIs", access: { permission: "api:write" }, body: apiInput, response: apiDto, successStatus: 201 }),
  getApi: endpoint({ operationId: "getApi", method: "GET", path: "/api/v1/apis/{id}", summary: "Get an API with its scopes", tag: "APIs", access: read, params: idParams, response: apiDto }),
  updateApi: endpoint({ operationId: "updateApi", method: "PATCH", path: "/api/v1/apis/{id}", summary: "Update an API; `scopes` replaces the scope set by name", tag: "APIs", access: { permission: "api:write" }, params: idParams, body: updateApiInput, response: apiDto }),

  listApplications: endpoint({ operationId: "listApplications", method: "GET", path: "/api/v1/applications", summary: "List applications", tag: "Applications", access: read, query: registryFilters, response: applicationPageDto }),
  createApplication: endpoint({ operationId: "createApplication", method: "POST", path: "/api/v1/applications", summary: "Create an application", tag: "Applications", access: { permission: "application:write" }, body: applicationInput, response: applicationDto, successStatus: 201 }),
  getApplication: endpoint({ operationId: "getApplication", method: "GET", path: "/api/v1/applications/{id}", summary: "Get an application", tag: "Applications", access: read, params: idParams, response: applicationDto }),
  updateApplication: endpoint({ operationId: "updateApplication", method: "PATCH", path: "/api/v1/applications/{id}", summary: "Update an application", tag: "Applications", access: { permission: "application:write" }, params: idParams, body: updateApplicationInput, response: applicationDto }),

  listCredentials: endpoint({ operationId: "listCredentials", method: "GET", path: "/api/v1/credentials", summary: "The inventory: filter, sort and page credentials (keyset cursor); control (repeated or comma-separated) with controlMatch=all (fails every control, the default) or any (fails at least one); asOf (a past date or instant) reads the inventory as it was then", tag: "Credentials", access: read, query: credentialFilters, response: credentialPageDto }),
  createCredential: endpoint({ operationId: "createCredential", method: "POST", path: "/api/v1/credentials", summary: "Create a credential (members: for their own teams)", tag: "Credentials", access: { permission: "credential:write" }, body: credentialInput, response: credentialDetailDto, successStatus: 201 }),
  getCredential: endpoint({ operationId: "getCredential", method: "GET", path: "/api/v1/credentials/{id}", summary: "Get a credential with its secrets (metadata), grants and applications; asOf (a past date or instant) reads it as it was then", tag: "Credentials", access: read, params: idParams, query: asOfQuery, response: credentialDetailDto }),
  updateCredential: endpoint({ operationId: "updateCredential", method: "PATCH", path: "/api/v1/credentials/{id}", summary: "Update a credential (members: ones they own or their team owns)", tag: "Credentials", access: { permission: "credential:write" }, params: idParams, body: updateCredentialInput, response: credentialDetailDto }),
  addSecret: endpoint({ operationId: "addSecret", method: "POST", path: "/api/v1/credentials/{id}/secrets", summary: "Record a secret's metadata; `fingerprintOf` is hashed and discarded", tag: "Credentials", access: { permission: "credential:write" }, params: idParams, body: secretInput, response: z.object({ id: z.uuid() }), successStatus: 201 }),
  updateSecret: endpoint({ operationId: "updateSecret", method: "PATCH", path: "/api/v1/credentials/{id}/secrets/{secretId}", summary: "Update a secret's metadata", tag: "Credentials", access: { permission: "credential:write" }, params: z.object({ id: idField, secretId: idField }), body: updateSecretInput, response: z.object({ id: z.uuid() }) }),

  listPolicies: endpoint({ operationId: "listPolicies", method: "GET", path: "/api/v1/policies", summary: "List rotation policies", tag: "Policies", access: read, response: z.object({ items: z.array(policyDto) }) }),
  createPolicy: endpoint({ operationId: "createPolicy", method: "POST", path: "/api/v1/policies", summary: "Create a rotation policy (every due date is recomputed)", tag: "Policies", access: { permission: "policy:manage" }, body: policyInput, response: policyDto, successStatus: 201 }),
  getPolicy: endpoint({ operationId: "getPolicy", method: "GET", path: "/api/v1/policies/{id}", summary: "Get a rotation policy", tag: "Policies", access: read, params: idParams, response: policyDto }),
  updatePolicy: endpoint({ operationId: "updatePolicy", method: "PATCH", path: "/api/v1/policies/{id}", summary: "Update a rotation policy (every due date is recomputed)", tag: "Policies", access: { permission: "policy:manage" }, params: idParams, body: updatePolicyInput, response: policyDto }),

  leakLookup: endpoint({ operationId: "leakLookup", method: "POST", path: "/api/v1/leak-lookup", summary: "Which secrets match a suspected leaked value (the value is fingerprinted and discarded)", tag: "Credentials", access: { permission: "leak-lookup:read" }, body: leakLookupInput, response: leakMatchDto }),
  exportInventory: endpoint({ operationId: "exportInventory", method: "GET", path: "/api/v1/inventory/export", summary: "Download the inventory file: format=json (steward-inventory/v1) or csv (one row per credential); streamed", tag: "Inventory file", access: { permission: "export:read" }, query: inventoryExportQuery }),
  importInventory: endpoint({ operationId: "importInventory", method: "POST", path: "/api/v1/inventory/import", summary: "Import an inventory file sent as the raw body (≤ 50 MB). mode=dry-run answers the diff as JSON and writes nothing; apply (refused if any record is invalid) and apply-valid answer NDJSON progress events", tag: "Inventory file", access: { permission: "inventory:import" }, repeatable: true, query: inventoryImportQuery }),
};
