// Headers and build hygiene: nosniff on every kind of answer, one RDF/XML writer for CONSTRUCT answers (well-formed or
// refused, never rdf:li), and stale temp folders of a killed build removed by the next build.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server.js';
import { until } from './helpers/until.js';
import { writeDumps } from '../src/serialize/dumps.js';
import { Parser } from '../src/rdf.js';
import { parseWithRdflib } from './helpers/rdf-parsers.js';

const NQ = readFileSync(new URL('./fixtures/query/summit.nq', import.meta.url), 'utf8');
const QUADS = new Parser({ format: 'application/n-quads' }).parse(NQ);
const BASE = 'https://w3id.org/ots-kg/';
const enc = encodeURIComponent;


describe('every answer carries X-Content-Type-Options: nosniff', () => {
  let server: RunningServer;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ots-hygiene-'));
    await writeDumps({ quads: QUADS, base: BASE, outDir: join(root, 'dumps') });
    server = await startServer({ env: { PORT: '0', QUERY_WORKERS: '1', LOG_REQUESTS: 'false', DUMPS_DIR: join(root, 'dumps') }, quiet: true });
    await until(async () => ((await (await fetch(`${server.url}/health`)).json()) as { readyWorkers: number }).readyWorkers === 1, 'the worker');
  });
  afterAll(async () => {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it.each([
    ['a result by the fast path', 'GET', `/sparql?query=${enc('ASK { ?s ?p ?o }')}`, undefined, 200],
    ['a cached result by its raw URL', 'GET', `/sparql?query=${enc('ASK { ?s ?p ?o }')}`, undefined, 200],
    ['a result through Express (POST)', 'POST', '/sparql', 'ASK { ?s ?p ?o }', 200],
    ['a syntax error', 'GET', `/sparql?query=${enc('ASK {')}`, undefined, 400],
    ['the service description', 'GET', '/sparql', undefined, 200],
    ['/health', 'GET', '/health', undefined, 200],
    ['an entity page', 'GET', '/id/state/hungary', undefined, 200],
    ['a 404', 'GET', '/nothing/here', undefined, 404],
    ['a dump', 'GET', '/dumps/ots-kg.nq', undefined, 200],
    ['the home page', 'GET', '/', undefined, 200],
  ])('%s', async (_name, method, path, body, status) => {
    const res = await fetch(`${server.url}${path}`, { method, ...(body ? { body, headers: { 'Content-Type': 'application/sparql-query' } } : {}) });
    await res.arrayBuffer();
    expect(res.status).toBe(status);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('CONSTRUCT answers as RDF/XML come from the one RDF/XML writer', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { PORT: '0', QUERY_WORKERS: '1', LOG_REQUESTS: 'false' }, nquads: NQ, quiet: true });
    await until(async () => ((await (await fetch(`${server.url}/health`)).json()) as { readyWorkers: number }).readyWorkers === 1, 'the worker');
  });
  afterAll(async () => server?.close());

  const construct = (q: string) => fetch(`${server.url}/sparql?query=${enc(q)}`, { headers: { Accept: 'application/rdf+xml' } });

  it('writes well-formed RDF/XML that reads back to the same triples', async () => {
    const res = await construct('CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }');
    expect(res.status).toBe(200);
    const text = await res.text();
    const back = await parseWithRdflib(text, { mediaType: 'application/rdf+xml', base: 'http://wrong.example/' });
    const defaultGraph = QUADS.filter((q) => q.graph.termType === 'DefaultGraph');
    expect(back.length).toBe(new Set(defaultGraph.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`)).size);
  });

  it.each([
    ['a literal with U+0001, which XML 1.0 cannot carry', 'CONSTRUCT { <http://ex/s> <http://ex/p> "a\\u0001b" } WHERE {}', /U\+0001.*XML 1\.0 cannot carry/],
    ['rdf:li as a predicate, which RDF/XML reads back as rdf:_n', 'CONSTRUCT { <http://ex/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#li> "x" } WHERE {}', /reserved RDF\/XML name/],
    ['a predicate without an XML local name', 'CONSTRUCT { <http://ex/s> <http://ex/1> "x" } WHERE {}', /does not end in an XML name/],
  ])('refuses %s with 406 and the reason, and the same answer is given in Turtle', async (_name, q, reason) => {
    const res = await construct(q);
    const body = await res.text();
    expect(res.status, body).toBe(406);
    expect(body).toMatch(reason);
    expect(body).not.toMatch(/<rdf:li/);
    const turtle = await fetch(`${server.url}/sparql?query=${enc(q)}`, { headers: { Accept: 'text/turtle' } });
    expect(turtle.status).toBe(200);
  });
});

describe('a build after a killed one', () => {
  it('removes the stale .dumps.new-* and .dumps.old-* folders, and keeps one a running build is writing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ots-stale-'));
    try {
      const out = join(root, 'dumps');
      await writeDumps({ quads: QUADS, base: BASE, outDir: out });
      // Left by builds killed mid-way: one with a dead builder's process id, one from before ids were recorded (old
      // enough), a parked previous version; and one a live process (this one's parent) is still writing.
      const dead = join(root, '.dumps.new-999999-abcDEF');
      const unowned = join(root, '.dumps.new-Xy12Zq');
      const parked = join(root, '.dumps.old-999999-QwErTy');
      const live = join(root, `.dumps.new-${process.ppid}-LiVe01`);
      const fresh = join(root, '.dumps.new-Fresh1');
      for (const d of [dead, unowned, parked, live, fresh]) {
        mkdirSync(d);
        writeFileSync(join(d, 'ots-kg.nq'), 'half a file');
      }
      const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
      utimesSync(unowned, twoHoursAgo, twoHoursAgo);
      await writeDumps({ quads: QUADS, base: BASE, outDir: out });
      expect(existsSync(dead)).toBe(false);
      expect(existsSync(unowned)).toBe(false);
      expect(existsSync(parked)).toBe(false);
      expect(existsSync(live)).toBe(true);
      expect(existsSync(fresh)).toBe(true); // no owner recorded and recent: it may belong to a build still running
      expect(existsSync(join(out, 'manifest.json'))).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
