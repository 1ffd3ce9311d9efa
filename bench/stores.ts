// The store dimension: at each size, side by side in one run, embedded ots-kg, ots-kg over Virtuoso (STORE=sparql:URL)
// and Virtuoso's own endpoint: time to ready, RSS of ots-kg and of the store, and req/s with p99 for the query mix
// (the example queries without SERVICE) at 1 and 10 connections, measured with wrk.
//
//   npm run bench:stores                       # 2800 synthetic summits (about 10^6 default-graph triples)
//   BENCH_STORE_SIZES=2800,28000 npm run bench:stores   # and about 10^7
//   BENCH_SECONDS=10                           # seconds per cell (default 5)
//   BENCH_STORE_EMBEDDED_MAX=2800              # largest size the embedded store is tried at (default 2800; above it the
//                                              # table says "not run" rather than risk the machine's memory)
//
// The result cache of ots-kg is off (QUERY_CACHE_ENTRIES=0): every request is evaluated, as at Virtuoso's endpoint.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { freePort } from '../src/free-port.js';
import { tmpdir, totalmem, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBuild } from '../src/pipeline.js';
import { writeSyntheticData } from './synthetic.js';
import { loadDataset, startVirtuoso, type Virtuoso } from '../src/store/virtuoso.js';
import { DEFAULT_GRAPH } from '../src/store/remote.js';

const SELF = fileURLToPath(import.meta.url);
const BIN = join(process.cwd(), 'bin', 'ots-kg.mjs');
const BASE = 'https://w3id.org/ots-kg/';

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

