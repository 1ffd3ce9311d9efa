// `npx tsx bench/trace.ts [dumps-dir]`: where the milliseconds of one uncached query go, layer by layer, one client,
// one query at a time (the real graph's dumps by default: dist/dumps, built by `npm run build`). Each layer is timed
// alone, from the inside out, and the differences between layers give each step's share:
//   1. Oxigraph alone: store.query of the text, serialized by Oxigraph (what the bare server does per request).
//   2. Our engine in-process: SparqlEngine.answer() to the whole serialized body (plan, Comunica, store, serializer).
//   3. The worker hop: the same through a WorkerPool of one worker (message to the worker thread and back).
//   4. Over HTTP: our server (one worker, answer cache off), wrk with one connection: adds HTTP parse, protocol,
//      scheduling, socket write. Beside it a bare node:http server sending a fixed body of the same size (the floor
//      of HTTP on this machine) and our answer cache (HTTP + protocol + cache, no query).
// Then the cost per row: SELECT queries returning 1 to 10,000 rows, in-process, ours against Oxigraph alone.
// Then each example query of sparql/ (the federated ones aside), in-process: the path it takes and its time at each
// step, against Oxigraph alone (TRACE_EXAMPLES_ONLY=1 runs only this part; TRACE_EXAMPLES_N queries per figure, 300).
// Prints Markdown; asserts nothing.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import oxigraph from 'oxigraph';
import { DEFAULT_BASE_IRI } from '../src/config.js';
import { SparqlEngine } from '../src/query/engine.js';
import { quickConcat, quickPlan } from '../src/query/quick-plan.js';
import { readdirSync } from 'node:fs';
import { WorkerPool } from '../src/query/pool.js';
import { startServer } from '../src/server.js';
import { wrk } from './wrk.js';

const JSON_RESULTS = 'application/sparql-results+json';
const dumps = process.argv[2] ?? join('dist', 'dumps');
const nq = join(dumps, 'ots-kg.nq');
const N = Number(process.env.TRACE_N ?? 2000);
const SECONDS = Number(process.env.TRACE_SECONDS ?? 5);

const LOOKUP = `SELECT ?p ?o WHERE { <${DEFAULT_BASE_IRI}id/state/kyrgyzstan> ?p ?o }`;
const JOIN = readFileSync(join('sparql', 'participants.rq'), 'utf8');

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};
const f = (n: number): string => n.toFixed(3);
let counter = 0;
const varied = (q: string): string => `${q}\n# trace ${counter++}\n`;

