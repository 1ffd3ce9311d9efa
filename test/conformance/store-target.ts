// The project's engine over a remote store (STORE=sparql:URL over Virtuoso) as a suite target: one throwaway Virtuoso
// for the whole run; each test's data replaces the previous test's (its default graph goes into the default-graph
// stand-in, its named graphs under their own IRIs), and queries take the path a server over the store takes
// (SparqlEngine with the remote source, the stand-in as default-graph-uri, Virtuoso's own graphs excluded).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';
import { SparqlEngine } from '../../src/query/engine.js';
import { RemoteQuerySource } from '../../src/query/remote-source.js';
import { DEFAULT_GRAPH } from '../../src/store/remote.js';
import { isql, startVirtuoso, type Virtuoso } from '../../src/store/virtuoso.js';
import { engineMethods } from './project-target.js';
import type { QueryTarget } from './targets.js';

const sql = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export interface StoreTarget extends QueryTarget {
  readonly virtuoso: Virtuoso;
}

/** Starts Virtuoso and returns the target over it; `close()` stops Virtuoso and removes its folder. */
export async function virtuosoStoreTarget(): Promise<StoreTarget> {
  const files = mkdtempSync(join(tmpdir(), 'ots-kg-w3c-store-'));
  let virtuoso: Virtuoso;
  try {
    virtuoso = await startVirtuoso({ loadDirs: [files], queryTimeoutS: 30 });
  } catch (e) {
    rmSync(files, { recursive: true, force: true });
    throw e;
  }
  // Every graph Virtuoso holds before any test data is its own: GRAPH ?g must not see them.
  const own = (await isql(virtuoso, 'SELECT DISTINCT __ro2sq(id_to_iri(G)) FROM DB.DBA.RDF_QUAD;'))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[a-z]+:/i.test(l));
  const source = new RemoteQuerySource({
    endpoint: virtuoso.sparqlUrl,
    defaultGraph: DEFAULT_GRAPH,
    preamble: own.map((g) => `define input:named-graph-exclude <${g}>\n`).join(''),
    timeoutMs: 30_000,
  });
  const engine = SparqlEngine.create({ remote: source });
  let loaded: string[] = [];
  let n = 0;
  return {
    label: 'project engine over Virtuoso (STORE=sparql:), in-process',
    virtuoso,
    async load(quads: readonly RDF.Quad[]) {
      const byGraph = new Map<string, RDF.Quad[]>();
      for (const q of quads) {
        const g = q.graph.termType === 'DefaultGraph' ? DEFAULT_GRAPH : q.graph.value;
        const list = byGraph.get(g) ?? [];
        list.push(N3.DataFactory.quad(q.subject, q.predicate, q.object));
        byGraph.set(g, list);
      }
      const script = ['log_enable(3,1);', ...loaded.map((g) => `SPARQL CLEAR GRAPH <${g}>;`)];
      for (const [g, list] of byGraph) {
        const file = join(files, `data-${n++}.nt`);
        writeFileSync(file, new N3.Writer({ format: 'N-Triples' }).quadsToString(list));
        script.push(`DB.DBA.TTLP(file_to_string_output(${sql(file)}), '', ${sql(g)}, 0);`);
      }
      loaded = [...byGraph.keys()];
      await isql(virtuoso, script.join('\n'));
    },
    ...engineMethods(engine),
    async close() {
      await virtuoso.stop();
      rmSync(files, { recursive: true, force: true });
    },
  };
}
