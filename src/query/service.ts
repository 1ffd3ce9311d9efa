// What the HTTP layer asks of a query service: answer a query within the limits; the worker pool and the in-process service both provide it.
import type { Answer, AnswerOptions } from './engine.js';
import { SparqlEngine } from './engine.js';

export interface ServiceStats {
  readonly workers: number;
  readonly readyWorkers: number;
  readonly busy: number;
  readonly queued: number;
  /** Workers terminated (timeout or crash) and started again since the start. */
  readonly replaced: number;
  readonly quads: number;
  /** Queries answered by the light start-up worker before the full workers were ready. */
  readonly warmupAnswered?: number;
  /** The light start-up worker can answer (before the full workers are ready). */
  readonly warmupReady?: boolean;
  /** Which loaded version of the dataset answers: 1 for the one loaded at start, one more for each reload. */
  readonly datasetVersion?: number;
  /** True once a worker has been ready: no worker ready after that means none can answer (degraded), not starting. */
  readonly everReady?: boolean;
  /** Why the workers could not start (the dataset could not be loaded...), when they could not. */
  readonly startError?: string;
  /** Of `queued`, those waiting for the long lane; of `busy`, the workers running long queries. */
  readonly queuedLong?: number;
  readonly busyLong?: number;
  /** Queries restarted in the long lane after running past the short budget while short ones waited. */
  readonly preempted?: number;
  /** Running queries whose client went away, stopped by ending their worker. */
  readonly abandoned?: number;
  /** Queries answered 503 at once or after QUERY_QUEUE_WAIT_MS because their lane was saturated (or nothing could answer). */
  readonly refused?: number;
}

export interface QueryService {
  /** Resolves once the service can answer (at least one worker holds the data). */
  readonly ready: Promise<void>;
  /** Answers a query, or throws a QueryError (4xx/5xx) before any byte of the body exists; `signal`: the client went away. */
  answer(query: string, options: AnswerOptions, signal?: AbortSignal): Promise<Answer>;
  /** Replaces the dataset everywhere (the next queries see only the new data). */
  reload(nquads: string): Promise<void>;
  stats(): ServiceStats;
  close(): Promise<void>;
}

/** A service answering on the calling thread: no time limit can stop a stuck query, so it is for tests and the command line. */
export function createInProcessService(engine: SparqlEngine): QueryService {
  return {
    ready: Promise.resolve(),
    async answer(query, options) {
      return engine.answer(query, options);
    },
    async reload(nquads) {
      engine.load({ nquads });
    },
    stats: () => ({ workers: 0, readyWorkers: 0, busy: 0, queued: 0, replaced: 0, quads: engine.size, datasetVersion: 1, everReady: true }),
    async close() {},
  };
}
