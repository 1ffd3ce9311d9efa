// Typed namespaces: every IRI the project writes comes from here, so a misspelt term is a compile error.

export const NS = {
  ots: 'https://w3id.org/ots-kg/ontology#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  dct: 'http://purl.org/dc/terms/',
  prov: 'http://www.w3.org/ns/prov#',
  org: 'http://www.w3.org/ns/org#',
  schema: 'http://schema.org/',
  sh: 'http://www.w3.org/ns/shacl#',
  void: 'http://rdfs.org/ns/void#',
  dcat: 'http://www.w3.org/ns/dcat#',
  foaf: 'http://xmlns.com/foaf/0.1/',
  sd: 'http://www.w3.org/ns/sparql-service-description#',
  vann: 'http://purl.org/vocab/vann/',
  wd: 'http://www.wikidata.org/entity/',
  cc: 'http://creativecommons.org/ns#',
} as const;

export type Prefix = keyof typeof NS;

function terms<const P extends Prefix, const T extends readonly string[]>(
  prefix: P,
  names: T,
): { readonly [K in T[number]]: `${(typeof NS)[P]}${K}` } {
  const out: Record<string, string> = {};
  for (const n of names) out[n] = NS[prefix] + n;
  return Object.freeze(out) as { readonly [K in T[number]]: `${(typeof NS)[P]}${K}` };
}

/** The OTS ontology's own terms. ontology/ots.ttl declares each one; a test keeps the two in step. */
export const OTS = terms('ots', [
  // classes
  'Organization',
  'Council',
  'State',
  'Meeting',
  'Summit',
  'InformalSummit',
  'ExtraordinarySummit',
  'PressConference',
  'Membership',
  'Participation',
  'Decision',
  'Designation',
  'Document',
  'Agreement',
  'MemorandumOfUnderstanding',
  'Declaration',
  'Award',
  'AwardConferral',
  'ChairmanshipTransfer',
  'SummitPlan',
  'Claim',
  'Evidence',
  'Quote',
  'Citation',
  'FactGraph',
  'Venue',
  'ParticipantStatus',
  'ClaimStatus',
  'SummitKind',
  // object properties
  'organizedBy',
  'meetingOf',
  'hostCountry',
  'host',
  'venue',
  'previousSummit',
  'nextSummit',
  'precedes',
  'follows',
  'participant',
  'representative',
  'participation',
  'participantStatus',
  'inEvent',
  'member',
  'memberOf',
  'membership',
  'membershipStatus',
  'hasMemberState',
  'hasObserverState',
  'decision',
  'adopts',
  'appoints',
  'designates',
  'designatedPlace',
  'agreement',
  'signedAt',
  'establishes',
  'award',
  'awardConferral',
  'recipient',
  'proposedBy',
  'conferredAt',
  'speaker',
  'chairmanshipTransfer',
  'fromChair',
  'toChair',
  'declaration',
  'adoptedAt',
  'summitPlan',
  'plannedCountry',
  'plannedKind',
  'announcedAt',
  'realizedBy',
  'claim',
  'aboutEvent',
  'claimedParticipant',
  'claimedRepresentative',
  'claimStatus',
  'disputedPoint',
  'claimedValue',
  'contradictedBy',
  'claimSource',
  'parentOrganization',
  'inSource',
  'evidenceFor',
  // datatype properties
  'ordinal',
  'theme',
  'roleName',
  'purpose',
  'topic',
  'reason',
  'designationTitle',
  'year',
  'plannedYear',
  'position',
  'exact',
  'startOffset',
  'endOffset',
  'line',
  'section',
  'outlet',
  'declaredIn',
  'declaredAtLine',
  'signedBy',
  'announces',
  'documentsSigned',
  'online',
  // individuals (SKOS concepts)
  'MemberStatus',
  'ObserverStatus',
  'HostStatus',
  'OrganizationStatus',
  'GuestStatus',
  'Accepted',
  'Contradicted',
  'Alternative',
  'Unconfirmed',
  'RegularSummitKind',
  'InformalSummitKind',
  // concept schemes grouping the individuals above
  'ParticipantStatusScheme',
  'ClaimStatusScheme',
  'SummitKindScheme',
] as const);

export const RDF_ = terms('rdf', ['type', 'langString'] as const);
export const RDFS = terms('rdfs', ['label', 'comment', 'isDefinedBy', 'seeAlso', 'subClassOf', 'subPropertyOf', 'Class', 'domain', 'range'] as const);
export const OWL = terms('owl', ['sameAs', 'Ontology', 'Class', 'ObjectProperty', 'DatatypeProperty', 'NamedIndividual', 'versionInfo', 'versionIRI', 'equivalentClass', 'equivalentProperty'] as const);
export const XSD = terms('xsd', ['string', 'date', 'gYear', 'integer', 'boolean', 'dateTime', 'nonNegativeInteger', 'anyURI'] as const);
export const SKOS = terms('skos', ['prefLabel', 'altLabel', 'Concept', 'ConceptScheme', 'inScheme', 'definition', 'note'] as const);
export const DCT = terms('dct', ['title', 'description', 'source', 'license', 'publisher', 'date', 'created', 'modified', 'issued', 'creator', 'bibliographicCitation', 'identifier', 'format', 'rightsHolder', 'conformsTo', 'subject', 'isPartOf', 'hasPart', 'language'] as const);
export const PROV = terms('prov', ['Entity', 'Activity', 'Agent', 'wasDerivedFrom', 'wasQuotedFrom', 'hadPrimarySource', 'value', 'generatedAtTime', 'wasAttributedTo'] as const);
export const ORG = terms('org', ['Organization', 'FormalOrganization', 'OrganizationalUnit', 'Membership', 'member', 'organization', 'role', 'hasMember', 'memberOf', 'unitOf', 'hasUnit', 'subOrganizationOf'] as const);
export const SCHEMA = terms('schema', ['Person', 'City', 'Country', 'Place', 'Event', 'Article', 'name', 'startDate', 'endDate', 'location', 'containedInPlace', 'jobTitle', 'url', 'sameAs', 'superEvent', 'subEvent', 'about', 'Claim', 'CreativeWork', 'Organization'] as const);
export const VOID = terms('void', ['Dataset', 'Linkset', 'triples', 'entities', 'classes', 'properties', 'distinctSubjects', 'distinctObjects', 'dataDump', 'sparqlEndpoint', 'exampleResource', 'uriSpace', 'vocabulary', 'classPartition', 'propertyPartition', 'class', 'property', 'subjectsTarget', 'objectsTarget', 'linkPredicate', 'target', 'rootResource'] as const);
export const DCAT = terms('dcat', ['Dataset', 'Distribution', 'DataService', 'downloadURL', 'accessURL', 'mediaType', 'byteSize', 'distribution', 'endpointURL', 'landingPage', 'keyword', 'servesDataset', 'accessService', 'compressFormat', 'checksum'] as const);
export const FOAF = terms('foaf', ['page', 'homepage'] as const);

export const WIKIDATA_ENTITY = NS.wd;
