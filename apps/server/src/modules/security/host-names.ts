/**
 * Host and origin names as browsers send them, compared the way browsers compare them. WHATWG URL
 * parsing normalises case, default ports and IP spellings (`127.1`, `0x7f.0.0.1`, `[0:0::1]`).
 */

// A Host header is a name or an IPv4 address or a bracketed IPv6 address, then an optional port:
// anything else (userinfo, a path, spaces) is not something a browser sends and matches nothing.
const HOST_HEADER = /^(?:[a-z0-9._-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;
const LOOPBACK_IPV4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** `{hostname, host}` of a Host header read as `scheme://<header>` (host keeps a non-default port), or undefined. */
export function parseHostHeader(header: string, scheme = "http:"): { hostname: string; host: string } | undefined {
  if (!HOST_HEADER.test(header)) return undefined;
  try {
    const url = new URL(`${scheme}//${header}`);
    return { hostname: url.hostname, host: url.host };
  } catch {
    return undefined;
  }
}

/** A normalised origin (`scheme://host[:port]`), or undefined for `null` and anything that is not an http(s) origin. */
export function parseOrigin(origin: string): URL | undefined {
  try {
    const url = new URL(origin);
    return url.protocol === "http:" || url.protocol === "https:" ? url : undefined;
  } catch {
    return undefined;
  }
}

/** `localhost`, `127.x.x.x` or `[::1]`, as a parsed hostname: a name no other machine can answer to. */
export function isLoopbackHostname(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || LOOPBACK_IPV4.test(hostname);
}

/** Whether a listen address (`HOST`) accepts connections from this machine only. */
export function isLoopbackListenAddress(address: string): boolean {
  const bracketed = address.startsWith("[") ? address : address.includes(":") ? `[${address}]` : address;
  const parsed = parseHostHeader(bracketed);
  return parsed !== undefined && isLoopbackHostname(parsed.hostname);
}
