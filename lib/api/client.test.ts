import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { userDto } from "@/lib/validation/users";
import { apiCall, ApiError, apiUpload, formFields, pathOf, queryString, type ApiRequest } from "./client";
import { endpoints } from "./endpoints";

/** What the test server saw of the last request. */
let seen: { method: string; url: string; contentType: string | undefined; body: string } | null = null;
let answer: (res: ServerResponse) => void = (res) => res.end();

let server: Server;
let origin = "";

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen = { method: req.method ?? "", url: req.url ?? "", contentType: req.headers["content-type"], body: Buffer.concat(chunks).toString() };
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => (res: ServerResponse) => {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};

const id = "7d9f1c3e-8a2b-4c5d-9e6f-0a1b2c3d4e5f";

describe("[API client] requests and responses are typed from the endpoint contracts", () => {
  it("infers the body, params and response types of an endpoint", () => {
    type UpdateUser = ApiRequest<typeof endpoints.updateUser>;
    expectTypeOf<UpdateUser["params"]>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<Awaited<ReturnType<typeof apiCall<typeof endpoints.updateUser>>>>().toEqualTypeOf<z.output<typeof userDto>>();
    expectTypeOf<Awaited<ReturnType<typeof apiCall<typeof endpoints.getUnreadCount>>>>().toEqualTypeOf<{ count: number }>();
    // An endpoint without params or body takes none.
    expectTypeOf<ApiRequest<typeof endpoints.getUnreadCount>["params"]>().toEqualTypeOf<undefined>();
    expectTypeOf<ApiRequest<typeof endpoints.getUnreadCount>["body"]>().toEqualTypeOf<undefined>();
    // A field the contract does not have is refused.
    expectTypeOf<{ secret: string }>().not.toExtend<ApiRequest<typeof endpoints.leakLookup>["body"]>();
    expectTypeOf<{ value: string }>().toExtend<ApiRequest<typeof endpoints.leakLookup>["body"]>();
  });

  it("fills path parameters (encoded), serialises the query and sends the JSON body", async () => {
    answer = json(200, { id, email: "a@example.com" });
    const result = await apiCall(endpoints.updateUser, { origin, params: { id }, body: { name: "Ada" } });
    expect(seen).toEqual({ method: "PATCH", url: `/api/v1/users/${id}`, contentType: "application/json", body: '{"name":"Ada"}' });
    expect(result).toEqual({ id, email: "a@example.com" });

    answer = json(200, { items: [], nextCursor: null });
    await apiCall(endpoints.listPeople, { origin, query: { q: "a b&c", active: "true", limit: 8 } });
    expect(seen?.url).toBe("/api/v1/people?q=a+b%26c&active=true&limit=8");
    expect(pathOf({ path: "/x/{id}" }, { id: "a/b" })).toBe("/x/a%2Fb");
    expect(queryString({ a: ["1", "2"], b: undefined, c: null, d: "" })).toBe("?a=1&a=2");
    expect(() => pathOf({ path: "/x/{id}" }, {})).toThrow(/Missing path parameter id/);
  });

  it("sends a form's fields as they were typed, for the server to check", async () => {
    answer = json(201, { user: {}, inviteUrl: "x" });
    const data = new FormData();
    data.set("email", "not-an-email");
    await apiCall(endpoints.createUser, { origin, body: formFields(data) });
    expect(seen?.body).toBe('{"email":"not-an-email"}');
  });

  it("204 resolves to undefined", async () => {
    answer = (res) => {
      res.writeHead(204);
      res.end();
    };
    await expect(apiCall(endpoints.getUnreadCount, { origin })).resolves.toBeUndefined();
  });
});

describe("[API client] the error envelope becomes a typed ApiError", () => {
  it("carries status, code, message, field messages, details and the request id", async () => {
    answer = json(422, { error: { code: "INVALID_INPUT", message: "Invalid body: value is required", details: { fields: { value: ["is required"] }, extra: 1 }, requestId: "req-1" } });
    const error = await apiCall(endpoints.leakLookup, { origin, body: { value: "" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, code: "INVALID_INPUT", message: "Invalid body: value is required", fields: { value: ["is required"] }, requestId: "req-1", details: { extra: 1 } });
  });

  it("a body that is not the envelope still gives the status, never a parse error", async () => {
    answer = (res) => {
      res.writeHead(502, { "Content-Type": "text/html", "x-request-id": "edge-9" });
      res.end("<html>Bad gateway</html>");
    };
    const error = await apiCall(endpoints.getUnreadCount, { origin }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, code: "INTERNAL", message: "Request failed (502)", fields: {}, requestId: "edge-9" });

    answer = json(409, { error: { code: "NOT_A_CODE", message: 7, details: { fields: { name: ["taken", 3], bad: "x" } } } });
    const odd = await apiCall(endpoints.getUnreadCount, { origin }).catch((e: unknown) => e);
    expect(odd).toMatchObject({ status: 409, code: "INVALID_REQUEST", message: "Request failed (409)", fields: { name: ["taken"] } });
  });

  it("an upload's failure is the same ApiError; its success hands back the stream", async () => {
    answer = json(413, { error: { code: "PAYLOAD_TOO_LARGE", message: "Too large", requestId: "r" } });
    const error = await apiUpload(endpoints.importInventory, { origin, query: { format: "csv", mode: "dry-run" }, file: new Blob(["a,b"]), contentType: "text/csv" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 413, code: "PAYLOAD_TOO_LARGE" });
    expect(seen).toEqual({ method: "POST", url: "/api/v1/inventory/import?format=csv&mode=dry-run", contentType: "text/csv", body: "a,b" });

    answer = json(200, { ok: true });
    const response = await apiUpload(endpoints.importInventory, { origin, query: { mode: "dry-run" }, file: new Blob(["{}"]), contentType: "application/json" });
    expect(await response.json()).toEqual({ ok: true });
  });
});
