// Tests that keep ontology/ots.ttl, src/vocab.ts, ontology/shapes.ttl and the built graph in step with each other.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as RDF from '@rdfjs/types';
import { buildCompleteGraph } from './helpers/standin-summits.js';
import { Parser } from '../src/rdf.js';
import { formatViolation, loadShapes, validateGraph } from '../src/validate/shacl.js';
import { NS, OTS } from '../src/vocab.js';

const ONTOLOGY = 'https://w3id.org/ots-kg/ontology';
const VS_STATUS = 'http://www.w3.org/2003/06/sw-vocab-status/ns#term_status';
const TYPE = `${NS.rdf}type`;
const SUBCLASS = `${NS.rdfs}subClassOf`;
const SUBPROPERTY = `${NS.rdfs}subPropertyOf`;

/**
 * Standard terms the project may use, by prefix. A term outside this list fails the tests, so a
 * typo such as schema:stratDate is caught; add a term here only after checking its definition.
 */
const KNOWN: Readonly<Record<string, readonly string[]>> = {
  rdf: ['type', 'langString', 'first', 'rest', 'nil', 'Property'],
  rdfs: ['label', 'comment', 'seeAlso', 'isDefinedBy', 'subClassOf', 'subPropertyOf', 'domain', 'range', 'Class', 'Literal', 'Resource'],
  owl: ['sameAs', 'Ontology', 'Class', 'ObjectProperty', 'DatatypeProperty', 'AnnotationProperty', 'FunctionalProperty', 'NamedIndividual', 'versionInfo', 'versionIRI', 'equivalentClass', 'equivalentProperty', 'inverseOf', 'propertyChainAxiom', 'Thing'],
  xsd: ['string', 'date', 'dateTime', 'gYear', 'integer', 'nonNegativeInteger', 'positiveInteger', 'decimal', 'boolean', 'anyURI'],
  skos: ['Concept', 'ConceptScheme', 'prefLabel', 'altLabel', 'hiddenLabel', 'note', 'definition', 'inScheme', 'hasTopConcept', 'topConceptOf'],
  dct: ['title', 'description', 'date', 'created', 'modified', 'issued', 'license', 'publisher', 'creator', 'source', 'bibliographicCitation', 'identifier', 'format', 'rightsHolder', 'conformsTo', 'subject', 'isPartOf', 'hasPart', 'language'],
  prov: ['Entity', 'Activity', 'Agent', 'wasDerivedFrom', 'wasQuotedFrom', 'hadPrimarySource', 'value', 'generatedAtTime', 'wasAttributedTo'],
  org: ['Organization', 'FormalOrganization', 'OrganizationalUnit', 'Membership', 'Role', 'Post', 'member', 'organization', 'role', 'memberDuring', 'hasMember', 'memberOf', 'unitOf', 'hasUnit', 'subOrganizationOf', 'hasMembership'],
  time: ['Interval', 'Instant', 'hasBeginning', 'hasEnd', 'inXSDDate'],
  schema: ['Thing', 'Person', 'City', 'Country', 'Place', 'Event', 'Article', 'Claim', 'CreativeWork', 'Organization', 'name', 'startDate', 'endDate', 'location', 'containedInPlace', 'jobTitle', 'foundingDate', 'url', 'sameAs', 'superEvent', 'subEvent', 'about', 'organizer', 'attendee', 'performer', 'recipient', 'award', 'Role'],
  foaf: ['page', 'homepage', 'Document'],
  void: ['Dataset', 'Linkset', 'triples', 'entities', 'classes', 'properties', 'distinctSubjects', 'distinctObjects', 'dataDump', 'sparqlEndpoint', 'exampleResource', 'uriSpace', 'vocabulary', 'classPartition', 'propertyPartition', 'class', 'property', 'subjectsTarget', 'objectsTarget', 'linkPredicate', 'target', 'rootResource'],
  dcat: ['Dataset', 'Distribution', 'DataService', 'downloadURL', 'accessURL', 'mediaType', 'byteSize', 'distribution', 'endpointURL', 'landingPage', 'keyword', 'servesDataset', 'accessService', 'compressFormat', 'checksum'],
  // Used by the ontology's header and alignments only.
  vann: ['preferredNamespacePrefix', 'preferredNamespaceUri'],
  vs: ['term_status'],
  oa: ['exact', 'start', 'end'],
};
const NAMESPACES: Readonly<Record<string, string>> = { ...NS, vs: 'http://www.w3.org/2003/06/sw-vocab-status/ns#', oa: 'http://www.w3.org/ns/oa#' };
/** The vocabularies the data graph may draw on (the ontology may also use vann, vs and oa). */
const GRAPH_PREFIXES = ['rdf', 'rdfs', 'owl', 'xsd', 'skos', 'dct', 'prov', 'org', 'schema', 'foaf', 'void', 'dcat', 'time'];

