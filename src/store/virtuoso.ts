// Virtuoso Open Source as a store for the dumps: starting a throwaway instance on loopback (tests and benchmarks),
// and bulk-loading an N-Quads dump with Virtuoso's own loader (ld_dir + rdf_loader_run), named graphs included.
// Everything goes through isql (Virtuoso's SQL client, `isql-vt` in Debian), which is how its manual drives the loader.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { freePort } from '../free-port.js';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

/** How to reach a running Virtuoso's SQL port. */
export interface IsqlTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** The isql program (Debian: `isql-vt`). */
  readonly isql?: string;
}

export const DEFAULT_ISQL = 'isql-vt';
export const DEFAULT_VIRTUOSO = 'virtuoso-t';

/** An error of Virtuoso or of reaching it, with what was being done. */
export class VirtuosoError extends Error {
  override readonly name = 'VirtuosoError';
}

/**
 * Runs an isql script (statements ending in `;`, one per line) and returns what isql printed.
 * Fails with the first `*** Error` line isql prints, or when isql cannot be started or connect.
 */
export function isql(target: IsqlTarget, script: string, opts: { timeoutMs?: number } = {}): Promise<string> {
  const program = target.isql ?? DEFAULT_ISQL;
  return new Promise((resolvePromise, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(program, [`${target.host}:${target.port}`, target.user, target.password, 'VERBOSE=OFF', 'BANNER=OFF', 'PROMPT=OFF', 'ECHO=OFF', 'ERRORS=STDOUT'], {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    } catch (e) {
      reject(new VirtuosoError(`cannot start ${program}: ${(e as Error).message}`));
      return;
    }
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined;
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new VirtuosoError(e.code === 'ENOENT' ? `${program} not found: install Virtuoso's client (Debian: apt-get install virtuoso-opensource)` : `${program}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const error = out.split('\n').find((l) => l.includes('*** Error') || l.startsWith('*** '));
      if (error) reject(new VirtuosoError(`isql on ${target.host}:${target.port}: ${error.replace(/^\*\*\* /, '').trim()}`));
      else if (signal) reject(new VirtuosoError(`isql on ${target.host}:${target.port} was stopped (${signal})${opts.timeoutMs ? ` after ${opts.timeoutMs} ms` : ''}`));
      else if (code !== 0) reject(new VirtuosoError(`isql on ${target.host}:${target.port} exited with ${code}: ${out.trim().slice(0, 500)}`));
      else resolvePromise(out);
    });
    child.stdin!.end(script.endsWith('\n') ? script : `${script}\n`);
  });
}

/** A SQL string literal. */
function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** The single value an isql query printed (isql prints the result column with VERBOSE=OFF as bare lines). */
function lastValue(out: string): string {
  const lines = out.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  return lines[lines.length - 1] ?? '';
}

export interface LoadOptions {
  /** The N-Quads file (`.nq` or `.nq.gz`); the Virtuoso server must be allowed to read its folder (DirsAllowed). */
  readonly file: string;
  /** Graph that the file's default-graph statements go into (Virtuoso has no unnamed default graph). */
  readonly defaultGraph: string;
  /**
   * Graphs of an earlier load to remove first, so that loading again replaces the dataset instead of doubling it:
   * the default graph and every graph whose IRI starts with one of these prefixes.
   */
  readonly replaceGraphsUnder: readonly string[];
}

export interface LoadResult {
  /** Quads in the loaded graphs after the load, as Virtuoso counts them. */
  readonly quads: number;
  /** Graphs removed before the load (those of an earlier version). */
  readonly graphsRemoved: number;
  readonly ms: number;
}

/** The IRIs of the graphs that hold our data: the default graph and those under the given prefixes. */
async function ourGraphs(target: IsqlTarget, opts: LoadOptions): Promise<string[]> {
  const out = await isql(target, "SELECT DISTINCT __ro2sq(id_to_iri(G)) FROM DB.DBA.RDF_QUAD;");
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter((g) => g === opts.defaultGraph || opts.replaceGraphsUnder.some((p) => p.length > 0 && g.startsWith(p)));
}

/** SQL condition on DB.DBA.RDF_QUAD's G: the default graph and the graphs under the prefixes of `opts`. */
function ourGraphCondition(opts: LoadOptions): string {
  const iri = '__ro2sq(id_to_iri(G))';
  const parts = [`G = iri_to_id(${sqlString(opts.defaultGraph)})`];
  for (const p of opts.replaceGraphsUnder) if (p.length > 0) parts.push(`subseq(${iri}, 0, ${Buffer.byteLength(p, 'utf8')}) = ${sqlString(p)}`);
  return `(${parts.join(' OR ')})`;
}

/** The absolute path of a dump file that exists, or an error saying how to make it. */
function dumpFile(given: string): string {
  const file = resolve(given);
  try {
    if (statSync(file).isFile()) return file;
  } catch {
    // missing: said below
  }
  throw new VirtuosoError(`${given}: no such dump file (build it first with \`npm run build\`)`);
}

/**
 * Bulk-loads an N-Quads dump with Virtuoso's loader, then checkpoints. Graphs of an earlier load (see
 * `replaceGraphsUnder`) are removed first, so a second load replaces the first.
 */
export async function loadNQuads(target: IsqlTarget, opts: LoadOptions): Promise<LoadResult> {
  const t0 = performance.now();
  const file = dumpFile(opts.file);
  if (!/\.nq(\.gz)?$/.test(file)) throw new VirtuosoError(`${opts.file}: the loader reads N-Quads; give the .nq or .nq.gz dump`);
  const old = await ourGraphs(target, opts);
  // Row-by-row logging off while removing and loading: the loader's own advice for bulk work. One DELETE over the quad
  // table removes every graph of the earlier load (a dump has one named graph per fact: 10^5 CLEAR GRAPH statements
  // would take minutes).
  if (old.length > 0) await isql(target, `log_enable(3,1);\nDELETE FROM DB.DBA.RDF_QUAD WHERE ${ourGraphCondition(opts)};\ncheckpoint;`);
  const dir = dirname(file);
  const name = basename(file);
  await isql(
    target,
    [
      `DELETE FROM DB.DBA.load_list WHERE ll_file = ${sqlString(join(dir, name))};`,
      `ld_dir(${sqlString(dir)}, ${sqlString(name)}, ${sqlString(opts.defaultGraph)});`,
      'rdf_loader_run();',
      'checkpoint;',
    ].join('\n'),
  );
  const state = await isql(target, `SELECT COALESCE(ll_error, 'ok') FROM DB.DBA.load_list WHERE ll_file = ${sqlString(join(dir, name))};`);
  const status = lastValue(state);
  if (status !== 'ok') throw new VirtuosoError(`Virtuoso's loader refused ${opts.file}: ${status}`);
  const quads = Number(lastValue(await isql(target, `SELECT COUNT(*) FROM DB.DBA.RDF_QUAD WHERE ${ourGraphCondition(opts)};`)));
  return { quads, graphsRemoved: old.length, ms: performance.now() - t0 };
}

// ---------------------------------------------------------------- a throwaway instance

export interface StartOptions {
  /** Folder for the database (made when missing); a new temporary folder when absent, removed on stop. */
  readonly dir?: string;
  /** Folders the server may bulk-load from, besides its own. */
  readonly loadDirs?: readonly string[];
  /** Memory for Virtuoso's buffers, in MB (its manual: about 2/3 of what the store may use). Default 512. */
  readonly memoryMb?: number;
  /** Longest a SPARQL query may run, in seconds (0 = no limit). Default 60. */
  readonly queryTimeoutS?: number;
  /** The server program (Debian: `virtuoso-t`). */
  readonly program?: string;
  readonly isql?: string;
  /** Longest to wait for the server to answer, in ms. Default 60 000. */
  readonly startTimeoutMs?: number;
}

export interface Virtuoso extends IsqlTarget {
  /** The SPARQL endpoint, `http://127.0.0.1:PORT/sparql`. */
  readonly sparqlUrl: string;
  readonly httpPort: number;
  readonly dir: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** The configuration of a loopback-only instance with its database in `dir`. */
export function virtuosoIni(input: { dir: string; sqlPort: number; httpPort: number; loadDirs: readonly string[]; memoryMb: number; queryTimeoutS: number }): string {
  const buffers = Math.max(2000, Math.round((input.memoryMb * 1024 * 1024 * 0.66) / 8192));
  const db = (f: string) => join(input.dir, f);
  return [
    '[Database]',
    `DatabaseFile = ${db('virtuoso.db')}`,
    `ErrorLogFile = ${db('virtuoso.log')}`,
    `LockFile = ${db('virtuoso.lck')}`,
    `TransactionFile = ${db('virtuoso.trx')}`,
    `xa_persistent_file = ${db('virtuoso.pxa')}`,
    'ErrorLogLevel = 7',
    'FileExtend = 200',
    'MaxCheckpointRemap = 2000',
    'Striping = 0',
    'TempStorage = TempDatabase',
    '[TempDatabase]',
    `DatabaseFile = ${db('virtuoso-temp.db')}`,
    `TransactionFile = ${db('virtuoso-temp.trx')}`,
    'MaxCheckpointRemap = 2000',
    'Striping = 0',
    '[Parameters]',
    `ServerPort = 127.0.0.1:${input.sqlPort}`,
    'DisableUnixSocket = 1',
    'CheckpointInterval = 60',
    'CaseMode = 2',
    'AllowOSCalls = 0',
    `DirsAllowed = ., ${[input.dir, ...input.loadDirs].map((d) => resolve(d)).join(', ')}`,
    'MaxClientConnections = 64',
    'ThreadsPerQuery = 2',
    'AsyncQueueMaxThreads = 10',
    `NumberOfBuffers = ${buffers}`,
    `MaxDirtyBuffers = ${Math.round(buffers * 0.75)}`,
    'MaxQueryMem = 1G',
    '[HTTPServer]',
    `ServerPort = 127.0.0.1:${input.httpPort}`,
    `ServerRoot = ${db('vsp')}`,
    'MaxClientConnections = 32',
    'ServerThreads = 32',
    'MaxKeepAlives = 32',
    'KeepAliveTimeout = 10',
    'Charset = UTF-8',
    'EnabledGzipContent = 0',
    '[SPARQL]',
    // Virtuoso truncates answers at ResultSetMaxRows without an error; the dumps' answers must come whole.
    'ResultSetMaxRows = 1000000000',
    'MaxQueryCostEstimationTime = 0',
    `MaxQueryExecutionTime = ${input.queryTimeoutS}`,
    '',
  ].join('\n');
}

/** Starts Virtuoso on loopback with its own database folder and free ports, and waits until SPARQL answers. */
export async function startVirtuoso(opts: StartOptions = {}): Promise<Virtuoso> {
  const owned = opts.dir === undefined;
  const dir = resolve(opts.dir ?? mkdtempSync(join(tmpdir(), 'ots-kg-virtuoso-')));
  mkdirSync(join(dir, 'vsp'), { recursive: true });
  const [sqlPort, httpPort] = [await freePort(), await freePort()];
  const ini = join(dir, 'virtuoso.ini');
  writeFileSync(ini, virtuosoIni({ dir, sqlPort, httpPort, loadDirs: opts.loadDirs ?? [], memoryMb: opts.memoryMb ?? 512, queryTimeoutS: opts.queryTimeoutS ?? 60 }));
  const program = opts.program ?? DEFAULT_VIRTUOSO;
  const child = spawn(program, ['+foreground', '+configfile', ini], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (log = (log + d).slice(-4000)));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (log = (log + d).slice(-4000)));
  let exited: string | undefined;
  const exitedP = new Promise<void>((res) => {
    child.on('error', (e: NodeJS.ErrnoException) => {
      exited = e.code === 'ENOENT' ? `${program} not found: install Virtuoso (Debian: apt-get install virtuoso-opensource)` : e.message;
      res();
    });
    child.on('exit', (code, signal) => {
      exited ??= `exited with ${code ?? signal}`;
      res();
    });
  });
  const cleanup = () => {
    if (owned) rmSync(dir, { recursive: true, force: true });
  };
  const sparqlUrl = `http://127.0.0.1:${httpPort}/sparql`;
  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  for (;;) {
    if (exited !== undefined) {
      cleanup();
      throw new VirtuosoError(`Virtuoso did not start: ${exited}\n${log.trim()}`);
    }
    try {
      const res = await fetch(`${sparqlUrl}?query=${encodeURIComponent('ASK {}')}`, { headers: { accept: 'application/sparql-results+json' }, signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exitedP;
      cleanup();
      throw new VirtuosoError(`Virtuoso did not answer on ${sparqlUrl} within ${opts.startTimeoutMs ?? 60_000} ms\n${log.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const target = { host: '127.0.0.1', port: sqlPort, user: 'dba', password: 'dba', ...(opts.isql ? { isql: opts.isql } : {}) };
  return {
    ...target,
    sparqlUrl,
    httpPort,
    dir,
    pid: child.pid!,
    async stop() {
      if (exited === undefined) {
        // A clean shutdown checkpoints; a throwaway database needs none, so a kill after a short wait is fine.
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exitedP;
        clearTimeout(timer);
      }
      cleanup();
    },
  };
}

// ---------------------------------------------------------------- one dataset version, with its metadata

export interface DatasetLoadOptions {
  /** The N-Quads dump (`ots-kg.nq` of a dumps folder); its manifest.json beside it names the version. */
  readonly file: string;
  /** The base IRI the dump was built for: the graphs under it are the dataset's (and those of an earlier load). */
  readonly base: string;
  /** Graph for the dump's default-graph statements (default: the project's, see store/remote.ts). */
  readonly defaultGraph?: string;
}

export interface DatasetLoadResult extends LoadResult {
  /** The version now recorded in the store. */
  readonly version: string;
  /** Triples of the dataset's default graph. */
  readonly triples: number;
}

/** The version of a dump: from manifest.json beside it (the SHA-256 it gives the file), else the file's own SHA-256. */
async function dumpVersion(file: string): Promise<{ version: string; sha256: string; base?: string }> {
  const { readFile } = await import('node:fs/promises');
  const { createHash } = await import('node:crypto');
  const { createReadStream } = await import('node:fs');
  try {
    const m = JSON.parse(await readFile(join(dirname(file), 'manifest.json'), 'utf8')) as { base?: unknown; files?: { name?: unknown; sha256?: unknown }[] };
    const entry = Array.isArray(m.files) ? m.files.find((f) => f.name === basename(file)) : undefined;
    if (entry && typeof entry.sha256 === 'string' && /^[0-9a-f]{64}$/.test(entry.sha256)) {
      return { version: entry.sha256.slice(0, 16), sha256: entry.sha256, ...(typeof m.base === 'string' ? { base: m.base } : {}) };
    }
  } catch {
    // no manifest: the file's own hash names it
  }
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  const sha256 = hash.digest('hex');
  return { version: sha256.slice(0, 16), sha256 };
}

/**
 * Loads one version of the dataset: the metadata graph goes first (so a server checking the store sees no dataset
 * while it changes and answers 503 instead of mixing versions), then the graphs of the earlier load, then the dump is
 * bulk-loaded, and the metadata graph written last with the version, the counts and the graphs that are not the
 * dataset's (the store's own), which queries keep out of GRAPH ?g.
 */
export async function loadDataset(target: IsqlTarget, opts: DatasetLoadOptions): Promise<DatasetLoadResult> {
  const { META_GRAPH, DEFAULT_GRAPH, metadataTriples } = await import('./remote.js');
  const t0 = performance.now();
  const file = dumpFile(opts.file);
  const { version, sha256, base: builtFor } = await dumpVersion(file);
  if (builtFor !== undefined && builtFor !== opts.base) {
    throw new VirtuosoError(`${opts.file} was built for base ${builtFor}, not ${opts.base}: give --base ${builtFor}, or rebuild the dumps with BASE_IRI=${opts.base}`);
  }
  const defaultGraph = opts.defaultGraph ?? DEFAULT_GRAPH;
  await isql(target, `log_enable(3,1);\nSPARQL CLEAR GRAPH <${META_GRAPH}>;`);
  const loaded = await loadNQuads(target, { file, defaultGraph, replaceGraphsUnder: [opts.base, defaultGraph] });
  const triples = Number(lastValue(await isql(target, `SELECT COUNT(*) FROM DB.DBA.RDF_QUAD WHERE G = iri_to_id(${sqlString(defaultGraph)});`)));
  const all = (await isql(target, 'SELECT DISTINCT __ro2sq(id_to_iri(G)) FROM DB.DBA.RDF_QUAD;')).split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  // Every graph of the store that is not the dataset's: the store's own, and the metadata graph itself. (The graph
  // standing for the default graph is kept out of GRAPH ?g by the query rewriting in query/remote-source.ts.)
  const foreign = [...new Set([...all.filter((g) => g !== defaultGraph && !g.startsWith(opts.base)), META_GRAPH])];
  const meta = metadataTriples({ version, sha256, base: opts.base, defaultGraph, quads: loaded.quads, triples, loadedAt: new Date().toISOString(), loader: 'virtuoso', excludeGraphs: foreign });
  await isql(target, `SPARQL INSERT DATA { GRAPH <${META_GRAPH}> { ${meta.replace(/\n/g, ' ')} } };\ncheckpoint;`);
  return { ...loaded, version, triples, ms: performance.now() - t0 };
}
