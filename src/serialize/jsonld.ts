// JSON-LD writer: emits the compacted form directly (we own the context, so we know the compaction), one node object per subject.
import { BLANK, BlankLabels, IRI, SerializeError, sameGraph, subjectEnd, type CanonicalQuads, type Kind, type Statement } from './canonical.js';
import { CHUNK_CHARS } from './ntriples.js';
import { PREFIXES, checkBase, prefixOf, relativize } from './syntax.js';
import { NS } from '../vocab.js';

const XSD_STRING = `${NS.xsd}string`;
const XSD_INTEGER = `${NS.xsd}integer`;
const XSD_BOOLEAN = `${NS.xsd}boolean`;
const RDF_TYPE = `${NS.rdf}type`;
const PREFIX_NAMES = new Set(PREFIXES.map(([p]) => p));

/**
 * The context every JSON-LD document of the project compacts against: the project's prefixes and
 * nothing else, so that each property and class reads as a CURIE and no value is coerced.
 * It does not depend on the base: JSON-LD ignores @base in a context loaded by reference, so the
 * document states its own @base next to the reference.
 */
export function jsonldContext(): { '@context': Record<string, string> } {
  return { '@context': Object.fromEntries(PREFIXES) };
}

/** The context as a document of its own, for a document that references it (`contextUrl`): pretty, stable key order, trailing newline. */
export function jsonldContextText(): string {
  return `${JSON.stringify(jsonldContext(), null, 2)}\n`;
}

// A JSON-LD integer becomes xsd:integer with this very lexical form only when it is canonical and exact in a double.
const NATIVE_INTEGER = /^-?(0|[1-9][0-9]{0,14})$/;

class JsonLdTerms {
  readonly blanks = new BlankLabels();
  // Property keys, classes and datatypes are few and repeat on every node: quoted once.
  private readonly vocab = new Map<string, string>();
  constructor(private readonly base: string) {}

  /** The JSON string of a vocabulary-relative IRI (a key, a class, a datatype). */
  vocabJson(v: string): string {
    let r = this.vocab.get(v);
    if (r === undefined) {
      r = JSON.stringify(this.iri(v, true));
      this.vocab.set(v, r);
    }
    return r;
  }

  /** A CURIE when the IRI is in a declared namespace; else relative to @base for node identifiers, else the absolute IRI. */
  iri(v: string, vocab: boolean): string {
    const p = prefixOf(v);
    if (p !== undefined && !p[1].startsWith('//')) return `${p[0]}:${p[1]}`;
    if (!vocab) {
      const rel = relativize(this.base, v);
      if (rel !== undefined) return rel;
    }
    const colon = v.indexOf(':');
    // An absolute IRI whose scheme is one of our prefix names would be read back as a CURIE.
    if (PREFIX_NAMES.has(v.slice(0, colon)) && !v.startsWith('//', colon + 1)) {
      throw new SerializeError(`JSON-LD: the IRI <${v}> has the scheme "${v.slice(0, colon)}", which the context declares as a prefix, so it would be read back as a compact IRI; rename the IRI`);
    }
    return v;
  }

  node(kind: Kind, value: string): string {
    return kind === BLANK ? `_:${this.blanks.label(value)}` : this.iri(value, false);
  }

  object(st: Statement): string {
    if (st.oKind === IRI || st.oKind === BLANK) return `{"@id": ${JSON.stringify(this.node(st.oKind, st.o))}}`;
    const v = JSON.stringify(st.o);
    if (st.lang !== '') return `{"@value": ${v}, "@language": "${st.lang}"}`;
    const dt = st.dt;
    if (dt === XSD_STRING) return v;
    if (dt === XSD_INTEGER && NATIVE_INTEGER.test(st.o)) return st.o;
    if (dt === XSD_BOOLEAN && (st.o === 'true' || st.o === 'false')) return st.o;
    return `{"@value": ${v}, "@type": ${this.vocabJson(dt)}}`;
  }
}

