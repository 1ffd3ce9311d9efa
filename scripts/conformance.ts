// Runs the W3C SPARQL 1.1 suites from the command line and prints the conformance table.
// Usage: npx tsx scripts/conformance.ts [--reference] [--no-http]   (exit status 1 when a suite misses its target)
//   --reference  also runs plain Comunica over rdf-stores in-process, the figure the targets come from
//   --no-http    skips the passes through the project's HTTP endpoint
//   --xml        also runs the query suite over HTTP reading SELECT/ASK answers as results XML
//   --store virtuoso  also runs the query suite over a throwaway Virtuoso (STORE=sparql:), and lists the tests that
//                fail only there
import { startConformanceEndpoint } from '../test/conformance/endpoint.js';
import { KNOWN_FAILURES, KNOWN_FAILURES_COMUNICA } from '../test/conformance/known-failures.js';
import { conformanceDir } from '../test/conformance/paths.js';
import { projectEngineTarget } from '../test/conformance/project-target.js';
import { type SuiteRun, judge, meetsTarget, renderSummary } from '../test/conformance/summary.js';
import { TARGETS, protocolSuite, querySuite, resultsSuite, serviceDescriptionSuite } from '../test/conformance/suites.js';
import { comunicaTarget } from '../test/conformance/targets.js';
import { KNOWN_FAILURES_VIRTUOSO, TARGET_VIRTUOSO } from '../test/conformance/known-failures-store.js';
import { virtuosoStoreTarget } from '../test/conformance/store-target.js';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const args = new Set(argv);
  const storeAt = argv.indexOf('--store');
  const store = storeAt >= 0 ? argv[storeAt + 1] : undefined;
  if (storeAt >= 0 && store !== 'virtuoso') throw new Error(`--store ${store ?? ''}: the only store the runner starts is 'virtuoso' (give --store virtuoso)`);
  conformanceDir();
  const runs: SuiteRun[] = [];
  const say = (run: SuiteRun): void => {
    runs.push(run);
    const v = judge(run);
    process.stderr.write(`${run.suite} ${run.via}: ${v.passed}/${v.total} in ${run.seconds.toFixed(1)} s\n`);
  };
  if (args.has('--reference')) {
    const reference = await comunicaTarget();
    say(await querySuite(reference, 'Comunica alone', TARGETS.queryInProcess, KNOWN_FAILURES_COMUNICA.query));
    say(await resultsSuite(reference, 'Comunica alone', KNOWN_FAILURES_COMUNICA.results));
  }
  const engine = projectEngineTarget();
  const embedded = await querySuite(engine, 'in-process', TARGETS.queryInProcess, KNOWN_FAILURES.queryInProcess);
  say(embedded);
  if (store) {
    const remote = await virtuosoStoreTarget();
    try {
      const run = await querySuite(remote, 'over Virtuoso (STORE=sparql:)', TARGET_VIRTUOSO, KNOWN_FAILURES_VIRTUOSO);
      say(run);
      const passedEmbedded = new Set(embedded.outcomes.filter((o) => o.passed).map((o) => o.id));
      const only = run.outcomes.filter((o) => !o.passed && passedEmbedded.has(o.id));
      process.stderr.write(`failing only over Virtuoso (${only.length}):\n`);
      for (const o of only) process.stderr.write(`  ${o.id}${o.name ? ` (${o.name})` : ''}: ${o.reason ?? ''}\n`);
    } finally {
      await remote.close();
    }
  }
  say(await resultsSuite(engine, 'in-process', KNOWN_FAILURES.resultsInProcess));
  if (!args.has('--no-http')) {
    const endpoint = await startConformanceEndpoint();
    try {
      say(await querySuite(endpoint.target, 'HTTP', TARGETS.queryHttp, KNOWN_FAILURES.queryHttp));
      if (args.has('--xml')) say(await querySuite(endpoint.xmlTarget, 'HTTP, results XML', TARGETS.queryHttp, KNOWN_FAILURES.queryHttp));
      say(await resultsSuite(endpoint.target, 'HTTP', KNOWN_FAILURES.resultsHttp));
      say(await protocolSuite(endpoint, KNOWN_FAILURES.protocol));
      say(await serviceDescriptionSuite(endpoint.endpoint, KNOWN_FAILURES.serviceDescription));
    } finally {
      await endpoint.close();
    }
  }
  process.stdout.write(`${renderSummary(runs)}\n`);
  if (!runs.every(meetsTarget)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
