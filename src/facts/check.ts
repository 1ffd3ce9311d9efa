// `ots-kg check`: every problem of the data folder in one pass. Form, names, citations, quotes and duplicate IRIs
// come from reading the facts; the shapes are then checked on the graph built from what could be read, and a shape
// violation is reported at the line of the item that states its focus node.
import { join } from 'node:path';
import { factsToQuads } from '../graph/quads.js';
import { formatViolation, loadOntology, loadShapes, validateGraph, type Violation } from '../validate/shacl.js';
import { FactsError, type FactIssue } from './errors.js';
import { collectFacts } from './load.js';
import type { ResolvedFacts, Term } from './resolve.js';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { LABELS_DATA_FILE, LabelsFileError, parseLabels } from '../wikidata/labels.js';

export interface CheckOptions {
  readonly dataDir: string;
  readonly ontologyDir: string;
  /** Base IRI ending in '/'. */
  readonly base: string;
}

export interface CheckResult {
  readonly facts: ResolvedFacts;
  /** Shape warnings (severity below Violation): reported, not errors. */
  readonly warnings: readonly Violation[];
}

/** Runs every check; throws one FactsError listing every problem found, of every stage. */
export async function checkData(opts: CheckOptions): Promise<CheckResult> {
  const { facts, issues } = await collectFacts({ dataDir: opts.dataDir });
  const quads = factsToQuads(facts, { base: opts.base });
  const [shapes, ontology] = await Promise.all([loadShapes(join(opts.ontologyDir, 'shapes.ttl')), loadOntology(join(opts.ontologyDir, 'ots.ttl'))]);
  const violations = validateGraph(quads, shapes, ontology);

  // A node named in an item that had a problem may lack what the item would have said: the shapes are not asked about it.
  // Violations name nodes as <iri>.
  const iriOf = (t: Term): string | undefined => (t.t === 'path' ? `<${opts.base}${t.path}>` : t.t === 'iri' ? `<${t.iri}>` : undefined);
  const doubtful = new Set<string>();
  const statedAt = new Map<string, { file: string; line: number }>();
  for (const f of facts.facts) {
    const graph = `<${opts.base}${f.key}>`;
    statedAt.set(graph, { file: f.file, line: f.line });
    if (f.incomplete) doubtful.add(graph);
    // The item's own node (the subject it states first) is the one its missing fields would have described.
    const own = f.triples[0] ? iriOf(f.triples[0][0]) : undefined;
    if (f.incomplete && own) doubtful.add(own);
    for (const [s] of f.triples) {
      const si = iriOf(s);
      if (si && !statedAt.has(si)) statedAt.set(si, { file: f.file, line: f.line });
    }
  }
  const shapeIssues: FactIssue[] = violations
    .filter((v) => v.severity === 'Violation' && !doubtful.has(v.focusNode))
    .map((v) => {
      const at = statedAt.get(v.focusNode);
      return { file: at?.file ?? 'ontology/shapes.ttl', line: at?.line ?? 0, col: 1, path: '', reason: `shape: ${formatViolation(v)}`, hint: 'the item states this node; see ontology/shapes.ttl for what the shape expects' };
    });
  const all = [...issues, ...shapeIssues, ...(await labelsIssues(opts.dataDir))];
  if (all.length > 0) throw new FactsError(all);
  return { facts, warnings: violations.filter((v) => v.severity !== 'Violation') };
}

/** The Wikidata labels a curator saved (data/wikidata-labels.json), when there is such a file: read as the build reads it. */
async function labelsIssues(dataDir: string): Promise<FactIssue[]> {
  const file = join(dataDir, LABELS_DATA_FILE);
  if (!existsSync(file)) return [];
  const shown = `${basename(dataDir)}/${LABELS_DATA_FILE}`;
  try {
    parseLabels(await readFile(file, 'utf8'), shown);
    return [];
  } catch (e) {
    if (e instanceof LabelsFileError) return [{ file: shown, line: 1, col: 1, path: '', reason: e.what, hint: "run 'ots-kg links verify --save-labels' again, or delete the file" }];
    throw e;
  }
}
