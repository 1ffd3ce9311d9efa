// The Oxigraph store as both query workers use it (the full engine and the light start-up worker): loading a version of
// the dataset (checked: it parses, is not empty, has the checksum its manifest gives), and the options that give a query
// its base IRI and the protocol's dataset. No Comunica here, so the light worker stays light.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import oxigraph from 'oxigraph';
import type * as ox from 'oxigraph';
import { checkLexicalForms, typedLiteralsOf, typedLiteralsOfBytes } from './lexical.js';

/** Loads N-Quads text into the store; a parse error names the dataset. */
export function loadNQuads(store: ox.Store, text: string): void {
  try {
    store.load(text, { format: 'application/n-quads', no_transaction: true });
  } catch (e) {
    throw new Error(`the dataset is not valid N-Quads: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** One version of the dataset, as the pool hands it to its workers: N-Quads text, or an N-Quads file they read themselves. */
export interface DatasetInput {
  /** Names this version (the dump's SHA-256 from its manifest, or a hash of the text given). */
  readonly version: string;
  /** The dataset as N-Quads text (tests, reloads given as text). */
  readonly nquads?: string;
  /** Or an N-Quads file, read in chunks by each worker (no copy of the text is ever whole in memory). */
  readonly file?: string;
  /**
   * The file opened once for this version (a descriptor of this process, which its worker threads share): workers that
   * start later (replacements) read this version through it even after a newer dump was written over `file`.
   */
  readonly fd?: number;
  /** SHA-256 (hex) the file must have, from the dump manifest; checked while it is read. */
  readonly sha256?: string;
  /** The base IRI the dump was built for (manifest.json), when known. */
  readonly base?: string;
}

/** A loaded version: the store, and whether it holds every typed literal exactly as written. */
export interface LoadedDataset {
  readonly version: string;
  readonly store: ox.Store;
  /** The store keeps every typed literal's lexical form (see lexical.ts). */
  readonly exact: boolean;
}

/** Bytes read at a time from a dataset file. */
const CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * The file in line-aligned chunks (one parse sees every line whole, blank node labels stay shared across chunks since
 * the store reads them as one document), hashing every byte and handing each chunk to `onChunk`.
 */
function* fileChunks(path: string, given: number | undefined, hash: ReturnType<typeof createHash>, onChunk: (bytes: Buffer) => void): Generator<Uint8Array> {
  const fd = given ?? openSync(path, 'r');
  try {
    let carry: Buffer = Buffer.alloc(0);
    // Reads at explicit positions: a descriptor shared by several workers has no position of its own to rely on.
    let position = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK_BYTES);
      const n = readSync(fd, buf, 0, CHUNK_BYTES, position);
      if (n === 0) break;
      position += n;
      const got = buf.subarray(0, n);
      hash.update(got);
      const all = carry.length > 0 ? Buffer.concat([carry, got]) : got;
      const nl = all.lastIndexOf(0x0a);
      if (nl < 0) {
        carry = Buffer.from(all);
        continue;
      }
      const piece = all.subarray(0, nl + 1);
      carry = Buffer.from(all.subarray(nl + 1));
      onChunk(piece);
      yield piece;
    }
    if (carry.length > 0) {
      onChunk(carry);
      yield carry;
    }
  } finally {
    if (given === undefined) closeSync(fd);
  }
}

/** What a loader found wrong with a version of the dataset: said once, with where and how to fix it. */
export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

/**
 * Loads one version into a new store and checks it: it parses as N-Quads, a file is not empty and has the SHA-256 its
 * manifest gives. Throws a DatasetError otherwise (the store is freed; nothing of it stays).
 */
export function loadDataset(input: DatasetInput): LoadedDataset {
  const store = new oxigraph.Store();
  const literals = new Set<string>();
  try {
    if (input.file !== undefined) {
      const hash = createHash('sha256');
      try {
        // A dump whose manifest gives its checksum was written by the build, which checked every term: the store may
        // then skip its own checks of IRIs and language tags (`lenient`, a quarter of the load time at 10^6 triples);
        // a file that does not hash to the manifest's checksum is refused below all the same.
        const lenient = input.sha256 !== undefined;
        store.load(fileChunks(input.file, input.fd, hash, (b) => typedLiteralsOfBytes(b, literals)), { format: 'application/n-quads', no_transaction: true, lenient });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code) throw new DatasetError(`cannot read the dataset ${input.file} (${code}): run 'npm run build', or set DUMPS_DIR to the folder holding it`);
        throw new DatasetError(`${input.file} is not valid N-Quads: ${e instanceof Error ? e.message : String(e)}; rebuild it with 'npm run build'`);
      }
      const sha = hash.digest('hex');
      if (input.sha256 !== undefined && sha !== input.sha256) {
        throw new DatasetError(`${input.file} has SHA-256 ${sha}, but manifest.json gives ${input.sha256}: the dump is incomplete or was changed after the build; rebuild it with 'npm run build'`);
      }
      if (store.size === 0) throw new DatasetError(`${input.file} holds no statements; rebuild it with 'npm run build'`);
    }
    if (input.nquads !== undefined) {
      try {
        loadNQuads(store, input.nquads);
      } catch (e) {
        throw new DatasetError(e instanceof Error ? e.message : String(e));
      }
      typedLiteralsOf(input.nquads, literals);
    }
  } catch (e) {
    // Its WASM memory goes back to the allocator now, not when the collector gets to it.
    (store as unknown as { free?: () => void }).free?.();
    throw e;
  }
  return { version: input.version, store, exact: checkLexicalForms(store, literals) };
}

export type StoreQueryOptions = NonNullable<Parameters<ox.Store['query']>[1]>;

/** Query options for a base IRI and the protocol dataset (default-graph-uri / named-graph-uri). */
export function storeQueryOptions(baseIri: string | undefined, defaultGraphs: readonly string[] = [], namedGraphs: readonly string[] = []): StoreQueryOptions {
  const opts: StoreQueryOptions = {};
  if (baseIri) opts.base_iri = baseIri;
  if (defaultGraphs.length > 0 || namedGraphs.length > 0) {
    // The protocol says: given either list, the request's dataset replaces the query's FROM / FROM NAMED entirely.
    opts.default_graph = defaultGraphs.map((g) => oxigraph.namedNode(g));
    opts.named_graphs = namedGraphs.map((g) => oxigraph.namedNode(g));
  }
  return opts;
}

