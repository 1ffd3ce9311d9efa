// The conformance table: counts per suite and target, known failures checked against what happened.
import type { Outcome } from './suite.js';

export interface SuiteRun {
  /** e.g. "query suite". */
  readonly suite: string;
  /** e.g. "in-process" or "HTTP". */
  readonly via: string;
  /** Lowest number of passes the issue accepts. */
  readonly target: number;
  readonly outcomes: readonly Outcome[];
  /** Tests expected to fail, each with the reason. */
  readonly known: Readonly<Record<string, string>>;
  readonly seconds: number;
}

export interface Verdict {
  readonly passed: number;
  readonly total: number;
  readonly failing: readonly Outcome[];
  /** Failures not in the known list: a regression. */
  readonly unexpectedFailures: readonly Outcome[];
  /** Known failures that now pass: the list must be updated. */
  readonly unexpectedPasses: readonly string[];
  /** Known ids that name no test in the run (a typo or a renamed test). */
  readonly unknownIds: readonly string[];
}

export function judge(run: SuiteRun): Verdict {
  const failing = run.outcomes.filter((o) => !o.passed);
  const ids = new Set(run.outcomes.map((o) => o.id));
  return {
    passed: run.outcomes.length - failing.length,
    total: run.outcomes.length,
    failing,
    unexpectedFailures: failing.filter((o) => !(o.id in run.known)),
    unexpectedPasses: run.outcomes.filter((o) => o.passed && o.id in run.known).map((o) => o.id),
    unknownIds: Object.keys(run.known).filter((id) => !ids.has(id)),
  };
}

/** At or above its floor, with exactly the known failures. */
export function meetsTarget(run: SuiteRun): boolean {
  const v = judge(run);
  return v.passed >= run.target && v.unexpectedFailures.length === 0 && v.unexpectedPasses.length === 0 && v.unknownIds.length === 0;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** A plain-text table of every run, then every failing test id with its reason. */
export function renderSummary(runs: readonly SuiteRun[]): string {
  const header = ['suite', 'via', 'passed', 'target', 'status', 'noted', 'time'];
  const body = runs.map((r) => {
    const v = judge(r);
    const ok = meetsTarget(r);
    const noted = r.outcomes.filter((o) => o.passed && o.reason).length;
    return [r.suite, r.via, `${v.passed}/${v.total}`, `>= ${r.target}`, ok ? 'ok' : 'FAIL', noted ? String(noted) : '', `${r.seconds.toFixed(1)} s`];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => pad(c, widths[i]!)).join(' | ')} |`;
  const out = [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)];
  for (const r of runs) {
    const v = judge(r);
    if (v.failing.length === 0 && v.unexpectedPasses.length === 0 && v.unknownIds.length === 0) continue;
    out.push('', `${r.suite} (${r.via}): ${v.failing.length} failing`);
    for (const f of v.failing) {
      const tag = f.id in r.known ? 'known' : 'NEW';
      const name = f.name && /\.rq$/.test(f.name) ? ` (${f.name})` : '';
      out.push(`  [${tag}] ${f.id}${name}: ${f.reason ?? ''}`.slice(0, 400));
    }
    for (const id of v.unexpectedPasses) out.push(`  [FIXED] ${id} passes now: remove it from the known failures`);
    for (const id of v.unknownIds) out.push(`  [UNKNOWN] ${id} is listed as a known failure but no such test ran`);
  }
  const notes = runs.flatMap((r) => r.outcomes.filter((o) => o.passed && o.reason).map((o) => `  ${r.suite} (${r.via}) ${o.id}: ${o.reason}`));
  if (notes.length) out.push('', 'Passed with a note (the "noted" column):', ...notes);
  return out.join('\n');
}
