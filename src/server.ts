// Starts the endpoint: reads the settings, loads the dataset into the query workers, listens, shuts down gracefully.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { DATASET_FILE, loadConfig, type Config } from './config.js';
import { WorkerPool } from './query/pool.js';
import { logRequest, markCut, type LogSink } from './http/log.js';
import { sendHealth } from './http/health.js';
import { applyCors } from './http/cors.js';
import type { SparqlFront } from './http/fast-path.js';

export interface StartOptions {
  /** Settings (default: process.env). */
  readonly env?: Record<string, string | undefined>;
  /** The dataset as N-Quads text; when absent, DUMPS_DIR/ots-kg.nq is read. */
  readonly nquads?: string;
  /** Where log lines go (default: stdout). */
  readonly log?: LogSink;
  /** No start-up banner (tests). */
  readonly quiet?: boolean;
  /** false: every request goes through Express, none through the fast path (tests compare the two). */
  readonly fastPath?: boolean;
}

export interface RunningServer {
  /** `http://host:port`, the endpoint being `${url}/sparql`. */
  readonly url: string;
  readonly config: Config;
  readonly pool: WorkerPool;
  /** Requests answered by the fast path (without Express). */
  readonly fastPathServed: number;
  /** Of those, the ones answered from the cache by their raw URL (a repeated request, not parsed again). */
  readonly fastPathServedByUrl: number;
  /** Resolves when the first worker can answer. */
  readonly ready: Promise<void>;
  /** Replaces the dataset in every worker and drops cached answers. */
  reload(nquads: string): Promise<void>;
  /** Stops accepting, lets in-flight requests finish (up to SHUTDOWN_GRACE_MS), answers the rest 503, ends the workers. */
  close(): Promise<void>;
}


async function readDataset(dumpsDir: string): Promise<string> {
  const path = resolve(dumpsDir, DATASET_FILE);
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`cannot read the dataset ${path} (${code ?? String(e)}): run 'npm run build' first, or set DUMPS_DIR to the folder holding ${DATASET_FILE}`);
  }
}

/** A request that arrives after SIGTERM: 503 saying so, and the connection is not kept. */
function refuseWhileClosing(req: IncomingMessage, res: ServerResponse, config: Config, log: LogSink): void {
  if (config.logRequests) logRequest(log, req, res, () => (req.url ?? '/').split('?')[0] as string);
  applyCors(req, res);
  const body = 'the server is shutting down; retry in a few seconds (another instance may answer)\n';
  res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), 'Retry-After': '10', Connection: 'close', 'Cache-Control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Stops the server: no new connections; in-flight requests have `graceMs` to finish. Past it, queries still waiting
 * or running are answered 503 (the server is shutting down) as the pool closes, and any answer still streaming is cut;
 * each log line records what its client received.
 */
async function shutDown(server: Server, pool: WorkerPool, inflight: Set<ServerResponse>, graceMs: number, log: LogSink): Promise<void> {
  const closed = new Promise<void>((res) => server.close(() => res()));
  server.closeIdleConnections();
  const settled = (ms: number): Promise<void> =>
    new Promise<void>((res) => {
      const end = Date.now() + ms;
      const tick = (): void => {
        if (inflight.size === 0 || Date.now() >= end) res();
        else setTimeout(tick, 20);
      };
      tick();
    });
  await settled(graceMs);
  if (inflight.size > 0) {
    log(`${new Date().toISOString()} shutdown: ${inflight.size} request(s) still in flight after the grace period of ${graceMs} ms (SHUTDOWN_GRACE_MS); answering them 503`);
    // The pool answers every query still waiting or running with 503 "shutting down"; give those answers a moment to go out.
    await pool.close();
    await settled(500);
    for (const res of inflight) markCut(res, 'shutdown');
    server.closeAllConnections();
  } else await pool.close();
  server.closeIdleConnections();
  await Promise.race([closed, new Promise((r) => setTimeout(r, 1_000))]);
}

