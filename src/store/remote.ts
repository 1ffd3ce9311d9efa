// STORE=sparql:URL: the query service over a SPARQL store outside this process. Comunica still answers every query (in
// this thread: the work here is planning, federation and serializing, the store evaluates), and the process holds no
// copy of the data. The store says which version of the dataset it holds in a small metadata graph the loader writes;
// that version must be the one in the dumps folder, or the server does not start (at start) or answers 503 (later).
import { SparqlEngine, type Answer, type AnswerOptions } from '../query/engine.js';
import { QueryError } from '../query/errors.js';
import { RemoteQuerySource, STORE_UNAVAILABLE, describeFetchError } from '../query/remote-source.js';
import type { QueryService, ServiceStats, StoreStats } from '../query/service.js';
import type { DatasetInput } from '../query/store.js';

/** The graph where the loader records what it loaded, and the terms it uses there. */
export const META_GRAPH = 'urn:ots-kg:store:dataset';
export const META_SUBJECT = 'urn:ots-kg:store:loaded';
export const META = {
  version: 'urn:ots-kg:store:version',
  sha256: 'urn:ots-kg:store:sha256',
  base: 'urn:ots-kg:store:base',
  defaultGraph: 'urn:ots-kg:store:defaultGraph',
  quads: 'urn:ots-kg:store:quads',
  triples: 'urn:ots-kg:store:triples',
  loadedAt: 'urn:ots-kg:store:loadedAt',
  loader: 'urn:ots-kg:store:loader',
  /** A graph of the store that is not part of the dataset (the store's own, the metadata graph): kept out of GRAPH ?g. */
  excludeGraph: 'urn:ots-kg:store:excludeGraph',
} as const;

/** The graph a loader puts the dataset's default graph into, for stores without an unnamed default graph. */
export const DEFAULT_GRAPH = 'urn:ots-kg:store:default-graph';

/** What the store says it holds. */
export interface StoreDataset {
  readonly version: string;
  readonly sha256?: string;
  readonly base?: string;
  readonly defaultGraph?: string;
  readonly quads?: number;
  readonly triples?: number;
  readonly loadedAt?: string;
  readonly loader?: string;
  readonly excludeGraphs: readonly string[];
}

/** The store cannot serve: unreachable, not a SPARQL endpoint, no dataset loaded, or another version. One line. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
}

/** SPARQL literal (for the metadata the loaders write). */
function lit(s: string): string {
  return JSON.stringify(s);
}

/** The triples of the metadata graph, in SPARQL syntax (INSERT DATA), for a loader to write after the data. */
export function metadataTriples(m: StoreDataset): string {
  const s = `<${META_SUBJECT}>`;
  const lines = [`${s} <${META.version}> ${lit(m.version)} .`];
  if (m.sha256) lines.push(`${s} <${META.sha256}> ${lit(m.sha256)} .`);
  if (m.base) lines.push(`${s} <${META.base}> ${lit(m.base)} .`);
  if (m.defaultGraph) lines.push(`${s} <${META.defaultGraph}> <${m.defaultGraph}> .`);
  if (m.quads !== undefined) lines.push(`${s} <${META.quads}> ${m.quads} .`);
  if (m.triples !== undefined) lines.push(`${s} <${META.triples}> ${m.triples} .`);
  if (m.loadedAt) lines.push(`${s} <${META.loadedAt}> ${lit(m.loadedAt)} .`);
  if (m.loader) lines.push(`${s} <${META.loader}> ${lit(m.loader)} .`);
  for (const g of m.excludeGraphs) lines.push(`${s} <${META.excludeGraph}> <${g}> .`);
  return lines.join('\n');
}

