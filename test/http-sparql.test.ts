// The SPARQL endpoint over real HTTP: every row of the protocol checklist, then the limits (time, size, rows, queue), the cache and CORS.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server.js';

const NQ = readFileSync(new URL('./fixtures/query/summit.nq', import.meta.url), 'utf8');
const K = 'http://kasei.us/2009/09/sparql/data';
const SRJ = 'application/sparql-results+json';
const SRX = 'application/sparql-results+xml';
const RDF_TYPES = ['text/turtle', 'application/rdf+xml', 'application/n-triples', 'application/n-quads', 'application/trig', 'application/ld+json'];
const BOOLEAN_TYPES = [SRJ, SRX];
const TABULAR_TYPES = [...BOOLEAN_TYPES, 'text/csv', 'text/tab-separated-values'];
// Eight patterns over the fixture's 21 default-graph triples: 21^8 combinations to count, far past any limit here.
const HEAVY = `SELECT (COUNT(*) AS ?n) WHERE { ${Array.from({ length: 8 }, (_, i) => `?s${i} ?p${i} ?o${i} .`).join(' ')} }`;
const LIGHT = 'SELECT ?l WHERE { <https://w3id.org/ots-kg/id/state/hungary> <http://www.w3.org/2000/01/rdf-schema#label> ?l }';

const enc = encodeURIComponent;
const utf16 = (s: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);

interface Row {
  readonly name: string;
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer;
  /** An exact status, or a class such as '2xx' / '4xx'. */
  readonly status: number | '2xx' | '4xx';
  /** Media types of which the answer must be one. */
  readonly types?: readonly string[];
  readonly check?: (body: string, res: Response) => void;
}

const isTrue = (body: string): void => {
  expect(body.includes('"boolean":true') || body.includes('<boolean>true</boolean>')).toBe(true);
};
const form = (s: string): Record<string, string> => ({ 'Content-Type': 'application/x-www-form-urlencoded', ...(s ? {} : {}) });
const direct = { 'Content-Type': 'application/sparql-query' };
const update = { 'Content-Type': 'application/sparql-update' };
const b = (s: string): Buffer => Buffer.from(s, 'utf8');

