// Tests of the build's SHACL validator: one broken statement per constraint kind gives one readable line, and the reference implementation agrees.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as RDF from '@rdfjs/types';
import { readFileSync } from 'node:fs';
import { Parser } from '../src/rdf.js';
import { formatViolation, loadOntology, loadShapes, ShapesError, validateGraph } from '../src/validate/shacl.js';
import type { Violation } from '../src/validate/shacl.js';
import { keyOfViolation, referenceKeys } from './fixtures/validate/reference.js';
import { syntheticGraph, TRIPLES_PER_BLOCK } from './fixtures/validate/synthetic.js';

const PREFIXES = `
@prefix ots:    <https://w3id.org/ots-kg/ontology#> .
@prefix rdf:    <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl:    <http://www.w3.org/2002/07/owl#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
@prefix skos:   <http://www.w3.org/2004/02/skos/core#> .
@prefix dct:    <http://purl.org/dc/terms/> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix org:    <http://www.w3.org/ns/org#> .
@prefix schema: <http://schema.org/> .
@prefix sh:     <http://www.w3.org/ns/shacl#> .
@prefix time:   <http://www.w3.org/2006/time#> .
@prefix id:     <https://example.org/ots-kg/id/> .
@prefix ev:     <https://example.org/ots-kg/evidence/> .
@prefix fact:   <https://example.org/ots-kg/fact/> .
@prefix ex:     <http://example.org/> .
`;

function turtle(text: string): RDF.Quad[] {
  return new Parser({ format: 'application/trig' }).parse(PREFIXES + text);
}

/** The base graph with some statements taken out and others put in. */
function edit(base: readonly RDF.Quad[], change: { remove?: string; add?: string }): RDF.Quad[] {
  const gone = change.remove === undefined ? [] : turtle(change.remove);
  for (const g of gone) {
    if (!base.some((q) => q.equals(g))) throw new Error(`test error: the base graph has no ${g.subject.value} ${g.predicate.value} ${g.object.value}`);
  }
  const kept = base.filter((q) => !gone.some((g) => g.equals(q)));
  return [...kept, ...(change.add === undefined ? [] : turtle(change.add))];
}

const I = 'https://example.org/ots-kg/';
let shapes: RDF.Quad[];
let ontology: RDF.Quad[];
let valid: RDF.Quad[];
let kindShapes: RDF.Quad[];

beforeAll(async () => {
  shapes = await loadShapes();
  ontology = await loadOntology();
  valid = new Parser().parse(readFileSync('test/fixtures/validate/valid.ttl', 'utf8'));
  kindShapes = await loadShapes('test/fixtures/validate/kinds.ttl');
});

interface Case {
  readonly name: string;
  readonly remove?: string;
  readonly add?: string;
  readonly lines: readonly string[];
  /** Why the reference implementation is expected to report nothing here (it is laxer than SHACL asks). */
  readonly referenceMisses?: string;
}

