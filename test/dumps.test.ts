// The dump directory: every file re-reads to the right graph, the manifest and SHA256SUMS tell the truth, builds are byte-identical and a failed build leaves the old dumps alone.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isomorphic } from 'rdf-isomorphic';
import { Parser, literal, namedNode, quad, type RDF } from '../src/rdf.js';
import { parseJsonLd, parseWithRdflib } from './helpers/rdf-parsers.js';
import { writeDumps, type DumpManifest } from '../src/serialize/dumps.js';
import { buildGraph } from '../src/build.js';
import { SerializeError } from '../src/serialize/canonical.js';
import { serializeQuads, type RdfFormatName } from '../src/serialize/writers.js';

const BASE = 'https://w3id.org/ots-kg/';
const FIXTURE = new URL('./fixtures/serialize/hard-cases.trig', import.meta.url);
const ALL: RDF.Quad[] = new Parser({ format: 'application/trig' }).parse(readFileSync(FIXTURE, 'utf8'));

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ots-kg-dumps-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Reads the JSON-LD dump from disk alone: a loader that refuses every request, so the file must need nothing beside it. */
async function readJsonLdFromDisk(file: string): Promise<RDF.Quad[]> {
  const loader = async (url: string): Promise<{ documentUrl: string; document: unknown }> => {
    throw new Error(`the JSON-LD dump asked for ${url}; it must stand alone`);
  };
  return parseJsonLd(await readFile(file, 'utf8'), { base: pathToFileURL(file).href, documentLoader: loader });
}

type Reader = (file: string) => Promise<RDF.Quad[]>;
const n3 =
  (format: string): Reader =>
  async (file) =>
    new Parser({ format }).parse(await readFile(file, 'utf8'));
const rdflib =
  (mediaType: 'text/turtle' | 'application/rdf+xml'): Reader =>
  async (file) =>
    parseWithRdflib(await readFile(file, 'utf8'), { mediaType, base: pathToFileURL(file).href });

const readers: { file: string; parser: string; read: Reader; graphs: 'default' | 'all' }[] = [
  { file: 'ots-kg.ttl', parser: 'n3', read: n3('text/turtle'), graphs: 'default' },
  { file: 'ots-kg.ttl', parser: 'rdflib.js', read: rdflib('text/turtle'), graphs: 'default' },
  { file: 'ots-kg.nt', parser: 'n3', read: n3('application/n-triples'), graphs: 'default' },
  { file: 'ots-kg.nq', parser: 'n3', read: n3('application/n-quads'), graphs: 'all' },
  { file: 'ots-kg.trig', parser: 'n3', read: n3('application/trig'), graphs: 'all' },
  { file: 'ots-kg.jsonld', parser: 'jsonld.js', read: readJsonLdFromDisk, graphs: 'all' },
  { file: 'ots-kg.rdf', parser: 'rdflib.js', read: rdflib('application/rdf+xml'), graphs: 'default' },
];

function projection(quads: readonly RDF.Quad[], graphs: 'default' | 'all'): RDF.Quad[] {
  return graphs === 'all' ? [...quads] : quads.filter((q) => q.graph.termType === 'DefaultGraph');
}

async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of (await readdir(dir)).sort()) out.set(name, createHash('sha256').update(await readFile(join(dir, name))).digest('hex'));
  return out;
}

