// Reading a store's SELECT answer written as a result set in N-Triples (the vocabulary of
// http://www.w3.org/2005/sparql-results#), which ots-kg asks Virtuoso for because Virtuoso writes it several times
// faster than SPARQL Results JSON. The text below is in the shape Virtuoso 7.2 writes (its first line, the result set's
// type as `rdf:type`, is not valid N-Triples and is passed over); test/store-sparql.test.ts checks the answers over a
// real Virtuoso against the embedded store.
import { describe, expect, it } from 'vitest';
import { DataFactory } from 'rdf-data-factory';
import { SparqlEngine } from '../src/query/engine.js';
import { NTriplesResultReader, RemoteQuerySource, ntriplesSolutions, queryAtFault, storeReason } from '../src/query/remote-source.js';
import { limitText } from '../src/query/quick-plan.js';

const df = new DataFactory();
const RS = 'http://www.w3.org/2005/sparql-results#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

/** A result set in N-Triples, solutions given as lists of [variable, N-Triples term]. */
function resultSet(vars: string[], rows: [string, string][][]): string {
  const lines = ['_:R rdf:type <http://www.w3.org/1999/02/22-rdf-syntax-ns#res:ResultSet> .'];
  for (const v of vars) lines.push(`_:R <${RS}resultVariable> "${v}" .`);
  rows.forEach((row, r) => {
    lines.push(`_:R <${RS}solution> _:Rr${r} .`);
    row.forEach(([v, term], c) => {
      lines.push(`_:Rr${r} <${RS}binding> _:Rr${r}c${c} .`, `_:Rr${r}c${c} <${RS}variable> "${v}" .`, `_:Rr${r}c${c} <${RS}value> ${term} .`);
    });
  });
  return `${lines.join('\n')}\n`;
}

const show = (rows: ReturnType<typeof ntriplesSolutions>) => rows.map((r) => r.map(([v, t]) => `${v}=${t.termType}:${t.value}${t.termType === 'Literal' ? `@${(t as { language: string }).language}^^${(t as { datatype: { value: string } }).datatype.value}` : ''}`));

