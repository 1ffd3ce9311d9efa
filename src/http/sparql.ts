// The SPARQL endpoint's protocol handling: SPARQL 1.1 Protocol (GET, form POST, direct POST), limits, the answer cache,
// streaming with honest statuses. It works on plain node requests and responses (no Express), so the Express route
// (sparql-route.ts) and the fast path share it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Config } from '../config.js';
import type { QueryService } from '../query/service.js';
import type { Answer } from '../query/engine.js';
import { HttpError, badRequest } from './errors.js';
import { cutResponse, noteQuery, queryHashOf, type LogSink } from './log.js';
import { AnswerCache, etagOf, matchesEtag, type CachedAnswer } from './sparql-cache.js';
import { checkDepth } from '../query/limits.js';

export interface SparqlRouteOptions {
  readonly config: Config;
  readonly queryService: QueryService;
  readonly cache: AnswerCache;
  readonly log: LogSink;
  /** Path of the endpoint (default /sparql). */
  readonly path?: string;
}

interface ProtocolRequest {
  readonly query: string;
  readonly defaultGraphUris: string[];
  readonly namedGraphUris: string[];
}

const FORM = 'application/x-www-form-urlencoded';
const DIRECT_QUERY = 'application/sparql-query';
const DIRECT_UPDATE = 'application/sparql-update';
const READ_ONLY = 'this endpoint is read-only: SPARQL Update is refused';

/** The parameters of a request target (the raw URL, as the client sent it). */
function urlParams(url: string): URLSearchParams {
  const i = url.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : url.slice(i + 1));
}

/** Splits a Content-Type into its media type and charset, refusing any charset but UTF-8. */
function contentType(req: IncomingMessage): { type: string; charset?: string } | undefined {
  const raw = req.headers['content-type'];
  if (!raw || raw.trim() === '') return undefined;
  const [type, ...params] = raw.split(';');
  let charset: string | undefined;
  for (const p of params) {
    const [k, v] = p.split('=').map((s) => s.trim());
    if (k?.toLowerCase() === 'charset' && v !== undefined) charset = v.replace(/^"|"$/g, '').toLowerCase();
  }
  return { type: (type ?? '').trim().toLowerCase(), ...(charset !== undefined ? { charset } : {}) };
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    throw new HttpError(413, 'too-large', `the request body is ${declared} bytes; at most ${limit} are accepted (QUERY_MAX_BYTES)`);
  }
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw new HttpError(413, 'too-large', `the request body is larger than ${limit} bytes (QUERY_MAX_BYTES)`);
      parts.push(chunk);
    }
  } catch (e) {
    if (e instanceof HttpError) throw e;
    // The client closed the connection half-way through its upload: its fault, and nobody is left to answer.
    throw new HttpError(400, 'client-gone', `the client closed the connection before the request body was complete (${size} bytes received)`);
  }
  return Buffer.concat(parts);
}

/**
 * Refuses percent-escapes that do not decode to UTF-8 (URLSearchParams would put U+FFFD in their place): a GET query
 * string or a form body is held to the same rule as a direct POST's bytes. A '%' not followed by two hex digits stays
 * literal, as URLSearchParams reads it.
 */
export function checkPercentUtf8(raw: string, where: string): void {
  // Only an escape of a byte of 0x80 or more can be invalid UTF-8.
  if (!/%[89a-fA-F][0-9a-fA-F]/.test(raw)) return;
  const bytes = Buffer.allocUnsafe(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x25 && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 1, i + 3))) {
      bytes[n++] = parseInt(raw.slice(i + 1, i + 3), 16);
      i += 2;
    } else if (c < 0x80) bytes[n++] = c;
    else {
      // Already text (a form body decoded as UTF-8): its own bytes are valid, so stand in one ASCII byte for it.
      bytes[n++] = 0x20;
      if (c >= 0xd800 && c <= 0xdbff) i++;
    }
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n));
  } catch {
    throw badRequest(`the ${where} holds percent-escapes that are not UTF-8 (such as %FF); SPARQL requests must be encoded in UTF-8`, 'bad-encoding');
  }
}

