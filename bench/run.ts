// `npm run bench`: our endpoint against the endpoints a user would pick instead — Comunica's own comunica-sparql-http
// and Oxigraph behind a bare Node http server — over the same dump, driven by autocannon on loopback; prints tables,
// and the memory and start-up table of ots-kg beside the Oxigraph reference (`BENCH_ONLY=memory` runs only that part).
// Sizes are summit counts of the synthetic generator (0 = the real graph); each endpoint runs alone while measured.
import autocannon from 'autocannon';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BASE_IRI } from '../src/config.js';
import { serveDump, spawnComunica, type DumpServer } from './peers/comunica.js';

const SELF = fileURLToPath(import.meta.url);
// The endpoints are started with the default base IRI, so the queries name IRIs under it.
const BASE = DEFAULT_BASE_IRI;
const JSON_RESULTS = 'application/sparql-results+json';

// ---------------------------------------------------------------- data

interface BuiltData {
  summits: number;
  triples: number;
  quads: number;
  buildMs: number;
  nq: string;
}

/** Child mode: writes synthetic data (or uses the real data for 0 summits) and runs the build into `out`. */
async function buildChild(summits: number, out: string): Promise<void> {
  const { writeSyntheticData } = await import('./synthetic.js');
  const { runBuild } = await import('../src/pipeline.js');
  const t0 = performance.now();
  const dataDir = summits === 0 ? 'data' : await writeSyntheticData({ dir: out, summits });
  const { manifest } = await runBuild({ dataDir, ontologyDir: 'ontology', outDir: join(out, 'dumps'), base: BASE });
  const r: BuiltData = { summits, triples: manifest.triples, quads: manifest.quads, buildMs: performance.now() - t0, nq: join(out, 'dumps', 'ots-kg.nq') };
  process.stdout.write(`RESULT ${JSON.stringify(r)}\n`);
}

function buildData(summits: number, out: string): BuiltData {
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=8192', SELF, '--build-child', String(summits), out], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    timeout: 15 * 60_000,
  });
  const line = res.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (res.status !== 0 || !line) throw new Error(`the build of ${summits} summits failed (exit ${res.status ?? res.signal}):\n${res.stdout}${res.stderr}`);
  return JSON.parse(line.slice(7)) as BuiltData;
}

// ---------------------------------------------------------------- queries

interface BenchQuery {
  readonly name: string;
  readonly text: string;
}

const ENTITY = `<${BASE}id/state/kyrgyzstan>`;

async function loadQueries(): Promise<{ entity: BenchQuery; participants: BenchQuery; mix: BenchQuery[] }> {
  const files = (await readdir('sparql')).filter((f) => f.endsWith('.rq') && !f.startsWith('federated-')).sort();
  const mix: BenchQuery[] = [];
  for (const f of files) mix.push({ name: f.replace(/\.rq$/, ''), text: await readFile(join('sparql', f), 'utf8') });
  const participants = mix.find((q) => q.name === 'participants');
  if (!participants) throw new Error('sparql/participants.rq is missing');
  return { entity: { name: 'entity', text: `SELECT ?p ?o WHERE { ${ENTITY} ?p ?o }` }, participants, mix };
}

/** The query text made unique per request with a trailing comment, so no answer cache can serve it; the same for every endpoint. */
function varied(text: string, n: number): string {
  return `${text}\n# bench ${n}\n`;
}

function pathOf(text: string): string {
  return `/sparql?query=${encodeURIComponent(text)}`;
}

// ---------------------------------------------------------------- endpoints

type EndpointName = 'ots-kg' | 'comunica' | 'oxigraph';
const ENDPOINTS: readonly EndpointName[] = ['ots-kg', 'comunica', 'oxigraph'];
const LABEL: Record<EndpointName, string> = { 'ots-kg': 'ots-kg', comunica: 'Comunica http', oxigraph: 'Oxigraph + node:http' };

interface Running {
  readonly url: string;
  readonly child: ChildProcess;
  readonly dump?: DumpServer;
  readonly log: string;
}

