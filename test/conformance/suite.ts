// Runs query-suite and results-format tests against a target and records one outcome per test.
import sparqljs from 'sparqljs';
import type * as RDF from '@rdfjs/types';
import { loadDataset, loadExpected, readText } from './data.js';
import type { QueryTest } from './manifest.js';
import { type CompareOptions, type QueryResult, compareBindings, compareResults, flattenToCsv, parseCsv, parseSrj, parseSrx, parseTsv } from './results.js';
import type { QueryTarget } from './targets.js';

export interface Outcome {
  readonly id: string;
  /** The manifest's mf:name, when it says more than the id (syntax tests are named by file). */
  readonly name?: string;
  readonly passed: boolean;
  /** Why it failed (or a note on how it passed). */
  readonly reason?: string;
  readonly ms: number;
}

/**
 * How the expected answer must be compared: in order (on the ORDER BY variables, or on all of them
 * when a key is an expression) only when the outermost query sorts.
 */
function compareOptions(test: QueryTest, text: string): CompareOptions {
  let parsed: sparqljs.SparqlQuery;
  try {
    parsed = new sparqljs.Parser({ baseIRI: test.queryIri }).parse(text);
  } catch (error) {
    // Guessing "unordered" would hide an ordering bug: better to fail the test and say why.
    throw new Error(`the runner cannot read the query to see whether order matters: ${error instanceof Error ? error.message : String(error)}`);
  }
  const order = parsed.type === 'query' && 'order' in parsed ? parsed.order : undefined;
  if (!order?.length) return { laxCardinality: test.laxCardinality };
  const keys: string[] = [];
  for (const o of order) {
    const e = o.expression as { termType?: string; value?: string };
    if (e.termType !== 'Variable' || !e.value) return { laxCardinality: test.laxCardinality, orderBy: [] };
    keys.push(e.value);
  }
  return { laxCardinality: test.laxCardinality, orderBy: keys };
}

/** The media type to ask for when a test's expected file is in a particular results format. */
export function formatOfExpected(resultIri: string): string | undefined {
  if (resultIri.endsWith('.csv')) return 'text/csv';
  if (resultIri.endsWith('.tsv')) return 'text/tab-separated-values';
  if (resultIri.endsWith('.srj')) return 'application/sparql-results+json';
  return undefined;
}

async function parseFormatted(text: string, mediaType: string): Promise<QueryResult> {
  switch (mediaType) {
    case 'text/tab-separated-values':
      return parseTsv(text);
    case 'application/sparql-results+json':
      return parseSrj(text);
    case 'application/sparql-results+xml':
      return parseSrx(text);
    default:
      throw new Error(`cannot read ${mediaType}`);
  }
}

export interface RunOptions {
  /**
   * Results-format tests (the results manifest): read the answer in the expected file's own format
   * from the target's serializer, instead of as terms.
   */
  readonly viaFormats?: boolean;
  readonly onOutcome?: (test: QueryTest, outcome: Outcome) => void;
}

export async function runQueryTests(target: QueryTarget, tests: readonly QueryTest[], options: RunOptions = {}): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let loadedKey: string | undefined;
  const ensureData = async (test: QueryTest): Promise<void> => {
    // Consecutive tests often share their data: load it only when it changes.
    const key = JSON.stringify([test.data, test.graphData]);
    if (key === loadedKey) return;
    loadedKey = undefined;
    const quads: RDF.Quad[] = loadDataset(test.data, test.graphData);
    await target.load(quads);
    loadedKey = key;
  };
  for (const test of tests) {
    const started = performance.now();
    let passed = false;
    let reason: string | undefined;
    try {
      const text = readText(test.queryIri);
      if (test.kind === 'positive-syntax' || test.kind === 'negative-syntax') {
        const verdict = await target.checkSyntax(text, test.queryIri);
        passed = verdict.valid === (test.kind === 'positive-syntax');
        if (!passed) reason = verdict.valid ? 'accepted a malformed query' : `rejected a valid query: ${verdict.detail ?? ''}`;
      } else {
        if (!test.resultIri) throw new Error('no expected result');
        await ensureData(test);
        const expected = await loadExpected(test.resultIri);
        const cmp = compareOptions(test, text);
        const mediaType = options.viaFormats ? formatOfExpected(test.resultIri) : undefined;
        if (test.kind === 'csv-format' || mediaType === 'text/csv') {
          // CSV loses datatypes: both sides are compared as strings, blank nodes by renaming.
          if (expected.type !== 'bindings') throw new Error('CSV expected result is not tabular');
          const csv = await target.formatted(text, test.queryIri, 'text/csv');
          reason = compareBindings(flattenToCsv(expected), parseCsv(csv), cmp);
        } else if (mediaType) {
          const actual = await parseFormatted(await target.formatted(text, test.queryIri, mediaType), mediaType);
          reason = compareResults(expected, actual, cmp);
        } else {
          reason = compareResults(expected, await target.query(text, test.queryIri), cmp);
        }
        passed = reason === undefined;
      }
    } catch (error) {
      passed = false;
      reason = `error: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
    }
    const outcome: Outcome = { id: test.id, name: test.name, passed, ms: performance.now() - started, ...(reason ? { reason } : {}) };
    outcomes.push(outcome);
    options.onOutcome?.(test, outcome);
  }
  return outcomes;
}
