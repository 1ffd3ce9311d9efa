// One dataset behind every answer, over HTTP against a real server: a rebuilt dump is checked and switched in whole,
// a dump that cannot be used is reported once while the last good version serves, pages and SPARQL always agree, and
// the command line's options reach the server it starts.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server.js';
import { serializeQuads } from '../src/serialize/writers.js';
import { fixtureQuads } from './fixtures/linked-data/harness.js';

const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const KNOWS = 'http://schema.org/knows';
const PERSON = 'http://schema.org/Person';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Writes a dump folder's N-Quads file and its manifest, each replaced by a rename as the build does. */
function writeDump(dir: string, nquads: string, opts: { base: string; sha?: string }): void {
  const manifest = {
    dataset: `${opts.base}dataset`,
    base: opts.base,
    triples: 0,
    quads: 0,
    graphs: 1,
    files: [{ name: 'ots-kg.nq', format: 'N-Quads', mediaType: 'application/n-quads', bytes: Buffer.byteLength(nquads), sha256: opts.sha ?? sha256(nquads) }],
  };
  writeFileSync(join(dir, '.ots-kg.nq.tmp'), nquads);
  renameSync(join(dir, '.ots-kg.nq.tmp'), join(dir, 'ots-kg.nq'));
  writeFileSync(join(dir, '.manifest.json.tmp'), JSON.stringify(manifest));
  renameSync(join(dir, '.manifest.json.tmp'), join(dir, 'manifest.json'));
}

const BASE = 'https://example.org/kg/';
const ENTITIES = 80;

/** A version of a small graph whose every label carries the version's letter: a page or answer mixing two versions shows both letters. */
function lettered(letter: string): string {
  const iri = (i: number): string => `<${BASE}id/thing/e${i % ENTITIES}>`;
  let out = '';
  for (let i = 0; i < ENTITIES; i++) {
    out += `${iri(i)} <${RDF_TYPE}> <${PERSON}> .\n${iri(i)} <${RDFS_LABEL}> "${letter} e${i}"@en .\n${iri(i)} <${KNOWS}> ${iri(i + 1)} .\n`;
  }
  return out;
}

/** The version letters a text shows. */
function letters(text: string): Set<string> {
  return new Set([...text.matchAll(/\b([AB]) e\d+\b/g)].map((m) => m[1] as string));
}

interface Started {
  server: RunningServer;
  dir: string;
  lines: string[];
}

let running: Started | undefined;

async function start(opts: { nquads?: string; base?: string; env?: Record<string, string> } = {}): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), 'ots-kg-dataset-'));
  const base = opts.base ?? BASE;
  if (opts.nquads !== undefined) writeDump(dir, opts.nquads, { base });
  const lines: string[] = [];
  const server = await startServer({
    quiet: true,
    log: (l) => lines.push(l),
    env: { PORT: '0', HOST: '127.0.0.1', QUERY_WORKERS: '1', SERVICE_ALLOWLIST: 'none', LOG_REQUESTS: 'false', DATASET_CHECK_MS: '0', DUMPS_DIR: dir, BASE_IRI: base, ...opts.env },
  });
  await server.ready;
  // The full workers, not only the light one that answers during the start.
  while (server.pool.stats().readyWorkers === 0) await new Promise((r) => setTimeout(r, 50));
  running = { server, dir, lines };
  return running;
}

afterEach(async () => {
  if (running) {
    await running.server.close();
    rmSync(running.dir, { recursive: true, force: true });
    running = undefined;
  }
});

async function ask(url: string, query: string): Promise<boolean> {
  const r = await fetch(`${url}/sparql?query=${encodeURIComponent(query)}`, { headers: { Accept: 'application/sparql-results+json' } });
  expect(r.status).toBe(200);
  return ((await r.json()) as { boolean: boolean }).boolean;
}

async function selectText(url: string, query: string): Promise<string> {
  // Six clients of queries never measured fill the long lane: a 503 with Retry-After is the answer then, and a client
  // asks again a little later (at most 20 times).
  for (let attempt = 0; ; attempt++) {
    const r = await fetch(`${url}/sparql?query=${encodeURIComponent(query)}`, { headers: { Accept: 'text/csv' } });
    if (r.status === 503 && attempt < 20 && r.headers.get('retry-after')) {
      await r.arrayBuffer();
      await new Promise((res) => setTimeout(res, 100));
      continue;
    }
    expect(r.status).toBe(200);
    return r.text();
  }
}