const children = new Set<ChildProcess>();

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => res(port));
    });
  });
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Ends a child's whole process group: SIGTERM, then SIGKILL after 5 s. */
async function killGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  children.delete(child);
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  const until = Date.now() + 5_000;
  while (Date.now() < until && groupAlive(pid)) await sleep(100);
  if (groupAlive(pid)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function killAllNow(): void {
  for (const c of children) {
    if (c.pid === undefined) continue;
    try {
      process.kill(-c.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  children.clear();
}

async function startEndpoint(name: EndpointName, nq: string, workDir: string): Promise<Running> {
  const port = await freePort();
  const log = join(workDir, `${name}.log`);
  const fd = openSync(log, 'w');
  const stdio: ['ignore', number, number] = ['ignore', fd, fd];
  // The same heap ceiling for every endpoint, so the 10^6 graph fits in each.
  const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=8192`.trim() };
  let child: ChildProcess;
  let dump: DumpServer | undefined;
  try {
    if (name === 'ots-kg') {
      // As a user serves a dump: the command line, from its bundle, over the dumps as they are.
      child = spawn(process.execPath, [join('bin', 'ots-kg.mjs'), 'serve', '--no-build', '--out', join(nq, '..')], {
        detached: true,
        stdio,
        env: { ...env, PORT: String(port), HOST: '127.0.0.1', LOG_REQUESTS: 'false', SERVICE_ALLOWLIST: 'none' },
      });
    } else if (name === 'oxigraph') {
      child = spawn(process.execPath, ['--import', 'tsx', join('bench', 'peers', 'oxigraph-server.ts'), '--data', nq, '--port', String(port)], { detached: true, stdio, env });
    } else {
      dump = await serveDump(nq);
      child = spawnComunica({ sourceUrl: dump.url, port, workers: 1, stdio, env });
    }
  } finally {
    closeSync(fd);
  }
  children.add(child);
  return { url: `http://127.0.0.1:${port}`, child, log, ...(dump ? { dump } : {}) };
}

async function stopEndpoint(r: Running): Promise<void> {
  await killGroup(r.child);
  await r.dump?.close();
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

interface Answered {
  status: number;
  rows?: number;
  etag?: string;
  xCache?: string;
  error?: string;
}

async function ask(url: string, text: string, timeoutMs: number, headers: Record<string, string> = {}): Promise<Answered> {
  try {
    const res = await fetch(`${url}${pathOf(text)}`, { headers: { Accept: JSON_RESULTS, ...headers }, signal: AbortSignal.timeout(timeoutMs) });
    const body = await res.text();
    const etag = res.headers.get('etag') ?? undefined;
    const xCache = res.headers.get('x-cache') ?? undefined;
    if (res.status !== 200) return { status: res.status, error: body.slice(0, 200), ...(etag ? { etag } : {}) };
    const json = JSON.parse(body) as { boolean?: boolean; results?: { bindings?: unknown[] } };
    const rows = json.results?.bindings?.length ?? (typeof json.boolean === 'boolean' ? 1 : 0);
    return { status: 200, rows, ...(etag ? { etag } : {}), ...(xCache ? { xCache } : {}) };
  } catch (e) {
    return { status: 0, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Time from spawn to the first 200 answer to the entity lookup; undefined when the limit passes or the process ends first. */
async function waitReady(r: Running, t0: number, limitMs: number, probe: string): Promise<number | undefined> {
  let exited = false;
  r.child.once('exit', () => (exited = true));
  while (performance.now() - t0 < limitMs && !exited) {
    const left = limitMs - (performance.now() - t0);
    const a = await ask(r.url, probe, Math.max(1_000, Math.min(left, 120_000)));
    if (a.status === 200) return performance.now() - t0;
    if (a.status === 0 && a.error !== undefined && /ECONNREFUSED|fetch failed/.test(a.error)) await sleep(50);
    else await sleep(200);
  }
  return undefined;
}

/** After a cell, waits (bounded) until the endpoint answers a trivial query, so queued work of one cell does not spill into the next. */
async function settle(url: string): Promise<void> {
  const until = performance.now() + 30_000;
  while (performance.now() < until) {
    const a = await ask(url, 'ASK { }', 10_000);
    if (a.status === 200) return;
    await sleep(500);
  }
}

/** Resident memory of a process group, MB (Linux ps). */
function groupRssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  const res = spawnSync('ps', ['-o', 'rss=', '-g', String(pid)], { encoding: 'utf8' });
  if (res.status !== 0) return undefined;
  const kb = res.stdout.split('\n').map((l) => Number(l.trim())).filter((n) => Number.isFinite(n) && n > 0).reduce((a, b) => a + b, 0);
  return kb > 0 ? kb / 1024 : undefined;
}

// ---------------------------------------------------------------- load

interface Cell {
  endpoint: EndpointName | 'ots-kg cached 200' | 'ots-kg cached 304';
  query: string;
  connections: number;
  reqPerS: number;
  p50: number;
  p99: number;
  ok: number;
  bad: number;
  errors: number;
  timeouts: number;
}

let counter = 0;

async function drive(opts: { url: string; queries: readonly BenchQuery[]; connections: number; seconds: number; vary: boolean; headers?: Record<string, string>; okStatus: number }): Promise<Omit<Cell, 'endpoint' | 'query'>> {
  const requests = opts.queries.map((q) => {
    const fixed = pathOf(q.text);
    return {
      method: 'GET' as const,
      path: fixed,
      ...(opts.vary ? { setupRequest: (req: autocannon.Request) => ({ ...req, path: pathOf(varied(q.text, counter++)) }) } : {}),
    };
  });
  const result = await autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.seconds,
    timeout: 10,
    headers: { accept: JSON_RESULTS, ...(opts.headers ?? {}) },
    requests,
  });
  const ok = opts.okStatus === 304 ? result['3xx'] : result['2xx'];
  const all = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  return {
    connections: opts.connections,
    reqPerS: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    bad: all - ok,
    errors: result.errors - result.timeouts,
    timeouts: result.timeouts,
  };
}

// ---------------------------------------------------------------- one size

interface SizeResult {
  data: BuiltData;
  ready: Partial<Record<EndpointName, number>>;
  rss: Partial<Record<EndpointName, number>>;
  dumpFetches?: number;
  rows: Record<string, Partial<Record<EndpointName, Answered>>>;
  cells: Cell[];
  loadBefore: number[];
  loadAfter: number[];
  notes: string[];
  /** The commit our endpoint was started from (the tree may change during a long run). */
  code?: string;
}

interface Settings {
  seconds: number;
  connections: number[];
  readyLimitMs: number;
  endpoints: readonly EndpointName[];
}

async function benchSize(data: BuiltData, workDir: string, s: Settings): Promise<SizeResult> {
  const { entity, participants, mix } = await loadQueries();
  const checked = [entity, ...mix];
  const out: SizeResult = { data, ready: {}, rss: {}, rows: {}, cells: [], loadBefore: loadavg(), loadAfter: [], notes: [] };
  const workloads: { name: string; queries: BenchQuery[] }[] = [
    { name: 'entity lookup', queries: [entity] },
    { name: 'participants join', queries: [participants] },
    { name: `mix of ${mix.length} (sparql/*.rq)`, queries: mix },
  ];
  for (const name of s.endpoints) {
    process.stderr.write(`  ${stamp()} ${LABEL[name]}: starting...\n`);
    if (name === 'ots-kg') out.code = codeVersion();
    const t0 = performance.now();
    const r = await startEndpoint(name, data.nq, workDir);
    try {
      const ready = await waitReady(r, t0, s.readyLimitMs, entity.text);
      if (ready === undefined) {
        out.notes.push(`${LABEL[name]} did not answer within ${s.readyLimitMs / 1000} s; not measured (log tail: ${tail(r.log)})`);
        continue;
      }
      out.ready[name] = ready;
      process.stderr.write(`  ${LABEL[name]}: ready after ${(ready / 1000).toFixed(2)} s; checking answers...\n`);
      let failures = 0;
      for (const q of checked) {
        // After two failed answers the rest are not asked, so a slow endpoint cannot hold the run for long.
        const a: Answered = failures >= 2 ? { status: 0, error: 'not asked' } : await ask(r.url, varied(q.text, counter++), 30_000);
        if (a.status !== 200) failures++;
        (out.rows[q.name] ??= {})[name] = a;
      }
      // Warm-up: up to three sequential rounds of every query within 20 s, not measured.
      const warmUntil = performance.now() + 20_000;
      for (let i = 0; i < 3 && performance.now() < warmUntil; i++) {
        for (const q of checked) if (performance.now() < warmUntil) await ask(r.url, varied(q.text, counter++), 10_000);
      }
      await settle(r.url);
      out.rss[name] = groupRssMb(r.child.pid);
      for (const w of workloads) {
        for (const c of s.connections) {
          process.stderr.write(`  ${stamp()} ${LABEL[name]}: ${w.name}, ${c} connection${c === 1 ? '' : 's'}, ${s.seconds} s\n`);
          const cell = await drive({ url: r.url, queries: w.queries, connections: c, seconds: s.seconds, vary: true, okStatus: 200 });
          out.cells.push({ endpoint: name, query: w.name, ...cell });
          await settle(r.url);
        }
      }
      if (name === 'ots-kg') {
        // The cached path: the identical query every time; then the same with the ETag it got (If-None-Match -> 304).
        for (const q of [entity, participants]) {
          const first = await ask(r.url, q.text, 30_000);
          const again = await ask(r.url, q.text, 30_000);
          if (again.etag === undefined) out.notes.push(`ots-kg sent no ETag for ${q.name}; the 304 path was not measured`);
          if (again.xCache !== 'hit') out.notes.push(`ots-kg did not answer the repeated ${q.name} query from its cache (no X-Cache: hit), so its "cached" rows measure uncached answers to an identical text`);
          for (const c of s.connections) {
            process.stderr.write(`  ots-kg cached: ${q.name}, ${c} connection${c === 1 ? '' : 's'}\n`);
            const hit = await drive({ url: r.url, queries: [q], connections: c, seconds: s.seconds, vary: false, okStatus: 200 });
            out.cells.push({ endpoint: 'ots-kg cached 200', query: q.name === 'entity' ? 'entity lookup' : 'participants join', ...hit });
            if (again.etag !== undefined) {
              const nm = await drive({ url: r.url, queries: [q], connections: c, seconds: s.seconds, vary: false, headers: { 'if-none-match': again.etag }, okStatus: 304 });
              out.cells.push({ endpoint: 'ots-kg cached 304', query: q.name === 'entity' ? 'entity lookup' : 'participants join', ...nm });
            }
          }
          if (first.status !== 200) out.notes.push(`ots-kg answered ${first.status} to the cached ${q.name} query`);
        }
      }
      if (r.dump) out.dumpFetches = r.dump.fetches();
    } finally {
      await stopEndpoint(r);
    }
  }
  out.loadAfter = loadavg();
  return out;
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-3).join(' | ').slice(0, 400);
  } catch {
    return '(no log)';
  }
}

// ---------------------------------------------------------------- memory and start-up (BENCH_ONLY=memory)

interface MemoryResult {
  data: BuiltData;
  /** Spawn -> first 200 answer to the entity lookup. */
  firstAnswer: Partial<Record<EndpointName, number>>;
  /** Spawn -> a full query worker can answer every query (ots-kg's /health; the first answer for the reference). */
  ready: Partial<Record<EndpointName, number>>;
  /** Spawn -> every query worker holds the data (ots-kg's /health: the workers load one after another); the first answer for the reference. */
  loaded: Partial<Record<EndpointName, number>>;
  /** Highest RSS of the process tree seen while starting (sampled every 100 ms). */
  peak: Partial<Record<EndpointName, number>>;
  /** RSS of the process tree once loaded and idle for 2 s. */
  rss: Partial<Record<EndpointName, number>>;
  workers?: number;
  loadBefore: number[];
  loadAfter: number[];
  notes: string[];
}

/** Whether every query worker holds the data (ots-kg starts QUERY_WORKERS, by default one per core, one after another). */
async function workersLoaded(url: string): Promise<{ any: boolean; all: boolean; workers: number }> {
  const workers = Number(process.env.QUERY_WORKERS ?? availableParallelism());
  try {
    const h = (await (await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) })).json()) as { readyWorkers?: number };
    return { any: (h.readyWorkers ?? 0) > 0, all: h.readyWorkers === workers, workers };
  } catch {
    return { any: false, all: false, workers };
  }
}

