// Quick plans: a plain SELECT / ASK is planned from its tokens; everything else, and anything the store refuses, takes the full parse.
import { readFileSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../src/build.js';
import { DEFAULT_BASE_IRI } from '../src/config.js';
import { SparqlEngine } from '../src/query/engine.js';
import { QueryError } from '../src/query/errors.js';
import { quickConcat, quickPlan } from '../src/query/quick-plan.js';

describe('quickPlan', () => {
  it.each([
    ['SELECT ?s ?o WHERE { ?s ?p ?o }', { form: 'select', variables: ['s', 'o'] }],
    ['select distinct $s { ?s ?p ?o }', { form: 'select', variables: ['s'] }],
    ['PREFIX ex: <http://ex/>\nBASE <http://b/>\nSELECT ?s (COUNT(*) AS ?n) (STR(?o) AS ?t) WHERE { ?s ex:p ?o } GROUP BY ?s ?o', { form: 'select', variables: ['s', 'n', 't'] }],
    ['SELECT (COUNT(DISTINCT *) AS ?n) { ?s ?p ?o }', { form: 'select', variables: ['n'] }],
    ['ASK { ?s ?p ?o }', { form: 'ask', variables: [] }],
    // Keywords inside IRIs, strings, comments and prefixed names are not keywords (SERVICE aside: see below).
    ['SELECT ?s { ?s <http://ex/MINUS> "MINUS * ?" . ?s ex:MINUS ?o } # MINUS <x> { }', { form: 'select', variables: ['s'] }],
    ["SELECT ?s { ?s ?p '''BNODE\n?''' FILTER(?s < ?p && ?p > 1) }", { form: 'select', variables: ['s'] }],
    ['SELECT ?s { ?s ?p "a"@en-GB , "1"^^<http://www.w3.org/2001/XMLSchema#integer> . ?s ?p ?o. }', { form: 'select', variables: ['s'] }],
  ])('plans %j', (text, plan) => {
    expect(quickPlan(text)).toEqual(plan);
  });

  it.each([
    ['SELECT * { ?s ?p ?o }', 'SELECT * needs the in-scope variables'],
    ['SELECT ?s { ?s <http://ex/p>* ?o }', 'zero-or-more path'],
    ['SELECT ?s { ?s <http://ex/p>? ?o }', 'zero-or-one path'],
    ['SELECT ?s { ?s ?p ?o FILTER(?o * 2 > 1) }', 'a product (read like a path)'],
    ['SELECT ?s { SERVICE <http://ex/sparql> { ?s ?p ?o } }', 'SERVICE'],
    ['SELECT ?s { ?s ?p ?o.SERVICE <http://ex/sparql> { ?s ?p ?o } }', 'SERVICE glued to a triple'],
    ['SELECT ?s { ?s ?p ?o.MINUS { ?s ?p 1 } }', 'MINUS glued to a triple'],
    // Any text that might hold SERVICE takes the full parse, even where it is no keyword: the allowlist is never skipped.
    ['SELECT ?s { ?s <http://ex/SERVICE> "service" . ?s ex:Service ?o } # SERVICE <x> { }', 'SERVICE in an IRI, a string, a name, a comment'],
    ['SELECT ?s { ?s ?p "\\u0053" }', 'a \\u escape'],
    ['select ?s { ?s ?p ?o minus { ?s ?p 1 } }', 'MINUS'],
    ['SELECT (GROUP_CONCAT(?o) AS ?g) { ?s ?p ?o }', 'GROUP_CONCAT'],
    ['SELECT (BNODE() AS ?b) {}', 'BNODE'],
    ['SELECT ?s FROM <http://ex/g> { ?s ?p ?o }', 'FROM'],
    ['CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }', 'CONSTRUCT'],
    ['DESCRIBE <http://ex/s>', 'DESCRIBE'],
    ['INSERT DATA { <http://ex/s> <http://ex/p> 1 }', 'an update'],
    ['SELECT ?s { <<( ?s ?p ?o )>> ?q ?r }', 'a triple term'],
    ['SELECT ?s ?s { ?s ?p ?o }', 'a repeated variable'],
    ['SELECT ?s { ?s ?p "unterminated }', 'an unterminated string'],
    ['SELECT { ?s ?p ?o }', 'an empty projection'],
    ['SELECT ?s', 'no pattern'],
    ['PREFIX ex: SELECT ?s { }', 'a broken prologue'],
  ])('leaves %j to the full parse (%s)', (text) => {
    expect(quickPlan(text)).toBeUndefined();
  });
});

describe('quickConcat', () => {
  it('rewrites each GROUP_CONCAT of the projection over STR(?v), followed by its two hidden counts', () => {
    const q = 'SELECT ?s (GROUP_CONCAT(DISTINCT ?o; SEPARATOR=", ") AS ?all) (GROUP_CONCAT($p) AS ?ps) WHERE { ?s ?p ?o } GROUP BY ?s # GROUP_CONCAT(?x)';
    const plan = quickConcat(q);
    expect(plan?.variables).toEqual(['s', 'all', 'ps']);
    expect(plan?.text).toBe(
      'SELECT ?s (GROUP_CONCAT(DISTINCT STR(?o); SEPARATOR=", ") AS ?all) (COUNT(DISTINCT ?o) AS ?otskg_terms_all) (COUNT(DISTINCT STR(?o)) AS ?otskg_texts_all) ' +
        '(GROUP_CONCAT(STR(?p)) AS ?ps) (COUNT(?p) AS ?otskg_terms_ps) (COUNT(STR(?p)) AS ?otskg_texts_ps) WHERE { ?s ?p ?o } GROUP BY ?s # GROUP_CONCAT(?x)',
    );
    expect(plan?.pairs).toEqual([['otskg_terms_all', 'otskg_texts_all'], ['otskg_terms_ps', 'otskg_texts_ps']]);
  });

  it('picks hidden names the query does not use', () => {
    const plan = quickConcat('SELECT (GROUP_CONCAT(?o) AS ?g) WHERE { ?s ?p ?o BIND(1 AS ?otskg_terms_g) }');
    expect(plan?.pairs).toEqual([['otskg_terms_g2', 'otskg_texts_g']]);
  });

  it.each([
    ['SELECT (GROUP_CONCAT(UCASE(?o)) AS ?g) { ?s ?p ?o }', 'over an expression'],
    ['SELECT DISTINCT (GROUP_CONCAT(?o) AS ?g) { ?s ?p ?o } GROUP BY ?s', 'under SELECT DISTINCT'],
    ['SELECT ?s { { SELECT ?s (GROUP_CONCAT(?o) AS ?g) { ?s ?p ?o } GROUP BY ?s } }', 'in a sub-query'],
    ['SELECT ?s (STR(GROUP_CONCAT(?o)) AS ?g) { ?s ?p ?o } GROUP BY ?s', 'inside another expression'],
    ['SELECT ?s (COUNT(?o) AS ?n) { ?s ?p ?o } GROUP BY ?s HAVING (GROUP_CONCAT(?o) != "")', 'in HAVING'],
    ['SELECT (GROUP_CONCAT(?o) AS ?g) { ?s ?p ?o MINUS { ?s ?p 1 } }', 'beside MINUS'],
    ['SELECT (GROUP_CONCAT(?o) AS ?g) { SERVICE <http://ex/sparql> { ?s ?p ?o } }', 'beside SERVICE'],
    ['SELECT (GROUP_CONCAT(?o) AS ?g) { ?s <http://ex/p>* ?o }', 'beside a zero-length path'],
    ['SELECT ?s { ?s ?p ?o }', 'no GROUP_CONCAT'],
  ])('leaves %j to the full parse (%s)', (text) => {
    expect(quickConcat(text)).toBeUndefined();
  });
});

describe('the engine with quick plans', () => {
  let quick: SparqlEngine;
  let full: SparqlEngine;
  beforeAll(async () => {
    const graph = await buildGraph({ dataDir: 'data', base: DEFAULT_BASE_IRI });
    quick = SparqlEngine.create({ quads: graph.quads });
    full = SparqlEngine.create({ quads: graph.quads, quickPlans: false });
  });

  /** The answer as text, or the error it raised (an ASK asked for as CSV is a 406 both ways). */
  async function text(e: SparqlEngine, q: string, accept: string): Promise<{ mediaType: string; body: string } | { error: unknown }> {
    try {
      const a = await e.answer(q, { accept });
      let body = '';
      for await (const c of a.body) body += c;
      return { mediaType: a.mediaType, body };
    } catch (error) {
      return { error: error instanceof QueryError ? error.toData() : error };
    }
  }

  const examples = readdirSync('sparql')
    .filter((f) => f.endsWith('.rq') && !f.startsWith('federated-'))
    .sort();
  const extra = [
    'SELECT ?p ?o WHERE { <https://w3id.org/ots-kg/id/state/kyrgyzstan> ?p ?o }',
    'SELECT ?o ?p WHERE { <https://w3id.org/ots-kg/id/state/kyrgyzstan> ?p ?o } ORDER BY ?p LIMIT 3',
    'ASK { ?s a <https://w3id.org/ots-kg/ontology#Summit> }',
    'SELECT (COUNT(*) AS ?n) ?type WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n) ?type',
    'SELECT ?nothing WHERE { ?s <http://ex/none> ?nothing }',
  ];

  it.each([...examples.map((f) => readFileSync(`sparql/${f}`, 'utf8')), ...extra])('answers as the full parse does: %s', async (q) => {
    for (const accept of ['application/sparql-results+json', 'application/sparql-results+xml', 'text/csv']) {
      const got = await text(quick, q, accept);
      expect(got).toEqual(await text(full, q, accept));
      if (accept !== 'text/csv') expect(got).toHaveProperty('body');
    }
  });

  it('hands the client text to the store in one call when it plans quickly', async () => {
    const q = 'SELECT ?o WHERE { <https://w3id.org/ots-kg/id/state/kyrgyzstan> ?p ?o } # one call';
    const calls = { count: 0, texts: [] as string[] };
    await quick.evaluate(q, {}, calls);
    expect(calls).toEqual({ count: 1, texts: [q] });
  });

  it.each([
    'SELECT ?s WHERE { ?s ?p }',
    'SELECT ?s WHERE { ?s ?p ?o . FILTER(?o = ) }',
    'ASK { ?s ?p ?o ',
    'SELECT ?x WHERE { ?s ?p ?o }\nGROUP BY ?s',
    // GROUP_CONCAT rewritten from the tokens: the client's own error, not one in the rewritten text.
    'SELECT (GROUP_CONCAT(?o) AS ?g) WHERE { ?s ?p ?o ',
    'SELECT (GROUP_CONCAT(?o; SEPARATOR=",") AS ?g) WHERE { ?s ?p ?o FILTER(?o = ) }',
  ])('reports a query the store refuses exactly as the full parse does: %j', async (q) => {
    const got = await quick.answer(q).then(
      () => undefined,
      (e: unknown) => e,
    );
    const want = await full.answer(q).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(got).toBeInstanceOf(QueryError);
    expect((got as QueryError).toData()).toEqual((want as QueryError).toData());
  });
});
