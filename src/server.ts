// Starts the endpoint: reads the settings, loads the dataset into the query workers, listens, switches in a rebuilt
// dataset once it is checked, shuts down gracefully.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { DATASET_FILE, loadConfig, type Config } from './config.js';
import { WorkerPool, versionOfText } from './query/pool.js';
import type { DatasetInput } from './query/store.js';
import { logRequest, markCut, type LogSink } from './http/log.js';
import { sendHealth } from './http/health.js';
import { applyCors } from './http/cors.js';
import type { SparqlFront } from './http/fast-path.js';
import type { QueryService } from './query/service.js';
import type { RemoteQueryService } from './store/remote.js';

/** What serves the queries: the worker pool (embedded store) or the service over a remote store (STORE=sparql:URL). */
type Serving = WorkerPool | RemoteQueryService;

export interface StartOptions {
  /** Settings, already read (the command line passes its options this way); when absent they are read from `env`. */
  readonly config?: Config;
  /** Settings (default: process.env), when no `config` is given. */
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
  /** The query worker pool (STORE=embedded); reading it under STORE=sparql:URL throws (see `service`). */
  readonly pool: WorkerPool;
  /** What answers the queries: the worker pool, or the service over the remote store. */
  readonly service: QueryService;
  /** Requests answered by the fast path (without Express). */
  readonly fastPathServed: number;
  /** Of those, the ones answered from the cache by their raw URL (a repeated request, not parsed again). */
  readonly fastPathServedByUrl: number;
  /** Resolves when the first worker can answer. */
  readonly ready: Promise<void>;
  /** Replaces the dataset in every worker and drops cached answers. */
  reload(nquads: string): Promise<void>;
  /** Looks at DUMPS_DIR now (as the periodic check does): a new version is checked and switched in; resolves when done. */
  checkDataset(): Promise<void>;
  /** Stops accepting, lets in-flight requests finish (up to SHUTDOWN_GRACE_MS), answers the rest 503, ends the workers. */
  close(): Promise<void>;
}


/** Largest N-Quads dump for which the light start-up worker is started (about 100,000 quads). */
const WARMUP_MAX_BYTES = 32 * 1024 * 1024;

/** What identifies the files of the dumps folder on disk: a rebuild changes it. */
async function dumpStamp(dumpsDir: string): Promise<string> {
  const parts = await Promise.all(
    [DATASET_FILE, 'manifest.json'].map(async (f) => {
      try {
        const st = await stat(join(dumpsDir, f));
        return `${st.ino}:${st.size}:${st.mtimeMs}`;
      } catch {
        return 'none';
      }
    }),
  );
  return parts.join('|');
}

/** SHA-256 of a file, read as a stream (the text is never whole in memory). */
async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The version of the dataset in the dumps folder: its N-Quads dump, named by the SHA-256 that manifest.json gives it
 * (the workers check the file against it). Without a manifest entry the file's own hash names it.
 */
