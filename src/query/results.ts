// Which result formats a query may be answered in, chosen from the engine's result type and the client's Accept or ?format=.
import { formatByMediaType, formatByName, type Format } from '../serialize/formats.js';
import { negotiate } from '../http/negotiate.js';
import { QueryError } from './errors.js';

export type ResultType = 'bindings' | 'boolean' | 'quads';

function byName(name: string): Format {
  const f = formatByName(name);
  if (!f) throw new Error(`format table has no ${name}`);
  return f;
}

// Plain `application/json` is what many clients send for SPARQL JSON; it matches, ranked after the real type.
const JSON_RESULTS: Format = { ...byName('json'), aliases: ['application/json'] };

/** The candidates for each result type, in the server's order of preference (the first is the default). */
export const CANDIDATES: Readonly<Record<ResultType, readonly Format[]>> = {
  bindings: [JSON_RESULTS, byName('xml'), byName('csv'), byName('tsv')],
  boolean: [JSON_RESULTS, byName('xml')],
  quads: [byName('turtle'), byName('ntriples'), byName('jsonld'), byName('rdfxml'), byName('nquads'), byName('trig')],
};

export function describeCandidates(type: ResultType): string {
  return CANDIDATES[type].map((f) => f.mediaType).join(', ');
}

/**
 * The format to answer in. `?format=` (a name such as `csv` or a media type) overrides Accept;
 * throws a 406 QueryError listing what is on offer when nothing fits.
 */
export function chooseFormat(type: ResultType, accept: string | undefined, format: string | undefined): Format {
  const candidates = CANDIDATES[type];
  if (format !== undefined && format !== '') {
    const wanted = formatByName(format.toLowerCase()) ?? formatByMediaType(format) ?? (format.toLowerCase() === 'application/json' ? JSON_RESULTS : undefined);
    const hit = wanted && candidates.find((c) => c.name === wanted.name);
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
  if (!chosen) {
    throw new QueryError({
      status: 406,
      code: 'not-acceptable',
      message: `none of the types in Accept: ${accept ?? ''} can carry ${label(type)} result; supported: ${describeCandidates(type)}`,
    });
  }
  return chosen;
}

function label(type: ResultType): string {
  return type === 'bindings' ? 'a SELECT' : type === 'boolean' ? 'an ASK' : 'a CONSTRUCT/DESCRIBE';
}
