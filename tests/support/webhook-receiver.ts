import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** A local HTTP receiver: keeps each request's raw body and headers. */
export type ReceivedHook = { rawBody: string; headers: http.IncomingHttpHeaders; json: Record<string, unknown> };

export type WebhookReceiver = { url: string; received: ReceivedHook[]; close: () => Promise<void> };

export async function startWebhookReceiver(opts: { status?: number; delayMs?: number } = {}): Promise<WebhookReceiver> {
  const received: ReceivedHook[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      const answer = () => {
        received.push({ rawBody, headers: req.headers, json: JSON.parse(rawBody) as Record<string, unknown> });
        res.writeHead(opts.status ?? 200, { "content-type": "text/plain" }).end("ok");
      };
      if (opts.delayMs) setTimeout(answer, opts.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/steward`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What a receiver does: recompute HMAC-SHA256(key, raw body) and compare in constant time. */
export function verifySignature(signingKey: string, rawBody: string, header: string | string[] | undefined): boolean {
  if (typeof header !== "string" || !header.startsWith("sha256=")) return false;
  const expected = Buffer.from(createHmac("sha256", signingKey).update(rawBody, "utf8").digest("hex"), "utf8");
  const given = Buffer.from(header.slice("sha256=".length), "utf8");
  return expected.length === given.length && timingSafeEqual(expected, given);
}