// Against ontology/shapes.ttl: each case breaks the valid fixture in one place.
const SHAPE_CASES: readonly Case[] = [
  {
    name: 'a meeting without a start date breaks sh:minCount',
    remove: 'id:event-2024 schema:startDate "2024-11-06"^^xsd:date .',
    lines: [`Violation: <${I}id/event-2024> schema:startDate: a summit has a schema:startDate (shape otsh:SummitShape / schema:startDate)`],
  },
  {
    name: 'a meeting with two start dates breaks sh:maxCount',
    add: 'id:event-2024 schema:startDate "2024-11-07"^^xsd:date .',
    lines: [`Violation: <${I}id/event-2024> schema:startDate: a meeting has at most one schema:startDate, an xsd:date such as "2024-11-06"^^xsd:date (summits must have one, see otsh:SummitShape) (shape otsh:MeetingShape / schema:startDate)`],
  },
  {
    name: 'a start date written as a plain string breaks sh:datatype',
    remove: 'id:event-2024 schema:startDate "2024-11-06"^^xsd:date .',
    add: 'id:event-2024 schema:startDate "2024-11-06" .',
    lines: [`Violation: <${I}id/event-2024> schema:startDate value "2024-11-06": a meeting has at most one schema:startDate, an xsd:date such as "2024-11-06"^^xsd:date (summits must have one, see otsh:SummitShape) (shape otsh:MeetingShape / schema:startDate)`],
  },
  {
    name: 'a date that does not exist breaks sh:datatype',
    referenceMisses: 'rdf-validate-datatype checks the pattern of an xsd:date, not that 31 November exists',
    remove: 'ev:citation-mfa dct:date "2024-11-07"^^xsd:date .',
    add: 'ev:citation-mfa dct:date "2024-11-31"^^xsd:date .',
    lines: [`Violation: <${I}evidence/citation-mfa> dct:date value "2024-11-31"^^xsd:date: a citation has at most one dct:date (when the report's date is known), an xsd:date such as "2024-11-07"^^xsd:date (shape otsh:CitationShape / dct:date)`],
  },
  {
    name: 'a year typed xsd:integer breaks sh:datatype xsd:gYear',
    remove: 'id:plan-2025 ots:plannedYear "2025"^^xsd:gYear .',
    add: 'id:plan-2025 ots:plannedYear 2025 .',
    lines: [`Violation: <${I}id/plan-2025> ots:plannedYear value "2025"^^xsd:integer: a summit plan has at most one ots:plannedYear, an xsd:gYear such as "2025"^^xsd:gYear (shape otsh:SummitPlanShape / ots:plannedYear)`],
  },
  {
    name: 'a city as host country breaks sh:class',
    remove: 'id:event-2024 ots:hostCountry id:state-kyrgyzstan .',
    add: 'id:event-2024 ots:hostCountry id:city-bishkek .',
    lines: [`Violation: <${I}id/event-2024> ots:hostCountry value <${I}id/city-bishkek>: ots:hostCountry is at most one ots:State (shape otsh:MeetingShape / ots:hostCountry)`],
  },
  {
    name: 'a topic given as an IRI breaks sh:nodeKind',
    add: 'id:event-2024 ots:topic id:state-hungary .',
    lines: [`Violation: <${I}id/event-2024> ots:topic value <${I}id/state-hungary>: ots:topic is a literal, one per topic (shape otsh:MeetingShape / ots:topic)`],
  },
  {
    name: 'an owl:sameAs to a Wikidata page instead of the entity breaks sh:pattern',
    add: 'id:state-hungary owl:sameAs <https://www.wikidata.org/wiki/Q28> .',
    lines: [`Violation: <${I}id/state-hungary> owl:sameAs value <https://www.wikidata.org/wiki/Q28>: owl:sameAs must be a Wikidata entity IRI such as <http://www.wikidata.org/entity/Q813> (http, /entity/, no leading zero) (shape otsh:SameAsShape / owl:sameAs)`],
  },
  {
    name: 'a claim status as a participant status breaks sh:in',
    add: 'id:participation-kyrgyzstan ots:participantStatus ots:Contradicted .',
    lines: [`Violation: <${I}id/participation-kyrgyzstan> ots:participantStatus value ots:Contradicted: a participation has an ots:participantStatus: ots:MemberStatus, ots:ObserverStatus, ots:HostStatus, ots:GuestStatus or ots:OrganizationStatus (shape otsh:ParticipationShape / ots:participantStatus)`],
  },
  {
    name: 'a label in an unexpected language breaks sh:languageIn',
    add: 'id:city-bishkek rdfs:label "Bischkek"@de .',
    lines: [`Violation: <${I}id/city-bishkek> rdfs:label value "Bischkek"@de: every rdfs:label is a literal tagged with one of the languages en, ky, ru, tr, hu, az, kk, uz, tk (shape otsh:LabelLanguages)`],
  },
  {
    name: 'two English labels break sh:uniqueLang',
    add: 'id:city-bishkek rdfs:label "Frunze"@en .',
    lines: [`Violation: <${I}id/city-bishkek> rdfs:label: has two rdfs:label values in the same language; keep one and move the other to skos:altLabel (shape otsh:OneLabelPerLanguage)`],
  },
  {
    name: 'a state labelled only in Hungarian breaks sh:qualifiedMinCount',
    remove: 'id:state-hungary rdfs:label "Hungary"@en .',
    add: 'id:state-hungary rdfs:label "Magyarország"@hu .',
    lines: [`Violation: <${I}id/state-hungary> rdfs:label: needs an rdfs:label in English (a literal tagged @en) (shape otsh:EnglishLabel)`],
  },
  {
    name: 'a person as participant breaks sh:node',
    remove: 'id:participation-kyrgyzstan ots:participant id:state-kyrgyzstan .',
    add: 'id:participation-kyrgyzstan ots:participant id:person-orban .',
    lines: [`Violation: <${I}id/participation-kyrgyzstan> ots:participant value <${I}id/person-orban>: a participation has at most one ots:participant (an ots:State, ots:Organization or ots:Council); a group the sources do not name has none and is described by ots:roleName (shape otsh:ParticipationShape / ots:participant)`],
  },
  {
    name: 'a quote on line 0 breaks sh:minInclusive',
    remove: 'ev:quote-1 ots:line 7 .',
    add: 'ev:quote-1 ots:line 0 .',
    lines: [`Violation: <${I}evidence/quote-1> ots:line value "0"^^xsd:integer: a quote has exactly one ots:line, an xsd:integer counting from 1 (shape otsh:QuoteShape / ots:line)`],
  },
  {
    name: 'a quote that starts after it ends breaks sh:lessThan',
    remove: 'ev:quote-1 ots:startOffset 360 .',
    add: 'ev:quote-1 ots:startOffset 500 .',
    lines: [`Violation: <${I}evidence/quote-1> ots:startOffset value "500"^^xsd:integer: a quote has exactly one ots:startOffset, an xsd:integer from 0, less than its ots:endOffset (shape otsh:QuoteShape / ots:startOffset)`],
  },
  {
    name: 'a participation no meeting links to breaks sh:minCount on an inverse path',
    remove: 'id:event-2024 ots:participation id:participation-kyrgyzstan .',
    lines: [`Violation: <${I}id/participation-kyrgyzstan> ^ots:participation: a participation belongs to exactly one meeting (linked by ots:participation) (shape otsh:ParticipationShape / ^ots:participation)`],
  },
  {
    name: 'a fact graph without evidence breaks sh:minCount',
    remove: 'fact:summit prov:wasDerivedFrom ev:quote-1 , ev:citation-mfa .',
    lines: [`Violation: <${I}fact/summit> prov:wasDerivedFrom: a fact graph has at least one prov:wasDerivedFrom, an ots:Evidence (quote or citation) (shape otsh:FactGraphShape / prov:wasDerivedFrom)`],
  },
  {
    name: 'a fact graph derived from a person breaks sh:class',
    add: 'fact:summit prov:wasDerivedFrom id:person-orban .',
    lines: [`Violation: <${I}fact/summit> prov:wasDerivedFrom value <${I}id/person-orban>: a fact graph has at least one prov:wasDerivedFrom, an ots:Evidence (quote or citation) (shape otsh:FactGraphShape / prov:wasDerivedFrom)`],
  },
  {
    name: 'a quote without its text breaks sh:minCount',
    remove: 'ev:quote-1 ots:exact "in Bishkek, Kyrgyzstan, on 6 November 2024" .',
    lines: [`Violation: <${I}evidence/quote-1> ots:exact: a quote has exactly one ots:exact, the quoted text as an xsd:string (shape otsh:QuoteShape / ots:exact)`],
  },
  {
    name: 'a contradicted claim without a contradicting source breaks sh:or',
    remove: 'id:claim-berdimuhamedov ots:contradictedBy ev:citation-mfa .',
    lines: [`Violation: <${I}id/claim-berdimuhamedov> value <${I}id/claim-berdimuhamedov>: a contradicted claim has an ots:contradictedBy, an ots:Citation that states otherwise (shape otsh:ContradictedClaimShape)`],
  },
  {
    name: 'a membership without its role breaks sh:minCount',
    remove: 'id:membership-kyrgyzstan org:role ots:MemberRole .',
    lines: [`Violation: <${I}id/membership-kyrgyzstan> org:role: a membership has exactly one org:role, ots:MemberRole or ots:ObserverRole (shape otsh:MembershipShape / org:role)`],
  },
  {
    name: 'a membership whose interval has no date breaks sh:minCount',
    remove: 'id:membership-kyrgyzstan-start time:inXSDDate "2009-10-03"^^xsd:date .',
    lines: [`Violation: <${I}id/membership-kyrgyzstan-start> time:inXSDDate: an instant has exactly one time:inXSDDate, an xsd:date (shape otsh:InstantShape / time:inXSDDate)`],
  },
  {
    name: 'an owl:sameAs given as a literal breaks both sh:nodeKind and sh:pattern',
    add: 'id:person-orban owl:sameAs "Q57641" .',
    lines: [
      `Violation: <${I}id/person-orban> owl:sameAs value "Q57641": owl:sameAs must be a Wikidata entity IRI such as <http://www.wikidata.org/entity/Q813> (http, /entity/, no leading zero) (shape otsh:SameAsShape / owl:sameAs)`,
      `Violation: <${I}id/person-orban> owl:sameAs value "Q57641": owl:sameAs must be a Wikidata entity IRI such as <http://www.wikidata.org/entity/Q813> (http, /entity/, no leading zero) (shape otsh:SameAsShape / owl:sameAs)`,
    ],
  },
];

