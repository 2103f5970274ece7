import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { databaseUnavailable } from "./db-unavailable";
import { errorResponse } from "./http";

describe("databaseUnavailable", () => {
  it("recognises a refused connection as the driver and drizzle really report it", async () => {
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    const client = postgres("postgres://postgres@127.0.0.1:1/none", { max: 1, connect_timeout: 2, onnotice: () => undefined });
    const error: unknown = await drizzle(client)
      .execute(sql`select 1`)
      .then(() => null, (e: unknown) => e);
    await client.end({ timeout: 1 });
    expect(error).not.toBeNull();
    const outage = databaseUnavailable(error);
    expect(outage).toBeInstanceOf(AppError);
    expect(outage?.code).toBe("UNAVAILABLE");
  });

  it("follows cause chains and AggregateError, and knows shutdown and recovery SQLSTATEs", () => {
    const wrapped = (inner: object) => Object.assign(new Error("Failed query: select 1"), { cause: inner });
    expect(databaseUnavailable(wrapped(Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" })))?.code).toBe("UNAVAILABLE");
    expect(databaseUnavailable(new AggregateError([Object.assign(new Error("connect"), { code: "ECONNREFUSED", address: "10.0.0.5", port: 5432 })], "all addresses failed"))?.code).toBe("UNAVAILABLE");
    // The server killed under a query: the driver's socket read fails.
    expect(databaseUnavailable(wrapped(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", errno: -104, syscall: "read" })))?.code).toBe("UNAVAILABLE");
    for (const code of ["57P01", "57P02", "57P03", "53300", "08006", "08001"]) {
      expect(databaseUnavailable(wrapped(Object.assign(new Error("server says no"), { code })))?.code, code).toBe("UNAVAILABLE");
    }
  });

  it("leaves query errors alone: constraint violations, a trigger's exception, plain bugs", () => {
    expect(databaseUnavailable(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBeUndefined();
    expect(databaseUnavailable(Object.assign(new Error("raised by a trigger"), { code: "P0001" }))).toBeUndefined();
    expect(databaseUnavailable(new TypeError("x is undefined"))).toBeUndefined();
    // The client hung up while its body was read: no server address, not the database.
    expect(databaseUnavailable(Object.assign(new Error("aborted"), { code: "ECONNRESET" }))).toBeUndefined();
    const loop: { cause?: unknown } = {};
    loop.cause = loop;
    expect(databaseUnavailable(loop)).toBeUndefined();
  });

  it("answers 503 with Retry-After in the error envelope", async () => {
    const res = errorResponse(new AppError("UNAVAILABLE", "The database is not reachable"), "req-12345678");
    expect(res.status).toBe(503);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({ error: { code: "UNAVAILABLE", requestId: "req-12345678" } });
  });
});
