import { describe, expect, it } from "vitest";
import { parseCidrs } from "@/lib/cidr";
import { clientAddress, PEER_HEADER } from "./client-address";

const headersOf = (h: Record<string, string>) => new Headers(h);

describe("[CLIENT ADDRESS] the socket's address, not what the client says", () => {
  it("ignores X-Forwarded-For and X-Real-IP without trusted proxies", () => {
    const h = headersOf({ [PEER_HEADER]: "203.0.113.9", "x-forwarded-for": "198.51.100.1, 192.0.2.7", "x-real-ip": "192.0.2.8" });
    expect(clientAddress(h, null)).toBe("203.0.113.9");
  });

  it("an IPv4 client on a dual-stack socket is its IPv4 address", () => {
    expect(clientAddress(headersOf({ [PEER_HEADER]: "::ffff:192.0.2.1" }), null)).toBe("192.0.2.1");
    expect(clientAddress(headersOf({ [PEER_HEADER]: "2001:db8::1" }), null)).toBe("2001:db8::1");
  });

  it("is unknown (one shared bucket, never a client's choice) when the server did not record the socket", () => {
    expect(clientAddress(headersOf({ "x-forwarded-for": "198.51.100.1" }), null)).toBe("unknown");
  });

  it("behind trusted proxies: the right-most hop that is not a trusted proxy", () => {
    const trusted = parseCidrs("10.0.0.0/8, fd00::/8");
    // The client forged 1.1.1.1; the edge proxy appended the real address; an inner proxy appended the edge's.
    const h = headersOf({ [PEER_HEADER]: "10.0.0.2", "x-forwarded-for": "1.1.1.1, 198.51.100.4, 10.0.0.1" });
    expect(clientAddress(h, trusted)).toBe("198.51.100.4");
    // Every hop a proxy: the left-most is the best there is.
    expect(clientAddress(headersOf({ [PEER_HEADER]: "10.0.0.2", "x-forwarded-for": "10.0.0.1" }), trusted)).toBe("10.0.0.2");
    // Junk where an address should be: the trusted proxy did not write that, so the proxy is the client.
    expect(clientAddress(headersOf({ [PEER_HEADER]: "10.0.0.2", "x-forwarded-for": "1.1.1.1, not-an-ip" }), trusted)).toBe("10.0.0.2");
  });

  it("a socket that is not a trusted proxy is the client, whatever X-Forwarded-For says", () => {
    const trusted = parseCidrs("10.0.0.0/8");
    expect(clientAddress(headersOf({ [PEER_HEADER]: "203.0.113.9", "x-forwarded-for": "10.0.0.1" }), trusted)).toBe("203.0.113.9");
  });

  it("TRUSTED_PROXIES must be addresses or CIDRs", () => {
    expect(() => parseCidrs("10.0.0.0/8,192.0.2.1,::1/128")).not.toThrow();
    for (const bad of ["10.0.0.0/33", "example.com", "10.0.0.0/8/1", "fd00::/129", "10.0.0.0/"]) expect(() => parseCidrs(bad), bad).toThrow();
  });
});
