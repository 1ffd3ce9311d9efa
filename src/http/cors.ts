// CORS for every route: any origin, preflight answered, the headers clients need exposed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

export const EXPOSED_HEADERS = ['Link', 'ETag', 'Content-Location', 'Retry-After', 'X-Result-Truncated', 'X-Result-Row-Limit'];
export const ALLOWED_HEADERS = ['Accept', 'Content-Type', 'If-None-Match', 'Cache-Control'];
export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS'];

const EXPOSED = EXPOSED_HEADERS.join(', ');
const ALLOWED = ALLOWED_METHODS.join(', ');
const ALLOWED_REQUEST_HEADERS = ALLOWED_HEADERS.join(', ');

/** Sets the CORS headers of every answer and answers a preflight (OPTIONS) with 204; true when it answered. */
export function applyCors(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED);
  if (req.method !== 'OPTIONS') return false;
  res.setHeader('Access-Control-Allow-Methods', ALLOWED);
  res.setHeader('Access-Control-Allow-Headers', ALLOWED_REQUEST_HEADERS);
  res.setHeader('Access-Control-Max-Age', '86400');
  res.setHeader('Allow', ALLOWED);
  res.statusCode = 204;
  res.end();
  return true;
}

/** The Express middleware form of applyCors. */
export function cors() {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!applyCors(req, res)) next();
  };
}