describe('dumps of the fixture', () => {
  let dir: string;
  let manifest: DumpManifest;
  beforeAll(async () => {
    dir = join(work, 'fixture', 'dumps');
    manifest = await writeDumps({ quads: ALL, base: BASE, outDir: dir });
  });

  it('writes the six syntaxes, their gzips, the manifest and SHA256SUMS (no separate JSON-LD context)', async () => {
    const ext = ['ttl', 'nt', 'nq', 'trig', 'jsonld', 'rdf'];
    const expected = [...ext.flatMap((e) => [`ots-kg.${e}`, `ots-kg.${e}.gz`]), 'manifest.json', 'SHA256SUMS'].sort();
    expect((await readdir(dir)).sort()).toEqual(expected);
  });

  it.each(readers)('$file read by $parser is the $graphs graph(s) of the input', async ({ file, read, graphs }) => {
    const back = await read(join(dir, file));
    const want = projection(ALL, graphs);
    expect(back.length).toBe(new Set(want.map((q) => JSON.stringify([q.subject, q.predicate, q.object, q.graph]))).size);
    expect(isomorphic(back, want)).toBe(true);
  });

  it('each dump is the same text serializeQuads gives for its format (the shared Turtle/TriG and N-Triples/N-Quads beginnings included)', async () => {
    for (const f of manifest.files) {
      const expected = serializeQuads(ALL, f.format as RdfFormatName, { base: BASE, ...(f.format === 'jsonld' ? { namedGraphs: true } : {}) });
      expect(await readFile(join(dir, f.name), 'utf8'), f.name).toBe(expected);
    }
  });

  it('the JSON-LD dump fetched over HTTP loads alone: jsonld.js asks for nothing else and gets every graph', async () => {
    // A plain static server over the dump folder, as any web server would be.
    const types: Record<string, string> = Object.fromEntries(manifest.files.map((f) => [f.name, f.mediaType]));
    const requested: string[] = [];
    const server = createServer((req, res) => {
      const name = (req.url ?? '').replace(/^\/dumps\//, '');
      requested.push(name);
      const type = types[name];
      if (type === undefined) {
        res.writeHead(404).end();
        return;
      }
      readFile(join(dir, name)).then((body) => res.writeHead(200, { 'content-type': type }).end(body), () => res.writeHead(500).end());
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const { port } = server.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}/dumps/ots-kg.jsonld`;
      const body = await (await fetch(url)).text();
      // jsonld.js's own network loader would fetch a referenced context; the dump has its context inline.
      const back = await parseJsonLd(body, { base: url });
      expect(isomorphic(back, projection(ALL, 'all'))).toBe(true);
      expect(requested).toEqual(['ots-kg.jsonld']);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });

  it('each .gz unpacks to exactly its plain file', async () => {
    for (const f of manifest.files.filter((x) => x.gzip)) {
      expect(gunzipSync(await readFile(join(dir, `${f.name}.gz`))).equals(await readFile(join(dir, f.name))), f.name).toBe(true);
    }
  });

  it('the manifest counts and sizes match the files', async () => {
    const defaults = ALL.filter((q) => q.graph.termType === 'DefaultGraph').length;
    const graphs = new Set(ALL.filter((q) => q.graph.termType !== 'DefaultGraph').map((q) => q.graph.value)).size;
    expect(manifest).toMatchObject({ dataset: `${BASE}dataset`, base: BASE, triples: defaults, quads: ALL.length, graphs });
    expect(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'))).toEqual(manifest);
    const nt = (await readFile(join(dir, 'ots-kg.nt'), 'utf8')).split('\n').filter(Boolean).length;
    const nq = (await readFile(join(dir, 'ots-kg.nq'), 'utf8')).split('\n').filter(Boolean).length;
    expect(nt).toBe(manifest.triples);
    expect(nq).toBe(manifest.quads);
    for (const f of manifest.files) {
      const bytes = await readFile(join(dir, f.name));
      expect(bytes.length, f.name).toBe(f.bytes);
      expect(createHash('sha256').update(bytes).digest('hex'), f.name).toBe(f.sha256);
      if (f.gzip) expect((await readFile(join(dir, f.gzip.name))).length, f.gzip.name).toBe(f.gzip.bytes);
      expect(f.triples ?? f.quads ?? 0, f.name).toBe(f.quads !== undefined ? manifest.quads : f.triples !== undefined ? manifest.triples : 0);
    }
  });

  it('sha256sum -c verifies every file listed in SHA256SUMS, and catches a changed file', async () => {
    const out = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
    const ok = out.split('\n').filter((l) => l.endsWith(': OK'));
    expect(ok.length).toBe((await readdir(dir)).length - 1);
    const copy = join(work, 'tampered');
    await mkdir(copy, { recursive: true });
    for (const name of await readdir(dir)) await writeFile(join(copy, name), await readFile(join(dir, name)));
    await writeFile(join(copy, 'ots-kg.nt'), 'tampered\n');
    let report = '';
    try {
      execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: copy, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      report = String((e as { stdout?: unknown }).stdout);
    }
    expect(report.trim()).toBe('ots-kg.nt: FAILED');
  });

  it('two builds give byte-identical directories', async () => {
    const again = join(work, 'again', 'dumps');
    const m2 = await writeDumps({ quads: [...ALL].reverse(), base: BASE, outDir: again });
    expect(m2).toEqual(manifest);
    expect(await snapshot(again)).toEqual(await snapshot(dir));
  });
});

describe('atomic replacement', () => {
  // 20,000 statements make several megabytes per file, so a failure at piece 40 comes after
  // the first megabytes have reached the disk.
  const large: RDF.Quad[] = [];
  for (let i = 0; i < 20_000; i++) {
    large.push(quad(namedNode(`${BASE}id/thing/t${i}`), namedNode(`${BASE}ontology#section`), literal(`section ${i} of a long document, with some text`, 'en')));
  }

  it.each([
    { name: 'at the start of the first file', file: 'ots-kg.ttl', at: 0 },
    { name: 'megabytes into the RDF/XML file', file: 'ots-kg.rdf', at: 40 },
  ])('a writer failing $name leaves the previous dumps byte-identical and no temporary directory', async ({ file, at }) => {
    const parent = join(work, `atomic-${at}`);
    const dir = join(parent, 'dumps');
    await writeDumps({ quads: ALL, base: BASE, outDir: dir });
    const before = await snapshot(dir);
    let reached = 0;
    const failing = writeDumps({
      quads: large,
      base: BASE,
      outDir: dir,
      onChunk: (name, index) => {
        if (name !== file) return;
        reached = index;
        if (index === at) throw new Error(`simulated failure in ${name}`);
      },
    });
    await expect(failing).rejects.toThrow(`simulated failure in ${file}`);
    expect(reached).toBe(at);
    expect(await snapshot(dir)).toEqual(before);
    expect(await readdir(parent)).toEqual(['dumps']);
    // …and a good build afterwards replaces them.
    const m = await writeDumps({ quads: large, base: BASE, outDir: dir });
    expect(m.quads).toBe(large.length);
    expect(await snapshot(dir)).not.toEqual(before);
    expect(await readdir(parent)).toEqual(['dumps']);
  });

  it('refuses to replace a directory that is not a dump directory', async () => {
    const dir = join(work, 'precious');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'notes.txt'), 'keep me');
    await expect(writeDumps({ quads: ALL, base: BASE, outDir: dir })).rejects.toThrow(SerializeError);
    await expect(writeDumps({ quads: ALL, base: BASE, outDir: dir })).rejects.toThrow(/holds no manifest\.json/);
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('keep me');
  });

  it('refuses a dump name that is not a plain file name', async () => {
    await expect(writeDumps({ quads: ALL, base: BASE, outDir: join(work, 'x'), name: '../escape' })).rejects.toThrow(/must be a plain file-name stem/);
  });
});

describe('dumps of the real graph', () => {
  it('every dump of the graph built from data/ re-reads to the right projection', async () => {
    const built = await buildGraph({ dataDir: fileURLToPath(new URL('../data', import.meta.url)), base: BASE });
    expect(built.quads.length).toBeGreaterThan(100);
    const dir = join(work, 'real', 'dumps');
    const manifest = await writeDumps({ quads: built.quads, base: BASE, outDir: dir });
    expect(manifest.graphs).toBeGreaterThan(0);
    expect(manifest.quads).toBe(new Set(built.quads.map((q) => JSON.stringify([q.subject, q.predicate, q.object, q.graph]))).size);
    for (const { file, read, graphs } of readers) {
      const back = await read(join(dir, file));
      expect(isomorphic(back, projection(built.quads, graphs)), file).toBe(true);
    }
  });
});
