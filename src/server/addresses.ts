/**
 * Client addresses as the relay's limits count them: the address the connection came from (or, behind a trusted
 * proxy, the one the proxy added), and the group it is counted in. An IPv6 client usually holds a whole /64 (often
 * more), so counting single IPv6 addresses would give it billions of fresh ones: IPv6 addresses are grouped by their
 * first `ipv6PrefixLength` bits. IPv4-mapped IPv6 addresses count as the IPv4 address.
 */
import type { IncomingHttpHeaders } from 'node:http';
import ipaddr from 'ipaddr.js';

/**
 * The client's address. With `trustProxy`, the last `X-Forwarded-For` entry (the one the proxy appended; earlier ones
 * are the client's own claim and would let it pick a fresh address for every try).
 */
export function clientAddress(headers: IncomingHttpHeaders, remoteAddress: string | undefined, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = headers['x-forwarded-for'];
    const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)?.split(',').pop()?.trim();
    if (last) return last;
  }
  return remoteAddress ?? '';
}

/**
 * The key `address` is counted under: an IPv4 address as is, an IPv6 address as its `/prefixLength` network. An IPv4
 * address already written the usual way is answered as the same string (not a copy of it): every socket keeps its
 * group, and the address is the one its connection already holds.
 */
export function addressGroup(address: string, prefixLength: number): string {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  } catch {
    return address;
  }
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  if (parsed.kind() === 'ipv4') {
    const ipv4 = parsed.toString();
    return ipv4 === address ? address : ipv4;
  }
  const bytes = parsed.toByteArray();
  for (let bit = prefixLength; bit < 128; bit++) bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) & ~(0x80 >> (bit & 7));
  return `${ipaddr.fromByteArray(bytes).toString()}/${prefixLength}`;
}

/**
 * Open connections per address group, capped at `max`. `admit` is asked at each new connection (WebSocket or
 * long-polling handshake); a connection counts from `opened` until `closed`.
 */
export class ConnectionCounter {
  readonly #open = new Map<string, number>();

  constructor(readonly max: number) {}

  admit(group: string): boolean {
    return (this.#open.get(group) ?? 0) < this.max;
  }

  opened(group: string): void {
    this.#open.set(group, (this.#open.get(group) ?? 0) + 1);
  }

  closed(group: string): void {
    const left = (this.#open.get(group) ?? 0) - 1;
    if (left > 0) this.#open.set(group, left);
    else this.#open.delete(group);
  }

  count(group: string): number {
    return this.#open.get(group) ?? 0;
  }
}
