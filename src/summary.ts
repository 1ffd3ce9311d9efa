// The dataset's summary in README.md (summits, years, people, disputed points, triples), computed from the built
// graph and written between two markers, so the figures are never typed by hand.
import { readFile, writeFile } from 'node:fs/promises';
import type { RDF } from './rdf.js';
import { OTS, RDF_, SCHEMA } from './vocab.js';

export const SUMMARY_START = '<!-- dataset-summary: written by `npm run build` from data/; do not edit by hand -->';
export const SUMMARY_END = '<!-- /dataset-summary -->';

export interface DatasetSummary {
  readonly summits: number;
  readonly regular: number;
  readonly extraordinary: number;
  readonly informal: number;
  readonly firstYear: number;
  readonly lastYear: number;
  readonly people: number;
  readonly states: number;
  readonly claims: number;
  readonly facts: number;
  /** Distinct triples of the default graph, as in the dumps' manifest. */
  readonly triples: number;
  /** Quads, named graphs included. */
  readonly quads: number;
}

const key = (q: RDF.Quad): string => `${q.subject.value} ${q.predicate.value} ${q.object.termType}:${q.object.value}:${q.object.termType === 'Literal' ? `${q.object.language}^${q.object.datatype.value}` : ''}`;

export function datasetSummary(quads: readonly RDF.Quad[]): DatasetSummary {
  const typed = new Map<string, Set<string>>();
  const triples = new Set<string>();
  const graphs = new Set<string>();
  const dates = new Map<string, string>();
  let total = 0;
  const seen = new Set<string>();
  for (const q of quads) {
    const k = key(q);
    const gk = `${k} ${q.graph.value}`;
    if (!seen.has(gk)) {
      seen.add(gk);
      total += 1;
    }
    if (q.graph.termType !== 'DefaultGraph') {
      graphs.add(q.graph.value);
      continue;
    }
    triples.add(k);
    if (q.predicate.value === RDF_.type) {
      const set = typed.get(q.object.value) ?? new Set<string>();
      set.add(q.subject.value);
      typed.set(q.object.value, set);
    }
    if (q.predicate.value === SCHEMA.startDate) dates.set(q.subject.value, q.object.value);
  }
  const of = (cls: string): Set<string> => typed.get(cls) ?? new Set<string>();
  const summits = of(OTS.Summit);
  const years = [...summits].map((s) => Number((dates.get(s) ?? '').slice(0, 4))).filter((y) => y > 0);
  const informal = of(OTS.InformalSummit).size;
  const extraordinary = of(OTS.ExtraordinarySummit).size;
  return {
    summits: summits.size,
    regular: summits.size - informal - extraordinary,
    extraordinary,
    informal,
    firstYear: years.length ? Math.min(...years) : 0,
    lastYear: years.length ? Math.max(...years) : 0,
    people: of(SCHEMA.Person).size,
    states: of(OTS.State).size,
    claims: of(OTS.Claim).size,
    facts: graphs.size,
    triples: triples.size,
    quads: total,
  };
}

const n = (x: number): string => x.toLocaleString('en-GB');

/** The Markdown between the markers. */
export function summaryBlock(s: DatasetSummary): string {
  return [
    `The graph holds **${n(s.summits)} summits** of the Council of Heads of State, ${s.firstYear} to ${s.lastYear}: ${n(s.regular)} regular (numbered), ${n(s.extraordinary)} extraordinary and ${n(s.informal)} informal.`,
    `It describes ${n(s.people)} people and ${n(s.states)} states, and records ${n(s.claims)} claims (the variants of disputed points) with their sources.`,
    `Its ${n(s.facts)} facts give **${n(s.triples)} triples** in the default graph and ${n(s.quads)} quads with their fact graphs.`,
  ].join('\n');
}

/** README text with the summary block replaced; an error names what is missing when the markers are not there. */
export function withSummary(readme: string, block: string, file = 'README.md'): string {
  const i = readme.indexOf(SUMMARY_START);
  const j = readme.indexOf(SUMMARY_END);
  if (i < 0 || j < i) {
    throw new Error(`${file}: no dataset summary block (hint: add the line ${SUMMARY_START} and, below it, the line ${SUMMARY_END} where the summary belongs)`);
  }
  return `${readme.slice(0, i + SUMMARY_START.length)}\n${block}\n${readme.slice(j)}`;
}

/** The block as it stands in a README, or undefined when it has none. */
export function summaryIn(readme: string): string | undefined {
  const i = readme.indexOf(SUMMARY_START);
  const j = readme.indexOf(SUMMARY_END);
  return i < 0 || j < i ? undefined : readme.slice(i + SUMMARY_START.length, j).trim();
}

/** Rewrites the summary block of the README at `file` when it has one and it differs. */
export async function updateReadmeSummary(file: string, quads: readonly RDF.Quad[]): Promise<'updated' | 'unchanged' | 'no block'> {
  const readme = await readFile(file, 'utf8');
  if (summaryIn(readme) === undefined) return 'no block';
  const next = withSummary(readme, summaryBlock(datasetSummary(quads)), file);
  if (next === readme) return 'unchanged';
  await writeFile(file, next);
  return 'updated';
}
