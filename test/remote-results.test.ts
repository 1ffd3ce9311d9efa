// Reading a store's SELECT answer written as a result set in N-Triples (the vocabulary of
// http://www.w3.org/2005/sparql-results#), which ots-kg asks Virtuoso for because Virtuoso writes it several times
// faster than SPARQL Results JSON. The text below is in the shape Virtuoso 7.2 writes (its first line, the result set's
// type as `rdf:type`, is not valid N-Triples and is passed over); test/store-sparql.test.ts checks the answers over a
// real Virtuoso against the embedded store.
import { describe, expect, it } from 'vitest';
import { DataFactory } from 'rdf-data-factory';
import { SparqlEngine } from '../src/query/engine.js';
import { RemoteQuerySource, ntriplesSolutions } from '../src/query/remote-source.js';

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

  it('orders by res:index where the answer gives it, and keeps the order of the text otherwise', () => {
    const text = resultSet(['n'], [[['n', '"1"']], [['n', '"2"']]]) + `_:Rr0 <${RS}index> "2"^^<${XSD}integer> .\n_:Rr1 <${RS}index> "1"^^<${XSD}integer> .\n`;
    expect(show(ntriplesSolutions(text, df, 'e')).map((r) => r[0])).toEqual([`n=Literal:2@^^${XSD}string`, `n=Literal:1@^^${XSD}string`]);
    expect(ntriplesSolutions(resultSet(['n'], []), df, 'e')).toEqual([]);
  });

  it('refuses a text that is not a result set, saying which line and why', () => {
    expect(() => ntriplesSolutions('<!DOCTYPE html><html>', df, 'http://store.invalid/sparql')).toThrow(/the store did not answer \(http:\/\/store\.invalid\/sparql\): its answer is not a result set in N-Triples \(line 1: /);
    expect(() => ntriplesSolutions(`_:a <${RS}value> "unterminated .\n`, df, 'e')).toThrow(/line 1: an object that cannot be read/);
    expect(() => ntriplesSolutions(`_:a <${RS}value> "x" \n`, df, 'e')).toThrow(/line 1: a statement that does not end with " \."/);
    expect(() => ntriplesSolutions(`_:a <${RS}value> "bad \\q escape" .\n`, df, 'e')).toThrow(/line 1: a literal with a bad escape/);
    expect(() => ntriplesSolutions(`_:R <${RS}solution> _:s .\n_:s <${RS}binding> _:b .\n_:b <${RS}variable> "x" .\n`, df, 'e')).toThrow(/a binding of its result set lacks its variable or its value/);
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
