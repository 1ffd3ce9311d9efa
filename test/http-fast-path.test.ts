// The fast path in front of Express: every request it takes must get the answer Express gives, byte for byte
// (status, every header but Date, in order, and body), with the same log line; the rest must reach Express.
import { readFileSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server.js';
import { createApp } from '../src/http/app.js';
import { loadConfig } from '../src/config.js';
import type { QueryService } from '../src/query/service.js';
import type { Answer } from '../src/query/engine.js';
import { QueryError } from '../src/query/errors.js';

const NQ = readFileSync(new URL('./fixtures/query/summit.nq', import.meta.url), 'utf8');
const K = 'http://kasei.us/2009/09/sparql/data';
const SRJ = 'application/sparql-results+json';
const LIGHT = 'SELECT ?l WHERE { <https://w3id.org/ots-kg/id/state/hungary> <http://www.w3.org/2000/01/rdf-schema#label> ?l }';
const ALL = 'SELECT * WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o';
const enc = encodeURIComponent;

interface Req {
  readonly name: string;
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Send If-None-Match with the ETag of the answer to the row of this name. */
  readonly etagOf?: string;
  /** Whether the fast path should take it. */
  readonly fast: boolean;
}

interface Raw {
  readonly status: number;
  /** Raw header lines in the order sent, without Date. */
  readonly headers: string[];
  readonly body: string;
  /** Set when the connection broke before the body was whole. */
  readonly error?: string;
}

/** Sends one request and keeps the response as sent: header names, order and values, and the body bytes. */
function send(base: string, agent: Agent, r: Pick<Req, 'method' | 'path' | 'headers' | 'body'>): Promise<Raw> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, method: r.method ?? 'GET', path: r.path, agent, headers: { Host: 'endpoint.example', ...r.headers } }, (res) => {
      const parts: Buffer[] = [];
      const headers: string[] = [];
      for (let i = 0; i < res.rawHeaders.length; i += 2) if (res.rawHeaders[i]?.toLowerCase() !== 'date') headers.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
      const done = (error?: string): void => resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(parts).toString('utf8'), ...(error ? { error } : {}) });
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => done());
      res.on('error', (e) => done(e.message));
      res.on('aborted', () => done('aborted'));
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

const header = (raw: Raw, name: string): string | undefined => raw.headers.find((h) => h.toLowerCase().startsWith(`${name.toLowerCase()}: `))?.replace(/^[^:]+: /, '');
// A log entry without its time, duration, error reference and stack trace (whose frames name the caller).
const logShape = (line: string): string => (line.split('\n')[0] ?? '').replace(/^\S+ /, '<time> ').replace(/ [\d.]+ms/, ' <ms>').replace(/ref=[0-9a-f]{8}/, 'ref=<ref>');
const requestLines = (lines: string[]): string[] => lines.filter((l) => /^\S+ [A-Z]+ \/\S* \d{3} /.test(l));

