// The Express app (does not listen): CORS, request log, /health, /sparql, then the 404 and the one error handler;
// and the server's request listener, which gives plain /sparql queries to the fast path and everything else to Express.
import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import type { Config } from '../config.js';
import type { QueryService } from '../query/service.js';
import { cors } from './cors.js';
import { requestLogger, type LogSink } from './log.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { createSparqlRouter } from './sparql-route.js';
import { createSparqlFront, type SparqlFront } from './fast-path.js';
import { createLinkedDataRouter } from './linked-data/router.js';
import { sendHealth } from './health.js';

export interface AppContext {
  readonly config: Config;
  /** Answers queries: a WorkerPool in the server, an in-process service in some tests. */
  readonly queryService: QueryService;
  /** Folder holding the dumps. */
  readonly dumpsDir: string;
  /** Where request and error lines go (stdout in the server). */
  readonly log: LogSink;
  /** The endpoint and its fast path, when the server built them before loading Express; made here when absent. */
  readonly front?: SparqlFront;
}

export interface AppHandle {
  /** A 'request' listener: the fast path for plain GET/HEAD queries of /sparql, Express for the rest. */
  serve(req: IncomingMessage, res: ServerResponse): void;
}

export function createApp(ctx: AppContext): express.Express & AppHandle {
  const app = express() as express.Express & AppHandle;
  app.disable('x-powered-by');
  app.set('etag', false);
  // One endpoint (cache, cache key, data version) behind both the Express route and the fast path.
  const { cache, endpoint, fast } = ctx.front ?? createSparqlFront(ctx);
  // The fast path (fast-path.ts) repeats these two steps for the requests it takes: keep both in step.
  if (ctx.config.logRequests) app.use(requestLogger(ctx.log));
  app.use(cors());

  // The server answers /health before Express sees it (server.ts); this route serves an app used on its own.
  app.get('/health', (req, res) => sendHealth(req, res, ctx.queryService.stats(), { cacheEntries: cache.size, cacheHits: cache.hits }));

  app.use(createSparqlRouter(endpoint));
  app.serve = (req, res) => {
    if (!fast(req, res)) app(req, res);
  };

  // Other routers (linked-data pages) are mounted here, after /sparql and before the 404 and error handlers.
  app.use(createLinkedDataRouter(ctx));

  app.use(notFoundHandler);
  app.use(errorHandler(ctx.log));
  return app;
}