function prefixOf(iri: string): [string, string] | undefined {
  for (const [p, ns] of Object.entries(NAMESPACES)) if (iri.startsWith(ns) && /^[A-Za-z_][\w-]*$/.test(iri.slice(ns.length))) return [p, iri.slice(ns.length)];
  return undefined;
}

/** Why a non-ots term is not acceptable, or undefined when it is a known standard term. */
function standardTermProblem(iri: string, allowed: readonly string[]): string | undefined {
  const split = prefixOf(iri);
  if (split === undefined || !allowed.includes(split[0])) return `<${iri}> is in no vocabulary this project uses (${allowed.join(', ')})`;
  const [prefix, local] = split;
  if (!(KNOWN[prefix] ?? []).includes(local)) return `${prefix}:${local} is not a known ${prefix}: term (misspelt? if it is real, add it to KNOWN in test/ontology.test.ts)`;
  return undefined;
}

let ontology: RDF.Quad[];
let graph: RDF.Quad[];
let dataQuads: RDF.Quad[];

beforeAll(async () => {
  ontology = new Parser().parse(readFileSync('ontology/ots.ttl', 'utf8'));
  const built = await buildCompleteGraph('https://w3id.org/ots-kg/');
  graph = [...built.quads];
  dataQuads = graph.filter((q) => q.graph.termType === 'DefaultGraph');
}, 120_000);

const objects = (s: string, p: string): RDF.Term[] => ontology.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object);
const otsTerms = (): string[] => [...new Set(ontology.filter((q) => q.subject.termType === 'NamedNode' && q.subject.value.startsWith(NS.ots)).map((q) => q.subject.value))].sort();
const short = (iri: string): string => (iri.startsWith(NS.ots) ? `ots:${iri.slice(NS.ots.length)}` : `<${iri}>`);