// Against test/fixtures/validate/kinds.ttl: the features ontology/shapes.ttl does not use.
const KIND_CASES: readonly Case[] = [
  { name: 'conforming data under the feature shapes gives no violation', add: 'ex:root ex:kind ex:Root . ex:a ex:tag "Word" . ex:t a ex:Thing ; ex:part 1 , ex:t ; ex:size 0.5 .', lines: [] },
  { name: 'a missing value breaks sh:hasValue on an sh:targetNode', add: 'ex:root ex:kind ex:Other .', lines: ['Violation: <http://example.org/root> <http://example.org/kind>: the root has ex:kind ex:Root (shape <http://example.org/RootShape> / <http://example.org/kind>)'] },
  { name: 'a tag with a digit breaks the case-insensitive sh:pattern of an sh:targetObjectsOf shape', add: 'ex:root ex:kind ex:Root . ex:a ex:tag "Word2" .', lines: ['Violation: "Word2" value "Word2": a tag is one word of letters (shape <http://example.org/TagShape>)'] },
  { name: 'an sh:Warning shape reports with severity Warning, and a deactivated shape reports nothing', add: 'ex:root ex:kind ex:Root . ex:n ex:note "a" , "b" .', lines: ['Warning: <http://example.org/n> <http://example.org/note>: allows at most 1 value, has 2 (shape <http://example.org/NoteShape> / <http://example.org/note>)'] },
  {
    name: 'a part that is neither a number nor a thing breaks sh:or on an implicit class target',
    add: 'ex:root ex:kind ex:Root . ex:t a ex:Thing ; ex:part "one" .',
    lines: ['Violation: <http://example.org/t> <http://example.org/part> value "one": value must conform to at least one of <http://example.org/Thing> / <http://example.org/part> / sh:or[0], <http://example.org/Thing> / <http://example.org/part> / sh:or[1] (shape <http://example.org/Thing> / <http://example.org/part>)'],
  },
  { name: 'two numeric parts break sh:qualifiedMaxCount', add: 'ex:root ex:kind ex:Root . ex:t a ex:Thing ; ex:part 1 , 2 .', lines: ['Violation: <http://example.org/t> <http://example.org/part>: allows at most 1 value conforming to <http://example.org/Thing> / <http://example.org/part> / sh:qualifiedValueShape, has 2 (shape <http://example.org/Thing> / <http://example.org/part>)'] },
  { name: 'a decimal below the bound breaks sh:minInclusive', add: 'ex:root ex:kind ex:Root . ex:t a ex:Thing ; ex:size 0.25 .', lines: ['Violation: <http://example.org/t> <http://example.org/size> value "0.25"^^xsd:decimal: value must be a number of at least 0.5 (shape <http://example.org/Thing> / <http://example.org/size>)'] },
  { name: 'a later start date breaks sh:lessThan on dates', add: 'ex:root ex:kind ex:Root . ex:t a ex:Thing ; ex:from "2024-11-07"^^xsd:date ; ex:to "2024-11-06"^^xsd:date .', lines: ['Violation: <http://example.org/t> <http://example.org/from> value "2024-11-07"^^xsd:date: value must be less than "2024-11-06"^^<http://www.w3.org/2001/XMLSchema#date>, the value of <http://example.org/to> (shape <http://example.org/Thing> / <http://example.org/from>)'] },
];

