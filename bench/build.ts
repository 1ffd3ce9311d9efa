// `npm run bench:build`: builds synthetic data at about 10^3, 10^5 and 10^6 triples and prints triples, time, peak memory and dump sizes.
// Each size runs in its own process so peak memory is that build's alone.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_BASE_IRI } from '../src/config.js';
import { fileURLToPath } from 'node:url';

interface Result {
  summits: number;
  triples: number;
  quads: number;
  generateMs: number;
  factsMs: number;
  validateMs: number;
  dumpsMs: number;
  totalMs: number;
  peakMB: number;
  bytes: Record<string, number>;
}

const SELF = fileURLToPath(import.meta.url);

async function child(summits: number): Promise<void> {
  const { writeSyntheticData } = await import('./synthetic.js');
  const { runBuild } = await import('../src/pipeline.js');
  const dir = await mkdtemp(join(tmpdir(), 'ots-kg-bench-'));
  try {
    const g0 = performance.now();
    // summits = 0 benchmarks the real data alone.
    const dataDir = summits === 0 ? 'data' : await writeSyntheticData({ dir, summits });
    const generateMs = performance.now() - g0;
    const t0 = performance.now();
    const { manifest, timings } = await runBuild({ dataDir, ontologyDir: 'ontology', outDir: join(dir, 'dumps'), base: DEFAULT_BASE_IRI });
    const totalMs = performance.now() - t0;
    const bytes: Record<string, number> = {};
    for (const f of manifest.files) {
      bytes[f.name] = f.bytes;
      if (f.gzip) bytes[f.gzip.name] = f.gzip.bytes;
    }
    const r: Result = {
      summits,
      triples: manifest.triples,
      quads: manifest.quads,
      generateMs,
      factsMs: timings['facts+graph'] ?? 0,
      validateMs: timings.validate ?? 0,
      dumpsMs: timings.dumps ?? 0,
      totalMs,
      peakMB: process.resourceUsage().maxRSS / 1024,
      bytes,
    };
    process.stdout.write(`RESULT ${JSON.stringify(r)}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function fmtBytes(n: number | undefined): string {
  if (n === undefined) return '-';
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e3).toFixed(0)} kB`;
}

async function parent(): Promise<void> {
  // Sizes: the real graph (~10^3), ~10^5 and ~10^6 default-graph triples. BENCH_SIZES overrides (summit counts).
  const sizes = (process.env.BENCH_SIZES ?? '0,195,1950').split(',').map(Number);
  const rows: Result[] = [];
  for (const n of sizes) {
    process.stderr.write(`building ${n === 0 ? 'the real data' : `${n} synthetic summits`}...\n`);
    const out = spawnSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=4096', SELF, '--child', String(n)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const line = out.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (out.status !== 0 || !line) {
      process.stderr.write(out.stdout + out.stderr);
      throw new Error(`the build of ${n} summits failed (exit ${out.status})`);
    }
    rows.push(JSON.parse(line.slice(7)) as Result);
  }
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  console.log('\n| summits | triples (default graph) | quads (all graphs) | facts+graph | validate | 5 syntaxes + gzip | total build | peak RSS | .nt | .ttl | .nq | .jsonld | .rdf | .nq.gz |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.summits === 0 ? 'real data' : r.summits} | ${r.triples.toLocaleString('en')} | ${r.quads.toLocaleString('en')} | ${s(r.factsMs)} | ${s(r.validateMs)} | ${s(r.dumpsMs)} | ${s(r.totalMs)} | ${Math.round(r.peakMB)} MB | ${fmtBytes(r.bytes['ots-kg.nt'])} | ${fmtBytes(r.bytes['ots-kg.ttl'])} | ${fmtBytes(r.bytes['ots-kg.nq'])} | ${fmtBytes(r.bytes['ots-kg.jsonld'])} | ${fmtBytes(r.bytes['ots-kg.rdf'])} | ${fmtBytes(r.bytes['ots-kg.nq.gz'])} |`,
    );
  }
  if (rows.length >= 2) {
    const a = rows[rows.length - 2]!;
    const b = rows[rows.length - 1]!;
    const perA = a.totalMs / a.triples;
    const perB = b.totalMs / b.triples;
    console.log(`\ncost per triple: ${(perA * 1000).toFixed(1)} µs at ${a.triples.toLocaleString('en')} triples, ${(perB * 1000).toFixed(1)} µs at ${b.triples.toLocaleString('en')} (ratio ${(perB / perA).toFixed(2)}; 1.00 is linear growth)`);
  }
}

if (process.argv[2] === '--child') await child(Number(process.argv[3]));
else await parent();
