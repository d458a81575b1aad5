import compression from 'compression';
import cors from 'cors';
import type express from 'express';
import type { GatewayConfig } from './config';

/** Loopback origins on any port: what a frontend's development server runs at (e.g. http://localhost:5173). */
const LOOPBACK_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

/**
 * Whether a request names the gateway's machine as a browser on it would: its Host is a loopback name (any port) and
 * its Origin, when sent, a loopback origin. A page of another site that has rebound its own name to 127.0.0.1 (DNS
 * rebinding) sends its own name as Host and Origin, so it is refused though its socket is local.
 */
export function addressedAsLoopback(host: string | undefined, origin: string | undefined): boolean {
  const hostOk = !!host && /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i.test(host);
  return hostOk && (origin === undefined || LOOPBACK_ORIGIN.test(origin));
}

/** The request headers a browser may send to /graphql (answered in Access-Control-Allow-Headers). */
export const CORS_ALLOWED_HEADERS = ['content-type', 'authorization', 'accept', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id'];
/** How long a browser may cache a preflight answer, in seconds (Chromium caps it at 7200). */
export const CORS_MAX_AGE = 600;

/**
 * Whether a browser origin may call /graphql: exactly the configured CORS_ORIGINS; unset, none in production and any
 * loopback origin in development.
 */
export function originAllowed(config: Pick<GatewayConfig, 'CORS_ORIGINS' | 'AIDGRAPH_MODE'>): (origin: string | undefined) => boolean {
  const list = config.CORS_ORIGINS ?? (config.AIDGRAPH_MODE === 'production' ? [] : undefined);
  if (!list) return (origin) => !!origin && LOOPBACK_ORIGIN.test(origin);
  const allowed = new Set(list);
  return (origin) => !!origin && allowed.has(origin);
}

/**
 * CORS for /graphql (the maintained `cors` middleware): an allowed origin's preflight `OPTIONS` is answered 204 with
 * Access-Control-Allow-Origin (that origin), -Methods (GET, POST, OPTIONS), -Headers and -Max-Age, and its GET/POST
 * answers carry Access-Control-Allow-Origin; a disallowed origin gets no CORS header (the browser then withholds the
 * answer) and its preflight a bare 204. Every answer varies on Origin, so no cache serves one origin's answer to
 * another. No credentials: callers authenticate with a bearer token, never a cookie.
 */
export function graphqlCors(config: Pick<GatewayConfig, 'CORS_ORIGINS' | 'AIDGRAPH_MODE'>): express.RequestHandler[] {
  const allowed = originAllowed(config);
  return [
    (_req, res, next) => {
      res.vary('Origin');
      next();
    },
    cors({
      origin: (origin, callback) => callback(null, allowed(origin)),
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: CORS_ALLOWED_HEADERS,
      maxAge: CORS_MAX_AGE,
      credentials: false,
      optionsSuccessStatus: 204,
    }),
    // a preflight the cors middleware did not answer (no Origin, or one not allowed): 204 without CORS headers
    (req, res, next) => {
      if (req.method !== 'OPTIONS') return next();
      res.status(204).set('allow', 'GET, POST, OPTIONS').end();
    },
  ];
}

/**
 * Compression of every answer of the public listener (GraphQL JSON, the GraphiQL page and its assets) with br or gzip,
 * as the client's Accept-Encoding allows, when it is at least COMPRESSION_THRESHOLD long (`compression` middleware;
 * brotli at quality 4, gzip at its default level). Off with COMPRESSION=false, e.g. behind a proxy that compresses.
 */
export function responseCompression(config: Pick<GatewayConfig, 'COMPRESSION' | 'COMPRESSION_THRESHOLD'>): express.RequestHandler {
  if (!config.COMPRESSION) return (_req, _res, next) => next();
  return compression({ threshold: config.COMPRESSION_THRESHOLD });
}