const ROWS: readonly Req[] = [
  { name: 'miss', path: `/sparql?query=${enc(LIGHT)}`, headers: { Accept: SRJ }, fast: true },
  { name: 'hit', path: `/sparql?query=${enc(LIGHT)}`, headers: { Accept: SRJ }, fast: true },
  { name: '304', path: `/sparql?query=${enc(LIGHT)}`, headers: { Accept: SRJ }, etagOf: 'miss', fast: true },
  { name: 'If-None-Match of another answer', path: `/sparql?query=${enc(LIGHT)}`, headers: { Accept: SRJ, 'If-None-Match': '"other"' }, fast: true },
  { name: 'If-None-Match *', path: `/sparql?query=${enc(LIGHT)}`, headers: { Accept: SRJ, 'If-None-Match': '*' }, fast: true },
  { name: 'HEAD miss', method: 'HEAD', path: `/sparql?query=${enc('ASK {}')}`, fast: true },
  { name: 'HEAD hit', method: 'HEAD', path: `/sparql?query=${enc(LIGHT)}`, headers: { Accept: SRJ }, fast: true },
  { name: 'no Accept', path: `/sparql?query=${enc(LIGHT)}`, fast: true },
  { name: 'format=csv', path: `/sparql?query=${enc(LIGHT)}&format=csv`, headers: { Accept: SRJ }, fast: true },
  { name: 'format before query', path: `/sparql?format=xml&query=${enc(LIGHT)}`, fast: true },
  { name: 'format given twice is ignored', path: `/sparql?query=${enc(LIGHT)}&format=csv&format=tsv`, fast: true },
  { name: 'Accept text/csv', path: `/sparql?query=${enc(LIGHT)}`, headers: { Accept: 'text/csv' }, fast: true },
  { name: 'Accept with q-values', path: `/sparql?query=${enc(LIGHT)}`, headers: { Accept: 'application/sparql-results+json;q=0.5, text/csv' }, fast: true },
  { name: 'Accept list of SPARQLWrapper', path: `/sparql?query=${enc(LIGHT)}`, headers: { Accept: 'application/sparql-results+json,application/json,text/javascript,application/javascript' }, fast: true },
  { name: 'CONSTRUCT resolving relative IRIs against the endpoint', path: `/sparql?query=${enc('CONSTRUCT { <s> <p> ?l } WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 2')}`, headers: { Accept: 'text/turtle' }, fast: true },
  { name: 'another Host names another endpoint', path: `/sparql?query=${enc('CONSTRUCT { <s> <p> ?l } WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 2')}`, headers: { Accept: 'text/turtle', Host: 'other.example:8080' }, fast: true },
  { name: 'default-graph-uri', path: `/sparql?query=${enc(`ASK { <${K}/data1.rdf> a ?type }`)}&default-graph-uri=${enc(`${K}/data1.rdf`)}`, fast: true },
  { name: 'two named-graph-uri', path: `/sparql?query=${enc(`ASK { GRAPH ?g1 { <${K}/data1.rdf> a ?t } GRAPH ?g2 { <${K}/data2.rdf> a ?t } }`)}&named-graph-uri=${enc(`${K}/data1.rdf`)}&named-graph-uri=${enc(`${K}/data2.rdf`)}`, fast: true },
  { name: 'a default-graph-uri that is not an IRI', path: `/sparql?query=${enc('ASK {}')}&default-graph-uri=nope`, fast: true },
  { name: 'syntax error', path: `/sparql?query=${enc('ASK {')}`, fast: true },
  { name: 'syntax error asked as JSON', path: `/sparql?query=${enc('SELECT ?x WHERE {\n ?s ?p ?o .\n ?s <a> ?b ?c }')}`, headers: { Accept: 'application/json' }, fast: true },
  { name: 'syntax error by HEAD', method: 'HEAD', path: `/sparql?query=${enc('ASK {')}`, fast: true },
  { name: 'an update sent as the query', path: `/sparql?query=${enc('CLEAR ALL')}`, fast: true },
  { name: 'an empty query', path: '/sparql?query=', fast: true },
  { name: '406', path: `/sparql?query=${enc(LIGHT)}`, headers: { Accept: 'image/png' }, fast: true },
  { name: 'a SERVICE off the allowlist', path: `/sparql?query=${enc('SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')}`, fast: true },
  { name: 'truncated at the row limit (miss)', path: `/sparql?query=${enc('SELECT ?p WHERE { ?s ?p ?o } ORDER BY ?p')}&format=csv`, fast: true },
  { name: 'truncated at the row limit (hit)', path: `/sparql?query=${enc('SELECT ?p WHERE { ?s ?p ?o } ORDER BY ?p')}&format=csv`, fast: true },
  { name: 'larger than the cache takes: streamed', path: `/sparql?query=${enc(ALL)}`, headers: { Accept: SRJ }, fast: true },
  { name: 'streamed by HEAD', method: 'HEAD', path: `/sparql?query=${enc(ALL)}`, headers: { Accept: SRJ }, fast: true },
  { name: 'a fragment in the target', path: `/sparql?query=${enc(LIGHT)}&format=csv#frag`, fast: true },
  // Left to Express
  { name: 'update parameter', path: `/sparql?update=${enc('CLEAR ALL')}`, fast: false },
  { name: 'query and update', path: `/sparql?query=${enc('ASK {}')}&update=${enc('CLEAR ALL')}`, fast: false },
  { name: 'two queries', path: `/sparql?query=${enc('ASK {}')}&query=${enc('ASK {}')}`, fast: false },
  { name: 'an unknown parameter', path: `/sparql?query=${enc(LIGHT)}&x=1`, headers: { Accept: SRJ }, fast: false },
  { name: 'no query: the service description', path: '/sparql', headers: { Accept: 'text/turtle' }, fast: false },
  { name: 'CORS preflight', method: 'OPTIONS', path: '/sparql', headers: { Origin: 'https://yasgui.example', 'Access-Control-Request-Method': 'GET' }, fast: false },
  { name: 'OPTIONS with a query', method: 'OPTIONS', path: `/sparql?query=${enc('ASK {}')}`, fast: false },
  { name: 'direct POST', method: 'POST', path: '/sparql', headers: { 'Content-Type': 'application/sparql-query' }, body: 'ASK {}', fast: false },
  { name: 'form POST', method: 'POST', path: '/sparql', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `query=${enc(LIGHT)}`, fast: false },
  { name: 'PUT', method: 'PUT', path: `/sparql?query=${enc('ASK {}')}`, fast: false },
  { name: 'a trailing slash', path: `/sparql/?query=${enc(LIGHT)}`, fast: false },
  { name: 'another case', path: `/SPARQL?query=${enc(LIGHT)}`, fast: false },
  { name: 'another path', path: `/sparqlx?query=${enc(LIGHT)}`, fast: false },
];

