// Human names for properties and classes: the ontology's labels first, then readable names for common vocabularies.
import { namedNode } from '../../rdf.js';
import { DCT, NS, OWL, PROV, RDFS, RDF_, SCHEMA, SKOS } from '../../vocab.js';
import type { GraphIndex } from './graph-index.js';

const KNOWN: Readonly<Record<string, string>> = {
  [RDF_.type]: 'type',
  [RDFS.label]: 'label',
  [RDFS.comment]: 'comment',
  [RDFS.seeAlso]: 'see also',
  [SKOS.altLabel]: 'also known as',
  [SKOS.prefLabel]: 'preferred name',
  [OWL.sameAs]: 'same as',
  [SCHEMA.startDate]: 'start date',
  [SCHEMA.endDate]: 'end date',
  [SCHEMA.location]: 'location',
  [SCHEMA.containedInPlace]: 'in',
  [SCHEMA.jobTitle]: 'job title',
  [SCHEMA.url]: 'web page',
  [SCHEMA.name]: 'name',
  [DCT.description]: 'description',
  [DCT.title]: 'title',
  [DCT.date]: 'date',
  [DCT.license]: 'licence',
  [DCT.source]: 'source',
  [DCT.bibliographicCitation]: 'citation',
  [PROV.wasDerivedFrom]: 'derived from',
  [SCHEMA.Person]: 'person',
  [SCHEMA.City]: 'city',
  [SCHEMA.Country]: 'country',
  [SCHEMA.Place]: 'place',
  [SCHEMA.Event]: 'event',
  [SCHEMA.Article]: 'article',
  [SCHEMA.Organization]: 'organisation',
  [`${NS.void}Dataset`]: 'dataset',
};

/** `ots:participant`, `schema:startDate`: a compact name when no label is known. */
export function prefixedName(iri: string): string {
  for (const [prefix, ns] of Object.entries(NS)) {
    if (iri.startsWith(ns) && iri.length > ns.length) return `${prefix}:${iri.slice(ns.length)}`;
  }
  return iri;
}

/** The English label the ontology gives a term, else a readable name, else its prefixed name. */
export function predicateLabel(g: GraphIndex, iri: string): string {
  const labels = g.ontology.getQuads(namedNode(iri), namedNode(RDFS.label), null, null);
  const en = labels.find((q) => q.object.termType === 'Literal' && q.object.language === 'en') ?? labels[0];
  if (en) return en.object.value;
  return KNOWN[iri] ?? prefixedName(iri);
}
