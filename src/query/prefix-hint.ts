// A query that uses a prefix it never declares (`rdfs:label` without `PREFIX rdfs:`) gets one plain message: the prefix,
// where it is first used, and the PREFIX line to add, instead of a parser's grammar dump.
import { NS } from '../vocab.js';
import { QueryError } from './errors.js';

/** Namespaces offered in the hint: the data's prefix set, then vocabularies queries here often use besides. */
export const KNOWN_PREFIXES: Readonly<Record<string, string>> = {
  ...NS,
  dc: 'http://purl.org/dc/elements/1.1/',
  wdt: 'http://www.wikidata.org/prop/direct/',
  wikibase: 'http://wikiba.se/ontology#',
  p: 'http://www.wikidata.org/prop/',
  ps: 'http://www.wikidata.org/prop/statement/',
  pq: 'http://www.wikidata.org/prop/qualifier/',
  bd: 'http://www.bigdata.com/rdf#',
  geo: 'http://www.opengis.net/ont/geosparql#',
  time: 'http://www.w3.org/2006/time#',
};

export interface PrefixUse {
  readonly prefix: string;
  /** 1-based position of the prefixed name's first character. */
  readonly line: number;
  readonly column: number;
}

// PN_CHARS_BASE and friends, as the SPARQL grammar defines them (PN_PREFIX may hold '.' but not end with it).
const BASE = 'A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const CHARS = `${BASE}_\\-0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
const PREFIXED = new RegExp(`^(?:[${BASE}](?:[${CHARS}.]*[${CHARS}])?)?:`, 'u');
const DECLARATION = /^PREFIX\s+/i;
const NAME_BEFORE = new RegExp(`[${CHARS}.:%\\\\]`, 'u');

/**
 * The first prefixed name whose prefix no `PREFIX` declares, skipping IRIs, strings, comments and variables.
 * Undefined when every prefix used is declared.
 */
export function firstUndeclaredPrefix(query: string): PrefixUse | undefined {
  const declared = new Set<string>();
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const advance = (to: number): void => {
    for (; i < to; i++) {
      if (query[i] === '\n') {
        line++;
        lineStart = i + 1;
      }
    }
  };
  while (i < query.length) {
    const c = query[i]!;
    if (c === '#') {
      const end = query.indexOf('\n', i);
      advance(end < 0 ? query.length : end);
    } else if (c === '<' && /^<[^<>"{}|^`\\\s]*>/.test(query.slice(i, i + 4096))) {
      advance(query.indexOf('>', i) + 1);
    } else if (c === '"' || c === "'") {
      const long = query.startsWith(c.repeat(3), i);
      const close = long ? c.repeat(3) : c;
      let j = i + close.length;
      while (j < query.length && !query.startsWith(close, j)) j += query[j] === '\\' ? 2 : long || query[j] !== '\n' ? 1 : query.length;
      advance(Math.min(query.length, j + close.length));
    } else if (c === '?' || c === '$') {
      advance(i + 1);
      while (i < query.length && NAME_BEFORE.test(query[i]!) && query[i] !== ':') advance(i + 1);
    } else if (DECLARATION.test(query.slice(i, i + 16)) && (i === 0 || !NAME_BEFORE.test(query[i - 1]!))) {
      const m = /^PREFIX\s+([^\s:]*):/i.exec(query.slice(i));
      if (m) declared.add(m[1]!);
      advance(i + (m ? m[0].length : 6));
    } else if (i === 0 || !NAME_BEFORE.test(query[i - 1]!)) {
      const m = PREFIXED.exec(query.slice(i, i + 256));
      if (m && !declared.has(m[0].slice(0, -1))) {
        return { prefix: m[0].slice(0, -1), line, column: i - lineStart + 1 };
      }
      advance(i + (m ? m[0].length : 1));
    } else advance(i + 1);
  }
  return undefined;
}

/** The message for a prefix used without its declaration, with the PREFIX line when the namespace is a known one. */
export function unknownPrefixMessage(use: PrefixUse): string {
  const ns = KNOWN_PREFIXES[use.prefix];
  const fix = ns !== undefined ? `add the line\nPREFIX ${use.prefix}: <${ns}>\nat the top of the query` : `declare it at the top of the query: PREFIX ${use.prefix}: <namespace IRI>`;
  return `unknown prefix '${use.prefix}' at line ${use.line}, column ${use.column}: ${fix}`;
}

/** Errors the parsers give for an undeclared prefix: Comunica's ("Unknown prefix: x") and the store's ("Prefix not found"). */
const PREFIX_ERROR = /Unknown prefix|Prefix not found/;

/** A 400 `syntax` error for the first prefix the query uses without declaring it, or undefined when it declares all. */
export function undeclaredPrefixError(query: string): QueryError | undefined {
  const use = firstUndeclaredPrefix(query);
  return use && new QueryError({ status: 400, code: 'syntax', message: unknownPrefixMessage(use), line: use.line, column: use.column });
}

/**
 * The same error, reworded when it is about an undeclared prefix: a 400 `syntax` error at the prefix's first use,
 * naming it and the PREFIX line to add. Any other error is returned as it is.
 */
export function withPrefixHint(error: QueryError, query: string): QueryError {
  if (error.status !== 400 || !PREFIX_ERROR.test(error.message)) return error;
  return undeclaredPrefixError(query) ?? error;
}
