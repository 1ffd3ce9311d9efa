// Talks to a SPARQL endpoint over real HTTP: a QueryTarget for the query suite, and response reading.
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';
import { parseRdfXml } from './data.js';
import { type QueryResult, asTriples, parseSrj, parseSrx } from './results.js';
import type { QueryTarget } from './targets.js';

/** Answers and graphs: a results format first, then the RDF syntaxes the endpoint may pick for graphs. */
function acceptFor(results: string): string {
  return `${results}, application/n-triples;q=0.9, text/turtle;q=0.8, application/ld+json;q=0.5`;
}

export function mediaTypeOf(res: Response): string {
  return (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

const N3_FORMATS: Record<string, string> = {
  'text/turtle': 'Turtle',
  'application/n-triples': 'N-Triples',
  'application/n-quads': 'N-Quads',
  'application/trig': 'TriG',
};

/** The RDF media types a graph answer may come in (the protocol tests' "RDF" format). */
export const RDF_MEDIA_TYPES = new Set([...Object.keys(N3_FORMATS), 'application/rdf+xml', 'application/ld+json']);

/** Parses an RDF document in any syntax the endpoint may send. */
export async function parseRdf(text: string, mediaType: string, baseIRI: string): Promise<RDF.Quad[]> {
  const n3 = N3_FORMATS[mediaType];
  if (n3) return new N3.Parser({ format: n3, baseIRI }).parse(text);
  if (mediaType === 'application/rdf+xml') return parseRdfXml(text, baseIRI);
  if (mediaType === 'application/ld+json') {
    const jsonld = (await import('jsonld')).default;
    const nquads = (await jsonld.toRDF(JSON.parse(text) as object, { format: 'application/n-quads', base: baseIRI })) as unknown as string;
    return new N3.Parser({ format: 'N-Quads' }).parse(nquads);
  }
  throw new Error(`not an RDF media type: ${mediaType}`);
}

/** Reads any answer to a query: results JSON/XML or an RDF graph. */
export async function readAnswer(res: Response, baseIRI: string): Promise<QueryResult> {
  const type = mediaTypeOf(res);
  const text = await res.text();
  if (type === 'application/sparql-results+json') return parseSrj(text);
  if (type === 'application/sparql-results+xml') return parseSrx(text);
  if (RDF_MEDIA_TYPES.has(type)) return { type: 'quads', quads: asTriples(await parseRdf(text, type, baseIRI)) };
  throw new Error(`unexpected answer type '${type}'`);
}

export interface HttpTargetOptions {
  readonly label: string;
  /** Absolute URL of the query endpoint, e.g. http://127.0.0.1:PORT/sparql. */
  readonly endpoint: string;
  /** Replaces the endpoint's dataset (the endpoint is read-only over HTTP, so this is a server-side hook). */
  readonly load: (quads: readonly RDF.Quad[]) => Promise<void>;
  readonly close: () => Promise<void>;
  /** Results format asked for SELECT and ASK (default: SPARQL results JSON). */
  readonly resultsMediaType?: 'application/sparql-results+json' | 'application/sparql-results+xml';
}

/**
 * Sends each query as a direct POST. The suite's queries rely on their file's IRI as base, which
 * HTTP cannot carry, so a BASE declaration is put in front (a query's own BASE still wins after it).
 */
export function httpTarget(options: HttpTargetOptions): QueryTarget {
  const post = (text: string, baseIRI: string, accept: string): Promise<Response> =>
    fetch(options.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/sparql-query', accept },
      // A Buffer body keeps fetch from adding a text/plain content type of its own.
      body: Buffer.from(`BASE <${baseIRI}>\n${text}`, 'utf8'),
    });
  const accept = acceptFor(options.resultsMediaType ?? 'application/sparql-results+json');
  const failure = async (res: Response): Promise<Error> =>
    new Error(`HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return {
    label: options.label,
    load: options.load,
    close: options.close,
    async query(text, baseIRI) {
      const res = await post(text, baseIRI, accept);
      if (!res.ok) throw await failure(res);
      return readAnswer(res, options.endpoint);
    },
    async formatted(text, baseIRI, mediaType) {
      const res = await post(text, baseIRI, mediaType);
      if (!res.ok) throw await failure(res);
      if (mediaTypeOf(res) !== mediaType) throw new Error(`asked for ${mediaType}, got ${mediaTypeOf(res)}`);
      return res.text();
    },
    async checkSyntax(text, baseIRI) {
      const res = await post(text, baseIRI, accept);
      const body = await res.text();
      if (res.ok) return { valid: true };
      // 400 is the protocol's answer to a malformed query; anything else says nothing about syntax.
      if (res.status === 400) return { valid: false, detail: body.slice(0, 300) };
      throw new Error(`HTTP ${res.status}: ${body.slice(0, 300)}`);
    },
  };
}
