// The exports for Wikidata editors: the Mix'n'match catalogue and the QuickStatements batch, written by the build
// with the dumps, deterministic, checksummed, in the manifest and in VoID as distributions.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../src/pipeline.js';
import { GraphIndex } from '../src/http/linked-data/graph-index.js';
import { datasetDescription } from '../src/http/linked-data/void.js';
import { DCAT, VOID } from '../src/vocab.js';
import { MIXNMATCH_FILE, QUICKSTATEMENTS_FILE } from '../src/wikidata/exports.js';
import { loadFacts } from '../src/facts/load.js';
import { dumpsTable } from '../src/http/linked-data/pages.js';
import { LABELS_DATA_FILE, LABELS_DUMP_FILE, parseLabels } from '../src/wikidata/labels.js';
import { copyData } from './helpers/data-copy.js';
import { checkData } from '../src/facts/check.js';
import type { DumpManifest } from '../src/serialize/dumps.js';
import type { BuiltGraph } from '../src/graph/types.js';

const BASE = 'https://w3id.org/ots-kg/';
let root: string;
let manifest: DumpManifest;
let graph: BuiltGraph;
let tsv: string;
let qs: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ots-kg-exports-'));
  const r = await runBuild({ dataDir: 'data', ontologyDir: 'ontology', outDir: join(root, 'a'), base: BASE });
  manifest = r.manifest;
  graph = r.graph;
  tsv = await readFile(join(root, 'a', MIXNMATCH_FILE), 'utf8');
  qs = await readFile(join(root, 'a', QUICKSTATEMENTS_FILE), 'utf8');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the Mix\'n\'match catalogue', () => {
  it('has the header id, name, desc, type, url and one line per entity, five cells each, sorted by id', () => {
    const lines = tsv.trimEnd().split('\n');
    expect(lines[0]).toBe('id\tname\tdesc\ttype\turl');
    const rows = lines.slice(1).map((l) => l.split('\t'));
    for (const r of rows) expect(r, r.join(' | ')).toHaveLength(5);
    const ids = rows.map((r) => r[0] ?? '');
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of rows) expect(r[4]).toBe(`${BASE}id/${r[0]}`);
  });

  it('lists every entity of data/entities and every summit, with a description and, where confirmed, the Wikidata class', async () => {
    const facts = await loadFacts({ dataDir: 'data' });
    const rows = new Map(tsv.trimEnd().split('\n').slice(1).map((l) => [l.split('\t')[0] ?? '', l.split('\t')]));
    for (const e of facts.entities.filter((x) => x.kind !== 'document')) expect(rows.has(e.path.slice('id/'.length)), e.path).toBe(true);
    expect(rows.get('person/viktor-orban')).toEqual(['person/viktor-orban', 'Viktor Orbán', 'person, Prime Minister of Hungary', 'Q5', `${BASE}id/person/viktor-orban`]);
    expect(rows.get('event/2024-bishkek')).toEqual(['event/2024-bishkek', '2024 Organization of Turkic States summit', 'summit of the Organization of Turkic States, 2024-11-06, Bishkek', '', `${BASE}id/event/2024-bishkek`]);
    expect(rows.get('place/bishkek')?.slice(2, 4)).toEqual(['city in Kyrgyzstan', 'Q515']);
    expect(rows.get('state/hungary')?.[3]).toBe('Q6256');
    // Records that no Wikidata item is about (chairmanships, disputes) are not catalogued.
    expect([...rows.keys()].filter((id) => /^(chairmanship|dispute|designation)\//.test(id))).toEqual([]);
  });
});

describe('the QuickStatements batch', () => {
  it('adds P973 with our IRI, referenced by P854 to our page, to every linked item and to nothing else', () => {
    const links = graph.quads.filter((q) => q.graph.termType === 'DefaultGraph' && q.predicate.value === 'http://www.w3.org/2002/07/owl#sameAs' && q.object.value.startsWith('http://www.wikidata.org/entity/Q'));
    const lines = qs.trimEnd().split('\n');
    expect(lines).toHaveLength(links.length);
    expect(lines.length).toBeGreaterThanOrEqual(19);
    for (const l of links) {
      const qid = l.object.value.slice('http://www.wikidata.org/entity/'.length);
      expect(lines).toContain(`${qid}\tP973\t"${l.subject.value}"\tS854\t"${l.subject.value}.html"`);
    }
    expect(lines).toContain(`Q57641\tP973\t"${BASE}id/person/viktor-orban"\tS854\t"${BASE}id/person/viktor-orban.html"`);
    for (const l of lines) expect(l).toMatch(/^Q[1-9]\d*\tP973\t"https:\/\/[^"\s]+"\tS854\t"https:\/\/[^"\s]+\.html"$/);
  });
});

