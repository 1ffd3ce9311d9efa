// Federation: the example queries joined with a local stand-in for Wikidata (every participant kept, linked or not), the
// User-Agent and time limit of SERVICE calls, upstream errors not echoed, and every non-allowlisted SERVICE refused
// before any request leaves.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import oxigraph from 'oxigraph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server.js';
import { Allowlist } from '../src/query/federation.js';
import { until } from './helpers/until.js';
import { buildGraph } from '../src/build.js';
import { serializeQuads } from '../src/serialize/writers.js';

const NQ = readFileSync(new URL('./fixtures/query/summit.nq', import.meta.url), 'utf8');
const EXTRACT = readFileSync(new URL('./fixtures/query/wikidata-extract.nt', import.meta.url), 'utf8');
const WIKIDATA = 'https://query.wikidata.org/sparql';

interface StandIn {
  readonly url: string;
  readonly hits: string[];
  /** The User-Agent and query text of each request. */
  readonly requests: { userAgent: string; query: string }[];
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) parts.push(c);
  return Buffer.concat(parts).toString('utf8');
}

/** A small SPARQL endpoint on 127.0.0.1 answering from its own store and recording every request; `redirectTo` makes it answer 302 instead. */
async function standIn(opts: { data?: string; redirectTo?: (search: string) => string; delayMs?: number; failWith?: number } = {}): Promise<StandIn> {
  const store = new oxigraph.Store();
  if (opts.data) store.load(opts.data, { format: 'application/n-triples' });
  const hits: string[] = [];
  const requests: StandIn['requests'] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      hits.push(`${req.method} ${url.pathname}`);
      if (opts.redirectTo) {
        res.writeHead(302, { Location: opts.redirectTo(url.search) }).end();
        return;
      }
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      if (opts.failWith) {
        res.writeHead(opts.failWith, { 'Content-Type': 'text/plain' }).end('the stand-in is down');
        return;
      }
      let query = url.searchParams.get('query') ?? '';
      if (req.method === 'POST') {
        const text = await body(req);
        query = (req.headers['content-type'] ?? '').startsWith('application/sparql-query') ? text : (new URLSearchParams(text).get('query') ?? '');
      }
      requests.push({ userAgent: req.headers['user-agent'] ?? '', query });
      try {
        const out = store.query(query, { results_format: 'application/sparql-results+json' });
        res.writeHead(200, { 'Content-Type': 'application/sparql-results+json' }).end(String(out));
      } catch (e) {
        res.writeHead(400, { 'Content-Type': 'text/plain' }).end(String(e));
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/sparql`,
    hits,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function select(base: string, query: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${base}/sparql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/sparql-query', Accept: 'application/sparql-results+json' },
    body: Buffer.from(query),
  });
  return { status: res.status, body: await res.text() };
}

function values(body: string): Record<string, string>[] {
  const json = JSON.parse(body) as { results: { bindings: Record<string, { value: string }>[] } };
  return json.results.bindings.map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.value])));
}

describe('federated queries through the endpoint', () => {
  let wikidata: StandIn;
  let other: StandIn;
  let server: RunningServer;
  const userAgent = 'ots-kg-test/1 (https://example.org/ots-kg-operators)';

  beforeAll(async () => {
    wikidata = await standIn({ data: EXTRACT });
    other = await standIn({ data: EXTRACT });
    // The real graph: the examples' participants and links as the data has them.
    const graph = await buildGraph({ dataDir: 'data', base: 'https://w3id.org/ots-kg/' });
    server = await startServer({
      env: { PORT: '0', QUERY_WORKERS: '1', SERVICE_ALLOWLIST: wikidata.url, QUERY_TIMEOUT_MS: '20000', LOG_REQUESTS: 'false', USER_AGENT: userAgent },
      nquads: serializeQuads(graph.quads, 'nquads', { base: graph.base }),
      quiet: true,
    });
    await server.ready;
  });
  afterAll(async () => {
    await server?.close();
    await wikidata?.close();
    await other?.close();
  });

  const WD = 'http://www.wikidata.org/entity/';
  it.each([
    {
      file: 'federated-member-states.rq',
      expected: [
        { participant: 'Kyrgyzstan', standing: 'host', wikidata: `${WD}Q813`, memberOnWikidata: 'yes' },
        { participant: 'Azerbaijan', standing: 'member', wikidata: `${WD}Q227`, memberOnWikidata: 'yes' },
        { participant: 'Kazakhstan', standing: 'member', wikidata: `${WD}Q232`, memberOnWikidata: 'yes' },
        { participant: 'Turkey', standing: 'member', wikidata: `${WD}Q43`, memberOnWikidata: 'yes' },
        { participant: 'Uzbekistan', standing: 'member', wikidata: `${WD}Q265`, memberOnWikidata: 'yes' },
        { participant: 'Hungary', standing: 'observer', wikidata: `${WD}Q28`, memberOnWikidata: 'no' },
        { participant: 'Turkish Republic of Northern Cyprus', standing: 'observer', wikidata: `${WD}Q23681`, memberOnWikidata: 'no' },
        { participant: 'Turkmenistan', standing: 'observer', wikidata: `${WD}Q874`, memberOnWikidata: 'no' },
        // Unlinked participants stay in the answer.
        { participant: 'Council of Elders of the Organization of Turkic States', standing: 'organization', memberOnWikidata: 'not linked' },
        { participant: 'Organization of Turkic States', standing: 'organization', wikidata: `${WD}Q596850`, memberOnWikidata: 'no' },
      ],
    },
    {
      file: 'federated-representative-positions.rq',
      expected: [
        { representative: 'Ersin Tatar' },
        { representative: 'Ilham Aliyev', wikidata: `${WD}Q57371` },
        { representative: 'Kassym-Jomart Tokayev', wikidata: `${WD}Q200881` },
        { representative: 'Kubanychbek Omuraliev' },
        { representative: 'Nury Golliyev' },
        { representative: 'Recep Tayyip Erdoğan', wikidata: `${WD}Q39259` },
        { representative: 'Sadyr Japarov', wikidata: `${WD}Q25597826`, position: 'President of Kyrgyzstan (test)' },
        { representative: 'Shavkat Mirziyoyev', wikidata: `${WD}Q57808` },
        { representative: 'Viktor Orbán', wikidata: `${WD}Q57641`, position: 'Prime Minister of Hungary (test)' },
      ],
    },
  ])('$file joins the graph with the Wikidata stand-in and keeps unlinked participants', async ({ file, expected }) => {
    const text = readFileSync(new URL(`../sparql/${file}`, import.meta.url), 'utf8');
    expect(text).toMatch(/^# Question: /);
    expect(text).toMatch(/^# Needs from Wikidata /m);
    expect(text).toContain(`SERVICE <${WIKIDATA}>`);
    const before = wikidata.requests.length;
    const { status, body } = await select(server.url, text.replaceAll(WIKIDATA, wikidata.url));
    expect(status, body).toBe(200);
    expect(values(body)).toEqual(expected);
    const sent = wikidata.requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    // Every request names the contact, and asks about our linked items only (never every P39 statement of Wikidata).
    for (const r of sent) expect(r.userAgent).toBe(userAgent);
    for (const r of sent.filter((x) => x.query.includes('P39'))) expect(r.query).toMatch(/VALUES/);
  });

  it.each([
    { name: 'a loopback endpoint not on the list', iri: () => other.url },
    { name: 'IPv6 loopback', iri: () => other.url.replace('127.0.0.1', '[::1]') },
    { name: 'a private address', iri: () => 'http://10.0.0.7/sparql' },
    { name: 'a link-local address (cloud metadata)', iri: () => 'http://169.254.169.254/latest/meta-data' },
    { name: 'another scheme', iri: () => 'ftp://example.org/sparql' },
    { name: 'a file', iri: () => 'file:///etc/passwd' },
    { name: 'Wikidata itself, when the list names only the stand-in', iri: () => WIKIDATA },
    { name: 'the allowed host on another path', iri: () => wikidata.url.replace('/sparql', '/other') },
  ])('refuses SERVICE to $name with 400 before any request leaves', async ({ iri }) => {
    const hitsBefore = [wikidata.hits.length, other.hits.length];
    const { status, body } = await select(server.url, `SELECT * WHERE { ?s ?p ?o SERVICE <${iri()}> { ?s ?q ?r } }`);
    expect(status).toBe(400);
    expect(body).toMatch(/federation refused/);
    expect([wikidata.hits.length, other.hits.length]).toEqual(hitsBefore);
  });

  it('refuses SERVICE SILENT to a non-allowlisted endpoint too (silence does not widen the list)', async () => {
    const before = other.hits.length;
    const { status } = await select(server.url, `SELECT * WHERE { SERVICE SILENT <${other.url}> { ?s ?p ?o } }`);
    expect(status).toBe(400);
    expect(other.hits.length).toBe(before);
  });
});

describe('the allowlist guard on outbound requests', () => {
  let target: StandIn;
  let redirector: StandIn;
  beforeAll(async () => {
    target = await standIn({ data: EXTRACT });
    redirector = await standIn({ redirectTo: (search) => `${target.url}${search}` });
  });
  afterAll(async () => {
    await target?.close();
    await redirector?.close();
  });

  it('re-checks a redirect and refuses one leading off the list, without reaching its target', async () => {
    const guard = new Allowlist({ allow: [redirector.url] }).guardedFetch();
    await expect(guard(`${redirector.url}?query=ASK%7B%7D`)).rejects.toThrow(/federation refused/);
    expect(redirector.hits).toHaveLength(1);
    expect(target.hits).toHaveLength(0);
  });

  it('follows a redirect that stays on the list', async () => {
    const guard = new Allowlist({ allow: [redirector.url, target.url] }).guardedFetch();
    const res = await guard(`${redirector.url}?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('"boolean":true');
  });

  it.each([
    { name: 'a private address', addresses: ['10.1.2.3'], ok: false },
    { name: 'loopback', addresses: ['127.0.0.1'], ok: false },
    { name: 'link-local IPv6', addresses: ['fe80::1'], ok: false },
    { name: 'an IPv4-mapped private address', addresses: ['::ffff:192.168.1.4'], ok: false },
    { name: 'a public address mixed with a private one', addresses: ['93.184.216.34', '10.0.0.1'], ok: false },
    { name: 'public addresses only', addresses: ['93.184.216.34', '2606:2800:220:1::1'], ok: true },
  ])('judges an allowed host name by what it resolves to: $name', async ({ addresses, ok }) => {
    const list = new Allowlist({ allow: ['https://sparql.example/sparql'] }, async () => addresses);
    const check = list.checkRequest('https://sparql.example/sparql?query=x');
    if (ok) await expect(check).resolves.toBeUndefined();
    else await expect(check).rejects.toThrow(/loopback, private or link-local/);
  });
});

