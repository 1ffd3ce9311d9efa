// Turtle (the default graph) and TriG (default graph plus one block per named graph) writers: @base, prefixes, grouped by subject.
import { BLANK, BlankLabels, IRI, sameGraph, subjectEnd, type CanonicalQuads, type Kind, type Statement } from './canonical.js';
import { CHUNK_CHARS } from './ntriples.js';
import { PREFIXES, checkBase, escapeNt, prefixOf, relativize } from './syntax.js';
import { NS } from '../vocab.js';

const XSD_STRING = `${NS.xsd}string`;
const XSD_INTEGER = `${NS.xsd}integer`;
const XSD_DECIMAL = `${NS.xsd}decimal`;
const RDF_TYPE = `${NS.rdf}type`;

// A local name that needs no escapes in Turtle (a safe subset of PN_LOCAL that older parsers also read).
const PLAIN_LOCAL = /^([A-Za-z_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?$/;
// Numbers written as bare Turtle tokens: only canonical forms exact in a double, because some readers
// (rdflib.js) turn a bare number into a JavaScript number and back ("007" -> "7", big ones to 1e+29).
// Booleans are always written typed: rdflib.js reads a bare `false` as "0".
const BARE: Readonly<Record<string, RegExp>> = {
  [XSD_INTEGER]: /^-?(0|[1-9][0-9]{0,14})$/,
  [XSD_DECIMAL]: /^-?(0|[1-9][0-9]{0,6})\.([0-9]{0,6}[1-9])$/,
};
/** Objects of one predicate go on one line while it stays this short, else one per line. */
const LINE = 100;

class TurtleTerms {
  readonly blanks = new BlankLabels();
  // Predicates and datatypes are few and repeat on every subject.
  private readonly vocab = new Map<string, string>();
  constructor(private readonly base: string) {}

  cached(v: string): string {
    let r = this.vocab.get(v);
    if (r === undefined) {
      r = this.iri(v);
      this.vocab.set(v, r);
    }
    return r;
  }

  iri(v: string): string {
    const p = prefixOf(v);
    if (p !== undefined && PLAIN_LOCAL.test(p[1])) return `${p[0]}:${p[1]}`;
    const rel = relativize(this.base, v);
    return `<${rel ?? v}>`;
  }

  node(kind: Kind, value: string): string {
    return kind === BLANK ? `_:${this.blanks.label(value)}` : this.iri(value);
  }

  object(st: Statement): string {
    if (st.oKind === IRI) return this.iri(st.o);
    if (st.oKind === BLANK) return `_:${this.blanks.label(st.o)}`;
    if (st.lang !== '') return `"${escapeNt(st.o)}"@${st.lang}`;
    if (st.dt === XSD_STRING) return `"${escapeNt(st.o)}"`;
    if (BARE[st.dt]?.test(st.o)) return st.o;
    return `"${escapeNt(st.o)}"^^${this.cached(st.dt)}`;
  }
}

function header(base: string): string {
  let h = `@base <${base}> .\n`;
  for (const [p, ns] of PREFIXES) h += `@prefix ${p}: <${ns}> .\n`;
  return h;
}

/** One subject's statements, `;` between predicates and `,` between objects, ending in ' .'. Plain loops: this runs once per subject. */
function subjectBlock(sts: readonly Statement[], from: number, to: number, terms: TurtleTerms, indent: string): string {
  const first = sts[from] as Statement;
  let out = indent + terms.node(first.sKind, first.s);
  const pIndent = `${indent}    `;
  const oIndent = `${indent}        `;
  let a = from;
  while (a < to) {
    const p = (sts[a] as Statement).p;
    let b = a + 1;
    while (b < to && (sts[b] as Statement).p === p) b++;
    const pred = p === RDF_TYPE ? 'a' : terms.cached(p);
    out += a === from ? ' ' : ` ;\n${pIndent}`;
    if (b - a === 1) out += `${pred} ${terms.object(sts[a] as Statement)}`;
    else {
      const objects: string[] = [];
      let len = pIndent.length + pred.length;
      for (let i = a; i < b; i++) {
        const o = terms.object(sts[i] as Statement);
        objects.push(o);
        len += o.length + 2;
      }
      out += `${pred} ${objects.join(len <= LINE ? ', ' : `,\n${oIndent}`)}`;
    }
    a = b;
  }
  return `${out} .\n`;
}

/** Subject blocks of statements[from, to); a named graph's blocks are wrapped in `<g> { … }` when `inGraphs`. */
function* blocks(c: CanonicalQuads, from: number, to: number, terms: TurtleTerms, inGraphs: boolean): Generator<string> {
  const sts = c.statements;
  let out = '';
  let a = from;
  while (a < to) {
    const head = sts[a] as Statement;
    const b = subjectEnd(sts, a, to);
    if (inGraphs) {
      const prev = sts[a - 1] as Statement;
      if (a === from || !sameGraph(prev, head)) out += `\n${terms.node(head.gKind, head.g)} {\n`;
      out += subjectBlock(sts, a, b, terms, '    ');
      if (b === to || !sameGraph(head, sts[b] as Statement)) out += '}\n';
    } else {
      out += `\n${subjectBlock(sts, a, b, terms, '')}`;
    }
    if (out.length >= CHUNK_CHARS) {
      yield out;
      out = '';
    }
    a = b;
  }
  if (out !== '') yield out;
}

/**
 * Turtle and TriG share their beginning: the TriG file is the Turtle file (same prefixes, same
 * default-graph blocks, same blank labels) followed by the named-graph blocks. The dumps write the
 * shared part once; `rest` must be consumed after `graph`.
 */
export function turtleParts(c: CanonicalQuads, opts: { base: string }): { graph: Iterable<string>; rest: Iterable<string> } {
  checkBase(opts.base);
  const terms = new TurtleTerms(opts.base);
  function* graph(): Generator<string> {
    yield header(opts.base);
    yield* blocks(c, 0, c.defaultCount, terms, false);
  }
  return { graph: graph(), rest: blocks(c, c.defaultCount, c.statements.length, terms, true) };
}

/** The default graph as Turtle. */
export function turtleChunks(c: CanonicalQuads, opts: { base: string }): Iterable<string> {
  return turtleParts(c, opts).graph;
}

/** The default graph at the top level, then each named graph as a `<g> { … }` block. */
export function* trigChunks(c: CanonicalQuads, opts: { base: string }): Generator<string> {
  const parts = turtleParts(c, opts);
  yield* parts.graph;
  yield* parts.rest;
}
