import "server-only";
/**
 * Outbound webhook POSTs with the SSRF guard of lib/server/discovery.ts: the URL's host is resolved,
 * every address vetted (lib/server/address-policy, shared with discovery), and the socket pinned to
 * the vetted addresses (no DNS rebinding between the check and the connect). Redirects are not followed (a 3xx is a failed delivery).
 *
 * Plain Node module (no next/*, no server-only), so the scheduler harness can load it.
 */
import http from "node:http";
import https from "node:https";
import type dns from "node:dns";
import { addressRefusal } from "@/lib/server/address-policy";
import { hostOf, pinnedLookup, resolveHost } from "@/lib/server/discovery";

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
  const refusal = addressRefusal(host, addresses.map((a) => a.address), allowPrivateAddresses);
  if (refusal) throw new WebhookUrlError(refusal);
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