async function benchMemory(data: BuiltData, workDir: string, s: Settings): Promise<MemoryResult> {
  const { entity } = await loadQueries();
  const out: MemoryResult = { data, firstAnswer: {}, ready: {}, loaded: {}, peak: {}, rss: {}, loadBefore: loadavg(), loadAfter: [], notes: [] };
  for (const name of s.endpoints.filter((e) => e !== 'comunica')) {
    process.stderr.write(`  ${stamp()} ${LABEL[name]}: starting (memory)...\n`);
    const t0 = performance.now();
    const r = await startEndpoint(name, data.nq, workDir);
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, groupRssMb(r.child.pid) ?? 0);
    }, 100);
    try {
      const first = await waitReady(r, t0, s.readyLimitMs, entity.text);
      if (first === undefined) {
        out.notes.push(`${LABEL[name]} did not answer within ${s.readyLimitMs / 1000} s (log tail: ${tail(r.log)})`);
        continue;
      }
      out.firstAnswer[name] = first;
      out.ready[name] = first;
      let loaded = first;
      if (name === 'ots-kg') {
        for (;;) {
          const w = await workersLoaded(r.url);
          if (w.any && out.ready[name] === first) out.ready[name] = Math.max(first, performance.now() - t0);
          if (w.all) {
            out.workers = w.workers;
            break;
          }
          if (performance.now() - t0 > s.readyLimitMs) {
            out.notes.push(`ots-kg's workers were not all loaded within ${s.readyLimitMs / 1000} s`);
            break;
          }
          await sleep(100);
        }
        loaded = performance.now() - t0;
      }
      out.loaded[name] = loaded;
      await sleep(2_000);
      out.rss[name] = groupRssMb(r.child.pid);
      out.peak[name] = Math.max(peak, out.rss[name] ?? 0);
    } finally {
      clearInterval(sampler);
      await stopEndpoint(r);
    }
  }
  out.loadAfter = loadavg();
  return out;
}

