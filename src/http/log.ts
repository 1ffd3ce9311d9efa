// One log line per request: time, method, path, status, duration and a short hash of the query (never the query itself).
import type { NextFunction, Request, Response } from 'express';
import { createHash } from 'node:crypto';

export type LogSink = (line: string) => void;

export function queryHash(query: string): string {
  return createHash('sha256').update(query).digest('hex').slice(0, 12);
}

export function requestLogger(sink: LogSink) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    let done = false;
    const write = (aborted: boolean): void => {
      if (done) return;
      done = true;
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const q = typeof res.locals.queryHash === 'string' ? ` q=${res.locals.queryHash}` : '';
      const extra = aborted ? ' aborted' : '';
      sink(`${new Date().toISOString()} ${req.method} ${req.path} ${res.statusCode} ${ms.toFixed(1)}ms${q}${extra}`);
    };
    res.on('finish', () => write(false));
    res.on('close', () => write(!res.writableFinished));
    next();
  };
}
