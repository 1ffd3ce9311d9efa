// Fair under load: lookups answered while heavy queries hold the workers, saturation and start-up answered 503 with
// Retry-After instead of after the time limit, work whose client left stopped, shutdown with a grace period and honest
// log lines. Every case is sent over HTTP to a real server on port 0.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server.js';
import { until } from './helpers/until.js';

const NQ = readFileSync(new URL('./fixtures/query/summit.nq', import.meta.url), 'utf8');
const enc = encodeURIComponent;
// A cartesian product of eight patterns: far past any time limit here.
const HEAVY = `SELECT (COUNT(*) AS ?n) WHERE { ${Array.from({ length: 8 }, (_, i) => `?s${i} ?p${i} ?o${i} .`).join(' ')} }`;
const LOOKUP = 'SELECT ?p ?o WHERE { <https://w3id.org/ots-kg/id/state/hungary> ?p ?o }';

type Health = { status: string; busy: number; busyLong: number; queued: number; replaced: number; readyWorkers: number; abandoned: number; refused: number };
async function health(base: string): Promise<Health> {
  return (await fetch(`${base}/health`)).json() as Promise<Health>;
}


interface Got {
  readonly status: number;
  readonly body: string;
  readonly retryAfter: string | null;
  readonly ms: number;
}
async function get(base: string, query: string, init: RequestInit = {}): Promise<Got> {
  const t0 = performance.now();
  const res = await fetch(`${base}/sparql?query=${enc(query)}`, init);
  const body = await res.text();
  return { status: res.status, body, retryAfter: res.headers.get('retry-after'), ms: performance.now() - t0 };
}

describe('heavy queries and lookups at once', () => {
  let server: RunningServer;
  const lines: string[] = [];
  beforeAll(async () => {
    server = await startServer({
      env: { PORT: '0', QUERY_WORKERS: '2', QUERY_TIMEOUT_MS: '15000', QUERY_LONG_QUEUE_MAX: '2', QUERY_QUEUE_WAIT_MS: '1500', SERVICE_ALLOWLIST: 'none' },
      nquads: NQ,
      quiet: true,
      log: (l) => lines.push(l),
    });
    await until(async () => (await health(server.url)).readyWorkers === 2, 'both workers');
    // Each worker answers a first query (its first one compiles the engine's code paths).
    await Promise.all([get(server.url, 'ASK { ?s ?p ?o }'), get(server.url, 'ASK { ?s ?p ?x }')]);
  });
  afterAll(async () => server?.close());

  it('answers lookups at once while heavy queries hold the long lane, and refuses the surplus at once with Retry-After', async () => {
    const sent = performance.now();
    const heavy = Array.from({ length: 20 }, (_, i) => get(server.url, `${HEAVY} # ${i}`).then((g) => ({ ...g, at: performance.now() - sent })));
    await until(async () => (await health(server.url)).busyLong >= 1, 'a heavy query to start');
    const lookups: Got[] = [];
    for (let i = 0; i < 5; i++) lookups.push(await get(server.url, `${LOOKUP} # ${i}`));
    for (const l of lookups) expect(l.status, l.body).toBe(200);
    // Answered by the worker the long lane never takes: within a second each (the median, against a busy machine's hiccups).
    expect([...lookups.map((l) => l.ms)].sort((a, b) => a - b)[2]).toBeLessThan(1000);
    const h = await health(server.url);
    expect(h.busyLong).toBe(1);
    const done = await Promise.all(heavy);
    const refused = done.filter((d) => d.status === 503 && /long queries are busy/.test(d.body));
    // One runs, two wait (QUERY_LONG_QUEUE_MAX=2), the rest are refused at once; the waiting ones after QUERY_QUEUE_WAIT_MS.
    expect(refused.length).toBeGreaterThanOrEqual(17);
    for (const r of refused) {
      expect(r.retryAfter).toMatch(/^\d+$/);
      expect(r.at).toBeLessThan(10_000); // never after the 15 s time limit
    }
  });

  it('stops a query whose client went away, ending its worker', async () => {
    // The heavy query of the test before ran to its time limit: its worker is replaced first.
    await until(async () => (await health(server.url)).readyWorkers === 2, 'both workers');
    const before = await health(server.url);
    const ac = new AbortController();
    const p = get(server.url, `${HEAVY} # abandoned`, { signal: ac.signal }).catch(() => 'aborted');
    await until(async () => (await health(server.url)).busyLong >= 1, 'the heavy query to start');
    ac.abort();
    expect(await p).toBe('aborted');
    const abandonedAt = performance.now();
    await until(async () => (await health(server.url)).abandoned === before.abandoned + 1, 'the abandoned query to stop', 5_000);
    // QUERY_ABANDON_MS (500 ms) after the client left, its worker was ended: not left running to the time limit.
    expect(performance.now() - abandonedAt).toBeLessThan(1500);
    expect((await health(server.url)).replaced).toBeGreaterThan(before.replaced);
    await until(async () => lines.some((l) => / GET \/sparql - [\d.]+ms q=[0-9a-f]{12} client-abort/.test(l)), 'the log line of the abandoned request', 5_000);
    await until(async () => (await health(server.url)).readyWorkers === 2, 'the replacement');
    expect((await get(server.url, LOOKUP)).status).toBe(200);
  });

  it('logs an aborted upload as a client abort, not as a 500 with a stack trace', async () => {
    const { port } = new URL(server.url);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write('POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 1000\r\n\r\nSELECT * WHERE');
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 100);
      });
    });
    await until(async () => lines.some((l) => / POST \/sparql - [\d.]+ms client-abort/.test(l)), 'the log line of the aborted upload', 5_000);
    expect(lines.some((l) => /error 500|internal error/.test(l))).toBe(false);
  });
});