describe('a SERVICE endpoint that fails', () => {
  it.each([
    { name: 'answers 502 saying the federated request failed', silent: false, status: 502 },
    { name: 'is ignored under SERVICE SILENT', silent: true, status: 200 },
  ])('$name', async ({ silent, status }) => {
    const down = await standIn({ failWith: 500 });
    const server = await startServer({
      env: { PORT: '0', QUERY_WORKERS: '1', SERVICE_ALLOWLIST: down.url, LOG_REQUESTS: 'false' },
      nquads: NQ,
      quiet: true,
    });
    try {
      const r = await select(server.url, `SELECT * WHERE { SERVICE ${silent ? 'SILENT ' : ''}<${down.url}> { ?s ?p ?o } }`);
      expect(r.status, r.body).toBe(status);
      if (status === 502) {
        expect(r.body).toMatch(/federated request failed: the SERVICE endpoint http:\/\/127\.0\.0\.1:\d+\/sparql answered HTTP status 500/);
        // The endpoint's own error text is not passed on.
        expect(r.body).not.toContain('the stand-in is down');
      }
      expect(down.hits.length).toBeGreaterThan(0);
    } finally {
      await server.close();
      await down.close();
    }
  });
});

describe('a SERVICE endpoint that is slow', () => {
  it('is given up after SERVICE_TIMEOUT_MS, well before the query\'s own limit, with a 502 saying so', async () => {
    const slow = await standIn({ data: EXTRACT, delayMs: 20_000 });
    const server = await startServer({
      env: { PORT: '0', QUERY_WORKERS: '1', SERVICE_ALLOWLIST: slow.url, SERVICE_TIMEOUT_MS: '300', QUERY_TIMEOUT_MS: '40000', LOG_REQUESTS: 'false' },
      nquads: NQ,
      quiet: true,
    });
    try {
      await until(async () => server.pool.stats().readyWorkers === 1, 'the query worker');
      const t0 = performance.now();
      const r = await select(server.url, `SELECT * WHERE { SERVICE <${slow.url}> { ?s ?p ?o } }`);
      const ms = performance.now() - t0;
      expect(r.status, r.body).toBe(502);
      expect(r.body).toMatch(/did not answer in time \(SERVICE_TIMEOUT_MS\)/);
      // Answered before the stand-in would have (20 s), and so before the query's own limit (40 s).
      expect(ms).toBeLessThan(20_000);
    } finally {
      await server.close();
      await slow.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('finishes a request in flight, then refuses new connections and ends its workers', async () => {
    // A SERVICE answering after 600 ms keeps a query in flight for a known time.
    const slow = await standIn({ data: EXTRACT, delayMs: 600 });
    const server = await startServer({
      env: { PORT: '0', QUERY_WORKERS: '1', SERVICE_ALLOWLIST: slow.url, LOG_REQUESTS: 'false' },
      nquads: NQ,
      quiet: true,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        const t = setInterval(() => {
          if (server.pool.stats().readyWorkers === 1) {
            clearInterval(t);
            resolve();
          }
        }, 25);
        setTimeout(() => reject(new Error('worker not ready')), 60_000);
      });
      const inFlight = select(server.url, `SELECT ?o WHERE { SERVICE <${slow.url}> { <http://www.wikidata.org/entity/Q813> <http://www.wikidata.org/prop/direct/P463> ?o } }`);
      await new Promise<void>((resolve) => {
        const t = setInterval(() => {
          if (slow.hits.length > 0) {
            clearInterval(t);
            resolve();
          }
        }, 10);
      });
      const closing = server.close();
      const { status, body } = await inFlight;
      expect(status, body).toBe(200);
      expect(values(body)).toEqual([{ o: 'http://www.wikidata.org/entity/Q596850' }]);
      await closing;
      await expect(fetch(`${server.url}/health`)).rejects.toThrow();
      expect(server.pool.stats().workers).toBe(0);
    } finally {
      await server.close();
      await slow.close();
    }
  });
});
