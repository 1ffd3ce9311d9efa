// The one module that imports RDF libraries: everything else talks RDF/JS through it.
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';

export type { RDF };
export const DataFactory = N3.DataFactory;
export const { namedNode, literal, quad, defaultGraph, blankNode } = N3.DataFactory;
export const { Store, Parser } = N3;
export type N3Store = N3.Store;

const XSD_STRING_IRI = 'http://www.w3.org/2001/XMLSchema#string';
const N3_RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

/** The parts of a literal, read once. */
export interface LiteralParts {
  readonly value: string;
  /** As given (N3 gives it in lower case), or ''. */
  readonly language: string;
  /** RDF 1.2 base direction ('ltr' | 'rtl'), or ''. */
  readonly direction: string;
  readonly datatype: string;
}

/**
 * Value, language, direction and datatype of a literal in one go. N3's literals keep only their
 * id (the form N3.termToId writes: `"v"`, `"v"@lang`, `"v"@lang--dir`, `"v"^^iri`) and re-parse
 * it on every property access, which cost seconds over 10^6 quads; this parses it once.
 */
export function literalParts(l: RDF.Literal): LiteralParts {
  const id: unknown = l instanceof N3.Literal ? (l as unknown as { id: unknown }).id : undefined;
  if (typeof id === 'string' && id.charCodeAt(0) === 34 /* " */) {
    const end = id.lastIndexOf('"');
    const value = id.substring(1, end);
    if (end === id.length - 1) return { value, language: '', direction: '', datatype: XSD_STRING_IRI };
    if (id[end + 1] === '@') {
      const dash = id.indexOf('--', end);
      const language = dash < 0 ? id.substring(end + 2) : id.substring(end + 2, dash);
      return dash < 0
        ? { value, language, direction: '', datatype: `${N3_RDF}langString` }
        : { value, language, direction: id.substring(dash + 2), datatype: `${N3_RDF}dirLangString` };
    }
    if (id.startsWith('^^', end + 1)) return { value, language: '', direction: '', datatype: id.substring(end + 3) };
  }
  const direction = (l as { direction?: unknown }).direction;
  return { value: l.value, language: l.language, direction: typeof direction === 'string' ? direction : '', datatype: l.datatype.value };
}

// jsonld.js and rdflib.js are large: they load on first use, so importing this module stays cheap.

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
  const { default: jsonld } = await import('jsonld');
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
  const $rdf = await import('rdflib');
  const store = $rdf.graph();
  $rdf.parse(text, store, opts.base, opts.mediaType);
  // rdflib files every statement under the document's IRI; a single-graph syntax has only the default graph.
  return store.statements.map((s) => fromPlainQuad({ subject: s.subject, predicate: s.predicate, object: s.object as PlainTerm }, `rdflib ${opts.mediaType}`));
}