export async function datasetInFolder(dumpsDir: string): Promise<DatasetInput> {
  const file = resolve(dumpsDir, DATASET_FILE);
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(join(dumpsDir, 'manifest.json'), 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new Error(`${join(dumpsDir, 'manifest.json')} cannot be read (${code ?? (e instanceof Error ? e.message : String(e))}): rebuild the dumps with 'npm run build'`);
  }
  const m = typeof manifest === 'object' && manifest !== null ? (manifest as { base?: unknown; files?: unknown }) : undefined;
  const entry = Array.isArray(m?.files) ? (m.files as { name?: unknown; sha256?: unknown }[]).find((f) => f.name === DATASET_FILE) : undefined;
  const base = typeof m?.base === 'string' ? m.base : undefined;
  if (entry && typeof entry.sha256 === 'string' && /^[0-9a-f]{64}$/.test(entry.sha256)) {
    return { version: entry.sha256.slice(0, 16), file, sha256: entry.sha256, ...(base ? { base } : {}) };
  }
  let sha: string;
  try {
    sha = await sha256File(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`cannot read the dataset ${file} (${code ?? String(e)}): run 'npm run build' first, or set DUMPS_DIR to the folder holding ${DATASET_FILE}`);
  }
  return { version: sha.slice(0, 16), file, ...(base ? { base } : {}) };
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
async function shutDown(server: Server, pool: QueryService, inflight: Set<ServerResponse>, graceMs: number, log: LogSink): Promise<void> {
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
function healthResponder(pool: QueryService, front: SparqlFront, config: Config, log: LogSink, closing: () => boolean) {
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
  const config = opts.config ?? loadConfig(opts.env ?? process.env);
  const log: LogSink = opts.log ?? ((line) => process.stdout.write(`${line}\n`));
  const dataset: DatasetInput = opts.nquads !== undefined ? { version: versionOfText(opts.nquads), nquads: opts.nquads } : await datasetInFolder(config.dumpsDir);
  const remote = config.store.kind === 'sparql';
  let stamp = opts.nquads !== undefined ? undefined : await dumpStamp(config.dumpsDir);
  // Cached answers describe one version: they go in the same tick as the pool switches to another.
  let invalidate = (): void => undefined;
  // The light start-up worker holds one more copy of the data while the full workers load theirs: worth it while
  // Comunica's start is the slow part (small data); for a large dump it would only compete for the cores and memory.
  const warmup = !remote && !config.speedupsOff.has('warmup') && (dataset.file === undefined || (await stat(dataset.file)).size <= WARMUP_MAX_BYTES);
  const onEvent = (event: string, detail: unknown): void => {
    if (!(event.endsWith('-ready') || event === 'dataset-switched') || !opts.quiet) log(`${new Date().toISOString()} ${event} ${JSON.stringify(detail)}`);
  };
  // Under STORE=sparql:URL no worker loads anything: the store is checked (reachable, a SPARQL endpoint, holding the
  // version of DUMPS_DIR) before the server listens, and a store that cannot serve stops the start with one line.
  const pool: Serving = config.store.kind === 'sparql'
    ? await (await import('./store/remote.js')).startRemoteService({
      endpoint: config.store.url,
      expected: dataset,
      timeoutMs: config.queryTimeoutMs,
      serviceAllowlist: config.serviceAllowlist,
      userAgent: config.userAgent,
      concurrency: config.storeConcurrency,
      queueMax: config.queryQueueMax,
      queueWaitMs: config.queryQueueWaitMs,
      checkMs: config.datasetCheckMs,
      onSwitch: () => invalidate(),
      onEvent,
    })
    : new WorkerPool({
    dataset,
    warmup,
    onSwitch: () => invalidate(),
    size: config.queryWorkers,
    timeoutMs: config.queryTimeoutMs,
    queueMax: config.queryQueueMax,
    serviceAllowlist: config.serviceAllowlist,
    userAgent: config.userAgent,
    speedupsOff: [...config.speedupsOff],
    workerHeapMb: config.queryWorkerHeapMb,
    slowLogMs: config.querySlowLogMs,
    backgroundNice: config.queryBackgroundNice,
    fairness: {
      shortMs: config.queryShortMs,
      queueWaitMs: config.queryQueueWaitMs,
      startWaitMs: config.queryStartWaitMs,
      longQueueMax: config.queryLongQueueMax,
      abandonMs: config.queryAbandonMs,
      ...(config.queryReservedWorkers !== undefined ? { reserved: config.queryReservedWorkers } : {}),
    },
    onEvent,
  });
  // The first worker starts now; meanwhile the endpoint and its fast path load (a few small modules) and the server
  // listens, so plain queries are answered as soon as a worker is; Express and the page router (the slowest modules to
  // load, about 0.3 s) follow, and requests for them that arrive before they are loaded wait for them.
  const { createSparqlFront } = await import('./http/fast-path.js');
  let closing: Promise<void> | undefined;
  const front = createSparqlFront({ config, queryService: pool, log });
  invalidate = () => front.endpoint.invalidate();
  let app: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const early: [IncomingMessage, ServerResponse][] = [];
  const health = healthResponder(pool, front, config, log, () => closing !== undefined);
  const inflight = new Set<ServerResponse>();
  const fastPath = opts.fastPath !== false && !config.speedupsOff.has('fast-path');
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
    if (fastPath && front.fast(req, res)) return;
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
  if (!opts.quiet) log(`ots-kg SPARQL endpoint at ${url}/sparql (${config.store.kind === 'sparql' ? `over the store ${config.store.url}` : `${config.queryWorkers} query workers`}, listening after ${Math.round(performance.now() - t0)} ms)`);
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

  // A rebuilt dump is noticed by its files changing; each change is looked at once, so a dump that cannot be used is
  // reported once (and shown by /health) while the last good version keeps serving.
  let checking: Promise<void> | undefined;
  const checkDataset = (): Promise<void> => {
    if (opts.nquads !== undefined) return Promise.resolve();
    checking ??= (async () => {
      const now = await dumpStamp(config.dumpsDir);
      if (now === stamp) return;
      stamp = now;
      let input: DatasetInput;
      try {
        input = await datasetInFolder(config.dumpsDir);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        pool.reportProblem('unknown', message);
        log(`${new Date().toISOString()} dataset-unusable ${JSON.stringify({ message, serving: pool.version })}`);
        return;
      }
      if (input.version === pool.version) return;
      const t = performance.now();
      try {
        await pool.swap(input);
        log(`${new Date().toISOString()} dataset-loaded ${JSON.stringify({ version: input.version, quads: pool.stats().quads, ms: Math.round(performance.now() - t) })}`);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        log(`${new Date().toISOString()} dataset-unusable ${JSON.stringify({ version: input.version, message, serving: pool.version })}`);
      }
    })().finally(() => (checking = undefined));
    return checking;
  };
  const watch = opts.nquads === undefined && config.datasetCheckMs > 0 ? setInterval(() => void checkDataset(), config.datasetCheckMs) : undefined;
  watch?.unref();

  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(watch);
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
    get pool(): WorkerPool {
      if (!(pool instanceof WorkerPool)) throw new Error('STORE=sparql:URL: there is no worker pool; use `service`');
      return pool;
    },
    service: pool,
    get fastPathServed() {
      return front.fast.served;
    },
    get fastPathServedByUrl() {
      return front.fast.servedByUrl;
    },
    ready: pool.ready,
    async reload(text: string) {
      await pool.reload(text);
    },
    checkDataset,
    close,
  };
}
