// N-Triples (the default graph) and N-Quads (every quad) writers: full IRIs, canonical escaping, one statement a line.
import { BLANK, BlankLabels, DEFAULT, IRI, type CanonicalQuads, type Statement } from './canonical.js';
import { escapeNt } from './syntax.js';
import { NS } from '../vocab.js';

const XSD_STRING = `${NS.xsd}string`;
/** Output is handed on in pieces of about this many UTF-16 units, so a million lines never build one string. */
export const CHUNK_CHARS = 1 << 16;

function* lines(c: CanonicalQuads, from: number, to: number, blanks: BlankLabels): Generator<string> {
  const sts = c.statements;
  let out = '';
  // Runs of statements share subject, predicate and graph: their text is built once per run (a quarter of the time at 10^6).
  let lastS = '';
  let lastSKind = -1;
  let lastP = '';
  let head = '';
  let lastG = '';
  let lastGKind = -1;
  let tail = ' .\n';
  for (let i = from; i < to; i++) {
    const st = sts[i] as Statement;
    if (st.s !== lastS || st.sKind !== lastSKind || st.p !== lastP) {
      head = `${st.sKind === IRI ? `<${st.s}>` : `_:${blanks.label(st.s)}`} <${st.p}> `;
      lastS = st.s;
      lastSKind = st.sKind;
      lastP = st.p;
    }
    if (st.g !== lastG || st.gKind !== lastGKind) {
      tail = st.gKind === DEFAULT ? ' .\n' : st.gKind === IRI ? ` <${st.g}> .\n` : ` _:${blanks.label(st.g)} .\n`;
      lastG = st.g;
      lastGKind = st.gKind;
    }
    let o: string;
    if (st.oKind === IRI) o = `<${st.o}>`;
    else if (st.oKind === BLANK) o = `_:${blanks.label(st.o)}`;
    else {
      o = `"${escapeNt(st.o)}"`;
      if (st.lang !== '') o += `@${st.lang}`;
      else if (st.dt !== XSD_STRING) o += `^^<${st.dt}>`;
    }
    out += head + o + tail;
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
