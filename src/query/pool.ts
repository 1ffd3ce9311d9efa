// A pool of query worker threads, each with its own store: a wall-clock limit per query, a bounded queue, stuck workers
// replaced, and one version of the dataset at a time (a new version loads in new workers beside the old, then the pool switches).
import { createHash } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import type { Answer, AnswerHead, AnswerOptions } from './engine.js';
import { QueryError, workerBroke } from './errors.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';
import type { FromWarmup } from './warmup-worker.js';
import type { QueryService, ServiceStats } from './service.js';
import { bundleSources } from '../../bin/bundle.mjs';
import type { DatasetInput } from './store.js';
import { CostBook, shapeOf } from './cost.js';
import { canRestorePriority } from './priority.js';

export interface PoolOptions {
  /** The dataset as N-Quads text; every worker loads its own copy. */
  readonly nquads?: string;
  /** Or one version of the dataset (a dump file each worker reads and checks itself); one of the two is required. */
  readonly dataset?: DatasetInput;
  /** Called when the pool switches to a new version, in the same tick: answers cached for the old one must go. */
  readonly onSwitch?: (version: string) => void;
  /** Worker threads (default: the number of cores). */
  readonly size?: number;
  /** Wall-clock limit of a query from arrival to last byte, in ms. */
  readonly timeoutMs: number;
  /** Queries waiting for a free worker beyond which new ones get 503 + Retry-After. */
  readonly queueMax: number;
  readonly serviceAllowlist: readonly string[];
  /** User-Agent of SERVICE requests (USER_AGENT). */
  readonly userAgent?: string;
  /** Start a light Oxigraph-only worker that answers plain queries until a full worker is ready (default true). */
  readonly warmup?: boolean;
  /** Called for events worth a log line (worker replaced, crashed). */
  readonly onEvent?: (event: string, detail: Record<string, unknown>) => void;
  /** Speed-ups turned off in the workers (SPEEDUPS_OFF: quick-plan, pushdown, json-writer); only for comparisons. */
  readonly speedupsOff?: readonly string[];
  /** Ceiling of each full worker's JavaScript heap (V8 old generation), MB; 0 or absent leaves V8's own. */
  readonly workerHeapMb?: number;
  /** Fair scheduling (see dispatch() below and docs/endpoint.md, "Fair under load"); defaults as in config.ts. */
  readonly fairness?: Partial<FairnessOptions>;
  /** A query answered later than this (arrival to first byte, ms) is reported as a `query-slow` event; 0 or absent never. */
  readonly slowLogMs?: number;
  /**
   * The nice value of a worker thread while it runs a long query or loads the data beside serving workers (Linux, when
   * the process may restore it afterwards; see priority.ts); 0 or absent: every worker at the normal priority.
   */
  readonly backgroundNice?: number;
}

/** What the pool was doing at one moment: reported with a slow query, so that its time can be told apart. */
export interface PoolMoment {
  /** Full workers ready, and those starting (a replacement, or the first ones). */
  readonly ready: number;
  readonly starting: number;
  /** Workers loading a new version of the dataset beside the serving ones. */
  readonly loadingNext: number;
  readonly busy: number;
  readonly busyLong: number;
  readonly queued: number;
  readonly queuedLong: number;
  /** The queries running: their lane, how long they had run (ms) and what their kind took the last time, if measured. */
  readonly running: readonly { readonly lane: 'short' | 'long'; readonly ms: number; readonly expectedMs?: number }[];
}

export interface FairnessOptions {
  /** A query that runs longer than this is long: its kind waits for the long lane from then on. */
  readonly shortMs: number;
  /** Longest a query waits in a queue before it gets 503 with Retry-After. */
  readonly queueWaitMs: number;
  /** Longest a query waits while no full worker has been ready yet (start-up) before it gets 503 with Retry-After. */
  readonly startWaitMs: number;
  /** Long or never-measured queries waiting for the long lane beyond which one more gets 503 at once. */
  readonly longQueueMax: number;
  /** Workers kept for short queries: long ones never occupy more than the others (default 1 with two workers or more). */
  readonly reserved?: number;
  /** Time a running query may go on after its client went away before its worker is ended. */
  readonly abandonMs: number;
}

/** An async iterable fed by messages: the body of an answer as it arrives from the worker. */
class Channel implements AsyncIterable<string> {
  private readonly items: string[] = [];
  private done = false;
  private error: Error | undefined;
  private wake: (() => void) | undefined;

  public push(s: string): void {
    this.items.push(s);
    this.wake?.();
  }
  public end(): void {
    this.done = true;
    this.wake?.();
  }
  public fail(e: Error): void {
    this.error = e;
    this.wake?.();
  }
  public async *[Symbol.asyncIterator](): AsyncIterator<string> {
    for (;;) {
      if (this.items.length > 0) {
        yield this.items.shift() as string;
        continue;
      }
      if (this.error) throw this.error;
      if (this.done) return;
      await new Promise<void>((r) => (this.wake = r));
      this.wake = undefined;
    }
  }
}

