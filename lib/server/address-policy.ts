import "server-only";
/**
 * Which network addresses Steward's outbound requests (authorization-server discovery, webhooks)
 * may reach: one policy for both, pure (no DNS, no sockets), so every range is table-tested.
 *
 * - "never": no OAuth server or webhook receiver lives there, and reaching it is the classic SSRF
 *   prize (cloud metadata on link-local, "this host" via 0.0.0.0 / `::`, multicast, broadcast and
 *   reserved space). Refused whatever the configuration.
 * - "private": loopback, RFC 1918, CGNAT, unique-local, ...: refused unless an admin allows private
 *   addresses (DISCOVERY_ALLOW_PRIVATE_ADDRESSES), because on-premises deployments need them.
 * - "public": everything else.
 *
 * IPv6 forms that carry an IPv4 address (IPv4-mapped and -compatible, NAT64, 6to4, Teredo) are
 * judged by the address they carry as well, so `::127.0.0.1` or `64:ff9b::a9fe:a9fe` cannot smuggle
 * loopback or metadata past an IPv6-only check. Anything that is not an IP address is "never".
 */
export type AddressClass = "public" | "private" | "never";

const severity: Record<AddressClass, number> = { public: 0, private: 1, never: 2 };
const worst = (...classes: AddressClass[]): AddressClass =>
  classes.reduce((a, b) => (severity[b] > severity[a] ? b : a), "public");

type Range = readonly [network: readonly number[], prefix: number, cls: AddressClass];

const v4 = (s: string) => s.split(".").map(Number);
function v6(s: string): number[] {
  const bytes = ipv6Bytes(s);
  if (!bytes) throw new Error(`bad IPv6 range ${s}`);
  return bytes;
}

/** Every IPv4 range that is not public, most specific first where ranges nest. */
export const IPV4_RANGES: readonly Range[] = [
  [v4("0.0.0.0"), 8, "never"], // "this network"; 0.0.0.0 reaches the local host
  [v4("169.254.0.0"), 16, "never"], // link-local: cloud metadata endpoints
  [v4("224.0.0.0"), 4, "never"], // multicast
  [v4("240.0.0.0"), 4, "never"], // reserved, 255.255.255.255 broadcast
  [v4("10.0.0.0"), 8, "private"],
  [v4("100.64.0.0"), 10, "private"], // carrier-grade NAT
  [v4("127.0.0.0"), 8, "private"], // loopback
  [v4("172.16.0.0"), 12, "private"],
  [v4("192.0.0.0"), 24, "private"], // IETF protocol assignments
  [v4("192.168.0.0"), 16, "private"],
  [v4("198.18.0.0"), 15, "private"], // benchmarking
];

/** IPv6 ranges judged on their own (the IPv4-carrying prefixes are handled in `classifyIpv6`). */
export const IPV6_RANGES: readonly Range[] = [
  [v6("fd00:ec2::254"), 128, "never"], // AWS instance metadata over IPv6 (inside fc00::/7)
  [v6("fe80::"), 10, "never"], // link-local
  [v6("ff00::"), 8, "never"], // multicast
  [v6("100::"), 64, "never"], // discard-only
  [v6("fc00::"), 7, "private"], // unique-local
  [v6("fec0::"), 10, "private"], // site-local (deprecated, still routed inside some networks)
  [v6("64:ff9b:1::"), 48, "private"], // local-use NAT64 (RFC 8215): a translator of one's own
];

function inRange(bytes: readonly number[], [network, prefix]: Range): boolean {
  for (let bit = 0; bit < prefix; bit += 8) {
    const take = Math.min(8, prefix - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((bytes[bit / 8] ?? 0) & mask) !== ((network[bit / 8] ?? 0) & mask)) return false;
  }
  return true;
}

const classifyIn = (bytes: readonly number[], ranges: readonly Range[]): AddressClass =>
  ranges.find((range) => inRange(bytes, range))?.[2] ?? "public";