function printMemory(rows: MemoryResult[]): void {
  console.log('\n### Memory and start-up: the whole process tree (ps RSS of the process group), ots-kg beside the Oxigraph reference\n');
  console.log('| default-graph triples | quads | endpoint | first answer | ready (full engine) | all workers loaded | RSS loaded, idle | peak RSS while starting | target (RSS; ready) |');
  console.log('|---:|---:|---|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const ref = r.rss.oxigraph;
    const refLoad = r.ready.oxigraph;
    for (const e of ['ots-kg', 'oxigraph'] as const) {
      const sec = (n: number | undefined): string => (n === undefined ? '-' : `${(n / 1000).toFixed(2)} s`);
      const mb = (n: number | undefined): string => (n === undefined ? '-' : `${Math.round(n)} MB`);
      let target = '';
      if (e === 'ots-kg' && ref !== undefined && refLoad !== undefined && r.workers !== undefined) {
        const memLimit = r.workers * ref + 300;
        const timeLimit = 1.5 * refLoad;
        const m = r.rss[e];
        const t = r.ready[e];
        target = `≤ ${r.workers} × ${Math.round(ref)} + 300 = ${Math.round(memLimit)} MB: ${m !== undefined && m <= memLimit ? 'met' : '**not met**'}; ≤ 1.5 × ${(refLoad / 1000).toFixed(2)} = ${(timeLimit / 1000).toFixed(2)} s: ${t !== undefined && t <= timeLimit ? 'met' : '**not met**'}`;
      }
      console.log(`| ${r.data.triples.toLocaleString('en')} | ${r.data.quads.toLocaleString('en')} | ${LABEL[e]}${e === 'ots-kg' && r.workers ? ` (${r.workers} workers)` : ''} | ${sec(r.firstAnswer[e])} | ${sec(r.ready[e])} | ${sec(r.loaded[e])} | ${mb(r.rss[e])} | ${mb(r.peak[e])} | ${target} |`);
    }
  }
  for (const r of rows) {
    console.log(`\n${r.data.triples.toLocaleString('en')} triples: load average before ${la(r.loadBefore)}, after ${la(r.loadAfter)}`);
    for (const n of r.notes) console.log(`Note: ${n}`);
  }
}

