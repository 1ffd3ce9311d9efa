// Measures engine set-ups in-process (median ms a query) on the real graph and a synthetic one: `npx tsx src/query/measure.ts [summits]`.
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as RDF from '@rdfjs/types';
import { QueryEngine } from '@comunica/query-sparql';
import { RdfStore } from 'rdf-stores';
import oxigraph from 'oxigraph';
import { Store as N3Store } from '../rdf.js';
import { buildGraph } from '../build.js';
import { DEFAULT_BASE_IRI } from '../config.js';
import { SparqlEngine } from './engine.js';

const BASE = DEFAULT_BASE_IRI;

const QUERIES: Readonly<Record<string, string>> = {
  lookup: `SELECT ?p ?o WHERE { <${BASE}id/state/kyrgyzstan> ?p ?o }`,
  participants: readFileSync('sparql/participants.rq', 'utf8'),
  join: `PREFIX ots: <https://w3id.org/ots-kg/ontology#>
SELECT ?summit ?state ?person WHERE { ?summit ots:participation ?p . ?p ots:participant ?state ; ots:representative ?person } LIMIT 200`,
  count: 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }',
};

type Runner = (query: string) => Promise<number>;

/** Median of timed runs after a warm-up, stopping early on slow cells so the table takes minutes, not hours. */
async function median(run: Runner, query: string): Promise<number> {
  for (let i = 0; i < 5; i++) await run(query);
  const times: number[] = [];
  const budget = performance.now() + 2_000;
  while (times.length < 60 && (times.length < 5 || performance.now() < budget)) {
    const t = performance.now();
    await run(query);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

async function setups(quads: readonly RDF.Quad[]): Promise<Record<string, Runner>> {
  const nquads = new oxigraph.Store(quads.map((q) => oxigraph.fromQuad(q))).dump({ format: 'application/n-quads' });
  const ox = new oxigraph.Store();
  ox.load(nquads, { format: 'application/n-quads' });
  const n3 = new N3Store([...quads]);
  const rs = RdfStore.createDefault();
  for (const q of quads) rs.addQuad(q);
  const comunica = new QueryEngine();
  const ours = SparqlEngine.create({ nquads });
  const count = async (p: Promise<{ toArray(): Promise<unknown[]> }>): Promise<number> => (await (await p).toArray()).length;
  return {
    'Oxigraph store.query() alone': async (q) => {
      const r = ox.query(q);
      return Array.isArray(r) ? r.length : 1;
    },
    'Comunica over N3.Store': (q) => count(comunica.queryBindings(q, { sources: [n3] })),
    'Comunica over rdf-stores': (q) => count(comunica.queryBindings(q, { sources: [rs] })),
    'Comunica + Oxigraph pushdown source (evaluate)': async (q) => {
      const r = await ours.evaluate(q);
      return r.type === 'bindings' ? r.bindings.length : 1;
    },
    'same, serialized as SPARQL JSON (what a worker does)': async (q) => {
      const a = await ours.answer(q, {});
      let n = 0;
      for await (const c of a.body) n += c.length;
      return n;
    },
  };
}

async function table(label: string, quads: readonly RDF.Quad[]): Promise<string> {
  const runners = await setups(quads);
  const names = Object.keys(QUERIES);
  const lines = [`### ${label} (${quads.length} quads)`, '', `| set-up | ${names.join(' | ')} |`, `|---|${names.map(() => '---:').join('|')}|`];
  for (const [setup, run] of Object.entries(runners)) {
    const cells: string[] = [];
    for (const n of names) cells.push((await median(run, QUERIES[n] as string)).toFixed(2));
    lines.push(`| ${setup} | ${cells.join(' | ')} |`);
    process.stderr.write(`${label}: ${setup} done\n`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const summits = Number(process.argv[2] ?? '360');
  const out: string[] = [];
  const real = await buildGraph({ dataDir: 'data', base: BASE });
  out.push(await table('real graph', real.quads));
  if (summits > 0) {
    const dir = await mkdtemp(join(tmpdir(), 'ots-kg-measure-'));
    try {
      const { writeSyntheticData } = (await import('../../bench/synthetic.js')) as { writeSyntheticData: (o: { dir: string; summits: number }) => Promise<string> };
      const dataDir = await writeSyntheticData({ dir, summits });
      const synth = await buildGraph({ dataDir, base: BASE });
      out.push(await table(`synthetic graph, ${summits} summits`, synth.quads));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  console.log(`median ms a query, in-process, ${new Date().toISOString()}\n\n${out.join('\n\n')}`);
}

await main();
