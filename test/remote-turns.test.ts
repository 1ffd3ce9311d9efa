// Under STORE=sparql:URL the main thread holds each answer while it reads it from the store and writes it: only
// STORE_CONCURRENCY queries are evaluated at once, the others wait their turn in the order they came, a bounded number
// of them, for a bounded time. This is what keeps the process's memory the same whatever the number of clients.
// The store here is a stand-in (a fetch function) whose answers are let go one by one by the test.
import { describe, expect, it } from 'vitest';
import { META, META_GRAPH, META_SUBJECT, startRemoteService, type RemoteQueryService } from '../src/store/remote.js';
import { QueryError } from '../src/query/errors.js';

interface Held {
  readonly query: string;
  release(): void;
  readonly signal: AbortSignal | undefined;
}

/** A stand-in store: answers the metadata query at once, and holds every other query until the test lets it go. */
function standInStore() {
  const held: Held[] = [];
  const json = (bindings: unknown[]): Response =>
    new Response(JSON.stringify({ head: { vars: ['p', 'o', 'x'] }, results: { bindings } }), { status: 200, headers: { 'content-type': 'application/sparql-results+json' } });
  const fetchFn = (async (_url: string, init?: RequestInit) => {
    const query = new URLSearchParams(String(init?.body)).get('query') ?? '';
    if (query.includes(META_GRAPH) && query.includes(META_SUBJECT)) {
      return json([{ p: { type: 'uri', value: META.version }, o: { type: 'literal', value: 'v1' } }]);
    }
    return new Promise<Response>((resolve, reject) => {
      const signal = init?.signal ?? undefined;
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      held.push({ query, signal, release: () => resolve(json([{ x: { type: 'literal', value: query.match(/"(q\d+)"/)?.[1] ?? '?' } }])) });
    });
  }) as unknown as typeof fetch;
  return { held, fetch: fetchFn };
}

async function service(fetchFn: typeof fetch, over: { concurrency: number; queueMax: number; queueWaitMs: number }): Promise<RemoteQueryService> {
  return startRemoteService({ endpoint: 'http://store.invalid/sparql', timeoutMs: 10_000, serviceAllowlist: [], checkMs: 0, fetch: fetchFn, ...over });
}

const query = (name: string): string => `SELECT ?x WHERE { BIND("${name}" AS ?x) }`;

/** Waits until the condition holds (a few event-loop turns at a time). */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 1));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

async function text(body: AsyncIterable<string>): Promise<string> {
  let s = '';
  for await (const c of body) s += c;
  return s;
}

describe('queries over a remote store take turns', () => {
  it('evaluates at most STORE_CONCURRENCY at once; the others start in the order they came, as places free up', async () => {
    const store = standInStore();
    const s = await service(store.fetch, { concurrency: 2, queueMax: 10, queueWaitMs: 10_000 });
    const answers = ['q1', 'q2', 'q3', 'q4', 'q5'].map((n) => s.answer(query(n), { accept: 'application/sparql-results+json' }));
    await until(() => store.held.length === 2, 'two queries at the store');
    // Let the event loop run a while: no third query reaches the store while two are in flight.
    await new Promise((r) => setTimeout(r, 50));
    expect(store.held.map((h) => h.query.match(/"(q\d+)"/)?.[1])).toEqual(['q1', 'q2']);
    expect(s.stats()).toMatchObject({ busy: 2, queued: 3 });
    store.held[1]!.release();
    await until(() => store.held.length === 3, 'the third query at the store');
    expect(store.held[2]!.query).toContain('"q3"');
    store.held[0]!.release();
    await until(() => store.held.length === 4, 'the fourth query at the store');
    expect(store.held[3]!.query).toContain('"q4"');
    for (const h of store.held.slice(2)) h.release();
    await until(() => store.held.length === 5, 'the fifth query at the store');
    store.held[4]!.release();
    const bodies = await Promise.all(answers.map(async (a) => text((await a).body)));
    bodies.forEach((b, i) => expect(JSON.parse(b).results.bindings[0].x.value).toBe(`q${i + 1}`));
    expect(s.stats()).toMatchObject({ busy: 0, queued: 0 });
    await s.close();
  });

  it('refuses at once with 503 and Retry-After when QUERY_QUEUE_MAX queries wait already', async () => {
    const store = standInStore();
    const s = await service(store.fetch, { concurrency: 1, queueMax: 1, queueWaitMs: 10_000 });
    const first = s.answer(query('q1'), {});
    const second = s.answer(query('q2'), {});
    const third = await s.answer(query('q3'), {}).catch((e: unknown) => e);
    expect(third).toBeInstanceOf(QueryError);
    expect(third).toMatchObject({ status: 503, code: 'busy', headers: { 'Retry-After': '2' } });
    expect((third as Error).message).toMatch(/1 queries are being answered and 1 wait, the most this server takes at once \(STORE_CONCURRENCY=1, QUERY_QUEUE_MAX=1\); retry shortly/);
    await until(() => store.held.length === 1, 'the first query at the store');
    store.held[0]!.release();
    await until(() => store.held.length === 2, 'the second query at the store');
    store.held[1]!.release();
    await Promise.all([first, second]);
    expect(s.stats().refused).toBe(1);
    await s.close();
  });

  it('gives up on a query whose turn does not come within QUERY_QUEUE_WAIT_MS: 503, and the queries behind it move up', async () => {
    const store = standInStore();
    const s = await service(store.fetch, { concurrency: 1, queueMax: 10, queueWaitMs: 100 });
    const first = s.answer(query('q1'), {});
    const late = s.answer(query('q2'), {}).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 60));
    const third = s.answer(query('q3'), {});
    const refused = await late;
    expect(refused).toMatchObject({ status: 503, code: 'busy', headers: { 'Retry-After': '2' } });
    expect((refused as Error).message).toMatch(/waited 100 ms for its turn .*QUERY_QUEUE_WAIT_MS/);
    await until(() => store.held.length === 1, 'the first query at the store');
    store.held[0]!.release();
    await first;
    await until(() => store.held.length === 2, 'the third query at the store');
    expect(store.held[1]!.query).toContain('"q3"');
    store.held[1]!.release();
    await third;
    await s.close();
  });

  it('a client that goes away while waiting leaves its place: its query never reaches the store', async () => {
    const store = standInStore();
    const s = await service(store.fetch, { concurrency: 1, queueMax: 10, queueWaitMs: 10_000 });
    const first = s.answer(query('q1'), {});
    const client = new AbortController();
    const gone = s.answer(query('q2'), {}, client.signal).catch((e: unknown) => e);
    const third = s.answer(query('q3'), {});
    await until(() => s.stats().queued === 2, 'two queries waiting');
    client.abort();
    expect(await gone).toMatchObject({ status: 499, code: 'client-gone' });
    expect(s.stats().queued).toBe(1);
    await until(() => store.held.length === 1, 'the first query at the store');
    store.held[0]!.release();
    await first;
    await until(() => store.held.length === 2, 'the next query at the store');
    expect(store.held[1]!.query).toContain('"q3"');
    store.held[1]!.release();
    await third;
    expect(store.held.some((h) => h.query.includes('"q2"'))).toBe(false);
    await s.close();
  });
});