interface Job {
  readonly id: number;
  readonly query: string;
  readonly options: AnswerOptions;
  readonly resolve: (a: Answer) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout;
  /** Its kind of query (see cost.ts) and the lane it takes: short ones may use every worker, long ones all but the reserved. */
  readonly shape: string;
  lane: 'short' | 'long';
  /** It was judged short on arrival (measured short, or a lookup). */
  readonly wasShort: boolean;
  /** Never measured, and no lookup. */
  readonly unknown: boolean;
  /** When it arrived, and what the pool was doing then (ms, performance.now()). */
  readonly arrived: number;
  /** What its kind of query took the last time (ms), 0 when never measured (a lookup): the short queue takes the cheapest first. */
  readonly expected: number;
  /** What the pool was doing at its arrival: taken only when slow answers are logged (slowLogMs). */
  readonly seen?: PoolMoment;
  /** When a worker took it (ms, performance.now()). */
  started?: number;
  /** The worker that took it last. */
  threadId?: number;
  waitTimer?: NodeJS.Timeout;
  budgetTimer?: NodeJS.Timeout;
  abandonTimer?: NodeJS.Timeout;
  /** A short-lane query past the short budget with no room in the long lane: the first to go when short ones wait. */
  overBudget?: boolean;
  slot?: Slot;
  channel?: Channel;
  settled: boolean;
  /** The light worker handed it back: it waits for a full worker. */
  declined?: boolean;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** The version of the dataset this worker holds. */
  version: string;
  /** Loading a new version beside the serving workers: takes no query until the pool switches to it. */
  standby?: { resolve: () => void; reject: (e: Error) => void };
  /** Holds the previous version: ends once its query is done. */
  retiring?: boolean;
  /** Quads it loaded. */
  quads?: number;
  /** The light Oxigraph-only worker that answers while the full ones start. */
  warmup?: boolean;
  job?: Job;
  loads: Map<number, { resolve: () => void; reject: (e: Error) => void }>;
}

let bundleDir: string | undefined;

/**
 * A worker's code as plain JavaScript. Compiled by tsc, it sits next to this file; inside the command line's bundle
 * (bin/ots-kg.mjs), the workers are bundled beside it. Run from TypeScript (tsx, vitest), both workers and their
 * modules are bundled with esbuild (bin/bundle.mjs) and the bundle is reused until a source file changes: a TypeScript
 * loader in the worker would hook every one of Comunica's ~1,000 module loads and triple its start-up.
 */
function workerScript(name: 'worker' | 'warmup-worker'): URL {
  const here = import.meta.url;
  if (here.endsWith('.mjs')) return new URL(`./${name}.mjs`, here);
  if (!here.endsWith('.ts')) return new URL(`./${name}.js`, here);
  const workers = ['query/worker', 'query/warmup-worker'];
  bundleDir ??= bundleSources('workers', fileURLToPath(new URL('..', here)), workers, workers);
  return pathToFileURL(join(bundleDir, `${name}.mjs`));
}

/**
 * The parent's Node options without a TypeScript loader (tsx registers itself through `--import`/`--require`): the
 * workers run plain JavaScript, and an inherited loader would still hook each of Comunica's module loads.
 */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const next = args[i + 1];
    if (/^--(import|require|loader|experimental-loader)$/.test(a) && next !== undefined && /tsx/.test(next)) {
      i++;
      continue;
    }
    if (/^--(import|require|loader|experimental-loader)=.*tsx/.test(a)) continue;
    // The parent's own script given inline is not the worker's, nor is the type of that script.
    if (/^(-e|--eval|-p|--print|--input-type)$/.test(a)) {
      i++;
      continue;
    }
    if (/^--input-type=/.test(a)) continue;
    out.push(a);
  }
  return out;
}

/** A version id for a dataset given as text: the first 16 hex digits of its SHA-256. */
export function versionOfText(nquads: string): string {
  return createHash('sha256').update(nquads).digest('hex').slice(0, 16);
}

/**
 * Opens a version's dump file once for all its workers: one started later (a replacement) then reads this version
 * through the descriptor, even after a newer dump was renamed over the path (the old file lives on while it is open).
 * A file that cannot be opened is left to the workers, which report why.
 */
function opened(input: DatasetInput): DatasetInput {
  if (input.file === undefined || input.fd !== undefined) return input;
  try {
    return { ...input, fd: openSync(input.file, 'r') };
  } catch {
    return input;
  }
}

function closeFile(input: DatasetInput | undefined): void {
  if (input?.fd === undefined) return;
  try {
    closeSync(input.fd);
  } catch {
    // already closed
  }
}

/** The client of a query went away: nobody reads this answer, but the log says what happened. */
function clientGone(): QueryError {
  return new QueryError({ status: 499, code: 'client-gone', message: 'the client closed the connection before the answer was ready' });
}

function closingError(): QueryError {
  return new QueryError({ status: 503, code: 'closing', message: 'the server is shutting down', headers: { 'Retry-After': '5' } });
}

export class WorkerPool implements QueryService {
  public readonly ready: Promise<void>;
  private readonly slots: Slot[] = [];
  private readonly shortQueue: Job[] = [];
  private readonly longQueue: Job[] = [];
  private readonly costs: CostBook;
  private readonly fair: FairnessOptions;
  private preemptedCount = 0;
  private abandonedCount = 0;
  private refusedCount = 0;
  private nextId = 1;
  private replacedCount = 0;
  private closed = false;
  private dataset: DatasetInput;
  private quads = 0;
  private loadedAt = new Date();
  /** The last version that could not be used, and why (until a later one loads). */
  private problem: { version: string; message: string; at: Date } | undefined;
  /** Swaps run one after another. */
  private swapping: Promise<unknown> = Promise.resolve();
  /** No query is dispatched while the workers load a version given as text in place. */
  private paused: (() => void) | undefined;
  private resolveReady!: () => void;
  private warm: Slot | undefined;
  private startTimer: NodeJS.Timeout | undefined;
  private fullStarted = false;
  private warmAnswered = 0;
  private everReady = false;
  private fullEverReady = false;
  private startError: string | undefined;
  private rejectReady!: (e: Error) => void;
  private readonly size: number;
  /** Workers loading a new version beside the serving ones (a swap in progress). */
  private loadingNext = 0;
  /** The nice value of background work (long queries, loading beside serving workers); 0: priorities are not used. */
  private readonly nice: number;

