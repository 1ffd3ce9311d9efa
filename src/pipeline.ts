// The whole build: facts -> quads -> SHACL validation -> dumps, and the stamp that tells `npm start` whether a build is needed.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { buildGraph } from './build.js';
import type { BuiltGraph } from './graph/types.js';
import { MIXNMATCH_FILE, QUICKSTATEMENTS_FILE, mixnmatchCatalogue, quickStatements } from './wikidata/exports.js';
import { LABELS_DATA_FILE, LABELS_DUMP_FILE, LabelsFileError, labelsText, parseLabels, type WikidataLabels } from './wikidata/labels.js';
import { FactsError } from './facts/errors.js';
import { writeDumps, type DumpManifest, type DumpProgress, type ExtraDumpFile } from './serialize/dumps.js';
import { formatViolation, loadOntology, loadShapes, validateGraph, type Violation } from './validate/shacl.js';

/** Set by bin/bundle.mjs in a bundle: the folder of the TypeScript sources. */
declare const OTS_KG_SRC_DIR: string | undefined;

export class ValidationError extends Error {
  constructor(readonly violations: readonly Violation[]) {
    const shown = violations.slice(0, 50).map(formatViolation);
    const more = violations.length > 50 ? `\n... and ${violations.length - 50} more` : '';
    super(`the graph does not conform to ontology/shapes.ttl (${violations.length} violation${violations.length === 1 ? '' : 's'}):\n${shown.join('\n')}${more}`);
    this.name = 'ValidationError';
  }
}

export interface PipelineOptions {
  readonly dataDir: string;
  readonly ontologyDir: string;
  readonly outDir: string;
  readonly base: string;
  readonly log?: (line: string) => void;
  /** Told how far the dump writer is (src/progress.ts draws it). */
  readonly onProgress?: (event: DumpProgress) => void;
}

export interface PipelineResult {
  readonly graph: BuiltGraph;
  readonly manifest: DumpManifest;
  readonly timings: Readonly<Record<string, number>>;
}

/** Builds, validates and writes the dumps. Any failure throws before the dump folder is touched. */
export async function runBuild(opts: PipelineOptions): Promise<PipelineResult> {
  const log = opts.log ?? (() => undefined);
  const timings: Record<string, number> = {};
  const time = async <T>(name: string, f: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now();
    const r = await f();
    timings[name] = performance.now() - t0;
    return r;
  };
  const graph = await time('facts+graph', () => buildGraph({ dataDir: opts.dataDir, base: opts.base }));
  log(`built ${graph.quads.length} quads from ${opts.dataDir}`);
  const violations = await time('validate', async () => {
    const shapes = await loadShapes(join(opts.ontologyDir, 'shapes.ttl'));
    const ontology = await loadOntology(join(opts.ontologyDir, 'ots.ttl'));
    return validateGraph(graph.quads, shapes, ontology);
  });
  const errors = violations.filter((v) => v.severity === 'Violation');
  for (const w of violations.filter((v) => v.severity !== 'Violation')) log(`warning: ${formatViolation(w)}`);
  if (errors.length > 0) throw new ValidationError(errors);
  log('graph conforms to ontology/shapes.ttl');
  const extraFiles = await wikidataExports(graph.quads, opts.base, opts.dataDir);
  const manifest = await time('dumps', () => writeDumps({ quads: graph.quads, base: opts.base, outDir: opts.outDir, extraFiles, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) }));
  await writeStamp(opts, await inputsHash(opts));
  return { graph, manifest, timings };
}

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out.sort();
}

/** A hash of everything a build reads: the data, the ontology, the transformer's code (with the modules it uses) and the base IRI. */
export async function inputsHash(opts: Pick<PipelineOptions, 'dataDir' | 'ontologyDir' | 'base'>): Promise<string> {
  const h = createHash('sha256');
  h.update(`base ${opts.base}\n`);
  // Inside the command line's bundle (bin/bundle.mjs), the sources are where the bundle was made from.
  const srcDir = typeof OTS_KG_SRC_DIR === 'string' ? OTS_KG_SRC_DIR : resolve(dirname(new URL(import.meta.url).pathname));
  const dirs = [opts.dataDir, opts.ontologyDir, join(srcDir, 'facts'), join(srcDir, 'graph'), join(srcDir, 'serialize'), join(srcDir, 'validate'), join(srcDir, 'wikidata')];
  for (const d of dirs) {
    for (const f of await filesUnder(d)) {
      h.update(`${relative(resolve(d, '..'), f).split(sep).join('/')}\n`);
      h.update(await readFile(f));
    }
  }
  // The modules those folders build on: the build itself, the RDF terms and the vocabulary.
  for (const name of ['build.ts', 'pipeline.ts', 'rdf.ts', 'vocab.ts']) {
    h.update(`src/${name}\n`);
    h.update(await readFile(join(srcDir, name)));
  }
  return h.digest('hex');
}

function stampPath(outDir: string): string {
  return join(dirname(resolve(outDir)), `.${resolve(outDir).split(sep).pop() ?? 'dumps'}.stamp`);
}

async function writeStamp(opts: PipelineOptions, hash: string): Promise<void> {
  const p = stampPath(opts.outDir);
  await mkdir(dirname(p), { recursive: true });
  await writeFile(p, `${hash}\n`);
}

/** True when the dumps exist and were built from exactly the current inputs. */
export async function isUpToDate(opts: Pick<PipelineOptions, 'dataDir' | 'ontologyDir' | 'base' | 'outDir'>): Promise<boolean> {
  const p = stampPath(opts.outDir);
  if (!existsSync(p) || !existsSync(join(opts.outDir, 'manifest.json'))) return false;
  const [stamp, current] = await Promise.all([readFile(p, 'utf8'), inputsHash(opts)]);
  return stamp.trim() === current;
}

/**
 * The files for Wikidata editors that go out with the dumps (the Mix'n'match catalogue and the QuickStatements batch),
 * and the labels of the linked items as `ots-kg links verify --save-labels` last read them, when a curator saved them.
 */
export async function wikidataExports(quads: BuiltGraph['quads'], base: string, dataDir?: string): Promise<ExtraDumpFile[]> {
  const mnm = mixnmatchCatalogue(quads, base);
  const qs = quickStatements(quads, base);
  const files: ExtraDumpFile[] = [
    { name: MIXNMATCH_FILE, format: 'mixnmatch', mediaType: 'text/tab-separated-values', text: mnm.text, rows: mnm.rows },
    { name: QUICKSTATEMENTS_FILE, format: 'quickstatements', mediaType: 'text/plain', text: qs.text, rows: qs.rows },
  ];
  const labelsFile = dataDir ? join(dataDir, LABELS_DATA_FILE) : undefined;
  if (labelsFile && existsSync(labelsFile)) {
    const shown = `${basename(dirname(labelsFile))}/${LABELS_DATA_FILE}`;
    let labels: WikidataLabels;
    try {
      labels = parseLabels(await readFile(labelsFile, 'utf8'), shown);
    } catch (e) {
      if (e instanceof LabelsFileError) throw new FactsError([{ file: shown, line: 1, col: 1, path: '', reason: e.what, hint: "run 'ots-kg links verify --save-labels' again, or delete the file" }]);
      throw e;
    }
    files.push({ name: LABELS_DUMP_FILE, format: 'wikidata-labels', mediaType: 'application/json', text: labelsText(labels), rows: Object.keys(labels.items).length });
  }
  return files;
}
