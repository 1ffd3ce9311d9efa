// Soak: the endpoint under a mix of normal and hostile traffic for a bounded time (SOAK_SECONDS, default 300), on
// loopback only, started as a user starts it (`ots-kg serve --no-build`) on a temporary copy of the dumps.
//
// Normal clients ask the example queries in sparql/ (not the federated ones: no network here), each text varied by a
// comment so the answer cache cannot serve it, and check every answer is exactly the reference one (taken from the
// same server before the hostile traffic starts). Lookup clients ask one entity's triples and time them. Hostile
// clients send deep nesting, cartesian products, requests they abandon, long unknown paths under /id/, invalid UTF-8,
// and the dumps are rebuilt and a new version put in place now and then. It prints counts by kind and status, p50/p99 of the lookups and the
// RSS of the server's process tree over time, and exits non-zero unless every normal query got its exact answer and
// the server is healthy at the end.
//
//   npm run soak                    # 5 minutes
//   SOAK_SECONDS=90 npm run soak    # shorter
import { createHash } from 'node:crypto';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
/** Every lookup: when it was sent (ms since the server started), how long it took, its status and its query's hash. */
const lookupLog: { at: number; ms: number; status: number; hash: string }[] = [];
/** /health every 250 ms: when, how long /health itself took, and what it said. */
const healthLog: { at: number; ms: number; h: Health }[] = [];
/** The server's event lines (query-slow, worker-replaced, dataset-loaded...), with their time. */
const events: { at: number; event: string; detail: Record<string, unknown> }[] = [];
/** Dump rebuilds: from the build's start to its end. */
const builds: { from: number; to: number }[] = [];
/** Moments this process's own event loop stalled (a late timer): a lookup timed across one is slow here, not there. */
const stalls: { at: number; ms: number }[] = [];
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

let serverT0 = 0;

/**
 * Puts a freshly built dump in place of the served one as a new version. The build is deterministic, so the same data
 * would keep its SHA-256 and the server would rightly load nothing: the n-th version repeats the last statement of the
 * file n more times (a set of statements holds it once, so the data and every answer stay the same, but the bytes and
 * hence the version differ). The N-Quads file and then the manifest giving its checksum are each renamed into place.
 */
function install(from: string, to: string, n: number): void {
  const nq = readFileSync(join(from, 'ots-kg.nq'));
  const lines = nq.toString('utf8').trimEnd().split('\n');
  const text = `${nq.toString('utf8')}${`${lines[lines.length - 1]}\n`.repeat(n)}`;
  const bytes = Buffer.from(text, 'utf8');
  const manifest = JSON.parse(readFileSync(join(from, 'manifest.json'), 'utf8')) as { files: { name: string; sha256: string; bytes: number }[] };
  const entry = manifest.files.find((f) => f.name === 'ots-kg.nq');
  if (!entry) throw new Error(`${from}/manifest.json does not list ots-kg.nq`);
  entry.sha256 = createHash('sha256').update(bytes).digest('hex');
  entry.bytes = bytes.length;
  writeFileSync(join(to, '.ots-kg.nq.soak'), bytes);
  writeFileSync(join(to, '.manifest.json.soak'), JSON.stringify(manifest, null, 2));
  renameSync(join(to, '.ots-kg.nq.soak'), join(to, 'ots-kg.nq'));
  renameSync(join(to, '.manifest.json.soak'), join(to, 'manifest.json'));
}

async function startServer(dumps: string): Promise<{ child: ChildProcess; url: string }> {
  serverT0 = Date.now();
  const child = spawn(process.execPath, [CLI, 'serve', '--no-build', '--out', dumps], {
    cwd: ROOT,
    // Slow answers are logged from 250 ms on (the default is 1 s), so the slowest lookups can be explained.
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_REQUESTS: 'false', DUMPS_DIR: dumps, QUERY_SLOW_LOG_MS: process.env.QUERY_SLOW_LOG_MS ?? '250' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let partial = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const m = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) ([a-z-]+) (\{.*\})$/.exec(line);
      if (!m) continue;
      try {
        events.push({ at: Date.parse(m[1] as string) - serverT0, event: m[2] as string, detail: JSON.parse(m[3] as string) as Record<string, unknown> });
      } catch {
        // not an event line
      }
    }
  });
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

