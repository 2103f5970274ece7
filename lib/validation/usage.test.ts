import { describe, expect, it } from "vitest";
import { encodeCursor } from "./common";
import { credentialPrefillQuery, encodeUnknownClientCursor, unknownClientCursorField, unknownClientsQuery } from "./usage";

describe("[USAGE] query strings of the usage pages (DESIGN §5.4)", () => {
  it("[USAGE] the unknown-clients cursor round-trips, microseconds and odd issuers included", () => {
    const cursor = { lastSeenAt: "2026-12-07T00:05:01.123456Z", issuer: "https://idp.example.test/realms/a b/", clientId: "client:with/odd chars" };
    expect(unknownClientCursorField.parse(encodeUnknownClientCursor(cursor))).toEqual(cursor);
  });

  it("[USAGE] anything else is refused as a cursor (422), never reaching SQL", () => {
    for (const bad of ["", "not-base64!", encodeCursor({ name: "x", id: "00000000-0000-4000-8000-000000000000" }), encodeUnknownClientCursor({ lastSeenAt: "yesterday", issuer: "i", clientId: "c" }), encodeUnknownClientCursor({ lastSeenAt: "2026-12-07T00:00:00Z", issuer: "i\u0000", clientId: "c" })]) {
      expect(unknownClientsQuery.safeParse({ cursor: bad }).success, bad).toBe(false);
    }
  });

  it("[USAGE] Register's prefill takes a client id and a server id, and drops what is not one", () => {
    expect(credentialPrefillQuery.parse({ clientId: " shadow-1 ", serverId: "00000000-0000-4000-8000-000000000000" })).toEqual({ clientId: "shadow-1", serverId: "00000000-0000-4000-8000-000000000000" });
    expect(credentialPrefillQuery.safeParse({ serverId: "not-a-uuid" }).success).toBe(false);
    expect(credentialPrefillQuery.safeParse({ clientId: "x".repeat(501) }).success).toBe(false);
  });
});
