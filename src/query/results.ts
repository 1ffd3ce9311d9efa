// Which result formats a query may be answered in, chosen from the engine's result type and the client's Accept or ?format=.
import { formatByName, type Format } from '../serialize/formats.js';
import { acceptedMediaTypes, negotiate } from '../http/negotiate.js';
import { QueryError } from './errors.js';

export type ResultType = 'bindings' | 'boolean' | 'quads';

function byName(name: string): Format {
  const f = formatByName(name);
  if (!f) throw new Error(`format table has no ${name}`);
  return f;
}

/** The candidates for each result type, in the server's order of preference (the first is the default). */
export const CANDIDATES: Readonly<Record<ResultType, readonly Format[]>> = {
  bindings: [byName('json'), byName('xml'), byName('csv'), byName('tsv')],
  boolean: [byName('json'), byName('xml')],
  quads: [byName('turtle'), byName('ntriples'), byName('jsonld'), byName('rdfxml'), byName('nquads'), byName('trig')],
};

/**
 * `?format=` words clients send besides the table's names, per result type. SPARQLWrapper sends its return format
 * (`xml`, `json`, `n3`, `turtle`, `rdf`, ...) as format=, output= and results= for every query form, so on a graph
 * `xml`/`rdf` mean RDF/XML, `n3` means Turtle and `json` means JSON-LD.
 */
const FORMAT_WORDS: Readonly<Record<ResultType, Readonly<Record<string, string>>>> = {
  bindings: { srj: 'json', srx: 'xml' },
  boolean: { srj: 'json', srx: 'xml' },
  quads: { xml: 'rdfxml', rdf: 'rdfxml', 'rdf+xml': 'rdfxml', n3: 'turtle', ttl: 'turtle', nt: 'ntriples', json: 'jsonld', 'json-ld': 'jsonld', nq: 'nquads' },
};

/** Media types of the result-set formats: an Accept header naming only these asks for SELECT/ASK results. */
const RESULT_SET_TYPES = new Set(CANDIDATES.bindings.flatMap((f) => [f.mediaType, ...f.aliases]));

export function describeCandidates(type: ResultType): string {
  return CANDIDATES[type].map((f) => f.mediaType).join(', ');
}

/** The candidate a `?format=` value names for this result type: a name, one of FORMAT_WORDS, or a media type (or alias). */
export function formatFromParam(type: ResultType, value: string): Format | undefined {
  const v = value.trim().toLowerCase();
  const candidates = CANDIDATES[type];
  const name = FORMAT_WORDS[type][v] ?? v;
  const mediaType = v.split(';')[0]!.trim();
  return candidates.find((c) => c.name === name) ?? candidates.find((c) => c.mediaType === mediaType || (c.aliases as readonly string[]).includes(mediaType));
}

/**
 * True when every type the Accept header accepts is a result-set type. Clients such as roqet send
 * `Accept: application/sparql-results+xml` whatever the query form; a graph result then comes in the default graph
 * syntax (HTTP lets a server answer outside Accept rather than refuse), where any other Accept still gets a 406.
 */
export function acceptsOnlyResultSets(accept: string | undefined): boolean {
  const types = acceptedMediaTypes(accept);
  return types.length > 0 && types.every((t) => RESULT_SET_TYPES.has(t));
}

/**
 * The format to answer in. `?format=` (a name such as `csv` or a media type) overrides Accept;
 * throws a 406 QueryError listing what is on offer when nothing fits.
 */
export function chooseFormat(type: ResultType, accept: string | undefined, format: string | undefined): Format {
  const candidates = CANDIDATES[type];
  if (format !== undefined && format !== '') {
    const hit = formatFromParam(type, format);
    if (!hit) {
      throw new QueryError({
        status: 406,
        code: 'not-acceptable',
        message: `format=${format} cannot carry ${label(type)} result; use one of: ${candidates.map((c) => c.name).join(', ')} (${describeCandidates(type)})`,
      });
    }
    return hit;
  }
  const chosen = negotiate(accept, candidates, { fallback: candidates[0] });
  if (chosen) return chosen;
  if (type === 'quads' && acceptsOnlyResultSets(accept)) return candidates[0]!;
  throw new QueryError({
    status: 406,
    code: 'not-acceptable',
    message: `none of the types in Accept: ${accept ?? ''} can carry ${label(type)} result; supported: ${describeCandidates(type)}`,
  });
}

function label(type: ResultType): string {
  return type === 'bindings' ? 'a SELECT' : type === 'boolean' ? 'an ASK' : 'a CONSTRUCT/DESCRIBE';
}