async function until(cond: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the fast path answers exactly as Express does', () => {
  const env = { PORT: '0', HOST: '127.0.0.1', QUERY_WORKERS: '1', QUERY_MAX_ROWS: '5', QUERY_CACHE_MAX_BYTES: '600', SERVICE_ALLOWLIST: 'none', LOG_REQUESTS: 'true' };
  let express: RunningServer;
  let fast: RunningServer;
  const expressLines: string[] = [];
  const fastLines: string[] = [];
  const agents = [new Agent({ keepAlive: true }), new Agent({ keepAlive: true })] as const;
  const results = new Map<string, [Raw, Raw]>();

  beforeAll(async () => {
    [express, fast] = await Promise.all([
      startServer({ env, nquads: NQ, quiet: true, fastPath: false, log: (l) => expressLines.push(l) }),
      startServer({ env, nquads: NQ, quiet: true, log: (l) => fastLines.push(l) }),
    ]);
    // The full workers, not the start-up one (whose answers are not cached).
    await until(() => express.pool.stats().readyWorkers === 1 && fast.pool.stats().readyWorkers === 1, 'the query workers');
  });
  afterAll(async () => {
    for (const a of agents) a.destroy();
    await Promise.all([express?.close(), fast?.close()]);
  });

  it.each(ROWS.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    // Server 0 is Express only, server 1 has the fast path; each gets the ETag its own earlier answer carried.
    const headersFor = (i: 0 | 1): Record<string, string> => {
      const etag = row.etagOf !== undefined ? header(results.get(row.etagOf)![i], 'etag') : undefined;
      return { ...row.headers, ...(etag !== undefined ? { 'If-None-Match': etag } : {}) };
    };
    const servedBefore = fast.fastPathServed;
    const viaExpress = await send(express.url, agents[0], { ...row, headers: headersFor(0) });
    const viaFast = await send(fast.url, agents[1], { ...row, headers: headersFor(1) });
    results.set(row.name, [viaExpress, viaFast]);
    expect(viaFast.status).toBe(viaExpress.status);
    expect(viaFast.headers).toEqual(viaExpress.headers);
    expect(viaFast.body).toBe(viaExpress.body);
    expect(viaFast.error).toBe(viaExpress.error);
    expect(fast.fastPathServed - servedBefore, 'requests the fast path took').toBe(row.fast ? 1 : 0);
    expect(express.fastPathServed).toBe(0);
  });

  it('covered what it meant to: hits, a 304, a truncated answer, a streamed one, errors', () => {
    const got = (name: string): Raw => results.get(name)![1];
    expect(header(got('hit'), 'x-cache')).toBe('hit');
    expect(got('304').status).toBe(304);
    expect(header(got('truncated at the row limit (hit)'), 'x-result-truncated')).toBe('true');
    expect(header(got('truncated at the row limit (hit)'), 'x-result-row-limit')).toBe('5');
    expect(header(got('truncated at the row limit (hit)'), 'x-cache')).toBe('hit');
    expect(header(got('larger than the cache takes: streamed'), 'transfer-encoding')).toBe('chunked');
    expect(got('syntax error').status).toBe(400);
    expect(got('406').status).toBe(406);
    expect(got('update parameter').status).toBe(400);
    expect(got('CORS preflight').status).toBe(204);
  });

  it('writes the same log lines, with the query hash', async () => {
    await until(() => requestLines(fastLines).length >= ROWS.length && requestLines(expressLines).length >= ROWS.length, 'the log lines');
    expect(requestLines(fastLines).map(logShape)).toEqual(requestLines(expressLines).map(logShape));
    expect(fastLines.some((l) => / GET \/sparql 200 [\d.]+ms q=[0-9a-f]{12}$/.test(l))).toBe(true);
  });

  it('shares the cache with the Express route, and reloading the data empties it', async () => {
    const q = `/sparql?query=${enc('SELECT ?o WHERE { ?s <https://w3id.org/ots-kg/ontology#ordinal> ?o }')}`;
    const before = fast.fastPathServed;
    // An unknown parameter sends it through Express; the cache key is the same as without it.
    const viaExpress = await send(fast.url, agents[1], { path: `${q}&x=1` });
    expect(header(viaExpress, 'x-cache')).toBeUndefined();
    const viaFast = await send(fast.url, agents[1], { path: q });
    expect(fast.fastPathServed - before).toBe(1);
    expect(header(viaFast, 'x-cache')).toBe('hit');
    expect(viaFast.body).toBe(viaExpress.body);
    await fast.reload(NQ);
    await until(() => fast.pool.stats().readyWorkers === 1, 'the reloaded worker');
    const afterReload = await send(fast.url, agents[1], { path: q });
    expect(header(afterReload, 'x-cache')).toBeUndefined();
    expect(afterReload.body).toBe(viaExpress.body);
  });
});

