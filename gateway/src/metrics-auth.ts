import crypto from 'node:crypto';
import type express from 'express';

/**
 * Express middleware of the metrics listener (the gateway's, or a cluster primary's): with a token configured, /metrics
 * answers only `Authorization: Bearer <token>` (else 401 UNAUTHENTICATED). Compared as sha256 digests in constant time.
 */
export function metricsAuth(token: string | undefined) {
  const expected = token ? crypto.createHash('sha256').update(`Bearer ${token}`).digest() : undefined;
  return (req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (!expected) return next();
    const given = crypto.createHash('sha256').update(String(req.headers.authorization ?? '')).digest();
    if (crypto.timingSafeEqual(given, expected)) return next();
    res.status(401).set('www-authenticate', 'Bearer').json({ errors: [{ message: 'a metrics token is required', extensions: { code: 'UNAUTHENTICATED' } }] });
  };
}
