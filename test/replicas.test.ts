// Stateless replicas: two ots-kg processes over one Virtuoso behind nginx (both from Debian, loopback only). Under a
// bounded load of example queries and pages, one replica gets SIGTERM half-way and comes back: no request fails past the
// proxy's retry, every answer is the right one, and the same answer has the same ETag on both replicas.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { freePort } from '../src/free-port.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../src/pipeline.js';
import { loadDataset, startVirtuoso, type Virtuoso } from '../src/store/virtuoso.js';
import { startProxy, type Proxy } from './helpers/nginx.js';

const BIN = join(process.cwd(), 'bin', 'ots-kg.mjs');
const BASE = 'https://w3id.org/ots-kg/';

interface Replica {
  readonly port: number;
  child: ChildProcess;
  exited: Promise<number | null>;
}

let dir: string;
let dumps: string;
let v: Virtuoso;
let proxy: Proxy;
const replicas: Replica[] = [];

/** Starts `ots-kg serve --no-build` over the store on a given port; resolves once it answers /health with 200. */
async function startReplica(port: number): Promise<Replica> {
  const child = spawn(process.execPath, [BIN, 'serve', '--no-build', '--out', dumps], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', BASE_IRI: BASE, PUBLIC_URL: 'https://ots.example.org/', STORE: `sparql:${v.sparqlUrl}`, LOG_REQUESTS: 'false', SERVICE_ALLOWLIST: 'none', SHUTDOWN_GRACE_MS: '5000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the replica on port ${port} did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, child, exited };
}

interface Item {
  readonly path: string;
  readonly accept: string;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ots-kg-replicas-'));
  dumps = join(dir, 'dumps');
  await runBuild({ dataDir: 'data', ontologyDir: 'ontology', outDir: dumps, base: BASE });
  v = await startVirtuoso({ loadDirs: [dir] });
  await loadDataset(v, { file: join(dumps, 'ots-kg.nq'), base: BASE });
  const [a, b, p] = [await freePort(), await freePort(), await freePort()];
  replicas.push(await startReplica(a), await startReplica(b));
  proxy = await startProxy(p, replicas.map((r) => `127.0.0.1:${r.port}`));
}, 180_000);

afterAll(async () => {
  await proxy?.stop();
  for (const r of replicas) {
    if (r.child.exitCode === null) {
      r.child.kill('SIGTERM');
      const t = setTimeout(() => r.child.kill('SIGKILL'), 8000);
      await r.exited;
      clearTimeout(t);
    }
  }
  await v?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

/** The example queries without SERVICE and a sample of pages in two forms. */
async function items(): Promise<Item[]> {
  const out: Item[] = [];
  for (const f of (await readdir('sparql')).filter((x) => x.endsWith('.rq')).sort()) {
    const q = await readFile(join('sparql', f), 'utf8');
    if (/\bSERVICE\b/i.test(q.replace(/#.*$/gm, ''))) continue;
    out.push({ path: `/sparql?query=${encodeURIComponent(q)}`, accept: 'application/sparql-results+json' });
  }
  const sitemap = await (await fetch(`http://127.0.0.1:${replicas[0]!.port}/sitemap.xml`)).text();
  const pages = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname).filter((p) => /^\/(id|fact)\//.test(p));
  for (const p of pages.filter((_, i) => i % 60 === 0)) out.push({ path: p, accept: 'text/html' }, { path: p, accept: 'text/turtle' });
  return out;
}

describe('two replicas over one store behind nginx', () => {
  it('the same answer has the same ETag on every replica', async () => {
    const list = await items();
    expect(list.length).toBeGreaterThan(25);
    for (const it of list) {
      const [a, b] = await Promise.all(replicas.map((r) => fetch(`http://127.0.0.1:${r.port}${it.path}`, { headers: { accept: it.accept } })));
      const [ta, tb] = [await a!.text(), await b!.text()];
      expect(a!.status, `${it.path}: ${ta.slice(0, 400)}`).toBe(200);
      expect(tb, `${it.path} (${it.accept})`).toBe(ta);
      expect(a!.headers.get('etag'), it.path).toMatch(/^"/);
      expect(b!.headers.get('etag'), `${it.path} (${it.accept})`).toBe(a!.headers.get('etag'));
    }
  }, 120_000);

  it('one replica stopped with SIGTERM half-way and started again: no request fails, no answer is wrong', async () => {
    const list = await items();
    // The right answers, from the replica that keeps running.
    const want = new Map<string, string>();
    for (const it of list) {
      const res = await fetch(`http://127.0.0.1:${replicas[1]!.port}${it.path}`, { headers: { accept: it.accept } });
      want.set(`${it.accept} ${it.path}`, await res.text());
    }
    const failures: string[] = [];
    let done = 0;
    let running = true;
    const client = async (k: number): Promise<void> => {
      for (let i = k; running; i += 4) {
        const it = list[i % list.length]!;
        try {
          const res = await fetch(`${proxy.url}${it.path}`, { headers: { accept: it.accept } });
          const body = await res.text();
          if (res.status !== 200) failures.push(`${res.status} ${it.path.slice(0, 80)}: ${body.slice(0, 200)}`);
          else if (body !== want.get(`${it.accept} ${it.path}`)) failures.push(`wrong answer for ${it.path.slice(0, 80)} (${it.accept})`);
          done++;
        } catch (e) {
          failures.push(`${it.path.slice(0, 80)}: ${String(e)}`);
        }
      }
    };
    const load = [0, 1, 2, 3].map(client);
    await new Promise((r) => setTimeout(r, 2000));
    const before = done;
    const a = replicas[0]!;
    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    const during = done;
    await new Promise((r) => setTimeout(r, 1000));
    replicas[0] = await startReplica(a.port);
    await new Promise((r) => setTimeout(r, 3000));
    running = false;
    await Promise.all(load);
    expect(failures).toEqual([]);
    expect(before).toBeGreaterThan(10);
    expect(done).toBeGreaterThan(during);
    const lines = proxy.log().trim().split('\n');
    // Some requests met the stopping replica (refused with 503 while it finished, or no connection) and the proxy
    // retried them on the other: the log shows two upstream statuses for them, the answer 200.
    const retried = lines.filter((l) => /^200 \S+, /.test(l));
    expect(retried.length, lines.filter((l) => l.includes(',')).slice(0, 5).join('\n')).toBeGreaterThan(0);
    // After it came back, the proxy sent requests to the restarted replica again.
    expect(lines.slice(-20).some((l) => l.includes(`127.0.0.1:${a.port}`))).toBe(true);
  }, 120_000);
});