function many(values: readonly string[]): string {
  return values.length === 1 ? (values[0] as string) : `[${values.join(', ')}]`;
}

/** One node object, its braces at `indent` spaces (4 in the top-level @graph, 8 inside a named graph's). */
function nodeObject(sts: readonly Statement[], from: number, to: number, terms: JsonLdTerms, indent = 4): string {
  const first = sts[from] as Statement;
  const lines = [`"@id": ${JSON.stringify(terms.node(first.sKind, first.s))}`];
  for (let a = from, b = from; a < to; a = b) {
    const p = (sts[a] as Statement).p;
    while (b < to && (sts[b] as Statement).p === p) b++;
    const values: string[] = [];
    if (p === RDF_TYPE) {
      // Class IRIs go to @type; anything else typed by rdf:type (a blank node, a literal) stays a plain property.
      const types: string[] = [];
      for (let i = a; i < b; i++) {
        const st = sts[i] as Statement;
        if (st.oKind === IRI) types.push(terms.vocabJson(st.o));
        else values.push(terms.object(st));
      }
      if (types.length > 0) lines.push(`"@type": ${many(types)}`);
      if (values.length > 0) lines.push(`"rdf:type": ${many(values)}`);
      continue;
    }
    for (let i = a; i < b; i++) values.push(terms.object(sts[i] as Statement));
    lines.push(`${terms.vocabJson(p)}: ${many(values)}`);
  }
  const pad = ' '.repeat(indent);
  return `${pad}{\n${pad}  ${lines.join(`,\n${pad}  `)}\n${pad}}`;
}

/**
 * Compacted JSON-LD: the default graph's node objects in the top-level `@graph`, and with `namedGraphs` each named graph
 * after them as `{"@id": graph, "@graph": [...]}` (JSON-LD 1.1, section 4.9), so one document carries the whole dataset.
 * With `contextUrl` the document references the context (`"@context": [contextUrl, {"@base": base}]`), a relative URL
 * being resolved against the document's own URL; without it the context is written inline and the file stands alone.
 */
export function* jsonldChunks(c: CanonicalQuads, opts: { base: string; contextUrl?: string; namedGraphs?: boolean }): Generator<string> {
  checkBase(opts.base);
  const base = JSON.stringify(opts.base);
  if (opts.contextUrl !== undefined) {
    yield `{\n  "@context": [${JSON.stringify(opts.contextUrl)}, {"@base": ${base}}],\n  "@graph": [`;
  } else {
    const entries = [`"@base": ${base}`, ...PREFIXES.map(([p, ns]) => `${JSON.stringify(p)}: ${JSON.stringify(ns)}`)];
    yield `{\n  "@context": {\n    ${entries.join(',\n    ')}\n  },\n  "@graph": [`;
  }
  const terms = new JsonLdTerms(opts.base);
  const sts = c.statements;
  let out = '';
  let sep = '\n';
  const end = opts.namedGraphs === true ? sts.length : c.defaultCount;
  for (let a = 0; a < end; ) {
    const first = sts[a] as Statement;
    let nested = 0;
    if (a >= c.defaultCount) {
      // A named graph: its statements are contiguous (sorted by graph first).
      out += `${sep}    {\n      "@id": ${JSON.stringify(terms.node(first.gKind, first.g))},\n      "@graph": [`;
      sep = '\n';
      nested = 4;
    }
    let b = a;
    do {
      const stop = subjectEnd(sts, b, end);
      out += sep + nodeObject(sts, b, stop, terms, 4 + nested);
      sep = ',\n';
      b = stop;
      if (out.length >= CHUNK_CHARS) {
        yield out;
        out = '';
      }
    } while (nested > 0 && b < end && sameGraph(sts[b] as Statement, first));
    if (nested > 0) out += '\n      ]\n    }';
    a = b;
  }
  yield `${out}\n  ]\n}\n`;
}
