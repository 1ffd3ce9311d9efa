// The store dimension: at each size, embedded ots-kg, ots-kg over Virtuoso (STORE=sparql:URL) and Virtuoso's own
// endpoint: time to ready, RSS of ots-kg and of the store, and req/s with p99 for the query mix (the example queries
// without SERVICE) at 1 and 10 connections. ots-kg over Virtuoso and Virtuoso's own endpoint run over the same loaded
// Virtuoso and are measured alternately, in rounds (which goes first alternates too), so that a machine whose load
// changes weighs on both alike; each round's ratio and the median ratio are printed, with the median latency of each
// query of the mix at 1 connection for both, which traces a difference to the queries it comes from.
//
//   npm run bench:stores                         # 2800 synthetic summits (about 10^6 default-graph triples)
//   BENCH_STORE_SIZES=2800,28000 npm run bench:stores   # and about 10^7 (building it takes some 25 minutes)
//   BENCH_STORE_DUMPS=DIR                        # a dumps folder built before (e.g. by `ots-kg build`), instead of building
//   BENCH_STORE_ROUNDS=5                         # rounds (default 5)
//   BENCH_STORE_PASSES=2 BENCH_STORE_PASSES_10=4 # passes of the mix per cell at 1 and at 10 connections (default 2, 4):
//                                                # every query is sent that many times per cell and round
//   BENCH_STORE_HEAVY=50                         # then ots-kg over Virtuoso at this many connections, for its memory (0: not)
//   BENCH_STORE_EMBEDDED_MAX=2800                # largest size the embedded store is tried at (default 2800; 0: never;
//                                                # above it the table says "not run" rather than risk the machine's memory)
//
// The result cache of ots-kg is off (QUERY_CACHE_ENTRIES=0): every request is evaluated, as at Virtuoso's endpoint.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { freePort } from '../src/free-port.js';
import { Agent, request as httpRequest } from 'node:http';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBuild } from '../src/pipeline.js';
import { writeSyntheticData } from './synthetic.js';
import { loadDataset, startVirtuoso, type Virtuoso } from '../src/store/virtuoso.js';
import { DEFAULT_GRAPH } from '../src/store/remote.js';

const SELF = fileURLToPath(import.meta.url);
const BIN = join(process.cwd(), 'bin', 'ots-kg.mjs');
const BASE = 'https://w3id.org/ots-kg/';
/** Quads of the dumps per synthetic summit, rounded up (1,627,820 quads at 2800 summits: 581.4). */
const QUADS_PER_SUMMIT = 582;

interface Built {
  readonly summits: number;
  readonly triples: number;
  readonly quads: number;
  readonly buildMs: number;
  readonly dumps: string;
}

