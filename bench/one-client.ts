// `npx tsx bench/one-client.ts [dumps-dir]`: one client, one query at a time, each example query of sparql/ (and the
// entity lookup) against ots-kg and against Oxigraph behind node:http (the bench's reference), measured in rounds that
// alternate the servers query by query, so that a change in the machine's load falls on all of them alike. This is the
// one-client section of `npm run bench` made steadier on a shared machine, and able to put several set-ups of ours
// side by side in the same run:
//   ONE_CLIENT_OFF=json-writer,quick-plan   also start ots-kg with each of these speed mechanisms turned off (SPEEDUPS_OFF)
//   ONE_CLIENT_TREES=/path/to/checkout      also start ots-kg from another checkout (e.g. `git worktree add` of an older commit)
//   ONE_CLIENT_ROUNDS (default 5), ONE_CLIENT_SECONDS per query and server (default 1), ONE_CLIENT_ONLY=names,summits
// Each server is started alone on the dumps (dist/dumps by default: `node bin/ots-kg.mjs build`) as `npm run bench`
// starts it (two workers, no log lines, answer cache on; the texts are varied per request, so it never answers).
// Prints Markdown: the median over the rounds of each round's p50, and ours minus Oxigraph. Asserts nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_BASE_IRI, SPEEDUPS } from '../src/config.js';
import { freePort } from '../src/free-port.js';
import { wrk } from './wrk.js';

const JSON_RESULTS = 'application/sparql-results+json';
const dumps = resolve(process.argv[2] ?? join('dist', 'dumps'));
const list = (v: string | undefined): string[] => (v ?? '').split(',').map((x) => x.trim()).filter((x) => x !== '');
const offs = list(process.env.ONE_CLIENT_OFF);
for (const o of offs) if (!(SPEEDUPS as readonly string[]).includes(o)) throw new Error(`ONE_CLIENT_OFF names ${o}, which is not one of ${SPEEDUPS.join(', ')}`);
const trees = list(process.env.ONE_CLIENT_TREES).map((t) => resolve(t));
const rounds = Number(process.env.ONE_CLIENT_ROUNDS ?? 5);
const seconds = Number(process.env.ONE_CLIENT_SECONDS ?? 1);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`ONE_CLIENT_ROUNDS=${process.env.ONE_CLIENT_ROUNDS} must be a whole number of rounds`);
if (!Number.isInteger(seconds) || seconds < 1 || seconds > 60) throw new Error(`ONE_CLIENT_SECONDS=${process.env.ONE_CLIENT_SECONDS} must be whole seconds (1..60)`);
const only = list(process.env.ONE_CLIENT_ONLY);

interface Server {
  readonly label: string;
  readonly url: string;
  readonly child: ChildProcess;
  readonly ours: boolean;
}

