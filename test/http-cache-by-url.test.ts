// A repeated fast-path request is answered from the cache by its raw URL: the same answer as the ordinary path, and
// never another request's answer (other Accept, Host, data).
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server.js';

const NQ = readFileSync(new URL('./fixtures/query/summit.nq', import.meta.url), 'utf8');
const STATES = 'SELECT ?s WHERE { ?s a <https://w3id.org/ots-kg/ontology#State> } ORDER BY ?s';

interface Got {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(server: RunningServer, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Got> {
  const url = new URL(server.url);
  return new Promise((res, rej) => {
    const req = request({ host: url.hostname, port: url.port, path, method, headers }, (r) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (c: string) => (body += c));
      r.on('end', () => res({ status: r.statusCode ?? 0, headers: r.headers, body }));
    });
    req.on('error', rej);
    req.end();
  });
}

const withoutDate = (h: Got['headers']): Got['headers'] => Object.fromEntries(Object.entries(h).filter(([k]) => k !== 'date'));

describe('answers from the cache by raw URL', () => {
  let server: RunningServer;
  const lines: string[] = [];
  beforeAll(async () => {
    server = await startServer({ nquads: NQ, quiet: true, log: (l) => lines.push(l), env: { PORT: '0', HOST: '127.0.0.1', QUERY_WORKERS: '1', SERVICE_ALLOWLIST: 'none', LOG_REQUESTS: 'true' } });
    await server.ready;
    // Answers of the light start-up worker are not cached: wait for the full one.
    for (let i = 0; i < 600 && server.pool.stats().readyWorkers === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(server.pool.stats().readyWorkers).toBe(1);
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it('serves a repeated request without parsing it, with the ordinary cache hit', async () => {
    const path = `/sparql?query=${encodeURIComponent(STATES)}&format=json`;
    // The same request with its parameters in another order: another raw URL, the same answer-cache key.
    const reordered = `/sparql?format=json&query=${encodeURIComponent(STATES)}`;
    const before = server.fastPathServedByUrl;
    const first = await get(server, path);
    const ordinary = await get(server, reordered);
    expect(server.fastPathServedByUrl).toBe(before);
    const byUrl = await get(server, path);
    expect(server.fastPathServedByUrl).toBe(before + 1);
    expect(first.headers['x-cache']).toBeUndefined();
    expect(ordinary.headers['x-cache']).toBe('hit');
    // The raw-URL hit and the ordinary hit send the same status, headers and body.
    expect({ ...byUrl, headers: withoutDate(byUrl.headers) }).toEqual({ ...ordinary, headers: withoutDate(ordinary.headers) });
    expect(byUrl.body).toBe(first.body);
    // Its log line carries the query's hash, as the others do.
    const hashes = lines.filter((l) => l.includes('GET /sparql 200')).slice(-3).map((l) => /q=([0-9a-f]+)/.exec(l)?.[1]);
    expect(hashes[0]).toMatch(/^[0-9a-f]+$/);
    expect(new Set(hashes).size).toBe(1);
    // HEAD of the same URL: the same headers, no body.
    const head = await get(server, path, {}, 'HEAD');
    expect(server.fastPathServedByUrl).toBe(before + 2);
    expect(head.body).toBe('');
    expect(withoutDate(head.headers)).toEqual(withoutDate(byUrl.headers));
    // If-None-Match with its ETag: 304.
    const etag = String(byUrl.headers.etag);
    const notModified = await get(server, path, { 'If-None-Match': etag });
    expect(notModified.status).toBe(304);
  });

  it('keeps answers apart by Accept and by Host', async () => {
    const path = `/sparql?query=${encodeURIComponent('SELECT (<x> AS ?iri) WHERE {}')}`;
    const json = [await get(server, path, { Accept: 'application/sparql-results+json' }), await get(server, path, { Accept: 'application/sparql-results+json' })];
    const csv = [await get(server, path, { Accept: 'text/csv' }), await get(server, path, { Accept: 'text/csv' })];
    expect(json[1]?.body).toBe(json[0]?.body);
    expect(csv[1]?.body).toBe(csv[0]?.body);
    expect(csv[0]?.body).not.toBe(json[0]?.body);
    expect(String(csv[1]?.headers['content-type'])).toMatch(/^text\/csv/);
    // The relative IRI resolves against the endpoint's URL, which the Host header names.
    const a = [await get(server, path, { Accept: 'text/csv', Host: 'a.example' }), await get(server, path, { Accept: 'text/csv', Host: 'a.example' })];
    const b = [await get(server, path, { Accept: 'text/csv', Host: 'b.example' }), await get(server, path, { Accept: 'text/csv', Host: 'b.example' })];
    expect(a.map((r) => r.body)).toEqual(['iri\r\nhttp://a.example/x\r\n', 'iri\r\nhttp://a.example/x\r\n']);
    expect(b.map((r) => r.body)).toEqual(['iri\r\nhttp://b.example/x\r\n', 'iri\r\nhttp://b.example/x\r\n']);
  });

  it('forgets every answer when the data changes', async () => {
    const path = `/sparql?query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }')}`;
    const csv = { Accept: 'text/csv' };
    await get(server, path, csv);
    const old = await get(server, path, csv);
    expect(old.headers['x-cache']).toBe('hit');
    await server.reload('<http://ex/s> <http://ex/p> <http://ex/o> .\n');
    const fresh = await get(server, path, csv);
    expect(fresh.headers['x-cache']).toBeUndefined();
    expect(fresh.body).toBe('n\r\n1\r\n');
    expect(old.body).not.toBe(fresh.body);
  });
});
