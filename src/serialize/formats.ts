// The one table of formats: media type <-> file extension <-> `?format=` name <-> kind.
// Content negotiation (src/http/negotiate.ts), the dump writer and the endpoint all read it.

export type FormatKind = 'graph' | 'dataset' | 'results' | 'page';

export interface Format {
  /** `?format=` name and stable key. */
  readonly name: string;
  /** Canonical media type. */
  readonly mediaType: string;
  /**
   * Other media types that clients send for the same thing (matched in Accept, never sent): older or generic names
   * such as `text/plain` for N-Triples or `application/json` for JSON-LD. A generic name may stand for a graph format
   * and a results format at once; a list of candidates never holds both kinds.
   */
  readonly aliases: readonly string[];
  /** File extension without the dot. */
  readonly extension: string;
  /**
   * graph: carries one graph (named graphs are dropped or flattened);
   * dataset: carries named graphs; results: SPARQL SELECT/ASK results; page: HTML.
   */
  readonly kind: FormatKind;
  readonly label: string;
}

export const FORMATS = [
  { name: 'turtle', mediaType: 'text/turtle', aliases: ['application/x-turtle', 'application/turtle', 'text/n3', 'text/rdf+n3'], extension: 'ttl', kind: 'graph', label: 'Turtle' },
  { name: 'ntriples', mediaType: 'application/n-triples', aliases: ['text/plain'], extension: 'nt', kind: 'graph', label: 'N-Triples' },
  { name: 'jsonld', mediaType: 'application/ld+json', aliases: ['application/json'], extension: 'jsonld', kind: 'graph', label: 'JSON-LD' },
  { name: 'rdfxml', mediaType: 'application/rdf+xml', aliases: [], extension: 'rdf', kind: 'graph', label: 'RDF/XML' },
  { name: 'nquads', mediaType: 'application/n-quads', aliases: [], extension: 'nq', kind: 'dataset', label: 'N-Quads' },
  { name: 'trig', mediaType: 'application/trig', aliases: [], extension: 'trig', kind: 'dataset', label: 'TriG' },
  { name: 'json', mediaType: 'application/sparql-results+json', aliases: ['application/json'], extension: 'srj', kind: 'results', label: 'SPARQL results JSON' },
  { name: 'xml', mediaType: 'application/sparql-results+xml', aliases: ['application/xml', 'text/xml'], extension: 'srx', kind: 'results', label: 'SPARQL results XML' },
  { name: 'csv', mediaType: 'text/csv', aliases: [], extension: 'csv', kind: 'results', label: 'CSV' },
  { name: 'tsv', mediaType: 'text/tab-separated-values', aliases: [], extension: 'tsv', kind: 'results', label: 'TSV' },
  { name: 'html', mediaType: 'text/html', aliases: ['application/xhtml+xml'], extension: 'html', kind: 'page', label: 'HTML' },
] as const satisfies readonly Format[];

export type FormatName = (typeof FORMATS)[number]['name'];

export function formatByName(name: string): Format | undefined {
  return FORMATS.find((f) => f.name === name);
}

export function formatByExtension(ext: string): Format | undefined {
  const e = ext.replace(/^\./, '').toLowerCase();
  return FORMATS.find((f) => f.extension === e);
}

/** The Content-Type of an answer in this format: UTF-8 named, except for JSON-LD, which is UTF-8 by definition. */
export function contentType(format: Format): string {
  return format.name === 'jsonld' ? format.mediaType : `${format.mediaType}; charset=utf-8`;
}

