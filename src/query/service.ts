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
  /** Answers a query, or throws a QueryError (4xx/5xx) before any byte of the body exists. */
  answer(query: string, options: AnswerOptions): Promise<Answer>;
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
    stats: () => ({ workers: 0, readyWorkers: 0, busy: 0, queued: 0, replaced: 0, quads: engine.size }),
    async close() {},
  };
}