type Health = { status: string; workers: number; readyWorkers: number; busy?: number; busyLong?: number; queued?: number; queuedLong?: number; replaced: number; refused?: number; abandoned?: number; preempted?: number };

async function main(): Promise<number> {
  const tmp = mkdtempSync(join(tmpdir(), 'ots-soak-'));
  const dumps = join(tmp, 'dumps');
  const source = join(ROOT, 'dist', 'dumps');
  if (existsSync(join(source, 'ots-kg.nq'))) cpSync(source, dumps, { recursive: true });
  else build(dumps);
  const { child, url } = await startServer(dumps);
  const t0 = serverT0;
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
        const at = Date.now() - t0;
        const text = `${LOOKUP} # ${n++}`;
        const r = await get(url, `/sparql?query=${encodeURIComponent(text)}`).catch(() => ({ status: -1, body: '' }));
        count('lookup', r.status);
        lookupLog.push({ at, ms: performance.now() - t, status: r.status, hash: createHash('sha256').update(text).digest('hex').slice(0, 12) });
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
    const nextDir = join(tmp, 'next');
    let versions = 0;
    const replaceDumps = async (): Promise<void> => {
      const every = Math.max(10_000, (SECONDS * 1000) / 4);
      for (let next = Date.now() + every; running(); next += every) {
        while (running() && Date.now() < next) await new Promise((res) => setTimeout(res, 200));
        if (!running()) break;
        // The build runs in a process of its own, awaited without blocking this one: the clients go on (and are timed)
        // meanwhile. It writes into a folder beside the served one; the new version then replaces the served files.
        const from = Date.now() - t0;
        const status = await new Promise<number | null>((res) => {
          const b = spawn(process.execPath, [CLI, 'build', '--out', nextDir], { cwd: ROOT, stdio: 'ignore' });
          b.on('exit', (code) => res(code));
          b.on('error', () => res(-1));
        });
        if (status === 0) install(nextDir, dumps, ++versions);
        builds.push({ from, to: Date.now() - t0 });
        count('dump replaced', status === 0 ? 'ok' : `exit ${status}`);
      }
    };
    const sampleRss = async (): Promise<void> => {
      while (running()) {
        rss.push({ t: Math.round((Date.now() - t0) / 1000), mb: treeRssMb(child.pid as number) });
        await new Promise((res) => setTimeout(res, 2000));
      }
    };
    const sampleHealth = async (): Promise<void> => {
      while (running()) {
        const at = Date.now() - t0;
        const t = performance.now();
        const h = await health().catch(() => undefined);
        if (h) healthLog.push({ at, ms: performance.now() - t, h });
        await new Promise((res) => setTimeout(res, 250));
      }
    };
    const watchLoop = async (): Promise<void> => {
      let last = performance.now();
      while (running()) {
        await new Promise((res) => setTimeout(res, 20));
        const now = performance.now();
        if (now - last > 100) stalls.push({ at: Date.now() - t0 - (now - last), ms: now - last });
        last = now;
      }
    };
    await Promise.all([normal(), normal(), lookups(), hostile(), hostile(), replaceDumps(), sampleRss(), sampleHealth(), watchLoop()]);

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
    explain();
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

const sec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * For each lookup over 1 s, and the slowest few: what was happening then. The server's own account of it (query-slow:
 * its wait for a worker and its run, and the pool at its arrival), a dump rebuild or a new version loading, workers
 * replaced shortly before, /health around it, and whether this process itself stalled meanwhile.
 */