describe('the ontology document', () => {
  const header: ReadonlyArray<{ name: string; predicate: string; expected: (o: RDF.Term[]) => boolean }> = [
    { name: 'is version 0.1.0', predicate: `${NS.owl}versionInfo`, expected: (o) => o.length === 1 && o[0]?.value === '0.1.0' },
    { name: 'has a version IRI under the ontology IRI', predicate: `${NS.owl}versionIRI`, expected: (o) => o.length === 1 && o[0]?.value === `${ONTOLOGY}/0.1.0` },
    { name: 'is licensed CC BY 4.0', predicate: `${NS.dct}license`, expected: (o) => o.length === 1 && o[0]?.value === 'https://creativecommons.org/licenses/by/4.0/' },
    { name: 'has an English title', predicate: `${NS.dct}title`, expected: (o) => o.some((t) => t.termType === 'Literal' && t.language === 'en') },
    { name: 'has an English description', predicate: `${NS.dct}description`, expected: (o) => o.some((t) => t.termType === 'Literal' && t.language === 'en' && t.value.length > 80) },
    {
      name: 'names its creator, an agent (not a literal, as DCMI expects)',
      predicate: `${NS.dct}creator`,
      expected: (o) => o.length === 1 && o[0]?.termType !== 'Literal' && objects(o[0]?.value ?? '', TYPE).some((t) => t.value === `${NS.prov}Agent`) && objects(o[0]?.value ?? '', `${NS.rdfs}label`).some((t) => t.value === 'the ots-kg project'),
    },
    { name: 'says its licence covers the ontology, not the data', predicate: `${NS.rdfs}comment`, expected: (o) => o.some((t) => /ontology/.test(t.value) && /CC BY-SA 4\.0/.test(t.value)) },
    { name: 'states its preferred prefix', predicate: `${NS.vann}preferredNamespacePrefix`, expected: (o) => o.length === 1 && o[0]?.value === 'ots' },
    { name: 'states its namespace', predicate: `${NS.vann}preferredNamespaceUri`, expected: (o) => o.length === 1 && o[0]?.value === NS.ots },
  ];

  it('is an owl:Ontology', () => {
    expect(objects(ONTOLOGY, TYPE).map((t) => t.value)).toEqual([`${NS.owl}Ontology`]);
  });

  it.each(header)('$name', ({ predicate, expected }) => {
    expect(expected(objects(ONTOLOGY, predicate))).toBe(true);
  });

  it('gives every ots: term one English label, an English definition and rdfs:isDefinedBy the ontology', () => {
    const problems: string[] = [];
    for (const term of otsTerms()) {
      const labels = objects(term, `${NS.rdfs}label`).filter((l) => l.termType === 'Literal' && l.language === 'en');
      const comments = objects(term, `${NS.rdfs}comment`).filter((l) => l.termType === 'Literal' && l.language === 'en');
      const definedBy = objects(term, `${NS.rdfs}isDefinedBy`).map((t) => t.value);
      if (labels.length !== 1) problems.push(`${short(term)}: ${labels.length} English labels`);
      if (comments.length !== 1 || (comments[0]?.value.length ?? 0) < 20) problems.push(`${short(term)}: needs one English rdfs:comment that defines it`);
      if (definedBy.join() !== ONTOLOGY) problems.push(`${short(term)}: rdfs:isDefinedBy must be <${ONTOLOGY}>`);
      if (objects(term, TYPE).length === 0) problems.push(`${short(term)}: has no rdf:type`);
    }
    expect(problems).toEqual([]);
  });

  it('refers only to known terms of standard vocabularies in its axioms and alignments', () => {
    const problems: string[] = [];
    for (const q of ontology) {
      for (const t of [q.predicate, q.object]) {
        if (t.termType !== 'NamedNode' || t.value.startsWith(NS.ots) || t.value.startsWith(ONTOLOGY)) continue;
        // Licence and version addresses are documents, not vocabulary terms.
        if (q.predicate.value === `${NS.dct}license`) continue;
        const problem = standardTermProblem(t.value, [...GRAPH_PREFIXES, 'vann', 'vs', 'oa']);
        if (problem !== undefined) problems.push(`${short(q.subject.value)}: ${problem}`);
      }
    }
    expect([...new Set(problems)]).toEqual([]);
  });

  it('files every concept in a concept scheme, typed by its concept class', () => {
    const problems: string[] = [];
    const expected: Readonly<Record<string, string>> = {
      [OTS.ParticipantStatus]: OTS.ParticipantStatusScheme,
      [OTS.ClaimStatus]: OTS.ClaimStatusScheme,
      [OTS.SummitKind]: OTS.SummitKindScheme,
    };
    for (const [cls, scheme] of Object.entries(expected)) {
      const members = ontology.filter((q) => q.predicate.value === TYPE && q.object.value === cls).map((q) => q.subject.value);
      if (members.length < 2) problems.push(`${short(cls)} has ${members.length} concepts`);
      for (const m of members) if (!objects(m, `${NS.skos}inScheme`).some((s) => s.value === scheme)) problems.push(`${short(m)} is not in ${short(scheme)}`);
    }
    expect(problems).toEqual([]);
  });
});

/** IRIs among `terms` that are neither ots: terms the ontology declares nor known standard terms. */
function termProblems(terms: readonly RDF.Term[]): string[] {
  const declared = new Set(otsTerms());
  const problems = new Set<string>();
  for (const t of terms) {
    if (t.termType !== 'NamedNode') continue;
    if (t.value.startsWith(NS.ots)) {
      if (!declared.has(t.value)) problems.add(`${short(t.value)} is not declared in ontology/ots.ttl`);
    } else {
      const problem = standardTermProblem(t.value, GRAPH_PREFIXES);
      if (problem !== undefined) problems.add(problem);
    }
  }
  return [...problems].sort();
}

