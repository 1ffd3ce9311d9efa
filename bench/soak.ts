// Soak: the endpoint under a mix of normal and hostile traffic for a bounded time (SOAK_SECONDS, default 300), on
// loopback only, started as a user starts it (`ots-kg serve --no-build`) on a temporary copy of the dumps.
//
// Normal clients ask the example queries in sparql/ (not the federated ones: no network here), each text varied by a
// comment so the answer cache cannot serve it, and check every answer is exactly the reference one (taken from the
// same server before the hostile traffic starts). Lookup clients ask one entity's triples and time them. Hostile
// clients send deep nesting, cartesian products, requests they abandon, long unknown paths under /id/, invalid UTF-8,
// and the dumps are rebuilt in place now and then. It prints counts by kind and status, p50/p99 of the lookups and the
// RSS of the server's process tree over time, and exits non-zero unless every normal query got its exact answer and
// the server is healthy at the end.
//
//   npm run soak                    # 5 minutes
//   SOAK_SECONDS=90 npm run soak    # shorter
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const CLI = join(ROOT, 'bin', 'ots-kg.mjs');
const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
if (!Number.isFinite(SECONDS) || SECONDS < 10) throw new Error(`SOAK_SECONDS=${process.env.SOAK_SECONDS} must be a number of seconds, at least 10`);

const LOOKUP = 'SELECT ?p ?o WHERE { <https://w3id.org/ots-kg/id/state/hungary> ?p ?o }';
const CARTESIAN = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }';
const DEEP = `SELECT ?x WHERE ${'{'.repeat(700)} ?x ?p ?o ${'}'.repeat(700)}`;

interface Tally {
  [kind: string]: Record<string, number>;
}
const tally: Tally = {};
const count = (kind: string, status: number | string): void => {
  tally[kind] ??= {};
  const k = String(status);
  (tally[kind] as Record<string, number>)[k] = ((tally[kind] as Record<string, number>)[k] ?? 0) + 1;
};
const lookupMs: number[] = [];
const mismatches: string[] = [];
const rss: { t: number; mb: number }[] = [];

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** RSS of a process and all its descendants, in MB (worker threads share their process's RSS). */
function treeRssMb(pid: number): number {
  let kb = 0;
  const visit = (p: number): void => {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        for (const c of children.split(/\s+/).filter(Boolean)) visit(Number(c));
      }
    } catch {
      // the process ended meanwhile
    }
  };
  visit(pid);
  return Math.round(kb / 1024);
}

async function get(base: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: string }> {
  const res = await fetch(`${base}${path}`, init);
  return { status: res.status, body: await res.text() };
}

function examples(): { name: string; text: string }[] {
  return readdirSync(join(ROOT, 'sparql'))
    .filter((f) => f.endsWith('.rq') && !f.startsWith('federated-'))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(join(ROOT, 'sparql', f), 'utf8') }));
}

function build(outDir: string): void {
  const r = spawnSync(process.execPath, [CLI, 'build', '--out', outDir], { cwd: ROOT, encoding: 'utf8', env: { ...process.env } });
  if (r.status !== 0) throw new Error(`the build into ${outDir} failed:\n${r.stdout}\n${r.stderr}`);
}

