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
  /** The version of the dataset being served, since when, and the last version that could not be used (why). */
  readonly dataset?: DatasetStats;
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
  /** Under STORE=sparql:URL: the store, as last checked. */
  readonly store?: StoreStats;
}

/** A remote store as last checked: reachable, what it holds, and what is wrong when it cannot serve. */
export interface StoreStats {
  readonly endpoint: string;
  readonly reachable: boolean;
  /** The dataset version the store holds (from the metadata graph its loader wrote). */
  readonly version?: string;
  /** Quads of the dataset (default graph and named graphs) and triples of its default graph, as loaded. */
  readonly quads?: number;
  readonly triples?: number;
  readonly loadedAt?: string;
  readonly checkedAt: string;
  /** Why it cannot serve now (unreachable, another version, no dataset): queries are answered 503 meanwhile. */
  readonly problem?: string;
}

export interface DatasetStats {
  readonly version: string;
  readonly loadedAt: string;
  readonly problem?: { readonly version: string; readonly message: string; readonly at: string };
}

export interface QueryService {
  /** Resolves once the service can answer (at least one worker holds the data). */
  readonly ready: Promise<void>;
  /** The version of the dataset new queries are answered from (answers carry the version that answered them). */
  readonly version?: string;
  /** The base IRI that version was built for, when its dump manifest said. */
  readonly datasetBase?: string | undefined;
  /** Answers a query, or throws a QueryError (4xx/5xx) before any byte of the body exists; `signal`: the client went away. */
  answer(query: string, options: AnswerOptions, signal?: AbortSignal): Promise<Answer>;
  /** Replaces the dataset everywhere (the next queries see only the new data). */
  reload(nquads: string): Promise<void>;
  stats(): ServiceStats;
  close(): Promise<void>;
}

/** A service answering on the calling thread: no time limit can stop a stuck query, so it is for tests and the command line. */
export function createInProcessService(engine: SparqlEngine): QueryService {
  // Each load is a new version; answers say which one they came from.
  let loads = 1;
  return {
    ready: Promise.resolve(),
    get version() {
      return engine.version ?? `load-${loads}`;
    },
    async answer(query, options) {
      const version = engine.version ?? `load-${loads}`;
      return { ...(await engine.answer(query, options)), version };
    },
    async reload(nquads) {
      engine.load({ nquads });
      loads++;
    },
    stats: () => ({ workers: 0, readyWorkers: 0, busy: 0, queued: 0, replaced: 0, quads: engine.size, everReady: true }),
    async close() {},
  };
}
