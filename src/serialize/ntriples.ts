// N-Triples (the default graph) and N-Quads (every quad) writers: full IRIs, canonical escaping, one statement a line.
import { BLANK, BlankLabels, DEFAULT, IRI, type CanonicalQuads, type Statement } from './canonical.js';
import { escapeNt } from './syntax.js';
import { NS } from '../vocab.js';

const XSD_STRING = `${NS.xsd}string`;
/** Output is handed on in pieces of about this many UTF-16 units, so a million lines never build one string. */
export const CHUNK_CHARS = 1 << 16;

function object(st: Statement, blanks: BlankLabels): string {
  if (st.oKind === IRI) return `<${st.o}>`;
  if (st.oKind === BLANK) return `_:${blanks.label(st.o)}`;
  const body = `"${escapeNt(st.o)}"`;
  if (st.lang !== '') return `${body}@${st.lang}`;
  return st.dt === XSD_STRING ? body : `${body}^^<${st.dt}>`;
}

function* lines(c: CanonicalQuads, from: number, to: number, blanks: BlankLabels): Generator<string> {
  let out = '';
  for (let i = from; i < to; i++) {
    const st = c.statements[i] as Statement;
    const s = st.sKind === IRI ? `<${st.s}>` : `_:${blanks.label(st.s)}`;
    out += `${s} <${st.p}> ${object(st, blanks)}`;
    if (st.gKind === DEFAULT) out += ' .\n';
    else out += st.gKind === IRI ? ` <${st.g}> .\n` : ` _:${blanks.label(st.g)} .\n`;
    if (out.length >= CHUNK_CHARS) {
      yield out;
      out = '';
    }
  }
  if (out !== '') yield out;
}

/**
 * N-Triples and N-Quads share their beginning: the N-Quads file is the N-Triples file (same
 * lines, same blank labels) followed by the named-graph lines. The dumps write the shared part
 * once; `rest` must be consumed after `graph`.
 */
export function ntriplesParts(c: CanonicalQuads): { graph: Iterable<string>; rest: Iterable<string> } {
  const blanks = new BlankLabels();
  return { graph: lines(c, 0, c.defaultCount, blanks), rest: lines(c, c.defaultCount, c.statements.length, blanks) };
}

/** The default graph as N-Triples. */
export function ntriplesChunks(c: CanonicalQuads): Iterable<string> {
  return ntriplesParts(c).graph;
}

/** The default graph and every named graph as N-Quads. */
export function* nquadsChunks(c: CanonicalQuads): Generator<string> {
  const parts = ntriplesParts(c);
  yield* parts.graph;
  yield* parts.rest;
}