  public constructor(private readonly options: PoolOptions) {
    if (options.dataset) this.dataset = opened(options.dataset);
    else if (options.nquads !== undefined) this.dataset = { version: versionOfText(options.nquads), nquads: options.nquads };
    else throw new Error('WorkerPool: give the dataset (nquads or dataset)');
    this.size = Math.max(1, options.size ?? availableParallelism());
    this.fair = { shortMs: 500, queueWaitMs: 2000, startWaitMs: 10_000, longQueueMax: 4, abandonMs: 500, ...options.fairness };
    this.costs = new CostBook(this.fair.shortMs);
    const nice = Math.max(0, Math.min(19, options.backgroundNice ?? 0));
    const can = nice > 0 ? canRestorePriority() : { ok: false };
    this.nice = can.ok ? nice : 0;
    if (nice > 0 && !can.ok) options.onEvent?.('priorities-off', { reason: can.why });
    this.ready = new Promise((res, rej) => {
      this.resolveReady = res;
      this.rejectReady = rej;
    });
    // A failed start rejects `ready`; callers that never await it must not crash the process.
    this.ready.catch(() => undefined);
    // The light worker first, and alone: on two cores the full workers' start (seconds of compiling Comunica) would
    // otherwise starve it. They start once it is ready, or after a second at most.
    if (options.warmup !== false) {
      this.warm = this.spawnWarmup();
      this.startTimer = setTimeout(() => this.startFullWorkers(), 1_000);
    } else this.startFullWorkers();
  }

  /**
   * The full workers start one after another: each loads its own copy of the data, and loading two at once on the same
   * cores would make the first answer wait for both (the next one starts as soon as one is ready).
   */
  private startFullWorkers(): void {
    clearTimeout(this.startTimer);
    if (this.fullStarted || this.closed) return;
    this.fullStarted = true;
    this.slots.push(this.spawn());
  }

  /** Starts the light worker: it loads only the store, so it can answer within a fraction of a second. */
  private spawnWarmup(): Slot {
    const init: WorkerInit = { dataset: this.dataset, serviceAllowlist: [] };
    const worker = new Worker(workerScript('warmup-worker'), { workerData: { init }, execArgv: workerExecArgv() });
    const slot: Slot = { worker, ready: false, version: this.dataset.version, warmup: true, loads: new Map() };
    worker.on('message', (msg: FromWarmup) => this.onWarmupMessage(slot, msg));
    worker.on('error', () => this.retireWarmup(true));
    worker.on('exit', () => this.retireWarmup(true));
    return slot;
  }

  private onWarmupMessage(slot: Slot, msg: FromWarmup): void {
    if (this.warm !== slot) return;
    if (msg.type === 'ready') {
      slot.ready = true;
      this.options.onEvent?.('warmup-ready', { ms: msg.ms, quads: msg.quads });
      this.quads = msg.quads;
      this.everReady = true;
      this.resolveReady();
      this.dispatch();
      this.startFullWorkers();
      return;
    }
    if (msg.type === 'fatal') {
      this.retireWarmup(true);
      this.startFullWorkers();
      return;
    }
    const job = slot.job;
    if (!job || job.id !== msg.id) return;
    slot.job = undefined;
    if (msg.type === 'defer') {
      // Left to the full engine: back to the head of the queue, its clock still running.
      job.slot = undefined;
      job.declined = true;
      this.requeue(job);
    } else {
      this.clearTimers(job);
      this.noteAnswered(job, true);
      this.resolveWhole(job, { ...msg.head, version: slot.version }, msg.data);
      this.warmAnswered++;
    }
    if (this.slots.some((s) => s.ready)) this.retireWarmup(false);
    this.dispatch();
  }

  /** Ends the light worker once a full worker is ready (or when it failed); a query it held goes back to the queue. */
  private retireWarmup(failed: boolean): void {
    const slot = this.warm;
    if (!slot) return;
    if (!failed && slot.job) return; // finishes its query first
    this.warm = undefined;
    if (slot.job) {
      const job = slot.job;
      slot.job = undefined;
      job.slot = undefined;
      if (!job.settled) this.requeue(job);
    }
    void slot.worker.terminate();
    this.startFullWorkers();
    this.dispatch();
  }

  private spawn(dataset: DatasetInput = this.dataset): Slot {
    // A worker that loads while others serve short queries (a replacement, the next version, the second of the first
    // ones) loads in the background: the serving workers and the HTTP thread are scheduled first. Not when every
    // serving worker holds a long query: short queries then wait for this one, which loads at the normal priority.
    const background = this.nice > 0 && this.slots.some((s) => s.ready && !s.retiring && s.job?.lane !== 'long');
    const init: WorkerInit = { dataset, serviceAllowlist: this.options.serviceAllowlist, ...(this.options.userAgent ? { userAgent: this.options.userAgent } : {}), ...(this.options.speedupsOff?.length ? { speedupsOff: this.options.speedupsOff } : {}), ...(background ? { nice: this.nice } : {}) };
    // The heap ceiling bounds how far V8 lets the worker's heap grow before it collects (the data itself lives in the
    // store's WebAssembly memory, outside it): see docs/endpoint.md, "Memory under load".
    const heap = this.options.workerHeapMb;
    const worker = new Worker(workerScript('worker'), { workerData: { init }, execArgv: workerExecArgv(), ...(heap ? { resourceLimits: { maxOldGenerationSizeMb: heap } } : {}) });
    const slot: Slot = { worker, ready: false, version: dataset.version, loads: new Map() };
    worker.on('message', (msg: FromWorker) => this.onMessage(slot, msg));
    worker.on('error', (e) => this.onExit(slot, `worker error: ${e.message}`));
    worker.on('exit', (code) => this.onExit(slot, `worker exited with code ${code}`));
    return slot;
  }

