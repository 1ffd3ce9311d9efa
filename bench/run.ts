// `npm run bench`: our endpoint beside the SPARQL servers a user would pick instead — Virtuoso (the engine behind
// DBpedia), Comunica's own comunica-sparql-http — and the limit to approach, Oxigraph behind a bare Node http server,
// over the same dump, loaded by wrk on loopback. Per size it prints start-up and memory, the rows each answer holds,
// and req/s, p50 and p99 side by side with our ratio to Virtuoso and to bare Oxigraph; at the first size also one
// client's latency per query and what each of our speed mechanisms buys (the server started with it turned off).
// Sizes are summit counts of the synthetic generator (0 = the real graph); each endpoint runs alone while measured.
// At the largest size, ots-kg and the reference (bare Oxigraph) are also started in turn BENCH_START_ROUNDS times
// (default 3; 0 none), each alone, and their ready times compared round by round: one start each on a shared machine
// says more about the machine's load at that moment than about the two servers.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { freePort } from '../src/free-port.js';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BASE_IRI, SPEEDUPS, type Speedup } from '../src/config.js';
import { serveDump, spawnComunica, type DumpServer } from './peers/comunica.js';
import { startVirtuosoPeer, type VirtuosoPeer } from './peers/virtuoso.js';
import { wrk, type WrkResult } from './wrk.js';

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

/** The query text made unique with a trailing comment, so no answer cache can serve it; the same for every endpoint. */
function varied(text: string, n: number): string {
  return `${text}\n# bench ${n}\n`;
}

// ---------------------------------------------------------------- endpoints

type EndpointName = 'ots-kg' | 'virtuoso' | 'oxigraph' | 'comunica';
const ENDPOINTS: readonly EndpointName[] = ['ots-kg', 'virtuoso', 'oxigraph', 'comunica'];
const LABEL: Record<EndpointName, string> = { 'ots-kg': 'ots-kg', virtuoso: 'Virtuoso', oxigraph: 'Oxigraph + node:http', comunica: 'Comunica http' };

/** One server under test: a peer, ours, or ours with some speed mechanisms turned off. */
interface Target {
  readonly kind: EndpointName;
  readonly label: string;
  readonly off?: readonly Speedup[];
}

interface Running {
  readonly url: string;
  /** URL parameters sent before `query` (Virtuoso's default graph). */
  readonly prefix: string;
  /** The process group to measure and end (Node endpoints). */
  readonly child?: ChildProcess;
  readonly virtuoso?: VirtuosoPeer;
  readonly dump?: DumpServer;
  readonly log?: string;
}

