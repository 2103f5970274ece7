import "server-only";
/**
 * Authorization-server discovery (DESIGN §3.2, §8.5): given an issuer URL, fetch its RFC 8414 or
 * OpenID Connect discovery document and return the fields Steward records.
 *
 * The URL is typed by a user, so the fetch is a server-side request forgery risk. The guards:
 * - only http(s); every hostname (and every redirect target) is resolved and refused if ANY of its
 *   addresses is off limits under lib/server/address-policy (private ones unless an admin allows
 *   them; link-local/metadata, unspecified, multicast and reserved ones never);
 * - the socket connects to the addresses that were vetted (a pinned `lookup`), so a DNS answer that
 *   changes between the check and the connect (DNS rebinding) cannot steer the request elsewhere;
 * - redirects are followed by hand (at most 3), each target vetted again, never https → http;
 * - one deadline for the whole discovery and a byte cap enforced while reading, not from headers.
 *
 * Plain Node module (no next/*, no server-only) so scripts and tests can use it directly.
 */
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { addressRefusal } from "./address-policy";

export type DiscoverySource = "oauth-authorization-server" | "openid-configuration";

export type DiscoveredServer = {
  /** The issuer as the document states it. */
  issuer: string;
  tokenEndpoint: string | null;
  jwksUri: string | null;
  /** The well-known URL that answered (before any redirect). */
  discoveryUrl: string;
  /** As advertised; empty when the document omits the field (the spec defaults then apply). */
  supportedAuthMethods: string[];
  /** As advertised; empty when the document omits the field (the spec defaults then apply). */
  supportedGrantTypes: string[];
  source: DiscoverySource;
};

export type DiscoveryOptions = {
  allowPrivateAddresses: boolean;
  /** Deadline for the whole discovery, every candidate and redirect included. */
  timeoutMs?: number;
  maxBytes?: number;
  /**
   * Replaces the built-in transport (tests, or a proxying fetch). The address checks and manual
   * redirects still apply, but the connection is no longer pinned to the vetted address.
   */
  fetchImpl?: typeof fetch;
};

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_BYTES = 512 * 1024;
const MAX_REDIRECTS = 3;

// ---------------------------------------------------------------------------------------------
// Document shape

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

const metadataSchema = z.object({
  issuer: z.string({ error: "is required" }).min(1, "is required"),
  token_endpoint: httpUrl.optional(),
  jwks_uri: httpUrl.optional(),
  token_endpoint_auth_methods_supported: z.array(z.string()).optional(),
  grant_types_supported: z.array(z.string()).optional(),
});

// ---------------------------------------------------------------------------------------------
// Discovery

const invalid = (message: string) => new AppError("INVALID_INPUT", message, { fields: { issuerUrl: [message] } });

