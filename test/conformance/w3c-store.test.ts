// The W3C SPARQL 1.1 query suite over a remote store (STORE=sparql: over a throwaway Virtuoso), evaluated by the
// project's engine the way a server over the store evaluates it. Held to the measured count and to the list of tests
// known to fail over Virtuoso (known-failures-store.ts), so a new failure shows by name.
// Needs Virtuoso from Debian (virtuoso-opensource), which .ci/run installs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_FAILURES_VIRTUOSO, TARGET_VIRTUOSO } from './known-failures-store.js';
import { conformanceDir } from './paths.js';
import { type StoreTarget, virtuosoStoreTarget } from './store-target.js';
import { judge, renderSummary } from './summary.js';
import { querySuite } from './suites.js';

describe('W3C SPARQL 1.1 query suite over Virtuoso', () => {
  let store: StoreTarget | undefined;

  beforeAll(async () => {
    conformanceDir();
    store = await virtuosoStoreTarget();
  }, 120_000);

  afterAll(async () => {
    await store?.close();
  }, 30_000);

  it('passes at least the measured count, failing exactly the known tests', { timeout: 240_000 }, async () => {
    const run = await querySuite(store!, 'over Virtuoso (STORE=sparql:)', TARGET_VIRTUOSO, KNOWN_FAILURES_VIRTUOSO);
    const v = judge(run);
    console.log(`\n${renderSummary([run])}\n`);
    expect(v.unexpectedFailures.map((o) => `${o.id}: ${o.reason ?? ''}`), 'failures not in known-failures-store.ts').toEqual([]);
    expect(v.unexpectedPasses, 'known failures that pass now: remove them from known-failures-store.ts').toEqual([]);
    expect(v.unknownIds, 'known-failures-store.ts names tests that did not run').toEqual([]);
    expect(v.passed).toBeGreaterThanOrEqual(TARGET_VIRTUOSO);
  });
});