describe('a query arriving while the workers load', () => {
  it('gets 503 with Retry-After after a short bounded wait, not the time limit', async () => {
    // Enough data that loading it takes a while; queries sent meanwhile wait at most QUERY_START_WAIT_MS.
    const big = Array.from({ length: 150_000 }, (_, i) => `<http://ex/s${i}> <http://ex/p${i % 50}> "v${i}" .\n`).join('');
    const lines: string[] = [];
    const server = await startServer({ env: { PORT: '0', QUERY_WORKERS: '1', QUERY_QUEUE_WAIT_MS: '200', QUERY_START_WAIT_MS: '200', QUERY_TIMEOUT_MS: '30000', LOG_REQUESTS: 'false' }, nquads: big, quiet: true, log: (l) => lines.push(l) });
    try {
      const h = await health(server.url);
      const r = await get(server.url, 'ASK { ?s ?p ?o }');
      if (h.status === 'starting' && r.status === 503) {
        expect(r.body).toMatch(/starting/);
        expect(r.retryAfter).toMatch(/^\d+$/);
        expect(r.ms).toBeLessThan(5_000);
      } else {
        // The machine loaded it faster than the request came: then it was answered.
        expect(r.status).toBe(200);
      }
      await server.ready;
      expect((await get(server.url, 'ASK { ?s ?p ?o }')).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('SIGTERM', () => {
  it('lets a quick query finish, answers one still running after the grace period 503 "shutting down", and logs what each client got', { timeout: 180_000 }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/server/child.ts'], {
      cwd: new URL('..', import.meta.url).pathname,
      env: { ...process.env, QUERY_WORKERS: '2', QUERY_TIMEOUT_MS: '20000', SHUTDOWN_GRACE_MS: '1500', SERVICE_ALLOWLIST: 'none', LOG_REQUESTS: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      await until(async () => /URL (\S+)/.test(out), 'the child server', 60_000);
      const url = (/URL (\S+)/.exec(out) as RegExpExecArray)[1] as string;
      await until(async () => (await health(url)).readyWorkers === 2, 'both workers');
      const heavy = get(url, HEAVY);
      await until(async () => (await health(url)).busyLong >= 1, 'the heavy query to start');
      const quick = get(url, LOOKUP);
      const t0 = performance.now();
      child.kill('SIGTERM');
      const [q, h] = await Promise.all([quick, heavy]);
      expect(q.status, q.body).toBe(200);
      expect(h.status, h.body).toBe(503);
      expect(h.body).toMatch(/shutting down/);
      // Cut after the grace period (1.5 s), not at the 20 s time limit.
      expect(performance.now() - t0).toBeLessThan(10_000);
      expect(await exited).toBe(0);
      expect(out).toMatch(/ GET \/sparql 503 [\d.]+ms q=/);
      expect(out).toMatch(/ GET \/sparql 200 [\d.]+ms q=/);
      expect(out).not.toMatch(/ GET \/sparql 200 [\d.]+ms q=\S+ (cut|client-abort)/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