describe('ontology/alignments.ttl', () => {
  const alignments = (): RDF.Quad[] => new Parser().parse(readFileSync('ontology/alignments.ttl', 'utf8'));

  it('holds every statement about another vocabulary\'s term: ots.ttl describes only ots: terms and itself', () => {
    const foreign = ontology.filter((q) => q.subject.termType === 'NamedNode' && !q.subject.value.startsWith(NS.ots) && q.subject.value !== ONTOLOGY);
    expect(foreign.map((q) => `<${q.subject.value}> <${q.predicate.value}>`)).toEqual([]);
    const inAlignments = alignments().filter((q) => q.subject.termType === 'NamedNode' && !q.subject.value.startsWith(NS.ots));
    expect(inAlignments.length).toBeGreaterThan(0);
  });

  it('holds the links of ots: terms to other vocabularies, and ots.ttl has none', () => {
    const toOther = (q: RDF.Quad): boolean => [SUBCLASS, SUBPROPERTY].includes(q.predicate.value) && q.object.termType === 'NamedNode' && !q.object.value.startsWith(NS.ots);
    expect(ontology.filter(toOther).map((q) => `${short(q.subject.value)} -> <${q.object.value}>`)).toEqual([]);
    const links = alignments().filter(toOther);
    expect(links.map((q) => short(q.subject.value))).toEqual(expect.arrayContaining(['ots:Membership', 'ots:Meeting', 'ots:Organization', 'ots:hasMemberState']));
    // An observer is no ORG member: only ots:hasMemberState specialises org:hasMember.
    expect(links.filter((q) => q.object.value === `${NS.org}hasMember`).map((q) => short(q.subject.value))).toEqual(['ots:hasMemberState']);
  });

  it('refers only to declared ots: terms and known terms of standard vocabularies', () => {
    expect(termProblems(alignments().flatMap((q) => [q.subject, q.predicate, q.object]))).toEqual([]);
  });
});

describe('ontology/shapes.ttl', () => {
  it('mentions only ots: terms the ontology declares and known standard terms', async () => {
    const terms = (await loadShapes()).flatMap((q) => [q.predicate, q.object]).filter((t) => !t.value.startsWith(NS.sh) && !t.value.startsWith('https://w3id.org/ots-kg/shapes#'));
    expect(termProblems(terms)).toEqual([]);
  });

  it('covers every class of the ontology: a shape targets it or a superclass, or every subclass is covered', async () => {
    const shapes = await loadShapes();
    const targeted = new Set(shapes.filter((q) => q.predicate.value === `${NS.sh}targetClass`).map((q) => q.object.value));
    const classes = otsTerms().filter((t) => objects(t, TYPE).some((o) => o.value === `${NS.owl}Class`));
    // Concept classes type the ontology's own concepts, not data.
    const conceptClasses = new Set(ontology.filter((q) => q.predicate.value === TYPE && q.object.value.startsWith(NS.ots) && q.subject.value.startsWith(NS.ots)).map((q) => q.object.value));
    const subclasses = (c: string): string[] => ontology.filter((q) => q.predicate.value === SUBCLASS && q.object.value === c).map((q) => q.subject.value);
    const covered = (c: string, seen = new Set<string>()): boolean => {
      if (seen.has(c)) return false;
      seen.add(c);
      if (targeted.has(c)) return true;
      if (objects(c, SUBCLASS).some((sup) => covered(sup.value, new Set(seen)))) return true;
      const subs = subclasses(c);
      return subs.length > 0 && subs.every((sub) => targeted.has(sub));
    };
    const uncovered = classes.filter((c) => !conceptClasses.has(c) && !covered(c)).map(short);
    expect(uncovered).toEqual([]);
    for (const c of [OTS.Chairmanship, OTS.OfficeTerm, OTS.OrganizationEvent, OTS.Dispute, OTS.Flag, OTS.Membership]) expect(targeted.has(c), short(c)).toBe(true);
  });
});

