// The engine in-process: answers checked against expected results, plus the contract with Comunica's internals it relies on.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SparqlEngine, type Evaluated } from '../src/query/engine.js';
import { QueryError } from '../src/query/errors.js';
import { locate } from '../src/query/parse.js';

const NQ = readFileSync(new URL('./fixtures/query/summit.nq', import.meta.url), 'utf8');
const OTS = 'https://w3id.org/ots-kg/ontology#';
const ID = 'https://w3id.org/ots-kg/id/';
const K = 'http://kasei.us/2009/09/sparql/data';

function rows(r: Evaluated): Record<string, string>[] {
  if (r.type !== 'bindings') throw new Error(`expected bindings, got ${r.type}`);
  return r.bindings.map((b) => Object.fromEntries([...b].map(([k, v]) => [k.value, v.value])));
}

describe('the query engine', () => {
  let engine: SparqlEngine;
  beforeAll(() => {
    engine = SparqlEngine.create({ nquads: NQ, serviceAllowlist: ['https://query.wikidata.org/sparql'] });
  });

  it.each([
    {
      name: 'a join of participations finds each state with its representative',
      query: `SELECT ?state ?person WHERE { ?s <${OTS}participation> ?p . ?p <${OTS}participant> ?state ; <${OTS}representative> ?person } ORDER BY ?state`,
      expected: [
        { state: `${ID}state/hungary`, person: `${ID}person/viktor-orban` },
        { state: `${ID}state/kyrgyzstan`, person: `${ID}person/sadyr-japarov` },
      ],
    },
    {
      name: 'the default graph is the data, not the union of the named graphs',
      query: `SELECT ?d WHERE { ?d a <http://xmlns.com/foaf/0.1/Document> }`,
      expected: [],
    },
    {
      name: 'GRAPH reaches the named graphs',
      query: `SELECT ?g WHERE { GRAPH ?g { ?d a <http://xmlns.com/foaf/0.1/Document> } } ORDER BY ?g`,
      expected: [{ g: `${K}/data1.rdf` }, { g: `${K}/data2.rdf` }, { g: `${K}/data3.rdf` }],
    },
    {
      name: 'FROM picks the default graph',
      query: `SELECT ?d FROM <${K}/data2.rdf> WHERE { ?d a ?t }`,
      expected: [{ d: `${K}/data2.rdf` }],
    },
    {
      name: 'SELECT * keeps the variables in the order they appear',
      query: `SELECT * WHERE { <${ID}state/hungary> ?p ?o FILTER(?p = <http://www.w3.org/2002/07/owl#sameAs>) }`,
      expected: [{ p: 'http://www.w3.org/2002/07/owl#sameAs', o: 'http://www.wikidata.org/entity/Q28' }],
    },
  ])('$name', async ({ query, expected }) => {
    const r = await engine.evaluate(query);
    expect(rows(r)).toEqual(expected);
  });

  it('replaces FROM by the protocol dataset when one is given', async () => {
    const r = await engine.evaluate(`SELECT ?d FROM <${K}/data2.rdf> WHERE { ?d a ?t }`, { defaultGraphUris: [`${K}/data3.rdf`] });
    expect(rows(r)).toEqual([{ d: `${K}/data3.rdf` }]);
  });

  it('answers ASK with a boolean and CONSTRUCT with quads', async () => {
    expect(await engine.evaluate(`ASK { <${ID}state/hungary> a <${OTS}State> }`)).toEqual({ type: 'boolean', value: true });
    const c = await engine.evaluate(`CONSTRUCT { ?s <http://ex/same> ?o } WHERE { ?s <http://www.w3.org/2002/07/owl#sameAs> ?o }`);
    expect(c.type === 'quads' && c.quads.length).toBe(4);
  });

  it('hands a SERVICE-free query to the store whole: one call, the text unchanged', async () => {
    const calls = { count: 0, texts: [] as string[] };
    const q = `SELECT ?l WHERE { ?s a <${OTS}State> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(lang(?l) = "en") } ORDER BY ?l LIMIT 5`;
    await engine.evaluate(q, {}, calls);
    expect(calls).toEqual({ count: 1, texts: [q] });
  });

  it('keeps SERVICE out of the store: the local part goes down as a sub-query without it', async () => {
    const calls = { count: 0, texts: [] as string[] };
    const q = `SELECT * WHERE { ?s <http://www.w3.org/2002/07/owl#sameAs> ?wd SERVICE <https://query.wikidata.org/sparql> { ?wd ?p ?o } }`;
    // Offline, the SERVICE call itself fails; what matters is what reached the store before it.
    await engine.evaluate(q, {}, calls).catch(() => undefined);
    expect(calls.count).toBeGreaterThanOrEqual(1);
    for (const t of calls.texts) expect(t).not.toMatch(/SERVICE/i);
  });

  it.each([
    { name: 'a syntax error', query: 'SELECT * WHERE { ?s ?p }', status: 400, code: 'syntax' },
    { name: 'an update', query: 'INSERT DATA { <http://a> <http://b> <http://c> }', status: 400, code: 'update-refused' },
    { name: 'a SERVICE not on the allowlist', query: 'SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }', status: 400, code: 'federation-refused' },
    { name: 'a SERVICE on a variable', query: 'SELECT * { SERVICE ?x { ?s ?p ?o } }', status: 400, code: 'federation-refused' },
    { name: 'a SERVICE inside FILTER EXISTS', query: 'SELECT * { ?s ?p ?o FILTER EXISTS { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } } }', status: 400, code: 'federation-refused' },
  ])('refuses $name with a $status QueryError', async ({ query, status, code }) => {
    const err = await engine.evaluate(query).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(QueryError);
    expect(err).toMatchObject({ status, code });
  });

  it('answers as the endpoint would: negotiated format, rows capped with a header', async () => {
    const a = await engine.answer(`SELECT ?s WHERE { ?s a ?t } ORDER BY ?s`, { accept: 'text/csv', maxRows: 2 });
    let body = '';
    for await (const c of a.body) body += c;
    expect(a.mediaType).toMatch(/^text\/csv/);
    expect(a.headers).toMatchObject({ 'X-Result-Truncated': 'true', 'X-Result-Row-Limit': '2' });
    expect(body.trim().split(/\r?\n/)).toHaveLength(3);
  });

  it('swaps its dataset with load()', async () => {
    const other = SparqlEngine.create({ nquads: '<http://a> <http://b> "1" .\n' });
    other.load({ nquads: '<http://x> <http://y> "2" .\n' });
    expect(rows(await other.evaluate('SELECT ?o WHERE { ?s ?p ?o }'))).toEqual([{ o: '2' }]);
  });
});

