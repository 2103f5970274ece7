import "server-only";
/**
 * Outbound webhook POSTs with the SSRF guard of lib/server/discovery.ts: the URL's host is resolved,
 * every address vetted, and the socket pinned to the vetted addresses (no DNS rebinding between the
 * check and the connect). Private and loopback addresses need DISCOVERY_ALLOW_PRIVATE_ADDRESSES;
 * link-local (cloud metadata), unspecified, multicast and reserved addresses are never allowed —
 * no webhook receiver lives there. Redirects are not followed (a 3xx is a failed delivery).
 *
 * Plain Node module (no next/*, no server-only), so the scheduler harness can load it.
 */
import http from "node:http";
import https from "node:https";
import type dns from "node:dns";
import { BlockList, isIP } from "node:net";
import { hostOf, isPrivateAddress, pinnedLookup, resolveHost } from "@/lib/server/discovery";

const neverAllowed = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["169.254.0.0", 16],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  neverAllowed.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  neverAllowed.addSubnet(network, prefix, "ipv6");
}

/** Addresses no webhook may target, whatever the configuration. */
export function isNeverAllowedAddress(ip: string): boolean {
  const version = isIP(ip);
  if (version === 4) return neverAllowed.check(ip, "ipv4");
  if (version === 6) return neverAllowed.check(ip, "ipv6");
  return true;
}

export class WebhookUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookUrlError";
  }
}

/** Syntax only (no DNS): http(s), no user name or password, no fragment. */
export function parseWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new WebhookUrlError("must be a valid URL, e.g. https://hooks.example.com/steward");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new WebhookUrlError("must start with https:// or http://");
  if (url.username || url.password) throw new WebhookUrlError("must not contain a user name or password");
  if (url.hash) throw new WebhookUrlError("must not contain a fragment");
  return url;
}

/** Resolves the host and refuses blocked addresses. Returns the vetted addresses to pin the socket to. */
export async function vetWebhookUrl(raw: string, allowPrivateAddresses: boolean): Promise<{ url: URL; addresses: dns.LookupAddress[] }> {
  const url = parseWebhookUrl(raw);
  const host = hostOf(url);
  let addresses: dns.LookupAddress[];
  try {
    addresses = await resolveHost(host);
  } catch {
    throw new WebhookUrlError(`${host} could not be resolved`);
  }
  if (addresses.some((a) => isNeverAllowedAddress(a.address))) {
    throw new WebhookUrlError(`${host} resolves to a link-local, multicast or reserved address, which is never allowed`);
  }
  if (!allowPrivateAddresses && addresses.some((a) => isPrivateAddress(a.address))) {
    throw new WebhookUrlError(`${host} resolves to a private or loopback address; an admin can allow private addresses (DISCOVERY_ALLOW_PRIVATE_ADDRESSES)`);
  }
  return { url, addresses };
}

export type WebhookResult = { ok: true; status: number } | { ok: false; error: string };

const MAX_RESPONSE_BYTES = 64 * 1024;

/** POST the body to the vetted URL within `timeoutMs`. 2xx is success; anything else is a reason to retry. */
export async function postWebhook(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  opts: { allowPrivateAddresses: boolean; timeoutMs: number },
): Promise<WebhookResult> {
  let vetted;
  try {
    vetted = await vetWebhookUrl(rawUrl, opts.allowPrivateAddresses);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const { url, addresses } = vetted;
  const lookup = pinnedLookup(addresses);
  const transport = url.protocol === "https:" ? https : http;
  const signal = AbortSignal.timeout(opts.timeoutMs);
  return new Promise<WebhookResult>((resolve) => {
    const req = transport.request(
      url,
      {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "Steward-Webhook/1", "content-length": String(Buffer.byteLength(body)), ...headers },
        lookup,
        signal,
        agent: false,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        // Drain a little of the answer (receivers expect it read), never more than the cap.
        let seen = 0;
        res.on("data", (chunk: Buffer) => {
          seen += chunk.length;
          if (seen > MAX_RESPONSE_BYTES) res.destroy();
        });
        const done = () => resolve(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, error: `HTTP ${status} from ${url.host}` });
        res.on("end", done);
        res.on("close", done);
        res.on("error", done);
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) => {
      resolve({ ok: false, error: signal.aborted ? `${url.host} did not answer within ${opts.timeoutMs} ms` : `could not connect to ${url.host}: ${error.code ?? error.message}` });
    });
    req.end(body);
  });
}