describe('the documentation of the ontology', () => {
  it('names every ots: term in ontology/README.md or docs/model.md', () => {
    const docs = readFileSync('ontology/README.md', 'utf8') + readFileSync('docs/model.md', 'utf8');
    const missing = otsTerms().map(short).filter((t) => !new RegExp(`${t}\\b`).test(docs));
    expect(missing).toEqual([]);
  });
});

describe('src/vocab.ts and ontology/ots.ttl', () => {
  it('declare the same ots: terms', () => {
    const inVocab = Object.values(OTS).map(String).sort();
    const inOntology = otsTerms();
    expect({ missingFromOntology: inVocab.filter((t) => !inOntology.includes(t)).map(short), missingFromVocab: inOntology.filter((t) => !inVocab.includes(t)).map(short) }).toEqual({
      missingFromOntology: [],
      missingFromVocab: [],
    });
  });
});

/** Predicates, classes and datatypes of the data that are neither declared ots: terms nor known standard terms. */
function vocabularyProblems(data: readonly RDF.Quad[]): string[] {
  const declared = new Set(otsTerms());
  const used = new Set<string>();
  for (const q of data) {
    used.add(q.predicate.value);
    if (q.predicate.value === TYPE) used.add(q.object.value);
    if (q.object.termType === 'Literal') used.add(q.object.datatype.value);
  }
  const problems: string[] = [];
  for (const iri of used) {
    if (iri.startsWith(NS.ots)) {
      if (!declared.has(iri)) problems.push(`${short(iri)} is not declared in ontology/ots.ttl`);
    } else {
      const problem = standardTermProblem(iri, GRAPH_PREFIXES);
      if (problem !== undefined) problems.push(problem);
    }
  }
  return problems.sort();
}

/**
 * Ontology terms the data does not use that are not marked reserved, and reserved terms it uses.
 * "Used" follows RDFS: a superclass or superproperty is used through its subterms, a concept class
 * through its concepts, and a concept scheme through the concepts filed in it.
 */
function usageProblems(data: readonly RDF.Quad[]): { unusedNotReserved: string[]; reservedButUsed: string[] } {
  const mentioned = new Set<string>();
  for (const q of data) for (const t of [q.subject, q.predicate, q.object]) if (t.termType === 'NamedNode') mentioned.add(t.value);
  const used = new Set<string>();
  const markUsed = (term: string): void => {
    if (used.has(term)) return;
    used.add(term);
    for (const via of [SUBCLASS, SUBPROPERTY, TYPE, `${NS.skos}inScheme`]) for (const s of objects(term, via)) markUsed(s.value);
  };
  for (const t of otsTerms()) if (mentioned.has(t)) markUsed(t);
  const reserved = new Set(ontology.filter((q) => q.predicate.value === VS_STATUS && q.object.value === 'reserved').map((q) => q.subject.value));
  return {
    unusedNotReserved: otsTerms().filter((t) => !used.has(t) && !reserved.has(t)).map(short),
    reservedButUsed: [...reserved].filter((t) => used.has(t)).map(short).sort(),
  };
}

/** Statements whose subject or object contradicts the rdfs:domain or rdfs:range of their ots: predicate. */
function domainRangeProblems(data: readonly RDF.Quad[]): string[] {
  const typesOf = new Map<string, string[]>();
  for (const q of [...data, ...ontology]) {
    if (q.predicate.value === TYPE) typesOf.set(q.subject.value, [...(typesOf.get(q.subject.value) ?? []), q.object.value]);
  }
  const superClasses = (c: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(c)) return seen;
    seen.add(c);
    for (const s of objects(c, SUBCLASS)) superClasses(s.value, seen);
    return seen;
  };
  const isA = (node: RDF.Term, cls: string): boolean => node.termType !== 'Literal' && (typesOf.get(node.value) ?? []).some((t) => superClasses(t).has(cls));
  const problems = new Set<string>();
  for (const q of data) {
    const p = q.predicate.value;
    if (!p.startsWith(NS.ots)) continue;
    for (const d of objects(p, `${NS.rdfs}domain`)) if (!isA(q.subject, d.value)) problems.add(`${short(p)}: subject <${q.subject.value}> is not an ${short(d.value)}`);
    for (const r of objects(p, `${NS.rdfs}range`)) {
      const o = q.object;
      if (r.value === `${NS.rdf}langString`) {
        if (o.termType !== 'Literal' || o.language === '') problems.add(`${short(p)}: ${o.value} has no language tag`);
      } else if (r.value.startsWith(NS.xsd)) {
        if (o.termType !== 'Literal' || o.datatype.value !== r.value) problems.add(`${short(p)}: ${o.value} is not an ${r.value}`);
      } else if (!isA(o, r.value)) problems.add(`${short(p)}: object <${o.value}> is not an ${short(r.value)}`);
    }
  }
  return [...problems].sort();
}

