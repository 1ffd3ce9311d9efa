// The reconciliation service at /reconcile (Reconciliation Service API v0.2, as OpenRefine uses it), over the real
// graph: the manifest, queries as the specification's examples make them (by GET and by POST form), types and
// properties, the name variants the sources use, suggest, preview, CORS, and a 400 with a reason for bad queries.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../src/build.js';
import { cors } from '../src/http/cors.js';
import { linkedDataRouter } from '../src/http/linked-data/router.js';
import { nameScore } from '../src/http/reconcile.js';

const BASE = 'https://w3id.org/ots-kg/';
let server: Server;
let url: string;

interface Result {
  id: string;
  name: string;
  description?: string;
  type: { id: string; name: string }[];
  score: number;
  match: boolean;
}

beforeAll(async () => {
  const graph = await buildGraph({ dataDir: 'data', base: BASE });
  const app = express();
  app.use(cors());
  app.use(linkedDataRouter({ quads: graph.quads, base: BASE }).router);
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

async function reconcileGet(queries: unknown): Promise<{ status: number; json: Record<string, { result: Result[] }> & { error?: string } }> {
  const r = await fetch(`${url}/reconcile?queries=${encodeURIComponent(typeof queries === 'string' ? queries : JSON.stringify(queries))}`);
  return { status: r.status, json: (await r.json()) as Record<string, { result: Result[] }> & { error?: string } };
}

async function top(query: Record<string, unknown>): Promise<Result[]> {
  const { status, json } = await reconcileGet({ q0: query });
  expect(status).toBe(200);
  return json.q0?.result ?? [];
}

describe('the service manifest', () => {
  it('names the service, its identifier and schema spaces, view, preview and suggest services, with CORS', async () => {
    const r = await fetch(`${url}/reconcile`, { headers: { Origin: 'https://openrefine.example' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    const m = (await r.json()) as Record<string, unknown>;
    expect(m).toMatchObject({
      versions: ['0.1', '0.2'],
      name: expect.stringContaining('ots-kg'),
      identifierSpace: `${BASE}id/`,
      schemaSpace: 'https://w3id.org/ots-kg/ontology#',
      view: { url: `${url}/id/{{id}}` },
      preview: { url: `${url}/reconcile/preview?id={{id}}`, width: 400, height: 120 },
      suggest: {
        entity: { service_url: url, service_path: '/reconcile/suggest/entity' },
        type: { service_url: url, service_path: '/reconcile/suggest/type' },
        property: { service_url: url, service_path: '/reconcile/suggest/property' },
      },
    });
    expect((m.defaultTypes as { id: string }[]).map((t) => t.id)).toEqual(['Person', 'State', 'Organization']);
  });

  it('answers a CORS preflight (OpenRefine in a browser)', async () => {
    const r = await fetch(`${url}/reconcile`, { method: 'OPTIONS', headers: { Origin: 'https://openrefine.example', 'Access-Control-Request-Method': 'POST' } });
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('answers JSONP for a callback, and refuses a callback that is not a name', async () => {
    const r = await fetch(`${url}/reconcile?callback=jsonp123`);
    expect(r.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await r.text()).toMatch(/^\/\*\*\/jsonp123\(\{"versions":/);
    expect((await fetch(`${url}/reconcile?callback=${encodeURIComponent('alert(1)//')}`)).status).toBe(400);
  });
});

describe('reconciliation queries', () => {
  it('answers a batch of queries by key, as in the specification\'s example (GET and POST form alike)', async () => {
    const queries = { q0: { query: 'Viktor Orban' }, q1: { query: 'Ilham Aliyev', type: 'Person', limit: 2 } };
    const get = await reconcileGet(queries);
    const post = await fetch(`${url}/reconcile`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ queries: JSON.stringify(queries) }).toString() });
    expect(post.status).toBe(200);
    expect(await post.json()).toEqual(get.json);
    expect(Object.keys(get.json).sort()).toEqual(['q0', 'q1']);
    expect(get.json.q0?.result[0]).toEqual({
      id: 'person/viktor-orban',
      name: 'Viktor Orbán',
      description: 'person; Wikidata Q57641',
      type: [{ id: 'Person', name: 'person' }],
      score: 100,
      match: true,
    });
    expect(get.json.q1?.result[0]).toMatchObject({ id: 'person/ilham-aliyev', match: true });
    expect(get.json.q1?.result.length).toBeLessThanOrEqual(2);
  });

  it.each([
    // The spellings of the sources: each finds its entity first; a whole name is a match, a part of one is not.
    { query: 'Zhaparov', id: 'person/sadyr-japarov', match: false },
    { query: 'Sadyr Zhaparov', id: 'person/sadyr-japarov', match: true },
    { query: 'Садыр Жапаров', id: 'person/sadyr-japarov', match: true },
    { query: 'Sadır Caparov', id: 'person/sadyr-japarov', match: true },
    { query: 'Kubanchbek', id: 'person/kubanychbek-omuraliev', match: false },
    { query: 'Kubanchbek Omuraliev', id: 'person/kubanychbek-omuraliev', match: true },
    { query: 'Kubanichbek Omuraliev', id: 'person/kubanychbek-omuraliev', match: false },
    { query: 'Kyrgyz Republic', id: 'state/kyrgyzstan', match: true },
    { query: 'kyrgyzstan', id: 'state/kyrgyzstan', match: true },
    { query: 'Бишкек', id: 'place/bishkek', match: true },
    { query: 'Erdogan', id: 'person/recep-tayyip-erdogan', match: false },
    { query: 'Q57641', id: 'person/viktor-orban', match: true },
  ])('"$query" finds $id first (match: $match)', async ({ query, id, match }) => {
    const results = await top({ query });
    expect(results[0]?.id, JSON.stringify(results)).toBe(id);
    expect(results[0]?.match).toBe(match);
    expect(results[0]?.score).toBeGreaterThanOrEqual(match ? 95 : 70);
    for (let i = 1; i < results.length; i++) expect(results[i]?.score ?? 0).toBeLessThanOrEqual(results[i - 1]?.score ?? 0);
  });

  it('keeps to the type asked for', async () => {
    expect(await top({ query: 'Bishkek', type: 'Person' })).toEqual([]);
    const city = await top({ query: 'Bishkek', type: 'City' });
    expect(city.map((c) => c.id)).toEqual(['place/bishkek']);
    expect(city[0]?.type).toEqual([{ id: 'City', name: 'city' }]);
    // Records about things (office terms, chairmanships) are never candidates.
    for (const c of await top({ query: 'Kubanychbek Omuraliev', limit: 10 })) expect(c.type.length, c.id).toBeGreaterThan(0);
  });

  it('uses properties: a Wikidata ID confirms a candidate, a wrong country counts against it', async () => {
    const confirmed = await top({ query: 'Japarov', properties: [{ pid: 'wikidata', v: 'Q25597826' }] });
    expect(confirmed[0]).toMatchObject({ id: 'person/sadyr-japarov', match: true });
    const unconfirmed = await top({ query: 'Japarov' });
    expect(unconfirmed[0]).toMatchObject({ id: 'person/sadyr-japarov', match: false });
    expect(confirmed[0]?.score ?? 0).toBeGreaterThan(unconfirmed[0]?.score ?? 0);
    const right = await top({ query: 'Bishkek', properties: [{ pid: 'country', v: 'Kyrgyzstan' }] });
    const wrong = await top({ query: 'Bishkek', properties: [{ pid: 'country', v: 'Hungary' }] });
    expect(right[0]?.score ?? 0).toBeGreaterThan(wrong[0]?.score ?? 0);
    const summit = await top({ query: '2024 Organization of Turkic States summit', type: 'Summit', properties: [{ pid: 'date', v: '2024-11-06' }] });
    expect(summit[0]).toMatchObject({ id: 'event/2024-bishkek', match: true });
  });

  it.each([
    { name: 'queries that are not JSON', queries: '{q0: ', reason: /"queries" is not valid JSON/ },
    { name: 'a list instead of an object', queries: '[{"query":"x"}]', reason: /must be a JSON object of queries by key/ },
    { name: 'a query without text', queries: '{"q0":{"type":"Person"}}', reason: /query "q0" needs "query"/ },
    { name: 'an unknown type', queries: '{"q0":{"query":"Bishkek","type":"Q515"}}', reason: /unknown type "Q515"; the types are Person, State/ },
    { name: 'a bad limit', queries: '{"q0":{"query":"Bishkek","limit":0}}', reason: /"limit" must be a whole number from 1 to 50/ },
    { name: 'an unknown property', queries: '{"q0":{"query":"Bishkek","properties":[{"pid":"P17","v":"Q813"}]}}', reason: /unknown pid "P17"; the properties are wikidata, country, date/ },
    { name: 'an unknown field', queries: '{"q0":{"query":"Bishkek","filter":1}}', reason: /unknown field "filter"/ },
    { name: 'too many queries', queries: JSON.stringify(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`q${i}`, { query: 'x' }]))), reason: /51 queries; send at most 50/ },
  ])('answers 400 with the reason for $name', async ({ queries, reason }) => {
    const { status, json } = await reconcileGet(queries);
    expect(status).toBe(400);
    expect(json.error).toMatch(reason);
  });

  it('answers 400 to a POST that is not a form', async () => {
    const r = await fetch(`${url}/reconcile`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"q0":{"query":"x"}}' });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: string }).error).toMatch(/send the queries as a form \(Content-Type: application\/x-www-form-urlencoded/);
  });
});

describe('suggest and preview', () => {
  const suggest = async (kind: string, prefix: string, extra = ''): Promise<{ id: string; name: string; description?: string }[]> => {
    const r = await fetch(`${url}/reconcile/suggest/${kind}?prefix=${encodeURIComponent(prefix)}${extra}`);
    expect(r.status).toBe(200);
    return ((await r.json()) as { result: { id: string; name: string }[] }).result;
  };

  it('suggests entities by the beginning of any of their names, in any script', async () => {
    expect((await suggest('entity', 'Zhap'))[0]).toEqual({ id: 'person/sadyr-japarov', name: 'Sadyr Japarov', description: 'person; also "Sadyr Zhaparov"' });
    expect((await suggest('entity', 'Kub'))[0]?.id).toBe('person/kubanychbek-omuraliev');
    expect((await suggest('entity', 'Kyrgyz Rep'))[0]?.id).toBe('state/kyrgyzstan');
    expect((await suggest('entity', 'Бишк'))[0]?.id).toBe('place/bishkek');
    const all = await suggest('entity', 'a');
    const next = await suggest('entity', 'a', '&cursor=10');
    expect(all).toHaveLength(10);
    expect(next[0]?.id).not.toBe(all[0]?.id);
  });

  it('suggests types and properties', async () => {
    expect(await suggest('type', 'pers')).toEqual([{ id: 'Person', name: 'person' }]);
    expect((await suggest('type', 'sta')).map((t) => t.id)).toEqual(['State']);
    expect((await suggest('property', 'wiki')).map((p) => p.id)).toEqual(['wikidata']);
    expect((await fetch(`${url}/reconcile/suggest/type`)).status).toBe(400);
  });

  it('previews an entity: its name, what it is, its other names and Wikidata ID', async () => {
    const r = await fetch(`${url}/reconcile/preview?id=person/sadyr-japarov`);
    expect(r.status).toBe(200);
    const page = await r.text();
    expect(page).toContain('<a href="/id/person/sadyr-japarov" target="_blank">Sadyr Japarov</a>');
    expect(page).toContain('Also: Sadyr Zhaparov · Sadır Caparov · Садыр Жапаров');
    expect(page).toContain('Wikidata: Q25597826');
    expect((await fetch(`${url}/reconcile/preview?id=person/nobody`)).status).toBe(404);
    expect((await fetch(`${url}/reconcile/preview?id=..%2Fetc`)).status).toBe(400);
  });
});

describe('name scores', () => {
  it('are 100 for the same name, high for a missing letter, low for another name', () => {
    expect(nameScore('kyrgyz republic', 'kyrgyz republic')).toBe(100);
    expect(nameScore('kubanchbek', 'kubanychbek omuraliev')).toBeGreaterThan(70);
    expect(nameScore('kubanchbek', 'kubanychbek omuraliev')).toBeLessThan(95);
    expect(nameScore('viktor orban', 'ilham aliyev')).toBeLessThan(50);
  });
});