const withoutTrailingSlash = (s: string) => s.replace(/\/$/, "");
const formatMs = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);
const formatBytes = (n: number) => (n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`);

/** The well-known URLs to try, in order (RFC 8414 §3.1 path insertion; OIDC Discovery §4 appending). */
function candidateUrls(issuer: URL): { url: URL; source: DiscoverySource }[] {
  const path = withoutTrailingSlash(issuer.pathname);
  const at = (p: string) => new URL(p, issuer.origin);
  const candidates = [
    { url: at(`/.well-known/oauth-authorization-server${path}`), source: "oauth-authorization-server" as const },
    { url: at(`${path}/.well-known/openid-configuration`), source: "openid-configuration" as const },
  ];
  // Some servers (e.g. Okta custom authorization servers) append the RFC 8414 suffix instead.
  if (path) candidates.push({ url: at(`${path}/.well-known/oauth-authorization-server`), source: "oauth-authorization-server" });
  return candidates;
}

/**
 * Fetch the issuer's discovery metadata. Every failure is an `AppError("INVALID_INPUT")` whose
 * message is also set on the `issuerUrl` field, so forms can show it in place.
 */
export async function discoverAuthorizationServer(issuerUrl: string, opts: DiscoveryOptions): Promise<DiscoveredServer> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const issuer = parseIssuer(issuerUrl);

  const controller = new AbortController();
  // Until the `finally` below, only the deadline aborts this controller.
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const session: FetchSession = {
    allowPrivateAddresses: opts.allowPrivateAddresses,
    maxBytes,
    signal: controller.signal,
    fetchImpl: opts.fetchImpl,
  };

  try {
    // A candidate that answers with an unusable document is remembered but does not stop the
    // search: another well-known URL may still hold the right one.
    let problem: AppError | undefined;
    const candidates = candidateUrls(issuer);
    for (const { url, source } of candidates) {
      const body = await fetchDocument(url, session);
      if (body === null) continue;
      try {
        return { ...parseDocument(body, url, issuer), discoveryUrl: url.href, source };
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        problem ??= error;
      }
    }
    throw problem ?? invalid(`no discovery document found at ${candidates.map((c) => c.url.href).join(" or ")}`);
  } catch (error) {
    if (controller.signal.aborted) throw invalid(`${issuer.host} did not answer within ${formatMs(timeoutMs)}`);
    throw error;
  } finally {
    clearTimeout(timer);
    controller.abort(); // releases anything still open
  }
}

function parseIssuer(issuerUrl: string): URL {
  let url: URL;
  try {
    url = new URL(issuerUrl.trim());
  } catch {
    throw invalid("must be a valid URL, e.g. https://login.example.com");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw invalid("must start with https:// or http://");
  if (url.username || url.password) throw invalid("must not contain a user name or password");
  if (url.search || url.hash) throw invalid("must not contain a query or fragment");
  return url;
}

function parseDocument(body: Buffer, url: URL, issuer: URL): Omit<DiscoveredServer, "discoveryUrl" | "source"> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    throw invalid(`the discovery document at ${url.href} is not valid JSON`);
  }
  const parsed = metadataSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")} ` : "";
    throw invalid(`the discovery document at ${url.href} is invalid: ${where}${issue?.message ?? "unexpected shape"}`);
  }
  const doc = parsed.data;
  if (withoutTrailingSlash(doc.issuer) !== withoutTrailingSlash(issuer.href)) {
    throw invalid(`the issuer in the document (${doc.issuer}) does not match ${issuer.href}`);
  }
  return {
    issuer: doc.issuer,
    tokenEndpoint: doc.token_endpoint ?? null,
    jwksUri: doc.jwks_uri ?? null,
    supportedAuthMethods: doc.token_endpoint_auth_methods_supported ?? [],
    supportedGrantTypes: doc.grant_types_supported ?? [],
  };
}

// ---------------------------------------------------------------------------------------------
// Fetching

type FetchSession = { allowPrivateAddresses: boolean; maxBytes: number; signal: AbortSignal; fetchImpl: typeof fetch | undefined };

type RawResponse = {
  status: number;
  location: string | null;
  contentLength: number | null;
  body: AsyncIterable<Uint8Array>;
  /** Drop the response without reading it. */
  discard: () => void;
};

/** GET `start`, following up to 3 vetted redirects. Returns the body on 200, null on any other final status. */
async function fetchDocument(start: URL, session: FetchSession): Promise<Buffer | null> {
  let url = start;
  for (let redirects = 0; ; redirects++) {
    const addresses = await vetHost(url, session);
    const res = session.fetchImpl
      ? await requestWithFetch(session.fetchImpl, url, session.signal)
      : await requestPinned(url, addresses, session.signal);

    if ([301, 302, 303, 307, 308].includes(res.status) && res.location) {
      res.discard();
      if (redirects === MAX_REDIRECTS) throw invalid(`${start.href} redirected more than ${MAX_REDIRECTS} times`);
      const next = new URL(res.location, url);
      if (next.protocol !== "https:" && next.protocol !== "http:") throw invalid(`${url.href} redirected to a non-http(s) URL`);
      if (url.protocol === "https:" && next.protocol === "http:") throw invalid(`${url.href} redirected from https to http`);
      url = next;
      continue;
    }
    if (res.status !== 200) {
      res.discard();
      return null;
    }
    return readCapped(res, session.maxBytes);
  }
}