const PREFIXES = `@prefix ots: <${NS.ots}> . @prefix schema: <${NS.schema}> . @prefix xsd: <${NS.xsd}> . @prefix ex: <http://example.org/> . `;
const turtle = (text: string): RDF.Quad[] => new Parser().parse(PREFIXES + text);

describe('the checks on a graph, given a small broken one', () => {
  const cases: ReadonlyArray<{ name: string; data: string; check: (d: RDF.Quad[]) => unknown; expected: unknown }> = [
    { name: 'a misspelt schema.org property is reported', data: 'ex:s schema:stratDate "2024-11-06"^^xsd:date .', check: vocabularyProblems, expected: ['schema:stratDate is not a known schema: term (misspelt? if it is real, add it to KNOWN in test/ontology.test.ts)'] },
    { name: 'an undeclared ots: class is reported', data: 'ex:s a ots:Sumit .', check: vocabularyProblems, expected: ['ots:Sumit is not declared in ontology/ots.ttl'] },
    { name: 'a misspelt datatype is reported', data: 'ex:s ots:ordinal "11"^^xsd:integr .', check: vocabularyProblems, expected: ['xsd:integr is not a known xsd: term (misspelt? if it is real, add it to KNOWN in test/ontology.test.ts)'] },
    { name: 'a term from an unexpected vocabulary is reported', data: 'ex:s <http://example.org/p> 1 .', check: vocabularyProblems, expected: ['<http://example.org/p> is in no vocabulary this project uses (rdf, rdfs, owl, xsd, skos, dct, prov, org, schema, foaf, void, dcat, time)'] },
    { name: 'a reserved term in use is reported', data: 'ex:s ots:evidenceFor ex:o .', check: (d) => usageProblems(d).reservedButUsed, expected: ['ots:evidenceFor'] },
    { name: 'a term no data uses is reported', data: 'ex:s a ots:State .', check: (d) => usageProblems(d).unusedNotReserved.includes('ots:Summit'), expected: true },
    { name: 'a subject outside the domain is reported', data: 'ex:s a ots:State ; ots:chair ex:o . ex:o a ots:State .', check: domainRangeProblems, expected: ['ots:chair: subject <http://example.org/s> is not an ots:Chairmanship'] },
    { name: 'an object outside the range is reported', data: 'ex:s a ots:Summit ; ots:hostCountry ex:o . ex:o a schema:City .', check: domainRangeProblems, expected: ['ots:hostCountry: object <http://example.org/o> is not an ots:State'] },
  ];
  it.each(cases)('$name', ({ data, check, expected }) => {
    expect(check(turtle(data))).toEqual(expected);
  });
});

describe('the built graph', () => {
  it('uses only predicates, classes and datatypes that the ontology declares or that are known standard terms', () => {
    expect(vocabularyProblems(dataQuads)).toEqual([]);
  });

  it('uses every ontology term, or the ontology marks the term reserved (and only then)', () => {
    expect(usageProblems(dataQuads)).toEqual({ unusedNotReserved: [], reservedButUsed: [] });
  });

  it('respects the rdfs:domain and rdfs:range the ontology gives each ots: property', () => {
    expect(domainRangeProblems(dataQuads)).toEqual([]);
  });

  it('conforms to ontology/shapes.ttl', async () => {
    const violations = validateGraph(graph, await loadShapes(), ontology);
    expect(violations.map(formatViolation)).toEqual([]);
  });
});
