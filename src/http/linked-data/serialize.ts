// Writes one description in any RDF format of the table with the project's writers, flattening named graphs for graph formats.
import { defaultGraph, quad as makeQuad } from '../../rdf.js';
import type { RDF } from '../../rdf.js';
import type { Format } from '../../serialize/formats.js';
import { isRdfFormatName, serializeQuads } from '../../serialize/writers.js';

function quadKey(q: RDF.Quad): string {
  const o = q.object;
  return `${q.subject.value}\u0000${q.predicate.value}\u0000${o.termType}\u0000${o.value}\u0000${o.termType === 'Literal' ? `${o.language}\u0000${o.datatype.value}` : ''}`;
}

/**
 * Graph formats carry one graph. The project's writers keep only the default graph there, but a
 * description's statements may sit only in fact graphs (a fact IRI's content), so they are moved
 * into the default graph first, duplicates merged.
 */
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

/** Serializes a description; IRIs under `base` are written relative to it where the syntax allows (@base, xml:base). */
export function serializeDescription(quads: readonly RDF.Quad[], format: Format, base: string): string {
  if (!isRdfFormatName(format.name)) {
    throw new Error(`serializeDescription: ${format.name} is not an RDF format (expected one of turtle, ntriples, nquads, trig, jsonld, rdfxml)`);
  }
  return serializeQuads(format.kind === 'graph' ? flatten(quads) : quads, format.name, { base });
}
