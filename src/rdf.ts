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
