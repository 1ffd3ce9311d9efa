// What common clients send, and what they get: the media types they still use, SPARQLWrapper's format words, and an
// Accept header naming only result-set types on a query that makes a graph (roqet).
import { describe, expect, it } from 'vitest';
import { negotiate } from '../src/http/negotiate.js';
import { chooseDescriptionFormat } from '../src/http/linked-data/router.js';
import { QueryError } from '../src/query/errors.js';
import { CANDIDATES, acceptsOnlyResultSets, chooseFormat } from '../src/query/results.js';

describe('media types clients still send', () => {
  it.each([
    // rdflib's Graph().parse(url, format=...) and rapper -i ...
    { accept: 'text/plain, */*;q=0.1', type: 'quads', expected: 'ntriples' },
    { accept: 'application/n-triples, text/plain;q=0.1, */*;q=0.1', type: 'quads', expected: 'ntriples' },
    { accept: 'text/n3', type: 'quads', expected: 'turtle' },
    { accept: 'text/rdf+n3', type: 'quads', expected: 'turtle' },
    { accept: 'application/turtle', type: 'quads', expected: 'turtle' },
    { accept: 'application/json', type: 'quads', expected: 'jsonld' },
    { accept: 'application/ld+json, application/json;q=0.9, */*;q=0.1', type: 'quads', expected: 'jsonld' },
    { accept: 'application/json', type: 'bindings', expected: 'json' },
    { accept: 'application/xml', type: 'bindings', expected: 'xml' },
    { accept: 'text/xml', type: 'boolean', expected: 'xml' },
    // An alias counts only when named: text/* still means the text formats by their own types.
    { accept: 'text/*;q=0.9, text/csv;q=0.1', type: 'bindings', expected: 'tsv' },
    { accept: 'text/*', type: 'quads', expected: 'turtle' },
    // A browser's Accept on a SELECT: application/xml;q=0.9 outranks */*;q=0.8.
    { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', type: 'bindings', expected: 'xml' },
  ] as const)('Accept: $accept on a $type result gives $expected', ({ accept, type, expected }) => {
    expect(negotiate(accept, CANDIDATES[type])?.name).toBe(expected);
  });

  it.each([
    { accept: 'text/plain, */*;q=0.1', expected: 'ntriples' },
    { accept: 'text/n3', expected: 'turtle' },
    { accept: 'application/json', expected: 'jsonld' },
    { accept: 'application/rdf+xml, text/rdf;q=0.6, */*;q=0.1', expected: 'rdfxml' },
    { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', expected: 'html' },
    // A generic name beside text/html is a browser's list (lynx sends the first): HTML, as before those names were read.
    { accept: 'text/html, text/plain, text/sgml, */*;q=0.01', expected: 'html' },
    { accept: 'text/html, application/json', expected: 'html' },
    // A machine naming RDF by its own type beside HTML still gets RDF.
    { accept: 'text/html, text/turtle', expected: 'turtle' },
  ])('an entity IRI asked with Accept: $accept answers $expected', ({ accept, expected }) => {
    expect(chooseDescriptionFormat(accept)?.name).toBe(expected);
  });
});

describe("SPARQLWrapper's format words (sent as format=, output= and results=)", () => {
  it.each([
    { format: 'xml', type: 'bindings', expected: 'xml' },
    { format: 'xml', type: 'boolean', expected: 'xml' },
    { format: 'xml', type: 'quads', expected: 'rdfxml' },
    { format: 'rdf', type: 'quads', expected: 'rdfxml' },
    { format: 'rdf+xml', type: 'quads', expected: 'rdfxml' },
    { format: 'n3', type: 'quads', expected: 'turtle' },
    { format: 'turtle', type: 'quads', expected: 'turtle' },
    { format: 'json', type: 'bindings', expected: 'json' },
    { format: 'json', type: 'quads', expected: 'jsonld' },
    { format: 'json-ld', type: 'quads', expected: 'jsonld' },
    { format: 'application/json', type: 'bindings', expected: 'json' },
    { format: 'application/json', type: 'quads', expected: 'jsonld' },
    { format: 'text/plain', type: 'quads', expected: 'ntriples' },
    { format: 'csv', type: 'bindings', expected: 'csv' },
  ] as const)('format=$format on a $type result gives $expected', ({ format, type, expected }) => {
    expect(chooseFormat(type, 'image/png', format).name).toBe(expected);
  });

  it.each([
    { format: 'n3', type: 'bindings' },
    { format: 'rdf', type: 'boolean' },
    { format: 'csv', type: 'quads' },
    { format: 'text/plain', type: 'bindings' },
  ] as const)('format=$format on a $type result is still a 406 naming what is on offer', ({ format, type }) => {
    expect(() => chooseFormat(type, undefined, format)).toThrow(QueryError);
    expect(() => chooseFormat(type, undefined, format)).toThrow(/use one of: /);
  });
});

describe('an Accept header that names only result-set types', () => {
  it.each([
    'application/sparql-results+xml',
    'application/sparql-results+json, application/sparql-results+xml;q=0.5',
    'text/csv, text/tab-separated-values',
  ])('on a CONSTRUCT/DESCRIBE gets the default graph syntax, Turtle (Accept: %s)', (accept) => {
    expect(acceptsOnlyResultSets(accept)).toBe(true);
    expect(chooseFormat('quads', accept, undefined).name).toBe('turtle');
  });

  it.each(['image/png', 'application/sparql-results+xml, image/png', 'application/sparql-results+xml;q=0, text/html'])(
    'is no excuse when the header names another type: Accept: %s on a graph is a 406',
    (accept) => {
      expect(acceptsOnlyResultSets(accept)).toBe(false);
      let err: unknown;
      try {
        chooseFormat('quads', accept, undefined);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(QueryError);
      expect((err as QueryError).status).toBe(406);
    },
  );

  it('does not turn a graph-only Accept on a SELECT into a result format', () => {
    expect(() => chooseFormat('bindings', 'text/turtle', undefined)).toThrow(/none of the types in Accept/);
  });
});