describe('a result set in N-Triples', () => {
  it('gives every kind of term, escapes decoded, in the order of the solutions; unbound variables are absent', () => {
    const text = resultSet(
      ['x', 'y'],
      [
        [['x', '<http://example.org/a%20b#c>'], ['y', '"a\\nb\\tc\\"d\\\\e"']],
        [['x', '"x"@en-us'], ['y', `"2.5"^^<${XSD}decimal>`]],
        [['x', '"\\u00FC\\u20AC\\U0001D11E"'], ['y', `"1"^^<${XSD}boolean>`]],
        [['y', '_:b10000']],
        [['x', `"plain"^^<${XSD}string>`], ['y', '"x"^^<http://example.org/dt>']],
        [],
      ],
    );
    expect(show(ntriplesSolutions(text, df, 'http://store.invalid/sparql'))).toEqual([
      ['x=NamedNode:http://example.org/a%20b#c', `y=Literal:a\nb\tc"d\\e@^^${XSD}string`],
      ['x=Literal:x@en-us^^http://www.w3.org/1999/02/22-rdf-syntax-ns#langString', `y=Literal:2.5@^^${XSD}decimal`],
      [`x=Literal:ü€𝄞@^^${XSD}string`, `y=Literal:true@^^${XSD}boolean`],
      ['y=BlankNode:b10000'],
      [`x=Literal:plain@^^${XSD}string`, 'y=Literal:x@^^http://example.org/dt'],
      [],
    ]);
  });

  it('read as it arrives, in pieces cut anywhere (inside a line, a term, an escape), gives the same solutions', () => {
    const text = resultSet(['x', 'y'], [[['x', '"a\\u00FCb\\nc"@en'], ['y', '<http://example.org/é>']], [['x', `"7"^^<${XSD}integer>`]], [['y', '_:b1']]]).replace(/\n/g, '\r\n');
    const whole = show(ntriplesSolutions(text, df, 'e'));
    expect(whole).toHaveLength(3);
    for (const size of [1, 2, 3, 7, 64]) {
      const reader = new NTriplesResultReader(df, 'e');
      for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
      expect(show(reader.end()), `pieces of ${size}`).toEqual(whole);
    }
  });

  it('orders by res:index where the answer gives it, and keeps the order of the text otherwise', () => {
    const text = resultSet(['n'], [[['n', '"1"']], [['n', '"2"']]]) + `_:Rr0 <${RS}index> "2"^^<${XSD}integer> .\n_:Rr1 <${RS}index> "1"^^<${XSD}integer> .\n`;
    expect(show(ntriplesSolutions(text, df, 'e')).map((r) => r[0])).toEqual([`n=Literal:2@^^${XSD}string`, `n=Literal:1@^^${XSD}string`]);
    expect(ntriplesSolutions(resultSet(['n'], []), df, 'e')).toEqual([]);
  });

  it('holds no more solutions than it is told to keep: the first ones of the text, or the first by res:index', () => {
    const rows = (n: number): [string, string][][] => Array.from({ length: n }, (_, i) => [['n', `"${i + 1}"`]]);
    const holding = (reader: NTriplesResultReader): number => (reader as unknown as { rows: Map<string, unknown> }).rows.size;
    // In the order of the text, read in pieces.
    const plain = new NTriplesResultReader(df, 'e', 3);
    let most = 0;
    for (const line of resultSet(['n'], rows(50)).split('\n')) {
      plain.push(`${line}\n`);
      most = Math.max(most, holding(plain));
    }
    expect(show(plain.end()).map((r) => r[0])).toEqual(['n=Literal:1@^^' + XSD + 'string', 'n=Literal:2@^^' + XSD + 'string', 'n=Literal:3@^^' + XSD + 'string']);
    expect(most).toBeLessThanOrEqual(3);
    // Sorted by res:index given with each solution (here in reverse order of the text): the first by index are kept.
    const lines = resultSet(['n'], rows(50)).split('\n');
    const indexed = lines.flatMap((l) => {
      const m = /^_:R <[^>]+solution> (_:Rr(\d+)) \.$/.exec(l);
      return m ? [l, `${m[1]} <${RS}index> "${50 - Number(m[2])}"^^<${XSD}integer> .`] : [l];
    });
    const sorted = new NTriplesResultReader(df, 'e', 2);
    most = 0;
    for (const l of indexed) {
      sorted.push(`${l}\n`);
      most = Math.max(most, holding(sorted));
    }
    expect(show(sorted.end()).map((r) => r[0])).toEqual(['n=Literal:50@^^' + XSD + 'string', 'n=Literal:49@^^' + XSD + 'string']);
    expect(most).toBeLessThanOrEqual(3);
    // res:index only after more solutions than it keeps: which ones the answer carries cannot be told, so none is given.
    const late = new NTriplesResultReader(df, 'store', 2);
    late.push(`${resultSet(['n'], rows(4))}_:Rr3 <${RS}index> "1"^^<${XSD}integer> .\n`);
    expect(() => late.end()).toThrow(/res:index only after 2 solutions/);
  });

  it('refuses a text that is not a result set, saying which line and why', () => {
    expect(() => ntriplesSolutions('<!DOCTYPE html><html>', df, 'http://store.invalid/sparql')).toThrow(/the store did not answer \(http:\/\/store\.invalid\/sparql\): its answer is not a result set in N-Triples \(line 1: /);
    expect(() => ntriplesSolutions(`_:a <${RS}value> "unterminated .\n`, df, 'e')).toThrow(/line 1: an object that cannot be read/);
    expect(() => ntriplesSolutions(`_:a <${RS}value> "x" \n`, df, 'e')).toThrow(/line 1: a statement that does not end with " \."/);
    expect(() => ntriplesSolutions(`_:a <${RS}value> "bad \\q escape" .\n`, df, 'e')).toThrow(/line 1: a literal with a bad escape/);
    expect(() => ntriplesSolutions(`_:R <${RS}solution> _:s .\n_:s <${RS}binding> _:b .\n_:b <${RS}variable> "x" .\n`, df, 'e')).toThrow(/a binding of its result set lacks its solution, its variable or its value/);
  });

  it('is what the source asks a store for when told to, and answers through the engine', async () => {
    const accepts: string[] = [];
    const fake = (async (_url: string | URL | Request, init?: RequestInit) => {
      accepts.push(new Headers(init?.headers).get('accept') ?? '');
      return new Response(resultSet(['s', 'n'], [[['s', '<http://example.org/a>'], ['n', `"3"^^<${XSD}integer>`]]]), { status: 200, headers: { 'content-type': 'application/n-triples; charset=UTF-8' } });
    }) as typeof fetch;
    const engine = SparqlEngine.create({ remote: new RemoteQuerySource({ endpoint: 'http://store.invalid/sparql', timeoutMs: 5000, selectFormat: 'ntriples', fetch: fake }) });
    const result = await engine.evaluate('SELECT ?s ?n WHERE { ?s <http://example.org/p> ?n }');
    expect(accepts).toEqual(['application/n-triples']);
    expect(result.type).toBe('bindings');
    if (result.type !== 'bindings') return;
    expect(result.bindings.map((b) => [...b].map(([v, t]) => `${v.value}=${t.value}`))).toEqual([['s=http://example.org/a', 'n=3']]);
  });
});

describe('a store that answers with an error', () => {
  const virtuoso = (state: string, code: string, message: string) => `Virtuoso ${state} Error ${code}: ${message}\n\nSPARQL query:\ndefine input:default-graph-uri <urn:ots-kg:store:default-graph> SELECT 1 {}`;

  it('is the query\'s fault for data exceptions, syntax and missing features, the store\'s for timeouts, deadlocks and memory', () => {
    expect(queryAtFault(500, virtuoso('22023', 'SL001', 'The SPARQL 1.1 function STRENDS() needs a string value as first argument'))).toBe(true);
    expect(queryAtFault(500, virtuoso('22012', 'SR084', 'Division by 0.'))).toBe(true);
    expect(queryAtFault(400, virtuoso('37000', 'SP030', "SPARQL compiler, line 1: syntax error at '}' before '}'"))).toBe(true);
    expect(queryAtFault(500, virtuoso('42000', 'SQ200', 'No such column'))).toBe(true);
    expect(queryAtFault(500, virtuoso('S1T00', 'SR171', 'Transaction timed out'))).toBe(false);
    expect(queryAtFault(500, virtuoso('40001', 'SR172', 'Transaction deadlocked'))).toBe(false);
    expect(queryAtFault(500, virtuoso('HY001', 'SR483', 'Out of memory'))).toBe(false);
    // Other stores: by HTTP status, and a 500 naming a syntax error.
    expect(queryAtFault(400, 'Parse error: unexpected "}"')).toBe(true);
    expect(queryAtFault(429, 'Too many requests')).toBe(false);
    expect(queryAtFault(503, 'Service Unavailable')).toBe(false);
    expect(queryAtFault(500, 'org.apache.jena.query.QueryParseException: Lexical error at line 1')).toBe(true);
    expect(queryAtFault(502, '<html>Bad Gateway</html>')).toBe(false);
  });

  it('gives the store\'s reason in one line, without the query it echoes back', () => {
    expect(storeReason(virtuoso('22012', 'SR084', 'Division by 0.'))).toBe('Virtuoso 22012 Error SR084: Division by 0.');
    expect(storeReason('')).toBe('no reason given');
  });

  // The fake answers after a turn of the event loop, as an answer over the network does (an answer given within the
  // same turn would reach the source before Comunica listens for its errors, which no network answer can).
  const later = (answer: () => Response) => (async () => new Promise<Response>((r) => setImmediate(() => r(answer())))) as unknown as typeof fetch;
  const engineOver = (answer: () => Response) =>
    SparqlEngine.create({ remote: new RemoteQuerySource({ endpoint: 'http://store.invalid/sparql', timeoutMs: 5000, selectFormat: 'ntriples', fetch: later(answer) }) });

  it('reaches the client as 400 (the query) or as the store not answering (which the service turns into 503)', async () => {
    const refused = await engineOver(() => new Response(virtuoso('22023', 'SL001', 'The SPARQL 1.1 function STRENDS() needs a string value as first argument'), { status: 500, headers: { 'content-type': 'text/plain' } }))
      .answer('SELECT (STRENDS(1, "a") AS ?x) {}')
      .catch((e: unknown) => e as Error & { status: number });
    expect(refused).toMatchObject({ status: 400 });
    expect((refused as Error).message).toBe('the store could not evaluate the query: Virtuoso 22023 Error SL001: The SPARQL 1.1 function STRENDS() needs a string value as first argument');
    const timedOut = await engineOver(() => new Response(virtuoso('S1T00', 'SR171', 'Transaction timed out'), { status: 500, headers: { 'content-type': 'text/plain' } }))
      .answer('SELECT ?s WHERE { ?s ?p ?o }')
      .catch((e: unknown) => e as Error);
    expect(timedOut).toMatchObject({ status: 503, headers: { 'Retry-After': '2' } });
    expect((timedOut as Error).message).toMatch(/the store did not answer \(http:\/\/store\.invalid\/sparql\): HTTP 500 Virtuoso S1T00 Error SR171: Transaction timed out$/);
  });

  it('an answer Virtuoso marks as cut short by its time limit is never passed on as whole', async () => {
    const partial = await engineOver(
      () => new Response(resultSet(['s'], [[['s', '<http://example.org/a>']]]), { status: 200, headers: { 'content-type': 'application/n-triples', 'x-sql-state': 'S1TAT', 'x-sql-message': 'RC...: Returning incomplete results, query interrupted by result timeout.' } }),
    )
      .answer('SELECT ?s WHERE { ?s ?p ?o }')
      .catch((e: unknown) => e as Error);
    expect(partial).toMatchObject({ status: 503 });
    expect((partial as Error).message).toMatch(/the store did not answer .*: it gave a partial answer \(S1TAT: RC\.\.\.: Returning incomplete results/);
  });
});

describe('the row limit over a remote store', () => {
  /** An engine over a stand-in store that answers every SELECT with `n` solutions and records the text it was sent. */
  const over = (n: number) => {
    const sent: string[] = [];
    const fake = (async (_url: string | URL | Request, init?: RequestInit) => {
      sent.push(new URLSearchParams(String(init?.body)).get('query') ?? '');
      const rows = Array.from({ length: n }, (_, i): [string, string][] => [['s', `<http://example.org/s${i}>`]]);
      return new Response(resultSet(['s'], rows), { status: 200, headers: { 'content-type': 'application/n-triples' } });
    }) as typeof fetch;
    return { sent, engine: SparqlEngine.create({ remote: new RemoteQuerySource({ endpoint: 'http://store.invalid/sparql', timeoutMs: 5000, selectFormat: 'ntriples', fetch: fake }) }) };
  };
  const body = async (answer: { body: AsyncIterable<string> }): Promise<string> => {
    let s = '';
    for await (const c of answer.body) s += c;
    return s;
  };

  it('asks the store for one solution more than the limit, so no more than that is ever read', async () => {
    const { sent, engine } = over(4);
    const answer = await engine.answer('SELECT ?s WHERE { ?s ?p ?o }', { maxRows: 3, accept: 'application/sparql-results+json' });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/LIMIT 4\s*$/);
    expect(answer.headers['X-Result-Truncated']).toBe('true');
    expect(JSON.parse(await body(answer)).results.bindings.map((b: { s: { value: string } }) => b.s.value)).toEqual(['http://example.org/s0', 'http://example.org/s1', 'http://example.org/s2']);
  });

  it('keeps the query\'s own OFFSET and DISTINCT, and lowers only a LIMIT above the cap', async () => {
    const { sent, engine } = over(1);
    await engine.answer('SELECT DISTINCT ?s WHERE { ?s ?p ?o } OFFSET 10 LIMIT 100', { maxRows: 5 });
    expect(sent[0]).toBe('SELECT DISTINCT ?s WHERE { ?s ?p ?o } OFFSET 10 LIMIT 6');
  });

  it('sends a sorted query as written (a store may sort differently under a LIMIT), and still holds no more than the cap', async () => {
    const { sent, engine } = over(8);
    const sorted = 'SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 100';
    const answer = await engine.answer(sorted, { maxRows: 5, accept: 'application/sparql-results+json' });
    expect(sent).toEqual([sorted]);
    expect(answer.headers['X-Result-Truncated']).toBe('true');
    expect(JSON.parse(await body(answer)).results.bindings).toHaveLength(5);
  });

  it('changes only the LIMIT of the client\'s text, after the pattern\'s last brace, and leaves alone what it cannot change safely', () => {
    const q = '# a "}" in a comment\nPREFIX ex: <http://example.org/>\nSELECT ?s WHERE { ?s ex:p "}" . { SELECT ?s WHERE { ?s ?p ?o } LIMIT 99999 } } # no newline after';
    expect(limitText(q, 11)).toBe(`${q}\nLIMIT 11\n`);
    expect(limitText('SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 50000 OFFSET 3', 11)).toBe('SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 11 OFFSET 3');
    expect(limitText('SELECT ?s WHERE { ?s ?p ?o } OFFSET 3', 11)).toBe('SELECT ?s WHERE { ?s ?p ?o } OFFSET 3\nLIMIT 11\n');
    expect(limitText('SELECT ?s WHERE { ?s ?p ?o } LIMIT 11', 11)).toBeUndefined();
    expect(limitText('SELECT ?s ?n WHERE { ?s ?p ?n } GROUP BY ?s ?n HAVING (EXISTS { ?s ?p 1 }) ORDER BY ?n', 11)).toMatch(/ORDER BY \?n\nLIMIT 11\n$/);
    // A VALUES clause after the pattern comes after LIMIT in the grammar: not rewritten.
    expect(limitText('SELECT ?s WHERE { ?s ?p ?o } VALUES ?s { <http://example.org/a> }', 11)).toBeUndefined();
  });

  it('sends the client\'s own text when it asks for no more than the limit, and when no limit is set', async () => {
    const { sent, engine } = over(1);
    const small = 'SELECT ?s WHERE { ?s ?p ?o } LIMIT 2';
    await engine.answer(small, { maxRows: 5 });
    const unlimited = 'SELECT ?s WHERE { ?s ?p ?o }';
    await engine.evaluate(unlimited);
    expect(sent).toEqual([small, unlimited]);
  });
});

describe('a store that refuses a query with the cap added', () => {
  const virtuoso = (state: string, code: string, message: string) => `Virtuoso ${state} Error ${code}: ${message}\n\nSPARQL query:\nSELECT 1 {}`;
  it('a query the store refuses for its own fault is still the client\'s error', async () => {
    const fake = (async () => new Response(virtuoso('37000', 'SP030', 'SPARQL compiler, line 1: syntax error'), { status: 400, headers: { 'content-type': 'text/plain' } })) as unknown as typeof fetch;
    const engine = SparqlEngine.create({ remote: new RemoteQuerySource({ endpoint: 'http://store.invalid/sparql', timeoutMs: 5000, selectFormat: 'ntriples', fetch: fake }) });
    const e = await engine.answer('SELECT ?s WHERE { ?s ?p ?o }', { maxRows: 10 }).catch((x: unknown) => x);
    expect(e).toMatchObject({ status: 400 });
  });
});

describe('a request to the store that fails at once', () => {
  // fetch rejects within a microtask when the client's abort signal has already fired, or the URL cannot be used.
  it('is an error answer (503), never a hung answer or an error thrown out of the event loop', async () => {
    const fake = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    const engine = SparqlEngine.create({ remote: new RemoteQuerySource({ endpoint: 'http://store.invalid/sparql', timeoutMs: 5000, selectFormat: 'ntriples', fetch: fake }) });
    for (const query of ['SELECT ?s WHERE { ?s ?p ?o }', 'SELECT ?s WHERE { ?s ?p ?o } LIMIT 3', 'CONSTRUCT WHERE { ?s ?p ?o }']) {
      const e = await engine.answer(query, { maxRows: 10 }).catch((x: unknown) => x);
      expect(e).toMatchObject({ status: 503, code: 'store-unavailable' });
      expect((e as Error).message).toMatch(/the store did not answer \(http:\/\/store\.invalid\/sparql\): fetch failed/);
    }
  }, 10_000);
});
