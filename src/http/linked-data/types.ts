// Shapes the linked-data router shares with the rest of the app: its inputs and the dump manifest it reads.
import type { RDF } from '../../rdf.js';
import type { LinkSettings } from './links.js';
import type { QueryService } from '../../query/service.js';
import type { DatasetSource } from '../../query/dataset-source.js';

/** One file of the dump manifest (dist/dumps/manifest.json), as src/serialize/dumps.ts writes it. */
export interface DumpFileLike {
  readonly name: string;
  readonly format: string;
  readonly mediaType: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly triples?: number;
  readonly quads?: number;
  /** Lines of data of a file that is not RDF. */
  readonly rows?: number;
  readonly gzip?: { readonly name: string; readonly bytes: number; readonly sha256: string };
}

export interface DumpManifestLike {
  readonly dataset: string;
  readonly base: string;
  readonly triples: number;
  readonly quads: number;
  readonly graphs: number;
  readonly files: readonly DumpFileLike[];
}

/** An example query from sparql/*.rq: its file name without `.rq`, the question its header asks, and the text. */
export interface ExampleQuery {
  readonly name: string;
  readonly question: string;
  readonly query: string;
}

export interface LinkedDataOptions {
  /** Where every page's data comes from (the query service of the server). */
  readonly source?: DatasetSource;
  /** Or the graph itself, answered by an in-process engine (tests). */
  readonly quads?: readonly RDF.Quad[];
  /** Canonical base IRI (config `baseIri`), ending in '/'. */
  readonly base: string;
  /** The ontology's statements; when absent, those of the ontology IRI found in `quads` are used. */
  readonly ontology?: readonly RDF.Quad[];
  /** Folder holding the dumps and manifest.json; when absent, /dumps says none were built. */
  readonly dumpsDir?: string;
  /** Example queries shown on the home and query pages. */
  readonly examples?: readonly ExampleQuery[];
  /** Path of the SPARQL endpoint on this server. Default `/sparql`. */
  readonly sparqlPath?: string;
  /** Licence of the data. Default CC BY-SA 4.0 (DESIGN.md). */
  readonly licence?: string;
  /** Rendered pages and descriptions kept for reuse (least recently used go first). Default 256; 0 keeps none. */
  readonly renderCacheEntries?: number;
  /** This server's public address and link mode (PUBLIC_URL, LINK_MODE). Default: the address a request arrived on, local links. */
  readonly links?: LinkSettings;
  /** The query engine the endpoint uses: search and the lists are SPARQL queries through it. Without it they answer 503. */
  readonly queryService?: QueryService;
}
