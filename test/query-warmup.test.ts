// The start-up worker's answers straight from the store, and everything it leaves to the full engine.
import { readFileSync } from 'node:fs';
import oxigraph from 'oxigraph';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerFromStore } from '../src/query/warmup-worker.js';
import type { AnswerOptions } from '../src/query/engine.js';

const NQ = readFileSync(new URL('./fixtures/query/summit.nq', import.meta.url), 'utf8');
const STATES = 'SELECT ?s WHERE { ?s a <https://w3id.org/ots-kg/ontology#State> } ORDER BY ?s';

describe('the start-up worker', () => {
  let store: oxigraph.Store;
  beforeAll(() => {
    store = new oxigraph.Store();
    store.load(NQ, { format: 'application/n-quads' });
  });

  it.each([
    { name: 'SELECT as SPARQL JSON by default', query: STATES, options: {}, type: 'application/sparql-results+json', body: /"value":"https:\/\/w3id.org\/ots-kg\/id\/state\/hungary"/ },
    { name: 'SELECT as CSV when asked', query: STATES, options: { accept: 'text/csv' }, type: 'text/csv', body: /^s\r?\nhttps:\/\/w3id.org\/ots-kg\/id\/state\/hungary/ },
    { name: 'ASK as XML when asked', query: 'ASK { ?s ?p ?o }', options: { accept: 'application/sparql-results+xml' }, type: 'application/sparql-results+xml', body: /<boolean>true<\/boolean>/ },
    { name: 'CONSTRUCT as Turtle by default', query: 'CONSTRUCT WHERE { ?s a <http://schema.org/Person> }', options: {}, type: 'text/turtle', body: /viktor-orban/ },
    { name: 'the protocol dataset', query: 'SELECT ?d WHERE { ?d a ?t }', options: { defaultGraphUris: ['http://kasei.us/2009/09/sparql/data/data2.rdf'] }, type: 'application/sparql-results+json', body: /data2\.rdf/ },
  ] as { name: string; query: string; options: AnswerOptions; type: string; body: RegExp }[])('answers $name', ({ query, options, type, body }) => {
    const out = answerFromStore(store, query, options);
    if ('defer' in out) throw new Error(`deferred: ${out.defer}`);
    expect(out.mediaType.split(';')[0]).toBe(type);
    expect(out.data).toMatch(body);
  });

  it.each([
    { name: 'a SERVICE query', query: 'SELECT * { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }', options: {} },
    { name: 'an update', query: 'INSERT DATA { <http://a> <http://b> <http://c> }', options: {} },
    { name: 'a syntax error (the full engine words the message)', query: 'SELECT * WHERE { ?s ?p }', options: {} },
    { name: 'an answer over the row limit (the full engine cuts it and says so)', query: STATES, options: { maxRows: 1 } },
    { name: 'an Accept no format meets (the full engine answers 406)', query: STATES, options: { accept: 'image/png' } },
    { name: 'GROUP_CONCAT (the store keeps a shared language tag)', query: 'SELECT (GROUP_CONCAT(?l) AS ?g) WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }', options: {} },
    { name: 'BNODE(x)', query: 'SELECT (BNODE(STR(?s)) AS ?b) WHERE { ?s ?p ?o }', options: {} },
    { name: 'MINUS', query: 'SELECT * WHERE { ?s ?p ?o MINUS { ?s a ?t } }', options: {} },
    { name: 'a zero-or-more path', query: 'SELECT * WHERE { ?s <https://w3id.org/ots-kg/ontology#participation>* ?o }', options: {} },
  ] as { name: string; query: string; options: AnswerOptions }[])('leaves $name to the full engine', ({ query, options }) => {
    expect(answerFromStore(store, query, options)).toHaveProperty('defer');
  });
});
