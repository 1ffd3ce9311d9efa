// A light worker that answers plain queries straight from Oxigraph for the second or two the Comunica workers take to start.
// Anything it cannot answer exactly as the full engine would (SERVICE, updates, errors, cut answers) it hands back to be queued.
import { parentPort, workerData } from 'node:worker_threads';
import type * as ox from 'oxigraph';
import sparqljs from 'sparqljs';
import { chooseFormat, type ResultType } from './results.js';
import type { AnswerOptions } from './engine.js';
import { loadDataset, storeQueryOptions, type LoadedDataset } from './store.js';
import { contentType } from '../serialize/formats.js';
import type { WorkerInit } from './protocol.js';
import { isWasmTrap } from './errors.js';

export type FromWarmup =
  | { readonly type: 'ready'; readonly quads: number; readonly ms: number; readonly version: string }
  | { readonly type: 'fatal'; readonly message: string }
  | { readonly type: 'whole'; readonly id: number; readonly head: { status: number; mediaType: string; headers: Record<string, string>; cacheable: boolean }; readonly data: string }
  | { readonly type: 'defer'; readonly id: number; readonly reason: string };

function post(msg: FromWarmup): void {
  parentPort?.postMessage(msg);
}

// sparqljs loads in tens of milliseconds, where Comunica's parser takes a second: enough to spot what the store
// must not answer alone.
/**
 * Why the store alone must not answer a query (the full engine routes these to Comunica or refuses them), or undefined:
 * SERVICE (federation and its allowlist belong to the full engine), updates, and the features where Oxigraph 0.5
 * departs from SPARQL 1.1 (GROUP_CONCAT, BNODE, MINUS, zero-length paths).
 */
export function reasonToDefer(query: string, baseIri?: string): string | undefined {
  let ast: unknown;
  try {
    ast = new sparqljs.Parser({ ...(baseIri ? { baseIRI: baseIri } : {}) }).parse(query);
  } catch {
    return 'not parsed here';
  }
  if ((ast as { type?: string }).type !== 'query') return 'not a query';
  const walk = (n: unknown): string | undefined => {
    if (Array.isArray(n)) {
      for (const x of n) {
        const r = walk(x);
        if (r) return r;
      }
      return undefined;
    }
    if (typeof n !== 'object' || n === null) return undefined;
    const o = n as { type?: string; aggregation?: string; operator?: string; pathType?: string; termType?: string };
    if (typeof o.termType === 'string') return undefined;
    if (o.type === 'service') return 'SERVICE';
    if (o.type === 'minus') return 'MINUS';
    if (o.type === 'aggregate' && o.aggregation?.toLowerCase() === 'group_concat') return 'GROUP_CONCAT';
    if (o.type === 'operation' && o.operator?.toLowerCase() === 'bnode') return 'BNODE';
    if (o.type === 'path' && (o.pathType === '*' || o.pathType === '?')) return 'a zero-length path';
    for (const v of Object.values(n)) {
      const r = walk(v);
      if (r) return r;
    }
    return undefined;
  };
  return walk(ast);
}

/** The answer, or the reason to leave the query to the full engine (`broke`: the store trapped, so this worker must go). */
export function answerFromStore(store: ox.Store, query: string, o: AnswerOptions): { mediaType: string; data: string } | { defer: string; broke?: boolean } {
  try {
    return answerFromStoreOrThrow(store, query, o);
  } catch (e) {
    return { defer: `the store broke: ${e instanceof Error ? e.message : String(e)}`, broke: true };
  }
}

/** Trapped stores throw (a trap of the WebAssembly or a stack overflow); every other failure is a reason to defer. */
function trapped(e: unknown): void {
  if (isWasmTrap(e)) throw e;
}

function answerFromStoreOrThrow(store: ox.Store, query: string, o: AnswerOptions): { mediaType: string; data: string } | { defer: string } {
  const reason = reasonToDefer(query, o.baseIri);
  if (reason) return { defer: reason };
  const opts = storeQueryOptions(o.baseIri, o.defaultGraphUris, o.namedGraphUris);
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
    trapped(e);
    if (!/Not supported RDF format/i.test(String(e))) return { defer: 'not answerable here' };
    type = 'quads';
    try {
      const quads = store.query(query, opts);
      if (Array.isArray(quads) && quads.length > limit) return { defer: 'over the row limit' };
    } catch (e2) {
      trapped(e2);
      return { defer: 'not answerable here' };
    }
  }
  let format;
  try {
    format = chooseFormat(type, o.accept, o.format);
  } catch {
    return { defer: 'no acceptable format' };
  }
  // RDF/XML has one writer, the full engine's (src/serialize/rdfxml.ts): it refuses what the syntax cannot carry.
  if (format.name === 'rdfxml') return { defer: 'RDF/XML is written by the full engine' };
  const mediaType = contentType(format);
  if (format.name === 'json' && json !== undefined) return { mediaType, data: `${json}\n` };
  try {
    return { mediaType, data: String(store.query(query, { ...opts, results_format: format.mediaType })) };
  } catch (e) {
    trapped(e);
    return { defer: 'format not available here' };
  }
}

function main(): void {
  const t0 = performance.now();
  const init = (workerData as { init: WorkerInit }).init;
  let loaded: LoadedDataset;
  try {
    loaded = loadDataset(init.dataset);
  } catch (e) {
    post({ type: 'fatal', message: e instanceof Error ? e.message : String(e) });
    return;
  }
  const { store, exact } = loaded;
  // Data whose literals the store would rewrite is answered only by the full engine.
  parentPort?.on('message', (msg: { type: string; id: number; query: string; options: AnswerOptions }) => {
    if (msg.type !== 'query' || !exact) {
      post({ type: 'defer', id: msg.id, reason: exact ? `${msg.type} is for full workers` : 'the store would rewrite literals of this data' });
      return;
    }
    const out = answerFromStore(store, msg.query, msg.options);
    if ('defer' in out) {
      post({ type: 'defer', id: msg.id, reason: out.defer });
      // Its memory may be corrupt: it answers nothing more (the pool ends it; the full workers take over).
      if ('broke' in out && out.broke) {
        post({ type: 'fatal', message: out.defer });
        parentPort?.removeAllListeners('message');
      }
    }
    // Not cached: the cache keeps the full engine's answers.
    else post({ type: 'whole', id: msg.id, head: { status: 200, mediaType: out.mediaType, headers: {}, cacheable: false }, data: out.data });
  });
  post({ type: 'ready', quads: store.size, ms: Math.round(performance.now() - t0), version: init.dataset.version });
}

// Only as a worker: tests import answerFromStore directly.
if (parentPort && (workerData as { init?: WorkerInit } | undefined)?.init) main();
