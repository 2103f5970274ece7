import dns from "node:dns";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, type MockInstance, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { discoverAuthorizationServer } from "./discovery";

// Every server here listens on 127.0.0.1; hostnames are answered by a mocked DNS lookup, and the
// one test that needs a "public" first hop uses a fake fetch, so no traffic leaves 127.0.0.1.

type TestServer = { origin: string; port: number; requests: { path: string; host: string }[] };
const servers: http.Server[] = [];

async function startServer(handler: (req: http.IncomingMessage, res: http.ServerResponse, origin: string) => void): Promise<TestServer> {
  const requests: TestServer["requests"] = [];
  const server = http.createServer((req, res) => {
    requests.push({ path: req.url ?? "", host: req.headers.host ?? "" });
    handler(req, res, origin);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return { origin, port, requests };
}

/** Serves `docs[path]` as JSON (a function receives the server origin), 404 otherwise. */
function serveDocs(docs: Record<string, (origin: string) => unknown>) {
  return (req: http.IncomingMessage, res: http.ServerResponse, origin: string) => {
    const doc = docs[req.url ?? ""];
    if (!doc) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(doc(origin)));
  };
}

const metadata = (issuer: string, extra: Record<string, unknown> = {}) => ({
  issuer,
  token_endpoint: `${issuer}/token`,
  jwks_uri: `${issuer}/jwks`,
  token_endpoint_auth_methods_supported: ["client_secret_basic", "private_key_jwt"],
  grant_types_supported: ["client_credentials"],
  ...extra,
});

/** Answer DNS for test hostnames only; anything else fails loudly instead of reaching a resolver. */
function mockDns(table: Record<string, string[]>) {
  // lookup's overloads defeat inference; the module calls the `{ all: true }` form only.
  const lookup = vi.spyOn(dns.promises, "lookup") as unknown as MockInstance<(host: string) => Promise<dns.LookupAddress[]>>;
  lookup.mockImplementation((host: string) => {
    const addresses = table[host];
    if (!addresses) return Promise.reject(Object.assign(new Error(`unexpected lookup ${host}`), { code: "ENOTFOUND" }));
    return Promise.resolve(addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })));
  });
  return lookup;
}

/** A fetch that must never be called. */
const forbiddenFetch: typeof fetch = () => {
  throw new Error("fetch must not be called");
};

