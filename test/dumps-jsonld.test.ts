// The JSON-LD dump carries the whole dataset (the default graph and every fact graph, as JSON-LD 1.1 named graphs) and
// stands alone: jsonld.js and rdflib (Python) read it with nothing beside it, and VoID lists only dumps of the data.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isomorphic } from 'rdf-isomorphic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Parser, blankNode, literal, namedNode, quad, type RDF } from '../src/rdf.js';
import { writeDumps, type DumpManifest } from '../src/serialize/dumps.js';
import { serializeQuads } from '../src/serialize/writers.js';
import { datasetDescription } from '../src/http/linked-data/void.js';
import { GraphIndex } from '../src/http/linked-data/graph-index.js';
import { VOID } from '../src/vocab.js';
import { parseJsonLd } from './helpers/rdf-parsers.js';

const BASE = 'https://w3id.org/ots-kg/';
const ALL: RDF.Quad[] = new Parser({ format: 'application/trig' }).parse(await readFile(new URL('./fixtures/serialize/hard-cases.trig', import.meta.url), 'utf8'));
const RDFLIB_LOAD = fileURLToPath(new URL('./fixtures/clients/rdflib-load.py', import.meta.url));
const refuse = async (url: string): Promise<never> => {
  throw new Error(`the document asked for ${url}; it must stand alone`);
};

let work: string;
let manifest: DumpManifest;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ots-kg-jsonld-'));
  manifest = await writeDumps({ quads: ALL, base: BASE, outDir: join(work, 'dumps') });
});
afterAll(async () => rm(work, { recursive: true, force: true }));

describe('the JSON-LD writer with named graphs', () => {
  const named = [
    quad(namedNode(`${BASE}id/a`), namedNode(`${BASE}ontology#p`), literal('x', 'en')),
    quad(namedNode(`${BASE}fact/f`), namedNode('http://www.w3.org/ns/prov#wasDerivedFrom'), namedNode(`${BASE}evidence/e`)),
    quad(namedNode(`${BASE}id/a`), namedNode(`${BASE}ontology#p`), literal('x', 'en'), namedNode(`${BASE}fact/f`)),
    quad(namedNode(`${BASE}id/b`), namedNode(`${BASE}ontology#q`), namedNode(`${BASE}id/a`), namedNode(`${BASE}fact/f`)),
    quad(namedNode(`${BASE}id/c`), namedNode(`${BASE}ontology#q`), literal('7', namedNode('http://www.w3.org/2001/XMLSchema#integer')), blankNode('g1')),
  ];

  it('writes each named graph as {"@id": graph, "@graph": [...]} after the default graph, and jsonld.js reads back every quad', async () => {
    const text = serializeQuads(named, 'jsonld', { base: BASE, namedGraphs: true });
    const doc = JSON.parse(text) as { '@graph': { '@id': string; '@graph'?: { '@id': string }[] }[] };
    expect(doc['@graph'].map((n) => [n['@id'], n['@graph']?.map((m) => m['@id']) ?? null])).toEqual([
      ['fact/f', null],
      ['id/a', null],
      ['fact/f', ['id/a', 'id/b']],
      ['_:b0', ['id/c']],
    ]);
    expect(isomorphic(await parseJsonLd(text, { documentLoader: refuse }), named)).toBe(true);
  });

  it('without namedGraphs writes the default graph alone, as the entity descriptions and CONSTRUCT answers use it', async () => {
    const text = serializeQuads(named, 'jsonld', { base: BASE });
    expect(text).not.toContain('fact/f",\n      "@graph"');
    expect(isomorphic(await parseJsonLd(text), named.filter((q) => q.graph.termType === 'DefaultGraph'))).toBe(true);
  });
});

describe('the JSON-LD dump', () => {
  it('holds every quad (manifest: quads, not triples) and no context.jsonld is written beside it', async () => {
    const file = manifest.files.find((f) => f.name === 'ots-kg.jsonld');
    expect(file?.quads).toBe(manifest.quads);
    expect(file?.triples).toBeUndefined();
    expect(manifest.files.map((f) => f.name)).not.toContain('context.jsonld');
    const back = await parseJsonLd(await readFile(join(work, 'dumps', 'ots-kg.jsonld'), 'utf8'), { documentLoader: refuse });
    expect(back.length).toBe(manifest.quads);
    expect(isomorphic(back, ALL)).toBe(true);
  });

  it('rdflib (Python) loads the file alone into a ConjunctiveGraph: the default graph and every fact graph', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      execFile('/usr/bin/python3', [RDFLIB_LOAD, join(work, 'dumps', 'ots-kg.jsonld'), 'json-ld'], { maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
        err ? reject(new Error(`rdflib could not load the JSON-LD dump: ${stderr || String(err)} (Debian: apt-get install -y python3-rdflib)`)) : resolve(stdout),
      );
    });
    const graphs = JSON.parse(out) as Record<string, string>;
    const back: RDF.Quad[] = Object.entries(graphs).flatMap(([g, nt]) =>
      new Parser({ format: 'application/n-triples' }).parse(nt).map((q) => quad(q.subject, q.predicate, q.object, g === '' ? undefined : namedNode(g))),
    );
    expect(Object.keys(graphs).filter((g) => g !== '').length).toBe(manifest.graphs);
    expect(isomorphic(back, ALL)).toBe(true);
  });

  it('VoID lists the six dumps and their gzips as void:dataDump, and no JSON-LD context (even from a manifest that lists one)', () => {
    const older = { ...manifest, files: [...manifest.files, { name: 'context.jsonld', format: 'jsonld-context', mediaType: 'application/ld+json', bytes: 844, sha256: '0'.repeat(64) }] };
    const index = new GraphIndex({ quads: ALL, base: BASE });
    const dumps = datasetDescription(index, { manifest: older, sparqlPath: '/sparql', licence: 'https://creativecommons.org/licenses/by/4.0/' })
      .filter((q) => q.predicate.value === VOID.dataDump)
      .map((q) => q.object.value.slice(`${BASE}dumps/`.length))
      .sort();
    expect(dumps).toEqual(manifest.files.flatMap((f) => [f.name, ...(f.gzip ? [f.gzip.name] : [])]).sort());
    expect(dumps).toHaveLength(12);
  });
});