async function timeEach(n: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  for (let i = 0; i < Math.min(200, n); i++) await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

async function drain(body: AsyncIterable<string>): Promise<number> {
  let n = 0;
  for await (const c of body) n += c.length;
  return n;
}

async function main(): Promise<void> {
  const text = readFileSync(nq, 'utf8');
  console.log(`# Where the time of one query goes\n\n${new Date().toISOString()}; ${cpus().length} cores; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; dumps ${dumps}; ${N} queries per in-process figure, ${SECONDS} s per HTTP figure; medians in ms\n`);

  const store = new oxigraph.Store();
  store.load(text, { format: 'application/n-quads' });
  const engine = SparqlEngine.create({ nquads: text });
  if (process.env.TRACE_EXAMPLES_ONLY === '1') {
    await examples(store, engine, text);
    return;
  }
  const fullParse = SparqlEngine.create({ nquads: text, quickPlans: false });
  const rows: string[] = [];
  const sizes: Record<string, number> = {};
  for (const [name, q] of [['lookup', LOOKUP], ['join', JOIN]] as const) {
    sizes[name] = (store.query(q, { results_format: JSON_RESULTS }) as string).length;
    const ox = await timeEach(N, () => store.query(varied(q), { results_format: JSON_RESULTS }));
    const oxRows = await timeEach(N, () => store.query(varied(q)));
    const ours = await timeEach(N, async () => drain((await engine.answer(varied(q), { accept: JSON_RESULTS, maxRows: 10_000 })).body));
    const full = await timeEach(N, async () => drain((await fullParse.answer(varied(q), { accept: JSON_RESULTS, maxRows: 10_000 })).body));
    rows.push(`| ${name} | ${f(oxRows)} | ${f(ox)} | ${f(ours)} | ${f(full)} |`);
  }
  // Comunica's fixed cost: a query with nothing to evaluate.
  const ask = await timeEach(N, async () => drain((await engine.answer(varied('ASK {}'), { accept: JSON_RESULTS })).body));
  console.log('## In-process\n');
  console.log('| query | Oxigraph rows (no serialization) | Oxigraph to SPARQL JSON | ours: answer() to the whole body | ours, full parse (quick plan not taken) |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of rows) console.log(r);
  console.log(`\nOurs for \`ASK {}\` (Comunica's fixed cost with the store): ${f(ask)} ms. Answer sizes: lookup ${sizes.lookup} B, join ${sizes.join} B.\n`);

  // The worker hop: one worker, one query at a time.
  const pool = new WorkerPool({ nquads: text, size: 1, timeoutMs: 30_000, queueMax: 16, serviceAllowlist: [], warmup: false });
  await pool.ready;
  console.log('## Through a worker (WorkerPool of one)\n');
  console.log('| query | pool.answer() to the whole body | minus in-process = the hop |');
  console.log('|---|---:|---:|');
  const inproc = rows.map((r) => Number(r.split('|')[4]));
  for (const [i, [name, q]] of ([['lookup', LOOKUP], ['join', JOIN]] as const).entries()) {
    const t = await timeEach(N, async () => drain((await pool.answer(varied(q), { accept: JSON_RESULTS, maxRows: 10_000 })).body));
    console.log(`| ${name} | ${f(t)} | ${f(t - (inproc[i] ?? NaN))} |`);
  }
  await pool.close();

  // Over HTTP, one connection.
  console.log('\n## Over HTTP, one connection (wrk), p50 and mean\n');
  console.log('| server | lookup p50 | lookup mean | join p50 | join mean |');
  console.log('|---|---:|---:|---:|---:|');
  const bare = createServer((req, res) => {
    const body = req.url?.includes('participants') || req.url?.includes('summit') ? 'x'.repeat(sizes.join ?? 0) : 'x'.repeat(sizes.lookup ?? 0);
    res.writeHead(200, { 'Content-Type': JSON_RESULTS, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', () => r()));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
  const oxServer = createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams.get('query') ?? '';
    const body = store.query(q, { results_format: JSON_RESULTS }) as string;
    res.writeHead(200, { 'Content-Type': JSON_RESULTS, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((r) => oxServer.listen(0, '127.0.0.1', () => r()));
  const oxUrl = `http://127.0.0.1:${(oxServer.address() as AddressInfo).port}`;
  const ours = await startServer({ env: { PORT: '0', HOST: '127.0.0.1', QUERY_WORKERS: '1', LOG_REQUESTS: 'false', SERVICE_ALLOWLIST: 'none', QUERY_CACHE_ENTRIES: '0' }, nquads: text, quiet: true });
  await ours.ready;
  const cached = await startServer({ env: { PORT: '0', HOST: '127.0.0.1', QUERY_WORKERS: '1', LOG_REQUESTS: 'false', SERVICE_ALLOWLIST: 'none' }, nquads: text, quiet: true });
  await cached.ready;
  const servers: [string, string, boolean][] = [
    ['bare node:http, fixed body of the same size (in this process)', bareUrl, true],
    ['Oxigraph + node:http (in this process)', oxUrl, true],
    ['ots-kg, one worker, answer cache off', ours.url, true],
    ['ots-kg, from its answer cache (identical text)', cached.url, false],
  ];
  for (const [label, url, vary] of servers) {
    const cells: string[] = [];
    for (const q of [LOOKUP, JOIN]) {
      const w = await wrk({ url, queries: [q], vary, connections: 1, seconds: SECONDS, headers: { Accept: JSON_RESULTS }, okStatus: 200 });
      cells.push(`${f(w.p50)} | ${f(w.mean)}`);
    }
    console.log(`| ${label} | ${cells.join(' | ')} |`);
  }
  await ours.close();
  await cached.close();
  bare.close();
  oxServer.close();

  // Cost per row.
  console.log('\n## Cost per row, in-process (SELECT ?s ?p ?o with LIMIT n over the default graph)\n');
  console.log('| rows | Oxigraph to SPARQL JSON | ours: answer() to the whole body | ours − Oxigraph | per extra row, ours | per extra row, Oxigraph |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  let prev: [number, number, number] | undefined;
  for (const n of [1, 10, 100, 1000, 10_000]) {
    const q = `SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT ${n}`;
    const reps = Math.max(20, Math.min(N, Math.round(20_000 / n)));
    const ox = await timeEach(reps, () => store.query(varied(q), { results_format: JSON_RESULTS }));
    const o = await timeEach(reps, async () => drain((await engine.answer(varied(q), { accept: JSON_RESULTS, maxRows: 100_000 })).body));
    const per = prev ? `${((o - prev[1]) / (n - prev[0]) * 1000).toFixed(2)} µs | ${((ox - prev[2]) / (n - prev[0]) * 1000).toFixed(2)} µs` : '- | -';
    console.log(`| ${n} | ${f(ox)} | ${f(o)} | ${f(o - ox)} | ${per} |`);
    prev = [n, o, ox];
  }
  await examples(store, engine, text);
}

/**
 * Each example query in-process: its path, then Oxigraph alone on the client's text (to SPARQL JSON, as the bare server
 * answers), the store on the text our engine gives it (rows only: for a GROUP_CONCAT rewritten from the tokens, the
 * rewritten text with its hidden counts; beside it the client's own text, rows only), our evaluate() (the rows as RDF/JS bindings, through Comunica), our answer()
 * to the whole SPARQL JSON body with Comunica's own writer (SPEEDUPS_OFF=json-writer) and as it is. The six are timed
 * in turn, query by query, so that a change in the machine's load falls on all alike.
 */
async function examples(store: oxigraph.Store, engine: SparqlEngine, text: string): Promise<void> {
  const n = Number(process.env.TRACE_EXAMPLES_N ?? 300);
  const comunicaWriter = SparqlEngine.create({ nquads: text, speedupsOff: ['json-writer'] });
  const body = async (e: SparqlEngine, q: string): Promise<number> => drain((await e.answer(varied(q), { accept: JSON_RESULTS, maxRows: 10_000 })).body);
  console.log(`\n## Each example query, in-process (${n} queries per figure, the figures of one query timed in turn; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')})\n`);
  console.log('| query | path | rows | Oxigraph to SPARQL JSON | the store on the client\'s text, rows | the store on our text, rows | ours: evaluate() | ours: answer(), Comunica\'s writer | ours: answer() | answer() − Oxigraph |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const file of readdirSync('sparql').filter((f) => f.endsWith('.rq') && !f.startsWith('federated-')).sort()) {
    const q = readFileSync(join('sparql', file), 'utf8');
    const concat = quickPlan(q) ? undefined : quickConcat(q);
    const path = quickPlan(q) ? 'quick plan' : concat ? 'GROUP_CONCAT rewrite from tokens' : `full parse (${await engine.route(q)})`;
    const storeText = concat?.text ?? q;
    const rows = (store.query(storeText) as unknown[]).length;
    const steps: [string, () => unknown][] = [
      ['ox', () => store.query(varied(q), { results_format: JSON_RESULTS })],
      ['client', () => store.query(varied(q))],
      ['store', () => store.query(varied(storeText))],
      ['evaluate', () => engine.evaluate(varied(q))],
      ['comunica', () => body(comunicaWriter, q)],
      ['answer', () => body(engine, q)],
    ];
    const times: Record<string, number[]> = Object.create(null) as Record<string, number[]>;
    for (let i = 0; i < n + 30; i++) {
      for (const [k, fn] of i % 2 === 0 ? steps : [...steps].reverse()) {
        const t = performance.now();
        await fn();
        const d = performance.now() - t;
        if (i >= 30) (times[k] ??= []).push(d);
      }
    }
    const m = (k: string): number => median(times[k] ?? []);
    console.log(`| ${file.slice(0, -3)} | ${path} | ${rows} | ${f(m('ox'))} | ${f(m('client'))} | ${f(m('store'))} | ${f(m('evaluate'))} | ${f(m('comunica'))} | ${f(m('answer'))} | ${f(m('answer') - m('ox'))} |`);
  }
  console.log(`\nload average at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}

await main();
