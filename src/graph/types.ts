// What the build hands to everything downstream: the built graph, in memory.
import type * as RDF from '@rdfjs/types';

export interface BuiltGraph {
  /** Every quad: data in the default graph, the same statements again in their fact graphs, and the provenance records. No duplicates; the same input gives the same order. */
  readonly quads: readonly RDF.Quad[];
  /** The base IRI the graph was minted under, ending in '/'. */
  readonly base: string;
}
