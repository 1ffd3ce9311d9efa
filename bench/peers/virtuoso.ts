// Peer for the benchmark: Virtuoso Open Source (Debian's virtuoso-opensource), the engine behind DBpedia, started on
// loopback with a throwaway database and the same N-Quads dump bulk-loaded by its own loader, through the product's
// Virtuoso module (src/store/virtuoso.ts). Virtuoso has no unnamed default graph: the dump's default-graph statements
// go into DEFAULT_GRAPH, and every benchmark request names it as `default-graph-uri`, as the protocol allows.
import { dirname } from 'node:path';
import { loadNQuads, startVirtuoso, type Virtuoso } from '../../src/store/virtuoso.js';

export const DEFAULT_GRAPH = 'urn:ots-kg:bench:default';

export interface VirtuosoPeer {
  readonly virtuoso: Virtuoso;
  /** Base URL (scheme, host, port) of its HTTP server; the endpoint is `${url}/sparql`. */
  readonly url: string;
  /** URL parameters that make its dataset the dump's (sent before `query`). */
  readonly prefix: string;
  readonly quads: number;
  /** Start, then bulk load and checkpoint, in ms. */
  readonly startMs: number;
  readonly loadMs: number;
}

/** Starts a throwaway Virtuoso and loads the dump into it; `memoryMb` sizes its buffers (its manual: 2/3 of the memory it may use). */
export async function startVirtuosoPeer(nq: string, memoryMb: number): Promise<VirtuosoPeer> {
  const t0 = performance.now();
  const virtuoso = await startVirtuoso({ loadDirs: [dirname(nq)], memoryMb, queryTimeoutS: 60, startTimeoutMs: 120_000 });
  const t1 = performance.now();
  try {
    const loaded = await loadNQuads(virtuoso, { file: nq, defaultGraph: DEFAULT_GRAPH, replaceGraphsUnder: [] });
    return {
      virtuoso,
      url: virtuoso.sparqlUrl.replace(/\/sparql$/, ''),
      prefix: `default-graph-uri=${encodeURIComponent(DEFAULT_GRAPH)}&`,
      quads: loaded.quads,
      startMs: t1 - t0,
      loadMs: performance.now() - t1,
    };
  } catch (e) {
    await virtuoso.stop();
    throw e;
  }
}
