import type { NextFunction, Request, Response } from 'express';

/**
 * Express error handler for what happens before GraphQL sees a request: a body that is not JSON, or too large.
 * Answers a GraphQL-shaped JSON error (BAD_REQUEST or PAYLOAD_TOO_LARGE) — never Express's HTML page, which would carry
 * a stack trace, file paths and the body itself.
 */
export function bodyErrorHandler(err: unknown, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  const e = err as { type?: string; status?: number };
  const tooLarge = e?.type === 'entity.too.large' || e?.status === 413;
  const status = tooLarge ? 413 : e?.status && e.status >= 400 && e.status < 500 ? e.status : 500;
  const message = tooLarge
    ? 'the request body is too large'
    : status < 500
      ? req.path.endsWith('/graphql')
        ? 'the request body is not a valid GraphQL request (JSON expected)'
        : 'the request body is not valid JSON'
      : 'internal error: the request could not be completed';
  res.status(status).json({ errors: [{ message, extensions: { code: tooLarge ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } }] });
}
