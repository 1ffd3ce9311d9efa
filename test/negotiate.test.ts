// Content negotiation: q-values, specificity, header order, server order, 406, and the result-type candidates.
import { describe, expect, it } from 'vitest';
import { negotiate } from '../src/http/negotiate.js';
import { CANDIDATES, chooseFormat } from '../src/query/results.js';
import { QueryError } from '../src/query/errors.js';

const names = (accept: string | undefined, type: keyof typeof CANDIDATES): string | undefined => negotiate(accept, CANDIDATES[type], { fallback: CANDIDATES[type][0] })?.name;

describe('negotiate', () => {
  it.each([
    { accept: undefined, type: 'bindings', expected: 'json' },
    { accept: '', type: 'quads', expected: 'turtle' },
    { accept: 'text/csv', type: 'bindings', expected: 'csv' },
    { accept: 'application/sparql-results+json;q=0.5, text/csv', type: 'bindings', expected: 'csv' },
    { accept: 'text/tab-separated-values, text/csv', type: 'bindings', expected: 'tsv' },
    { accept: 'text/*;q=0.9, text/csv;q=0.1', type: 'bindings', expected: 'tsv' },
    { accept: '*/*', type: 'quads', expected: 'turtle' },
    { accept: 'application/json', type: 'bindings', expected: 'json' },
    { accept: 'application/sparql-results+json,application/json,text/javascript', type: 'boolean', expected: 'json' },
    { accept: 'application/sparql-results+json, text/turtle;q=0.9', type: 'quads', expected: 'turtle' },
    { accept: 'application/rdf+xml', type: 'quads', expected: 'rdfxml' },
    { accept: 'application/x-turtle', type: 'quads', expected: 'turtle' },
    { accept: 'text/csv', type: 'boolean', expected: undefined },
    { accept: 'image/png', type: 'bindings', expected: undefined },
    { accept: 'text/csv;q=0', type: 'bindings', expected: undefined },
    { accept: 'TEXT/CSV', type: 'bindings', expected: 'csv' },
  ] as const)('picks $expected for a $type result given Accept: $accept', ({ accept, type, expected }) => {
    expect(names(accept, type)).toBe(expected);
  });
});

describe('chooseFormat', () => {
  it.each([
    { format: 'csv', accept: 'application/sparql-results+json', type: 'bindings', expected: 'csv' },
    { format: 'text/tab-separated-values', accept: undefined, type: 'bindings', expected: 'tsv' },
    { format: 'ntriples', accept: 'text/turtle', type: 'quads', expected: 'ntriples' },
  ] as const)('lets ?format=$format override Accept', ({ format, accept, type, expected }) => {
    expect(chooseFormat(type, accept, format).name).toBe(expected);
  });

  it.each([
    { format: 'turtle', accept: undefined, type: 'bindings', message: /format=turtle cannot carry a SELECT result/ },
    { format: undefined, accept: 'image/png', type: 'quads', message: /supported: text\/turtle/ },
  ] as const)('answers 406 with the supported list when nothing fits ($message)', ({ format, accept, type, message }) => {
    let err: unknown;
    try {
      chooseFormat(type, accept, format);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QueryError);
    expect((err as QueryError).status).toBe(406);
    expect((err as QueryError).message).toMatch(message);
  });
});
