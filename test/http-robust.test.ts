// Nothing a query can break: each case once broke a worker, misled /health, slipped past the allowlist or
// ended in a 500. Every one is sent over HTTP to a real server on port 0.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server.js';
import { until } from './helpers/until.js';
import { quickPlan } from '../src/query/quick-plan.js';
import { queryDepth } from '../src/query/limits.js';

const NQ = readFileSync(new URL('./fixtures/query/summit.nq', import.meta.url), 'utf8');
const enc = encodeURIComponent;
const ASK_ANY = `/sparql?query=${enc('ASK { ?s ?p ?o }')}`;
const braces = (n: number): string => `SELECT ?x WHERE ${'{'.repeat(n)} ?x ?p ?o ${'}'.repeat(n)}`;
const parens = (n: number): string => `SELECT ?x WHERE { ?x ?p ?o FILTER(${'('.repeat(n)}true${')'.repeat(n)}) }`;
const patterns = (n: number): string => `SELECT ?x WHERE { ${Array.from({ length: n }, (_, i) => `<http://a> <http://b> ?o${i} .`).join(' ')} }`;
const optionals = (n: number): string => `SELECT ?x WHERE { ?x ?p ?o ${'OPTIONAL { ?x ?p ?o } '.repeat(n)}}`;

type Health = { status: string; busy: number; queued: number; replaced: number; workers: number; readyWorkers: number; dataset: { version: string } };

async function health(base: string): Promise<{ code: number; body: Health }> {
  const res = await fetch(`${base}/health`);
  return { code: res.status, body: (await res.json()) as Health };
}


async function get(base: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; res: Response }> {
  const res = await fetch(`${base}${path}`, { headers });
  return { status: res.status, body: await res.text(), res };
}

