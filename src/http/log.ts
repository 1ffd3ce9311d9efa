// One log line per request: time, method, path, status, duration and a short hash of the query (never the query itself).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { createHash } from 'node:crypto';

export type LogSink = (line: string) => void;

export function queryHash(query: string): string {
  return createHash('sha256').update(query).digest('hex').slice(0, 12);
}

// The query a response answers, kept on the response; hashed only when a line is written.
const QUERY = Symbol('query');
type NotedResponse = ServerResponse & { [QUERY]?: string };

/** Records the query a response answers, so that its log lines can name it by hash. */
export function noteQuery(res: ServerResponse, query: string): void {
  (res as NotedResponse)[QUERY] = query;
}

/** The short hash of the query a response answers, if it answers one. */
export function queryHashOf(res: ServerResponse): string | undefined {
  const query = (res as NotedResponse)[QUERY];
  return query === undefined ? undefined : queryHash(query);
}

// Why the server itself cut a response short (an error after the status went out, shutdown), kept on the response.
const CUT = Symbol('cut');
type CutResponse = ServerResponse & { [CUT]?: string };

/** Ends a response's connection before its answer is complete, recording why for its log line. */
export function cutResponse(res: ServerResponse, why: string): void {
  (res as CutResponse)[CUT] ??= why;
  res.destroy();
}

/** Marks a response the server is about to cut (shutdown): its log line then says so instead of blaming the client. */
export function markCut(res: ServerResponse, why: string): void {
  (res as CutResponse)[CUT] ??= why;
}

/**
 * Writes the request's line once its response has finished or its connection closed; `path` is read then. The status
 * is the one the client received: `-` when its connection closed before any status line went out. A response that did
 * not finish says why: `client-abort` (the client went away) or `cut (<why>)` (the server ended it).
 */
export function logRequest(sink: LogSink, req: IncomingMessage, res: ServerResponse, path: () => string): void {
  const start = process.hrtime.bigint();
  let done = false;
  const write = (unfinished: boolean): void => {
    if (done) return;
    done = true;
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const hash = queryHashOf(res);
    const q = hash !== undefined ? ` q=${hash}` : '';
    const status = unfinished && !res.headersSent ? '-' : String(res.statusCode);
    const why = (res as CutResponse)[CUT];
    const extra = !unfinished ? '' : why !== undefined ? ` cut (${why})` : ' client-abort';
    sink(`${new Date().toISOString()} ${req.method} ${path()} ${status} ${ms.toFixed(1)}ms${q}${extra}`);
  };
  res.on('finish', () => write(false));
  res.on('close', () => write(!res.writableFinished));
}

/** The Express middleware form of logRequest. */
export function requestLogger(sink: LogSink) {
  return (req: Request, res: Response, next: NextFunction): void => {
    logRequest(sink, req, res, () => req.path);
    next();
  };
}