// ---------------------------------------------------------------- tables

const f0 = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : '-');
const la = (l: number[]): string => l.map((x) => x.toFixed(2)).join(' ');
const stamp = (): string => new Date().toISOString().slice(11, 19);

function ratio(a: Cell | undefined, b: Cell | undefined): string {
  if (!a || !b) return '-';
  if (b.reqPerS === 0) return a.reqPerS > 0 ? 'peer answered none' : '-';
  return `${(a.reqPerS / b.reqPerS).toFixed(2)}×`;
}

function printSize(r: SizeResult): void {
  const d = r.data;
  const title = d.summits === 0 ? 'the real graph' : `${d.summits} synthetic summits`;
  console.log(`\n### ${title}: ${d.triples.toLocaleString('en')} default-graph triples, ${d.quads.toLocaleString('en')} quads (built in ${(d.buildMs / 1000).toFixed(1)} s)\n`);
  console.log(`load average before ${la(r.loadBefore)}, after ${la(r.loadAfter)}${r.code ? `; ots-kg started from ${r.code}` : ''}\n`);
  console.log('| endpoint | ready to answer (spawn → first 200) | RSS after warm-up |');
  console.log('|---|---:|---:|');
  for (const e of ENDPOINTS) {
    const t = r.ready[e];
    const m = r.rss[e];
    console.log(`| ${LABEL[e]} | ${t === undefined ? 'not ready' : `${(t / 1000).toFixed(2)} s`} | ${m === undefined ? '-' : `${Math.round(m)} MB`} |`);
  }
  if (r.dumpFetches !== undefined) console.log(`\nComunica fetched the dump ${r.dumpFetches} time${r.dumpFetches === 1 ? '' : 's'} during its run.`);

  console.log('\nRows per answer (checked before timing):\n');
  console.log('| query | ots-kg | Comunica http | Oxigraph + node:http | equal |');
  console.log('|---|---:|---:|---:|---|');
  for (const [q, per] of Object.entries(r.rows)) {
    const cells = ENDPOINTS.map((e) => {
      const a = per[e];
      if (!a) return '-';
      return a.status === 200 ? String(a.rows) : a.status === 0 ? (a.error === 'not asked' ? 'not asked' : 'no answer') : String(a.status);
    });
    const answered = ENDPOINTS.map((e) => per[e]).filter((a): a is Answered => a !== undefined && a.status === 200);
    const same = answered.length === ENDPOINTS.filter((e) => per[e] !== undefined).length && new Set(answered.map((a) => a.rows)).size <= 1;
    console.log(`| ${q} | ${cells.join(' | ')} | ${same ? 'yes' : '**no**'} |`);
  }

  console.log('\nUncached (query text varied per request, same for all), then our cache; req/s counts answers with the expected status; latency in ms (1 ms resolution), - when no request completed within the cell:\n');
  console.log('| query | conns | endpoint | req/s | p50 | p99 | other status | errors | timeouts | ots-kg ÷ this |');
  console.log('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|');
  const queries = [...new Set(r.cells.map((c) => c.query))];
  const conns = [...new Set(r.cells.map((c) => c.connections))].sort((a, b) => a - b);
  for (const q of queries) {
    for (const c of conns) {
      const ours = r.cells.find((x) => x.endpoint === 'ots-kg' && x.query === q && x.connections === c);
      for (const e of ['ots-kg', 'comunica', 'oxigraph', 'ots-kg cached 200', 'ots-kg cached 304'] as const) {
        const x = r.cells.find((y) => y.endpoint === e && y.query === q && y.connections === c);
        if (!x) continue;
        const label = e === 'comunica' || e === 'oxigraph' ? LABEL[e] : e;
        const rat = e === 'comunica' || e === 'oxigraph' ? ratio(ours, x) : '';
        const answered = x.ok + x.bad > 0;
        console.log(`| ${q} | ${c} | ${label} | ${f0(x.reqPerS)} | ${answered ? x.p50 : '-'} | ${answered ? x.p99 : '-'} | ${x.bad} | ${x.errors} | ${x.timeouts} | ${rat} |`);
      }
    }
  }
  for (const n of r.notes) console.log(`\nNote: ${n}`);
}