async function post(base: string, body: string | Buffer, type: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${base}/sparql`, { method: 'POST', headers: { 'Content-Type': type }, body });
  return { status: res.status, body: await res.text() };
}

describe('deep nesting and a broken store', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { PORT: '0', QUERY_WORKERS: '2', LOG_REQUESTS: 'false', SERVICE_ALLOWLIST: 'none' }, nquads: NQ, quiet: true });
    await until(async () => (await health(server.url)).body.readyWorkers === 2, 'both workers');
  });
  afterAll(async () => server?.close());

  it.each([
    ['700 nested braces', braces(700)],
    ['5,000 nested parentheses in a FILTER', parens(5000)],
    ['600 chained triple patterns', patterns(600)],
    ['1,000 chained OPTIONALs', optionals(1000)],
  ])('refuses %s with 400 naming the depth limit, before the store, and keeps answering', async (_name, q) => {
    // By GET when the URL fits Node's header limit (16 KB), and by both kinds of POST.
    const sends = [() => post(server.url, q, 'application/sparql-query'), () => post(server.url, `query=${enc(q)}`, 'application/x-www-form-urlencoded')];
    if (enc(q).length < 12_000) sends.push(() => get(server.url, `/sparql?query=${enc(q)}`));
    for (const send of sends) {
      const r = await send();
      expect(r.status, r.body).toBe(400);
      expect(r.body).toMatch(/nests too deeply: depth \d+ .*at most 128 is accepted \(QUERY_MAX_DEPTH=128\)/);
    }
    const after = await get(server.url, ASK_ANY);
    expect(after.status).toBe(200);
    expect(after.body).toMatch(/"boolean":true/);
    expect((await health(server.url)).body.replaced).toBe(0);
  });

  it('three deep queries at once leave every worker answering', async () => {
    const all = await Promise.all([1, 2, 3].map(() => get(server.url, `/sparql?query=${enc(braces(700))}`)));
    expect(all.map((r) => r.status)).toEqual([400, 400, 400]);
    const answers = await Promise.all([1, 2, 3, 4].map(() => get(server.url, ASK_ANY)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });

  it('accepts every example query, far under the limit', () => {
    for (const f of ['participants.rq', 'summits.rq', 'key-decisions.rq', 'federated-member-states.rq', 'federated-representative-positions.rq']) {
      expect(queryDepth(readFileSync(new URL(`../sparql/${f}`, import.meta.url), 'utf8')).depth).toBeLessThan(32);
    }
  });

  it('reports the truth on /health: workers alive, replaced, busy, queue and dataset version', async () => {
    const h = await health(server.url);
    expect(h.code).toBe(200);
    expect(h.body).toMatchObject({ status: 'ok', workers: 2, readyWorkers: 2, busy: 0, queued: 0, replaced: 0, dataset: { version: expect.stringMatching(/^[0-9a-f]{16}$/) } });
  });
});

describe('a store that breaks anyway (depth limit raised past what the store survives)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { PORT: '0', QUERY_WORKERS: '2', QUERY_MAX_DEPTH: '10000', LOG_REQUESTS: 'false' }, nquads: NQ, quiet: true });
    await until(async () => (await health(server.url)).body.readyWorkers === 2, 'both workers');
  });
  afterAll(async () => server?.close());

  it('retires the worker whose store trapped, answers the query 400, and answers later queries', async () => {
    const r = await get(server.url, `/sparql?query=${enc(braces(700))}`);
    expect(r.status, r.body).toBe(400);
    expect(r.body).toMatch(/too complex for the store.*worker that ran it was replaced/);
    const h = (await health(server.url)).body;
    expect(h.replaced).toBe(1);
    for (let i = 0; i < 4; i++) {
      const ok = await get(server.url, ASK_ANY);
      expect(ok.status, ok.body).toBe(200);
      expect(ok.body).toMatch(/"boolean":true/);
    }
  });

  it('survives three at once: each gets a 4xx (or 503 with Retry-After while no worker is left to take it), the workers are replaced, and the endpoint keeps answering', async () => {
    await until(async () => (await health(server.url)).body.readyWorkers === 2, 'both workers');
    const before = (await health(server.url)).body.replaced;
    const all = await Promise.all([1, 2, 3].map(() => get(server.url, `/sparql?query=${enc(braces(700))}`)));
    const broke = all.filter((r) => r.status === 400);
    for (const r of all) {
      if (r.status === 503) expect(r.res.headers.get('retry-after')).toMatch(/^\d+$/);
      else expect(r.status, r.body).toBe(400);
    }
    expect(broke.length).toBeGreaterThanOrEqual(2);
    expect((await health(server.url)).body.replaced).toBe(before + broke.length);
    await until(async () => (await health(server.url)).body.readyWorkers === 2, 'the replacements');
    const answers = await Promise.all([1, 2, 3, 4].map(() => get(server.url, ASK_ANY)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
  });

  it("answers a stack overflow in the engine's parser (2,000 parentheses in a CONSTRUCT) with 400, not a syntax error or a 500", async () => {
    await until(async () => (await health(server.url)).body.readyWorkers === 2, 'both workers');
    const r = await post(server.url, `CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o FILTER(${'('.repeat(2000)}true${')'.repeat(2000)}) }`, 'application/sparql-query');
    expect(r.status, r.body).toBe(400);
    expect(r.body).toMatch(/too complex/);
    expect((await get(server.url, ASK_ANY)).status).toBe(200);
  });
});

describe('/health when no worker can answer', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { PORT: '0', QUERY_WORKERS: '1', QUERY_MAX_DEPTH: '10000', LOG_REQUESTS: 'false' }, nquads: NQ, quiet: true });
    await until(async () => (await health(server.url)).body.readyWorkers === 1, 'the worker');
  });
  afterAll(async () => server?.close());

  it('says degraded (503) while the only worker is being replaced, then ok again', async () => {
    expect((await get(server.url, `/sparql?query=${enc(braces(700))}`)).status).toBe(400);
    const h = await health(server.url);
    expect(h.code).toBe(503);
    expect(h.body).toMatchObject({ status: 'degraded', workers: 1, readyWorkers: 0, replaced: 1 });
    await until(async () => (await health(server.url)).body.status === 'ok', 'the replacement');
    expect((await get(server.url, ASK_ANY)).status).toBe(200);
  });
});

describe('client faults get a 4xx with the reason', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { PORT: '0', QUERY_WORKERS: '1', LOG_REQUESTS: 'false' }, nquads: NQ, quiet: true });
    await until(async () => (await health(server.url)).body.readyWorkers === 1, 'the worker');
  });
  afterAll(async () => server?.close());

  // Each of these reached a 500 once.
  it.each([
    ['an invalid regular expression in REPLACE (evaluated by Comunica)', 'SELECT ?x WHERE { BIND(REPLACE("a","(","b") AS ?x) MINUS {} }', /invalid regular expression/],
    ['an invalid regular expression in REGEX (evaluated by Comunica)', 'SELECT ?x WHERE { FILTER(REGEX("a","[")) MINUS {} }', /invalid regular expression/],
    ['invalid REGEX flags', 'SELECT ?x WHERE { FILTER(REGEX("a","a","zzq")) MINUS {} }', /flags/],
  ])('%s', async (_name, q, message) => {
    const r = await get(server.url, `/sparql?query=${enc(q)}`);
    expect(r.status, r.body).toBe(400);
    expect(r.body).toMatch(message);
  });

  it.each([
    ['GET', () => get(server.url, '/sparql?query=ASK%20%7B%7D%FF')],
    ['GET with a broken sequence in another parameter', () => get(server.url, `/sparql?query=${enc('ASK {}')}&default-graph-uri=http%3A%2F%2Fx%2F%C3%28`)],
    ['GET through Express (a parameter the fast path does not take)', () => get(server.url, '/sparql?query=ASK%20%7B%7D%C0%AF&x=1')],
    ['form POST', () => post(server.url, 'query=ASK%20%7B%7D%FF', 'application/x-www-form-urlencoded')],
    ['direct POST', () => post(server.url, Buffer.from([0x41, 0x53, 0x4b, 0x20, 0x7b, 0x7d, 0xff]), 'application/sparql-query')],
  ])('refuses invalid UTF-8 by %s with 400', async (_name, send) => {
    const r = await send();
    expect(r.status, r.body).toBe(400);
    expect(r.body).toMatch(/UTF-8/);
  });

  it('still takes valid UTF-8 escapes and a literal % sign', async () => {
    const r = await get(server.url, `/sparql?query=${enc('ASK { FILTER("é" = "é" && "100%" = "100%") }')}`);
    expect(r.status, r.body).toBe(200);
    const form = await post(server.url, `query=${enc('ASK { FILTER("ş" = "ş") }')}`, 'application/x-www-form-urlencoded');
    expect(form.status, form.body).toBe(200);
    const pct = await get(server.url, '/sparql?query=ASK%20%7B%20FILTER(%22a%%22%20%3D%20%22a%%22)%20%7D');
    expect(pct.status, pct.body).toBe(200);
  });
});

describe('SERVICE, however it is written, takes the full parse and the allowlist', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { PORT: '0', QUERY_WORKERS: '1', LOG_REQUESTS: 'false', SERVICE_ALLOWLIST: 'none' }, nquads: NQ, quiet: true });
    await until(async () => (await health(server.url)).body.readyWorkers === 1, 'the worker');
  });
  afterAll(async () => server?.close());

  const target = '<http://127.0.0.1:9/x>';
  const variants = [
    `SELECT ?a WHERE { ?s ?p ?o.SERVICE SILENT ${target} { ?a ?b ?c } }`,
    `SELECT ?a WHERE { ?s ?p ?o .SERVICE SILENT ${target} { ?a ?b ?c } }`,
    `SELECT ?a WHERE { { ?s ?p ?o }SERVICE SILENT ${target} { ?a ?b ?c } }`,
    `SELECT ?a WHERE { ?s ?p ?o # a comment\nSERVICE SILENT ${target} { ?a ?b ?c } }`,
    `SELECT ?a WHERE { ?s ?p ?o . service silent ${target} { ?a ?b ?c } }`,
    `SELECT ?a WHERE { ?s ?p ?o . SeRvIcE SILENT ${target} { ?a ?b ?c } }`,
    `SELECT ?a WHERE { ?s ?p ?o ; ?q ?r .SERVICE SILENT ${target} { ?a ?b ?c } }`,
    `SELECT ?a WHERE { ?s ?p ?o . \\u0053ERVICE SILENT ${target} { ?a ?b ?c } }`,
  ];

  it.each(variants)('never answers %j with 200', async (q) => {
    expect(quickPlan(q)).toBeUndefined();
    const r = await get(server.url, `/sparql?query=${enc(q)}`);
    expect(r.status, r.body).toBe(400);
    expect(r.body).toMatch(/federation refused|syntax error/);
  });
});