/** Reads the metadata graph; undefined when the store holds no dataset of ours. Throws a StoreError when it cannot be asked. */
export async function readStoreDataset(endpoint: string, opts: { timeoutMs: number; fetch?: typeof fetch }): Promise<StoreDataset | undefined> {
  const query = `SELECT ?p ?o WHERE { GRAPH <${META_GRAPH}> { <${META_SUBJECT}> ?p ?o } }`;
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json' },
      body: new URLSearchParams({ query }).toString(),
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch (e) {
    const why = e instanceof Error && e.name === 'TimeoutError' ? `no answer within ${opts.timeoutMs} ms` : describeFetchError(e);
    throw new StoreError(`the store ${endpoint} cannot be reached: ${why}; start it, or fix STORE`);
  }
  const text = await res.text().catch(() => '');
  const type = res.headers.get('content-type') ?? 'no content type';
  let doc: { results?: { bindings?: { p?: { value: string }; o?: { value: string } }[] } } | undefined;
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch {
    doc = undefined;
  }
  if (!res.ok || !Array.isArray(doc?.results?.bindings)) {
    throw new StoreError(`${endpoint} is not a SPARQL endpoint: a SELECT query got HTTP ${res.status} (${type.split(';')[0]}) and no SPARQL results; STORE must name the store's query URL (Virtuoso: http://host:8890/sparql)`);
  }
  const rows = doc.results.bindings;
  if (rows.length === 0) return undefined;
  const one = (p: string): string | undefined => rows.find((r) => r.p?.value === p)?.o?.value;
  const version = one(META.version);
  if (!version) return undefined;
  const num = (p: string): number | undefined => (one(p) !== undefined ? Number(one(p)) : undefined);
  const out: StoreDataset = {
    version,
    excludeGraphs: rows.filter((r) => r.p?.value === META.excludeGraph && r.o).map((r) => r.o!.value),
  };
  const opt: Record<string, string | number | undefined> = {
    sha256: one(META.sha256),
    base: one(META.base),
    defaultGraph: one(META.defaultGraph),
    quads: num(META.quads),
    triples: num(META.triples),
    loadedAt: one(META.loadedAt),
    loader: one(META.loader),
  };
  for (const [k, v] of Object.entries(opt)) if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  return out;
}

/** Text to put before each query so that GRAPH ?g ranges over the dataset's named graphs only (Virtuoso's pragma). */
function preambleFor(meta: StoreDataset): string {
  if (meta.loader !== 'virtuoso') return '';
  return meta.excludeGraphs.map((g) => `define input:named-graph-exclude <${g}>\n`).join('');
}

export interface RemoteServiceOptions {
  /** The store's SPARQL endpoint. */
  readonly endpoint: string;
  /** The version the dumps folder holds (what the store must hold too); undefined: whatever the store holds. */
  readonly expected?: DatasetInput;
  /** Longest a query (one request to the store) may take, ms. */
  readonly timeoutMs: number;
  readonly serviceAllowlist: readonly string[];
  /** User-Agent of the SERVICE requests Comunica sends (federation). */
  readonly userAgent?: string;
  /**
   * Queries evaluated at the same time (each one's answer is held here while it is read and written): the rest wait
   * their turn, so the process's memory is bounded by this many answers whatever the number of clients.
   */
  readonly concurrency: number;
  /** Queries that may wait for their turn; one more gets 503 with Retry-After at once. */
  readonly queueMax: number;
  /** Longest a query waits for its turn before 503 with Retry-After, ms. */
  readonly queueWaitMs: number;
  /** How often the store is asked what it holds, ms (0: never). */
  readonly checkMs: number;
  /** Called when the store switched to another version (cached answers must go). */
  readonly onSwitch?: () => void;
  readonly onEvent?: (event: string, detail: Record<string, unknown>) => void;
  readonly fetch?: typeof fetch;
}

const RETRY_AFTER = '2';

/** The query service over a remote store. Start it with `startRemoteService` (which checks the store first). */
export class RemoteQueryService implements QueryService {
  public readonly ready: Promise<void> = Promise.resolve();
  private engine!: SparqlEngine;
  private meta!: StoreDataset;
  private expected: DatasetInput | undefined;
  private problem: string | undefined;
  private checkedAt = new Date().toISOString();
  private since = new Date().toISOString();
  private inFlight = 0;
  /** Queries waiting for their turn, oldest first: each is started by its `go` (or leaves the line when it gives up). */
  private readonly waiting: { go: () => void }[] = [];
  private refused = 0;
  private answered = 0;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private lastProblem: { version: string; message: string; at: string } | undefined;

  public constructor(private readonly options: RemoteServiceOptions) {
    this.expected = options.expected;
  }

  /** Reads what the store holds and checks it: throws a StoreError (one line) when it cannot serve this dataset. */
  public async start(): Promise<void> {
    const meta = await readStoreDataset(this.options.endpoint, { timeoutMs: this.options.timeoutMs, ...(this.options.fetch ? { fetch: this.options.fetch } : {}) });
    const wrong = this.judge(meta);
    if (wrong) throw new StoreError(wrong);
    this.use(meta!);
    if (this.options.checkMs > 0) {
      this.timer = setInterval(() => void this.check(), this.options.checkMs);
      this.timer.unref();
    }
  }

