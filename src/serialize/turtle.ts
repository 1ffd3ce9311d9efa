// Turtle (the default graph) and TriG (default graph plus one block per named graph) writers: @base, prefixes, grouped by subject.
import type * as RDF from '@rdfjs/types';
import { BlankLabels, langOf, runs, samePredicate, sameSubject, sameGraph, type CanonicalQuads } from './canonical.js';
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
  constructor(private readonly base: string) {}

  iri(v: string): string {
    const p = prefixOf(v);
    if (p !== undefined && PLAIN_LOCAL.test(p[1])) return `${p[0]}:${p[1]}`;
    const rel = relativize(this.base, v);
    return `<${rel ?? v}>`;
  }

  term(t: RDF.Term): string {
    switch (t.termType) {
      case 'NamedNode':
        return this.iri(t.value);
      case 'BlankNode':
        return `_:${this.blanks.label(t.value)}`;
      case 'Literal': {
        if (t.language !== '') return `"${escapeNt(t.value)}"@${langOf(t)}`;
        const dt = t.datatype.value;
        if (dt === XSD_STRING) return `"${escapeNt(t.value)}"`;
        if (BARE[dt]?.test(t.value)) return t.value;
        return `"${escapeNt(t.value)}"^^${this.iri(dt)}`;
      }
      default:
        throw new Error(`Turtle writer: unexpected ${t.termType}`);
    }
  }
}

function header(base: string): string {
  let h = `@base <${base}> .\n`;
  for (const [p, ns] of PREFIXES) h += `@prefix ${p}: <${ns}> .\n`;
  return h;
}

/** One subject's statements, `;` between predicates and `,` between objects, ending in ' .'. */
function subjectBlock(quads: readonly RDF.Quad[], from: number, to: number, terms: TurtleTerms, indent: string): string {
  const first = quads[from] as RDF.Quad;
  let out = indent + terms.term(first.subject);
  const pIndent = `${indent}    `;
  const oIndent = `${indent}        `;
  let firstPredicate = true;
  for (const [a, b] of runs(quads, from, to, samePredicate)) {
    const p = (quads[a] as RDF.Quad).predicate.value;
    const pred = p === RDF_TYPE ? 'a' : terms.iri(p);
    const objects: string[] = [];
    let len = pIndent.length + pred.length;
    for (let i = a; i < b; i++) {
      const o = terms.term((quads[i] as RDF.Quad).object);
      objects.push(o);
      len += o.length + 2;
    }
    out += firstPredicate ? ' ' : ` ;\n${pIndent}`;
    firstPredicate = false;
    out += `${pred} ${objects.join(len <= LINE ? ', ' : `,\n${oIndent}`)}`;
  }
  return `${out} .\n`;
}

function* body(c: CanonicalQuads, from: number, to: number, terms: TurtleTerms, indent: string, gap: string): Generator<string> {
  let out = '';
  for (const [a, b] of runs(c.quads, from, to, sameSubject)) {
    out += gap + subjectBlock(c.quads, a, b, terms, indent);
    if (out.length >= CHUNK_CHARS) {
      yield out;
      out = '';
    }
  }
  if (out !== '') yield out;
}

/** The default graph as Turtle. */
export function* turtleChunks(c: CanonicalQuads, opts: { base: string }): Generator<string> {
  checkBase(opts.base);
  yield header(opts.base);
  yield* body(c, 0, c.defaultCount, new TurtleTerms(opts.base), '', '\n');
}

/** The default graph at the top level, then each named graph as a `<g> { … }` block. */
export function* trigChunks(c: CanonicalQuads, opts: { base: string }): Generator<string> {
  checkBase(opts.base);
  const terms = new TurtleTerms(opts.base);
  yield header(opts.base);
  yield* body(c, 0, c.defaultCount, terms, '', '\n');
  for (const [a, b] of runs(c.quads, c.defaultCount, c.quads.length, sameGraph)) {
    const g = terms.term((c.quads[a] as RDF.Quad).graph);
    yield `\n${g} {\n`;
    yield* body(c, a, b, terms, '    ', '');
    yield '}\n';
  }
}
