import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may be delivered (SSRF rules of docs/api.md#notifications-and-webhooks): http or https only,
 * and, unless private targets are allowed, never an address on this host, its link or a
 * private network. Every address a host name resolves to is checked.
 */

const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata services
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64 of any IPv4 address
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** An IPv4 address written as IPv6 (::ffff:10.0.0.1 or ::ffff:a00:1), as IPv4; else null. */
function mappedIpv4(address: string): string | null {
  const match = /^::ffff:(.+)$/i.exec(address);
  if (!match) return null;
  const tail = match[1]!;
  if (isIP(tail) === 4) return tail;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(tail);
  if (!hex) return null;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** True for an address outside loopback, link-local, private and other special ranges. */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const v4 = mappedIpv4(bare);
  if (v4) return !NOT_PUBLIC.check(v4, 'ipv4');
  const family = isIP(bare);
  if (family === 4) return !NOT_PUBLIC.check(bare, 'ipv4');
  if (family === 6) return !NOT_PUBLIC.check(bare, 'ipv6');
  return false;
}

export type UrlRefusal = 'scheme' | 'malformed' | 'credentials' | 'not_public' | 'unresolvable';

/** Checks a URL's form (not its addresses): http(s), a host, no user info. */
export function checkUrlForm(raw: string): { url: URL } | { refusal: UrlRefusal } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { refusal: 'malformed' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { refusal: 'scheme' };
  if (!url.hostname) return { refusal: 'malformed' };
  if (url.username || url.password) return { refusal: 'credentials' };
  return { url };
}

/** The host of a URL as a resolver or isIP takes it (IPv6 without brackets). */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}
