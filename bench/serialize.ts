// Times each writer, gzip and the whole dump build on synthetic quads shaped like the built graph; prints a table.
// Usage: npx tsx bench/serialize.ts [quads=1000000] [--dumps-only] [outDir]   (never asserts on time)
// --dumps-only skips the per-syntax table, so the peak RSS is that of writeDumps alone.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { literal, namedNode, quad, defaultGraph, type RDF } from '../src/rdf.js';
import { canonicalize } from '../src/serialize/canonical.js';
import { canonicalChunks, type RdfFormatName } from '../src/serialize/writers.js';
import { writeDumps, DUMP_FORMATS } from '../src/serialize/dumps.js';
import { DEFAULT_BASE_IRI } from '../src/config.js';
import { NS } from '../src/vocab.js';

const BASE = DEFAULT_BASE_IRI;
const args = process.argv.slice(2);
const dumpsOnly = args.includes('--dumps-only');
const [countArg, outArg] = args.filter((a) => a !== '--dumps-only');
const total = Number(countArg ?? 1_000_000);
if (!Number.isInteger(total) || total < 10) throw new Error(`quads must be a whole number >= 10, got ${countArg}`);

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);
const mb = (n: number): string => (n / 1048576).toFixed(1);

/**
 * Half the quads in the default graph, the other half the same statements again in fact graphs
 * of 8 statements each, like the build's provenance copies. Subjects of 10 statements with a
 * class, multilingual labels, dates, integers, links to other entities and the odd long quote.
 */
function synthetic(n: number): RDF.Quad[] {
  const xsd = (t: string): RDF.NamedNode => namedNode(`${NS.xsd}${t}`);
  const kinds = ['person', 'state', 'event', 'city', 'organization'];
  const langs = ['en', 'ky', 'ru', 'tr', 'hu'];
  const names = ['Kyrgyzstan', 'Кыргызстан', 'Киргизия', 'Kırgızistan', 'Kirgizisztán'];
  const ots = (l: string): RDF.NamedNode => namedNode(`${NS.ots}${l}`);
  const type = namedNode(`${NS.rdf}type`);
  const label = namedNode(`${NS.rdfs}label`);
  const half = Math.floor(n / 2);
  const out: RDF.Quad[] = [];
  for (let i = 0; out.length < half; i++) {
    const kind = kinds[i % kinds.length] as string;
    const s = namedNode(`${BASE}id/${kind}/entity-${i}`);
    const add = (p: RDF.NamedNode, o: RDF.Quad_Object): void => {
      if (out.length < half) out.push(quad(s, p, o, defaultGraph()));
    };
    add(type, ots(kind === 'event' ? 'Summit' : 'State'));
    for (let l = 0; l < 3; l++) add(label, literal(`${names[(i + l) % 5]} ${i}`, langs[(i + l) % 5]));
    add(ots('ordinal'), literal(String(i % 97), xsd('integer')));
    add(namedNode(`${NS.schema}startDate`), literal(`20${10 + (i % 15)}-11-0${1 + (i % 9)}`, xsd('date')));
    add(ots('year'), literal(String(2000 + (i % 30)), xsd('gYear')));
    add(ots('hostCountry'), namedNode(`${BASE}id/state/entity-${(i * 7) % 1000}`));
    add(namedNode(`${NS.owl}sameAs`), namedNode(`${NS.wd}Q${100000 + i}`));
    add(ots('topic'), literal(i % 10 === 0 ? `A longer quote about "cooperation" in the Turkic world,\nnumber ${i}, with <markup> & more.` : `topic ${i % 50}`));
  }
  const copies: RDF.Quad[] = [];
  for (let i = 0; i < out.length && out.length + copies.length < n; i++) {
    const q = out[i] as RDF.Quad;
    copies.push(quad(q.subject, q.predicate, q.object, namedNode(`${BASE}fact/synthetic/f${Math.floor(i / 8)}`)));
  }
  return out.concat(copies);
}

/** Wall time; on a shared machine the CPU time of this process (cpu()) is the steadier figure. */
let lastCpuMs = 0;
function time<T>(f: () => T): [T, number] {
  const c = process.cpuUsage();
  const t = performance.now();
  const r = f();
  const u = process.cpuUsage(c);
  lastCpuMs = (u.user + u.system) / 1000;
  return [r, performance.now() - t];
}
const s2 = (ms: number): string => (ms / 1000).toFixed(2);

const [quads, genMs] = time(() => synthetic(total));
console.log(`generated ${quads.length} quads in ${(genMs / 1000).toFixed(2)} s, RSS ${mb(process.memoryUsage.rss())} MB`);

/** The per-syntax table: each writer alone, then gzip of its whole output in one call. */
function perSyntax(): void {
  const [c, sortMs] = time(() => canonicalize(quads));
  const sortCpu = lastCpuMs;
  console.log(`canonicalize (read, validate, sort, dedupe): wall ${s2(sortMs)} s, cpu ${s2(sortCpu)} s`);

  console.log('\n| format | statements | text MB | write s (cpu) | gzip -6 s (cpu) | gz MB |');
  console.log('|---|---|---|---|---|---|');
  for (const format of DUMP_FORMATS as readonly RdfFormatName[]) {
    // Pieces are encoded as the dumps do (about a megabyte at a time) and kept, not concatenated, so the timing is the writer's.
    const [parts, writeMs] = time(() => {
      const out: Buffer[] = [];
      let batch = '';
      // As writeDumps writes them: JSON-LD with every named graph and its context inline.
      for (const piece of canonicalChunks(c, format, { base: BASE, ...(format === 'jsonld' ? { namedGraphs: true } : {}) })) {
        batch += piece;
        if (batch.length > 1 << 20) {
          out.push(Buffer.from(batch));
          batch = '';
        }
      }
      out.push(Buffer.from(batch));
      return out;
    });
    const buf = Buffer.concat(parts);
    parts.length = 0;
    const writeCpu = lastCpuMs;
    const [gz, gzMs] = time(() => gzipSync(buf, { level: 6 }));
    const gzCpu = lastCpuMs;
    const n = format === 'nquads' || format === 'trig' || format === 'jsonld' ? c.statements.length : c.defaultCount;
    console.log(`| ${format} | ${n} | ${mb(buf.length)} | ${s2(writeMs)} (${s2(writeCpu)}) | ${s2(gzMs)} (${s2(gzCpu)}) | ${mb(gz.length)} |`);
  }
}

if (!dumpsOnly) perSyntax();

const out = outArg ?? (await mkdtemp(join(tmpdir(), 'ots-kg-bench-')));
const [manifest, dumpMs, dumpCpu] = await (async () => {
  const c0 = process.cpuUsage();
  const t = performance.now();
  const m = await writeDumps({ quads, base: BASE, outDir: join(out, 'dumps') });
  const u = process.cpuUsage(c0);
  return [m, performance.now() - t, (u.user + u.system) / 1000] as const;
})();
clearInterval(sampler);
console.log(`\nwriteDumps (validate + sort + 6 syntaxes + gzip + checksums, to disk): wall ${s2(dumpMs)} s, cpu ${s2(dumpCpu)} s (gzip runs on the thread pool, so cpu can exceed wall) for ${manifest.quads} quads / ${manifest.triples} triples / ${manifest.graphs} graphs`);
console.log(`peak RSS over the whole run: ${mb(peakRss)} MB`);
if (outArg === undefined) await rm(out, { recursive: true, force: true });