  /** Why the store cannot serve the expected dataset, or undefined when it can. */
  private judge(meta: StoreDataset | undefined): string | undefined {
    if (!meta) return `the store ${this.options.endpoint} holds no ots-kg dataset (its graph <${META_GRAPH}> is empty): load it first with 'ots-kg load virtuoso'`;
    const want = this.expected?.version;
    if (want !== undefined && meta.version !== want) {
      return `the store ${this.options.endpoint} holds dataset version ${meta.version}${meta.loadedAt ? ` (loaded ${meta.loadedAt})` : ''}, but the dumps in DUMPS_DIR are version ${want}: load these dumps into the store ('ots-kg load virtuoso'), or serve the dumps it was loaded from`;
    }
    return undefined;
  }

  private use(meta: StoreDataset): void {
    const preamble = preambleFor(meta);
    const source = new RemoteQuerySource({
      endpoint: this.options.endpoint,
      timeoutMs: this.options.timeoutMs,
      ...(meta.defaultGraph ? { defaultGraph: meta.defaultGraph } : {}),
      ...(preamble ? { preamble } : {}),
      // Virtuoso writes a SELECT answer as an N-Triples result set in a fraction of the time its JSON takes (docs/store.md).
      selectFormat: meta.loader === 'virtuoso' ? 'ntriples' : 'json',
      // Over a kept-alive connection Virtuoso's answers often wait 40 ms for a delayed acknowledgement (docs/store.md);
      // a new plain-HTTP connection costs one round trip, a TLS one far more, so HTTPS keeps its connections.
      closeConnections: meta.loader === 'virtuoso' && this.options.endpoint.startsWith('http:'),
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    });
    const switched = this.meta !== undefined && this.meta.version !== meta.version;
    this.engine = SparqlEngine.create({ remote: source, serviceAllowlist: this.options.serviceAllowlist, ...(this.options.userAgent ? { userAgent: this.options.userAgent } : {}) });
    this.meta = meta;
    if (switched) {
      this.since = new Date().toISOString();
      this.options.onSwitch?.();
      this.options.onEvent?.('dataset-switched', { version: meta.version, store: this.options.endpoint });
    }
  }

  /** Asks the store again what it holds (the periodic check does this); a problem turns /health degraded and queries 503. */
  public check(): Promise<void> {
    this.checking ??= (async () => {
      let meta: StoreDataset | undefined;
      let problem: string | undefined;
      try {
        meta = await readStoreDataset(this.options.endpoint, { timeoutMs: Math.min(this.options.timeoutMs, 10_000), ...(this.options.fetch ? { fetch: this.options.fetch } : {}) });
        problem = this.judge(meta);
      } catch (e) {
        problem = e instanceof Error ? e.message : String(e);
      }
      this.checkedAt = new Date().toISOString();
      if (problem === undefined && meta) {
        const changed = meta.version !== this.meta.version || meta.defaultGraph !== this.meta.defaultGraph || preambleFor(meta) !== preambleFor(this.meta);
        if (changed) this.use(meta);
        else this.meta = meta;
        if (this.problem !== undefined) this.options.onEvent?.('store-ok', { version: meta.version });
      } else if (problem !== this.problem) {
        // Answers cached from the version that was held may no longer be the store's: they go too.
        this.options.onSwitch?.();
        this.options.onEvent?.('store-degraded', { message: problem });
        this.lastProblem = { version: meta?.version ?? 'unknown', message: problem ?? '', at: this.checkedAt };
      }
      this.problem = problem;
    })().finally(() => (this.checking = undefined));
    return this.checking;
  }

  public get version(): string {
    return this.meta.version;
  }

  public get datasetBase(): string | undefined {
    return this.meta.base ?? this.expected?.base;
  }

