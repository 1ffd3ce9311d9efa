// Messages between the worker pool and its query workers.
import type { AnswerHead, AnswerOptions } from './engine.js';
import type { QueryErrorData } from './errors.js';
import type { DatasetInput } from './store.js';

export interface WorkerInit {
  /** The version of the dataset the worker loads (and checks) before it says it is ready. */
  readonly dataset: DatasetInput;
  readonly serviceAllowlist: readonly string[];
  /** User-Agent of SERVICE requests. */
  readonly userAgent?: string;
  /** Speed-ups turned off (SPEEDUPS_OFF: quick-plan, pushdown, json-writer); only for comparisons. */
  readonly speedupsOff?: readonly string[];
  /** The thread's nice value while it loads (background: other workers serve meanwhile); absent leaves it as it is. */
  readonly nice?: number;
}

export type ToWorker =
  /** `nice`: the thread's nice value for this query (higher for a long one); absent leaves it as it is. */
  | { readonly type: 'query'; readonly id: number; readonly query: string; readonly options: AnswerOptions; readonly nice?: number }
  | { readonly type: 'load'; readonly id: number; readonly dataset: DatasetInput };

export type FromWorker =
  | { readonly type: 'ready'; readonly quads: number; readonly ms: number; readonly version: string }
  | { readonly type: 'fatal'; readonly message: string }
  /** A small answer in one message: head and whole body. */
  | { readonly type: 'whole'; readonly id: number; readonly head: AnswerHead; readonly data: string }
  | { readonly type: 'head'; readonly id: number; readonly head: AnswerHead }
  | { readonly type: 'chunk'; readonly id: number; readonly data: string }
  | { readonly type: 'end'; readonly id: number }
  | { readonly type: 'error'; readonly id: number; readonly error: QueryErrorData }
  | { readonly type: 'loaded'; readonly id: number; readonly quads: number };
