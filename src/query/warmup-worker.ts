// A light worker that answers plain queries straight from Oxigraph for the second or two the Comunica workers take to start.
// Anything it cannot answer exactly as the full engine would (SERVICE, updates, errors, cut answers) it hands back to be queued.
import { parentPort, workerData } from 'node:worker_threads';
import oxigraph from 'oxigraph';
import type * as ox from 'oxigraph';
import { chooseFormat, type ResultType } from './results.js';
import type { AnswerOptions } from './engine.js';
import type { WorkerInit } from './protocol.js';

export type FromWarmup =
  | { readonly type: 'ready'; readonly quads: number; readonly ms: number }
  | { readonly type: 'fatal'; readonly message: string }
  | { readonly type: 'whole'; readonly id: number; readonly head: { status: number; mediaType: string; headers: Record<string, string>; cacheable: boolean }; readonly data: string }
  | { readonly type: 'defer'; readonly id: number; readonly reason: string };

function post(msg: FromWarmup): void {
  parentPort?.postMessage(msg);
}

function options(o: AnswerOptions): NonNullable<Parameters<ox.Store['query']>[1]> {
  const out: NonNullable<Parameters<ox.Store['query']>[1]> = {};
  if (o.baseIri) out.base_iri = o.baseIri;
  const dg = o.defaultGraphUris ?? [];
  const ng = o.namedGraphUris ?? [];
  if (dg.length > 0 || ng.length > 0) {
    out.default_graph = dg.map((g) => oxigraph.namedNode(g));
    out.named_graphs = ng.map((g) => oxigraph.namedNode(g));
  }
  return out;
}

/** The answer, or the reason to leave the query to the full engine. */
export function answerFromStore(store: ox.Store, query: string, o: AnswerOptions): { mediaType: string; data: string } | { defer: string } {
  const opts = options(o);
  const limit = o.maxRows ?? Number.POSITIVE_INFINITY;
  let type: ResultType;
  let json: string | undefined;
  try {
    // The result type decides the formats; a graph result refuses the results format, which tells the two apart.
    json = String(store.query(query, { ...opts, results_format: 'application/sparql-results+json' }));
    const parsed = JSON.parse(json) as { boolean?: boolean; results?: { bindings: unknown[] } };
    type = typeof parsed.boolean === 'boolean' ? 'boolean' : 'bindings';
    if ((parsed.results?.bindings.length ?? 0) > limit) return { defer: 'over the row limit' };
  } catch (e) {
    if (!/Not supported RDF format/i.test(String(e))) return { defer: 'not answerable here' };
    type = 'quads';
    try {
      const quads = store.query(query, opts);
      if (Array.isArray(quads) && quads.length > limit) return { defer: 'over the row limit' };
    } catch {
      return { defer: 'not answerable here' };
    }
  }
  let format;
  try {
    format = chooseFormat(type, o.accept, o.format);
  } catch {
    return { defer: 'no acceptable format' };
  }
  const mediaType = `${format.mediaType}${format.name === 'jsonld' ? '' : '; charset=utf-8'}`;
  if (format.name === 'json' && json !== undefined) return { mediaType, data: `${json}\n` };
  try {
    return { mediaType, data: String(store.query(query, { ...opts, results_format: format.mediaType })) };
  } catch {
    return { defer: 'format not available here' };
  }
}

function main(): void {
  const t0 = performance.now();
  const init = (workerData as { init: WorkerInit }).init;
  const store = new oxigraph.Store();
  try {
    store.load(init.nquads, { format: 'application/n-quads', no_transaction: true });
  } catch (e) {
    post({ type: 'fatal', message: `the dataset is not valid N-Quads: ${e instanceof Error ? e.message : String(e)}` });
    return;
  }
  parentPort?.on('message', (msg: { type: string; id: number; query: string; options: AnswerOptions }) => {
    if (msg.type !== 'query') {
      post({ type: 'defer', id: msg.id, reason: `${msg.type} is for full workers` });
      return;
    }
    const out = answerFromStore(store, msg.query, msg.options);
    if ('defer' in out) post({ type: 'defer', id: msg.id, reason: out.defer });
    // Not cached: the cache keeps the full engine's answers.
    else post({ type: 'whole', id: msg.id, head: { status: 200, mediaType: out.mediaType, headers: {}, cacheable: false }, data: out.data });
  });
  post({ type: 'ready', quads: store.size, ms: Math.round(performance.now() - t0) });
}

// Only as a worker: tests import answerFromStore directly.
if (parentPort && (workerData as { init?: WorkerInit } | undefined)?.init) main();