/** Child mode: writes synthetic data and builds it into `out` (a child, so its memory is given back). */
async function buildChild(summits: number, out: string): Promise<void> {
  const t0 = performance.now();
  const dataDir = await writeSyntheticData({ dir: out, summits });
  const { manifest } = await runBuild({ dataDir, ontologyDir: 'ontology', outDir: join(out, 'dumps'), base: BASE });
  const r: Built = { summits, triples: manifest.triples, quads: manifest.quads, buildMs: performance.now() - t0, dumps: join(out, 'dumps') };
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

function build(summits: number, out: string): Built {
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=14000', SELF, '--build-child', String(summits), out], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = res.stdout.trim().split('\n').pop();
  if (res.status !== 0 || !line?.startsWith('{')) throw new Error(`the build of ${summits} summits failed (exit ${res.status ?? res.signal}): ${(res.stderr || res.stdout).trim().split('\n').slice(-3).join(' ')}`);
  return JSON.parse(line) as Built;
}

/** Resident memory of a process, MB: now (VmRSS) or its peak since it started (VmHWM); worker threads are in the same process. */
function rssMb(pid: number, which: 'VmRSS' | 'VmHWM' = 'VmRSS'): number | undefined {
  try {
    const m = new RegExp(`${which}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** RSS now and at its peak so far, for the table. */
function rssNowAndPeak(pid: number): string {
  return `${rssMb(pid) ?? '?'} (peak ${rssMb(pid, 'VmHWM') ?? '?'})`;
}

interface Running {
  readonly url: string;
  readonly child: ChildProcess;
  readonly readyMs: number;
  /** The last lines the process wrote (stdout and stderr). */
  log(): string;
  stop(): Promise<void>;
}

/** Starts `ots-kg serve --no-build` and waits for /health 200 (or the limit). */
async function startOtsKg(dumps: string, env: Record<string, string>, limitMs: number): Promise<Running> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve', '--no-build', '--out', dumps], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', BASE_IRI: BASE, LOG_REQUESTS: 'false', SERVICE_ALLOWLIST: 'none', QUERY_CACHE_ENTRIES: '0', DATASET_CHECK_MS: '0', QUERY_TIMEOUT_MS: '60000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
  child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    }
  };
  for (;;) {
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      const h = (await res.json()) as { status: string; readyWorkers?: number; workers?: number };
      // Embedded: every query worker holds the data (not only the light start-up one).
      if (res.status === 200 && (h.workers === 0 || h.readyWorkers === h.workers)) break;
    } catch {
      // not yet
    }
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`ots-kg stopped before it was ready (${child.exitCode ?? child.signalCode}): ${out.trim().split('\n').slice(-3).join(' ')}`);
    if (performance.now() - t0 > limitMs) {
      await stop();
      throw new Error(`not ready within ${Math.round(limitMs / 1000)} s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, child, readyMs: performance.now() - t0, log: () => out, stop };
}

interface Cell {
  /** Answers with status 2xx/3xx per second over the cell (refusals and errors not counted). */
  readonly rps: number;
  readonly p99ms: number;
  readonly errors: number;
  readonly requests: number;
  /** The latency of each answer, ms, by the query's place in the mix. */
  readonly byQuery: number[][];
  /** The first failure seen (status and the start of its body), when any. */
  readonly firstError?: string;
}

function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** One GET over a keep-alive agent; resolves with the status and (for a failure) the start of the body. */
function getOnce(agent: Agent, url: URL, path: string, accept: string): Promise<{ status: number; head: string }> {
  return new Promise((resolvePromise) => {
    const req = httpRequest({ agent, host: url.hostname, port: url.port, path, method: 'GET', headers: { accept } }, (res) => {
      const status = res.statusCode ?? 0;
      let head = '';
      res.on('data', (d: Buffer) => {
        if (status >= 400 && head.length < 300) head += d.toString('utf8');
      });
      res.on('end', () => resolvePromise({ status, head: head.slice(0, 300) }));
      res.on('error', (e) => resolvePromise({ status: 0, head: e.message }));
    });
    req.setTimeout(120_000, () => req.destroy(new Error('no answer within 120 s')));
    req.on('error', (e) => resolvePromise({ status: 0, head: e.message }));
    req.end();
  });
}

/**
 * A fixed amount of work: `passes` times through the mix, in turn, over `connections` keep-alive connections (each takes
 * the next request of the sequence when its answer is in). Every set-up gets the same requests, so req/s compares the
 * same work; the client is the same for all, and its cost (well under a millisecond a request) is small beside the
 * queries'.
 */
async function drive(base: string, paths: readonly string[], connections: number, passes: number): Promise<Cell> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(base);
  const total = paths.length * passes;
  const byQuery: number[][] = paths.map(() => []);
  const all: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  const loop = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      const q = i % paths.length;
      const t = performance.now();
      const r = await getOnce(agent, url, paths[q]!, 'application/sparql-results+json');
      const took = performance.now() - t;
      if (r.status >= 200 && r.status < 400) {
        byQuery[q]!.push(took);
        all.push(took);
      } else {
        errors++;
        firstError ??= `query ${q + 1}: ${r.status || 'no answer'} ${r.head.replace(/\s+/g, ' ').trim()}`;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return { rps: (total - errors) / seconds, p99ms: quantile(all, 0.99), errors, requests: total, byQuery, ...(firstError ? { firstError } : {}) };
}

async function mixQueries(): Promise<{ name: string; text: string }[]> {
  const out: { name: string; text: string }[] = [];
  for (const f of (await readdir('sparql')).filter((x) => x.endsWith('.rq')).sort()) {
    const text = await readFile(join('sparql', f), 'utf8');
    if (!/\bSERVICE\b/i.test(text.replace(/#.*$/gm, ''))) out.push({ name: f, text });
  }
  return out;
}

interface Row {
  readonly setup: string;
  readyS?: string;
  otsRssMb?: string;
  storeRssMb?: string;
  c1?: Cell;
  c10?: Cell;
  note?: string;
}

function fmtCell(c: Cell | undefined): string {
  if (!c) return '–';
  return `${c.rps.toFixed(2)} req/s, p99 ${Math.round(c.p99ms)} ms${c.errors ? `, ${c.errors} of ${c.requests} refused or failed (not counted; first: ${c.firstError})` : ''}`;
}

function intSetting(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name}=${raw}: give a whole number, at least ${min}`);
  return n;
}

const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');

/** A dumps folder built earlier (BENCH_STORE_DUMPS): its counts from manifest.json. */
async function prebuilt(dumps: string): Promise<Built> {
  let m: { triples?: unknown; quads?: unknown };
  try {
    m = JSON.parse(await readFile(join(dumps, 'manifest.json'), 'utf8')) as typeof m;
  } catch (e) {
    throw new Error(`BENCH_STORE_DUMPS=${dumps}: no readable manifest.json there (${e instanceof Error ? e.message : String(e)}); give a dumps folder built by 'ots-kg build' or by this benchmark`);
  }
  return { summits: Number.NaN, triples: Number(m.triples), quads: Number(m.quads), buildMs: 0, dumps };
}

interface Measured {
  readonly name: string;
  readonly base: string;
  readonly paths: readonly string[];
  readonly c1: Cell[];
  readonly c10: Cell[];
}

/** Round r: both set-ups at 1 connection, then both at 10, the one that goes first alternating between rounds. */
async function rounds(setups: readonly Measured[], n: number, passes: number, passes10: number): Promise<void> {
  for (let r = 0; r < n; r++) {
    const order = r % 2 === 0 ? setups : [...setups].reverse();
    for (const s of order) s.c1.push(await drive(s.base, s.paths, 1, passes));
    for (const s of order) s.c10.push(await drive(s.base, s.paths, 10, passes10));
    const [a, b] = setups as [Measured, Measured];
    console.log(
      `round ${r + 1} (load ${load()}): 1 connection ${a.c1[r]!.rps.toFixed(2)} / ${b.c1[r]!.rps.toFixed(2)} req/s = ${(a.c1[r]!.rps / b.c1[r]!.rps).toFixed(2)}; ` +
        `10 connections ${a.c10[r]!.rps.toFixed(2)} / ${b.c10[r]!.rps.toFixed(2)} req/s = ${(a.c10[r]!.rps / b.c10[r]!.rps).toFixed(2)}` +
        `${[...a.c1, ...a.c10, ...b.c1, ...b.c10].some((c) => c.errors > 0) ? ' (some requests failed: see the table)' : ''}`,
    );
  }
}

/** One cell standing for the rounds: median req/s, median p99, failures summed, every latency kept. */
function summary(cells: readonly Cell[]): Cell {
  const errors = cells.reduce((a, c) => a + c.errors, 0);
  const first = cells.find((c) => c.firstError)?.firstError;
  return {
    rps: median(cells.map((c) => c.rps)),
    p99ms: median(cells.map((c) => c.p99ms)),
    errors,
    requests: cells.reduce((a, c) => a + c.requests, 0),
    byQuery: cells[0]!.byQuery.map((_, q) => cells.flatMap((c) => c.byQuery[q]!)),
    ...(first ? { firstError: first } : {}),
  };
}

async function main(): Promise<void> {
  // `npm run bench` runs bench/run.ts and then this: BENCH_ONLY=memory asks for the other script's part alone.
  const only = process.env.BENCH_ONLY;
  if (only !== undefined && only !== 'stores') {
    console.log(`\n(store dimension not run: BENCH_ONLY=${only})`);
    return;
  }
  if (process.argv[2] === '--build-child') {
    await buildChild(Number(process.argv[3]), process.argv[4] as string);
    return;
  }
  const given = process.env.BENCH_STORE_DUMPS;
  const sizes = given ? [Number.NaN] : (process.env.BENCH_STORE_SIZES ?? '2800').split(',').map((x) => Number(x.trim()));
  if (!given && sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`BENCH_STORE_SIZES=${process.env.BENCH_STORE_SIZES}: give comma-separated synthetic summit counts (2800 is about 10^6 triples)`);
  const nRounds = intSetting('BENCH_STORE_ROUNDS', 5, 1);
  const passes = intSetting('BENCH_STORE_PASSES', 2, 1);
  const passes10 = intSetting('BENCH_STORE_PASSES_10', 4, 1);
  const embeddedMax = intSetting('BENCH_STORE_EMBEDDED_MAX', 2800, 0);
  const heavy = intSetting('BENCH_STORE_HEAVY', 50, 0);
  const queries = await mixQueries();
  console.log(`# Store dimension (${new Date().toISOString()})\n`);
  console.log(
    `machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GB; Node ${process.version}; load average ${load()}\n` +
      `mix: ${queries.length} example queries without SERVICE, in turn; ots-kg result cache off; req/s counts 2xx answers only\n` +
      `a cell is a fixed amount of work: ${passes} passes of the mix at 1 connection (${passes * queries.length} requests), ${passes10} at 10 (${passes10 * queries.length}); ` +
      `${nRounds} rounds, ots-kg over Virtuoso and Virtuoso's own endpoint alternately, over the same loaded Virtuoso\n`,
  );
  for (const summits of sizes) {
    const dir = await mkdtemp(join(tmpdir(), 'ots-kg-bench-stores-'));
    let v: Virtuoso | undefined;
    let o: Running | undefined;
    try {
      let data: Built;
      try {
        if (given) data = await prebuilt(given);
        else {
          process.stderr.write(`building ${summits} synthetic summits...\n`);
          data = build(summits, dir);
        }
      } catch (e) {
        console.log(`## ${given ?? `${summits} synthetic summits`}\n\nnot run: ${e instanceof Error ? e.message : String(e)}\n`);
        continue;
      }
      const title = given ? `the dumps in ${given}` : `${summits} synthetic summits`;
      console.log(`## ${title}: ${data.triples.toLocaleString('en')} default-graph triples, ${data.quads.toLocaleString('en')} quads${data.buildMs ? ` (built in ${(data.buildMs / 1000).toFixed(1)} s)` : ''}\n`);
      const paths = queries.map((q) => `/sparql?query=${encodeURIComponent(q.text)}`);

      // Virtuoso: start, bulk-load (time to ready = both), its own endpoint scoped to the dataset's default graph.
      const tv = performance.now();
      v = await startVirtuoso({ dir: join(dir, 'virtuoso'), loadDirs: [dir, data.dumps], memoryMb: Math.min(8192, Math.round(totalmem() / 2 ** 20 / 4)), queryTimeoutS: 60 });
      const loaded = await loadDataset(v, { file: join(data.dumps, 'ots-kg.nq'), base: BASE });
      const virtuosoReady = performance.now() - tv;
      process.stderr.write(`Virtuoso loaded ${loaded.quads} quads in ${(loaded.ms / 1000).toFixed(1)} s\n`);
      const vrow: Row = { setup: "Virtuoso's own endpoint", readyS: `${(virtuosoReady / 1000).toFixed(1)} (start + bulk load ${(loaded.ms / 1000).toFixed(1)})`, otsRssMb: '–' };
      const vpaths = queries.map((q) => `/sparql?query=${encodeURIComponent(q.text)}&default-graph-uri=${encodeURIComponent(DEFAULT_GRAPH)}`);
      const orow: Row = { setup: 'ots-kg, STORE=sparql:Virtuoso' };
      let heavyLine: string | undefined;
      let measured: Measured[] = [];
      try {
        o = await startOtsKg(data.dumps, { STORE: `sparql:${v.sparqlUrl}` }, 300_000);
        orow.readyS = (o.readyMs / 1000).toFixed(1);
        measured = [
          { name: 'ots-kg over Virtuoso', base: o.url, paths, c1: [], c10: [] },
          { name: "Virtuoso's own endpoint", base: `http://127.0.0.1:${v.httpPort}`, paths: vpaths, c1: [], c10: [] },
        ];
        // One pass each first, not counted: the store's caches warm up, and a query that fails is seen at once.
        for (const s of measured) {
          const warm = await drive(s.base, s.paths, 1, 1);
          process.stderr.write(`warm-up pass, ${s.name}: ${(warm.requests / warm.rps).toFixed(1)} s${warm.errors ? `, ${warm.errors} failed (first: ${warm.firstError})` : ''}\n`);
        }
        await rounds(measured, nRounds, passes, passes10);
        orow.c1 = summary(measured[0]!.c1);
        orow.c10 = summary(measured[0]!.c10);
        vrow.c1 = summary(measured[1]!.c1);
        vrow.c10 = summary(measured[1]!.c10);
        orow.otsRssMb = rssNowAndPeak(o.child.pid!);
        // Far more clients than the cells: the answers in flight are bounded (STORE_CONCURRENCY), so the memory is too.
        if (heavy > 0) {
          const cell = await drive(o.url, paths, heavy, passes10);
          heavyLine = `ots-kg over Virtuoso at ${heavy} connections, after the rounds (${passes10} passes of the mix, ${cell.requests} requests, not in the ratios): ${fmtCell(cell)}; RSS ${rssNowAndPeak(o.child.pid!)} MB`;
        }
      } catch (e) {
        orow.note = `failed: ${e instanceof Error ? e.message : String(e)}`;
      } finally {
        await o?.stop();
        o = undefined;
      }
      vrow.storeRssMb = String(rssMb(v.pid) ?? '?');
      orow.storeRssMb = vrow.storeRssMb;
      await v.stop();
      v = undefined;

      // Embedded ots-kg (Virtuoso stopped first, so the two do not share the memory): one cell of each, not in rounds.
      const erow: Row = { setup: 'ots-kg, embedded (2 query workers)' };
      // A dumps folder given: its size in synthetic summits, from its quads (about 581 quads a summit).
      // Rounded down, so that a folder of 2800 summits is not taken for more.
      const asSummits = given ? Math.floor(data.quads / QUADS_PER_SUMMIT) : summits;
      if (embeddedMax === 0) erow.note = 'not run: BENCH_STORE_EMBEDDED_MAX=0';
      else if (asSummits > embeddedMax) erow.note = `not run: ${given ? `${data.quads.toLocaleString('en')} quads, about ${asSummits} synthetic summits,` : ''} above BENCH_STORE_EMBEDDED_MAX=${embeddedMax} summits (each query worker holds a copy: about 1.7 GB for the process at 2800 summits, 10^6 triples)`;
      else {
        try {
          const e = await startOtsKg(data.dumps, { QUERY_WORKERS: '2' }, 600_000);
          try {
            erow.readyS = (e.readyMs / 1000).toFixed(1);
            await drive(e.url, paths, 1, 1);
            erow.c1 = await drive(e.url, paths, 1, passes);
            erow.c10 = await drive(e.url, paths, 10, passes10);
            erow.otsRssMb = rssNowAndPeak(e.child.pid!);
            erow.storeRssMb = '(in ots-kg)';
            if (e.child.exitCode !== null || e.child.signalCode !== null) {
              erow.note = `ready in ${erow.readyS} s, then the process ended (${e.child.exitCode ?? e.child.signalCode}) during the cells: ${e.log().trim().split('\n').slice(-3).join(' / ').slice(0, 600)}`;
            }
          } finally {
            await e.stop();
          }
        } catch (e) {
          erow.note = `failed: ${e instanceof Error ? e.message : String(e)}`;
        }
      }
      console.log(`\nload average at the end: ${load()}\n`);
      console.log('| set-up | time to ready, s | RSS ots-kg, MB (peak) | RSS store, MB | 1 connection | 10 connections |');
      console.log('|---|---|---|---|---|---|');
      for (const r of [erow, orow, vrow]) {
        if (r.note) console.log(`| ${r.setup} | ${r.note} | | | | |`);
        else console.log(`| ${r.setup} | ${r.readyS ?? '–'} | ${r.otsRssMb ?? '–'} | ${r.storeRssMb ?? '–'} | ${fmtCell(r.c1)} | ${fmtCell(r.c10)} |`);
      }
      console.log(`\n(over Virtuoso and Virtuoso alone: the median of the ${nRounds} rounds; embedded: one cell of each after them; RSS of ots-kg after its cells, and its peak since it started)`);
      if (heavyLine) console.log(`\n${heavyLine}`);
      if (measured.length === 2 && measured[0]!.c1.length === nRounds) {
        const [a, b] = measured as [Measured, Measured];
        const r1 = a.c1.map((c, i) => c.rps / b.c1[i]!.rps);
        const r10 = a.c10.map((c, i) => c.rps / b.c10[i]!.rps);
        console.log(
          `\nots-kg over Virtuoso / Virtuoso's own endpoint, req/s, median of the rounds' ratios: ${median(r1).toFixed(2)} at 1 connection (rounds ${r1.map((x) => x.toFixed(2)).join(', ')}), ` +
            `${median(r10).toFixed(2)} at 10 (rounds ${r10.map((x) => x.toFixed(2)).join(', ')}); target: at least 0.67 (within 1.5x): ` +
            `${median(r1) >= 1 / 1.5 && median(r10) >= 1 / 1.5 ? 'met' : 'not met'}\n`,
        );
        console.log('Median latency per query at 1 connection, over all rounds (ms):\n');
        console.log('| query | ots-kg over Virtuoso | Virtuoso alone | difference | ratio |');
        console.log('|---|---|---|---|---|');
        let sa = 0;
        let sb = 0;
        for (let q = 0; q < queries.length; q++) {
          const ma = median(orow.c1!.byQuery[q]!);
          const mb = median(vrow.c1!.byQuery[q]!);
          sa += ma;
          sb += mb;
          console.log(`| ${queries[q]!.name} | ${ma.toFixed(1)} | ${mb.toFixed(1)} | ${(ma - mb).toFixed(1)} | ${(ma / mb).toFixed(2)} |`);
        }
        console.log(`| all ${queries.length} (sum of medians) | ${sa.toFixed(1)} | ${sb.toFixed(1)} | ${(sa - sb).toFixed(1)} | ${(sa / sb).toFixed(2)} |`);
      }
      console.log('');
    } finally {
      await o?.stop();
      await v?.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