async function discoveryError(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

describe("[DISCOVERY] fetching metadata", () => {
  it("reads an OpenID configuration when there is no RFC 8414 document", async () => {
    const server = await startServer(serveDocs({ "/.well-known/openid-configuration": (o) => metadata(o) }));

    const found = await discoverAuthorizationServer(server.origin, { allowPrivateAddresses: true });

    expect(found).toEqual({
      issuer: server.origin,
      tokenEndpoint: `${server.origin}/token`,
      jwksUri: `${server.origin}/jwks`,
      discoveryUrl: `${server.origin}/.well-known/openid-configuration`,
      supportedAuthMethods: ["client_secret_basic", "private_key_jwt"],
      supportedGrantTypes: ["client_credentials"],
      source: "openid-configuration",
    });
    expect(server.requests.map((r) => r.path)).toEqual(["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"]);
  });

  it("prefers the RFC 8414 document when both exist", async () => {
    const server = await startServer(
      serveDocs({
        "/.well-known/oauth-authorization-server": (o) => metadata(o, { grant_types_supported: ["from-8414"] }),
        "/.well-known/openid-configuration": (o) => metadata(o, { grant_types_supported: ["from-oidc"] }),
      }),
    );

    const found = await discoverAuthorizationServer(`${server.origin}/`, { allowPrivateAddresses: true });

    expect(found.source).toBe("oauth-authorization-server");
    expect(found.supportedGrantTypes).toEqual(["from-8414"]);
    expect(server.requests.map((r) => r.path)).toEqual(["/.well-known/oauth-authorization-server"]);
  });

  it("inserts the well-known segment before an issuer path (RFC 8414)", async () => {
    const server = await startServer(
      serveDocs({ "/.well-known/oauth-authorization-server/tenant": (o) => metadata(`${o}/tenant`) }),
    );

    const found = await discoverAuthorizationServer(`${server.origin}/tenant`, { allowPrivateAddresses: true });

    expect(found.issuer).toBe(`${server.origin}/tenant`);
    expect(found.discoveryUrl).toBe(`${server.origin}/.well-known/oauth-authorization-server/tenant`);
  });

  it("appends the OpenID configuration suffix to an issuer path", async () => {
    const server = await startServer(serveDocs({ "/tenant/.well-known/openid-configuration": (o) => metadata(`${o}/tenant`) }));

    const found = await discoverAuthorizationServer(`${server.origin}/tenant/`, { allowPrivateAddresses: true });

    expect(found.source).toBe("openid-configuration");
    expect(server.requests.map((r) => r.path)).toEqual([
      "/.well-known/oauth-authorization-server/tenant",
      "/tenant/.well-known/openid-configuration",
    ]);
  });

  it("leaves omitted optional fields empty", async () => {
    const server = await startServer(serveDocs({ "/.well-known/openid-configuration": (o) => ({ issuer: o }) }));

    const found = await discoverAuthorizationServer(server.origin, { allowPrivateAddresses: true });

    expect(found).toMatchObject({ tokenEndpoint: null, jwksUri: null, supportedAuthMethods: [], supportedGrantTypes: [] });
  });

  it("follows a redirect and reports the well-known URL it started from", async () => {
    const server = await startServer((req, res, origin) => {
      if (req.url === "/.well-known/openid-configuration") res.writeHead(302, { location: "/moved/metadata.json" }).end();
      else if (req.url === "/moved/metadata.json") res.writeHead(200).end(JSON.stringify(metadata(origin)));
      else res.writeHead(404).end();
    });

    const found = await discoverAuthorizationServer(server.origin, { allowPrivateAddresses: true });

    expect(found.discoveryUrl).toBe(`${server.origin}/.well-known/openid-configuration`);
    expect(server.requests.map((r) => r.path)).toContain("/moved/metadata.json");
  });

  it("connects to the vetted address while sending the hostname as Host", async () => {
    // idp.example.test exists only in the mocked DNS: reaching the server proves the socket used the vetted address.
    const server = await startServer(
      serveDocs({ "/.well-known/openid-configuration": () => metadata(`http://idp.example.test:${String(server.port)}`) }),
    );
    const lookup = mockDns({ "idp.example.test": ["127.0.0.1"] });

    const found = await discoverAuthorizationServer(`http://idp.example.test:${String(server.port)}`, { allowPrivateAddresses: true });

    expect(found.tokenEndpoint).toBe(`http://idp.example.test:${String(server.port)}/token`);
    expect(server.requests.map((r) => r.host)).toEqual([`idp.example.test:${String(server.port)}`, `idp.example.test:${String(server.port)}`]);
    expect(lookup).toHaveBeenCalledWith("idp.example.test", { all: true });
  });
});

describe("[SECURITY] discovery refuses private destinations (SSRF)", () => {
  it("refuses a loopback issuer unless private addresses are allowed", async () => {
    const server = await startServer(serveDocs({ "/.well-known/openid-configuration": (o) => metadata(o) }));

    const error = await discoveryError(discoverAuthorizationServer(server.origin, { allowPrivateAddresses: false }));

    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toMatch(/private or loopback address; an admin can allow private addresses/);
    expect(error.details?.fields).toEqual({ issuerUrl: [error.message] });
    expect(server.requests).toEqual([]);
  });

  it("refuses a hostname when any of its addresses is private", async () => {
    mockDns({ "mixed.example.test": ["203.0.113.10", "10.1.2.3"] });

    const error = await discoveryError(
      discoverAuthorizationServer("https://mixed.example.test", { allowPrivateAddresses: false, fetchImpl: forbiddenFetch }),
    );

    expect(error.message).toMatch(/mixed\.example\.test resolves to a private or loopback address/);
  });

  it("refuses an IPv6 loopback literal and an IPv4-mapped loopback", async () => {
    for (const issuer of ["http://[::1]:8080", "http://[::ffff:127.0.0.1]:8080"]) {
      const error = await discoveryError(discoverAuthorizationServer(issuer, { allowPrivateAddresses: false, fetchImpl: forbiddenFetch }));
      expect(error.message).toMatch(/private or loopback/);
    }
  });

  it("refuses a redirect to a loopback address without requesting it", async () => {
    const internal = await startServer(serveDocs({ "/.well-known/openid-configuration": (o) => metadata(o) }));
    mockDns({ "idp.example.test": ["203.0.113.10"] });
    const fakeFetch = vi.fn<typeof fetch>(() =>
      Promise.resolve(new Response(null, { status: 302, headers: { location: `${internal.origin}/.well-known/openid-configuration` } })),
    );

    const error = await discoveryError(
      discoverAuthorizationServer("http://idp.example.test", { allowPrivateAddresses: false, fetchImpl: fakeFetch }),
    );

    expect(error.message).toMatch(/127\.0\.0\.1 resolves to a private or loopback address/);
    expect(fakeFetch).toHaveBeenCalledTimes(1);
    expect(fakeFetch.mock.calls[0]?.[1]).toMatchObject({ redirect: "manual" });
    expect(internal.requests).toEqual([]);
  });

  it("refuses a redirect from https to http", async () => {
    mockDns({ "idp.example.test": ["203.0.113.10"] });
    const fakeFetch = vi.fn<typeof fetch>(() =>
      Promise.resolve(new Response(null, { status: 301, headers: { location: "http://idp.example.test/.well-known/x" } })),
    );

    const error = await discoveryError(
      discoverAuthorizationServer("https://idp.example.test", { allowPrivateAddresses: false, fetchImpl: fakeFetch }),
    );

    expect(error.message).toMatch(/from https to http/);
  });

  it("stops after 3 redirects", async () => {
    const server = await startServer((req, res) => {
      res.writeHead(302, { location: `/loop${String(server.requests.length)}` }).end();
    });

    const error = await discoveryError(discoverAuthorizationServer(server.origin, { allowPrivateAddresses: true }));

    expect(error.message).toMatch(/redirected more than 3 times/);
    expect(server.requests).toHaveLength(4);
  });

  // Issue 13 item 6: allowing private addresses must not open metadata, "this host" or multicast,
  // nor let an IPv6 form carry a refused IPv4 address past the check.
  it.each([
    "http://169.254.169.254",
    "http://0.0.0.0:8080",
    "http://[::]:8080",
    "http://[ff02::1]",
    "http://[::ffff:169.254.169.254]",
    "http://[::169.254.169.254]",
    "http://[64:ff9b::a9fe:a9fe]",
    "http://[2002:a9fe:a9fe::1]",
    "http://[fd00:ec2::254]",
  ])("refuses %s even when private addresses are allowed", async (issuer) => {
    const error = await discoveryError(discoverAuthorizationServer(issuer, { allowPrivateAddresses: true, fetchImpl: forbiddenFetch }));
    expect(error.message).toMatch(/never allowed/);
  });

  it.each([
    "http://[::127.0.0.1]",
    "http://[::10.0.0.1]",
    "http://[2002:7f00:1::1]",
    "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]", // Teredo, client 127.0.0.1
  ])("refuses %s, an IPv6 form of a private IPv4 address", async (issuer) => {
    const error = await discoveryError(discoverAuthorizationServer(issuer, { allowPrivateAddresses: false, fetchImpl: forbiddenFetch }));
    expect(error.message).toMatch(/private or loopback/);
  });
});

describe("[DISCOVERY] limits and bad documents", () => {
  it("gives up when the server never answers", async () => {
    const server = await startServer(() => undefined);
    const started = Date.now();

    const error = await discoveryError(discoverAuthorizationServer(server.origin, { allowPrivateAddresses: true, timeoutMs: 200 }));

    expect(error.message).toBe(`127.0.0.1:${server.port} did not answer within 200 ms`);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("gives up when the body stalls after the headers", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"issuer":');
    });

    const error = await discoveryError(discoverAuthorizationServer(server.origin, { allowPrivateAddresses: true, timeoutMs: 200 }));

    expect(error.message).toMatch(/did not answer within 200 ms/);
  });

  it("says the default deadline in seconds", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const server = await startServer(() => undefined);
      const pending = discoveryError(discoverAuthorizationServer(server.origin, { allowPrivateAddresses: true }));
      await vi.advanceTimersByTimeAsync(5_000);
      expect((await pending).message).toMatch(/did not answer within 5 s$/);
    } finally {
      vi.useRealTimers();
    }
  });

  it("stops reading a streamed body once it passes maxBytes", async () => {
    let sent = 0;
    const server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }); // chunked: no Content-Length
      const timer = setInterval(() => {
        sent += 1024;
        res.write(" ".repeat(1024));
      }, 2);
      res.on("close", () => clearInterval(timer));
    });

    const error = await discoveryError(discoverAuthorizationServer(server.origin, { allowPrivateAddresses: true, maxBytes: 4096 }));

    expect(error.message).toBe("the discovery document is larger than 4 KiB");
    expect(sent).toBeLessThan(1024 * 1024);
  });

  it("caps the body at 512 KiB by default", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200);
      for (let i = 0; i < 600; i++) res.write(" ".repeat(1024));
      res.end();
    });

    const error = await discoveryError(discoverAuthorizationServer(server.origin, { allowPrivateAddresses: true }));

    expect(error.message).toMatch(/discovery document is larger than 512 KiB/);
  });

  it("refuses a document whose issuer does not match", async () => {
    const server = await startServer(serveDocs({ "/.well-known/openid-configuration": () => metadata("https://evil.example.test") }));

    const error = await discoveryError(discoverAuthorizationServer(server.origin, { allowPrivateAddresses: true }));

    expect(error.message).toBe(`the issuer in the document (https://evil.example.test) does not match ${server.origin}/`);
  });

  it("refuses a body that is not JSON", async () => {
    const server = await startServer((req, res) => {
      if (req.url === "/.well-known/openid-configuration") res.writeHead(200, { "content-type": "text/html" }).end("<html>sign in</html>");
      else res.writeHead(404).end();
    });

    const error = await discoveryError(discoverAuthorizationServer(server.origin, { allowPrivateAddresses: true }));

    expect(error.message).toMatch(/openid-configuration is not valid JSON/);
  });

  it("refuses endpoints that are not http(s) URLs", async () => {
    const server = await startServer(
      serveDocs({ "/.well-known/openid-configuration": (o) => metadata(o, { token_endpoint: "javascript:alert(1)" }) }),
    );

    const error = await discoveryError(discoverAuthorizationServer(server.origin, { allowPrivateAddresses: true }));

    expect(error.message).toMatch(/is invalid: token_endpoint must be an http\(s\) URL/);
  });

  it("uses a later well-known URL when an earlier one holds an unusable document", async () => {
    const server = await startServer((req, res, origin) => {
      if (req.url === "/.well-known/oauth-authorization-server") res.writeHead(200).end("<html>catch-all</html>");
      else if (req.url === "/.well-known/openid-configuration") res.writeHead(200).end(JSON.stringify(metadata(origin)));
      else res.writeHead(404).end();
    });

    const found = await discoverAuthorizationServer(server.origin, { allowPrivateAddresses: true });

    expect(found.source).toBe("openid-configuration");
  });

  it("names the URLs it tried when nothing answers", async () => {
    const server = await startServer((_req, res) => res.writeHead(404).end());

    const error = await discoveryError(discoverAuthorizationServer(server.origin, { allowPrivateAddresses: true }));

    expect(error.message).toBe(
      `no discovery document found at ${server.origin}/.well-known/oauth-authorization-server or ${server.origin}/.well-known/openid-configuration`,
    );
  });

  it.each([
    ["not a url", /must be a valid URL/],
    ["ftp://idp.example.test", /https:\/\/ or http:\/\//],
    ["file:///etc/passwd", /https:\/\/ or http:\/\//],
    ["https://user:pw@idp.example.test", /user name or password/],
    ["https://idp.example.test/?tenant=a", /query or fragment/],
  ])("rejects the issuer URL %s before any request", async (issuer, message) => {
    const error = await discoveryError(discoverAuthorizationServer(issuer, { allowPrivateAddresses: true, fetchImpl: forbiddenFetch }));
    expect(error.message).toMatch(message);
  });
});