  private onMessage(slot: Slot, msg: FromWorker): void {
    switch (msg.type) {
      case 'ready':
        slot.ready = true;
        if (slot.standby) {
          slot.quads = msg.quads;
          this.options.onEvent?.('next-worker-ready', { ms: msg.ms, version: slot.version, threadId: slot.worker.threadId });
          slot.standby.resolve();
          return;
        }
        if (slot.version !== this.dataset.version) {
          // Started (as a replacement) before the pool switched versions: it holds the old data.
          this.replace(slot, 'started with the old data');
          return;
        }
        this.quads = msg.quads;
        this.options.onEvent?.('worker-ready', { ms: msg.ms, quads: msg.quads, threadId: slot.worker.threadId });
        this.everReady = true;
        this.fullEverReady = true;
        this.startError = undefined;
        if (!this.closed && this.slots.length < this.size) this.slots.push(this.spawn());
        this.resolveReady();
        this.retireWarmup(false);
        this.dispatch();
        return;
      case 'fatal':
        if (slot.standby) {
          slot.standby.reject(new Error(msg.message));
          return;
        }
        this.startError = msg.message;
        this.rejectReady(new Error(`a query worker could not start: ${msg.message}`));
        this.options.onEvent?.('worker-fatal', { message: msg.message });
        return;
      case 'loaded':
        slot.loads.get(msg.id)?.resolve();
        slot.loads.delete(msg.id);
        this.quads = msg.quads;
        return;
      default:
        break;
    }
    const job = slot.job;
    if (!job || job.id !== msg.id) {
      const load = slot.loads.get(msg.id);
      if (load && msg.type === 'error') {
        load.reject(new Error(msg.error.message));
        slot.loads.delete(msg.id);
      }
      return;
    }
    switch (msg.type) {
      case 'whole':
        this.noteAnswered(job, false);
        this.resolveWhole(job, { ...msg.head, version: slot.version }, msg.data);
        this.finish(slot, job);
        return;
      case 'head':
        this.noteAnswered(job, false);
        job.channel = new Channel();
        this.settle(job, () => job.resolve({ ...msg.head, version: slot.version, body: job.channel as Channel }));
        return;
      case 'chunk':
        job.channel?.push(msg.data);
        return;
      case 'end':
        job.channel?.end();
        this.finish(slot, job);
        return;
      case 'error':
        this.failJob(job, new QueryError(msg.error));
        if (workerBroke(msg.error.code)) {
          // Its store trapped: whatever it answers next cannot be trusted. A fresh worker takes its place.
          this.clearTimers(job);
          slot.job = undefined;
          this.replace(slot, `the store broke (${msg.error.code})`);
          this.dispatch();
        } else this.finish(slot, job);
        return;
    }
  }

  /** Resolves a job with an answer that came in one message. */
  private resolveWhole(job: Job, head: AnswerHead, data: string): void {
    const channel = new Channel();
    if (data.length > 0) channel.push(data);
    channel.end();
    job.channel = channel;
    this.settle(job, () => job.resolve({ ...head, body: channel }));
  }

  private settle(job: Job, f: () => void): void {
    if (job.settled) return;
    job.settled = true;
    f();
  }

  /** What the pool is doing now. */
  private moment(): PoolMoment {
    return {
      ready: this.slots.filter((s) => s.ready).length,
      starting: this.slots.filter((s) => !s.ready).length,
      loadingNext: this.loadingNext,
      busy: this.slots.filter((s) => s.job).length,
      busyLong: this.longRunning(),
      queued: this.shortQueue.length + this.longQueue.length,
      queuedLong: this.longQueue.length,
      running: this.slots.flatMap((s) => {
        const j = s.job;
        if (!j || j.started === undefined) return [];
        const expectedMs = this.costs.expectedMs(j.shape);
        return [{ lane: j.lane, ms: Math.round(performance.now() - j.started), ...(expectedMs !== undefined ? { expectedMs: Math.round(expectedMs) } : {}) }];
      }),
    };
  }

  /** An answer whose head came later than `slowLogMs` after the query arrived: where its time went, as one event. */
  private noteAnswered(job: Job, warmup: boolean): void {
    const slow = this.options.slowLogMs;
    if (!slow || job.started === undefined) return;
    const now = performance.now();
    if (now - job.arrived < slow) return;
    this.options.onEvent?.('query-slow', {
      ms: Math.round(now - job.arrived),
      waitMs: Math.round(job.started - job.arrived),
      runMs: Math.round(now - job.started),
      lane: job.lane,
      ...(warmup ? { warmup: true } : {}),
      threadId: job.threadId,
      hash: createHash('sha256').update(job.query).digest('hex').slice(0, 12),
      atArrival: job.seen,
      atAnswer: this.moment(),
    });
  }

  private failJob(job: Job, e: QueryError): void {
    clearTimeout(job.timer);
    if (job.channel) job.channel.fail(e);
    else this.settle(job, () => job.reject(e));
  }

  private finish(slot: Slot, job: Job): void {
    this.clearTimers(job);
    if (job.started !== undefined) this.costs.record(job.shape, performance.now() - job.started, { wasShort: job.wasShort });
    if (slot.job === job) slot.job = undefined;
    // A worker of the previous version ends once its last query is answered.
    if (slot.retiring && !slot.job) void slot.worker.terminate();
    this.dispatch();
  }