// ---------------------------------------------------------------- main

/** The commit measured, and whether the working tree differed from it (our endpoint is started from the tree as it is). */
function codeVersion(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  if (head.status !== 0) return 'unknown (not a git checkout)';
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no', '--', 'src'], { encoding: 'utf8' });
  return `${head.stdout.trim()}${dirty.stdout.trim() !== '' ? ' with uncommitted changes under src/' : ''}`;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const sizes = (process.env.BENCH_SIZES ?? (quick ? '0' : '0,195,1950')).split(',').map((x) => Number(x.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 0)) throw new Error(`BENCH_SIZES=${process.env.BENCH_SIZES} must be comma-separated summit counts (0 = the real graph)`);
  const seconds = Number(process.env.BENCH_SECONDS ?? (quick ? 1 : 5));
  if (!(seconds > 0 && seconds <= 60)) throw new Error(`BENCH_SECONDS=${process.env.BENCH_SECONDS} must be in (0, 60]`);
  const settings: Settings = {
    seconds,
    connections: [1, 10, 50],
    readyLimitMs: Number(process.env.BENCH_READY_LIMIT_S ?? 300) * 1000,
    endpoints: (process.env.BENCH_ENDPOINTS?.split(',') as EndpointName[] | undefined) ?? ENDPOINTS,
  };
  const only = process.env.BENCH_ONLY;
  if (only !== undefined && only !== 'memory') throw new Error(`BENCH_ONLY=${only}: the one part that runs alone is 'memory'`);
  const started = new Date();
  console.log(`# npm run bench${quick ? ' -- --quick' : ''}`);
  console.log(`\n${started.toISOString()}; Node ${process.version}; ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GB; load average ${la(loadavg())}`);
  console.log(`code: ${codeVersion()}`);
  console.log(only === 'memory' ? `sizes (summits) ${sizes.join(', ')}; memory and start-up only` : `sizes (summits) ${sizes.join(', ')}; ${seconds} s per cell; connections ${settings.connections.join(', ')}; autocannon timeout 10 s`);
  const memory: MemoryResult[] = [];
  // The command line runs from a bundle made on first use after a source change: made now, so no start-up timed includes it.
  const bundled = spawnSync(process.execPath, [join('bin', 'ots-kg.mjs'), 'help'], { encoding: 'utf8' });
  if (bundled.status !== 0) throw new Error(`bin/ots-kg.mjs could not be bundled: ${bundled.stderr}`);
  const work = await mkdtemp(join(tmpdir(), 'ots-kg-bench-'));
  const onSignal = (): void => {
    killAllNow();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    for (const n of sizes) {
      const dir = join(work, `size-${n}`);
      process.stderr.write(`building ${n === 0 ? 'the real graph' : `${n} synthetic summits`}...\n`);
      const data = buildData(n, dir);
      process.stderr.write(`  ${data.triples} triples, ${data.quads} quads, ${(data.buildMs / 1000).toFixed(1)} s\n`);
      // The memory table is made for every size in every run, its endpoints each running alone.
      memory.push(await benchMemory(data, dir, settings));
      if (only !== 'memory') printSize(await benchSize(data, dir, settings));
      await rm(dir, { recursive: true, force: true });
    }
    printMemory(memory);
    console.log(`\nfinished ${new Date().toISOString()} (${((Date.now() - started.getTime()) / 60_000).toFixed(1)} min); load average ${la(loadavg())}`);
  } finally {
    for (const c of [...children]) await killGroup(c);
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--build-child') await buildChild(Number(process.argv[3]), String(process.argv[4]));
else await main();