describe('with the dumps', () => {
  it('are in the manifest with size, checksum and row count, and in SHA256SUMS (sha256sum -c agrees)', async () => {
    for (const [name, rows] of [
      [MIXNMATCH_FILE, tsv.trimEnd().split('\n').length - 1],
      [QUICKSTATEMENTS_FILE, qs.trimEnd().split('\n').length],
    ] as const) {
      const f = manifest.files.find((x) => x.name === name);
      const bytes = await readFile(join(root, 'a', name));
      expect(f).toMatchObject({ bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), rows });
    }
    const sums = await readFile(join(root, 'a', 'SHA256SUMS'), 'utf8');
    expect(sums).toContain(`  ${MIXNMATCH_FILE}\n`);
    expect(sums).toContain(`  ${QUICKSTATEMENTS_FILE}\n`);
    const out = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: join(root, 'a'), encoding: 'utf8' });
    expect(out).toContain(`${MIXNMATCH_FILE}: OK`);
  });

  it('are on the downloads page, named for what they are, with their number of rows', () => {
    const table = dumpsTable(manifest).toString();
    const mnm = manifest.files.find((f) => f.name === MIXNMATCH_FILE);
    expect(table).toContain(`<a href="/dumps/${MIXNMATCH_FILE}" download>${MIXNMATCH_FILE}</a>`);
    expect(table).toContain('Mix&#39;n&#39;match catalogue');
    expect(table).toContain('QuickStatements batch');
    expect(table).toContain(`${mnm?.rows ?? -1} rows`);
  });

  it('are the same bytes on a second build', async () => {
    await runBuild({ dataDir: 'data', ontologyDir: 'ontology', outDir: join(root, 'b'), base: BASE });
    for (const name of [MIXNMATCH_FILE, QUICKSTATEMENTS_FILE, 'manifest.json', 'SHA256SUMS']) {
      expect((await readFile(join(root, 'b', name))).equals(await readFile(join(root, 'a', name))), name).toBe(true);
    }
  });

  it('include the labels a curator saved from Wikidata, checked, and refuse a broken labels file', async () => {
    const copy = await copyData();
    try {
      const labels = { retrieved: '2026-12-01', source: 'https://www.wikidata.org/w/api.php', items: { Q813: { labels: { en: 'Kyrgyzstan', ru: 'Киргизия' } } } };
      await copy.write(LABELS_DATA_FILE, JSON.stringify(labels));
      const r = await runBuild({ dataDir: copy.dataDir, ontologyDir: 'ontology', outDir: join(root, 'c'), base: BASE });
      expect(r.manifest.files.find((f) => f.name === LABELS_DUMP_FILE)).toMatchObject({ format: 'wikidata-labels', rows: 1 });
      expect(parseLabels(await readFile(join(root, 'c', LABELS_DUMP_FILE), 'utf8'), LABELS_DUMP_FILE)).toEqual(labels);
      await copy.write(LABELS_DATA_FILE, JSON.stringify({ ...labels, items: { 'Q-813': { labels: {} } } }));
      await expect(runBuild({ dataDir: copy.dataDir, ontologyDir: 'ontology', outDir: join(root, 'd'), base: BASE })).rejects.toThrow(/data\/wikidata-labels\.json:1:1: "Q-813" is not a Wikidata item ID/);
      await expect(checkData({ dataDir: copy.dataDir, ontologyDir: 'ontology', base: BASE })).rejects.toThrow(/data\/wikidata-labels\.json:1:1: "Q-813" is not a Wikidata item ID/);
    } finally {
      await copy.remove();
    }
    // Without the file (as in data/ now), there is none in the dumps.
    expect(manifest.files.some((f) => f.name === LABELS_DUMP_FILE)).toBe(false);
  });

  it('are DCAT distributions in VoID with their media type and checksum, but not void:dataDump (they are not RDF)', () => {
    const index = new GraphIndex({ quads: graph.quads, base: BASE });
    const d = datasetDescription(index, { manifest, sparqlPath: '/sparql', licence: 'https://creativecommons.org/licenses/by-sa/4.0/' });
    for (const name of [MIXNMATCH_FILE, QUICKSTATEMENTS_FILE]) {
      const url = `${BASE}dumps/${name}`;
      const dist = d.find((q) => q.predicate.value === DCAT.downloadURL && q.object.value === url)?.subject;
      expect(dist, name).toBeDefined();
      expect(d.some((q) => q.subject.equals(dist) && q.predicate.value === DCAT.mediaType)).toBe(true);
      expect(d.some((q) => q.predicate.value === VOID.dataDump && q.object.value === url)).toBe(false);
    }
    expect(d.filter((q) => q.predicate.value === VOID.dataDump)).toHaveLength(12);
  });
});
