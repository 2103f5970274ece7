import type { z } from "zod";
import type { Permission } from "@/lib/authz/permissions";

/**
 * An API endpoint's contract: path, access rule and zod schemas. The route wrapper enforces it,
 * the OpenAPI document is generated from it, and the authorization suite walks it.
 */
export type Access = { permission: Permission } | "public" | "signed-in";

export type Endpoint = {
  operationId: string;
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** OpenAPI-style path, e.g. /api/v1/teams/{id} */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response?: z.ZodType;
  successStatus?: 200 | 201 | 204;
  /** Refused to API tokens: a token may not manage tokens (a leaked one must not mint more). */
  sessionOnly?: boolean;
  /**
   * Repeating it is harmless: Idempotency-Key is accepted and not needed. Running a scheduler job, a
   * POST that only reads (verifying the audit chain, fetching discovery metadata: a stored answer would
   * be stale), and the inventory import (an upsert by key, whose answer streams while later batches
   * commit in their own transactions — it cannot live inside the key's transaction).
   */
  repeatable?: boolean;
  /**
   * Which API tokens may call it (default "api"): an `ingest` endpoint takes only ingest tokens (and no
   * session), and an ingest token can call nothing else (DESIGN §8.7).
   */
  tokenScope?: "api" | "ingest";
  /** The response holds a secret shown once (a token, an invite link, a signing key): never stored for an Idempotency-Key replay. */
  secretResponse?: boolean;
};

export function endpoint<const E extends Endpoint>(e: E): E {
  return e;
}

export type Output<S> = S extends z.ZodType ? z.output<S> : undefined;