describe('where the store departs from SPARQL 1.1, Comunica evaluates', () => {
  let engine: SparqlEngine;
  beforeAll(() => {
    engine = SparqlEngine.create({ nquads: NQ });
  });

  it.each([
    { name: 'a plain join', query: `SELECT * WHERE { ?s <${OTS}participant> ?o }`, route: 'store' },
    { name: 'GROUP_CONCAT over a variable (rewritten, with checks)', query: 'SELECT (GROUP_CONCAT(?l) AS ?all) WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }', route: 'store' },
    { name: 'GROUP_CONCAT over an expression', query: 'SELECT (GROUP_CONCAT(UCASE(?l)) AS ?all) WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }', route: 'both' },
    { name: 'GROUP_CONCAT under DISTINCT', query: 'SELECT DISTINCT (GROUP_CONCAT(?l) AS ?all) WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } GROUP BY ?s', route: 'both' },
    { name: 'BNODE(x)', query: 'SELECT (BNODE(STR(?s)) AS ?b) WHERE { ?s ?p ?o }', route: 'both' },
    { name: 'MINUS', query: 'SELECT * WHERE { ?s ?p ?o MINUS { ?s a ?t } }', route: 'both' },
    { name: 'a zero-or-more path', query: `SELECT * WHERE { ?s <${OTS}participation>* ?o }`, route: 'comunica' },
    { name: 'a zero-or-one path', query: `SELECT * WHERE { ?s <${OTS}participation>? ?o }`, route: 'comunica' },
    { name: 'a one-or-more path', query: `SELECT * WHERE { ?s <${OTS}participation>+ ?o }`, route: 'store' },
  ])('routes $name to the $route', async ({ query, route }) => {
    expect(await engine.route(query)).toBe(route);
  });

  it('gives GROUP_CONCAT over tagged literals a simple literal, as the specification says', async () => {
    const e = SparqlEngine.create({ nquads: '<http://a> <http://p> "1"@en .\n<http://a> <http://p> "2"@en .\n' });
    const r = await e.evaluate('SELECT (GROUP_CONCAT(?o; SEPARATOR=" ") AS ?g) WHERE { ?s ?p ?o }');
    if (r.type !== 'bindings') throw new Error('expected bindings');
    const g = r.bindings[0]?.get('g');
    expect(g?.termType === 'Literal' && g.language).toBe('');
    expect(g?.value.split(' ').sort()).toEqual(['1', '2']);
  });

  it('keeps the lexical form of the data when the store would rewrite it', async () => {
    const e = SparqlEngine.create({ nquads: '<http://a> <http://p> "1.0E6"^^<http://www.w3.org/2001/XMLSchema#double> .\n' });
    expect(await e.route('SELECT * { ?s ?p ?o }')).toBe('comunica');
    const a = await e.answer('SELECT ?o { ?s ?p ?o }', { accept: 'text/csv' });
    let body = '';
    for await (const c of a.body) body += c;
    expect(body.trim().split(/\r?\n/)).toEqual(['o', '1.0E6']);
  });

  it('applies the protocol dataset on the Comunica path too', async () => {
    const r = await engine.evaluate('SELECT ?d WHERE { ?d a ?t MINUS { ?d <http://example.org/none> ?x } }', { defaultGraphUris: [`${K}/data2.rdf`] });
    expect(rows(r)).toEqual([{ d: `${K}/data2.rdf` }]);
  });
});

describe('locating a syntax error', () => {
  it.each([
    { message: 'Parse error on line 3\n ?s <a> ?b ?c }\n-----------^\nExpecting', text: 'a\nb\n ?s <a> ?b ?c }', line: 3, column: 12 },
    { message: 'unexpected character: ->"<- at offset: 4, skipped 0 characters.', text: 'AB\nC"D', line: 2, column: 2 },
    { message: "Expecting --> } <-- but found --> '' <--", text: 'ASK {', line: 1, column: 6 },
  ])('finds line $line, column $column', ({ message, text, line, column }) => {
    expect(locate(message, text)).toEqual({ line, column });
  });
});