/** A query service whose answers follow a script: the HTTP layer is what is under test here. */
function scripted(script: (query: string) => Promise<Answer>): QueryService {
  return {
    ready: Promise.resolve(),
    answer: (q) => script(q),
    reload: async () => undefined,
    stats: () => ({ workers: 1, readyWorkers: 1, busy: 0, queued: 0, replaced: 0, quads: 0 }),
    close: async () => undefined,
  };
}

describe('the fast path fails as Express does', () => {
  const head = { status: 200, mediaType: 'text/csv; charset=utf-8', headers: {}, cacheable: true };
  const service = scripted(async (q) => {
    if (q.startsWith('#mid')) {
      return {
        ...head,
        body: (async function* () {
          yield `x\n${'1\n'.repeat(4000)}`; // past the 1 KiB gathered before the status goes out
          await new Promise((r) => setTimeout(r, 20));
          throw new Error('the worker stopped mid-answer');
        })(),
      };
    }
    if (q.startsWith('#early')) {
      return {
        ...head,
        body: (async function* () {
          yield 'x\n';
          throw new Error('failed after 2 bytes');
        })(),
      };
    }
    if (q.startsWith('#busy')) throw new QueryError({ status: 503, code: 'busy', message: 'the queue is full (QUERY_QUEUE_MAX)', headers: { 'Retry-After': '2' } });
    if (q.startsWith('#timeout')) throw new QueryError({ status: 503, code: 'timeout', message: 'stopped at the limit of 1 s' });
    throw new Error('engine exploded\n    at secret (/srv/secret.ts:1:1)');
  });
  const servers: Server[] = [];
  const bases: string[] = [];
  const lines: [string[], string[]] = [[], []];
  const agents = [new Agent({ keepAlive: true }), new Agent({ keepAlive: true })] as const;

  beforeAll(async () => {
    const config = loadConfig({ QUERY_CACHE_MAX_BYTES: '1024', LOG_REQUESTS: 'true' }, 1);
    for (const i of [0, 1]) {
      const app = createApp({ config, queryService: service, dumpsDir: '.', log: (l) => lines[i]!.push(l) });
      // One server goes through Express only, the other through the request listener with the fast path.
      const server = createServer(i === 0 ? app : app.serve);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      servers.push(server);
      bases.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    }
  });
  afterAll(async () => {
    for (const a of agents) a.destroy();
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  });

  const cases: readonly [string, string, Record<string, string>][] = [
    ['a failure after the status was sent cuts the connection', '#mid\nSELECT * {}', {}],
    ['a failure before the status was sent is a 500', '#early\nSELECT * {}', {}],
    ['a thrown programming error is a 500 without internals', 'SELECT * {}', { Accept: 'application/json' }],
    ['a full queue is a 503 with Retry-After', '#busy\nSELECT * {}', {}],
    ['a timeout is a 503', '#timeout\nSELECT * {}', { Accept: 'application/json' }],
  ];
  it.each(cases)('%s', async (_name, query, headers) => {
    const [viaExpress, viaFast] = await Promise.all([0, 1].map((i) => send(bases[i]!, agents[i]!, { path: `/sparql?query=${enc(query)}`, headers })));
    // A 500 names a random reference to the log line; the rest must match.
    const same = (r: Raw): Raw => ({ ...r, body: r.body.replace(/reference [0-9a-f]{8}/, 'reference <ref>') });
    expect(same(viaFast!)).toEqual(same(viaExpress!));
  });

  it('logged the same lines, the mid-stream failure included', () => {
    expect(lines[1].map(logShape)).toEqual(lines[0].map(logShape));
    expect(lines[1].some((l) => l.includes('error mid-stream GET /sparql q=') && l.includes('the worker stopped mid-answer'))).toBe(true);
    // The client got the status line, then a cut connection: the line says both.
    expect(lines[1].some((l) => / GET \/sparql 200 [\d.]+ms q=[0-9a-f]{12} cut \(error mid-stream\)$/.test(l))).toBe(true);
  });
});
