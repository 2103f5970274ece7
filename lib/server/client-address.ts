import "server-only";
import http from "node:http";
import { isIP, type BlockList } from "node:net";
import { parseCidrs } from "@/lib/cidr";
import { env } from "@/lib/env";

/**
 * The address a request came from. Next keeps a client's own X-Forwarded-For (it only fills the
 * header when absent) and hands handlers no socket, so anyone could name any address: reset the
 * per-address sign-in limit on every try, or write a forged address into the audit log. The
 * server records the socket's address under a header of its own, overwriting whatever a client
 * sent; X-Forwarded-For counts only when that socket is a proxy listed in TRUSTED_PROXIES.
 */
export const PEER_HEADER = "x-steward-peer";

let recording = false;

/** Start-up, before any request: stamp every request with its socket's address. */
export function recordPeerAddresses(): void {
  if (recording) return;
  recording = true;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- applied below with each server as `this`
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage;
      request.headers[PEER_HEADER] = request.socket.remoteAddress ?? "";
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
}

/** "::ffff:192.0.2.1" (an IPv4 client on a dual-stack socket) is 192.0.2.1; anything not an address is null. */
function normalise(value: string | undefined | null): string | null {
  const text = value?.trim() ?? "";
  const plain = text.toLowerCase().startsWith("::ffff:") && isIP(text.slice(7)) === 4 ? text.slice(7) : text;
  return isIP(plain) ? plain : null;
}

const isIn = (blocks: BlockList, address: string) => blocks.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");

/**
 * The socket's address; behind trusted proxies, the right-most X-Forwarded-For hop that is not
 * one of them (each proxy appends the address it saw, so hops left of an untrusted one are the
 * client's own claims). "unknown" when the server did not record the socket.
 */
export function clientAddress(headers: Headers, trusted: BlockList | null): string {
  const peer = normalise(headers.get(PEER_HEADER));
  if (!peer) return "unknown";
  if (!trusted || !isIn(trusted, peer)) return peer;
  const hops = (headers.get("x-forwarded-for") ?? "").split(",");
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalise(hops[i]);
    // A hop that is no address at all was not written by a proxy we trust: stop at the proxy.
    if (!hop) return peer;
    if (!isIn(trusted, hop)) return hop;
  }
  return peer;
}

let cached: { source: string | undefined; blocks: BlockList | null } = { source: undefined, blocks: null };

/** The client's address under this deployment's TRUSTED_PROXIES (parsed once). */
export function clientIp(headers: Headers): string {
  const source = env().TRUSTED_PROXIES;
  if (cached.source !== source) cached = { source, blocks: source ? parseCidrs(source) : null };
  return clientAddress(headers, cached.blocks);
}
