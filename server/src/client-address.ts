import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import proxyaddr from 'proxy-addr';

/**
 * The address a request came from, for per-address limits (sign-in attempts, community posts) and logs: the socket's
 * peer, or, when that peer is a trusted proxy, the client it names in `X-Forwarded-For` (read from the right, past
 * every trusted hop, by `proxy-addr`, so a client cannot pass itself off as another by writing the header itself).
 */
export type AddressOfRequest = (request: IncomingMessage) => string;

/**
 * Checks the proxies to trust (`TRUST_PROXY`): addresses, CIDR ranges (`10.0.0.0/8`, `fd00::/8`) or the names
 * `loopback`, `linklocal` and `uniquelocal`. Throws a TypeError naming the first entry that is none of these.
 */
export function checkTrustedProxies(entries: readonly string[]): void {
  proxyaddr.compile([...entries]);
}

/** How to read a request's address, trusting `trusted` proxies (none: the socket's peer, whatever the headers say). */
export function createAddressOfRequest(trusted: readonly string[] = []): AddressOfRequest {
  if (trusted.length === 0) return (request) => request.socket.remoteAddress ?? 'unknown';
  const trust = proxyaddr.compile([...trusted]);
  return (request) => (request.socket.remoteAddress === undefined ? 'unknown' : proxyaddr(request, trust));
}

/** The address of a Hono request served by `@hono/node-server` ('unknown' when it has no Node request). */
export function clientAddress(c: Context, addressOf: AddressOfRequest): string {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming ? addressOf(incoming) : 'unknown';
}
