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

/** Writes the request's line once its response has finished or its connection closed; `path` is read then. */
export function logRequest(sink: LogSink, req: IncomingMessage, res: ServerResponse, path: () => string): void {
  const start = process.hrtime.bigint();
  let done = false;
  const write = (aborted: boolean): void => {
    if (done) return;
    done = true;
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const hash = queryHashOf(res);
    const q = hash !== undefined ? ` q=${hash}` : '';
    const extra = aborted ? ' aborted' : '';
    sink(`${new Date().toISOString()} ${req.method} ${path()} ${res.statusCode} ${ms.toFixed(1)}ms${q}${extra}`);
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
