// The remote source over a store with a default-graph stand-in: a query whose rewritten form the SPARQL writer cannot
// write (FILTER EXISTS with GRAPH ?g inside) is still answered, sent to the store as the client wrote it. A fake store
// (a fetch that records what it is sent) stands in for Virtuoso.
import { describe, expect, it } from 'vitest';
import { SparqlEngine } from '../src/query/engine.js';
import { RemoteQuerySource } from '../src/query/remote-source.js';

describe('remote source, queries the writer cannot write back', () => {
  it('FILTER EXISTS { GRAPH ?g {…} } goes to the store as written and is answered', async () => {
    const sent: string[] = [];
    const fake = (async (_url: string | URL | Request, init?: RequestInit) => {
      sent.push(new URLSearchParams(String(init?.body)).get('query') ?? '');
      const body = { head: { vars: ['s'] }, results: { bindings: [{ s: { type: 'uri', value: 'http://www.example.org/a' } }] } };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/sparql-results+json' } });
    }) as typeof fetch;
    const source = new RemoteQuerySource({ endpoint: 'http://store.invalid/sparql', defaultGraph: 'urn:ots-kg:store:default-graph', timeoutMs: 5000, fetch: fake });
    const engine = SparqlEngine.create({ remote: source });
    const query = 'PREFIX : <http://www.example.org/>\nSELECT ?s WHERE { ?s :p ?g . FILTER EXISTS { GRAPH ?g { ?s2 :p ?o2 } } }';
    const result = await engine.evaluate(query);
    expect(result.type).toBe('bindings');
    if (result.type !== 'bindings') return;
    expect(result.bindings.map((b) => [...b].map(([v, t]) => `${v.value}=${t.value}`))).toEqual([['s=http://www.example.org/a']]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('FILTER EXISTS { GRAPH ?g { ?s2 :p ?o2 } }');
  });
});