describe('validateGraph against ontology/shapes.ttl', () => {
  it('finds no violation in the valid fixture, and neither does the reference implementation', async () => {
    expect(validateGraph(valid, shapes, ontology).map(formatViolation)).toEqual([]);
    expect(await referenceKeys(valid, shapes, ontology)).toEqual([]);
  });

  it.each(SHAPE_CASES)('$name', async (c) => {
    const data = edit(valid, c);
    const found = validateGraph(data, shapes, ontology);
    expect(found.map(formatViolation)).toEqual(c.lines);
    const reference = await referenceKeys(data, shapes, ontology);
    expect(reference).toEqual(c.referenceMisses === undefined ? sortedKeys(found) : []);
  });
});

describe('validateGraph against the feature fixture shapes', () => {
  it.each(KIND_CASES)('$name', async (c) => {
    const data = edit([], c);
    const found = validateGraph(data, kindShapes);
    expect(found.map(formatViolation)).toEqual(c.lines);
    expect(sortedKeys(found)).toEqual(await referenceKeys(data, kindShapes));
  });
});

function sortedKeys(vs: readonly Violation[]): string[] {
  return [...new Set(vs.map(keyOfViolation))].sort();
}

describe('validateGraph on its input', () => {
  it('ignores named graphs, which repeat the default graph', () => {
    const data = [...valid, ...turtle('GRAPH fact:summit { id:event-2024 schema:startDate "not a date" . }')];
    expect(validateGraph(data, shapes, ontology)).toEqual([]);
  });

  it('needs the ontology to see that a memorandum is an agreement', () => {
    const found = validateGraph(valid, shapes).map((v) => `${v.focusNode} ${v.path ?? ''}`);
    expect(found).toContain(`<${I}id/event-2024> <https://w3id.org/ots-kg/ontology#agreement>`);
  });

  it('agrees with the reference implementation on a synthetic graph with broken statements', async () => {
    const data = syntheticGraph({ triples: 40 * TRIPLES_PER_BLOCK, factGraphs: true });
    // Drop every 97th default-graph statement: missing types, labels, dates and links.
    const broken = data.filter((q, i) => q.graph.termType !== 'DefaultGraph' || i % 97 !== 0);
    const found = validateGraph(broken, shapes, ontology);
    expect(found.length).toBeGreaterThan(10);
    expect(sortedKeys(found)).toEqual(await referenceKeys(broken, shapes, ontology));
    expect(validateGraph(data, shapes, ontology)).toEqual([]);
  });
});

