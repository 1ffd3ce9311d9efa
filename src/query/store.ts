// The Oxigraph store as both query workers use it (the full engine and the light start-up worker): loading the dataset,
// and the options that give a query its base IRI and the protocol's dataset. No Comunica here, so the light worker stays light.
import oxigraph from 'oxigraph';
import type * as ox from 'oxigraph';

/** Loads N-Quads text into the store; a parse error names the dataset. */
export function loadNQuads(store: ox.Store, text: string): void {
  try {
    store.load(text, { format: 'application/n-quads', no_transaction: true });
  } catch (e) {
    throw new Error(`the dataset is not valid N-Quads: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export type StoreQueryOptions = NonNullable<Parameters<ox.Store['query']>[1]>;

/** Query options for a base IRI and the protocol dataset (default-graph-uri / named-graph-uri). */
export function storeQueryOptions(baseIri: string | undefined, defaultGraphs: readonly string[] = [], namedGraphs: readonly string[] = []): StoreQueryOptions {
  const opts: StoreQueryOptions = {};
  if (baseIri) opts.base_iri = baseIri;
  if (defaultGraphs.length > 0 || namedGraphs.length > 0) {
    // The protocol says: given either list, the request's dataset replaces the query's FROM / FROM NAMED entirely.
    opts.default_graph = defaultGraphs.map((g) => oxigraph.namedNode(g));
    opts.named_graphs = namedGraphs.map((g) => oxigraph.namedNode(g));
  }
  return opts;
}