  private onExit(slot: Slot, reason: string): void {
    slot.standby?.reject(new Error(reason));
    slot.standby = undefined;
    if (slot.job && slot.retiring) this.failJob(slot.job, new QueryError({ status: 500, code: 'worker-crashed', message: `the query worker stopped (${reason}); try again` }));
    const idx = this.slots.indexOf(slot);
    if (idx < 0) return; // already replaced, retired or never switched to
    this.slots.splice(idx, 1);
    for (const load of slot.loads.values()) load.reject(new Error(reason));
    if (slot.job) this.failJob(slot.job, new QueryError({ status: 500, code: 'worker-crashed', message: `the query worker stopped (${reason}); try again` }));
    if (this.closed) return;
    this.options.onEvent?.('worker-replaced', { reason });
    this.replacedCount++;
    this.respawnAfterCrash(slot.ready, reason);
  }

  private failedStarts = 0;

  /**
   * Starts a worker in place of one that died. One that died before it was ever ready is restarted after a growing
   * pause (0.5 s, 1 s, 2 s… up to 30 s), so a worker that cannot start does not spin the machine.
   */
  private respawnAfterCrash(wasReady: boolean, reason: string): void {
    if (wasReady) {
      this.failedStarts = 0;
      this.slots.push(this.spawn());
      return;
    }
    this.failedStarts++;
    this.startError = reason;
    const delay = Math.min(30_000, 500 * 2 ** (this.failedStarts - 1));
    setTimeout(() => {
      if (!this.closed) this.slots.push(this.spawn());
    }, delay).unref();
  }

  /** Terminates a worker (its query ran out of time, or its store broke) and starts a fresh one in its place. */
  private replace(slot: Slot, reason: string): void {
    if (slot === this.warm || slot.retiring) {
      if (slot === this.warm) this.warm = undefined;
      void slot.worker.terminate();
      return;
    }
    const idx = this.slots.indexOf(slot);
    if (idx < 0) return;
    this.slots.splice(idx, 1);
    this.replacedCount++;
    this.options.onEvent?.('worker-replaced', { reason, threadId: slot.worker.threadId });
    void slot.worker.terminate();
    if (!this.closed) this.slots.push(this.spawn());
  }

  /**
   * Gives waiting jobs to idle workers: short ones first, in order of arrival, to any worker; long ones (and those never
   * measured that do not read as lookups) only while fewer than `longCapacity()` workers run long ones, so the reserved
   * workers stay free for short queries however many heavy ones arrive.
   */
  private dispatch(): void {
    if (this.paused) {
      // Loading in place: it goes on once no worker holds a query.
      if (!this.slots.some((s) => s.job)) this.paused();
      return;
    }
    for (let slot = this.idleFull(); slot; slot = this.idleFull()) {
      if (this.shortQueue.length > 0) this.assign(this.takeShort(), slot);
      else if (this.longQueue.length > 0 && this.longMayStart(this.longQueue[0] as Job)) this.assign(this.longQueue.shift() as Job, slot);
      else break;
    }
    // While no full worker has started, the light one takes the oldest job it has not already handed back.
    const warm = this.warm;
    if (warm?.ready && !warm.job && !this.slots.some((s) => s.ready)) {
      for (const q of [this.shortQueue, this.longQueue]) {
        const i = q.findIndex((j) => !j.declined);
        if (i >= 0) {
          this.assign(q.splice(i, 1)[0] as Job, warm);
          break;
        }
      }
    }
  }

  /**
   * Workers that may run long queries at once: the ready ones but the reserved (at most all but one of the pool). While
   * a worker is being replaced that can be none: long queries then wait rather than take the worker short ones need.
   */
  private longCapacity(): number {
    const ready = this.slots.filter((s) => s.ready).length;
    const reserved = Math.min(this.size - 1, this.fair.reserved ?? (this.size >= 2 ? 1 : 0));
    return Math.max(0, ready - reserved);
  }

  /**
   * Whether a long-lane job may start now: while the long lane has room; or, while a worker is being replaced (no room
   * at all), a never-measured one when nothing long runs and no short query waits (so that an idle pool short of a
   * worker still answers new kinds of query, while a known-heavy one waits for the replacement).
   */
  private longMayStart(job: Job): boolean {
    const capacity = this.longCapacity();
    if (this.longRunning() < capacity) return true;
    return capacity === 0 && job.unknown && this.longRunning() === 0 && this.shortQueue.length === 0;
  }

  /**
   * The next short query for a free worker: the one whose kind of query cost least the last time (a lookup never
   * measured counts as free), so a lookup is not kept waiting behind queries that take a hundred times longer; the oldest
   * first among equals. A query that has waited half of QUERY_QUEUE_WAIT_MS goes first whatever its cost, so a stream
   * of cheap queries cannot keep the dearer ones waiting until they are refused.
   */
  private takeShort(): Job {
    const q = this.shortQueue;
    const oldest = q[0] as Job;
    if (performance.now() - oldest.arrived >= this.fair.queueWaitMs / 2) return q.shift() as Job;
    let best = 0;
    for (let i = 1; i < q.length; i++) if ((q[i] as Job).expected < (q[best] as Job).expected) best = i;
    return q.splice(best, 1)[0] as Job;
  }

  private longRunning(): number {
    return this.slots.filter((s) => s.job?.lane === 'long').length;
  }