describe('a long unknown path under /id/', () => {
  let server: RunningServer;
  let dumps: string;
  beforeAll(async () => {
    dumps = mkdtempSync(join(tmpdir(), 'ots-robust-'));
    writeFileSync(join(dumps, 'ots-kg.nq'), NQ);
    server = await startServer({ env: { PORT: '0', QUERY_WORKERS: '1', LOG_REQUESTS: 'false', DUMPS_DIR: dumps }, quiet: true });
    await until(async () => (await health(server.url)).body.readyWorkers === 1, 'the worker');
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dumps, { recursive: true, force: true });
  });

  it('is answered 404 at once and does not hold other requests', async () => {
    const long = `/id/person/${'a'.repeat(15_000)}`;
    expect((await get(server.url, '/id/person/nobody')).status).toBe(404); // the pages' index is built on first use
    // It costs about what a short unknown path costs (before the cap: about a hundred times as much).
    const time = async (path: string): Promise<number> => {
      const ms: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        expect((await get(server.url, path)).status).toBe(404);
        ms.push(performance.now() - t0);
      }
      return ms.sort((a, b) => a - b)[1] as number;
    };
    const short = await time('/id/person/nobody-at-all');
    const longMs = await time(long);
    expect(longMs).toBeLessThan(short * 5 + 100);
    // A near miss still gets its suggestion.
    const near = await get(server.url, '/id/person/viktor-orbn', { Accept: 'text/plain' });
    expect(near.status).toBe(404);
    expect(near.body).toMatch(/did you mean/);
    // Twenty at once, and a cached query meanwhile.
    const q = `/sparql?query=${enc('ASK { ?s ?p ?o }')}`;
    await get(server.url, q);
    const flood = Promise.all(Array.from({ length: 20 }, () => get(server.url, long)));
    const cached = await get(server.url, q);
    expect(cached.status).toBe(200);
    expect(cached.res.headers.get('x-cache')).toBe('hit');
    expect((await flood).every((x) => x.status === 404)).toBe(true);
  });
});