  public async answer(query: string, options: AnswerOptions, signal?: AbortSignal): Promise<Answer> {
    if (this.problem !== undefined) {
      this.refused++;
      throw new QueryError({ status: 503, code: 'store-unavailable', message: `the store cannot serve this dataset now: ${this.problem}`, headers: { 'Retry-After': RETRY_AFTER } });
    }
    await this.turn(signal);
    const version = this.meta.version;
    try {
      const answer = await this.engine.answer(query, signal ? { ...options, signal } : options);
      this.answered++;
      return { ...answer, version };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (message.includes(STORE_UNAVAILABLE)) {
        void this.check();
        throw new QueryError({ status: 503, code: 'store-unavailable', message: message.slice(message.indexOf(STORE_UNAVAILABLE)), headers: { 'Retry-After': RETRY_AFTER } });
      }
      throw e;
    } finally {
      this.inFlight--;
      this.waiting.shift()?.go();
    }
  }

  /**
   * Resolves when the query may run (it then counts as in flight), in the order queries came; throws 503 when too
   * many wait already or its turn does not come within `queueWaitMs`, and gives up its place when the client goes.
   */
  private turn(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(new QueryError({ status: 499, code: 'client-gone', message: 'the client went away before its query was started' }));
    if (this.inFlight < this.options.concurrency && this.waiting.length === 0) {
      this.inFlight++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.options.queueMax) {
      this.refused++;
      return Promise.reject(new QueryError({ status: 503, code: 'busy', message: `${this.inFlight} queries are being answered and ${this.waiting.length} wait, the most this server takes at once (STORE_CONCURRENCY=${this.options.concurrency}, QUERY_QUEUE_MAX=${this.options.queueMax}); retry shortly`, headers: { 'Retry-After': RETRY_AFTER } }));
    }
    return new Promise<void>((resolve, reject) => {
      const place = {
        go: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', gone);
          this.inFlight++;
          resolve();
        },
      };
      const leave = (): boolean => {
        const at = this.waiting.indexOf(place);
        if (at < 0) return false;
        this.waiting.splice(at, 1);
        signal?.removeEventListener('abort', gone);
        clearTimeout(timer);
        return true;
      };
      const timer = setTimeout(() => {
        if (!leave()) return;
        this.refused++;
        reject(new QueryError({ status: 503, code: 'busy', message: `the query waited ${this.options.queueWaitMs} ms for its turn (${this.inFlight} being answered, STORE_CONCURRENCY=${this.options.concurrency}; QUERY_QUEUE_WAIT_MS); retry shortly`, headers: { 'Retry-After': RETRY_AFTER } }));
      }, this.options.queueWaitMs);
      timer.unref?.();
      const gone = (): void => {
        if (leave()) reject(new QueryError({ status: 499, code: 'client-gone', message: 'the client went away while its query waited for its turn' }));
      };
      signal?.addEventListener('abort', gone, { once: true });
      this.waiting.push(place);
    });
  }

  public async reload(): Promise<void> {
    throw new Error('the dataset is in the store (STORE=sparql:…): load the new version into the store instead');
  }

  /** The dumps folder holds another version: it is what the store must hold from now on (checked at once). */
  public async swap(input: DatasetInput): Promise<void> {
    this.expected = input;
    await this.check();
  }

  public reportProblem(version: string, message: string): void {
    this.lastProblem = { version, message, at: new Date().toISOString() };
  }

  public storeStats(): StoreStats {
    return {
      endpoint: this.options.endpoint,
      reachable: this.problem === undefined || !/cannot be reached|not a SPARQL endpoint/.test(this.problem),
      version: this.meta.version,
      ...(this.meta.quads !== undefined ? { quads: this.meta.quads } : {}),
      ...(this.meta.triples !== undefined ? { triples: this.meta.triples } : {}),
      ...(this.meta.loadedAt ? { loadedAt: this.meta.loadedAt } : {}),
      checkedAt: this.checkedAt,
      ...(this.problem !== undefined ? { problem: this.problem } : {}),
    };
  }

  public stats(): ServiceStats {
    return {
      workers: 0,
      readyWorkers: 0,
      busy: this.inFlight,
      queued: this.waiting.length,
      replaced: 0,
      quads: this.meta.quads ?? 0,
      everReady: true,
      refused: this.refused,
      dataset: { version: this.meta.version, loadedAt: this.since, ...(this.lastProblem ? { problem: this.lastProblem } : {}) },
      store: this.storeStats(),
    };
  }

  public async close(): Promise<void> {
    clearInterval(this.timer);
  }
}

/** Starts the service over the store at `endpoint`, after checking the store holds the expected dataset. */
export async function startRemoteService(options: RemoteServiceOptions): Promise<RemoteQueryService> {
  const service = new RemoteQueryService(options);
  await service.start();
  return service;
}