  /** Puts a job back at the head of its lane's queue (handed back by the light worker, or its worker retired). */
  private requeue(job: Job): void {
    (job.lane === 'short' ? this.shortQueue : this.longQueue).unshift(job);
    this.armWait(job);
  }

  private unqueue(job: Job): boolean {
    for (const q of [this.shortQueue, this.longQueue]) {
      const i = q.indexOf(job);
      if (i >= 0) {
        q.splice(i, 1);
        clearTimeout(job.waitTimer);
        return true;
      }
    }
    return false;
  }

  private clearTimers(job: Job): void {
    clearTimeout(job.timer);
    clearTimeout(job.waitTimer);
    clearTimeout(job.budgetTimer);
    clearTimeout(job.abandonTimer);
  }

  /**
   * A short-lane query still running at the short budget: its kind is long from now on. It moves to the long lane when
   * there is room there; else it is over budget, and when short queries wait, its worker is ended and it starts again
   * in the long lane (the store cannot be paused).
   */
  private onBudget(job: Job): void {
    if (job.settled && !job.channel) return;
    const slot = job.slot;
    if (!slot || slot.job !== job || job.lane !== 'short') return;
    if (this.longRunning() < this.longCapacity()) {
      job.lane = 'long';
      return;
    }
    // No room in the long lane: it keeps its worker a while longer (a busy machine slows everything), and past three
    // budgets it is the first to go when short queries wait (ending a worker costs seconds to replace it).
    job.budgetTimer = setTimeout(() => {
      if (slot.job !== job || job.lane !== 'short') return;
      if (this.longRunning() < this.longCapacity()) {
        job.lane = 'long';
        return;
      }
      job.overBudget = true;
      this.preemptIfShortWaits();
    }, 2 * this.fair.shortMs);
  }

  private preemptIfShortWaits(): void {
    if (this.shortQueue.length === 0 || this.idleFull()) return;
    const slot = this.slots.find((s) => s.job?.overBudget && !s.job.settled);
    if (!slot || !slot.job) return;
    const job = slot.job;
    slot.job = undefined;
    job.slot = undefined;
    job.overBudget = false;
    job.started = undefined;
    job.lane = 'long';
    this.costs.record(job.shape, this.fair.shortMs, { wasShort: true, stopped: true });
    this.preemptedCount++;
    this.replace(slot, 'preempted: a short-lane query ran past three times QUERY_SHORT_MS while short queries waited');
    this.longQueue.unshift(job);
    this.armWait(job);
    this.dispatch();
  }

  /** Bounds a queued job's wait: past QUERY_QUEUE_WAIT_MS it gets 503 with Retry-After instead of waiting on. */
  private armWait(job: Job): void {
    clearTimeout(job.waitTimer);
    job.waitTimer = setTimeout(() => {
      if (!this.unqueue(job)) return;
      this.refusedCount++;
      this.failJob(job, this.busyError(job.lane, 'waited'));
    }, this.fullEverReady ? this.fair.queueWaitMs : Math.max(this.fair.queueWaitMs, this.fair.startWaitMs));
  }

  /** Why a query cannot be taken now, with when to try again. */
  private busyError(lane: 'short' | 'long', why: 'waited' | 'full'): QueryError {
    // No full worker ready: the light start-up worker answers only plain queries, so it is start-up that holds this one.
    const starting = !this.slots.some((s) => s.ready);
    if (starting) {
      return new QueryError({
        status: 503,
        code: 'starting',
        message: this.fullEverReady
          ? 'no query worker can answer right now (they are being replaced); retry in a few seconds'
          : 'the server is starting: the query workers are still loading the dataset; retry in a few seconds',
        headers: { 'Retry-After': '2' },
      });
    }
    if (lane === 'short') {
      return new QueryError({
        status: 503,
        code: why === 'full' ? 'queue-full' : 'busy',
        message: `too many queries at once: ${this.slots.filter((s) => s.job).length} running and ${this.shortQueue.length + this.longQueue.length} waiting (QUERY_QUEUE_MAX=${this.options.queueMax}, QUERY_QUEUE_WAIT_MS=${this.fair.queueWaitMs}); retry shortly`,
        headers: { 'Retry-After': '1' },
      });
    }
    // The long lane: the earliest a running long query is expected to end (its last measure, else its time limit).
    const now = performance.now();
    let soonest = Number.POSITIVE_INFINITY;
    for (const s of this.slots) {
      const j = s.job;
      if (!j || j.lane !== 'long' || j.started === undefined) continue;
      const expected = this.costs.expectedMs(j.shape) ?? this.options.timeoutMs;
      soonest = Math.min(soonest, Math.max(0, j.started + Math.max(expected, this.fair.shortMs) - now));
    }
    const retry = Math.min(60, Math.max(1, Math.ceil((Number.isFinite(soonest) ? soonest : this.options.timeoutMs) / 1000)));
    return new QueryError({
      status: 503,
      code: 'busy-long',
      message: `the workers for long queries are busy (this kind of query ran past ${this.fair.shortMs} ms before, or was never measured and is no plain lookup): ${this.longRunning()} running, ${this.longQueue.length} waiting (QUERY_LONG_QUEUE_MAX=${this.fair.longQueueMax}); retry in ${retry} s, or narrow the query`,
      headers: { 'Retry-After': String(retry) },
    });
  }

