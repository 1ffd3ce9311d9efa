// CORS for every route: any origin, preflight answered, the headers clients need exposed.
import type { NextFunction, Request, Response } from 'express';

export const EXPOSED_HEADERS = ['Link', 'ETag', 'Content-Location', 'Retry-After', 'X-Result-Truncated', 'X-Result-Row-Limit'];
export const ALLOWED_HEADERS = ['Accept', 'Content-Type', 'If-None-Match', 'Cache-Control'];
export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS'];

export function cors() {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS.join(', '));
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS.join(', '));
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS.join(', '));
      res.setHeader('Access-Control-Max-Age', '86400');
      res.setHeader('Allow', ALLOWED_METHODS.join(', '));
      res.status(204).end();
      return;
    }
    next();
  };
}