/** The /health answer, in front of everything else: true when the request was for it (GET or HEAD /health). */
function healthResponder(pool: WorkerPool, front: SparqlFront, config: Config, log: LogSink, closing: () => boolean) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.url !== '/health' || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    if (config.logRequests) logRequest(log, req, res, () => '/health');
    applyCors(req, res);
    sendHealth(req, res, pool.stats(), { closing: closing(), cacheEntries: front.cache.size, cacheHits: front.cache.hits });
    return true;
  };
}

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const t0 = performance.now();
  const config = loadConfig(opts.env ?? process.env);
  const log: LogSink = opts.log ?? ((line) => process.stdout.write(`${line}\n`));
  const nquads = opts.nquads ?? (await readDataset(config.dumpsDir));
  const pool = new WorkerPool({
    nquads,
    size: config.queryWorkers,
    timeoutMs: config.queryTimeoutMs,
    queueMax: config.queryQueueMax,
    serviceAllowlist: config.serviceAllowlist,
    fairness: {
      shortMs: config.queryShortMs,
      queueWaitMs: config.queryQueueWaitMs,
      startWaitMs: config.queryStartWaitMs,
      longQueueMax: config.queryLongQueueMax,
      abandonMs: config.queryAbandonMs,
      ...(config.queryReservedWorkers !== undefined ? { reserved: config.queryReservedWorkers } : {}),
    },
    onEvent: (event, detail) => {
      if (!event.endsWith('-ready') || !opts.quiet) log(`${new Date().toISOString()} ${event} ${JSON.stringify(detail)}`);
    },
  });
  // The first worker starts now; meanwhile the endpoint and its fast path load (a few small modules) and the server
  // listens, so plain queries are answered as soon as a worker is; Express and the page router (the slowest modules to
  // load, about 0.3 s) follow, and requests for them that arrive before they are loaded wait for them.
  const { createSparqlFront } = await import('./http/fast-path.js');
  let closing: Promise<void> | undefined;
  const front = createSparqlFront({ config, queryService: pool, log });
  let app: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const early: [IncomingMessage, ServerResponse][] = [];
  const health = healthResponder(pool, front, config, log, () => closing !== undefined);
  const inflight = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    // Every answer, whatever route it takes: no client may sniff a type other than the one declared.
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // /health is answered here, from the pool's own figures, even before Express has loaded.
    if (health(req, res)) return;
    if (closing !== undefined) {
      refuseWhileClosing(req, res, config, log);
      return;
    }
    inflight.add(res);
    res.once('close', () => inflight.delete(res));
    // Plain /sparql queries take the fast path in front of Express (the same answers, with less work per request).
    if (opts.fastPath !== false && front.fast(req, res)) return;
    if (app) app(req, res);
    else early.push([req, res]);
  });
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(config.port, config.host, () => {
      server.off('error', rej);
      res();
    });
  });
  // Requests arriving before a worker is ready wait in the queue; they are not refused.
  server.keepAliveTimeout = 5_000;
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = `http://${host}:${addr.port}`;
  if (!opts.quiet) log(`ots-kg SPARQL endpoint at ${url}/sparql (${config.queryWorkers} query workers, listening after ${Math.round(performance.now() - t0)} ms)`);
  void pool.ready.then(
    () => {
      if (!opts.quiet) log(`ready to answer after ${Math.round(performance.now() - t0)} ms (${pool.stats().quads} quads)`);
    },
    (e: unknown) => log(`error: ${e instanceof Error ? e.message : String(e)}`),
  );

  try {
    // Loading them holds the event loop, so they wait until a worker can answer (its 'ready' message needs the loop
    // too), or a second at most: a large dataset takes longer to load, and /health must say 'starting' meanwhile.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([pool.ready.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, 1_000)))]);
    clearTimeout(timer);
    const { createApp } = await import('./http/app.js');
    app = createApp({ config, queryService: pool, dumpsDir: join(config.dumpsDir), log, front });
  } catch (e) {
    for (const [, res] of early.splice(0)) res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('the server could not start\n');
    server.close();
    await pool.close();
    throw e;
  }
  for (const [req, res] of early.splice(0)) app(req, res);

  const close = (): Promise<void> => {
    closing ??= (async () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      await shutDown(server, pool, inflight, config.shutdownGraceMs, log);
    })();
    return closing;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    log(`${signal}: finishing in-flight requests, then stopping`);
    void close().then(() => process.exit(0));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);

  return {
    url,
    config,
    pool,
    get fastPathServed() {
      return front.fast.served;
    },
    get fastPathServedByUrl() {
      return front.fast.servedByUrl;
    },
    ready: pool.ready,
    async reload(text: string) {
      await pool.reload(text);
      front.endpoint.invalidate();
    },
    close,
  };
}
