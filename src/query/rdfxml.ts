// A small streaming-free RDF/XML writer for CONSTRUCT/DESCRIBE answers (Comunica ships none).
import type * as RDF from '@rdfjs/types';

const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const NCNAME_START = /[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF]/;
const NCNAME_REST = /^[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF][-.0-9A-Za-z_\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF]*$/;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r/g, '&#13;');
}

/** Splits a predicate IRI into namespace and an XML local name; RDF/XML cannot write a predicate without one. */
function split(iri: string): [string, string] {
  for (let i = iri.length - 1; i >= 0; i--) {
    if (!NCNAME_START.test(iri[i] ?? '')) continue;
    const local = iri.slice(i);
    if (NCNAME_REST.test(local) && (i === 0 || !NCNAME_REST.test(iri.slice(i - 1)))) {
      if (i > 0) return [iri.slice(0, i), local];
    }
  }
  throw new Error(`the predicate <${iri}> has no XML local name, so it cannot be written as RDF/XML; ask for Turtle or N-Triples instead`);
}

function subjectAttr(t: RDF.Term): string {
  return t.termType === 'BlankNode' ? `rdf:nodeID="${esc(t.value)}"` : `rdf:about="${esc(t.value)}"`;
}

export function writeRdfXml(quads: readonly RDF.Quad[]): string {
  const ns = new Map<string, string>([[RDF_NS, 'rdf']]);
  const bySubject = new Map<string, { subject: RDF.Term; lines: string[] }>();
  for (const q of quads) {
    const [nsIri, local] = split(q.predicate.value);
    let prefix = ns.get(nsIri);
    if (!prefix) {
      prefix = `ns${ns.size}`;
      ns.set(nsIri, prefix);
    }
    const key = `${q.subject.termType}:${q.subject.value}`;
    let entry = bySubject.get(key);
    if (!entry) {
      entry = { subject: q.subject, lines: [] };
      bySubject.set(key, entry);
    }
    const el = `${prefix}:${local}`;
    const o = q.object;
    if (o.termType === 'NamedNode') entry.lines.push(`    <${el} rdf:resource="${esc(o.value)}"/>`);
    else if (o.termType === 'BlankNode') entry.lines.push(`    <${el} rdf:nodeID="${esc(o.value)}"/>`);
    else if (o.termType === 'Literal') {
      const attr = o.language ? ` xml:lang="${esc(o.language)}"` : o.datatype.value !== XSD_STRING ? ` rdf:datatype="${esc(o.datatype.value)}"` : '';
      entry.lines.push(`    <${el}${attr}>${esc(o.value)}</${el}>`);
    } else throw new Error(`RDF/XML cannot carry a ${o.termType} object`);
  }
  const decls = [...ns].map(([iri, p]) => ` xmlns:${p}="${esc(iri)}"`).join('');
  const out = [`<?xml version="1.0" encoding="utf-8"?>`, `<rdf:RDF${decls}>`];
  for (const { subject, lines } of bySubject.values()) {
    out.push(`  <rdf:Description ${subjectAttr(subject)}>`, ...lines, '  </rdf:Description>');
  }
  out.push('</rdf:RDF>', '');
  return out.join('\n');
}
