// Typed HTTP errors and the one error middleware: the status comes from the error, a 500 never shows a stack trace.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { negotiate } from './negotiate.js';
import type { Format } from '../serialize/formats.js';
import { QueryError } from '../query/errors.js';
import { cutResponse } from './log.js';

export class HttpError extends Error {
  public readonly status: number;
  public readonly code: string;
  public readonly headers: Readonly<Record<string, string>>;
  public readonly line?: number;
  public readonly column?: number;
  public constructor(status: number, code: string, message: string, extra: { headers?: Record<string, string>; line?: number; column?: number } = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.headers = extra.headers ?? {};
    if (extra.line !== undefined) this.line = extra.line;
    if (extra.column !== undefined) this.column = extra.column;
  }
}

export function badRequest(message: string, code = 'bad-request'): HttpError {
  return new HttpError(400, code, message);
}

// Error bodies: plain text unless the client prefers JSON.
const TEXT: Format = { name: 'text', mediaType: 'text/plain', aliases: [], extension: 'txt', kind: 'page', label: 'text' };
const JSON_F: Format = { name: 'json', mediaType: 'application/json', aliases: ['application/sparql-results+json'], extension: 'json', kind: 'page', label: 'JSON' };

export interface ErrorBody {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
  readonly headers: Readonly<Record<string, string>>;
}

/** Normalises anything thrown into a status, a code and a message fit to show the client. */
export function toErrorBody(err: unknown, log: (line: string) => void): ErrorBody {
  if (err instanceof HttpError || err instanceof QueryError) {
    if (err.status >= 500 && err.status !== 503) log(`error ${err.status} ${err.code}: ${err.message}`);
    return {
      status: err.status,
      code: err.code,
      message: err.message,
      ...(err.line !== undefined ? { line: err.line } : {}),
      ...(err.column !== undefined ? { column: err.column } : {}),
      headers: err.headers ?? {},
    };
  }
  // Express / body errors carry a status of their own (e.g. a 413 from a body reader).
  const status = typeof (err as { status?: unknown })?.status === 'number' ? (err as { status: number }).status : 500;
  if (status < 500) return { status, code: 'bad-request', message: err instanceof Error ? err.message : String(err), headers: {} };
  const ref = randomBytes(4).toString('hex');
  log(`error 500 ref=${ref}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return { status: 500, code: 'internal', message: `internal error (reference ${ref}); the details are in the server log`, headers: {} };
}

/** Writes an error answer (plain node objects, so the fast path and Express share it); cuts the connection if the status already went out. */
export function sendError(req: IncomingMessage, res: ServerResponse, body: ErrorBody): void {
  if (res.headersSent) {
    // Too late for a status: cut the connection so the client cannot take a partial answer for a whole one.
    cutResponse(res, `${body.status} ${body.code} after the status was sent`);
    return;
  }
  // The client has gone: nobody to answer (its log line says client-abort).
  if (res.destroyed) return;
  const f = negotiate(req.headers.accept, [TEXT, JSON_F], { fallback: TEXT }) ?? TEXT;
  res.statusCode = body.status;
  for (const [k, v] of Object.entries(body.headers)) res.setHeader(k, v);
  res.setHeader('Cache-Control', 'no-store');
  const text =
    f === JSON_F
      ? `${JSON.stringify({ status: body.status, error: body.code, message: body.message, ...(body.line !== undefined ? { line: body.line, column: body.column } : {}) })}\n`
      : `${body.message}\n`;
  res.setHeader('Content-Type', f === JSON_F ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', String(Buffer.byteLength(text)));
  res.end(req.method === 'HEAD' ? undefined : text);
}

/** Answers anything thrown while handling a request: the error middleware and the fast path both end here. */
export function answerError(err: unknown, req: IncomingMessage, res: ServerResponse, log: (line: string) => void): void {
  sendError(req, res, toErrorBody(err, log));
}

export function notFoundHandler(req: Request, res: Response): void {
  sendError(req, res, { status: 404, code: 'not-found', message: `nothing at ${req.path}; the SPARQL endpoint is /sparql`, headers: {} });
}

/** The one error middleware (Express recognises it by its four parameters). */
export function errorHandler(log: (line: string) => void) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    answerError(err, req, res, log);
  };
}
