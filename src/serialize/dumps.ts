// Writes the dump directory (six syntaxes, each gzipped, manifest, SHA256SUMS) and swaps it in atomically.
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join, resolve } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';
import type * as RDF from '@rdfjs/types';
import { formatByName, type Format } from './formats.js';
import { SerializeError, canonicalize, type CanonicalQuads } from './canonical.js';
import { canonicalChunks, type RdfFormatName } from './writers.js';
import { ntriplesParts } from './ntriples.js';
import { turtleParts } from './turtle.js';

export interface DumpFile {
  name: string;
  format: string;
  mediaType: string;
  bytes: number;
  sha256: string;
  /** Triples in the file (graph formats: the default graph). */
  triples?: number;
  /** Quads in the file (dataset formats and the JSON-LD dump: the default graph and every named graph). */
  quads?: number;
  gzip?: { name: string; bytes: number; sha256: string };
  /** Lines of data in a file that is not RDF (the exports for Wikidata editors). */
  rows?: number;
}

/** A file that is not RDF but goes out with the dumps (listed in the manifest, checksummed): the exports for Wikidata editors. */
export interface ExtraDumpFile {
  readonly name: string;
  /** A short name of its format, e.g. `mixnmatch`. */
  readonly format: string;
  readonly mediaType: string;
  readonly text: string;
  readonly rows: number;
}

/** What manifest.json says. No timestamps: the same quads give a byte-identical directory. */
export interface DumpManifest {
  /** The dataset's IRI, `{base}dataset`. */
  dataset: string;
  base: string;
  /** Distinct triples in the default graph. */
  triples: number;
  /** Distinct quads over all graphs. */
  quads: number;
  /** Named graphs (one per fact). */
  graphs: number;
  files: DumpFile[];
}

export interface WriteDumpsOptions {
  readonly quads: readonly RDF.Quad[];
  readonly base: string;
  /** The dump directory; replaced as a whole. If it exists it must be a previous dump directory (holding manifest.json) or empty. */
  readonly outDir: string;
  /** File name stem, default 'ots-kg'. */
  readonly name?: string;
  /** gzip level 1-9, default 6. */
  readonly gzipLevel?: number;
  /**
   * Called before each piece of output is written, with the file name and the piece's index.
   * Throwing aborts the build as a failing writer would; tests use it to fail mid-file.
   */
  readonly onChunk?: (file: string, index: number) => void;
  /** Told what is being done and how far along it is (the command line draws it: src/progress.ts). */
  readonly onProgress?: (event: DumpProgress) => void;
  /** Files written beside the RDF dumps, after them in the manifest (not gzipped: they are small). */
  readonly extraFiles?: readonly ExtraDumpFile[];
}

/**
 * Progress of writeDumps: the sort, then each step of WRITE_PLAN (one syntax, or a graph syntax and the dataset syntax
 * that begins with it) with the bytes written so far. `expectedBytes` estimates the step's size from the previous
 * dumps in the folder (their bytes per statement), when there are any.
 */
export type DumpProgress =
  | { readonly kind: 'sort'; readonly statements: number }
  | { readonly kind: 'write'; readonly step: number; readonly steps: number; readonly files: readonly string[]; readonly bytes: number; readonly expectedBytes?: number }
  | { readonly kind: 'wrote'; readonly step: number; readonly steps: number; readonly files: readonly string[]; readonly bytes: number; readonly ms: number }
  | { readonly kind: 'done'; readonly files: number; readonly ms: number };

/** The dumps in the order manifest.json lists them. */
export const DUMP_FORMATS: readonly RdfFormatName[] = ['turtle', 'ntriples', 'nquads', 'trig', 'jsonld', 'rdfxml'];
export const MANIFEST_FILE = 'manifest.json';
export const CHECKSUM_FILE = 'SHA256SUMS';

/** Bytes handed to the file and to gzip at a time. */
const BATCH_CHARS = 1 << 20;
/** How far text generation may run ahead of the compressor (zlib works on the thread pool meanwhile). */
const GZIP_BUFFER = 16 << 20;

interface Written {
  bytes: number;
  sha256: string;
  gzip?: { bytes: number; sha256: string };
}

function hashing(hash: Hash, count: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      hash.update(chunk);
      count.bytes += chunk.length;
      done(null, chunk);
    },
  });
}

async function write(stream: WriteStream | Gzip, buf: Buffer): Promise<void> {
  // events.once rejects if the stream fails while we wait, so a disk error cannot hang the build.
  if (!stream.write(buf)) await once(stream, 'drain');
}

