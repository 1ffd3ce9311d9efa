// N-Triples (the default graph) and N-Quads (every quad) writers: full IRIs, canonical escaping, one statement a line.
import type * as RDF from '@rdfjs/types';
import { BlankLabels, langOf, type CanonicalQuads } from './canonical.js';
import { escapeNt } from './syntax.js';
import { NS } from '../vocab.js';

const XSD_STRING = `${NS.xsd}string`;
/** Output is handed on in pieces of about this many UTF-16 units, so a million lines never build one string. */
export const CHUNK_CHARS = 1 << 16;

function ntTerm(t: RDF.Term, blanks: BlankLabels): string {
  switch (t.termType) {
    case 'NamedNode':
      return `<${t.value}>`;
    case 'BlankNode':
      return `_:${blanks.label(t.value)}`;
    case 'Literal': {
      const body = `"${escapeNt(t.value)}"`;
      if (t.language !== '') return `${body}@${langOf(t)}`;
      return t.datatype.value === XSD_STRING ? body : `${body}^^<${t.datatype.value}>`;
    }
    default:
      // canonicalize() admits nothing else; reaching here is a programming error.
      throw new Error(`N-Triples writer: unexpected ${t.termType}`);
  }
}

function* lines(c: CanonicalQuads, from: number, to: number, withGraph: boolean): Generator<string> {
  const blanks = new BlankLabels();
  let out = '';
  for (let i = from; i < to; i++) {
    const q = c.quads[i] as RDF.Quad;
    out += `${ntTerm(q.subject, blanks)} <${q.predicate.value}> ${ntTerm(q.object, blanks)}`;
    out += withGraph && q.graph.termType !== 'DefaultGraph' ? ` ${ntTerm(q.graph, blanks)} .\n` : ' .\n';
    if (out.length >= CHUNK_CHARS) {
      yield out;
      out = '';
    }
  }
  if (out !== '') yield out;
}

/** The default graph as N-Triples. */
export function ntriplesChunks(c: CanonicalQuads): Iterable<string> {
  return lines(c, 0, c.defaultCount, false);
}

/** The default graph and every named graph as N-Quads. */
export function nquadsChunks(c: CanonicalQuads): Iterable<string> {
  return lines(c, 0, c.quads.length, true);
}
