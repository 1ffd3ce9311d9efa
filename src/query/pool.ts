// A pool of query worker threads, each with its own store: a wall-clock limit per query, a bounded queue, stuck workers replaced.
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

export interface PoolOptions {
  /** The dataset as N-Quads text; every worker loads its own copy. */
  readonly nquads: string;
  /** Worker threads (default: the number of cores). */
  readonly size?: number;
  /** Wall-clock limit of a query from arrival to last byte, in ms. */
  readonly timeoutMs: number;
  /** Queries waiting for a free worker beyond which new ones get 503 + Retry-After. */
  readonly queueMax: number;
  readonly serviceAllowlist: readonly string[];
  /** Start a light Oxigraph-only worker that answers plain queries until a full worker is ready (default true). */
  readonly warmup?: boolean;
  /** Called for events worth a log line (worker replaced, crashed). */
  readonly onEvent?: (event: string, detail: Record<string, unknown>) => void;
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
  slot?: Slot;
  channel?: Channel;
  settled: boolean;
  /** The light worker handed it back: it waits for a full worker. */
  declined?: boolean;
}

interface Slot {
  worker: Worker;
  ready: boolean;
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
  bundleDir ??= bundleSources('workers', fileURLToPath(new URL('..', here)), ['query/worker', 'query/warmup-worker']);
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
    // The parent's own script given inline is not the worker's.
    if (/^(-e|--eval|-p|--print)$/.test(a)) {
      i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

function closingError(): QueryError {
  return new QueryError({ status: 503, code: 'closing', message: 'the server is shutting down', headers: { 'Retry-After': '5' } });
}

export class WorkerPool implements QueryService {
  public readonly ready: Promise<void>;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private replacedCount = 0;
  private closed = false;
  private nquads: string;
  private quads = 0;
  private resolveReady!: () => void;
  private warm: Slot | undefined;
  private startTimer: NodeJS.Timeout | undefined;
  private fullStarted = false;
  private warmAnswered = 0;
  private datasetVersion = 1;
  private everReady = false;
  private startError: string | undefined;
  private rejectReady!: (e: Error) => void;
  private readonly size: number;

  public constructor(private readonly options: PoolOptions) {
    this.nquads = options.nquads;
    this.size = Math.max(1, options.size ?? availableParallelism());
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

  private startFullWorkers(): void {
    clearTimeout(this.startTimer);
    if (this.fullStarted || this.closed) return;
    this.fullStarted = true;
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
  }

  /** Starts the light worker: it loads only the store, so it can answer within a fraction of a second. */
  private spawnWarmup(): Slot {
    const init: WorkerInit = { nquads: this.nquads, serviceAllowlist: [] };
    const worker = new Worker(workerScript('warmup-worker'), { workerData: { init }, execArgv: workerExecArgv() });
    const slot: Slot = { worker, ready: false, warmup: true, loads: new Map() };
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
      this.queue.unshift(job);
    } else {
      clearTimeout(job.timer);
      this.resolveWhole(job, msg.head, msg.data);
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
      if (!job.settled) this.queue.unshift(job);
    }
    void slot.worker.terminate();
    this.startFullWorkers();
    this.dispatch();
  }

  private spawn(): Slot {
    const init: WorkerInit = { nquads: this.nquads, serviceAllowlist: this.options.serviceAllowlist };
    const worker = new Worker(workerScript('worker'), { workerData: { init }, execArgv: workerExecArgv() });
    const slot: Slot = { worker, ready: false, loads: new Map() };
    worker.on('message', (msg: FromWorker) => this.onMessage(slot, msg));
    worker.on('error', (e) => this.onExit(slot, `worker error: ${e.message}`));
    worker.on('exit', (code) => this.onExit(slot, `worker exited with code ${code}`));
    return slot;
  }

  private onMessage(slot: Slot, msg: FromWorker): void {
    switch (msg.type) {
      case 'ready':
        slot.ready = true;
        this.quads = msg.quads;
        this.options.onEvent?.('worker-ready', { ms: msg.ms, quads: msg.quads, threadId: slot.worker.threadId });
        this.everReady = true;
        this.startError = undefined;
        this.resolveReady();
        this.retireWarmup(false);
        this.dispatch();
        return;
      case 'fatal':
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
        this.resolveWhole(job, msg.head as AnswerHead, msg.data);
        this.finish(slot, job);
        return;
      case 'head':
        job.channel = new Channel();
        this.settle(job, () => job.resolve({ ...(msg.head as AnswerHead), body: job.channel as Channel }));
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
          clearTimeout(job.timer);
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

  private failJob(job: Job, e: QueryError): void {
    clearTimeout(job.timer);
    if (job.channel) job.channel.fail(e);
    else this.settle(job, () => job.reject(e));
  }

  private finish(slot: Slot, job: Job): void {
    clearTimeout(job.timer);
    if (slot.job === job) slot.job = undefined;
    this.dispatch();
  }

  private onExit(slot: Slot, reason: string): void {
    const idx = this.slots.indexOf(slot);
    if (idx < 0) return; // already replaced
    this.slots.splice(idx, 1);
    for (const load of slot.loads.values()) load.reject(new Error(reason));
    if (slot.job) this.failJob(slot.job, new QueryError({ status: 500, code: 'worker-crashed', message: `the query worker stopped (${reason}); try again` }));
    if (this.closed) return;
    this.options.onEvent?.('worker-replaced', { reason });
    this.replacedCount++;
    this.slots.push(this.spawn());
  }

  /** Terminates a worker (its query ran out of time, or its store broke) and starts a fresh one in its place. */
  private replace(slot: Slot, reason: string): void {
    if (slot === this.warm) {
      this.warm = undefined;
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

  private dispatch(): void {
    // Full workers take jobs in order of arrival.
    for (let slot = this.idleFull(); slot && this.queue.length > 0; slot = this.idleFull()) this.assign(this.queue.shift() as Job, slot);
    // While no full worker has started, the light one takes the oldest job it has not already handed back.
    const warm = this.warm;
    if (warm?.ready && !warm.job && !this.slots.some((s) => s.ready)) {
      const i = this.queue.findIndex((j) => !j.declined);
      if (i >= 0) this.assign(this.queue.splice(i, 1)[0] as Job, warm);
    }
  }

  private idleFull(): Slot | undefined {
    return this.slots.find((s) => s.ready && !s.job);
  }

  private assign(job: Job, slot: Slot): void {
    job.slot = slot;
    slot.job = job;
    const msg: ToWorker = { type: 'query', id: job.id, query: job.query, options: job.options };
    slot.worker.postMessage(msg);
  }

  public answer(query: string, options: AnswerOptions): Promise<Answer> {
    if (this.closed) return Promise.reject(closingError());
    const busy = this.slots.filter((s) => s.job).length;
    const free = this.slots.filter((s) => s.ready && !s.job).length + (this.warm?.ready && !this.warm.job ? 1 : 0);
    if (free === 0 && this.queue.length >= this.options.queueMax) {
      return Promise.reject(
        new QueryError({
          status: 503,
          code: 'queue-full',
          message: `too many queries at once: ${busy} running and ${this.queue.length} waiting (QUERY_QUEUE_MAX=${this.options.queueMax}); retry shortly`,
          headers: { 'Retry-After': '1' },
        }),
      );
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
        timer: setTimeout(() => this.onTimeout(job), this.options.timeoutMs),
      };
      this.queue.push(job);
      this.dispatch();
    });
  }

  private onTimeout(job: Job): void {
    const seconds = this.options.timeoutMs / 1000;
    const err = new QueryError({
      status: 503,
      code: 'timeout',
      message: `the query ran longer than the limit of ${seconds} s (QUERY_TIMEOUT_MS=${this.options.timeoutMs}) and was stopped; narrow it down (LIMIT, more specific patterns) or run it on the dumps`,
    });
    const qi = this.queue.indexOf(job);
    if (qi >= 0) {
      this.queue.splice(qi, 1);
      this.failJob(job, err);
      return;
    }
    const slot = job.slot;
    this.failJob(job, err);
    // The store cannot be interrupted mid-query: the only way to stop it is to end its thread.
    if (slot && slot.job === job) {
      slot.job = undefined;
      this.replace(slot, 'query timeout');
    }
  }

  public async reload(nquads: string): Promise<void> {
    this.nquads = nquads;
    this.datasetVersion++;
    // The light worker holds the old data and is only a start-up aid: it goes.
    this.retireWarmup(true);
    await this.ready;
    const pending: Promise<void>[] = [];
    for (const slot of this.slots) {
      if (!slot.ready) continue;
      const id = this.nextId++;
      pending.push(
        new Promise<void>((resolve, reject) => {
          slot.loads.set(id, { resolve, reject });
          const msg: ToWorker = { type: 'load', id, nquads };
          slot.worker.postMessage(msg);
        }),
      );
    }
    // Workers that were still starting hold the old data: replace them.
    for (const slot of [...this.slots]) if (!slot.ready) this.replace(slot, 'started with the old data');
    await Promise.all(pending);
  }

  public stats(): ServiceStats {
    return {
      workers: this.slots.length,
      readyWorkers: this.slots.filter((s) => s.ready).length,
      busy: this.slots.filter((s) => s.job).length,
      queued: this.queue.length,
      replaced: this.replacedCount,
      quads: this.quads,
      warmupAnswered: this.warmAnswered,
      warmupReady: this.warm?.ready ?? false,
      datasetVersion: this.datasetVersion,
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
    for (const job of this.queue.splice(0)) this.failJob(job, closingError());
    const warm = this.warm;
    this.warm = undefined;
    await Promise.all([...this.slots.splice(0), ...(warm ? [warm] : [])].map((s) => s.worker.terminate()));
  }
}