/** One output file and, if asked, its .gz twin; both hashed and counted on the way. */
class DumpSink {
  private readonly hash = createHash('sha256');
  private readonly plain: WriteStream;
  private readonly plainDone: Promise<unknown>;
  private readonly gzip: Gzip | undefined;
  private readonly gzDone: Promise<void> | undefined;
  private readonly gzHash = createHash('sha256');
  private readonly gzCount = { bytes: 0 };
  private bytes = 0;
  pieces = 0;

  /** Bytes handed to the file so far. */
  get written(): number {
    return this.bytes;
  }

  constructor(
    readonly name: string,
    path: string,
    gzipLevel: number | undefined,
  ) {
    this.plain = createWriteStream(path);
    this.plainDone = once(this.plain, 'close');
    this.plainDone.catch(() => undefined);
    if (gzipLevel !== undefined) {
      this.gzip = createGzip({ level: gzipLevel, writableHighWaterMark: GZIP_BUFFER } as Parameters<typeof createGzip>[0]);
      this.gzDone = pipeline(this.gzip, hashing(this.gzHash, this.gzCount), createWriteStream(`${path}.gz`));
      this.gzDone.catch(() => undefined);
    }
  }

  async write(buf: Buffer): Promise<void> {
    this.hash.update(buf);
    this.bytes += buf.length;
    await Promise.all([write(this.plain, buf), this.gzip ? write(this.gzip, buf) : undefined]);
  }

  async close(): Promise<Written> {
    this.plain.end();
    this.gzip?.end();
    await Promise.all([this.plainDone, this.gzDone]);
    const out: Written = { bytes: this.bytes, sha256: this.hash.digest('hex') };
    if (this.gzip) out.gzip = { bytes: this.gzCount.bytes, sha256: this.gzHash.digest('hex') };
    return out;
  }

  async destroy(): Promise<void> {
    this.plain.destroy();
    this.gzip?.destroy();
    await Promise.allSettled([this.plainDone, this.gzDone]);
  }
}

/** Feeds text pieces to every sink, encoded once per batch of about a megabyte; `flushed` is called after each batch. */
async function pump(sinks: readonly DumpSink[], pieces: Iterable<string>, onChunk: WriteDumpsOptions['onChunk'], flushed?: () => void): Promise<void> {
  let batch = '';
  const flush = async (): Promise<void> => {
    const buf = Buffer.from(batch, 'utf8');
    batch = '';
    await Promise.all(sinks.map((s) => s.write(buf)));
    flushed?.();
  };
  for (const piece of pieces) {
    if (onChunk) for (const s of sinks) onChunk(s.name, s.pieces++);
    batch += piece;
    if (batch.length >= BATCH_CHARS) await flush();
  }
  if (batch !== '') await flush();
}

function checkName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new SerializeError(`dump name ${JSON.stringify(name)} must be a plain file-name stem (letters, digits, '.', '_', '-'), e.g. "ots-kg"`);
  }
}

