import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";

/**
 * Steward usage adapter for node-oidc-provider (https://github.com/panva/node-oidc-provider), tested
 * with 9.x (docs/usage-events.md "oidc-provider"). Attach it to your provider and every
 * client_credentials token the provider issues becomes a `token_issued` event posted to Steward's
 * POST /api/v1/events with an ingest token:
 *
 *   import { attachStewardUsage } from "./oidc-provider"; // copy this file, or import it from Steward's tree
 *   const usage = attachStewardUsage(provider, { url: "https://steward.example", token: process.env.STEWARD_INGEST_TOKEN });
 *   // on shutdown: await usage.close();
 *
 * It listens to the provider's `client_credentials.saved` (opaque tokens) and
 * `client_credentials.issued` (JWT tokens) events, buffers lines in memory and sends them as one
 * gzip NDJSON batch every `flushIntervalMs` or `maxBatch` events. Delivery is at least once: a failed
 * batch stays queued and is sent again (the token's jti is the event id, so Steward counts a re-sent
 * event once). The queue is bounded (`maxQueue`); past it the oldest events are dropped and reported
 * to `onError`. No token value is sent: for opaque tokens the jti is the token itself, so the event id is
 * its SHA-256; otherwise only the client, audience, scopes and lifetime.
 *
 * No import of oidc-provider itself: the provider is typed by the two things used (`issuer`, `on`).
 */
export type OidcProviderLike = { issuer: string; on(event: string, listener: (token: IssuedToken) => void): unknown };

/** The fields of oidc-provider's ClientCredentials model this adapter reads. */
export type IssuedToken = {
  jti?: string;
  clientId?: string;
  scope?: string;
  aud?: string | string[];
  iat?: number;
  exp?: number;
  /** Seconds the token lives (oidc-provider's getter). */
  expiration?: number;
};

export type StewardUsageOptions = {
  /** Steward's base URL, e.g. https://steward.example (the adapter posts to /api/v1/events). */
  url: string;
  /** An ingest token (Settings → API tokens → scope "ingest"). */
  token: string;
  flushIntervalMs?: number;
  maxBatch?: number;
  maxQueue?: number;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  onError?: (error: Error) => void;
};

export type TokenIssuedLine = {
  id: string;
  type: "token_issued";
  time: string;
  issuer: string;
  client_id: string;
  audience?: string;
  scopes: string[];
  expires_in?: number;
};

/** One issued token → its NDJSON line (pure; exported for tests and other forwarders). */
export function tokenIssuedLine(issuer: string, token: IssuedToken, now: Date = new Date()): TokenIssuedLine | null {
  if (!token.clientId || !token.jti) return null;
  const audience = Array.isArray(token.aud) ? token.aud[0] : token.aud;
  const lifetime = typeof token.expiration === "number" ? token.expiration : typeof token.exp === "number" && typeof token.iat === "number" ? token.exp - token.iat : undefined;
  return {
    // For opaque tokens oidc-provider's jti IS the bearer value: only its SHA-256 leaves the provider.
    id: `oidc-provider:${createHash("sha256").update(token.jti).digest("hex")}`,
    type: "token_issued",
    time: (typeof token.iat === "number" ? new Date(token.iat * 1000) : now).toISOString(),
    issuer,
    client_id: token.clientId,
    ...(audience ? { audience } : {}),
    scopes: (token.scope ?? "").split(" ").filter(Boolean),
    ...(lifetime !== undefined && lifetime >= 0 ? { expires_in: Math.round(lifetime) } : {}),
  };
}

export const OIDC_PROVIDER_EVENTS = ["client_credentials.saved", "client_credentials.issued"] as const;

export function attachStewardUsage(provider: OidcProviderLike, options: StewardUsageOptions) {
  const endpoint = new URL("/api/v1/events", options.url).toString();
  const send = options.fetch ?? fetch;
  const maxBatch = options.maxBatch ?? 1000;
  const maxQueue = options.maxQueue ?? 100_000;
  const report = options.onError ?? ((error: Error) => console.error(`[steward-usage] ${error.message}`));
  const queue: TokenIssuedLine[] = [];
  let inFlight: Promise<void> | null = null;
  let closed = false;

  const enqueue = (token: IssuedToken) => {
    if (closed) return;
    const line = tokenIssuedLine(provider.issuer, token);
    if (!line) return;
    queue.push(line);
    if (queue.length > maxQueue) {
      const dropped = queue.splice(0, queue.length - maxQueue).length;
      report(new Error(`usage queue full: dropped the ${dropped} oldest events`));
    }
    if (queue.length >= maxBatch) void flush();
  };
  for (const event of OIDC_PROVIDER_EVENTS) provider.on(event, enqueue);

  async function sendOnce(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      const body = gzipSync(batch.map((l) => JSON.stringify(l)).join("\n"));
      const response = await send(endpoint, {
        method: "POST",
        headers: { authorization: `Bearer ${options.token}`, "content-type": "application/x-ndjson", "content-encoding": "gzip" },
        body: new Uint8Array(body),
      });
      if (response.status === 422) {
        // A line Steward refuses will not pass on a retry: drop the batch, say why.
        queue.splice(0, batch.length);
        report(new Error(`Steward refused a usage batch (422): ${await response.text()}`));
        continue;
      }
      if (!response.ok) throw new Error(`Steward answered ${response.status} to a usage batch; it stays queued`);
      await response.body?.cancel();
      queue.splice(0, batch.length);
    }
  }

  /** Sends everything queued now (one batch at a time); a failure leaves the rest queued for the next flush. */
  function flush(): Promise<void> {
    inFlight ??= sendOnce()
      .catch((error: unknown) => report(error instanceof Error ? error : new Error(String(error))))
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  }

  const timer = setInterval(() => void flush(), options.flushIntervalMs ?? 1000);
  timer.unref();

  return {
    flush,
    pending: () => queue.length,
    /** Stops listening for new tokens and sends what is queued. */
    async close() {
      closed = true;
      clearInterval(timer);
      await inFlight;
      await flush();
    },
  };
}
