// The worker pool on its own: the light worker answers while the full ones start and hands back what it cannot answer.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../src/query/pool.js';
import { QueryError } from '../src/query/errors.js';

const NQ = readFileSync(new URL('./fixtures/query/summit.nq', import.meta.url), 'utf8');

async function text(body: AsyncIterable<string>): Promise<string> {
  let s = '';
  for await (const c of body) s += c;
  return s;
}

describe('the worker pool at start-up', () => {
  // Queries wait for the full worker as long as it takes to start here (a busy machine can take several seconds).
  const pool = new WorkerPool({ nquads: NQ, size: 1, timeoutMs: 60_000, queueMax: 10, serviceAllowlist: [], fairness: { queueWaitMs: 60_000 } });
  afterAll(async () => pool.close());

  it('answers a plain query from the light worker before the full worker is ready, and leaves the rest to the full one', async () => {
    await pool.ready;
    const early = pool.stats();
    const plain = pool.answer('SELECT ?s WHERE { ?s a <https://w3id.org/ots-kg/ontology#State> } ORDER BY ?s', {});
    const bad = pool.answer('SELECT * WHERE { ?s ?p }', {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    const answer = await plain;
    expect(await text(answer.body)).toMatch(/state\/hungary/);
    if (early.readyWorkers === 0) {
      // The full worker was still starting: the light one answered, and its answer is kept out of the cache.
      expect(early.warmupReady).toBe(true);
      expect(pool.stats().warmupAnswered).toBe(1);
      expect(answer.cacheable).toBe(false);
    }
    // The syntax error went back to the queue: only the full engine words it, with line and column.
    const err = await bad;
    expect(err).toBeInstanceOf(QueryError);
    expect(err).toMatchObject({ status: 400, code: 'syntax', line: 1 });
    expect(pool.stats().readyWorkers).toBe(1);
    expect(pool.stats().warmupReady).toBe(false);
  });
});