  /** The client went away: a waiting job leaves its queue; a running one has `abandonMs` to end before its worker is ended. */
  private abandon(job: Job): void {
    if (job.settled && !job.channel) return;
    if (this.unqueue(job)) {
      this.clearTimers(job);
      this.failJob(job, clientGone());
      return;
    }
    const slot = job.slot;
    if (!slot || slot.job !== job) return;
    clearTimeout(job.abandonTimer);
    job.abandonTimer = setTimeout(() => {
      if (slot.job !== job) return;
      slot.job = undefined;
      job.slot = undefined;
      if (job.started !== undefined) this.costs.record(job.shape, performance.now() - job.started, { wasShort: job.wasShort });
      this.failJob(job, clientGone());
      this.abandonedCount++;
      this.replace(slot, 'its client went away');
      this.dispatch();
    }, this.fair.abandonMs);
  }

  private idleFull(): Slot | undefined {
    return this.slots.find((s) => s.ready && !s.job);
  }

  private assign(job: Job, slot: Slot): void {
    job.slot = slot;
    slot.job = job;
    clearTimeout(job.waitTimer);
    job.started = performance.now();
    job.threadId = slot.worker.threadId;
    if (job.lane === 'short' && !slot.warmup) job.budgetTimer = setTimeout(() => this.onBudget(job), this.fair.shortMs);
    // A long query runs at the background priority, anything else at the normal one (see priority.ts).
    const msg: ToWorker = { type: 'query', id: job.id, query: job.query, options: job.options, ...(this.nice > 0 && !slot.warmup ? { nice: job.lane === 'long' ? this.nice : 0 } : {}) };
    slot.worker.postMessage(msg);
  }

  /**
   * Answers a query, or refuses it at once (503 with Retry-After) when its lane is saturated. `signal`: the client went
   * away; the query leaves its queue, or its worker is ended if it has not finished within QUERY_ABANDON_MS.
   */
  public answer(query: string, options: AnswerOptions, signal?: AbortSignal): Promise<Answer> {
    if (this.closed) return Promise.reject(closingError());
    if (signal?.aborted) return Promise.reject(clientGone());
    const shape = shapeOf(query);
    const cls = this.costs.classify(query, shape, options.presumeShort === true);
    const lane = cls === 'short' ? 'short' : 'long';
    const free = this.slots.filter((s) => s.ready && !s.job).length + (this.warm?.ready && !this.warm.job ? 1 : 0);
    const queued = this.shortQueue.length + this.longQueue.length;
    if (lane === 'short' ? free === 0 && queued >= this.options.queueMax : this.longQueue.length >= this.fair.longQueueMax && this.slots.some((s) => s.ready)) {
      this.refusedCount++;
      return Promise.reject(this.busyError(lane, 'full'));
    }
    return new Promise<Answer>((resolve, reject) => {
      const id = this.nextId++;
      const job: Job = {
        id,
        query,
        options,
        resolve,
        reject,
        settled: false,
        arrived: performance.now(),
        expected: this.costs.expectedMs(shape) ?? 0,
        ...(this.options.slowLogMs ? { seen: this.moment() } : {}),
        shape,
        lane,
        wasShort: lane === 'short',
        unknown: cls === 'unknown',
        timer: setTimeout(() => this.onTimeout(job), this.options.timeoutMs),
      };
      signal?.addEventListener('abort', () => this.abandon(job), { once: true });
      (lane === 'short' ? this.shortQueue : this.longQueue).push(job);
      this.armWait(job);
      this.dispatch();
      if (!job.slot && lane === 'short') this.preemptIfShortWaits();
    });
  }

  private onTimeout(job: Job): void {
    const seconds = this.options.timeoutMs / 1000;
    const err = new QueryError({
      status: 503,
      code: 'timeout',
      message: `the query ran longer than the limit of ${seconds} s (QUERY_TIMEOUT_MS=${this.options.timeoutMs}) and was stopped; narrow it down (LIMIT, more specific patterns) or run it on the dumps`,
    });
    if (this.unqueue(job)) {
      this.failJob(job, err);
      return;
    }
    const slot = job.slot;
    this.clearTimers(job);
    if (job.started !== undefined) this.costs.record(job.shape, performance.now() - job.started, { wasShort: job.wasShort, stopped: true });
    this.failJob(job, err);
    // The store cannot be interrupted mid-query: the only way to stop it is to end its thread.
    if (slot && slot.job === job) {
      slot.job = undefined;
      this.replace(slot, 'query timeout');
    }
  }

  /** Replaces the dataset with N-Quads text (a new version; see swap). */
  public async reload(nquads: string): Promise<void> {
    await this.swap({ version: versionOfText(nquads), nquads });
  }

  /** The version of the dataset new queries are answered from. */
  public get version(): string {
    return this.dataset.version;
  }

  /** The base IRI the version being served was built for, when its manifest said. */
  public get datasetBase(): string | undefined {
    return this.dataset.base;
  }

  /**
   * Switches to a new version of the dataset: new workers load and check it beside the serving ones, then, in one tick,
   * new queries go to them and `onSwitch` runs; the old workers finish the queries they hold and end. A version that
   * cannot be used (it does not parse, is empty, or its checksum is not the manifest's) rejects with the reason and is
   * noted in stats() as the problem; the old version keeps serving. Swaps run one at a time.
   */
  public swap(input: DatasetInput): Promise<void> {
    const run = this.swapping.then(() => this.swapNow(input));
    this.swapping = run.catch(() => undefined);
    return run;
  }

