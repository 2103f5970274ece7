import { describe, expect, it } from "vitest";
import { CLIENT_REQUEST_ID_MAX, clientRequestIdFrom } from "./request-id";

describe("[SECURITY] a client's request id (issue 13 item 2)", () => {
  it("keeps up to 128 visible ASCII characters", () => {
    for (const ok of ["a", "req-123", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "x".repeat(CLIENT_REQUEST_ID_MAX), "a:b/c=d;e"]) expect(clientRequestIdFrom(ok)).toBe(ok);
  });

  it("drops anything longer, with control characters (CR, LF, NUL, tab), spaces or non-ASCII, and an absent one", () => {
    for (const bad of ["x".repeat(CLIENT_REQUEST_ID_MAX + 1), "a\r\nX-Forged: 1", "a\nb", "a\rb", "a\u0000b", "a\tb", "a b", "caf\u00e9", "\u007f", "", null, undefined]) {
      expect(clientRequestIdFrom(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});