function explain(): void {
  const ok = lookupLog.filter((l) => l.status === 200);
  const slow = new Set([...ok.filter((l) => l.ms > 1000), ...[...ok].sort((a, b) => b.ms - a.ms).slice(0, 5)]);
  // A new version loads from the check that found it to its dataset-loaded line (which gives how long it took).
  const loads = events.filter((e) => e.event === 'dataset-loaded').map((e) => ({ from: e.at - Number(e.detail.ms ?? 0), to: e.at }));
  const during = (l: { at: number; ms: number }, w: { from: number; to: number }): boolean => l.at < w.to && l.at + l.ms > w.from;
  log(`\nthe slowest lookups (${[...slow].filter((l) => l.ms > 1000).length} over 1 s), and what was happening then (times from the server's start):`);
  for (const l of [...slow].sort((a, b) => a.at - b.at)) {
    const parts: string[] = [];
    const q = events.find((e) => e.event === 'query-slow' && e.detail.hash === l.hash);
    if (q) {
      type Running = { lane: string; ms: number; expectedMs?: number };
      const d = q.detail as { ms: number; waitMs: number; runMs: number; lane: string; threadId: number; atArrival: Record<string, number> & { running?: Running[] }; warmup?: boolean };
      const a = d.atArrival;
      const run = (a.running ?? []).map((r) => `${r.lane} running ${r.ms} ms${r.expectedMs !== undefined ? ` (last time ${r.expectedMs} ms)` : ''}`).join(', ');
      parts.push(`in the pool ${d.ms} ms (waited ${d.waitMs}, ran ${d.runMs}, ${d.lane} lane, thread ${d.threadId}${d.warmup ? ', light worker' : ''}); at its arrival ${a.ready} ready, ${a.starting} starting, ${a.loadingNext} loading the next version, ${a.busy} busy (${a.busyLong} long${run ? `: ${run}` : ''}), ${a.queued} queued (${a.queuedLong} long)`);
    } else parts.push(`under ${process.env.QUERY_SLOW_LOG_MS ?? '250'} ms in the pool (no query-slow line): the rest was outside the workers`);
    const b = builds.find((w) => during(l, w));
    if (b) parts.push(`a dump rebuild ran (${sec(b.from)}-${sec(b.to)})`);
    const v = loads.find((w) => during(l, w));
    if (v) parts.push(`a new version was loading (${sec(v.from)}-${sec(v.to)})`);
    const replaced = events.filter((e) => e.event === 'worker-replaced' && e.at <= l.at + l.ms && e.at > l.at - 6000);
    if (replaced.length > 0) parts.push(`worker(s) replaced in the 6 s before: ${replaced.map((e) => `${sec(e.at)} (${String(e.detail.reason)})`).join('; ')}`);
    const ready = events.filter((e) => /worker-ready$/.test(e.event) && during(l, { from: e.at - 1, to: e.at + 1 }));
    if (ready.length > 0) parts.push(`a worker became ready meanwhile`);
    const hs = healthLog.filter((x) => x.at >= l.at - 250 && x.at <= l.at + l.ms);
    if (hs.length > 0) parts.push(`/health meanwhile: ${hs.map((x) => `${x.h.readyWorkers}/${x.h.workers} ready, busy ${x.h.busy ?? '-'} (${x.h.busyLong ?? '-'} long), queued ${x.h.queued ?? '-'} (${x.h.queuedLong ?? '-'} long), took ${Math.round(x.ms)} ms`).join('; ')}`);
    const st = stalls.filter((x) => during(l, { from: x.at, to: x.at + x.ms }));
    if (st.length > 0) parts.push(`this process stalled ${st.map((x) => `${Math.round(x.ms)} ms`).join(', ')} meanwhile`);
    log(`- ${sec(l.at)}: ${Math.round(l.ms)} ms. ${parts.join('; ')}`);
  }
  const inLoad = ok.filter((l) => loads.some((w) => during(l, w)) || builds.some((w) => during(l, w)));
  const rest = ok.filter((l) => !inLoad.includes(l));
  const ms = (xs: typeof ok): number[] => xs.map((x) => x.ms);
  log(`lookups during a rebuild or a new version's load: ${inLoad.length}, p50 ${pct(ms(inLoad), 50)} ms, p99 ${pct(ms(inLoad), 99)} ms, max ${pct(ms(inLoad), 100)} ms; the others: ${rest.length}, p50 ${pct(ms(rest), 50)} ms, p99 ${pct(ms(rest), 99)} ms, max ${pct(ms(rest), 100)} ms`);
  const byKind = new Map<string, number>();
  for (const e of events) {
    if (e.event === 'query-slow') continue;
    const k = e.event === 'worker-replaced' ? `worker-replaced (${String(e.detail.reason)})` : e.event;
    byKind.set(k, (byKind.get(k) ?? 0) + 1);
  }
  const slowLines = events.filter((e) => e.event === 'query-slow').length;
  log(`the server's events: ${[...byKind].map(([k, v]) => `${k} ×${v}`).join(', ')}; query-slow lines ${slowLines}`);
  const longest = stalls.reduce((m, x) => Math.max(m, x.ms), 0);
  log(`this process's event loop: ${stalls.length} stalls over 100 ms, the longest ${Math.round(longest)} ms; load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
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
