// The English rdfs:label each vocabulary gives the terms this graph and its pages use, as the vocabulary publishes it
// (schema.org, PROV-O, RDF, RDFS and OWL label their terms with the term's own name, such as "jobTitle"). Pages show a
// label split into words ("job title") and keep the prefixed name as a tooltip. Source: each vocabulary's published
// RDF at the address given as `source` (read through a compilation of those documents made in November 2024); a term
// not listed here is shown by its prefixed name.
import { NS } from '../../vocab.js';

export interface VocabularyLabels {
  /** The vocabulary document the labels are taken from. */
  readonly source: string;
  /** Local name → English label. */
  readonly labels: Readonly<Record<string, string>>;
}

export const VOCABULARY_LABELS: Readonly<Record<string, VocabularyLabels>> = {
  [NS.rdf]: { source: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#', labels: { type: 'type', Property: 'Property' } },
  [NS.rdfs]: {
    source: 'http://www.w3.org/2000/01/rdf-schema#',
    labels: { label: 'label', comment: 'comment', seeAlso: 'seeAlso', isDefinedBy: 'isDefinedBy', Class: 'Class', subClassOf: 'subClassOf', subPropertyOf: 'subPropertyOf', domain: 'domain', range: 'range' },
  },
  [NS.owl]: {
    source: 'http://www.w3.org/2002/07/owl#',
    labels: { sameAs: 'sameAs', Class: 'Class', NamedIndividual: 'NamedIndividual', ObjectProperty: 'ObjectProperty', DatatypeProperty: 'DatatypeProperty', versionInfo: 'versionInfo', equivalentClass: 'equivalentClass', equivalentProperty: 'equivalentProperty', inverseOf: 'inverseOf' },
  },
  [NS.skos]: { source: 'http://www.w3.org/2004/02/skos/core', labels: { note: 'note', altLabel: 'alternative label', prefLabel: 'preferred label', definition: 'definition' } },
  [NS.dct]: {
    source: 'http://purl.org/dc/terms/',
    labels: { bibliographicCitation: 'Bibliographic Citation', date: 'Date', description: 'Description', license: 'License', publisher: 'Publisher', title: 'Title', source: 'Source' },
  },
  [NS.prov]: { source: 'http://www.w3.org/ns/prov-o#', labels: { wasDerivedFrom: 'wasDerivedFrom' } },
  [NS.org]: { source: 'http://www.w3.org/ns/org#', labels: { member: 'member', organization: 'organization', Membership: 'Membership' } },
  [NS.schema]: {
    source: 'https://schema.org/version/latest/schemaorg-current-https.ttl',
    labels: {
      containedInPlace: 'containedInPlace',
      jobTitle: 'jobTitle',
      location: 'location',
      startDate: 'startDate',
      endDate: 'endDate',
      url: 'url',
      name: 'name',
      Article: 'Article',
      City: 'City',
      Country: 'Country',
      Event: 'Event',
      Organization: 'Organization',
      Person: 'Person',
      Place: 'Place',
    },
  },
  [NS.void]: {
    source: 'http://rdfs.org/ns/void#',
    labels: {
      Dataset: 'dataset',
      Linkset: 'linkset',
      triples: 'number of triples',
      entities: 'number of entities',
      classPartition: 'class partition',
      propertyPartition: 'property partition',
      sparqlEndpoint: 'has a SPARQL endpoint at',
      dataDump: 'Data Dump',
      exampleResource: 'example resource of dataset',
      vocabulary: 'vocabulary',
      distinctSubjects: 'distinct subjects',
      distinctObjects: 'distinct objects',
      classes: 'classes',
      properties: 'number of properties',
      class: 'class',
      property: 'property',
      linkPredicate: 'a link predicate',
      target: 'Target',
    },
  },
  [NS.dcat]: {
    source: 'http://www.w3.org/ns/dcat#',
    labels: { Dataset: 'Dataset', Distribution: 'Distribution', DataService: 'Data service', distribution: 'distribution', downloadURL: 'download URL', mediaType: 'media type', byteSize: 'byte size', compressFormat: 'compression format' },
  },
};

/** The label a vocabulary gives a term, as published, or undefined when the table does not hold it. */
export function vocabularyLabel(iri: string): string | undefined {
  for (const [ns, v] of Object.entries(VOCABULARY_LABELS)) {
    if (iri.startsWith(ns) && iri.length > ns.length) return v.labels[iri.slice(ns.length)];
  }
  return undefined;
}

/** A label for reading: camel-case names split into lower-case words ("jobTitle" → "job title"); acronyms kept (URL, SPARQL). */
export function readableLabel(label: string): string {
  const words = label.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/\s+/);
  return words.map((w) => (/^[A-Z0-9]{2,}$/.test(w) ? w : w.toLowerCase())).join(' ');
}