/** Resident memory of a process, MB (VmRSS; worker threads are in the same process). */
function rssMb(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

interface Running {
  readonly url: string;
  readonly child: ChildProcess;
  readonly readyMs: number;
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
  return { url, child, readyMs: performance.now() - t0, stop };
}

interface Cell {
  /** Answers with status 2xx/3xx per second (refusals and errors not counted). */
  readonly rps: number;
  readonly p99ms: number;
  readonly errors: number;
}

function ms(s: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(s.trim());
  if (!m) return Number.NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 'ms' ? v : m[2] === 's' ? v * 1000 : v * 60_000;
}

/** wrk over the list of request paths (a Lua script turns through them), `connections` connections, `seconds`. */
async function wrk(base: string, paths: readonly string[], connections: number, seconds: number, dir: string): Promise<Cell> {
  const script = join(dir, 'mix.lua');
  await writeFile(
    script,
    `local paths = {${paths.map((p) => JSON.stringify(p)).join(',\n')}}\nlocal i = 0\nrequest = function()\n  i = i + 1\n  return wrk.format("GET", paths[(i % #paths) + 1], { ["Accept"] = "application/sparql-results+json" })\nend\n`,
  );
  const res = spawnSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '30s', '--latency', '-s', script, base], { encoding: 'utf8' });
  if (res.error) throw new Error(`wrk could not run (${res.error.message}): apt-get install wrk`);
  const out = res.stdout;
  const total = Number(/(\d+) requests in ([\d.]+)(ms|s|m)/.exec(out)?.[1] ?? Number.NaN);
  const dur = /\d+ requests in ([\d.]+)(ms|s|m)/.exec(out);
  const durS = dur ? ms(`${dur[1]}${dur[2]}`) / 1000 : Number.NaN;
  const p99 = ms(/\s99%\s+(\S+)/.exec(out)?.[1] ?? '');
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors = non2xx + (sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
  return { rps: (total - errors) / durS, p99ms: p99, errors };
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
  return `${c.rps.toFixed(1)} req/s, p99 ${Math.round(c.p99ms)} ms${c.errors ? `, ${c.errors} refused or failed (not counted in req/s)` : ''}`;
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
  const sizes = (process.env.BENCH_STORE_SIZES ?? '2800').split(',').map((x) => Number(x.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`BENCH_STORE_SIZES=${process.env.BENCH_STORE_SIZES}: give comma-separated synthetic summit counts (2800 is about 10^6 triples)`);
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const embeddedMax = Number(process.env.BENCH_STORE_EMBEDDED_MAX ?? 2800);
  const queries = await mixQueries();
  console.log(`# Store dimension (${new Date().toISOString()})\n`);
  console.log(`req/s counts answers with status 200 only; machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GB; Node ${process.version}; wrk, one thread, ${seconds} s per cell; mix: ${queries.length} example queries without SERVICE, in turn; ots-kg result cache off\n`);
  for (const summits of sizes) {
    const dir = await mkdtemp(join(tmpdir(), 'ots-kg-bench-stores-'));
    const rows: Row[] = [];
    let v: Virtuoso | undefined;
    try {
      process.stderr.write(`building ${summits} synthetic summits...\n`);
      let data: Built;
      try {
        data = build(summits, dir);
      } catch (e) {
        console.log(`## ${summits} synthetic summits\n\nnot run: ${e instanceof Error ? e.message : String(e)}\n`);
        continue;
      }
      console.log(`## ${summits} synthetic summits: ${data.triples.toLocaleString('en')} default-graph triples, ${data.quads.toLocaleString('en')} quads (built in ${(data.buildMs / 1000).toFixed(1)} s)\n`);
      const paths = queries.map((q) => `/sparql?query=${encodeURIComponent(q.text)}`);

      // Virtuoso: start, bulk-load (time to ready = both), its own endpoint scoped to the dataset's default graph.
      const tv = performance.now();
      v = await startVirtuoso({ dir: join(dir, 'virtuoso'), loadDirs: [dir], memoryMb: Math.min(8192, Math.round(totalmem() / 2 ** 20 / 4)), queryTimeoutS: 60 });
      const loaded = await loadDataset(v, { file: join(data.dumps, 'ots-kg.nq'), base: BASE });
      const virtuosoReady = performance.now() - tv;
      process.stderr.write(`Virtuoso loaded ${loaded.quads} quads in ${(loaded.ms / 1000).toFixed(1)} s\n`);
      const vrow: Row = { setup: "Virtuoso's own endpoint", readyS: `${(virtuosoReady / 1000).toFixed(1)} (start + bulk load ${(loaded.ms / 1000).toFixed(1)})`, otsRssMb: '–' };
      const vpaths = queries.map((q) => `/sparql?query=${encodeURIComponent(q.text)}&default-graph-uri=${encodeURIComponent(DEFAULT_GRAPH)}`);
      vrow.c1 = await wrk(`http://127.0.0.1:${v.httpPort}`, vpaths, 1, seconds, dir);
      vrow.c10 = await wrk(`http://127.0.0.1:${v.httpPort}`, vpaths, 10, seconds, dir);
      vrow.storeRssMb = String(rssMb(v.pid) ?? '?');

      // ots-kg over Virtuoso.
      const orow: Row = { setup: 'ots-kg, STORE=sparql:Virtuoso' };
      try {
        const o = await startOtsKg(data.dumps, { STORE: `sparql:${v.sparqlUrl}` }, 300_000);
        try {
          orow.readyS = (o.readyMs / 1000).toFixed(1);
          orow.c1 = await wrk(o.url, paths, 1, seconds, dir);
          orow.c10 = await wrk(o.url, paths, 10, seconds, dir);
          orow.otsRssMb = String(rssMb(o.child.pid!) ?? '?');
          orow.storeRssMb = String(rssMb(v.pid) ?? '?');
        } finally {
          await o.stop();
        }
      } catch (e) {
        orow.note = `failed: ${e instanceof Error ? e.message : String(e)}`;
      }
      await v.stop();
      v = undefined;

      // Embedded ots-kg (Virtuoso stopped first, so the two do not share the memory).
      const erow: Row = { setup: 'ots-kg, embedded (2 query workers)' };
      if (summits > embeddedMax) erow.note = `not run: above BENCH_STORE_EMBEDDED_MAX=${embeddedMax} summits (each query worker holds a copy: about 2 GB at 2800 summits, 10^6 triples)`;
      else {
        try {
          const e = await startOtsKg(data.dumps, { QUERY_WORKERS: '2' }, 600_000);
          try {
            erow.readyS = (e.readyMs / 1000).toFixed(1);
            erow.c1 = await wrk(e.url, paths, 1, seconds, dir);
            erow.c10 = await wrk(e.url, paths, 10, seconds, dir);
            erow.otsRssMb = String(rssMb(e.child.pid!) ?? '?');
            erow.storeRssMb = '(in ots-kg)';
          } finally {
            await e.stop();
          }
        } catch (e) {
          erow.note = `failed: ${e instanceof Error ? e.message : String(e)}`;
        }
      }
      rows.push(erow, orow, vrow);
      console.log('| set-up | time to ready, s | RSS ots-kg, MB | RSS store, MB | 1 connection | 10 connections |');
      console.log('|---|---|---|---|---|---|');
      for (const r of rows) {
        if (r.note) console.log(`| ${r.setup} | ${r.note} | | | | |`);
        else console.log(`| ${r.setup} | ${r.readyS ?? '–'} | ${r.otsRssMb ?? '–'} | ${r.storeRssMb ?? '–'} | ${fmtCell(r.c1)} | ${fmtCell(r.c10)} |`);
      }
      if (orow.c10 && vrow.c10 && orow.c1 && vrow.c1) {
        console.log(`\nots-kg over Virtuoso / Virtuoso's own endpoint, req/s: ${(orow.c1.rps / vrow.c1.rps).toFixed(2)} at 1 connection, ${(orow.c10.rps / vrow.c10.rps).toFixed(2)} at 10 (target: at least 0.67, i.e. within 1.5x)`);
      }
      console.log('');
    } finally {
      await v?.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
