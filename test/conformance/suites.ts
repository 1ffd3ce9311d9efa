// One function per W3C suite: run it against a target and return a SuiteRun for the summary table.
import { loadProtocolTests, loadQueryTests, loadServiceDescriptionTests } from './manifest.js';
import { type EndpointHandle, runProtocolTests, runServiceDescriptionTests } from './protocol.js';
import type { SuiteRun } from './summary.js';
import { type Outcome, runQueryTests } from './suite.js';
import type { QueryTarget } from './targets.js';

/** The floors: Comunica alone passes 326 of 328 in-process and 325 over HTTP. */
export const TARGETS = {
  queryInProcess: 326,
  queryHttp: 325,
  results: 10,
  protocol: 34,
  serviceDescription: 3,
} as const;

export interface KnownFailures {
  readonly queryInProcess: Readonly<Record<string, string>>;
  readonly queryHttp: Readonly<Record<string, string>>;
  readonly resultsInProcess: Readonly<Record<string, string>>;
  readonly resultsHttp: Readonly<Record<string, string>>;
  readonly protocol: Readonly<Record<string, string>>;
  readonly serviceDescription: Readonly<Record<string, string>>;
}

async function timed(run: () => Promise<Outcome[]>): Promise<{ outcomes: Outcome[]; seconds: number }> {
  const t0 = performance.now();
  const outcomes = await run();
  return { outcomes, seconds: (performance.now() - t0) / 1000 };
}

export async function querySuite(target: QueryTarget, via: string, floor: number, known: Readonly<Record<string, string>>): Promise<SuiteRun> {
  const tests = loadQueryTests('manifest-sparql11-query.ttl');
  return { suite: 'query (328)', via, target: floor, known, ...(await timed(() => runQueryTests(target, tests))) };
}

/** Results formats: each answer is read back from the target's own CSV, TSV or JSON writer. */
export async function resultsSuite(target: QueryTarget, via: string, known: Readonly<Record<string, string>>): Promise<SuiteRun> {
  const tests = loadQueryTests('manifest-sparql11-results.ttl');
  return { suite: 'results formats (10)', via, target: TARGETS.results, known, ...(await timed(() => runQueryTests(target, tests, { viaFormats: true }))) };
}

export async function protocolSuite(handle: EndpointHandle, known: Readonly<Record<string, string>>): Promise<SuiteRun> {
  const tests = loadProtocolTests();
  return { suite: 'protocol (34)', via: 'HTTP', target: TARGETS.protocol, known, ...(await timed(() => runProtocolTests(handle, tests))) };
}

export async function serviceDescriptionSuite(endpoint: string, known: Readonly<Record<string, string>>): Promise<SuiteRun> {
  const tests = loadServiceDescriptionTests();
  return {
    suite: 'service description (3)',
    via: 'HTTP',
    target: TARGETS.serviceDescription,
    known,
    ...(await timed(() => runServiceDescriptionTests(endpoint, tests))),
  };
}