describe('formatViolation', () => {
  const cases: ReadonlyArray<{ name: string; v: Violation; line: string }> = [
    {
      name: 'writes a long literal value shortened, on one line',
      v: { focusNode: '<http://example.org/q>', path: '<https://w3id.org/ots-kg/ontology#exact>', value: JSON.stringify(`first line\nsecond ${'x'.repeat(200)}`), message: 'too long', shape: '<https://w3id.org/ots-kg/shapes#QuoteShape>', severity: 'Violation', component: 'http://www.w3.org/ns/shacl#MaxLengthConstraintComponent' },
      line: `Violation: <http://example.org/q> ots:exact value "first line\\nsecond ${'x'.repeat(58)}…": too long (shape otsh:QuoteShape)`,
    },
    {
      name: 'leaves out path and value when the result has none',
      v: { focusNode: '_:b1', message: 'must be an IRI', shape: '<http://example.org/S>', severity: 'Info', component: 'http://www.w3.org/ns/shacl#NodeKindConstraintComponent' },
      line: 'Info: _:b1: must be an IRI (shape <http://example.org/S>)',
    },
  ];
  it.each(cases)('$name', ({ v, line }) => {
    expect(formatViolation(v)).toBe(line);
  });
});

describe('compiling shapes', () => {
  const cases: ReadonlyArray<{ name: string; shapes: string; error: RegExp }> = [
    { name: 'refuses sh:closed, which the validator does not implement', shapes: 'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .', error: /shape <http:\/\/example.org\/S> uses sh:closed, which this validator does not implement/ },
    { name: 'refuses a misspelt constraint rather than ignoring it', shapes: 'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCont 1 ] .', error: /uses sh:minCont, which this validator does not implement/ },
    { name: 'refuses SPARQL-based constraints', shapes: 'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select "SELECT $this WHERE {}" ] .', error: /uses sh:select; shape <http:\/\/example.org\/S> uses sh:sparql, which this validator does not implement/ },
    { name: 'refuses a sequence path', shapes: 'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .', error: /sh:path is a sequence path; only an IRI or \[ sh:inversePath <iri> \] is supported/ },
    { name: 'refuses a transitive path', shapes: 'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path [ sh:zeroOrMorePath ex:p ] ; sh:minCount 1 ] .', error: /uses sh:zeroOrMorePath/ },
    { name: 'refuses a datatype it cannot check', shapes: 'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:datatype xsd:gMonth ] .', error: /sh:datatype <http:\/\/www.w3.org\/2001\/XMLSchema#gMonth> is not one the validator can check/ },
    { name: 'refuses sh:minCount on a node shape', shapes: 'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:minCount 1 .', error: /sh:minCount applies to property shapes only/ },
    { name: 'refuses a negative sh:maxCount', shapes: 'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:maxCount -1 ] .', error: /sh:maxCount must be a non-negative integer, got "-1"/ },
    { name: 'refuses an unknown severity', shapes: 'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:severity sh:Fatal .', error: /sh:severity must be sh:Violation, sh:Warning or sh:Info/ },
    { name: 'refuses an sh:node that names no shape', shapes: 'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:node ex:Missing ] .', error: /shape <http:\/\/example.org\/Missing> is referred to .* but has no statements in the shapes graph; is its name misspelt\?/ },
    { name: 'refuses a pattern that is not a regular expression', shapes: 'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:pattern "([a-z" .', error: /sh:pattern "\(\[a-z" is not a valid regular expression/ },
  ];
  it.each(cases)('$name', ({ shapes: text, error }) => {
    expect(() => validateGraph([], turtle(text))).toThrow(ShapesError);
    expect(() => validateGraph([], turtle(text))).toThrow(error);
  });
});

describe('loading shapes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ots-shapes-'));
    return () => rm(dir, { recursive: true, force: true });
  });

  it('names the file when it is missing', async () => {
    await expect(loadShapes(join(dir, 'absent.ttl'))).rejects.toThrow(/absent\.ttl: cannot read the shapes file \(ENOENT\)/);
  });

  it('names the file and the line when the Turtle is broken', async () => {
    const file = join(dir, 'broken.ttl');
    await writeFile(file, '@prefix ex: <http://example.org/> .\n\nex:S ex:p "unterminated .\n');
    await expect(loadShapes(file)).rejects.toThrow(/broken\.ttl: the shapes file is not valid Turtle: .*line 3/);
  });
});
