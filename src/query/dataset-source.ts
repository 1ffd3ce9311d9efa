// The one way the pages, dereferencing, VoID and the sitemap read the dataset: SPARQL SELECT queries answered by one
// loaded version, each answer saying which version it came from. The source asks a query service: the worker pool or an
// in-process engine (embedded), or, under STORE=sparql:URL, the service over a remote store (store/remote.ts).
import type * as RDF from '@rdfjs/types';
import { blankNode, literal, namedNode } from '../rdf.js';
import type { QueryService } from './service.js';

/** One solution: variable name (without '?') -> term; unbound variables are absent. */
export type Row = ReadonlyMap<string, RDF.Term>;

export interface Selected {
  /** The version of the dataset that answered. */
  readonly version: string;
  readonly rows: readonly Row[];
}

export interface DatasetSource {
  /** The version new queries are answered from, when known. */
  readonly version: string | undefined;
  /** The base IRI that version was built for, when known (its dump manifest says). */
  readonly base: string | undefined;
  /** Answers a SELECT query in full (no row limit). */
  select(query: string): Promise<Selected>;
}

/** Most rows an internal query may return: the pages' queries are bounded by what one page shows. */
const INTERNAL_MAX_ROWS = 10_000_000;

interface JsonTerm {
  readonly type: string;
  readonly value: string;
  readonly 'xml:lang'?: string;
  readonly datatype?: string;
}

/** A term of SPARQL 1.1 Query Results JSON as an RDF/JS term. */
export function termFromJson(t: JsonTerm): RDF.Term {
  switch (t.type) {
    case 'uri':
      return namedNode(t.value);
    case 'bnode':
      return blankNode(t.value);
    case 'literal':
    case 'typed-literal':
      if (t['xml:lang']) return literal(t.value, t['xml:lang']);
      return t.datatype ? literal(t.value, namedNode(t.datatype)) : literal(t.value);
    default:
      throw new Error(`SPARQL results: a term of unknown type ${JSON.stringify(t.type)}`);
  }
}

/** Parses a SPARQL 1.1 Query Results JSON document of solutions. */
export function rowsFromJson(text: string): Row[] {
  const doc = JSON.parse(text) as { results?: { bindings?: Record<string, JsonTerm>[] } };
  const bindings = doc.results?.bindings;
  if (!Array.isArray(bindings)) throw new Error('SPARQL results: no solutions in the answer (was the query a SELECT?)');
  return bindings.map((b) => new Map(Object.entries(b).map(([k, v]) => [k, termFromJson(v)])));
}

/** The embedded source: queries go to the query service (the worker pool's stores), as SPARQL JSON. */
export function embeddedSource(service: QueryService): DatasetSource {
  return {
    get version() {
      return service.version;
    },
    get base() {
      return service.datasetBase;
    },
    async select(query) {
      const answer = await service.answer(query, { format: 'json', maxRows: INTERNAL_MAX_ROWS, presumeShort: true });
      let text = '';
      for await (const chunk of answer.body) text += chunk;
      return { version: answer.version ?? 'unversioned', rows: rowsFromJson(text) };
    },
  };
}

/** Characters an IRI cannot hold in SPARQL (IRIREF); the store never holds such an IRI either. */
const NOT_IN_IRIREF = /[<>"{}|^`\\\u0000-\u0020]/;

/** Whether a term can be written into a query (an IRI a store could hold, or a literal); blank nodes cannot. */
export function writable(t: RDF.Term): boolean {
  if (t.termType === 'NamedNode') return !NOT_IN_IRIREF.test(t.value);
  return t.termType === 'Literal' && (t.datatype.value === '' || !NOT_IN_IRIREF.test(t.datatype.value));
}

function quoted(s: string): string {
  return `"${s.replace(/[\\"\n\r\t\u0000-\u001f\u007f]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '"':
        return '\\"';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  })}"`;
}

/** A named node or literal in SPARQL syntax (check `writable` first). */
export function sparqlTerm(t: RDF.Term): string {
  if (t.termType === 'NamedNode') return `<${t.value}>`;
  if (t.termType === 'Literal') {
    if (t.language) return `${quoted(t.value)}@${t.language}`;
    return t.datatype.value === 'http://www.w3.org/2001/XMLSchema#string' || t.datatype.value === '' ? quoted(t.value) : `${quoted(t.value)}^^<${t.datatype.value}>`;
  }
  throw new Error(`a ${t.termType} cannot be written into a query`);
}
