import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import proxyaddr from 'proxy-addr';
import { clientAddress, type AddressOfRequest } from '../client-address.js';
import type { Metrics } from '../metrics.js';
import { ApiError } from './errors.js';

/** Options of {@link createMetricsRoutes}. */
export interface MetricsRouteOptions {
  metrics: Metrics;
  /** `METRICS_TOKEN`: when set, the scraper must present it; when not, only this machine may read the metrics. */
  token: string | undefined;
  /** How to read a caller's address (see {@link createAddressOfRequest}). */
  addressOf: AddressOfRequest;
}

/** True for 127.0.0.0/8 and ::1 (and their IPv4-mapped forms). */
const isLoopback = proxyaddr.compile('loopback');

/** SHA-256 of a token: equal lengths for {@link timingSafeEqual}, whatever was sent. */
const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * `GET /metrics` (under /api): this process's metrics in the Prometheus text format (see ../metrics.ts). Each
 * process of a deployment answers for itself, so Prometheus scrapes each one.
 *
 * Who may read them:
 * - with `METRICS_TOKEN` set, a request with `Authorization: Bearer <METRICS_TOKEN>`, from anywhere, and nobody else;
 * - without it, a request from this machine (a loopback address) that did not come through a proxy: one with
 *   `X-Forwarded-For` or `Forwarded` is refused, so that a reverse proxy on the same machine does not hand the
 *   metrics to whoever asks it.
 * Sessions play no part: the route is mounted before the session middleware.
 */
export function createMetricsRoutes(options: MetricsRouteOptions): Hono {
  const routes = new Hono();
  const expected = options.token === undefined ? undefined : digest(options.token);
  routes.get('/metrics', async (c) => {
    if (expected) {
      const given = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
      if (given === undefined || !timingSafeEqual(digest(given), expected)) {
        c.header('WWW-Authenticate', 'Bearer realm="metrics"');
        throw new ApiError(401, 'unauthenticated', 'Metrics need the token set in METRICS_TOKEN, sent as Authorization: Bearer <token>.');
      }
    } else {
      const proxied = c.req.header('x-forwarded-for') !== undefined || c.req.header('forwarded') !== undefined;
      if (proxied || !isLoopback(clientAddress(c, options.addressOf), 0)) {
        throw new ApiError(
          403,
          'forbidden',
          'Metrics are served only to this machine, not through a proxy. Set METRICS_TOKEN to let a Prometheus elsewhere read them.',
        );
      }
    }
    const text = await options.metrics.text();
    return c.body(text, 200, { 'Content-Type': options.metrics.contentType, 'Cache-Control': 'no-store' });
  });
  return routes;
}
