// Writes a small set of quads (one description) in any RDF format of the table, keeping or flattening named graphs by the format's kind.
import { Writer, defaultGraph, quad as makeQuad } from '../../rdf.js';
import type { RDF } from '../../rdf.js';
import type { Format } from '../../serialize/formats.js';
import { NS } from '../../vocab.js';
import jsonld from 'jsonld';
import * as $rdf from 'rdflib';

/** Prefixes used in Turtle/TriG output and in the JSON-LD context, so descriptions read well. */
export function prefixesFor(base: string): Record<string, string> {
  return {
    ots: NS.ots,
    rdf: NS.rdf,
    rdfs: NS.rdfs,
    owl: NS.owl,
    xsd: NS.xsd,
    skos: NS.skos,
    dct: NS.dct,
    prov: NS.prov,
    org: NS.org,
    schema: NS.schema,
    void: NS.void,
    dcat: NS.dcat,
    foaf: NS.foaf,
    wd: NS.wd,
    id: `${base}id/`,
    fact: `${base}fact/`,
    evidence: `${base}evidence/`,
  };
}

function quadKey(q: RDF.Quad): string {
  const o = q.object;
  return `${q.subject.value}\u0000${q.predicate.value}\u0000${o.termType}\u0000${o.value}\u0000${o.termType === 'Literal' ? `${o.language}\u0000${o.datatype.value}` : ''}`;
}

/** Graph formats carry one graph: named-graph membership is dropped and duplicates merged. */
export function flatten(quads: readonly RDF.Quad[]): RDF.Quad[] {
  const seen = new Set<string>();
  const out: RDF.Quad[] = [];
  for (const q of quads) {
    const k = quadKey(q);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(q.graph.termType === 'DefaultGraph' ? q : makeQuad(q.subject, q.predicate, q.object, defaultGraph()));
  }
  return out;
}

function writeN3(quads: readonly RDF.Quad[], format: string, prefixes: Record<string, string>): Promise<string> {
  const w = new Writer({ format, ...(format === 'Turtle' || format === 'TriG' ? { prefixes } : {}) });
  w.addQuads([...quads]);
  return new Promise((resolve, reject) => w.end((err, out) => (err ? reject(err) : resolve(out))));
}

async function writeJsonLd(quads: readonly RDF.Quad[], prefixes: Record<string, string>): Promise<string> {
  const expanded = await jsonld.fromRDF([...quads] as unknown as object, { useNativeTypes: false });
  const compacted = await jsonld.compact(expanded, { '@context': prefixes } as unknown as jsonld.ContextDefinition);
  return `${JSON.stringify(compacted, null, 2)}\n`;
}

function rdflibTerm(t: RDF.Term): $rdf.NamedNode | $rdf.BlankNode | $rdf.Literal {
  if (t.termType === 'NamedNode') return $rdf.sym(t.value);
  if (t.termType === 'BlankNode') return $rdf.blankNode(t.value);
  if (t.termType === 'Literal') return $rdf.lit(t.value, t.language || undefined, t.language ? undefined : $rdf.sym(t.datatype.value));
  throw new Error(`RDF/XML: cannot write a ${t.termType} term`);
}

function writeRdfXml(quads: readonly RDF.Quad[], base: string): string {
  const store = $rdf.graph();
  for (const q of quads) {
    const s = rdflibTerm(q.subject);
    const o = rdflibTerm(q.object);
    if (s.termType === 'Literal') throw new Error('RDF/XML: a literal cannot be a subject');
    store.add(s, $rdf.sym(q.predicate.value), o);
  }
  const out = $rdf.serialize(null, store, base, 'application/rdf+xml');
  if (typeof out !== 'string') throw new Error('RDF/XML: the serializer returned nothing');
  return out;
}

/** Serializes quads in the given RDF format; graph formats get the flattened set. */
export async function serializeDescription(quads: readonly RDF.Quad[], format: Format, base: string): Promise<string> {
  const prefixes = prefixesFor(base);
  const graphOnly = format.kind === 'graph' ? flatten(quads) : [...quads];
  switch (format.name) {
    case 'turtle':
      return writeN3(graphOnly, 'Turtle', prefixes);
    case 'ntriples':
      return writeN3(graphOnly, 'N-Triples', prefixes);
    case 'nquads':
      return writeN3(graphOnly, 'N-Quads', prefixes);
    case 'trig':
      return writeN3(graphOnly, 'TriG', prefixes);
    case 'jsonld':
      return writeJsonLd(graphOnly, prefixes);
    case 'rdfxml':
      return writeRdfXml(graphOnly, base);
    default:
      throw new Error(`serializeDescription: ${format.name} is not an RDF format (expected one of turtle, ntriples, nquads, trig, jsonld, rdfxml)`);
  }
}
