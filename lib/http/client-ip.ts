import { BlockList, isIP } from "node:net";

/**
 * The header through which `npm start` (server/start.ts) hands the client's address to the app. The
 * server always overwrites it, so a value a client sends never arrives.
 */
export const CLIENT_IP_HEADER = "x-arena-client-ip";

const plain = (address: string) => address.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");

/**
 * Parse ARENA_TRUSTED_PROXIES: comma-separated IP addresses and CIDR ranges (IPv4 or IPv6).
 * Throws an Error naming the first entry that is neither.
 * @example parseTrustedProxies("10.0.0.0/8, 192.0.2.7").check("10.1.2.3") // true
 */
export function parseTrustedProxies(spec: string | undefined): BlockList {
  const list = new BlockList();
  for (const raw of (spec ?? "").split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    const [address = "", bits, ...rest] = entry.split("/");
    const family = isIP(plain(address));
    const prefix = Number(bits);
    const maxBits = family === 6 ? 128 : 32;
    if (
      family === 0 ||
      rest.length > 0 ||
      (bits !== undefined && !(/^\d{1,3}$/.test(bits) && prefix <= maxBits))
    ) {
      throw new Error(`"${entry}" is not an IP address or CIDR range`);
    }
    const type = family === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(plain(address), type);
    else list.addSubnet(plain(address), prefix, type);
  }
  return list;
}

function trusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
}

/**
 * The client's address: the TCP peer, unless the peer is a trusted proxy, in which case the
 * X-Forwarded-For chain is walked from the right (the hop the proxy itself appended) past every
 * trusted proxy to the first address that is not one. Hops a client wrote itself sit further left
 * and are never reached while an untrusted hop stands in front of them.
 */
export function resolveClientIp(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  proxies: BlockList,
): string {
  const remote = plain(peer ?? "");
  if (!remote) return "unknown";
  if (!trusted(proxies, remote)) return remote;
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map(plain)
    .filter(Boolean);
  let client = remote;
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = chain[i] as string;
    // A garbled hop cannot be attributed: stop at the last address a trusted proxy vouched for.
    if (isIP(hop) === 0) break;
    client = hop;
    if (!trusted(proxies, hop)) break;
  }
  return client;
}

/**
 * The client address of a request inside the app, as `npm start` resolved it. Without that header
 * (`next dev`, which sets X-Forwarded-For to the peer only when the client sent none) the last
 * forwarded hop is used: the peer, or a value the client chose — acceptable in development only.
 */
export function clientIp(
  headers: Record<string, string | string[] | undefined> | Headers | undefined,
): string {
  const get = (name: string) => {
    if (!headers) return undefined;
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v.join(",") : v;
  };
  const resolved = get(CLIENT_IP_HEADER)?.trim();
  if (resolved) return resolved;
  const last = get("x-forwarded-for")?.split(",").at(-1)?.trim();
  return last || "unknown";
}

/**
 * What `npm start` does to each request before the app sees it: resolve the client address from
 * the TCP peer (and X-Forwarded-For, only through trusted proxies) and write it to CLIENT_IP_HEADER,
 * replacing any value the client sent under that name.
 */
export function stampClientIp(
  req: { headers: Record<string, string | string[] | undefined>; socket: { remoteAddress?: string } },
  proxies: BlockList,
): void {
  req.headers[CLIENT_IP_HEADER] = resolveClientIp(
    req.socket.remoteAddress,
    req.headers["x-forwarded-for"],
    proxies,
  );
}
