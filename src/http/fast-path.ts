// The fast path: plain query requests (GET/HEAD /sparql?query=...) answered from the server's 'request' event without
// Express, through the same protocol handling, cache, CORS headers, log line and error answers as the Express route.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyCors } from './cors.js';
import { answerError } from './errors.js';
import { cutResponse, logRequest, type LogSink } from './log.js';
import { createSparqlEndpoint, type SparqlEndpoint } from './sparql.js';
import { AnswerCache } from './sparql-cache.js';
import type { Config } from '../config.js';
import type { QueryService } from '../query/service.js';

// The only URL parameters a fast-path request may carry ('query' exactly once).
const PARAMS = new Set(['query', 'format', 'default-graph-uri', 'named-graph-uri']);

/** The URL parameters of a request the fast path takes, or undefined when the request is left to Express. */
export function fastPathParams(req: IncomingMessage, path: string): URLSearchParams | undefined {
  if (req.method !== 'GET' && req.method !== 'HEAD') return undefined;
  const url = req.url ?? '';
  if (!url.startsWith(path) || url.charCodeAt(path.length) !== 0x3f /* ? */) return undefined;
  const params = new URLSearchParams(url.slice(path.length + 1));
  let queries = 0;
  for (const name of params.keys()) {
    if (name === 'query') queries++;
    else if (!PARAMS.has(name)) return undefined;
  }
  return queries === 1 ? params : undefined;
}

export interface FastPath {
  /** Takes the request and answers it (true), or leaves it untouched to Express (false). */
  (req: IncomingMessage, res: ServerResponse): boolean;
  /** Requests the fast path has taken. */
  readonly served: number;
  /** Of those, the ones answered from the cache by their raw URL, without parsing. */
  readonly servedByUrl: number;
}

/** Builds the fast path over the endpoint the Express route uses; `logRequests` and `log` as for the Express app. */
export function createFastPath(endpoint: SparqlEndpoint, opts: { readonly logRequests: boolean; readonly log: LogSink; readonly urlIndex?: boolean }): FastPath {
  const { path } = endpoint;
  const { log } = opts;
  let served = 0;
  let servedByUrl = 0;
  const urlIndex = opts.urlIndex !== false;
  const fast = (req: IncomingMessage, res: ServerResponse): boolean => {
    // A request the fast path answered before, asked again as it was, is answered from the cache without parsing its URL.
    const hit = urlIndex && (req.method === 'GET' || req.method === 'HEAD') ? endpoint.cachedByUrl(req) : undefined;
    const url = hit ? undefined : fastPathParams(req, path);
    if (!hit && !url) return false;
    served++;
    // The same steps, in the same order, as the Express app: log line, CORS headers, the route, the error handler.
    if (opts.logRequests) logRequest(log, req, res, () => path);
    applyCors(req, res);
    if (hit) {
      servedByUrl++;
      endpoint.sendCachedByUrl(req, res, hit);
      return true;
    }
    endpoint.serve(req, res, req.url ?? '', path, url, urlIndex).catch((e: unknown) => {
      try {
        answerError(e, req, res, log);
      } catch {
        cutResponse(res, 'the error answer failed'); // never leave the request hanging, never crash the process
      }
    });
    return true;
  };
  return Object.defineProperties(fast, {
    served: { get: () => served, enumerable: true },
    servedByUrl: { get: () => servedByUrl, enumerable: true },
  }) as FastPath;
}

/** The endpoint with its cache and its fast path: what the server needs to answer queries before Express has loaded. */
export interface SparqlFront {
  readonly cache: AnswerCache;
  readonly endpoint: SparqlEndpoint;
  readonly fast: FastPath;
}

export function createSparqlFront(ctx: { readonly config: Config; readonly queryService: QueryService; readonly log: LogSink }): SparqlFront {
  const cache = new AnswerCache(ctx.config.queryCacheEntries, ctx.config.queryCacheMaxBytes);
  const endpoint = createSparqlEndpoint({ config: ctx.config, queryService: ctx.queryService, cache, log: ctx.log });
  return { cache, endpoint, fast: createFastPath(endpoint, { logRequests: ctx.config.logRequests, log: ctx.log, urlIndex: !ctx.config.speedupsOff.has('url-index') }) };
}