function utf8(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf);
  } catch {
    throw badRequest('the request body is not valid UTF-8; SPARQL requests must be sent in UTF-8', 'bad-encoding');
  }
}

function single(params: URLSearchParams, name: string, where: string): string | undefined {
  const all = params.getAll(name);
  if (all.length > 1) throw badRequest(`${all.length} '${name}' parameters in the ${where}; send exactly one`, 'multiple-queries');
  return all[0];
}

function checkGraphIris(list: string[], name: string): string[] {
  for (const g of list) {
    if (!/^[a-z][a-z0-9+.-]*:[^<>"{}|^`\\\s]*$/i.test(g)) throw badRequest(`${name}=${JSON.stringify(g)} is not an absolute IRI`, 'bad-dataset');
  }
  return list;
}

/** Reads the protocol request from any of its three forms; everything malformed is a 400 with the reason. */
async function protocolRequest(req: IncomingMessage, url: URLSearchParams, maxBytes: number, maxDepth: number): Promise<ProtocolRequest | 'describe'> {
  const q = (req.url ?? '').indexOf('?');
  if (q >= 0) checkPercentUtf8((req.url ?? '').slice(q + 1), 'URL');
  if (url.has('update')) throw badRequest(`${READ_ONLY}${req.method === 'GET' ? ' (and an update is never sent with GET)' : ''}`, 'update-refused');
  let query: string | undefined;
  let form: URLSearchParams | undefined;
  if (req.method === 'GET' || req.method === 'HEAD') {
    query = single(url, 'query', 'URL');
    if (query === undefined) return 'describe';
  } else {
    const ct = contentType(req);
    if (!ct) throw badRequest(`a POST needs a Content-Type: ${FORM} (query=...) or ${DIRECT_QUERY}`, 'missing-content-type');
    if (ct.charset !== undefined && ct.charset !== 'utf-8' && ct.charset !== 'utf8') {
      throw badRequest(`charset=${ct.charset} is not supported; send the request in UTF-8`, 'bad-encoding');
    }
    // Form-encoding can triple a text's size: allow for it here, then check the decoded query against the limit.
    const body = await readBody(req, ct.type === FORM ? maxBytes * 3 + 1024 : maxBytes);
    if (ct.type === DIRECT_UPDATE) throw badRequest(READ_ONLY, 'update-refused');
    if (ct.type === FORM) {
      const text = utf8(body);
      checkPercentUtf8(text, 'form body');
      form = new URLSearchParams(text);
      if (form.has('update')) throw badRequest(READ_ONLY, 'update-refused');
      query = single(form, 'query', 'form body');
      if (query === undefined) throw badRequest("the form body has no 'query' parameter", 'missing-query');
      if (url.has('query')) throw badRequest("'query' given both in the URL and in the form body; send it once", 'multiple-queries');
    } else if (ct.type === DIRECT_QUERY) {
      if (url.has('query')) throw badRequest(`'query' in the URL of a ${DIRECT_QUERY} POST; the body is the query`, 'multiple-queries');
      query = utf8(body);
    } else {
      throw badRequest(`Content-Type ${ct.type} is not accepted; use ${FORM} (query=...) or ${DIRECT_QUERY}`, 'bad-content-type');
    }
  }
  if (query.trim() === '') throw badRequest('the query is empty', 'empty-query');
  const bytes = Buffer.byteLength(query, 'utf8');
  if (bytes > maxBytes) throw new HttpError(413, 'too-large', `the query is ${bytes} bytes; at most ${maxBytes} are accepted (QUERY_MAX_BYTES)`);
  // Before anything else reads the text: too deep a query would overflow the store's stack.
  checkDepth(query, maxDepth);
  return {
    query,
    defaultGraphUris: checkGraphIris(graphParams('default-graph-uri', url, form), 'default-graph-uri'),
    namedGraphUris: checkGraphIris(graphParams('named-graph-uri', url, form), 'named-graph-uri'),
  };
}

/** The values of a dataset parameter: those in the URL, then those in the form body. */
function graphParams(name: string, url: URLSearchParams, form: URLSearchParams | undefined): string[] {
  const list = url.getAll(name);
  return form ? [...list, ...form.getAll(name)] : list;
}

/** The endpoint's IRI as the client named it (Express's req.protocol: 'trust proxy' is never set, so X-Forwarded-Proto is not read). */
export function endpointIri(req: IncomingMessage, path: string): string {
  return `${(req.socket as TLSSocket).encrypted ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}${path}`;
}

/** Sends a whole answer with its ETag and validators, or 304 when If-None-Match names it. */
function sendCached(req: IncomingMessage, res: ServerResponse, hit: CachedAnswer): void {
  res.setHeader('ETag', hit.etag);
  res.setHeader('Vary', 'Accept');
  res.setHeader('Cache-Control', 'no-cache');
  if (matchesEtag(req.headers['if-none-match'], hit.etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', hit.mediaType);
  for (const [k, v] of Object.entries(hit.headers)) res.setHeader(k, v);
  res.setHeader('Content-Length', String(hit.body.length));
  res.end(req.method === 'HEAD' ? undefined : hit.body);
}

/**
 * Sends an answer. A small answer is gathered first (so it gets a Content-Length and an ETag and can be cached);
 * a large one streams. A failure after the status line went out is logged and the connection cut, never ended as if whole.
 */
async function sendAnswer(req: IncomingMessage, res: ServerResponse, answer: Answer, opts: { cache: AnswerCache; key: string | undefined; log: LogSink; path: string }): Promise<void> {
  const limit = opts.cache.maxBytes;
  const parts: Buffer[] = [];
  let size = 0;
  let streaming = false;
  const startStream = (): void => {
    streaming = true;
    res.statusCode = 200;
    res.setHeader('Content-Type', answer.mediaType);
    res.setHeader('Vary', 'Accept');
    for (const [k, v] of Object.entries(answer.headers)) res.setHeader(k, v);
    res.flushHeaders();
    for (const p of parts) res.write(p);
    parts.length = 0;
  };
  try {
    for await (const chunk of answer.body) {
      // The client went away: stop reading (the pool ends the work, see the abort signal in serve()).
      if (res.destroyed) return;
      const buf = Buffer.from(chunk, 'utf8');
      if (streaming) {
        if (!res.write(buf)) await new Promise<void>((r) => {
          const done = (): void => {
            res.off('drain', done);
            res.off('close', done);
            r();
          };
          res.on('drain', done);
          res.on('close', done);
        });
        continue;
      }
      parts.push(buf);
      size += buf.length;
      if (size > limit) startStream();
    }
  } catch (e) {
    if (!streaming) throw e;
    opts.log(`error mid-stream ${req.method} ${opts.path} q=${String(queryHashOf(res))}: ${e instanceof Error ? e.message : String(e)}; connection closed`);
    cutResponse(res, 'error mid-stream');
    return;
  }
  if (streaming) {
    res.end();
    return;
  }
  const body = Buffer.concat(parts);
  const cached = { mediaType: answer.mediaType, headers: answer.headers, body, etag: etagOf(body) };
  if (opts.key !== undefined && answer.cacheable) opts.cache.set(opts.key, cached);
  sendCached(req, res, cached);
}

export interface SparqlEndpoint {
  /** Path of the endpoint. */
  readonly path: string;
  readonly options: SparqlRouteOptions;
  /**
   * Answers a protocol request: `target` is its raw URL, `path` its path (it names the endpoint), `url` the target's parameters.
   * Resolves false, having sent nothing, when the request asks for the service description (no query); throws for the error answer.
   */
  serve(req: IncomingMessage, res: ServerResponse, target: string, path: string, url?: URLSearchParams, byUrl?: boolean): Promise<boolean>;
  /** The cached answer to a request whose raw URL (with the same Host, scheme and Accept) the fast path answered before. */
  cachedByUrl(req: IncomingMessage): CachedByUrl | undefined;
  /** Sends it: the same headers and body as `serve` sends for a cache hit, without parsing the request again. */
  sendCachedByUrl(req: IncomingMessage, res: ServerResponse, hit: CachedByUrl): void;
  /** Called when the dataset changes: cached answers describe the old data. */
  invalidate(): void;
}

export interface CachedByUrl {
  readonly answer: CachedAnswer;
  readonly query: string;
}

/** The key of a fast-path request by its raw form: everything the answer cache's key is made of comes from these. */
function urlKey(dataVersion: number, req: IncomingMessage): string {
  return `${dataVersion}\n${(req.socket as TLSSocket).encrypted ? 's' : ''}\n${req.headers.host ?? ''}\n${req.headers.accept ?? ''}\n${req.url ?? ''}`;
}

/** The protocol handling behind both the Express route and the fast path: one cache, one cache key, one data version. */
export function createSparqlEndpoint(opts: SparqlRouteOptions): SparqlEndpoint {
  const { config, queryService, cache, log } = opts;
  let dataVersion = 0;
  // Raw URL of a fast-path request -> its answer-cache key and query text; bounded like the cache, whose entries it
  // only points to (a key whose answer was evicted is a miss).
  const byUrlIndex = new Map<string, { readonly key: string; readonly query: string }>();
  const remember = (req: IncomingMessage, key: string, query: string): void => {
    const k = urlKey(dataVersion, req);
    byUrlIndex.delete(k);
    byUrlIndex.set(k, { key, query });
    if (byUrlIndex.size > cache.maxEntries) byUrlIndex.delete(byUrlIndex.keys().next().value as string);
  };
  return {
    path: opts.path ?? '/sparql',
    options: opts,
    cachedByUrl(req) {
      if (byUrlIndex.size === 0) return undefined;
      const entry = byUrlIndex.get(urlKey(dataVersion, req));
      // An answer the cache has since dropped is a miss of the ordinary path, counted there once.
      const answer = entry && cache.has(entry.key) ? cache.get(entry.key) : undefined;
      return entry && answer ? { answer, query: entry.query } : undefined;
    },
    sendCachedByUrl(req, res, hit) {
      noteQuery(res, hit.query);
      res.setHeader('X-Cache', 'hit');
      sendCached(req, res, hit.answer);
    },
    async serve(req, res, target, path, url = urlParams(target), byUrl = false) {
      const pr = await protocolRequest(req, url, config.queryMaxBytes, config.queryMaxDepth);
      if (pr === 'describe') return false;
      noteQuery(res, pr.query);
      // As Express's query parser reads it: a single value (a repeated one is ignored), from the URL without a fragment.
      const hash = target.indexOf('#');
      const formats = (hash < 0 ? url : urlParams(target.slice(0, hash))).getAll('format');
      const format = formats.length === 1 ? formats[0] : undefined;
      const accept = req.headers.accept;
      const baseIri = endpointIri(req, path);
      const key = cache.enabled ? JSON.stringify([dataVersion, pr.query, pr.defaultGraphUris, pr.namedGraphUris, accept ?? '', format ?? '', baseIri]) : undefined;
      if (key !== undefined) {
        const hit = cache.get(key);
        if (hit) {
          if (byUrl) remember(req, key, pr.query);
          res.setHeader('X-Cache', 'hit');
          sendCached(req, res, hit);
          return true;
        }
      }
      // The client going away (its connection closed before the answer was sent) stops the work.
      const gone = new AbortController();
      const onClose = (): void => {
        if (!res.writableFinished) gone.abort();
      };
      res.once('close', onClose);
      const answer = await queryService.answer(pr.query, {
        ...(accept !== undefined ? { accept } : {}),
        ...(format !== undefined ? { format } : {}),
        defaultGraphUris: pr.defaultGraphUris,
        namedGraphUris: pr.namedGraphUris,
        baseIri,
        maxRows: config.queryMaxRows,
        serviceTimeoutMs: config.serviceTimeoutMs,
      }, gone.signal);
      await sendAnswer(req, res, answer, { cache, key, log, path });
      if (byUrl && key !== undefined && cache.has(key)) remember(req, key, pr.query);
      return true;
    },
    invalidate() {
      dataVersion++;
      cache.clear();
      byUrlIndex.clear();
    },
  };
}
