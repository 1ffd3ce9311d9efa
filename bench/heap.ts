// `npx tsx bench/heap.ts <dumps dir> <heap MB list> [seconds]`: the RSS and the throughput of `ots-kg serve` under a
// steady mix of the example queries (each text varied, answer cache off, CONNS connections, default 3), once per value
// of QUERY_WORKER_HEAP_MB, one after another; RSS of the process tree sampled every 3 s. Prints one line per value.
//   npx tsx bench/heap.ts dist/dumps 0,384,768 60
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { wrk } from './wrk.js';

const [dumps, list, secondsArg] = process.argv.slice(2);
if (!dumps || !list) {
  process.stderr.write('usage: bench/heap.ts <dumps dir> <QUERY_WORKER_HEAP_MB values, comma separated> [seconds]\n');
  process.exit(2);
}
const seconds = Number(secondsArg ?? 60);
const mix = readdirSync('sparql').filter((f) => f.endsWith('.rq') && !f.startsWith('federated-')).map((f) => readFileSync(join('sparql', f), 'utf8'));
const rss = (pid: number): number => spawnSync('ps', ['-o', 'rss=', '-g', String(pid)], { encoding: 'utf8' }).stdout.split('\n').map(Number).filter((n) => n > 0).reduce((a, b) => a + b, 0) / 1024;

for (const heap of list.split(',')) {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [join('bin', 'ots-kg.mjs'), 'serve', '--no-build', '--out', dumps], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_REQUESTS: 'false', SERVICE_ALLOWLIST: 'none', QUERY_CACHE_ENTRIES: '0', QUERY_WORKER_HEAP_MB: heap },
  });
  const pid = child.pid as number;
  try {
    const url = `http://127.0.0.1:${port}`;
    for (const until = Date.now() + 300_000; Date.now() < until; ) {
      try {
        const h = (await (await fetch(`${url}/health`)).json()) as { readyWorkers?: number; workers?: number };
        if (h.readyWorkers === h.workers) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    const samples: number[] = [];
    const timer = setInterval(() => samples.push(rss(pid)), 3000);
    const r = await wrk({ url, queries: mix, vary: true, connections: Number(process.env.CONNS ?? 3), seconds, headers: { Accept: 'application/sparql-results+json' }, okStatus: 200 });
    clearInterval(timer);
    console.log(`QUERY_WORKER_HEAP_MB=${heap}: ${(r.ok / r.seconds).toFixed(0)} answers/s, p50 ${r.p50} ms, p99 ${r.p99} ms, other status ${r.other}; RSS MB every 3 s: ${samples.map((x) => x.toFixed(0)).join(' ')}; load ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  } finally {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 1500));
  }
}
