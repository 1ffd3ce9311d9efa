// The one RDF/XML writer (the default graph), for the dumps and for CONSTRUCT/DESCRIBE answers alike, written directly:
// one element per subject, xml:base for IRIs under the base when there is one. What RDF/XML cannot carry (a character
// XML 1.0 forbids, a predicate without an XML local name, a reserved rdf: name such as rdf:li) is refused with a
// SerializeError naming it, never written ill-formed.
import type * as RDF from '@rdfjs/types';
import { BLANK, BlankLabels, IRI, LITERAL, SerializeError, canonicalize, type CanonicalQuads, type Statement, subjectEnd } from './canonical.js';
import { CHUNK_CHARS } from './ntriples.js';
import { PREFIXES, checkBase, escapeXmlAttr, escapeXmlText, prefixOf, relativize } from './syntax.js';
import { NS } from '../vocab.js';

const XSD_STRING = `${NS.xsd}string`;
const RDF_TYPE = `${NS.rdf}type`;

// XML 1.0 (5th ed.) NameStartChar and NameChar, without ':' (an NCName).
const START = 'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const CHAR = `${START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
const NCNAME = new RegExp(`^[${START}][${CHAR}]*$`, 'u');
// The leftmost match is the longest NCName that ends the IRI.
const NCNAME_SUFFIX = new RegExp(`[${START}][${CHAR}]*$`, 'u');

// Names in the rdf: namespace that RDF/XML reserves (rdf:li would be read back as rdf:_1, rdf:_2…).
const RESERVED = new Set(['RDF', 'Description', 'ID', 'about', 'parseType', 'resource', 'nodeID', 'datatype', 'li', 'bagID', 'aboutEach', 'aboutEachPrefix']);

interface QName {
  readonly name: string;
  /** A namespace declaration this name needs beyond the fixed prefixes, if any. */
  readonly declare?: readonly [string, string];
}

/** Chooses element names for predicates; namespaces outside PREFIXES get ns1, ns2… in order of first use. */
class Names {
  private readonly cache = new Map<string, QName>();
  private readonly extra = new Map<string, string>();

  predicate(iri: string): QName {
    let q = this.cache.get(iri);
    if (q === undefined) {
      q = this.split(iri);
      this.cache.set(iri, q);
    }
    return q;
  }

  private split(iri: string): QName {
    const p = prefixOf(iri);
    if (p !== undefined && NCNAME.test(p[1])) {
      if (p[0] === 'rdf' && RESERVED.has(p[1])) {
        throw new SerializeError(`RDF/XML: the predicate <${iri}> is a reserved RDF/XML name and cannot be written as a property element; do not use it as a predicate`);
      }
      return { name: `${p[0]}:${p[1]}` };
    }
    const m = NCNAME_SUFFIX.exec(iri);
    const local = m?.[0] ?? '';
    const ns = iri.slice(0, iri.length - local.length);
    if (local === '' || ns === '') {
      throw new SerializeError(
        `RDF/XML: the predicate <${iri}> does not end in an XML name (a letter or '_' followed by letters, digits, '-', '_' or '.'), so it cannot be an element name; rename the property or use another syntax (Turtle, N-Triples, JSON-LD)`,
      );
    }
    let prefix = this.extra.get(ns);
    if (prefix === undefined) {
      prefix = `ns${this.extra.size + 1}`;
      this.extra.set(ns, prefix);
    }
    return { name: `${prefix}:${local}`, declare: [prefix, ns] };
  }

  declarations(): (readonly [string, string])[] {
    return [...this.extra].map(([ns, p]) => [p, ns] as const);
  }
}

/** A class that can serve as the node element's name: in a fixed namespace, an NCName, not in rdf:. */
function typedNodeName(iri: string): string | undefined {
  const p = prefixOf(iri);
  return p !== undefined && p[0] !== 'rdf' && NCNAME.test(p[1]) ? `${p[0]}:${p[1]}` : undefined;
}

/** The default graph as RDF/XML; without a base, IRIs are written whole and no xml:base is declared. */
export function* rdfxmlChunks(c: CanonicalQuads, opts: { base?: string }): Generator<string> {
  const base = opts.base;
  if (base !== undefined) checkBase(base);
  const names = new Names();
  // Namespace declarations sit on the root, so every predicate is named before anything is written.
  let last = '';
  for (let i = 0; i < c.defaultCount; i++) {
    const p = (c.statements[i] as Statement).p;
    if (p !== last) names.predicate(p);
    last = p;
  }
  let head = '<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF';
  for (const [p, ns] of [...PREFIXES, ...names.declarations()]) head += `\n    xmlns:${p}="${escapeXmlAttr(ns, 'namespace')}"`;
  yield base === undefined ? `${head}>\n` : `${head}\n    xml:base="${escapeXmlAttr(base, 'base')}">\n`;

  const blanks = new BlankLabels();
  const iriAttr = (iri: string): string => escapeXmlAttr((base !== undefined ? relativize(base, iri) : undefined) ?? iri, 'IRI');

  let out = '';
  for (let a = 0, b = 0; a < c.defaultCount; a = b) {
    b = subjectEnd(c.statements, a, c.defaultCount);
    const first = c.statements[a] as Statement;
    const id = first.sKind === BLANK ? `rdf:nodeID="${blanks.label(first.s)}"` : `rdf:about="${iriAttr(first.s)}"`;
    let element = 'rdf:Description';
    let skip = -1;
    // The first nameable class becomes the element name (<ots:State rdf:about=…>); its rdf:type statement is then implied.
    for (let i = a; i < b && (c.statements[i] as Statement).p === RDF_TYPE; i++) {
      const st = c.statements[i] as Statement;
      const n = st.oKind === IRI ? typedNodeName(st.o) : undefined;
      if (n !== undefined) {
        element = n;
        skip = i;
        break;
      }
    }
    out += `  <${element} ${id}>\n`;
    for (let i = a; i < b; i++) {
      if (i === skip) continue;
      const st = c.statements[i] as Statement;
      const name = names.predicate(st.p).name;
      if (st.oKind !== LITERAL) {
        out += st.oKind === BLANK ? `    <${name} rdf:nodeID="${blanks.label(st.o)}"/>\n` : `    <${name} rdf:resource="${iriAttr(st.o)}"/>\n`;
        continue;
      }
      const text = escapeXmlText(st.o, () => `RDF/XML: the literal of <${st.p}> on <${st.s}>`);
      let attr = '';
      if (st.lang !== '') attr = ` xml:lang="${st.lang}"`;
      else if (st.dt !== XSD_STRING) attr = ` rdf:datatype="${escapeXmlAttr(st.dt, 'datatype')}"`;
      out += `    <${name}${attr}>${text}</${name}>\n`;
    }
    out += `  </${element}>\n`;
    if (out.length >= CHUNK_CHARS) {
      yield out;
      out = '';
    }
  }
  yield `${out}</rdf:RDF>\n`;
}

/** Quads (their default graph) as one RDF/XML document: what a CONSTRUCT or DESCRIBE answer asked for as RDF/XML gets. */
export function writeRdfXml(quads: readonly RDF.Quad[], opts: { base?: string } = {}): string {
  let out = '';
  for (const chunk of rdfxmlChunks(canonicalize(quads), opts)) out += chunk;
  return out;
}