const ROWS: readonly Row[] = [
  // A. Query operation
  { name: '1 query_get answers ASK {} with true', path: `/sparql?query=${enc('ASK {}')}&default-graph-uri=${enc(`${K}/data0.rdf`)}`, status: '2xx', types: BOOLEAN_TYPES, check: isTrue },
  { name: '2 query_post_form takes the dataset from the URL and the query from the body', method: 'POST', path: `/sparql?default-graph-uri=${enc(`${K}/data0.rdf`)}`, headers: form('q'), body: b(`query=${enc('ASK {}')}`), status: '2xx', types: BOOLEAN_TYPES, check: isTrue },
  { name: '3 query_post_direct answers a direct POST', method: 'POST', path: '/sparql', headers: direct, body: b('ASK {}'), status: '2xx', types: BOOLEAN_TYPES, check: isTrue },
  { name: '4 query_content_type_select answers in a tabular format', method: 'POST', path: `/sparql?default-graph-uri=${enc(`${K}/data0.rdf`)}`, headers: direct, body: b('SELECT (1 AS ?value) {}'), status: '2xx', types: TABULAR_TYPES },
  { name: '5 query_content_type_ask answers in a boolean format', method: 'POST', path: `/sparql?default-graph-uri=${enc(`${K}/data0.rdf`)}`, headers: direct, body: b('ASK {}'), status: '2xx', types: BOOLEAN_TYPES },
  { name: '6 query_content_type_describe answers in an RDF format', method: 'POST', path: `/sparql?default-graph-uri=${enc(`${K}/data0.rdf`)}`, headers: direct, body: b('DESCRIBE <http://example.org/>'), status: '2xx', types: RDF_TYPES },
  { name: '7 query_content_type_construct resolves relative IRIs against the endpoint', method: 'POST', path: `/sparql?default-graph-uri=${enc(`${K}/data0.rdf`)}`, headers: direct, body: b('CONSTRUCT { <s> <p> 1 } WHERE {}'), status: '2xx', types: RDF_TYPES, check: (body) => expect(body).toMatch(/\/s>/) },
  // B. Protocol dataset
  { name: '8 two default-graph-uri merge into the default graph (GET)', path: `/sparql?query=${enc(`ASK { <${K}/data1.rdf> a ?type . <${K}/data2.rdf> a ?type . }`)}&default-graph-uri=${enc(`${K}/data1.rdf`)}&default-graph-uri=${enc(`${K}/data2.rdf`)}`, status: '2xx', check: isTrue },
  { name: '9 two default-graph-uri merge into the default graph (direct POST)', method: 'POST', path: `/sparql?default-graph-uri=${enc(`${K}/data1.rdf`)}&default-graph-uri=${enc(`${K}/data2.rdf`)}`, headers: direct, body: b(`ASK { <${K}/data1.rdf> a ?type . <${K}/data2.rdf> a ?type . }`), status: '2xx', check: isTrue },
  { name: '10 named-graph-uri gives the named graphs (GET)', path: `/sparql?query=${enc(`ASK { GRAPH ?g1 { <${K}/data1.rdf> a ?type } GRAPH ?g2 { <${K}/data2.rdf> a ?type } }`)}&named-graph-uri=${enc(`${K}/data1.rdf`)}&named-graph-uri=${enc(`${K}/data2.rdf`)}`, status: '2xx', check: isTrue },
  { name: '11 named-graph-uri gives the named graphs (direct POST)', method: 'POST', path: `/sparql?named-graph-uri=${enc(`${K}/data1.rdf`)}&named-graph-uri=${enc(`${K}/data2.rdf`)}`, headers: direct, body: b(`ASK { GRAPH ?g1 { <${K}/data1.rdf> a ?type } GRAPH ?g2 { <${K}/data2.rdf> a ?type } }`), status: '2xx', check: isTrue },
  { name: '12 a full protocol dataset is honoured', method: 'POST', path: `/sparql?default-graph-uri=${enc(`${K}/data3.rdf`)}&named-graph-uri=${enc(`${K}/data1.rdf`)}&named-graph-uri=${enc(`${K}/data2.rdf`)}`, headers: direct, body: b(`ASK { <${K}/data3.rdf> a ?type GRAPH ?g1 { <${K}/data1.rdf> a ?type } GRAPH ?g2 { <${K}/data2.rdf> a ?type } }`), status: '2xx', check: isTrue },
  { name: '13 the protocol dataset replaces FROM', method: 'POST', path: `/sparql?named-graph-uri=${enc(`${K}/data1.rdf`)}&named-graph-uri=${enc(`${K}/data2.rdf`)}`, headers: direct, body: b(`ASK FROM <${K}/data3.rdf> { GRAPH ?g1 { <${K}/data1.rdf> a ?type } GRAPH ?g2 { <${K}/data2.rdf> a ?type } }`), status: '2xx', check: isTrue },
  // C. Updates: this endpoint is read-only, so each is refused
  { name: '14 update_post_form is refused', method: 'POST', path: '/sparql', headers: form('u'), body: b('update=CLEAR+ALL'), status: 400, check: (body) => expect(body).toMatch(/read-only/) },
  { name: '15 update_post_direct is refused', method: 'POST', path: '/sparql', headers: update, body: b('CLEAR ALL'), status: 400 },
  { name: '16 update_base_uri is refused', method: 'POST', path: '/sparql', headers: update, body: b('CLEAR SILENT GRAPH <http://example.org/protocol-base-test/> ; INSERT DATA { GRAPH <http://example.org/protocol-base-test/> { <http://example.org/s> <http://example.org/p> <test> } }'), status: 400 },
  { name: '17 update_dataset_default_graph is refused', method: 'POST', path: `/sparql?using-graph-uri=${enc(`${K}/data1.rdf`)}`, headers: update, body: b('CLEAR ALL'), status: 400 },
  { name: '18 update_dataset_default_graphs is refused', method: 'POST', path: `/sparql?using-graph-uri=${enc(`${K}/data1.rdf`)}&using-graph-uri=${enc(`${K}/data2.rdf`)}`, headers: update, body: b('CLEAR ALL'), status: 400 },
  { name: '19 update_dataset_named_graphs is refused', method: 'POST', path: `/sparql?using-named-graph-uri=${enc(`${K}/data1.rdf`)}`, headers: update, body: b('CLEAR ALL'), status: 400 },
  { name: '20 update_dataset_full is refused', method: 'POST', path: `/sparql?using-graph-uri=${enc(`${K}/data1.rdf`)}&using-named-graph-uri=${enc(`${K}/data2.rdf`)}`, headers: update, body: b('CLEAR ALL'), status: 400 },
  // D. Errors
  { name: '21 bad_query_method: PUT gets 405 with Allow', method: 'PUT', path: `/sparql?query=${enc('ASK {}')}`, headers: form(''), status: 405, check: (_b, res) => expect(res.headers.get('allow')).toMatch(/GET/) },
  { name: '22 bad_multiple_queries', path: `/sparql?query=${enc('ASK {}')}&query=${enc('SELECT * {}')}`, status: 400 },
  { name: '23 bad_query_wrong_media_type', method: 'POST', path: '/sparql', headers: { 'Content-Type': 'text/plain' }, body: b('ASK {}'), status: 400 },
  { name: '24 bad_query_missing_form_type', method: 'POST', path: '/sparql', body: b(`query=${enc('ASK {}')}`), status: 400 },
  { name: '25 bad_query_missing_direct_type', method: 'POST', path: '/sparql', body: b('ASK {}'), status: 400 },
  { name: '26 bad_query_non_utf8', method: 'POST', path: '/sparql', headers: { 'Content-Type': 'application/sparql-query; charset=UTF-16' }, body: utf16('ASK {}'), status: 400 },
  { name: '27 bad_query_syntax gives the line and column', path: `/sparql?query=${enc('ASK {')}`, status: 400, check: (body) => expect(body).toMatch(/line 1, column \d+/) },
  { name: '28 bad_update_get', path: `/sparql?update=${enc('CLEAR ALL')}`, status: 400 },
  { name: '29 bad_multiple_updates', method: 'POST', path: '/sparql', headers: form('u'), body: b('update=CLEAR%20NAMED&update=CLEAR%20DEFAULT'), status: 400 },
  { name: '30 bad_update_wrong_media_type', method: 'POST', path: '/sparql', headers: { 'Content-Type': 'text/plain' }, body: b('CLEAR NAMED'), status: 400 },
  { name: '31 bad_update_missing_form_type', method: 'POST', path: '/sparql', body: b('update=CLEAR%20NAMED'), status: 400 },
  { name: '32 bad_update_non_utf8', method: 'POST', path: '/sparql', headers: { 'Content-Type': 'application/sparql-update; charset=UTF-16' }, body: utf16('CLEAR NAMED'), status: 400 },
  { name: '33 bad_update_syntax', method: 'POST', path: '/sparql', headers: form('u'), body: b('update=CLEAR%20XYZ'), status: 400 },
  { name: '34 bad_update_dataset_conflict (WITH plus a protocol dataset)', method: 'POST', path: '/sparql?using-named-graph-uri=http://example/people', headers: update, body: b('WITH <http://example/addresses> DELETE { ?p <http://xmlns.com/foaf/0.1/name> ?n } INSERT { ?p <http://xmlns.com/foaf/0.1/name> "x" } WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?n }'), status: 400 },
  // E. Extra checks
  { name: 'an INSERT on this query-only endpoint is refused', method: 'POST', path: '/sparql', headers: update, body: b('INSERT DATA { <http://a> <http://b> <http://c> }'), status: 400 },
  { name: 'charset=utf-8 is accepted on a direct POST', method: 'POST', path: '/sparql', headers: { 'Content-Type': 'application/sparql-query; charset=utf-8' }, body: b('ASK {}'), status: 200 },
  { name: 'charset=UTF-8 is accepted on a form POST', method: 'POST', path: '/sparql', headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' }, body: b(`query=${enc('ASK {}')}`), status: 200 },
  { name: 'an update string sent as a query is refused, not executed', method: 'POST', path: '/sparql', headers: direct, body: b('CLEAR ALL'), status: 400, check: (body) => expect(body).toMatch(/read-only/) },
  { name: 'a query sent as an update is refused', method: 'POST', path: '/sparql', headers: update, body: b('ASK {}'), status: 400 },
  { name: 'query and update in one form are refused', method: 'POST', path: '/sparql', headers: form('x'), body: b(`query=${enc('ASK {}')}&update=CLEAR%20ALL`), status: 400 },
  { name: 'a form without query or update is refused', method: 'POST', path: '/sparql', headers: form('x'), body: b('foo=bar'), status: 400 },
  { name: 'an empty query= is refused', path: '/sparql?query=', status: 400 },
  ...['application/sparql-results+xml', SRJ, 'text/csv', 'text/tab-separated-values'].map(
    (t): Row => ({ name: `SELECT asked as ${t} is answered as ${t}`, path: `/sparql?query=${enc(LIGHT)}`, headers: { Accept: t }, status: 200, types: [t] }),
  ),
  { name: "SPARQLWrapper's JSON Accept list gets SPARQL results JSON", path: `/sparql?query=${enc(LIGHT)}`, headers: { Accept: 'application/sparql-results+json,application/json,text/javascript,application/javascript' }, status: 200, types: [SRJ], check: (body) => expect(JSON.parse(body).head.vars).toEqual(['l']) },
  { name: 'ASK asked as XML is a whole XML boolean', path: `/sparql?query=${enc('ASK {}')}`, headers: { Accept: SRX }, status: 200, types: [SRX], check: (body) => expect(body).toMatch(/<boolean>true<\/boolean>\s*<\/sparql>/) },
  ...['text/turtle', 'application/n-triples', 'application/ld+json', 'application/rdf+xml', 'application/n-quads'].map(
    (t): Row => ({ name: `CONSTRUCT asked as ${t} is answered as ${t}`, path: `/sparql?query=${enc('CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/ots-kg/ontology#State> ; ?p ?o }')}`, headers: { Accept: t }, status: 200, types: [t], check: (body) => expect(body).toMatch(/kyrgyzstan/) }),
  ),
  { name: 'CONSTRUCT with a mixed Accept list is answered in the RDF type on the list', path: `/sparql?query=${enc('CONSTRUCT WHERE { ?s a ?t }')}`, headers: { Accept: 'application/sparql-results+json, text/turtle;q=0.9' }, status: 200, types: ['text/turtle'] },
  { name: 'an update with a results Accept header is still refused cleanly', method: 'POST', path: '/sparql', headers: { ...update, Accept: SRJ }, body: b('CLEAR ALL'), status: 400, check: (body) => expect(JSON.parse(body).error).toBe('update-refused') },
  { name: 'an Accept the endpoint cannot meet gets 406 listing the supported types', path: `/sparql?query=${enc(LIGHT)}`, headers: { Accept: 'image/png' }, status: 406, check: (body) => expect(body).toMatch(/application\/sparql-results\+json/) },
  { name: '?format= overrides Accept', path: `/sparql?query=${enc(LIGHT)}&format=csv`, headers: { Accept: SRJ }, status: 200, types: ['text/csv'] },
  { name: 'q-values are honoured', path: `/sparql?query=${enc(LIGHT)}`, headers: { Accept: 'application/sparql-results+json;q=0.5, text/csv' }, status: 200, types: ['text/csv'] },
  { name: 'the first supported type in the Accept list wins on equal q', path: `/sparql?query=${enc(LIGHT)}`, headers: { Accept: 'text/tab-separated-values, text/csv' }, status: 200, types: ['text/tab-separated-values'] },
  { name: 'HEAD is answered with the headers of GET', method: 'HEAD', path: `/sparql?query=${enc('ASK {}')}`, status: 200, types: BOOLEAN_TYPES, check: (body) => expect(body).toBe('') },
  { name: 'OPTIONS is answered 204', method: 'OPTIONS', path: '/sparql', status: 204 },
  { name: 'an unknown path gets 404', path: '/other', status: 404 },
  { name: 'a syntax error asked as JSON comes as JSON with line and column', path: `/sparql?query=${enc('SELECT ?x WHERE {\n ?s ?p ?o .\n ?s <a> ?b ?c }')}`, headers: { Accept: 'application/json' }, status: 400, check: (body) => expect(JSON.parse(body)).toMatchObject({ error: 'syntax', line: 3 }) },
  // F. Service description
  { name: 'SD returns-rdf: GET with no query returns RDF', path: '/sparql', headers: { Accept: 'text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8' }, status: 200, types: ['text/turtle'] },
  { name: 'SD as JSON-LD when asked', path: '/sparql', headers: { Accept: 'application/ld+json' }, status: 200, types: ['application/ld+json'], check: (body) => expect(JSON.parse(body)['@type']).toBe('sd:Service') },
];

async function send(base: string, row: Pick<Row, 'method' | 'path' | 'headers' | 'body'>): Promise<{ res: Response; body: string }> {
  const res = await fetch(`${base}${row.path}`, { method: row.method ?? 'GET', headers: row.headers ?? {}, ...(row.body ? { body: row.body } : {}) });
  return { res, body: await res.text() };
}

function mediaType(res: Response): string {
  return (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
}

type Health = { busy: number; queued: number; replaced: number; workers: number; readyWorkers: number };
async function health(base: string): Promise<Health> {
  return (await fetch(`${base}/health`)).json() as Promise<Health>;
}

async function until(cond: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the SPARQL endpoint over HTTP', () => {
  let server: RunningServer;
  const lines: string[] = [];
  beforeAll(async () => {
    server = await startServer({
      env: { PORT: '0', HOST: '127.0.0.1', QUERY_WORKERS: '2', QUERY_TIMEOUT_MS: '4000', SERVICE_ALLOWLIST: 'none' },
      nquads: NQ,
      quiet: true,
      log: (l) => lines.push(l),
    });
    await server.ready;
    await until(async () => (await health(server.url)).readyWorkers === 2, 'both workers');
  });
  afterAll(async () => server?.close());

  it.each(ROWS.map((r) => [r.name, r] as const))('checklist %s', async (_name, row) => {
    const { res, body } = await send(server.url, row);
    if (row.status === '2xx') expect(res.status, body).toBeGreaterThanOrEqual(200);
    if (row.status === '2xx') expect(res.status, body).toBeLessThan(400);
    else if (row.status === '4xx') expect(res.status, body).toBeGreaterThanOrEqual(400);
    else expect(res.status, body).toBe(row.status);
    if (row.types) expect(row.types, `content type ${res.headers.get('content-type')}`).toContain(mediaType(res));
    row.check?.(body, res);
  });

  it('names the endpoint exactly as requested in its service description', async () => {
    const { body } = await send(server.url, { path: '/sparql', headers: { Accept: 'text/turtle' } });
    expect(body).toContain(`sd:endpoint <${server.url}/sparql>`);
  });

  it('writes one log line per request with method, path, status, duration and a query hash', async () => {
    await send(server.url, { path: `/sparql?query=${enc('ASK { ?s ?p ?o }')}` });
    await until(async () => lines.some((l) => / GET \/sparql 200 [\d.]+ms q=[0-9a-f]{12}/.test(l)), 'a log line');
    expect(lines.every((l) => !l.includes('ASK'))).toBe(true);
  });

  it('answers the same query again from the cache with an ETag, and 304 to If-None-Match', async () => {
    const q = `/sparql?query=${enc('SELECT ?s WHERE { ?s a <http://schema.org/Person> } ORDER BY ?s')}`;
    const first = await send(server.url, { path: q });
    const etag = first.res.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const second = await send(server.url, { path: q });
    expect(second.res.headers.get('x-cache')).toBe('hit');
    expect(second.body).toBe(first.body);
    const third = await send(server.url, { path: q, headers: { 'If-None-Match': etag as string } });
    expect(third.res.status).toBe(304);
    expect(third.body).toBe('');
  });

  it('answers a CORS preflight from any origin, allowing Accept and Content-Type and exposing Link', async () => {
    const res = await fetch(`${server.url}/sparql`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://yasgui.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type, accept' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Accept/);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Content-Type/);
    expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
    const get = await fetch(`${server.url}/sparql?query=${enc('ASK {}')}`, { headers: { Origin: 'https://yasgui.example' } });
    expect(get.headers.get('access-control-allow-origin')).toBe('*');
    expect(get.headers.get('access-control-expose-headers')).toMatch(/Link/);
  });

  it('answers a light query while a heavy one runs, stops the heavy one with 503 and replaces its worker', async () => {
    const before = server.pool.threadIds();
    let heavyDone = false;
    const heavy = send(server.url, { path: `/sparql?query=${enc(HEAVY)}` }).finally(() => (heavyDone = true));
    await until(async () => (await health(server.url)).busy >= 1, 'the heavy query to start');
    const light = await send(server.url, { path: `/sparql?query=${enc(`${LIGHT} LIMIT 1`)}` });
    expect(light.res.status).toBe(200);
    // The light answer came back while the heavy query was still running.
    expect(heavyDone).toBe(false);
    const { res, body } = await heavy;
    expect(res.status).toBe(503);
    expect(body).toMatch(/limit of 4 s/);
    const h = await health(server.url);
    expect(h.replaced).toBeGreaterThanOrEqual(1);
    expect(h.workers).toBe(2);
    const after = server.pool.threadIds();
    expect(after.filter((id) => !before.includes(id)).length).toBeGreaterThanOrEqual(1);
    await until(async () => (await health(server.url)).readyWorkers === 2, 'the replacement worker');
    const again = await send(server.url, { path: `/sparql?query=${enc('ASK { ?s ?p ?o }')}` });
    expect(again.res.status).toBe(200);
  });
});

describe('the SPARQL endpoint under tight limits', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({
      env: { PORT: '0', QUERY_WORKERS: '1', QUERY_QUEUE_MAX: '1', QUERY_TIMEOUT_MS: '2500', QUERY_MAX_BYTES: '400', QUERY_MAX_ROWS: '2', QUERY_CACHE_ENTRIES: '0', LOG_REQUESTS: 'false' },
      nquads: NQ,
      quiet: true,
    });
    await until(async () => (await health(server.url)).readyWorkers === 1, 'the worker');
  });
  afterAll(async () => server?.close());

  it('refuses a query text over QUERY_MAX_BYTES with 413, by GET, form and direct POST', async () => {
    const big = `SELECT * WHERE { ?s ?p ?o } # ${'x'.repeat(500)}`;
    for (const row of [
      { path: `/sparql?query=${enc(big)}` },
      { method: 'POST', path: '/sparql', headers: direct, body: b(big) },
      { method: 'POST', path: '/sparql', headers: form('q'), body: b(`query=${enc(big)}`) },
    ]) {
      const { res, body } = await send(server.url, row);
      expect(res.status).toBe(413);
      expect(body).toMatch(/QUERY_MAX_BYTES/);
    }
  });

  it('cuts an answer at QUERY_MAX_ROWS and says so in a header', async () => {
    const { res, body } = await send(server.url, { path: `/sparql?query=${enc('SELECT * WHERE { ?s ?p ?o }')}`, headers: { Accept: 'text/csv' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-result-truncated')).toBe('true');
    expect(res.headers.get('x-result-row-limit')).toBe('2');
    expect(body.trim().split('\n')).toHaveLength(3);
    const small = await send(server.url, { path: `/sparql?query=${enc(LIGHT)}` });
    expect(small.res.headers.get('x-result-truncated')).toBeNull();
  });

  it('answers 503 with Retry-After when the queue is full', async () => {
    const heavy = send(server.url, { path: `/sparql?query=${enc(HEAVY)}` });
    await until(async () => (await health(server.url)).busy === 1, 'the heavy query to start');
    const queued = send(server.url, { path: `/sparql?query=${enc('ASK { ?s ?p ?o }')}` });
    await until(async () => (await health(server.url)).queued === 1, 'a queued query');
    const refused = await send(server.url, { path: `/sparql?query=${enc('ASK { ?x ?y ?z }')}` });
    expect(refused.res.status).toBe(503);
    expect(refused.res.headers.get('retry-after')).toMatch(/^\d+$/);
    // Never measured and no lookup, these kinds of query wait for the long lane, whose queue bounds them.
    expect(refused.body).toMatch(/QUERY_QUEUE_MAX|QUERY_LONG_QUEUE_MAX|QUERY_QUEUE_WAIT_MS/);
    expect((await heavy).res.status).toBe(503);
    // The queued query waited past its own limit behind the heavy one: it too ends in a 503, not a hang.
    expect([200, 503]).toContain((await queued).res.status);
  });
});