const children: ChildProcess[] = [];
const stopAll = (): void => {
  for (const c of children) {
    try {
      if (c.pid !== undefined) process.kill(-c.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
};
process.once('exit', stopAll);
process.once('SIGINT', () => process.exit(130));

async function answering(url: string, child: ChildProcess, label: string): Promise<void> {
  const until = Date.now() + 300_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${label} exited with code ${child.exitCode} before answering (see its log)`);
    try {
      const r = await fetch(`${url}/sparql?query=${encodeURIComponent('ASK {}')}`);
      await r.text();
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${label} did not answer within 300 s`);
}

/**
 * Until every worker of ours is ready and idle: wrk closes its connection at the end of a cell, and a query whose client
 * left has its worker ended and replaced, so the next cell waits for the replacement (as `npm run bench` does).
 */
async function settled(url: string): Promise<void> {
  const until = Date.now() + 300_000;
  while (Date.now() < until) {
    const h = (await (await fetch(`${url}/health`)).json()) as { readyWorkers?: number; workers?: number; busy?: number; queued?: number };
    if (h.readyWorkers === undefined || (h.readyWorkers === h.workers && h.busy === 0 && h.queued === 0)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url}: the workers were not all ready and idle within 300 s`);
}

async function start(label: string, args: (port: number) => string[], cwd: string, env: NodeJS.ProcessEnv, logDir: string, ours: boolean): Promise<Server> {
  const port = await freePort();
  const fd = openSync(join(logDir, `${label.replace(/[^\w-]+/g, '_')}.log`), 'w');
  const child = spawn(process.execPath, args(port), { cwd, detached: true, stdio: ['ignore', fd, fd], env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' } });
  closeSync(fd);
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  await answering(url, child, label);
  return { label, url, child, ours };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const la = (): string => loadavg().map((x) => x.toFixed(2)).join(', ');

async function main(): Promise<void> {
  const logs = await mkdtemp(join(tmpdir(), 'ots-kg-one-client-'));
  try {
    const ours = { LOG_REQUESTS: 'false', SERVICE_ALLOWLIST: 'none' };
    const cli = (root: string) => (): string[] => [join(root, 'bin', 'ots-kg.mjs'), 'serve', '--no-build', '--out', dumps];
    const servers: Server[] = [];
    servers.push(await start('ots-kg', cli('.'), '.', { ...ours, SPEEDUPS_OFF: '' }, logs, true));
    for (const off of offs) servers.push(await start(`ots-kg without ${off}`, cli('.'), '.', { ...ours, SPEEDUPS_OFF: off }, logs, true));
    for (const tree of trees) servers.push(await start(`ots-kg of ${tree}`, cli(tree), tree, { ...ours, SPEEDUPS_OFF: '' }, logs, true));
    for (const s of servers) await settled(s.url);
    const oxigraph = await start('Oxigraph + node:http', (port) => ['--import', 'tsx', join('bench', 'peers', 'oxigraph-server.ts'), '--data', join(dumps, 'ots-kg.nq'), '--port', String(port)], '.', {}, logs, false);
    servers.push(oxigraph);
    const queries = [
      { name: 'entity', text: `SELECT ?p ?o WHERE { <${DEFAULT_BASE_IRI}id/state/kyrgyzstan> ?p ?o }` },
      ...readdirSync('sparql').filter((f) => f.endsWith('.rq') && !f.startsWith('federated-')).sort().map((f) => ({ name: f.slice(0, -3), text: readFileSync(join('sparql', f), 'utf8') })),
    ].filter((q) => only.length === 0 || only.includes(q.name));
    console.log(`# One client, one query at a time\n\n${new Date().toISOString()}; ${cpus().length} cores; load average ${la()}; dumps ${dumps}; ${rounds} rounds of ${seconds} s per query and server, the servers alternating query by query; p50 ms (wrk, one connection, text varied per request), median over the rounds\n`);
    const p50: Record<string, Record<string, number[]>> = {};
    const bad: string[] = [];
    for (let r = 0; r <= rounds; r++) {
      for (const q of queries) {
        // Round 0 warms every server on every query; the order of the servers turns each round.
        const order = r % 2 === 0 ? servers : [...servers].reverse();
        for (const s of order) {
          const w = await wrk({ url: s.url, queries: [q.text], vary: true, connections: 1, seconds: r === 0 ? 1 : seconds, headers: { Accept: JSON_RESULTS }, okStatus: 200 });
          if (w.other + w.errors + w.timeouts > 0) bad.push(`${s.label}, ${q.name}: ${w.other} other statuses, ${w.errors} errors, ${w.timeouts} timeouts`);
          if (r > 0) ((p50[q.name] ??= {})[s.label] ??= []).push(w.p50);
          if (s.ours) await settled(s.url);
        }
      }
    }
    const ourServers = servers.filter((s) => s !== oxigraph);
    console.log(`| query | ${servers.map((s) => s.label).join(' | ')} | ${ourServers.map((s) => `${s.label} − Oxigraph`).join(' | ')} |`);
    console.log(`|---|${servers.map(() => '---:').join('|')}|${ourServers.map(() => '---:').join('|')}|`);
    const met = ourServers.map(() => 0);
    for (const q of queries) {
      const m = servers.map((s) => median(p50[q.name]?.[s.label] ?? [NaN]));
      const ox = m[m.length - 1] as number;
      const diffs = m.slice(0, -1).map((x) => x - ox);
      diffs.forEach((d, i) => {
        if (d <= 1) met[i] = (met[i] ?? 0) + 1;
      });
      console.log(`| ${q.name} | ${m.map((x) => x.toFixed(2)).join(' | ')} | ${diffs.map((d) => `${d >= 0 ? '+' : ''}${d.toFixed(2)}${d <= 1 ? '' : ' (over +1)'}`).join(' | ')} |`);
    }
    console.log(`\nWithin Oxigraph + 1 ms: ${ourServers.map((s, i) => `${s.label} ${met[i]} of ${queries.length}`).join('; ')}. Load average at the end ${la()}.`);
    if (bad.length > 0) console.log(`\nNot all answers were 200: ${bad.join('; ')}`);
  } finally {
    stopAll();
    await rm(logs, { recursive: true, force: true });
  }
}

await main();
