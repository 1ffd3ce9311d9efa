// JSON-LD writer: emits the compacted form directly (we own the context, so we know the compaction), one node object per subject.
import type * as RDF from '@rdfjs/types';
import { BlankLabels, SerializeError, langOf, runs, samePredicate, sameSubject, type CanonicalQuads } from './canonical.js';
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

/** context.jsonld as written to disk and served: pretty, stable key order, trailing newline. */
export function jsonldContextText(): string {
  return `${JSON.stringify(jsonldContext(), null, 2)}\n`;
}

// A JSON-LD integer becomes xsd:integer with this very lexical form only when it is canonical and exact in a double.
const NATIVE_INTEGER = /^-?(0|[1-9][0-9]{0,14})$/;

class JsonLdTerms {
  readonly blanks = new BlankLabels();
  constructor(private readonly base: string) {}

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

  node(t: RDF.Term): string {
    return t.termType === 'BlankNode' ? `_:${this.blanks.label(t.value)}` : this.iri(t.value, false);
  }

  value(t: RDF.Term): string {
    switch (t.termType) {
      case 'NamedNode':
      case 'BlankNode':
        return `{"@id": ${JSON.stringify(this.node(t))}}`;
      case 'Literal': {
        const v = JSON.stringify(t.value);
        if (t.language !== '') return `{"@value": ${v}, "@language": "${langOf(t)}"}`;
        const dt = t.datatype.value;
        if (dt === XSD_STRING) return v;
        if (dt === XSD_INTEGER && NATIVE_INTEGER.test(t.value)) return t.value;
        if (dt === XSD_BOOLEAN && (t.value === 'true' || t.value === 'false')) return t.value;
        return `{"@value": ${v}, "@type": ${JSON.stringify(this.iri(dt, true))}}`;
      }
      default:
        throw new Error(`JSON-LD writer: unexpected ${t.termType}`);
    }
  }
}

function many(values: readonly string[]): string {
  return values.length === 1 ? (values[0] as string) : `[${values.join(', ')}]`;
}

function nodeObject(quads: readonly RDF.Quad[], from: number, to: number, terms: JsonLdTerms): string {
  const lines = [`"@id": ${JSON.stringify(terms.node((quads[from] as RDF.Quad).subject))}`];
  for (const [a, b] of runs(quads, from, to, samePredicate)) {
    const p = (quads[a] as RDF.Quad).predicate.value;
    const values: string[] = [];
    if (p === RDF_TYPE) {
      // Class IRIs go to @type; anything else typed by rdf:type (a blank node, a literal) stays a plain property.
      const types: string[] = [];
      for (let i = a; i < b; i++) {
        const o = (quads[i] as RDF.Quad).object;
        if (o.termType === 'NamedNode') types.push(JSON.stringify(terms.iri(o.value, true)));
        else values.push(terms.value(o));
      }
      if (types.length > 0) lines.push(`"@type": ${many(types)}`);
      if (values.length > 0) lines.push(`"rdf:type": ${many(values)}`);
      continue;
    }
    for (let i = a; i < b; i++) values.push(terms.value((quads[i] as RDF.Quad).object));
    lines.push(`${JSON.stringify(terms.iri(p, true))}: ${many(values)}`);
  }
  return `    {\n      ${lines.join(',\n      ')}\n    }`;
}

/**
 * The default graph as compacted JSON-LD. With `contextUrl` the document references the context
 * (`"@context": [contextUrl, {"@base": base}]`), a relative URL being resolved against the
 * document's own URL; without it the context is written inline.
 */
export function* jsonldChunks(c: CanonicalQuads, opts: { base: string; contextUrl?: string }): Generator<string> {
  checkBase(opts.base);
  const base = JSON.stringify(opts.base);
  if (opts.contextUrl !== undefined) {
    yield `{\n  "@context": [${JSON.stringify(opts.contextUrl)}, {"@base": ${base}}],\n  "@graph": [`;
  } else {
    const entries = [`"@base": ${base}`, ...PREFIXES.map(([p, ns]) => `${JSON.stringify(p)}: ${JSON.stringify(ns)}`)];
    yield `{\n  "@context": {\n    ${entries.join(',\n    ')}\n  },\n  "@graph": [`;
  }
  const terms = new JsonLdTerms(opts.base);
  let out = '';
  let sep = '\n';
  for (const [a, b] of runs(c.quads, 0, c.defaultCount, sameSubject)) {
    out += sep + nodeObject(c.quads, a, b, terms);
    sep = ',\n';
    if (out.length >= CHUNK_CHARS) {
      yield out;
      out = '';
    }
  }
  yield `${out}\n  ]\n}\n`;
}