describe('a rebuilt dataset', () => {
  it('is served by the pages and by SPARQL alike: after each replacement /id/state/hungary and ASK about it agree', { timeout: 120_000 }, async () => {
    const ots = 'https://w3id.org/ots-kg/';
    const quads = fixtureQuads(ots);
    const hungary = `${ots}id/state/hungary`;
    const without = serializeQuads(quads.filter((q) => q.subject.value !== hungary), 'nquads', { base: ots });
    const whole = serializeQuads(quads, 'nquads', { base: ots });
    const { server, dir } = await start({ nquads: without, base: ots });
    const agree = async (expected: boolean): Promise<void> => {
      const page = await fetch(`${server.url}/id/state/hungary`, { headers: { Accept: 'text/turtle' } });
      const asked = await ask(server.url, `ASK { <${hungary}> ?p ?o }`);
      expect({ page: page.status, asked }).toEqual({ page: expected ? 200 : 404, asked: expected });
    };
    await agree(false);
    writeDump(dir, whole, { base: ots });
    await server.checkDataset();
    await agree(true);
    writeDump(dir, without, { base: ots });
    await server.checkDataset();
    await agree(false);
    expect(server.pool.stats().dataset?.version).toBe(sha256(without).slice(0, 16));
  });

  it('is switched in whole: every page and every answer sent during the switch comes from the old version or the new one', { timeout: 120_000 }, async () => {
    const { server, dir } = await start({ nquads: lettered('A') });
    writeDump(dir, lettered('B'), { base: BASE });
    let done = false;
    const switching = server.checkDataset().then(() => (done = true));
    const seen: { kind: string; letters: string[] }[] = [];
    const suffixes = ['', '.ttl', '.nt', '.jsonld', '.trig', '.nq'];
    let next = 0;
    // Six clients at once ask for pages not asked for before (none comes from the page cache: each takes several
    // queries, so some are being made as the pool switches) and queries not asked before (none from the answer cache),
    // until the switch is over and a little after.
    const client = async (): Promise<void> => {
      for (let after = 0; after < 3; ) {
        if (done) after++;
        const i = next++;
        if (i >= ENTITIES * suffixes.length) return;
        const [page, answer] = await Promise.all([
          fetch(`${server.url}/id/thing/e${i % ENTITIES}${suffixes[Math.floor(i / ENTITIES)]}`, { headers: { Accept: 'text/html' } }).then((r) => r.text()),
          selectText(server.url, `SELECT ?l WHERE { ?s <${RDFS_LABEL}> ?l } LIMIT ${1000 + i}`),
        ]);
        seen.push({ kind: `page ${i}`, letters: [...letters(page)] }, { kind: `answer ${i}`, letters: [...letters(answer)] });
      }
    };
    await Promise.all(Array.from({ length: 6 }, client));
    await switching;
    for (const s of seen) expect(s.letters.length, JSON.stringify(s)).toBe(1);
    expect(seen.some((s) => s.letters[0] === 'A')).toBe(true);
    expect(seen.at(-1)?.letters).toEqual(['B']);
    expect(seen.at(-2)?.letters).toEqual(['B']);
  });
});

describe('a worker replaced after a newer dump was written', () => {
  it('still loads the version being served (the file it was opened as), and the newer one is switched in afterwards', { timeout: 120_000 }, async () => {
    const { server, dir } = await start({ nquads: lettered('A'), env: { QUERY_TIMEOUT_MS: '1500' } });
    // Version B is written over the served files; it is not looked at yet (DATASET_CHECK_MS=0).
    writeDump(dir, lettered('B'), { base: BASE });
    // A cartesian product runs past the time limit: its worker is ended and a fresh one loads the version served, A.
    const r = await fetch(`${server.url}/sparql?query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }')}`);
    expect(r.status).toBe(503);
    expect(await r.text()).toMatch(/longer than the limit/);
    const until = Date.now() + 60_000;
    let stats = server.pool.stats();
    while ((stats.replaced < 1 || stats.readyWorkers < 1) && Date.now() < until) {
      await new Promise((res) => setTimeout(res, 100));
      stats = server.pool.stats();
    }
    expect(stats.replaced).toBeGreaterThanOrEqual(1);
    expect(stats.readyWorkers).toBe(1);
    expect(stats.startError).toBeUndefined();
    expect(letters(await selectText(server.url, `SELECT ?l WHERE { ?s <${RDFS_LABEL}> ?l }`))).toEqual(new Set(['A']));
    expect(stats.dataset?.version).toBe(sha256(lettered('A')).slice(0, 16));
    // Then the check finds B and switches to it.
    await server.checkDataset();
    expect(letters(await selectText(server.url, `SELECT ?l WHERE { ?s <${RDFS_LABEL}> ?l }`))).toEqual(new Set(['B']));
  });
});

