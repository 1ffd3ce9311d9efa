// Virtuoso as a store for the dumps: a throwaway instance on loopback, the bulk loader with named graphs, and a second
// load that replaces the first. Needs Virtuoso from Debian (virtuoso-opensource), which .ci/run installs.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../src/pipeline.js';
import { isql, loadNQuads, startVirtuoso, virtuosoIni, VirtuosoError, type Virtuoso } from '../src/store/virtuoso.js';

const BASE = 'https://w3id.org/ots-kg/';
const DEFAULT_GRAPH = `${BASE}graph/default`;

async function count(v: Virtuoso, query: string): Promise<number> {
  const res = await fetch(`${v.sparqlUrl}?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/sparql-results+json' } });
  expect(res.status).toBe(200);
  const doc = (await res.json()) as { results: { bindings: { n: { value: string } }[] } };
  return Number(doc.results.bindings[0]!.n.value);
}

describe('Virtuoso store', () => {
  let dir: string;
  let v: Virtuoso;
  let manifest: { triples: number; quads: number; graphs: number };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ots-kg-vload-'));
    ({ manifest } = await runBuild({ dataDir: 'data', ontologyDir: 'ontology', outDir: join(dir, 'dumps'), base: BASE }));
    v = await startVirtuoso({ loadDirs: [dir] });
  }, 180_000);

  afterAll(async () => {
    await v?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const opts = () => ({ file: join(dir, 'dumps', 'ots-kg.nq'), defaultGraph: DEFAULT_GRAPH, replaceGraphsUnder: [BASE] });

  it('loads the N-Quads dump with its named graphs, and a second load replaces the first', async () => {
    // A graph that is not ours, which a reload must leave alone.
    await isql(v, "SPARQL INSERT DATA { GRAPH <urn:example:other> { <urn:example:a> <urn:example:b> 'kept' } };");
    const first = await loadNQuads(v, opts());
    expect(first.quads).toBe(manifest.quads);
    expect(first.graphsRemoved).toBe(0);
    expect(await count(v, `SELECT (COUNT(*) AS ?n) FROM <${DEFAULT_GRAPH}> WHERE { ?s ?p ?o }`)).toBe(manifest.triples);
    expect(await count(v, `SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "${BASE}")) }`)).toBe(manifest.graphs + 1);

    const second = await loadNQuads(v, opts());
    expect(second.quads).toBe(manifest.quads);
    expect(second.graphsRemoved).toBe(manifest.graphs + 1);
    expect(await count(v, `SELECT (COUNT(*) AS ?n) FROM <${DEFAULT_GRAPH}> WHERE { ?s ?p ?o }`)).toBe(manifest.triples);
    expect(await count(v, 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:example:other> { ?s ?p ?o } }')).toBe(1);
  }, 120_000);

  it('says what is wrong with a file it cannot load', async () => {
    await expect(loadNQuads(v, { ...opts(), file: join(dir, 'missing.nq') })).rejects.toThrow(/missing\.nq: no such dump file/);
    await expect(loadNQuads(v, { ...opts(), file: join(dir, 'dumps', 'ots-kg.ttl') })).rejects.toThrow(/reads N-Quads/);
    const bad = join(dir, 'bad.nq');
    await writeFile(bad, '<urn:example:s> <urn:example:p> "unterminated .\n');
    const err = await loadNQuads(v, { ...opts(), file: bad }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VirtuosoError);
    expect(String(err)).toMatch(/loader refused .*bad\.nq/);
  }, 60_000);

  it('reports an unreachable server in one line', async () => {
    const err = await isql({ host: '127.0.0.1', port: 1, user: 'dba', password: 'dba' }, 'SELECT 1;', { timeoutMs: 20_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VirtuosoError);
    expect(String(err)).toMatch(/127\.0\.0\.1:1/);
  }, 30_000);
});

describe('Virtuoso configuration', () => {
  it('listens on loopback only and never truncates answers', () => {
    const ini = virtuosoIni({ dir: '/tmp/x', sqlPort: 1234, httpPort: 5678, loadDirs: ['/data/dumps'], memoryMb: 512, queryTimeoutS: 30 });
    expect(ini).toMatch(/^ServerPort = 127\.0\.0\.1:1234$/m);
    expect(ini).toMatch(/^ServerPort = 127\.0\.0\.1:5678$/m);
    expect(ini).toMatch(/^DirsAllowed = \., \/tmp\/x, \/data\/dumps$/m);
    expect(ini).toMatch(/^ResultSetMaxRows = 1000000000$/m);
    expect(ini).toMatch(/^MaxQueryExecutionTime = 30$/m);
  });
});
