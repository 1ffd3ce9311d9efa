// The one-pass SPARQL JSON writer (src/query/sparql-json.ts): installed in Comunica's place on its serializer bus, and
// byte for byte the text Comunica's own writer gives (SPEEDUPS_OFF=json-writer), over the real graph and edge cases.
import { readFileSync, readdirSync } from 'node:fs';
import { QueryEngine } from '@comunica/query-sparql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../src/build.js';
import { DEFAULT_BASE_IRI } from '../src/config.js';
import { SparqlEngine } from '../src/query/engine.js';
import { installSparqlJsonWriter } from '../src/query/sparql-json.js';

const JSON_RESULTS = 'application/sparql-results+json';
const EXAMPLES = readdirSync('sparql').filter((f) => f.endsWith('.rq') && !f.startsWith('federated-')).map((f) => ({ name: f, text: readFileSync(`sparql/${f}`, 'utf8') }));

async function body(engine: SparqlEngine, query: string, options: { accept?: string; maxRows?: number } = {}): Promise<{ text: string; chunks: number; largest: number; headers: Record<string, string> }> {
  const answer = await engine.answer(query, { accept: options.accept ?? JSON_RESULTS, ...(options.maxRows !== undefined ? { maxRows: options.maxRows } : {}) });
  let text = '';
  let chunks = 0;
  let largest = 0;
  for await (const c of answer.body) {
    text += c;
    chunks++;
    largest = Math.max(largest, c.length);
  }
  return { text, chunks, largest, headers: { ...answer.headers } };
}

describe('the one-pass SPARQL JSON writer', () => {
  let ours: SparqlEngine;
  let comunicas: SparqlEngine;
  beforeAll(async () => {
    const graph = await buildGraph({ dataDir: 'data', base: DEFAULT_BASE_IRI });
    ours = SparqlEngine.create({ quads: graph.quads });
    comunicas = SparqlEngine.create({ quads: graph.quads, speedupsOff: ['json-writer'] });
  });

  it('takes the place of Comunica\'s actor on the serializer bus, keeping its name and media types', async () => {
    const engine = new QueryEngine();
    const bus = (engine as unknown as { actorInitQuery: { mediatorQueryResultSerialize: { bus: { actors: { name: string }[] } } } }).actorInitQuery.mediatorQueryResultSerialize.bus;
    const before = bus.actors.length;
    const original = bus.actors.find((a) => a.name.endsWith('#sparql-json'));
    const types = await engine.getResultMediaTypes();
    const installed = installSparqlJsonWriter(engine);
    expect(bus.actors).toHaveLength(before);
    expect(bus.actors).toContain(installed);
    expect(bus.actors).not.toContain(original);
    expect(installed.name).toBe(original?.name);
    expect(await engine.getResultMediaTypes()).toEqual(types);
  });

  it.each(EXAMPLES)('writes the same bytes as Comunica for $name', async ({ text }) => {
    const [a, b] = [await body(ours, text), await body(comunicas, text)];
    expect(a.text.length).toBeGreaterThan(0);
    expect(a.text).toBe(b.text);
    expect(JSON.parse(a.text)).toEqual(JSON.parse(b.text));
  });

  it.each([
    { what: 'no solution', query: 'SELECT ?s WHERE { ?s ?p ?o } LIMIT 0' },
    { what: 'one empty solution, no variable bound', query: 'SELECT ?x WHERE {}' },
    { what: 'no variable at all', query: 'SELECT * WHERE {}' },
    { what: 'unbound values, a language tag, a datatype, a number', query: 'SELECT ?x ?y WHERE { VALUES (?x ?y) { (1 UNDEF) ("a"@en "b"^^<http://example.org/d>) (UNDEF "c") } }' },
    { what: 'a variable named __proto__', query: 'SELECT ?__proto__ ?o WHERE { ?__proto__ ?p ?o } ORDER BY ?__proto__ ?p ?o LIMIT 3' },
    { what: 'characters JSON escapes', query: 'SELECT ?x WHERE { BIND("quote \\" backslash \\\\ tab \\t line \\n \\u0001 é 𝄞" AS ?x) }' },
  ])('writes the same bytes as Comunica for $what', async ({ query }) => {
    const [a, b] = [await body(ours, query), await body(comunicas, query)];
    expect(a.text).toBe(b.text);
    JSON.parse(a.text);
  });

  it('writes a large answer in chunks of at most 64 KiB, the same bytes, still cut at the row limit', async () => {
    const query = 'SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o';
    const [a, b] = [await body(ours, query, { maxRows: 3000 }), await body(comunicas, query, { maxRows: 3000 })];
    expect(a.text).toBe(b.text);
    expect(a.headers).toEqual(b.headers);
    expect(a.headers['X-Result-Truncated']).toBe('true');
    expect((JSON.parse(a.text) as { results: { bindings: unknown[] } }).results.bindings).toHaveLength(3000);
    // Handed on in parts of 64 KiB (the last row may pass the mark), not as one string of the whole answer.
    expect(a.text.length).toBeGreaterThan(4 * 64 * 1024);
    expect(a.chunks).toBeGreaterThanOrEqual(Math.floor(a.text.length / (64 * 1024 + 4096)));
    expect(a.largest).toBeLessThan(64 * 1024 + 4096);
  });

  it('leaves the other formats and booleans to Comunica', async () => {
    for (const accept of ['application/sparql-results+xml', 'text/csv', 'text/tab-separated-values']) {
      const q = EXAMPLES.find((e) => e.name === 'participants.rq')?.text ?? '';
      expect((await body(ours, q, { accept })).text).toBe((await body(comunicas, q, { accept })).text);
    }
    expect((await body(ours, 'ASK { ?s ?p ?o }')).text).toBe((await body(comunicas, 'ASK { ?s ?p ?o }')).text);
  });
});