async function startServer(dumps: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--no-build', '--out', dumps], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_REQUESTS: 'false', DUMPS_DIR: dumps },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const end = Date.now() + 120_000;
  while (Date.now() < end) {
    const m = /SPARQL at (http:\/\/127\.0\.0\.1:\d+)\/sparql/.exec(out);
    if (m?.[1]) return { child, url: m[1] };
    if (child.exitCode !== null) throw new Error(`the server ended at start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the server did not start within 120 s:\n${out}`);
}

type Health = { status: string; workers: number; readyWorkers: number; replaced: number; refused?: number; abandoned?: number; preempted?: number };

async function main(): Promise<number> {
  const tmp = mkdtempSync(join(tmpdir(), 'ots-soak-'));
  const dumps = join(tmp, 'dumps');
  const source = join(ROOT, 'dist', 'dumps');
  if (existsSync(join(source, 'ots-kg.nq'))) cpSync(source, dumps, { recursive: true });
  else build(dumps);
  const { child, url } = await startServer(dumps);
  const t0 = Date.now();
  const health = async (): Promise<Health> => (await fetch(`${url}/health`)).json() as Promise<Health>;
  try {
    // Ready: every worker up (until then the light start-up worker answers plain queries only).
    while (Date.now() - t0 < 120_000) {
      const h = await health().catch(() => undefined);
      if (h && h.readyWorkers === h.workers && h.workers > 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const queries = examples();
    const reference = new Map<string, string>();
    for (const q of queries) {
      const r = await get(url, `/sparql?query=${encodeURIComponent(q.text)}`, { headers: { Accept: 'application/sparql-results+json' } });
      if (r.status !== 200) throw new Error(`${q.name}: the reference answer failed with ${r.status}: ${r.body.slice(0, 200)}`);
      reference.set(q.name, r.body);
    }
    log(`soak: ${SECONDS} s against ${url}, ${queries.length} example queries, load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    const deadline = Date.now() + SECONDS * 1000;
    const running = (): boolean => Date.now() < deadline;
    let n = 0;

    const normal = async (): Promise<void> => {
      while (running()) {
        const q = queries[n++ % queries.length] as { name: string; text: string };
        const r = await get(url, `/sparql?query=${encodeURIComponent(`${q.text}\n# soak ${n}`)}`, { headers: { Accept: 'application/sparql-results+json' } }).catch((e: unknown) => ({ status: -1, body: String(e) }));
        count('example query', r.status);
        if (r.status === 200 && r.body !== reference.get(q.name)) mismatches.push(`${q.name}: an answer differed from the reference`);
        if (r.status !== 200 && r.status !== 503) mismatches.push(`${q.name}: status ${r.status}: ${r.body.slice(0, 200)}`);
        if (r.status === 503) await new Promise((res) => setTimeout(res, 200));
      }
    };
    const lookups = async (): Promise<void> => {
      while (running()) {
        const t = performance.now();
        const r = await get(url, `/sparql?query=${encodeURIComponent(`${LOOKUP} # ${n++}`)}`).catch(() => ({ status: -1, body: '' }));
        count('lookup', r.status);
        if (r.status === 200) lookupMs.push(performance.now() - t);
        await new Promise((res) => setTimeout(res, 100));
      }
    };
    const hostile = async (): Promise<void> => {
      const kinds: [string, () => Promise<number>][] = [
        ['deep nesting', async () => (await get(url, '/sparql', { method: 'POST', headers: { 'Content-Type': 'application/sparql-query' }, body: DEEP })).status],
        ['cartesian product', async () => (await get(url, `/sparql?query=${encodeURIComponent(`${CARTESIAN} # ${n++}`)}`)).status],
        [
          'abandoned after 300 ms',
          async () => {
            const ac = new AbortController();
            setTimeout(() => ac.abort(), 300);
            try {
              return (await get(url, `/sparql?query=${encodeURIComponent(`${CARTESIAN} # ${n++}`)}`, { signal: ac.signal })).status;
            } catch {
              return 0;
            }
          },
        ],
        ['long unknown path', async () => (await get(url, `/id/person/${'x'.repeat(15_000)}`)).status],
        ['invalid UTF-8', async () => (await get(url, '/sparql?query=ASK%20%7B%7D%FF')).status],
        ['invalid UTF-8 form', async () => (await get(url, '/sparql', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'query=ASK%20%7B%7D%C3%28' })).status],
      ];
      let k = 0;
      while (running()) {
        const [kind, send] = kinds[k++ % kinds.length] as [string, () => Promise<number>];
        count(kind, await send().catch(() => -1));
        await new Promise((res) => setTimeout(res, 250));
      }
    };
    const replaceDumps = async (): Promise<void> => {
      const every = Math.max(10_000, (SECONDS * 1000) / 4);
      for (let next = Date.now() + every; running(); next += every) {
        while (running() && Date.now() < next) await new Promise((res) => setTimeout(res, 200));
        if (!running()) break;
        const r = spawnSync(process.execPath, [CLI, 'build', '--out', dumps], { cwd: ROOT, encoding: 'utf8' });
        count('dump replaced', r.status === 0 ? 'ok' : `exit ${r.status}`);
      }
    };
    const sampleRss = async (): Promise<void> => {
      while (running()) {
        rss.push({ t: Math.round((Date.now() - t0) / 1000), mb: treeRssMb(child.pid as number) });
        await new Promise((res) => setTimeout(res, 2000));
      }
    };
    await Promise.all([normal(), normal(), lookups(), hostile(), hostile(), replaceDumps(), sampleRss()]);

    // The end: the server must be healthy (every worker back) and answer the reference queries exactly.
    let h = await health();
    const settle = Date.now() + 60_000;
    while ((h.status !== 'ok' || h.readyWorkers !== h.workers) && Date.now() < settle) {
      await new Promise((r) => setTimeout(r, 500));
      h = await health();
    }
    for (const q of queries) {
      const r = await get(url, `/sparql?query=${encodeURIComponent(`${q.text}\n# final`)}`, { headers: { Accept: 'application/sparql-results+json' } });
      if (r.status !== 200 || r.body !== reference.get(q.name)) mismatches.push(`${q.name}: the final answer was ${r.status}, not the reference`);
    }
    report(h);
    const healthy = h.status === 'ok' && h.readyWorkers === h.workers;
    if (!healthy) log(`FAIL: the server is not healthy at the end: ${JSON.stringify(h)}`);
    for (const m of mismatches.slice(0, 20)) log(`FAIL: ${m}`);
    if (mismatches.length > 20) log(`FAIL: … ${mismatches.length - 20} more`);
    return healthy && mismatches.length === 0 ? 0 : 1;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(tmp, { recursive: true, force: true });
  }
}

function pct(xs: number[], p: number): string {
  if (xs.length === 0) return '-';
  const s = [...xs].sort((a, b) => a - b);
  return (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number).toFixed(1);
}

function report(h: Health): void {
  const statuses = [...new Set(Object.values(tally).flatMap((r) => Object.keys(r)))].sort();
  log(`\n| kind | ${statuses.join(' | ')} |`);
  log(`|---|${statuses.map(() => '---:').join('|')}|`);
  for (const [kind, row] of Object.entries(tally)) log(`| ${kind} | ${statuses.map((s) => row[s] ?? 0).join(' | ')} |`);
  log(`\nlookups answered: ${lookupMs.length}, p50 ${pct(lookupMs, 50)} ms, p99 ${pct(lookupMs, 99)} ms, max ${pct(lookupMs, 100)} ms`);
  const step = Math.max(1, Math.ceil(rss.length / 10));
  log(`\nRSS of the server's process tree (MB) by second: ${rss.filter((_, i) => i % step === 0 || i === rss.length - 1).map((r) => `${r.t}s ${r.mb}`).join(', ')}`);
  log(`\nat the end: /health ${h.status}, ${h.readyWorkers}/${h.workers} workers ready, replaced ${h.replaced}, refused ${h.refused ?? '-'}, abandoned ${h.abandoned ?? '-'}, preempted ${h.preempted ?? '-'}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  log(`exact answers: ${mismatches.length === 0 ? 'all matched' : `${mismatches.length} mismatches`}`);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  },
);
