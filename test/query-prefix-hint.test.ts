// An undeclared prefix gets one plain 400: the prefix, where it is first used, and the PREFIX line to add.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SparqlEngine } from '../src/query/engine.js';
import { QueryError } from '../src/query/errors.js';
import { KNOWN_PREFIXES, firstUndeclaredPrefix } from '../src/query/prefix-hint.js';
import { NS } from '../src/vocab.js';

const NQ = readFileSync(new URL('./fixtures/query/summit.nq', import.meta.url), 'utf8');

describe('firstUndeclaredPrefix', () => {
  it.each([
    { name: 'a bare use', query: 'SELECT ?l WHERE { ?s rdfs:label ?l }', expected: { prefix: 'rdfs', line: 1, column: 22 } },
    { name: 'after other declarations, on a later line', query: 'PREFIX ots: <https://w3id.org/ots-kg/ontology#>\nSELECT ?l\nWHERE {\n  ?s a ots:Summit ;\n     schema:name ?l }', expected: { prefix: 'schema', line: 5, column: 6 } },
    { name: 'a datatype', query: 'PREFIX ex: <http://example.org/>\nASK { ?s ex:p "1"^^xsd:integer }', expected: { prefix: 'xsd', line: 2, column: 20 } },
    { name: 'a function name', query: 'SELECT * WHERE { ?s ?p ?o FILTER(geo:sfWithin(?o, ?s)) }', expected: { prefix: 'geo', line: 1, column: 34 } },
    { name: 'the empty prefix', query: 'SELECT * WHERE { ?s :p ?o }', expected: { prefix: '', line: 1, column: 21 } },
    { name: 'a lower-case prefix declaration is a declaration', query: 'prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT * WHERE { ?s rdfs:label ?l ; foaf:name ?n }', expected: { prefix: 'foaf', line: 2, column: 37 } },
  ])('finds $name', ({ query, expected }) => {
    expect(firstUndeclaredPrefix(query)).toEqual(expected);
  });

  it.each([
    { name: 'declared prefixes', query: 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?l WHERE { ?s rdfs:label ?l }' },
    { name: 'colons inside IRIs, strings and comments', query: 'SELECT * WHERE { ?s <http://x.example/a:b> "rdfs:label", \'x:y\', """a\nb:c""" } # skos:note' },
    { name: 'blank node labels and variables', query: 'SELECT * WHERE { _:b <urn:p> ?x . ?x <urn:q> $y }' },
    { name: 'local names with colons and dots', query: 'PREFIX ex: <http://example.org/>\nSELECT * WHERE { ?s ex:a:b ex:c.d }' },
  ])('finds nothing in $name', ({ query }) => {
    expect(firstUndeclaredPrefix(query)).toBeUndefined();
  });

  it("offers every namespace of the data's prefix set", () => {
    for (const [p, ns] of Object.entries(NS)) expect(KNOWN_PREFIXES[p]).toBe(ns);
  });
});

describe('the engine on an undeclared prefix', () => {
  let engine: SparqlEngine;
  beforeAll(() => {
    engine = SparqlEngine.create({ nquads: NQ, serviceAllowlist: [] });
  });

  const failure = async (query: string): Promise<QueryError> => {
    try {
      await engine.evaluate(query);
    } catch (e) {
      if (e instanceof QueryError) return e;
      throw e;
    }
    throw new Error(`no error for ${query}`);
  };

  it.each([
    // rdfs: Comunica's parser knows it, the store does not; foo: neither knows; CONSTRUCT takes the full parse.
    { query: 'SELECT ?l WHERE { ?s rdfs:label ?l }', message: "unknown prefix 'rdfs' at line 1, column 22: add the line\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nat the top of the query", line: 1, column: 22 },
    { query: 'PREFIX x: <http://x.example/>\nCONSTRUCT { ?s x:p ?l }\nWHERE {\n  ?s skos:prefLabel ?l }', message: "unknown prefix 'skos' at line 4, column 6: add the line\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nat the top of the query", line: 4, column: 6 },
    { query: 'SELECT ?l WHERE { ?s foo:label ?l }', message: "unknown prefix 'foo' at line 1, column 22: declare it at the top of the query: PREFIX foo: <namespace IRI>", line: 1, column: 22 },
    { query: 'SELECT ?l WHERE { ?s ots:name ?l }', message: "unknown prefix 'ots' at line 1, column 22: add the line\nPREFIX ots: <https://w3id.org/ots-kg/ontology#>\nat the top of the query", line: 1, column: 22 },
    // Comunica would evaluate this one itself (GROUP_CONCAT) and its parser knows rdfs: the prefix is still required.
    { query: 'SELECT (GROUP_CONCAT(?l) AS ?g) WHERE { ?s rdfs:label ?l }', message: "unknown prefix 'rdfs' at line 1, column 44: add the line\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nat the top of the query", line: 1, column: 44 },
  ])('answers 400 naming the prefix and its PREFIX line: $query', async ({ query, message, line, column }) => {
    const e = await failure(query);
    expect(e.toData()).toEqual({ status: 400, code: 'syntax', message, line, column });
  });

  it('leaves other syntax errors as they were', async () => {
    const e = await failure('SELECT ?x WHERE { ?s ?p }');
    expect(e.code).toBe('syntax');
    expect(e.message).not.toContain('unknown prefix');
  });
});