  private async swapNow(given: DatasetInput): Promise<void> {
    if (this.closed) throw closingError();
    if (given.file === undefined) return this.swapInPlace(given);
    const input = opened(given);
    // The light worker holds the old data and is only a start-up aid: it goes.
    this.retireWarmup(true);
    const next: Slot[] = [];
    try {
      // One new worker at a time: while it loads, the serving workers share the cores with one loader rather than
      // with all of them (on two cores, four busy threads doubled the lookups' tail during a switch). The switch
      // waits for the last one.
      for (let i = 0; i < this.size && !this.closed; i++) {
        const slot = this.spawn(input);
        next.push(slot);
        this.loadingNext++;
        try {
          await new Promise<void>((resolve, reject) => (slot.standby = { resolve, reject }));
        } finally {
          this.loadingNext--;
        }
      }
    } catch (e) {
      for (const slot of next) {
        slot.standby = undefined;
        void slot.worker.terminate();
      }
      if (input !== given) closeFile(input);
      const message = e instanceof Error ? e.message : String(e);
      this.problem = { version: input.version, message, at: new Date() };
      throw new Error(message);
    }
    if (this.closed) {
      await Promise.all(next.map((s) => s.worker.terminate()));
      if (input !== given) closeFile(input);
      throw closingError();
    }
    // The switch: from here on every query is dispatched to a worker of the new version.
    const old = this.slots.splice(0, this.slots.length, ...next);
    for (const slot of next) slot.standby = undefined;
    // The old version's workers have all loaded it (those still starting end below): its file is not read again.
    closeFile(this.dataset);
    this.dataset = input;
    this.quads = next[0]?.quads ?? this.quads;
    this.problem = undefined;
    this.loadedAt = new Date();
    this.fullStarted = true;
    clearTimeout(this.startTimer);
    this.options.onSwitch?.(input.version);
    this.options.onEvent?.('dataset-switched', { version: input.version });
    for (const slot of old) {
      slot.retiring = true;
      if (!slot.job) void slot.worker.terminate();
    }
    this.resolveReady();
    this.dispatch();
  }

  /**
   * A version given as text (tests, small data) is loaded by the serving workers themselves, which is far quicker than
   * starting new ones: no query is dispatched meanwhile, the queries running finish on the old version first, and a
   * version that cannot be used leaves every worker on the old one (each checks before it replaces anything).
   */
  private async swapInPlace(input: DatasetInput): Promise<void> {
    this.retireWarmup(true);
    await this.ready;
    await new Promise<void>((resolve) => {
      this.paused = resolve;
      this.dispatch();
    });
    try {
      const pending: Promise<void>[] = [];
      for (const slot of this.slots) {
        if (!slot.ready) continue;
        const id = this.nextId++;
        pending.push(
          new Promise<void>((resolve, reject) => {
            slot.loads.set(id, { resolve, reject });
            const msg: ToWorker = { type: 'load', id, dataset: input };
            slot.worker.postMessage(msg);
          }),
        );
      }
      const results = await Promise.allSettled(pending);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) {
        const message = failed.reason instanceof Error ? failed.reason.message : String(failed.reason);
        this.problem = { version: input.version, message, at: new Date() };
        // A worker that did load it cannot stay on it alone.
        if (results.some((r) => r.status === 'fulfilled')) for (const slot of [...this.slots]) this.replace(slot, 'loaded a version the other workers refused');
        throw new Error(message);
      }
      closeFile(this.dataset);
      this.dataset = input;
      for (const slot of this.slots) slot.version = input.version;
      this.problem = undefined;
      this.loadedAt = new Date();
      // Workers still starting hold the old data: replaced.
      for (const slot of [...this.slots]) if (!slot.ready) this.replace(slot, 'started with the old data');
      this.options.onSwitch?.(input.version);
      this.options.onEvent?.('dataset-switched', { version: input.version });
    } finally {
      this.paused = undefined;
      this.dispatch();
    }
  }

  /** Notes a version that could not even be handed to the workers (an unreadable manifest): stats() shows it. */
  public reportProblem(version: string, message: string): void {
    this.problem = { version, message, at: new Date() };
  }

  public stats(): ServiceStats {
    return {
      workers: this.slots.length,
      readyWorkers: this.slots.filter((s) => s.ready).length,
      busy: this.slots.filter((s) => s.job).length,
      queued: this.shortQueue.length + this.longQueue.length,
      queuedLong: this.longQueue.length,
      busyLong: this.longRunning(),
      preempted: this.preemptedCount,
      abandoned: this.abandonedCount,
      refused: this.refusedCount,
      replaced: this.replacedCount,
      quads: this.quads,
      warmupAnswered: this.warmAnswered,
      warmupReady: this.warm?.ready ?? false,
      dataset: {
        version: this.dataset.version,
        loadedAt: this.loadedAt.toISOString(),
        ...(this.problem ? { problem: { version: this.problem.version, message: this.problem.message, at: this.problem.at.toISOString() } } : {}),
      },
      everReady: this.everReady,
      ...(this.startError !== undefined ? { startError: this.startError } : {}),
    };
  }

  /** Thread ids of the live workers (tests use it to see a worker replaced). */
  public threadIds(): number[] {
    return this.slots.map((s) => s.worker.threadId);
  }

  public async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.startTimer);
    for (const job of [...this.shortQueue.splice(0), ...this.longQueue.splice(0)]) {
      this.clearTimers(job);
      this.failJob(job, closingError());
    }
    // Queries still running when the pool closes are answered 503 as well (the server closes it after its grace period).
    for (const slot of [...this.slots, ...(this.warm ? [this.warm] : [])]) {
      const job = slot.job;
      if (!job) continue;
      slot.job = undefined;
      this.clearTimers(job);
      this.failJob(job, closingError());
    }
    const warm = this.warm;
    this.warm = undefined;
    await Promise.all([...this.slots.splice(0), ...(warm ? [warm] : [])].map((s) => s.worker.terminate()));
    closeFile(this.dataset);
  }
}

