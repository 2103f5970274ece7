import { describe, expect, it } from "vitest";
import { addressRefusal, classifyAddress, IPV4_RANGES, IPV6_RANGES, type AddressClass } from "./address-policy";

// Every range of the policy, at its first and last address where that matters, plus the IPv6 forms
// that carry an IPv4 address (issue 13 item 6).
const table: [string, AddressClass][] = [
  // IPv4, never
  ["0.0.0.0", "never"],
  ["0.255.255.255", "never"],
  ["169.254.169.254", "never"],
  ["169.254.0.1", "never"],
  ["224.0.0.1", "never"],
  ["239.255.255.250", "never"],
  ["240.0.0.1", "never"],
  ["255.255.255.255", "never"],
  // IPv4, private
  ["10.0.0.1", "private"],
  ["10.255.255.255", "private"],
  ["100.64.0.1", "private"],
  ["100.127.255.255", "private"],
  ["127.0.0.1", "private"],
  ["127.255.255.254", "private"],
  ["172.16.5.4", "private"],
  ["172.31.255.255", "private"],
  ["192.0.0.8", "private"],
  ["192.168.1.1", "private"],
  ["198.18.0.1", "private"],
  ["198.19.255.255", "private"],
  // IPv4, public (edges of the ranges above)
  ["1.1.1.1", "public"],
  ["8.8.8.8", "public"],
  ["100.63.255.255", "public"],
  ["100.128.0.1", "public"],
  ["172.15.255.255", "public"],
  ["172.32.0.1", "public"],
  ["169.253.255.255", "public"],
  ["198.20.0.1", "public"],
  ["223.255.255.255", "public"],
  // IPv6 on its own
  ["::", "never"],
  ["::1", "private"],
  ["fe80::1", "never"],
  ["fe80::1%eth0", "never"],
  ["febf:ffff::1", "never"],
  ["ff02::1", "never"],
  ["ff05::1:3", "never"],
  ["100::1", "never"],
  ["fd00:ec2::254", "never"],
  ["fc00::1", "private"],
  ["fd12:3456::1", "private"],
  ["fec0::1", "private"],
  ["64:ff9b:1::808:808", "private"],
  ["2001:4860::", "public"],
  ["2001:4860:4860::8888", "public"],
  ["2001:db8::1", "public"],
  ["2606:4700::1111", "public"],
  // IPv4-mapped
  ["::ffff:127.0.0.1", "private"],
  ["::ffff:7f00:1", "private"],
  ["::ffff:10.0.0.1", "private"],
  ["::ffff:169.254.169.254", "never"],
  ["::ffff:0.0.0.0", "never"],
  ["::ffff:8.8.8.8", "public"],
  // IPv4-compatible (deprecated)
  ["::127.0.0.1", "private"],
  ["::7f00:1", "private"],
  ["::169.254.169.254", "never"],
  ["::8.8.8.8", "public"],
  // IPv4-translated
  ["::ffff:0:127.0.0.1", "private"],
  ["::ffff:0:a9fe:a9fe", "never"],
  // NAT64
  ["64:ff9b::10.0.0.1", "private"],
  ["64:ff9b::a00:1", "private"],
  ["64:ff9b::a9fe:a9fe", "never"],
  ["64:ff9b::808:808", "public"],
  // 6to4
  ["2002:7f00:1::1", "private"],
  ["2002:a9fe:a9fe::1", "never"],
  ["2002:808:808::1", "public"],
  // Teredo: server 65.54.227.120, client inverted in the last 32 bits
  ["2001:0:4136:e378:8000:63bf:80ff:fffe", "private"], // client 127.0.0.1
  ["2001:0:4136:e378:8000:63bf:5601:5601", "never"], // client 169.254.169.254
  ["2001:0:4136:e378:8000:63bf:f7f7:f7f7", "private"], // client 8.8.8.8: still a tunnel
  // Not addresses
  ["not-an-ip", "never"],
  ["", "never"],
  ["010.0.0.1", "never"],
  ["256.1.1.1", "never"],
  ["1:2:3:4:5:6:7:8:9", "never"],
  ["1::2::3", "never"],
  ["example.com", "never"],
];

describe("[SECURITY] address policy (discovery and webhooks)", () => {
  it.each(table)("classifyAddress(%s) → %s", (ip, expected) => {
    expect(classifyAddress(ip)).toBe(expected);
  });

  it("covers the first address of every listed range with that range's class", () => {
    for (const [network, , cls] of IPV4_RANGES) expect(classifyAddress(network.join("."))).toBe(cls);
    for (const [network, , cls] of IPV6_RANGES) {
      const groups = Array.from({ length: 8 }, (_, i) => (((network[2 * i] ?? 0) << 8) | (network[2 * i + 1] ?? 0)).toString(16));
      expect(classifyAddress(groups.join(":"))).toBe(cls);
    }
  });

  it("refuses never-allowed addresses in every mode, private ones unless allowed", () => {
    expect(addressRefusal("h", ["8.8.8.8"], false)).toBeNull();
    expect(addressRefusal("h", ["10.0.0.1"], true)).toBeNull();
    expect(addressRefusal("h", ["8.8.8.8", "10.0.0.1"], false)).toMatch(/^h resolves to a private or loopback address/);
    expect(addressRefusal("h", ["8.8.8.8", "169.254.169.254"], true)).toMatch(/never allowed/);
    expect(addressRefusal("h", ["::"], true)).toMatch(/never allowed/);
    expect(addressRefusal("h", ["::ffff:0.0.0.0"], true)).toMatch(/never allowed/);
  });
});
