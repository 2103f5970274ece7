import { BlockList, isIP } from "node:net";

/** CIDRs ("10.0.0.0/8, fd00::/8", or a bare address) as a BlockList; throws on one that is not. */
export function parseCidrs(list: string): BlockList {
  const blocks = new BlockList();
  for (const item of list.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [, address = "", prefix] = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(item) ?? [];
    const family = isIP(address);
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
    if (!family || bits > (family === 6 ? 128 : 32)) {
      throw new Error(`"${item}" is not an address or CIDR`);
    }
    blocks.addSubnet(address, bits, family === 6 ? "ipv6" : "ipv4");
  }
  return blocks;
}
