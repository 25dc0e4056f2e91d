// Webhook targets an operator did not mean: a URL (or a hostname that resolves) to loopback,
// link-local, private or unspecified addresses would let alerts be POSTed to the database,
// a cloud metadata service or anything else on the analyzer's network.
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

const privateRanges = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network", including the unspecified 0.0.0.0
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata services
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and the broadcast address
] as const)
  privateRanges.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128],
  ["fe80::", 10], // link-local
  ["fc00::", 7], // unique local
  ["ff00::", 8], // multicast
] as const)
  privateRanges.addSubnet(network, prefix, "ipv6");

/** Whether an IP address is loopback, link-local, private, unspecified or otherwise not public. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return privateRanges.check(address, "ipv4");
  if (family !== 6) return false;
  // an IPv4 address written as IPv6 (::ffff:127.0.0.1, ::127.0.0.1) is that IPv4 address
  const embedded = /^(?:::ffff:|::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (embedded !== undefined) return privateRanges.check(embedded, "ipv4");
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (mapped) {
    const [high, low] = [Number.parseInt(mapped[1]!, 16), Number.parseInt(mapped[2]!, 16)];
    return privateRanges.check(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`, "ipv4");
  }
  return privateRanges.check(address, "ipv6");
}

/** Resolves a hostname to every address it has (tests pass their own). */
export type ResolveHost = (hostname: string) => Promise<readonly string[]>;

const resolveWithDns: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * The first private address a webhook URL reaches, or null when every address it resolves
 * to is public. A hostname with one private address among public ones counts as private:
 * which address a connection uses is not ours to choose.
 */
export async function privateTargetOf(url: string, resolve: ResolveHost = resolveWithDns): Promise<string | null> {
  const hostname = new URL(url).hostname.replace(/^\[(.*)\]$/, "$1");
  const addresses = isIP(hostname) !== 0 ? [hostname] : await resolve(hostname);
  return addresses.find(isPrivateAddress) ?? null;
}