const children = new Set<ChildProcess>();
const virtuosos = new Set<VirtuosoPeer>();

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
  for (const v of virtuosos) {
    try {
      process.kill(v.virtuoso.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

const virtuosoMb = Number(process.env.BENCH_VIRTUOSO_MB ?? 1024);

async function startEndpoint(t: Target, nq: string, workDir: string): Promise<Running> {
  if (t.kind === 'virtuoso') {
    const v = await startVirtuosoPeer(nq, virtuosoMb);
    virtuosos.add(v);
    return { url: v.url, prefix: v.prefix, virtuoso: v };
  }
  const port = await freePort();
  const log = join(workDir, `${t.label.replace(/[^\w-]+/g, '_')}.log`);
  const fd = openSync(log, 'w');
  const stdio: ['ignore', number, number] = ['ignore', fd, fd];
  // The same heap ceiling for every Node endpoint, so the 10^6 graph fits in each.
  const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=8192`.trim() };
  let child: ChildProcess;
  let dump: DumpServer | undefined;
  try {
    if (t.kind === 'ots-kg') {
      // As a user serves a dump: the command line, from its bundle, over the dumps as they are; no answer cache
      // for the uncached rows (QUERY_CACHE_ENTRIES=0 would also turn off the cached rows, which vary the text instead).
      child = spawn(process.execPath, [join('bin', 'ots-kg.mjs'), 'serve', '--no-build', '--out', join(nq, '..')], {
        detached: true,
        stdio,
        env: { ...env, PORT: String(port), HOST: '127.0.0.1', LOG_REQUESTS: 'false', SERVICE_ALLOWLIST: 'none', SPEEDUPS_OFF: (t.off ?? []).join(',') },
      });
    } else if (t.kind === 'oxigraph') {
      child = spawn(process.execPath, ['--import', 'tsx', join('bench', 'peers', 'oxigraph-server.ts'), '--data', nq, '--port', String(port)], { detached: true, stdio, env });
    } else {
      dump = await serveDump(nq);
      child = spawnComunica({ sourceUrl: dump.url, port, workers: 1, stdio, env });
    }
  } finally {
    closeSync(fd);
  }
  children.add(child);
  return { url: `http://127.0.0.1:${port}`, prefix: '', child, log, ...(dump ? { dump } : {}) };
}

async function stopEndpoint(r: Running): Promise<void> {
  if (r.child) await killGroup(r.child);
  if (r.virtuoso) {
    virtuosos.delete(r.virtuoso);
    await r.virtuoso.virtuoso.stop();
  }
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

async function ask(r: Pick<Running, 'url' | 'prefix'>, text: string, timeoutMs: number, headers: Record<string, string> = {}): Promise<Answered> {
  try {
    const res = await fetch(`${r.url}/sparql?${r.prefix}query=${encodeURIComponent(text)}`, { headers: { Accept: JSON_RESULTS, ...headers }, signal: AbortSignal.timeout(timeoutMs) });
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

/** Time from the start to the first 200 answer to the entity lookup; undefined when the limit passes or the process ends first. */
async function waitReady(r: Running, t0: number, limitMs: number, probe: string): Promise<number | undefined> {
  let exited = false;
  r.child?.once('exit', () => (exited = true));
  while (performance.now() - t0 < limitMs && !exited) {
    const left = limitMs - (performance.now() - t0);
    const a = await ask(r, probe, Math.max(1_000, Math.min(left, 120_000)));
    if (a.status === 200) return performance.now() - t0;
    if (a.status === 0 && a.error !== undefined && /ECONNREFUSED|fetch failed/.test(a.error)) await sleep(50);
    else await sleep(200);
  }
  return undefined;
}

/** After a cell, waits (bounded) until the endpoint answers a trivial query, so queued work of one cell does not spill into the next. */
async function settle(r: Running): Promise<void> {
  const until = performance.now() + 30_000;
  while (performance.now() < until) {
    const a = await ask(r, 'ASK { }', 10_000);
    if (a.status === 200) break;
    await sleep(500);
  }
  // Ours ends the worker of a query whose client left (wrk closes its connections at the end of a cell) and starts a
  // fresh one: the next cell starts once every worker is back and idle.
  if (r.virtuoso || r.dump || !r.child) return;
  while (performance.now() < until) {
    try {
      const h = (await (await fetch(`${r.url}/health`, { signal: AbortSignal.timeout(5_000) })).json()) as { readyWorkers?: number; workers?: number; busy?: number; queued?: number };
      if (h.readyWorkers === undefined || (h.readyWorkers === h.workers && h.busy === 0 && h.queued === 0)) return;
    } catch {
      return;
    }
    await sleep(200);
  }
}

/** Resident memory of the endpoint: its process group (Node endpoints) or its process (Virtuoso), MB (Linux ps). */
function rssMb(r: Running): number | undefined {
  const args = r.virtuoso ? ['-o', 'rss=', '-p', String(r.virtuoso.virtuoso.pid)] : r.child?.pid !== undefined ? ['-o', 'rss=', '-g', String(r.child.pid)] : undefined;
  if (!args) return undefined;
  const res = spawnSync('ps', args, { encoding: 'utf8' });
  if (res.status !== 0) return undefined;
  const kb = res.stdout.split('\n').map((l) => Number(l.trim())).filter((n) => Number.isFinite(n) && n > 0).reduce((a, b) => a + b, 0);
  return kb > 0 ? kb / 1024 : undefined;
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

// ---------------------------------------------------------------- load

interface Cell {
  readonly target: string;
  readonly query: string;
  readonly connections: number;
  readonly cached?: '200' | '304';
  readonly reqPerS: number;
  readonly p50: number;
  readonly p99: number;
  readonly bad: number;
  readonly errors: number;
  readonly timeouts: number;
  /** The 1-minute load average when the cell ended. */
  readonly load: number;
}

async function drive(r: Running, opts: { queries: readonly string[]; connections: number; seconds: number; vary: boolean; headers?: Record<string, string>; okStatus: number }): Promise<WrkResult> {
  return wrk({ url: r.url, prefix: r.prefix, queries: opts.queries, vary: opts.vary, connections: opts.connections, seconds: opts.seconds, headers: { Accept: JSON_RESULTS, ...(opts.headers ?? {}) }, okStatus: opts.okStatus });
}

function cellOf(target: string, query: string, connections: number, w: WrkResult, cached?: '200' | '304'): Cell {
  return { target, query, connections, ...(cached ? { cached } : {}), reqPerS: w.ok / w.seconds, p50: w.p50, p99: w.p99, bad: w.other, errors: w.errors, timeouts: w.timeouts, load: loadavg()[0] ?? 0 };
}

// ---------------------------------------------------------------- one endpoint, started and measured

interface StartUp {
  /** Start -> first 200 answer to the entity lookup (Virtuoso: its start, the bulk load and checkpoint included). */
  firstAnswer?: number;
  /** Start -> a full query worker can answer every query (ots-kg's /health); the first answer for the others. */
  ready?: number;
  /** Start -> every query worker holds the data (ots-kg); the first answer for the others. */
  loaded?: number;
  /** RSS once loaded and idle for 2 s, and the highest seen while starting (sampled every 100 ms). */
  rss?: number;
  peak?: number;
  /** Virtuoso's own split: server start, then bulk load with checkpoint. */
  split?: string;
}

interface Settings {
  seconds: number;
  oneSeconds: number;
  connections: number[];
  readyLimitMs: number;
  endpoints: readonly EndpointName[];
  variants: readonly Speedup[];
  /** Rounds of the comparison of the speed mechanisms. */
  rounds: number;
  /** Rounds of the start-up comparison with the reference (ots-kg and Oxigraph started in turn), per size; 0 none. */
  startRounds: (summits: number) => number;
  only?: 'memory';
}

/** Starts an endpoint and measures its start-up and memory; the caller measures load on `running` and stops it. */
async function start(t: Target, nq: string, workDir: string, s: Settings, probe: string): Promise<{ running?: Running; startUp: StartUp; note?: string }> {
  process.stderr.write(`  ${stamp()} ${t.label}: starting...\n`);
  const t0 = performance.now();
  let running: Running;
  let peak = 0;
  let sampler: NodeJS.Timeout | undefined;
  try {
    running = await startEndpoint(t, nq, workDir);
  } catch (e) {
    return { startUp: {}, note: `${t.label} could not be started: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
  const r = running;
  sampler = setInterval(() => (peak = Math.max(peak, rssMb(r) ?? 0)), 100);
  try {
    const first = await waitReady(r, t0, s.readyLimitMs, probe);
    if (first === undefined) {
      clearInterval(sampler);
      await stopEndpoint(r);
      return { startUp: {}, note: `${t.label} did not answer within ${s.readyLimitMs / 1000} s (log tail: ${r.log ? tail(r.log) : '-'})` };
    }
    const su: StartUp = { firstAnswer: first, ready: first, loaded: first };
    if (r.virtuoso) su.split = `start ${(r.virtuoso.startMs / 1000).toFixed(2)} s, bulk load and checkpoint ${(r.virtuoso.loadMs / 1000).toFixed(2)} s`;
    if (t.kind === 'ots-kg') {
      for (;;) {
        const w = await workersLoaded(r.url);
        if (w.any && su.ready === first) su.ready = Math.max(first, performance.now() - t0);
        if (w.all) break;
        if (performance.now() - t0 > s.readyLimitMs) break;
        await sleep(100);
      }
      su.loaded = performance.now() - t0;
    }
    await sleep(2_000);
    su.rss = rssMb(r);
    clearInterval(sampler);
    sampler = undefined;
    su.peak = Math.max(peak, su.rss ?? 0);
    process.stderr.write(`  ${t.label}: first answer after ${(first / 1000).toFixed(2)} s, ready ${((su.ready ?? 0) / 1000).toFixed(2)} s, RSS ${Math.round(su.rss ?? 0)} MB\n`);
    return { running: r, startUp: su };
  } catch (e) {
    if (sampler) clearInterval(sampler);
    await stopEndpoint(r);
    throw e;
  }
}

/** Asks every checked query once (rows compared across endpoints), then three unmeasured rounds (at most 20 s). */
async function checkAndWarm(r: Running, checked: readonly BenchQuery[], rows: Record<string, Record<string, Answered>>, label: string): Promise<void> {
  let failures = 0;
  for (const q of checked) {
    // After two failed answers the rest are not asked, so a slow endpoint cannot hold the run for long.
    const a: Answered = failures >= 2 ? { status: 0, error: 'not asked' } : await ask(r, varied(q.text, counter++), 30_000);
    if (a.status !== 200) failures++;
    (rows[q.name] ??= {})[label] = a;
  }
  const warmUntil = performance.now() + 20_000;
  for (let i = 0; i < 3 && performance.now() < warmUntil; i++) {
    for (const q of checked) if (performance.now() < warmUntil) await ask(r, varied(q.text, counter++), 10_000);
  }
  await settle(r);
}

let counter = 0;

// ---------------------------------------------------------------- one size

/** One round of the start-up comparison: each endpoint started alone, ready times in ms, with the load average at each start. */
interface StartRound {
  order: string;
  ours?: number;
  ref?: number;
  loadOurs: number;
  loadRef: number;
}

/**
 * Starts ots-kg and the reference server (bare Oxigraph) in turn, `rounds` times, each alone on the machine, and times
 * each to ready (ours: a full query worker can answer, from /health; the reference: its first answer). The order
 * alternates between rounds, so a change in the machine's load falls on both alike; the ratio is read per round.
 */
async function startRounds(data: BuiltData, workDir: string, s: Settings, probe: string, rounds: number): Promise<StartRound[]> {
  const out: StartRound[] = [];
  const readyOf = async (kind: EndpointName): Promise<{ ms?: number; load: number }> => {
    const load = loadavg()[0] ?? 0;
    const t: Target = { kind, label: LABEL[kind] };
    process.stderr.write(`  ${stamp()} start-up round: ${t.label}\n`);
    const t0 = performance.now();
    let r: Running;
    try {
      r = await startEndpoint(t, data.nq, workDir);
    } catch {
      return { load };
    }
    try {
      const first = await waitReady(r, t0, s.readyLimitMs, probe);
      if (first === undefined) return { load };
      if (kind !== 'ots-kg') return { ms: first, load };
      for (;;) {
        if ((await workersLoaded(r.url)).any) return { ms: Math.max(first, performance.now() - t0), load };
        if (performance.now() - t0 > s.readyLimitMs) return { load };
        await sleep(100);
      }
    } finally {
      await stopEndpoint(r);
    }
  };
  for (let i = 0; i < rounds; i++) {
    const oursFirst = i % 2 === 0;
    const a = await readyOf(oursFirst ? 'ots-kg' : 'oxigraph');
    const b = await readyOf(oursFirst ? 'oxigraph' : 'ots-kg');
    const [ours, ref] = oursFirst ? [a, b] : [b, a];
    out.push({ order: oursFirst ? 'ots-kg, then Oxigraph' : 'Oxigraph, then ots-kg', ...(ours.ms !== undefined ? { ours: ours.ms } : {}), ...(ref.ms !== undefined ? { ref: ref.ms } : {}), loadOurs: ours.load, loadRef: ref.load });
  }
  return out;
}

/** The median of the rounds' ratios (ours ÷ reference), over the rounds where both became ready. */
function medianRatio(rounds: readonly StartRound[]): number | undefined {
  const xs = rounds.filter((r) => r.ours !== undefined && r.ref !== undefined).map((r) => (r.ours as number) / (r.ref as number)).sort((a, b) => a - b);
  if (xs.length === 0) return undefined;
  const m = Math.floor(xs.length / 2);
  return xs.length % 2 === 1 ? (xs[m] as number) : ((xs[m - 1] as number) + (xs[m] as number)) / 2;
}

interface SizeResult {
  data: BuiltData;
  startUp: Record<string, StartUp>;
  /** The start-up comparison in rounds (see startRounds). */
  startRounds: StartRound[];
  rows: Record<string, Record<string, Answered>>;
  cells: Cell[];
  /** One client, each query of the mix: p50 per endpoint (first size only). */
  oneClient: Record<string, Record<string, { p50: number; p99: number; ok: number; bad: number }>>;
  /** Our server with each speed mechanism turned off (first size only). */
  variantCells: Cell[];
  variantStartUp: Record<string, StartUp>;
  comunicaFetches?: number;
  loadBefore: number[];
  loadAfter: number[];
  notes: string[];
  code?: string;
}

async function benchSize(data: BuiltData, workDir: string, s: Settings, first: boolean): Promise<SizeResult> {
  const { entity, participants, mix } = await loadQueries();
  const checked = [entity, ...mix];
  const out: SizeResult = { data, startUp: {}, startRounds: [], rows: {}, cells: [], oneClient: {}, variantCells: [], variantStartUp: {}, loadBefore: loadavg(), loadAfter: [], notes: [] };
  const workloads: { name: string; queries: BenchQuery[] }[] = [
    { name: 'entity lookup', queries: [entity] },
    { name: 'participants join', queries: [participants] },
    { name: `mix of ${mix.length}`, queries: mix },
  ];
  for (const kind of s.endpoints) {
    const t: Target = { kind, label: LABEL[kind] };
    if (kind === 'ots-kg') out.code = codeVersion();
    const st = await start(t, data.nq, workDir, s, entity.text);
    out.startUp[t.label] = st.startUp;
    if (st.note) out.notes.push(st.note);
    const r = st.running;
    if (!r) continue;
    try {
      if (s.only === 'memory') continue;
      await checkAndWarm(r, checked, out.rows, t.label);
      for (const w of workloads) {
        for (const c of s.connections) {
          process.stderr.write(`  ${stamp()} ${t.label}: ${w.name}, ${c} connection${c === 1 ? '' : 's'}, ${s.seconds} s\n`);
          out.cells.push(cellOf(t.label, w.name, c, await drive(r, { queries: w.queries.map((q) => q.text), connections: c, seconds: s.seconds, vary: true, okStatus: 200 })));
          await settle(r);
        }
      }
      if (first) {
        // One client, one query at a time: each query of the mix alone (its text still varied per request).
        process.stderr.write(`  ${stamp()} ${t.label}: one client, each query of the mix, ${s.oneSeconds} s each\n`);
        const per: Record<string, { p50: number; p99: number; ok: number; bad: number }> = {};
        for (const q of [entity, ...mix]) {
          const w = await drive(r, { queries: [q.text], connections: 1, seconds: s.oneSeconds, vary: true, okStatus: 200 });
          per[q.name] = { p50: w.p50, p99: w.p99, ok: w.ok, bad: w.other + w.errors + w.timeouts };
        }
        out.oneClient[t.label] = per;
      }
      if (kind === 'ots-kg') await measureCached(r, t.label, [entity, participants], s, out);
      if (r.dump) out.comunicaFetches = r.dump.fetches();
    } finally {
      await stopEndpoint(r);
    }
  }
  const rounds = s.startRounds(data.summits);
  if (rounds > 0 && s.endpoints.includes('ots-kg') && s.endpoints.includes('oxigraph')) out.startRounds = await startRounds(data, workDir, s, entity.text, rounds);
  if (first && s.only !== 'memory' && s.variants.length > 0 && s.endpoints.includes('ots-kg')) {
    // What each speed mechanism buys: ours as it is and with one mechanism off. Each is started alone (its start-up
    // is measured while the ones before it sit idle), then all stay up and are measured in turn, round after round,
    // so a change in the machine's load falls on all of them alike: the lookup and the join uncached, the queries of the
    // mix where the store departs from the specification, and the lookup from the cache. The table gives the median of the rounds and their range.
    const departing = mix.filter((q) => /GROUP_CONCAT|MINUS|BNODE/i.test(q.text));
    const departingName = `the ${departing.length} queries with GROUP_CONCAT, MINUS or BNODE`;
    const targets: Target[] = [{ kind: 'ots-kg', label: 'ots-kg (all on)' }, ...s.variants.map((v) => ({ kind: 'ots-kg' as const, label: `ots-kg without ${v}`, off: [v] }))];
    const up: [Target, Running][] = [];
    try {
      for (const t of targets) {
        const st = await start(t, data.nq, workDir, s, entity.text);
        out.variantStartUp[t.label] = st.startUp;
        if (st.note) out.notes.push(st.note);
        if (st.running) up.push([t, st.running]);
      }
      for (const [t, r] of up) await checkAndWarm(r, checked, {}, t.label);
      const c = Math.max(...s.connections);
      for (let round = 1; round <= s.rounds; round++) {
        for (const [t, r] of up) {
          for (const w of workloads.slice(0, 2)) {
            for (const conns of s.connections) {
              process.stderr.write(`  ${stamp()} round ${round}, ${t.label}: ${w.name}, ${conns} connection${conns === 1 ? '' : 's'}\n`);
              out.variantCells.push(cellOf(t.label, w.name, conns, await drive(r, { queries: w.queries.map((q) => q.text), connections: conns, seconds: s.seconds, vary: true, okStatus: 200 })));
              await settle(r);
            }
          }
          // The queries where the store departs from SPARQL 1.1 (what pushdown is for), one client.
          if (departing.length > 0) {
            process.stderr.write(`  ${stamp()} round ${round}, ${t.label}: ${departingName}, 1 connection\n`);
            out.variantCells.push(cellOf(t.label, departingName, 1, await drive(r, { queries: departing.map((q) => q.text), connections: 1, seconds: s.seconds, vary: true, okStatus: 200 })));
            await settle(r);
          }
          await ask(r, entity.text, 30_000);
          out.variantCells.push(cellOf(t.label, 'entity lookup', c, await drive(r, { queries: [entity.text], connections: c, seconds: s.seconds, vary: false, okStatus: 200 }), '200'));
        }
      }
    } finally {
      for (const [, r] of up) await stopEndpoint(r);
    }
  }
  out.loadAfter = loadavg();
  return out;
}

/** Our cached path: the identical text every time (X-Cache: hit), then with the ETag it got (If-None-Match -> 304). */
async function measureCached(r: Running, label: string, queries: readonly BenchQuery[], s: Settings, out: SizeResult): Promise<void> {
  for (const q of queries) {
    const name = q.name === 'entity' ? 'entity lookup' : 'participants join';
    const firstAsk = await ask(r, q.text, 30_000);
    const again = await ask(r, q.text, 30_000);
    if (firstAsk.status !== 200) out.notes.push(`${label} answered ${firstAsk.status} to the cached ${q.name} query`);
    if (again.xCache !== 'hit') out.notes.push(`${label} did not answer the repeated ${q.name} query from its cache (no X-Cache: hit)`);
    for (const c of s.connections) {
      process.stderr.write(`  ${stamp()} ${label} cached: ${name}, ${c} connection${c === 1 ? '' : 's'}\n`);
      out.cells.push(cellOf(label, name, c, await drive(r, { queries: [q.text], connections: c, seconds: s.seconds, vary: false, okStatus: 200 }), '200'));
      if (again.etag !== undefined) {
        out.cells.push(cellOf(label, name, c, await drive(r, { queries: [q.text], connections: c, seconds: s.seconds, vary: false, headers: { 'If-None-Match': again.etag }, okStatus: 304 }), '304'));
      }
    }
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-3).join(' | ').slice(0, 400);
  } catch {
    return '(no log)';
  }
}

// ---------------------------------------------------------------- tables

const f0 = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : '-');
const ms = (n: number): string => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const la = (l: number[]): string => l.map((x) => x.toFixed(2)).join(' ');
const stamp = (): string => new Date().toISOString().slice(11, 19);
const sec = (n: number | undefined): string => (n === undefined ? '-' : `${(n / 1000).toFixed(2)} s`);
const mb = (n: number | undefined): string => (n === undefined ? '-' : `${Math.round(n)} MB`);

function ratio(a: Cell | undefined, b: Cell | undefined): string {
  if (!a || !b) return '-';
  if (b.reqPerS === 0) return a.reqPerS > 0 ? 'peer answered none' : '-';
  return `${(a.reqPerS / b.reqPerS).toFixed(2)}×`;
}

function cellText(x: Cell | undefined): string {
  if (!x) return '-';
  const answered = x.reqPerS > 0 || x.bad > 0;
  const extra = x.bad + x.errors + x.timeouts > 0 ? ` (${x.bad} other status, ${x.errors} errors, ${x.timeouts} timeouts)` : '';
  return answered ? `${f0(x.reqPerS)} · ${ms(x.p50)} · ${ms(x.p99)}${extra}` : `none${extra}`;
}

function printSize(r: SizeResult, s: Settings): void {
  const d = r.data;
  const title = d.summits === 0 ? 'the real graph' : `${d.summits} synthetic summits`;
  console.log(`\n## ${title}: ${d.triples.toLocaleString('en')} default-graph triples, ${d.quads.toLocaleString('en')} quads (built in ${(d.buildMs / 1000).toFixed(1)} s)\n`);
  console.log(`load average before ${la(r.loadBefore)}, after ${la(r.loadAfter)}${r.code ? `; ots-kg started from ${r.code}` : ''}\n`);
  console.log('### Start-up and memory\n');
  console.log('| endpoint | first answer | ready (full engine) | all workers loaded | RSS loaded, idle | peak RSS while starting | |');
  console.log('|---|---:|---:|---:|---:|---:|---|');
  for (const [label, su] of Object.entries(r.startUp)) console.log(`| ${label} | ${sec(su.firstAnswer)} | ${sec(su.ready)} | ${sec(su.loaded)} | ${mb(su.rss)} | ${mb(su.peak)} | ${su.split ?? ''} |`);
  if (r.startRounds.length > 0) {
    console.log(`\n### Start-up against the reference, in rounds (each started alone, in turn)\n`);
    console.log('| round | order | ots-kg ready (full engine) | Oxigraph + node:http ready | ratio | load average at the starts |');
    console.log('|---:|---|---:|---:|---:|---|');
    for (const [i, x] of r.startRounds.entries()) {
      const ratio = x.ours !== undefined && x.ref !== undefined ? `${(x.ours / x.ref).toFixed(2)}×` : '-';
      console.log(`| ${i + 1} | ${x.order} | ${sec(x.ours)} | ${sec(x.ref)} | ${ratio} | ${x.loadOurs.toFixed(1)} / ${x.loadRef.toFixed(1)} |`);
    }
    const m = medianRatio(r.startRounds);
    console.log(`\nmedian ratio of the rounds: ${m === undefined ? '-' : `${m.toFixed(2)}×`} (target ≤ 1.5×)`);
  }
  if (r.comunicaFetches !== undefined) console.log(`\nComunica fetched the dump ${r.comunicaFetches} time${r.comunicaFetches === 1 ? '' : 's'} during its run.`);
  const labels = Object.keys(r.startUp);
  if (Object.keys(r.rows).length > 0) {
    console.log('\n### Rows per answer (checked before timing)\n');
    console.log(`| query | ${labels.join(' | ')} | equal |`);
    console.log(`|---|${labels.map(() => '---:').join('|')}|---|`);
    for (const [q, per] of Object.entries(r.rows)) {
      const cells = labels.map((e) => {
        const a = per[e];
        if (!a) return '-';
        return a.status === 200 ? String(a.rows) : a.status === 0 ? (a.error === 'not asked' ? 'not asked' : 'no answer') : String(a.status);
      });
      const answered = labels.map((e) => per[e]).filter((a): a is Answered => a !== undefined && a.status === 200);
      const same = answered.length === labels.filter((e) => per[e] !== undefined).length && new Set(answered.map((a) => a.rows)).size <= 1;
      console.log(`| ${q} | ${cells.join(' | ')} | ${same ? 'yes' : '**no**'} |`);
    }
  }
  const uncached = r.cells.filter((c) => !c.cached);
  if (uncached.length > 0) {
    console.log(`\n### Uncached: req/s · p50 ms · p99 ms (wrk, ${s.seconds} s per cell, query text varied per request)\n`);
    const peers = labels.filter((l) => uncached.some((c) => c.target === l));
    console.log(`| query | conns | ${peers.join(' | ')} | ots-kg ÷ Virtuoso | ots-kg ÷ Oxigraph | load (1 min) |`);
    console.log(`|---|---:|${peers.map(() => '---:').join('|')}|---:|---:|---|`);
    for (const q of [...new Set(uncached.map((c) => c.query))]) {
      for (const c of [...new Set(uncached.map((x) => x.connections))].sort((a, b) => a - b)) {
        const row = peers.map((p) => uncached.find((x) => x.target === p && x.query === q && x.connections === c));
        const ours = uncached.find((x) => x.target === 'ots-kg' && x.query === q && x.connections === c);
        const v = uncached.find((x) => x.target === LABEL.virtuoso && x.query === q && x.connections === c);
        const o = uncached.find((x) => x.target === LABEL.oxigraph && x.query === q && x.connections === c);
        const loads = row.filter((x): x is Cell => x !== undefined).map((x) => x.load.toFixed(1));
        console.log(`| ${q} | ${c} | ${row.map(cellText).join(' | ')} | ${ratio(ours, v)} | ${ratio(ours, o)} | ${loads.join(', ')} |`);
      }
    }
  }
  const cached = r.cells.filter((c) => c.cached);
  if (cached.length > 0) {
    console.log('\n### ots-kg from its answer cache: req/s · p50 ms · p99 ms (identical text; 304 rows send If-None-Match)\n');
    console.log('| query | conns | cached 200 | cached 304 | load (1 min) |');
    console.log('|---|---:|---:|---:|---|');
    for (const q of [...new Set(cached.map((c) => c.query))]) {
      for (const c of [...new Set(cached.map((x) => x.connections))].sort((a, b) => a - b)) {
        const a = cached.find((x) => x.query === q && x.connections === c && x.cached === '200');
        const b = cached.find((x) => x.query === q && x.connections === c && x.cached === '304');
        console.log(`| ${q} | ${c} | ${cellText(a)} | ${cellText(b)} | ${[a, b].filter((x): x is Cell => x !== undefined).map((x) => x.load.toFixed(1)).join(', ')} |`);
      }
    }
  }
  const one = Object.keys(r.oneClient);
  if (one.length > 0) {
    console.log(`\n### One client, one query at a time: p50 ms (p99 in brackets), ${s.oneSeconds} s per query, text varied per request\n`);
    const ox = r.oneClient[LABEL.oxigraph];
    const ours = r.oneClient['ots-kg'];
    console.log(`| query | ${one.join(' | ')} | ots-kg − Oxigraph (p50) | at most Oxigraph + 1 ms |`);
    console.log(`|---|${one.map(() => '---:').join('|')}|---:|---|`);
    for (const q of Object.keys(ours ?? r.oneClient[one[0] as string] ?? {})) {
      const cells = one.map((e) => {
        const x = r.oneClient[e]?.[q];
        return x ? `${ms(x.p50)} (${ms(x.p99)})${x.bad > 0 ? ` ${x.bad} failed` : ''}` : '-';
      });
      const a = ours?.[q];
      const b = ox?.[q];
      const diff = a && b ? a.p50 - b.p50 : undefined;
      console.log(`| ${q} | ${cells.join(' | ')} | ${diff === undefined ? '-' : `${diff >= 0 ? '+' : ''}${diff.toFixed(2)}`} | ${diff === undefined ? '-' : diff <= 1 ? 'met' : '**not met**'} |`);
    }
  }
  if (r.variantCells.length > 0) {
    console.log(`\n### What each speed mechanism buys: ots-kg as it is, and with one turned off (SPEEDUPS_OFF); each started alone, then measured in turn, ${s.rounds} rounds\n`);
    const vs = Object.keys(r.variantStartUp);
    console.log(`| measure | ${vs.join(' | ')} |`);
    console.log(`|---|${vs.map(() => '---:').join('|')}|`);
    console.log(`| first answer after start | ${vs.map((v) => sec(r.variantStartUp[v]?.firstAnswer)).join(' | ')} |`);
    console.log(`| ready (full engine) | ${vs.map((v) => sec(r.variantStartUp[v]?.ready)).join(' | ')} |`);
    const keys = [...new Set(r.variantCells.map((c) => `${c.query}|${c.connections}|${c.cached ?? ''}`))];
    for (const k of keys) {
      const [q, c, cached] = k.split('|');
      const row = vs.map((v) => {
        const xs = r.variantCells.filter((x) => x.target === v && x.query === q && String(x.connections) === c && (x.cached ?? '') === cached);
        if (xs.length === 0) return '-';
        const med = (f: (x: Cell) => number): number => [...xs.map(f)].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
        const rps = xs.map((x) => x.reqPerS);
        const bad = xs.reduce((n, x) => n + x.bad + x.errors + x.timeouts, 0);
        return `${f0(med((x) => x.reqPerS))} (${f0(Math.min(...rps))}–${f0(Math.max(...rps))}) · ${ms(med((x) => x.p50))} · ${ms(med((x) => x.p99))}${bad > 0 ? ` (${bad} not 200)` : ''}`;
      });
      console.log(`| ${q}${cached ? ' (cached)' : ''}, ${c} conn${c === '1' ? '' : 's'}: req/s median (range) · p50 · p99 | ${row.join(' | ')} |`);
    }
  }
  for (const n of r.notes) console.log(`\nNote: ${n}`);
}

/** The targets, at every size: ahead of Virtuoso (≥ 1.1×) and within 1.5× of bare Oxigraph, ready within 1.5×, cache ≥ 9,000 req/s. */
function printTargets(rows: SizeResult[], s: Settings): void {
  if (s.only === 'memory') return;
  const c = s.connections.includes(10) ? 10 : Math.max(...s.connections);
  console.log(`\n## Targets (${c} connections, uncached unless said)\n`);
  console.log('| triples | measure | ots-kg | Virtuoso | Oxigraph | target | met |');
  console.log('|---:|---|---:|---:|---:|---|---|');
  for (const r of rows) {
    const n = r.data.triples.toLocaleString('en');
    for (const q of ['entity lookup', 'participants join']) {
      const get = (t: string) => r.cells.find((x) => !x.cached && x.target === t && x.query === q && x.connections === c);
      const ours = get('ots-kg');
      const v = get(LABEL.virtuoso);
      const o = get(LABEL.oxigraph);
      if (!ours) continue;
      const rv = v && v.reqPerS > 0 ? ours.reqPerS / v.reqPerS : undefined;
      const ro = o && o.reqPerS > 0 ? ours.reqPerS / o.reqPerS : undefined;
      console.log(`| ${n} | ${q}, req/s | ${f0(ours.reqPerS)} | ${v ? f0(v.reqPerS) : '-'} | ${o ? f0(o.reqPerS) : '-'} | ≥ 1.1 × Virtuoso; ≥ Oxigraph ÷ 1.5 | ${rv === undefined ? '-' : `${rv.toFixed(2)}× ${rv >= 1.1 ? 'met' : '**not met**'}`}; ${ro === undefined ? '-' : `${ro.toFixed(2)}× ${ro >= 1 / 1.5 ? 'met' : '**not met**'}`} |`);
    }
    const su = r.startUp['ots-kg'];
    const ref = r.startUp[LABEL.oxigraph];
    const median = medianRatio(r.startRounds);
    if (median !== undefined) {
      console.log(`| ${n} | ready (full engine), median of ${r.startRounds.length} rounds | | | | ≤ 1.5 × Oxigraph | ${median.toFixed(2)}× ${median <= 1.5 ? 'met' : '**not met**'} |`);
    } else if (su?.ready !== undefined && ref?.ready !== undefined) {
      const x = su.ready / ref.ready;
      console.log(`| ${n} | ready (full engine), one start each | ${sec(su.ready)} | ${sec(r.startUp[LABEL.virtuoso]?.ready)} | ${sec(ref.ready)} | ≤ 1.5 × Oxigraph | ${x.toFixed(2)}× ${x <= 1.5 ? 'met' : '**not met**'} |`);
    }
    if (su?.rss !== undefined && ref?.rss !== undefined) {
      const workers = Number(process.env.QUERY_WORKERS ?? availableParallelism());
      const limit = workers * ref.rss + 300;
      console.log(`| ${n} | RSS loaded, idle | ${mb(su.rss)} | ${mb(r.startUp[LABEL.virtuoso]?.rss)} | ${mb(ref.rss)} | ≤ ${workers} × Oxigraph + 300 = ${mb(limit)} | ${su.rss <= limit ? 'met' : '**not met**'} |`);
    }
    const hit = r.cells.find((x) => x.cached === '200' && x.query === 'entity lookup' && x.connections === c);
    if (hit) console.log(`| ${n} | cached lookup, req/s | ${f0(hit.reqPerS)} | | | ≥ 9,000 | ${hit.reqPerS >= 9000 ? 'met' : '**not met**'} |`);
  }
}

// ---------------------------------------------------------------- main

/** The commit measured, and whether the working tree differed from it (our endpoint is started from the tree as it is). */
function codeVersion(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  if (head.status !== 0) return 'unknown (not a git checkout)';
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no', '--', 'src'], { encoding: 'utf8' });
  return `${head.stdout.trim()}${dirty.stdout.trim() !== '' ? ' with uncommitted changes under src/' : ''}`;
}

function listOf<T extends string>(name: string, raw: string | undefined, def: readonly T[], allowed: readonly T[]): T[] {
  if (raw === undefined) return [...def];
  const out = raw.split(',').map((x) => x.trim()).filter((x) => x !== '');
  for (const x of out) if (!(allowed as readonly string[]).includes(x)) throw new Error(`${name}=${raw}: ${x} is not one of ${allowed.join(', ')}`);
  return out as T[];
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const sizes = (process.env.BENCH_SIZES ?? (quick ? '0' : '0,195,2800')).split(',').map((x) => Number(x.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 0)) throw new Error(`BENCH_SIZES=${process.env.BENCH_SIZES} must be comma-separated summit counts (0 = the real graph)`);
  const seconds = Number(process.env.BENCH_SECONDS ?? (quick ? 1 : 5));
  if (!(seconds > 0 && seconds <= 60)) throw new Error(`BENCH_SECONDS=${process.env.BENCH_SECONDS} must be in (0, 60]`);
  const connections = (process.env.BENCH_CONNECTIONS ?? '1,10').split(',').map((x) => Number(x.trim()));
  if (connections.some((n) => !Number.isInteger(n) || n < 1 || n > 1000)) throw new Error(`BENCH_CONNECTIONS=${process.env.BENCH_CONNECTIONS} must be comma-separated numbers of connections (1..1000)`);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 20) throw new Error(`BENCH_ROUNDS=${process.env.BENCH_ROUNDS} must be a whole number of rounds (1..20)`);
  // Start-up rounds against the reference: BENCH_START_ROUNDS at the largest size (default 3), none at the others.
  const startRoundsN = Number(process.env.BENCH_START_ROUNDS ?? 3);
  if (!Number.isInteger(startRoundsN) || startRoundsN < 0 || startRoundsN > 20) throw new Error(`BENCH_START_ROUNDS=${process.env.BENCH_START_ROUNDS} must be a whole number of rounds (0..20)`);
  const largest = Math.max(...sizes);
  const only = process.env.BENCH_ONLY;
  if (only !== undefined && only !== 'memory' && only !== 'stores') throw new Error(`BENCH_ONLY=${only}: the parts that run alone are 'memory' and 'stores'`);
  if (only === 'stores') {
    storeDimension();
    return;
  }
  const settings: Settings = {
    seconds,
    oneSeconds: quick ? 1 : 2,
    connections,
    readyLimitMs: Number(process.env.BENCH_READY_LIMIT_S ?? 300) * 1000,
    endpoints: listOf('BENCH_ENDPOINTS', process.env.BENCH_ENDPOINTS, ENDPOINTS, ENDPOINTS),
    variants: listOf('BENCH_VARIANTS', process.env.BENCH_VARIANTS, quick ? [] : SPEEDUPS, SPEEDUPS),
    rounds,
    startRounds: (summits) => (summits === largest ? startRoundsN : 0),
    ...(only === 'memory' ? { only } : {}),
  };
  const started = new Date();
  console.log(`# npm run bench${quick ? ' -- --quick' : ''}`);
  console.log(`\n${started.toISOString()}; Node ${process.version}; ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GB; load average ${la(loadavg())}`);
  console.log(`code: ${codeVersion()}`);
  console.log(
    only === 'memory'
      ? `sizes (summits) ${sizes.join(', ')}; start-up and memory only; endpoints ${settings.endpoints.join(', ')}`
      : `sizes (summits) ${sizes.join(', ')}; endpoints ${settings.endpoints.join(', ')}; wrk, 1 thread, ${seconds} s per cell, connections ${connections.join(', ')}, timeout 10 s; speed mechanisms compared at the first size: ${settings.variants.join(', ') || 'none'}`,
  );
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
  const results: SizeResult[] = [];
  try {
    for (const [i, n] of sizes.entries()) {
      const dir = join(work, `size-${n}`);
      process.stderr.write(`building ${n === 0 ? 'the real graph' : `${n} synthetic summits`}...\n`);
      const data = buildData(n, dir);
      process.stderr.write(`  ${data.triples} triples, ${data.quads} quads, ${(data.buildMs / 1000).toFixed(1)} s\n`);
      const r = await benchSize(data, dir, settings, i === 0);
      printSize(r, settings);
      results.push(r);
      await rm(dir, { recursive: true, force: true });
    }
    printTargets(results, settings);
    console.log(`\nfinished ${new Date().toISOString()} (${((Date.now() - started.getTime()) / 60_000).toFixed(1)} min); load average ${la(loadavg())}`);
  } finally {
    for (const c of [...children]) await killGroup(c);
    for (const v of [...virtuosos]) await v.virtuoso.stop();
    await rm(work, { recursive: true, force: true });
  }
  // The store dimension runs after the endpoints are stopped, so it has the machine to itself (skipped by --quick and
  // by BENCH_ONLY=memory; `npm run bench:stores` or BENCH_ONLY=stores runs it alone).
  if (!quick && only === undefined) storeDimension();
}

/** Runs bench/stores.ts (embedded ots-kg, ots-kg over Virtuoso, Virtuoso's own endpoint) with this process's settings. */
function storeDimension(): void {
  const res = spawnSync(process.execPath, ['--import', 'tsx', join(dirname(SELF), 'stores.ts')], { stdio: 'inherit' });
  if (res.status !== 0) throw new Error(`the store dimension (bench/stores.ts) failed (exit ${res.status ?? res.signal})`);
}

if (process.argv[2] === '--build-child') await buildChild(Number(process.argv[3]), String(process.argv[4]));
else await main();
