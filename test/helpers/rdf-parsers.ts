// Independent RDF parsers the tests read the project's output with: jsonld.js for JSON-LD, rdflib.js for RDF/XML and
// Turtle. Test-only packages (devDependencies); the product itself never loads them.
import jsonld from 'jsonld';
import * as $rdf from 'rdflib';
import { blankNode, defaultGraph, literal, namedNode, quad, type RDF } from '../../src/rdf.js';

/** Loads a JSON-LD context or document by URL (absolute, or as resolved against the document's base). */
export type JsonLdDocumentLoader = (url: string) => Promise<{ documentUrl: string; document: unknown }>;

interface PlainTerm {
  termType: string;
  value: string;
  language?: string;
  datatype?: { value: string };
}

function fromPlainTerm(t: PlainTerm, where: string): RDF.Term {
  switch (t.termType) {
    case 'NamedNode':
      return namedNode(t.value);
    case 'BlankNode':
      return blankNode(t.value);
    case 'DefaultGraph':
      return defaultGraph();
    case 'Literal':
      return t.language ? literal(t.value, t.language) : literal(t.value, t.datatype ? namedNode(t.datatype.value) : undefined);
    default:
      throw new Error(`${where}: unexpected term type ${t.termType}`);
  }
}

function fromPlainQuad(q: { subject: PlainTerm; predicate: PlainTerm; object: PlainTerm; graph?: PlainTerm }, where: string): RDF.Quad {
  return quad(
    fromPlainTerm(q.subject, where) as RDF.Quad_Subject,
    fromPlainTerm(q.predicate, where) as RDF.Quad_Predicate,
    fromPlainTerm(q.object, where) as RDF.Quad_Object,
    q.graph ? (fromPlainTerm(q.graph, where) as RDF.Quad_Graph) : defaultGraph(),
  );
}

/**
 * Reads a JSON-LD document (text or parsed) into quads with jsonld.js, in safe mode: anything the
 * processor would silently drop (an unresolvable IRI, an unknown keyword) is an error instead.
 * `base` is the document's own URL; relative context references resolve against it.
 */
export async function parseJsonLd(input: string | object, opts: { base?: string; documentLoader?: JsonLdDocumentLoader } = {}): Promise<RDF.Quad[]> {
  const doc: unknown = typeof input === 'string' ? JSON.parse(input) : input;
  const options: Record<string, unknown> = { safe: true };
  if (opts.base !== undefined) options.base = opts.base;
  if (opts.documentLoader !== undefined) {
    const load = opts.documentLoader;
    options.documentLoader = async (url: string) => ({ contextUrl: null, ...(await load(url)) });
  }
  const out: unknown = await jsonld.toRDF(doc as Parameters<typeof jsonld.toRDF>[0], options);
  if (!Array.isArray(out)) throw new Error('jsonld.toRDF did not return quads');
  return out.map((q: Parameters<typeof fromPlainQuad>[0]) => fromPlainQuad(q, 'JSON-LD'));
}

/** Syntaxes rdflib.js reads here: it is the independent parser for RDF/XML and a second one for Turtle. */
export type RdflibSyntax = 'application/rdf+xml' | 'text/turtle';

/** Parses RDF/XML or Turtle with rdflib.js into default-graph quads; `base` resolves relative IRIs. Throws on a syntax error. */
export async function parseWithRdflib(text: string, opts: { mediaType: RdflibSyntax; base: string }): Promise<RDF.Quad[]> {
  const store = $rdf.graph();
  $rdf.parse(text, store, opts.base, opts.mediaType);
  // rdflib files every statement under the document's IRI; a single-graph syntax has only the default graph.
  return store.statements.map((s) => fromPlainQuad({ subject: s.subject, predicate: s.predicate, object: s.object as PlainTerm }, `rdflib ${opts.mediaType}`));
}
