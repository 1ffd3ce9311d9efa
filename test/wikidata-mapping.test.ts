// The ontology in Wikidata's terms (ontology/wikidata.ttl): only SKOS matches, only confirmed Wikidata IDs, only terms
// the graph uses; and the example query reads the summit through exactly those matches.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Parser } from '../src/rdf.js';
import { NS } from '../src/vocab.js';
import { WIKIDATA_CLASSES, WIKIDATA_ENTITY, WIKIDATA_PROPERTIES, isConfirmedId } from '../src/wikidata/vocabulary.js';

const mapping = new Parser().parse(readFileSync('ontology/wikidata.ttl', 'utf8'));
const ontology = readFileSync('ontology/ots.ttl', 'utf8');
const MATCHES = [`${NS.skos}exactMatch`, `${NS.skos}closeMatch`];

describe('ontology/wikidata.ttl', () => {
  it('states only skos:exactMatch and skos:closeMatch, to confirmed Wikidata properties and classes', () => {
    expect(mapping.length).toBeGreaterThanOrEqual(18);
    for (const q of mapping) {
      expect(MATCHES, `${q.subject.value} ${q.predicate.value}`).toContain(q.predicate.value);
      expect(q.object.value.startsWith(WIKIDATA_ENTITY), q.object.value).toBe(true);
      expect(isConfirmedId(q.object.value.slice(WIKIDATA_ENTITY.length)), `${q.object.value} is not a confirmed ID`).toBe(true);
    }
  });

  it('maps the properties named for it: participant, point in time, location, country, organizer, award, follows, followed by, member of', () => {
    const targets = new Set(mapping.map((q) => q.object.value.slice(WIKIDATA_ENTITY.length)));
    for (const p of ['P710', 'P585', 'P276', 'P17', 'P664', 'P166', 'P155', 'P156', 'P463']) expect(targets, p).toContain(p);
    for (const c of Object.keys(WIKIDATA_CLASSES)) expect(targets, c).toContain(c);
  });

  it('maps only ots: terms the ontology declares, and schema.org terms', () => {
    for (const q of mapping) {
      const s = q.subject.value;
      if (s.startsWith(NS.ots)) expect(ontology, s).toMatch(new RegExp(`^ots:${s.slice(NS.ots.length)} a `, 'm'));
      else expect(s.startsWith(NS.schema), s).toBe(true);
    }
  });

  it('is what sparql/wikidata-terms.rq applies: each pair of its VALUES is a match of the file', () => {
    const text = readFileSync('sparql/wikidata-terms.rq', 'utf8');
    const pairs = [...text.matchAll(/\((ots|schema):(\w+) wd:(P\d+)\)/g)].map((m) => [`${m[1] === 'ots' ? NS.ots : NS.schema}${m[2]}`, m[3]]);
    expect(pairs.length).toBeGreaterThanOrEqual(6);
    const stated = new Set(mapping.map((q) => `${q.subject.value} ${q.object.value}`));
    for (const [ours, p] of pairs) expect(stated, `${ours} -> ${p}`).toContain(`${ours} ${WIKIDATA_ENTITY}${p}`);
    expect(stated).toContain(`${NS.ots}participant ${WIKIDATA_ENTITY}P710`);
    // The query names no Wikidata ID that is not confirmed.
    for (const m of text.matchAll(/wd:([PQ]\d+)/g)) expect(isConfirmedId(m[1] ?? ''), m[1]).toBe(true);
    expect(Object.keys(WIKIDATA_PROPERTIES)).toContain('P973');
  });
});