/** Refuses to replace a directory that is not ours: the swap deletes the previous contents. */
async function checkReplaceable(outDir: string): Promise<boolean> {
  let info;
  try {
    info = await stat(outDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
  if (!info.isDirectory()) throw new SerializeError(`${outDir} exists and is not a directory; remove it or choose another dump directory`);
  const entries = await readdir(outDir);
  if (entries.length > 0 && !entries.includes(MANIFEST_FILE)) {
    throw new SerializeError(`${outDir} is not empty and holds no ${MANIFEST_FILE}, so it is not a dump directory this build may replace; empty it or choose another directory`);
  }
  return true;
}

/** Which dumps are written together: a dataset file that begins with its graph file shares that part. */
const WRITE_PLAN: readonly (readonly [RdfFormatName, RdfFormatName?])[] = [
  ['turtle', 'trig'],
  ['ntriples', 'nquads'],
  ['jsonld'],
  ['rdfxml'],
];

function formatOf(name: RdfFormatName): Format {
  const f = formatByName(name);
  if (f === undefined) throw new Error(`format ${name} is missing from the format table`);
  return f;
}

/** Statements a dump of this format holds: every quad for the dataset syntaxes and JSON-LD, else the default graph. */
function statementsIn(format: RdfFormatName, c: CanonicalQuads): number {
  return formatOf(format).kind === 'dataset' || format === 'jsonld' ? c.statements.length : c.defaultCount;
}

/** The size a file will about have, from the previous dumps' bytes per statement; undefined when there were none. */
function expectedSize(previous: DumpManifest | undefined, name: string, statements: number): number | undefined {
  const f = previous?.files.find((x) => x.name === name);
  const had = f?.quads ?? f?.triples;
  return f && had ? Math.round((f.bytes / had) * statements) : undefined;
}

async function writeAll(dir: string, c: CanonicalQuads, opts: WriteDumpsOptions, stem: string, previous: DumpManifest | undefined): Promise<DumpManifest> {
  const level = opts.gzipLevel ?? 6;
  const written = new Map<RdfFormatName, Written>();
  const progress = opts.onProgress;
  for (const [index, [graphFormat, datasetFormat]] of WRITE_PLAN.entries()) {
    const sink = (f: RdfFormatName): DumpSink => {
      const name = `${stem}.${formatOf(f).extension}`;
      return new DumpSink(name, join(dir, name), level);
    };
    const first = sink(graphFormat);
    const second = datasetFormat ? sink(datasetFormat) : undefined;
    const step = { step: index + 1, steps: WRITE_PLAN.length, files: second ? [first.name, second.name] : [first.name] };
    const expected = [[graphFormat, first.name] as const, ...(second && datasetFormat ? [[datasetFormat, second.name] as const] : [])].map(([f, name]) => expectedSize(previous, name, statementsIn(f, c)));
    const expectedBytes = expected.every((e) => e !== undefined) ? expected.reduce((a: number, b) => a + (b ?? 0), 0) : undefined;
    const bytes = (): number => first.written + (second?.written ?? 0);
    const report = progress && ((): void => progress({ kind: 'write', ...step, bytes: bytes(), ...(expectedBytes !== undefined ? { expectedBytes } : {}) }));
    const t0 = performance.now();
    report?.();
    try {
      if (graphFormat === 'turtle' || graphFormat === 'ntriples') {
        const parts = graphFormat === 'turtle' ? turtleParts(c, { base: opts.base }) : ntriplesParts(c);
        await pump(second ? [first, second] : [first], parts.graph, opts.onChunk, report);
        if (second) await pump([second], parts.rest, opts.onChunk, report);
      } else {
        // JSON-LD carries the named graphs too (JSON-LD 1.1), with its context inline: the file stands alone.
        await pump([first], canonicalChunks(c, graphFormat, { base: opts.base, namedGraphs: true }), opts.onChunk, report);
      }
      written.set(graphFormat, await first.close());
      if (second && datasetFormat) written.set(datasetFormat, await second.close());
      progress?.({ kind: 'wrote', ...step, bytes: bytes(), ms: performance.now() - t0 });
    } catch (e) {
      await Promise.all([first.destroy(), second?.destroy()]);
      throw e;
    }
  }

  const files: DumpFile[] = [];
  for (const format of DUMP_FORMATS) {
    const f = formatOf(format);
    const w = written.get(format);
    if (w === undefined) throw new Error(`dump ${format} was not written`);
    const name = `${stem}.${f.extension}`;
    const file: DumpFile = { name, format, mediaType: f.mediaType, bytes: w.bytes, sha256: w.sha256 };
    if (f.kind === 'dataset' || format === 'jsonld') file.quads = statementsIn(format, c);
    else file.triples = statementsIn(format, c);
    if (w.gzip) file.gzip = { name: `${name}.gz`, ...w.gzip };
    files.push(file);
  }
  for (const extra of opts.extraFiles ?? []) {
    checkName(extra.name);
    if (files.some((f) => f.name === extra.name)) throw new Error(`extra dump file ${extra.name} has the name of a dump`);
    const bytes = Buffer.from(extra.text, 'utf8');
    await writeFile(join(dir, extra.name), bytes);
    files.push({ name: extra.name, format: extra.format, mediaType: extra.mediaType, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), rows: extra.rows });
  }
  const manifest: DumpManifest = { dataset: `${opts.base}dataset`, base: opts.base, triples: c.defaultCount, quads: c.statements.length, graphs: c.graphs, files };
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  await writeFile(join(dir, MANIFEST_FILE), manifestText);

  // sha256sum -c format: "<hex>  <name>" (two spaces: read as text), every file but this one.
  const sums: [string, string][] = [[createHash('sha256').update(manifestText).digest('hex'), MANIFEST_FILE]];
  for (const f of files) {
    sums.push([f.sha256, f.name]);
    if (f.gzip) sums.push([f.gzip.sha256, f.gzip.name]);
  }
  sums.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  await writeFile(join(dir, CHECKSUM_FILE), sums.map(([h, n]) => `${h}  ${n}\n`).join(''));
  return manifest;
}

/** A temp folder without a process id in its name (written before ids were recorded) counts as stale after this long. */
const UNOWNED_STALE_MS = 60 * 60 * 1000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temp folders a killed build left beside `outDir` (`.<name>.new-*`, and `.<name>.old-*` once `outDir`
 * exists, since until then an old one may hold the only copy of the previous dumps). A folder whose builder is still
 * running (its process id is in the name) is left alone; one without an id only when it is less than an hour old.
 */
async function removeStaleTemps(parent: string, name: string, outDirExists: boolean): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(parent);
  } catch {
    return;
  }
  for (const entry of entries) {
    const m = new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(new|old)-(?:(\\d+)-)?[^/]+$`).exec(entry);
    if (!m || (m[1] === 'old' && !outDirExists)) continue;
    const path = join(parent, entry);
    if (m[2] !== undefined) {
      if (Number(m[2]) !== process.pid && alive(Number(m[2]))) continue;
      if (Number(m[2]) === process.pid) continue; // this process's own, in use
    } else {
      const st = await stat(path).catch(() => undefined);
      if (!st || Date.now() - st.mtimeMs < UNOWNED_STALE_MS) continue;
    }
    await rm(path, { recursive: true, force: true });
  }
}

/**
 * Writes every dump into a fresh directory beside `outDir`, then swaps it in: the old directory is
 * renamed away, the new one renamed into place, the old one removed. A failure at any point
 * before the swap leaves the previous dumps untouched and removes the half-written directory.
 * Deterministic: the same quads and base give byte-identical files (for one zlib version).
 */
export async function writeDumps(opts: WriteDumpsOptions): Promise<DumpManifest> {
  const stem = opts.name ?? 'ots-kg';
  checkName(stem);
  if (opts.gzipLevel !== undefined && !(Number.isInteger(opts.gzipLevel) && opts.gzipLevel >= 1 && opts.gzipLevel <= 9)) {
    throw new SerializeError(`gzipLevel ${opts.gzipLevel} is not a whole number from 1 to 9`);
  }
  const t0 = performance.now();
  opts.onProgress?.({ kind: 'sort', statements: opts.quads.length });
  const c = canonicalize(opts.quads);
  const outDir = resolve(opts.outDir);
  const parent = dirname(outDir);
  await mkdir(parent, { recursive: true });
  const exists = await checkReplaceable(outDir);
  const previous = exists ? await previousManifest(outDir) : undefined;
  await removeStaleTemps(parent, basename(outDir), exists);

  // The builder's process id in the name tells a later build whether this folder is still being written.
  const tmp = await mkdtemp(join(parent, `.${basename(outDir)}.new-${process.pid}-`));
  let manifest: DumpManifest;
  try {
    manifest = await writeAll(tmp, c, opts, stem, previous);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }

  const old = exists ? await mkdtemp(join(parent, `.${basename(outDir)}.old-${process.pid}-`)) : undefined;
  const parked = old === undefined ? undefined : join(old, 'dumps');
  let movedAway = false;
  try {
    // rename(2) cannot replace a non-empty directory, so the old one steps aside first.
    if (parked !== undefined) {
      await rename(outDir, parked);
      movedAway = true;
    }
    await rename(tmp, outDir);
  } catch (e) {
    if (movedAway && parked !== undefined) {
      try {
        await rename(parked, outDir);
      } catch (restore) {
        // Never delete the only copy of the previous dumps: say where they are.
        throw new SerializeError(`could not put the new dumps in place (${String(e)}) nor the previous ones back (${String(restore)}); the previous dumps are in ${parked}, the new ones in ${tmp}`);
      }
    }
    await rm(tmp, { recursive: true, force: true });
    if (old !== undefined) await rm(old, { recursive: true, force: true });
    throw e;
  }
  if (old !== undefined) await rm(old, { recursive: true, force: true });
  opts.onProgress?.({ kind: 'done', files: manifest.files.length, ms: performance.now() - t0 });
  return manifest;
}

/** The manifest of the dumps being replaced, for size estimates; undefined when it cannot be read. */
async function previousManifest(outDir: string): Promise<DumpManifest | undefined> {
  try {
    const m = JSON.parse(await readFile(join(outDir, MANIFEST_FILE), 'utf8')) as DumpManifest;
    return Array.isArray(m.files) ? m : undefined;
  } catch {
    return undefined;
  }
}