/** The host of a URL as DNS and the address checks want it (URL keeps IPv6 literals bracketed). */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/** A literal address as itself, a name through DNS (every address). No answer is an error. */
export async function resolveHost(host: string): Promise<dns.LookupAddress[]> {
  const literal = isIP(host);
  if (literal) return [{ address: host, family: literal }];
  const addresses = await dns.promises.lookup(host, { all: true });
  if (addresses.length === 0) throw new Error(`${host} could not be resolved`);
  return addresses;
}

/** A socket `lookup` that can only answer the vetted addresses: no DNS rebinding between the check and the connect. */
export function pinnedLookup(addresses: readonly dns.LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const [first] = addresses;
    if (options.all) callback(null, [...addresses]);
    else if (first) callback(null, first.address, first.family);
    else callback(new Error("no vetted address"), "");
  };
}

/** Resolve the URL's host and refuse it if any address is off limits. Returns the vetted addresses. */
async function vetHost(url: URL, session: FetchSession): Promise<dns.LookupAddress[]> {
  const host = hostOf(url);
  let addresses: dns.LookupAddress[];
  try {
    addresses = await abortable(resolveHost(host), session.signal);
  } catch (error) {
    if (session.signal.aborted) throw error;
    throw invalid(`${host} could not be resolved`);
  }
  const refusal = addressRefusal(host, addresses.map((a) => a.address), session.allowPrivateAddresses);
  if (refusal) throw invalid(refusal);
  return addresses;
}

/** node:http(s) request whose socket can only connect to the vetted addresses; Host and TLS SNI stay the hostname. */
function requestPinned(url: URL, addresses: dns.LookupAddress[], signal: AbortSignal): Promise<RawResponse> {
  const lookup = pinnedLookup(addresses);
  const transport = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      url,
      { method: "GET", headers: { accept: "application/json" }, lookup, signal, agent: false },
      (res) => {
        const length = Number(res.headers["content-length"]);
        resolve({
          status: res.statusCode ?? 0,
          location: res.headers.location ?? null,
          contentLength: Number.isFinite(length) ? length : null,
          body: res,
          discard: () => res.destroy(),
        });
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) => {
      reject(signal.aborted ? error : invalid(`could not connect to ${url.host}: ${error.code ?? error.message}`));
    });
    req.end();
  });
}

async function requestWithFetch(fetchImpl: typeof fetch, url: URL, signal: AbortSignal): Promise<RawResponse> {
  let res: Response;
  try {
    res = await fetchImpl(url, { method: "GET", headers: { accept: "application/json" }, redirect: "manual", signal });
  } catch (error) {
    if (signal.aborted) throw error;
    throw invalid(`could not connect to ${url.host}`);
  }
  const length = Number(res.headers.get("content-length") ?? NaN);
  const stream = res.body;
  return {
    status: res.status,
    location: res.headers.get("location"),
    contentLength: Number.isFinite(length) ? length : null,
    body: chunksOf(stream),
    discard: () => void stream?.cancel().catch(() => undefined),
  };
}

async function* chunksOf(stream: ReadableStream<Uint8Array> | null): AsyncGenerator<Uint8Array> {
  if (!stream) return;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** Read the body, giving up as soon as it passes `maxBytes` (a Content-Length is only an early hint). */
async function readCapped(res: RawResponse, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => invalid(`the discovery document is larger than ${formatBytes(maxBytes)}`);
  if (res.contentLength !== null && res.contentLength > maxBytes) {
    res.discard();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of res.body) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      res.discard();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error("aborted"));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error("aborted"));
    signal.addEventListener("abort", onAbort, { once: true });
    void promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
