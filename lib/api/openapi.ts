import { z } from "zod";
import { permissionTable } from "@/lib/authz/permissions";
import { errorStatus } from "@/lib/errors";
import type { Endpoint } from "./endpoint";

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };

function schemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  return rest;
}

const errorSchema: JsonSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", enum: Object.keys(errorStatus) },
        message: { type: "string" },
        details: { type: "object", description: "details.fields maps a field path to its messages" },
        requestId: { type: "string" },
      },
    },
  },
};

function accessText(e: Endpoint): string {
  if (e.access === "public") return "Public.";
  if (e.access === "signed-in") return "Any signed-in user.";
  const roles = permissionTable[e.access.permission].join(", ");
  return `Requires \`${e.access.permission}\` (roles: ${roles}).`;
}

function parameters(e: Endpoint) {
  const out: Record<string, unknown>[] = [];
  for (const [where, schema] of [["path", e.params], ["query", e.query]] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, "input");
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      out.push({ name, in: where, required: where === "path" || (json.required ?? []).includes(name), schema: prop });
    }
  }
  return out;
}

/** OpenAPI 3.1 from the endpoint contracts: the document cannot drift from what the server enforces. */
export function buildOpenApi(endpoints: readonly Endpoint[], serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of endpoints) {
    const status = String(e.successStatus ?? 200);
    const errors: Record<string, unknown> = {};
    const codes = new Set<number>([422, 500]);
    if (e.access !== "public") codes.add(401);
    if (typeof e.access === "object") codes.add(403);
    if (e.params) codes.add(404);
    if (e.method !== "GET") [409, 413].forEach((c) => codes.add(c));
    for (const c of [...codes].sort()) {
      errors[String(c)] = { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
    }
    (paths[e.path] ??= {})[e.method.toLowerCase()] = {
      operationId: e.operationId,
      summary: e.summary,
      description: accessText(e),
      tags: [e.tag],
      ...(e.access === "public" ? { security: [] } : {}),
      parameters: parameters(e),
      ...(e.body
        ? { requestBody: { required: true, content: { "application/json": { schema: schemaOf(e.body, "input") } } } }
        : {}),
      responses: {
        [status]: {
          description: "Success",
          ...(e.response ? { content: { "application/json": { schema: schemaOf(e.response, "output") } } } : {}),
        },
        ...errors,
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Steward API",
      version: "1",
      description:
        "Inventory and governance of non-human identity credentials. Browser sessions use the session cookie; state-changing requests must come from the same origin.",
    },
    servers: [{ url: serverUrl }],
    security: [{ sessionCookie: [] }],
    paths,
    components: {
      securitySchemes: { sessionCookie: { type: "apiKey", in: "cookie", name: "authjs.session-token" } },
      schemas: { Error: errorSchema },
    },
  };
}