/** Dotted-quad IPv4 as 4 bytes, or null. Leading zeros are refused (some stacks read them as octal). */
function ipv4Bytes(ip: string): number[] | null {
  const parts = ip.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p))) return null;
  const bytes = parts.map(Number);
  return bytes.every((b) => b <= 255) ? bytes : null;
}

/** An IPv6 address (optionally with a zone id or a dotted IPv4 tail) as 16 bytes, or null. */
export function ipv6Bytes(ip: string): number[] | null {
  let text = ip.split("%")[0] ?? "";
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(":");
  if (text.slice(lastColon + 1).includes(".")) {
    const quad = ipv4Bytes(text.slice(lastColon + 1));
    if (!quad) return null;
    tail = quad;
    text = `${text.slice(0, lastColon + 1)}0:0`; // two placeholder groups, replaced below
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groupsOf = (s: string) => (s === "" ? [] : s.split(":"));
  const head = groupsOf(halves[0] ?? "");
  const rest = halves.length === 2 ? groupsOf(halves[1] ?? "") : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  if (!groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  const bytes = groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

const classifyIpv4 = (bytes: readonly number[]): AddressClass => classifyIn(bytes, IPV4_RANGES);

function classifyIpv6(b: readonly number[]): AddressClass {
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const last32 = b.slice(12, 16);
  if (zeros(0, 16)) return "never"; // :: (unspecified: the local host)
  if (zeros(0, 15) && b[15] === 1) return "private"; // ::1 loopback
  // IPv4-compatible ::a.b.c.d (deprecated, still routed by some stacks) and IPv4-mapped ::ffff:a.b.c.d.
  if (zeros(0, 10) && ((b[10] === 0 && b[11] === 0) || (b[10] === 0xff && b[11] === 0xff))) return classifyIpv4(last32);
  // IPv4-translated ::ffff:0:a.b.c.d (RFC 2765).
  if (zeros(0, 8) && b[8] === 0xff && b[9] === 0xff && zeros(10, 12)) return classifyIpv4(last32);
  // NAT64 well-known prefix 64:ff9b::/96: the translator connects to the embedded address.
  if (inRange(b, [[0, 0x64, 0xff, 0x9b], 96, "public"])) return classifyIpv4(last32);
  // 6to4 2002:AABB:CCDD::/48 relays to AA.BB.CC.DD.
  if (b[0] === 0x20 && b[1] === 0x02) return worst(classifyIpv4(b.slice(2, 6)), classifyIn(b, IPV6_RANGES));
  // Teredo 2001:0::/32: server address in bits 32–63, client address inverted in the last 32 bits.
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0 && b[3] === 0) {
    return worst("private", classifyIpv4(b.slice(4, 8)), classifyIpv4(last32.map((x) => x ^ 0xff)));
  }
  return classifyIn(b, IPV6_RANGES);
}

/** The class of one address (IPv4, IPv6, an IPv6 zone id allowed). Not an address → "never". */
export function classifyAddress(ip: string): AddressClass {
  const four = ipv4Bytes(ip);
  if (four) return classifyIpv4(four);
  if (!ip.includes(":")) return "never";
  const six = ipv6Bytes(ip);
  return six ? classifyIpv6(six) : "never";
}

/**
 * Why `host` must not be contacted, given every address it resolves to, or null when it may be.
 * One private or never-allowed address is enough to refuse: the socket could pick any of them.
 */
export function addressRefusal(host: string, addresses: readonly string[], allowPrivateAddresses: boolean): string | null {
  const cls = worst(...addresses.map(classifyAddress));
  if (cls === "never") return `${host} resolves to a link-local (metadata), unspecified, multicast or reserved address, which is never allowed`;
  if (cls === "private" && !allowPrivateAddresses) {
    return `${host} resolves to a private or loopback address; an admin can allow private addresses (DISCOVERY_ALLOW_PRIVATE_ADDRESSES)`;
  }
  return null;
}