describe('a dump that cannot be used', () => {
  it('is reported once, in one log line and in /health, while the last good version keeps serving', { timeout: 180_000 }, async () => {
    const { server, dir, lines } = await start({ nquads: lettered('A') });
    const unusable = (): string[] => lines.filter((l) => l.includes('dataset-unusable'));
    const stillA = async (): Promise<void> => {
      expect(letters(await (await fetch(`${server.url}/id/thing/e3`, { headers: { Accept: 'text/html' } })).text())).toEqual(new Set(['A']));
      expect(letters(await selectText(server.url, `SELECT ?l WHERE { ?s <${RDFS_LABEL}> ?l }`))).toEqual(new Set(['A']));
    };
    const cases = [
      { nquads: lettered('B'), sha: sha256('something else'), reason: /SHA-256 .* but manifest\.json gives/ },
      { nquads: '<a> <b> .\n', reason: /not valid N-Quads/ },
      { nquads: '', reason: /holds no statements/ },
    ];
    for (const [n, c] of cases.entries()) {
      writeDump(dir, c.nquads, { base: BASE, ...(c.sha ? { sha: c.sha } : {}) });
      // Checked again and again (as the periodic check and many requests would): looked at once.
      for (let k = 0; k < 3; k++) await server.checkDataset();
      await stillA();
      expect(unusable()).toHaveLength(n + 1);
      expect(unusable()[n]).toMatch(c.reason);
      const health = (await (await fetch(`${server.url}/health`)).json()) as { status: string; dataset: { version: string; problem?: { message: string } } };
      expect(health.status).toBe('ok');
      expect(health.dataset.version).toBe(sha256(lettered('A')).slice(0, 16));
      expect(health.dataset.problem?.message).toMatch(c.reason);
    }
    // A good dump after them is switched in, and the problem is gone.
    writeDump(dir, lettered('B'), { base: BASE });
    await server.checkDataset();
    expect(letters(await selectText(server.url, `SELECT ?l WHERE { ?s <${RDFS_LABEL}> ?l }`))).toEqual(new Set(['B']));
    const health = (await (await fetch(`${server.url}/health`)).json()) as { dataset: { version: string; problem?: unknown } };
    expect(health.dataset).toMatchObject({ version: sha256(lettered('B')).slice(0, 16) });
    expect(health.dataset.problem).toBeUndefined();
  });

  it('built for another base IRI gets 503 on the pages naming both, while SPARQL answers', async () => {
    const { server } = await start({ nquads: lettered('A'), env: { BASE_IRI: 'https://example.org/other/' } });
    const r = await fetch(`${server.url}/id/thing/e1`);
    expect(r.status).toBe(503);
    expect(await r.text()).toMatch(/built for base https:\/\/example\.org\/kg\/ but BASE_IRI is https:\/\/example\.org\/other\//);
    expect(await ask(server.url, 'ASK { ?s ?p ?o }')).toBe(true);
  });

  it('missing altogether stops the start with a message saying how to build it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ots-kg-dataset-'));
    try {
      await expect(startServer({ quiet: true, log: () => undefined, env: { PORT: '0', DUMPS_DIR: dir, QUERY_WORKERS: '1' } })).rejects.toThrow(/npm run build/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ots-kg serve', () => {
  it('starts the server with its own options: --base and --out reach the pages, which answer under that base', async () => {
    const base = 'https://example.net/elsewhere/';
    const dir = mkdtempSync(join(tmpdir(), 'ots-kg-serve-'));
    const nquads = lettered('A').replaceAll(BASE, base);
    writeDump(dir, nquads, { base });
    // The environment names another base and folder: the options win.
    const child = spawn(process.execPath, ['bin/ots-kg.mjs', 'serve', '--no-build', '--out', dir, '--base', base], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', QUERY_WORKERS: '1', BASE_IRI: 'https://w3id.org/ots-kg/', DUMPS_DIR: '/nonexistent', LOG_REQUESTS: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /serving at (http:\/\/\S+?)\/ /.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('exit', (code) => reject(new Error(`ots-kg serve exited with ${code}: ${out}${err}`)));
      });
      const page = await fetch(`${url}/id/thing/e2`, { headers: { Accept: 'text/turtle' } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('A e2');
      expect(await ask(url, `ASK { <${base}id/thing/e2> ?p ?o }`)).toBe(true);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
