// Which query a free worker takes, and at what priority the workers run, over HTTP against a real server on port 0:
// a lookup waiting beside dearer queries goes first (and a query answered late is logged with where its time went);
// a worker running a long query, or loading beside the serving ones, runs at a lower thread priority, and a worker
// answering a short query at the normal one.
import { readFileSync, readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server.js';
import { queryHash } from '../src/http/log.js';
import { canRestorePriority } from '../src/query/priority.js';
import { until } from './helpers/until.js';

const NQ = readFileSync(new URL('./fixtures/query/summit.nq', import.meta.url), 'utf8');
const enc = encodeURIComponent;
const LOOKUP = 'SELECT ?p ?o WHERE { <https://w3id.org/ots-kg/id/state/hungary> ?p ?o }';
/** A cartesian product of `n` patterns over the fixture's 26 statements: 26^n solutions counted. */
const product = (n: number): string => `SELECT (COUNT(*) AS ?n) WHERE { ${Array.from({ length: n }, (_, i) => `?s${i} ?p${i} ?o${i} .`).join(' ')} }`;

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function answer(query: string): Promise<{ status: number; at: number }> {
  const r = await fetch(`${server?.url}/sparql?query=${enc(query)}`, { headers: { Accept: 'application/sparql-results+json' } });
  await r.text();
  return { status: r.status, at: performance.now() };
}

describe('the short queue', () => {
  it('gives a free worker to a waiting lookup before a dearer query that arrived first, and logs the late answer with its wait and run', { timeout: 120_000 }, async () => {
    const lines: string[] = [];
    server = await startServer({
      // One worker: every query waits for the same one. The product stays a short query, however long it takes here.
      env: { PORT: '0', QUERY_WORKERS: '1', QUERY_SHORT_MS: '30000', QUERY_TIMEOUT_MS: '60000', QUERY_QUEUE_WAIT_MS: '60000', QUERY_SLOW_LOG_MS: '100', SERVICE_ALLOWLIST: 'none', LOG_REQUESTS: 'false' },
      nquads: NQ,
      quiet: true,
      log: (l) => lines.push(l),
    });
    const pool = server.pool;
    await until(async () => pool.stats().readyWorkers === 1, 'the worker');
    const dear = product(4);
    // Each kind measured once: the product costs far more than the lookup.
    expect((await answer(`${dear} # 0`)).status).toBe(200);
    expect((await answer(`${LOOKUP} # 0`)).status).toBe(200);
    const first = answer(`${dear} # 1`);
    await until(async () => pool.stats().busy === 1, 'the first product to run');
    const second = answer(`${dear} # 2`);
    await until(async () => pool.stats().queued === 1, 'the second product to wait');
    const lookup = answer(`${LOOKUP} # 1`);
    await until(async () => pool.stats().queued === 2, 'the lookup to wait');
    expect(pool.stats().busy).toBe(1); // the first product still runs: both wait for it
    const [a, b, c] = await Promise.all([first, second, lookup]);
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    // The lookup arrived last but was answered before the second product.
    expect(c.at).toBeLessThan(b.at);
    // The second product waited for the first and the lookup: its log line says so.
    const slow = lines.filter((l) => l.includes(' query-slow ')).map((l) => JSON.parse(l.slice(l.indexOf('{'))) as { hash: string; waitMs: number; runMs: number; ms: number; lane: string; atArrival: { busy: number; queued: number } });
    const line = slow.find((s) => s.hash === queryHash(`${dear} # 2`));
    expect(line, JSON.stringify(slow)).toBeDefined();
    expect(line?.lane).toBe('short');
    expect(line?.waitMs).toBeGreaterThan(0);
    expect((line?.waitMs ?? 0) + (line?.runMs ?? 0)).toBeLessThanOrEqual((line?.ms ?? 0) + 1);
    expect(line?.atArrival).toMatchObject({ busy: 1, queued: 0 });
  });
});

/** The nice value of each thread of this process (Linux: field 19 of /proc/self/task/<tid>/stat). */
function niceValues(): number[] {
  const out: number[] = [];
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push(Number(fields[16]));
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

describe('thread priorities', () => {
  const can = canRestorePriority();
  it.skipIf(!can.ok)('lowers the thread of a worker running a long query, and of a fresh worker loading beside a serving one, and gives it back for a short query', { timeout: 120_000 }, async () => {
    expect(niceValues().filter((n) => n === 10)).toHaveLength(0);
    server = await startServer({
      env: { PORT: '0', QUERY_WORKERS: '2', QUERY_TIMEOUT_MS: '3000', SERVICE_ALLOWLIST: 'none', LOG_REQUESTS: 'false', QUERY_BACKGROUND_NICE: '10' },
      nquads: NQ,
      quiet: true,
    });
    const pool = server.pool;
    await until(async () => pool.stats().readyWorkers === 2, 'both workers');
    // The second worker loaded beside the first, which already served: at nice 10 until it answers a short query.
    let n = 0;
    const lookups = async (): Promise<boolean> => {
      // Texts never sent before: none comes from the answer cache.
      await Promise.all(Array.from({ length: 8 }, () => answer(`${LOOKUP} # ${n++}`)));
      return niceValues().filter((n) => n === 10).length === 0;
    };
    await until(lookups, 'both workers at nice 0', 30_000);
    // A product never measured takes the long lane: its worker's thread runs at nice 10, nothing else does.
    const heavy = answer(product(8));
    await until(async () => pool.stats().busyLong === 1, 'the product to run');
    await until(async () => niceValues().filter((n) => n === 10).length === 1, 'one thread at nice 10');
    // It runs past the time limit: its worker is replaced, and the fresh one loads at nice 10 beside the serving one.
    expect((await heavy).status).toBe(503);
    await until(async () => pool.stats().readyWorkers === 2 && pool.stats().replaced === 1, 'the replacement');
    expect(niceValues().filter((n) => n === 10)).toHaveLength(1);
    // Lookups reach both workers sooner or later; each one answering a short query is back at the normal priority.
    await until(lookups, 'every worker back at nice 0', 30_000);
  });

  it.skipIf(!can.ok)('loads a replacement at the normal priority when every serving worker holds a long query (short queries wait for it)', { timeout: 120_000 }, async () => {
    server = await startServer({
      // No reserved worker: both may run long queries.
      env: { PORT: '0', QUERY_WORKERS: '2', QUERY_RESERVED_WORKERS: '0', QUERY_TIMEOUT_MS: '4000', SERVICE_ALLOWLIST: 'none', LOG_REQUESTS: 'false', QUERY_BACKGROUND_NICE: '10' },
      nquads: NQ,
      quiet: true,
    });
    const pool = server.pool;
    await until(async () => pool.stats().readyWorkers === 2, 'both workers');
    const first = answer(`${product(8)} # 1`);
    await until(async () => pool.stats().busyLong === 1, 'the first product to run');
    await new Promise((r) => setTimeout(r, 2000));
    const second = answer(`${product(8)} # 2`);
    await until(async () => pool.stats().busyLong === 2, 'the second product to run');
    // The first runs out of time: its worker is replaced while the other still holds the second product.
    expect((await first).status).toBe(503);
    // Only the thread running the second product is lowered, not the one loading (the ended worker's thread may take a
    // moment to go): seen while the second product still runs.
    await until(async () => {
      const st = pool.stats();
      return niceValues().filter((n) => n === 10).length === 1 && st.replaced === 1 && st.busyLong === 1 && st.workers === 2;
    }, 'one thread at nice 10 while the replacement loads', 3000);
    expect((await second).status).toBe(503);
  });

  it('are not used when QUERY_BACKGROUND_NICE=0', { timeout: 60_000 }, async () => {
    server = await startServer({ env: { PORT: '0', QUERY_WORKERS: '2', QUERY_TIMEOUT_MS: '2000', SERVICE_ALLOWLIST: 'none', LOG_REQUESTS: 'false', QUERY_BACKGROUND_NICE: '0' }, nquads: NQ, quiet: true });
    const pool = server.pool;
    await until(async () => pool.stats().readyWorkers === 2, 'both workers');
    const heavy = answer(product(8));
    await until(async () => pool.stats().busyLong === 1, 'the product to run');
    await new Promise((r) => setTimeout(r, 300));
    expect(niceValues().every((n) => n === 0)).toBe(true);
    expect((await heavy).status).toBe(503);
  });
});
