// Runs the W3C protocol and service-description manifests against a read-only endpoint over HTTP.
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';
import { loadRdf } from './data.js';
import { RDF_MEDIA_TYPES, mediaTypeOf, parseRdf, readAnswer } from './http.js';
import type { ProtocolRequest, ProtocolTest, ServiceDescriptionTest } from './manifest.js';
import { compareBindings, parseSrj, parseSrx } from './results.js';
import type { Outcome } from './suite.js';

const DF = N3.DataFactory;
const SD = 'http://www.w3.org/ns/sparql-service-description#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

export interface EndpointHandle {
  /** Absolute URL of the endpoint, e.g. http://127.0.0.1:PORT/sparql. */
  readonly endpoint: string;
  readonly load: (quads: readonly RDF.Quad[]) => Promise<void>;
}

const BOOLEAN_TYPES = new Set(['application/sparql-results+json', 'application/sparql-results+xml']);
const TABULAR_TYPES = new Set([...BOOLEAN_TYPES, 'text/csv', 'text/tab-separated-values']);

/** An update request: the read-only endpoint must refuse it with 4xx. */
export function isUpdateRequest(req: ProtocolRequest): boolean {
  const type = req.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1].toLowerCase() ?? '';
  const query = req.absolutePath.split('?')[1] ?? '';
  return (
    type.startsWith('application/sparql-update') ||
    /(^|&)(update|using-graph-uri|using-named-graph-uri)=/.test(query) ||
    (req.body !== undefined && /(^|&)update=/.test(req.body.chars) && !type.startsWith('application/sparql-query'))
  );
}

function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

/** Sends one manifest request as written, with `/sparql/` replaced by the endpoint's path. */
export async function send(endpoint: string, req: ProtocolRequest): Promise<Response> {
  const url = new URL(endpoint);
  const rest = req.absolutePath.replace(/^\/sparql\/?/, '');
  const target = `${url.origin}${url.pathname}${rest}`;
  const headers = new Headers();
  for (const [n, v] of req.headers) headers.set(n, v);
  let body: Uint8Array | undefined;
  if (req.body) {
    // UTF-16 as `iconv -t UTF-16` writes it: a byte-order mark, then little-endian code units.
    body = /^utf-?16/i.test(req.body.encoding)
      ? Buffer.from(`\ufeff${req.body.chars}`, 'utf16le')
      : Buffer.from(req.body.chars, 'utf8');
  }
  // A Buffer body keeps fetch from inventing a content type: the "missing type" tests need none.
  return fetch(target, { method: req.method, headers, ...(body ? { body } : {}), redirect: 'manual' });
}

/** Every quad the endpoint holds, read back through the endpoint itself. */
async function snapshot(endpoint: string): Promise<readonly Record<string, RDF.Term>[]> {
  const query = 'SELECT * { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }';
  const res = await fetch(`${endpoint}?query=${encodeURIComponent(query)}`, {
    headers: { accept: 'application/sparql-results+json' },
  });
  if (!res.ok) throw new Error(`snapshot query failed: HTTP ${res.status}`);
  const result = parseSrj(await res.text());
  if (result.type !== 'bindings') throw new Error('snapshot query gave no table');
  return result.rows;
}

/** Checks one response against the manifest's expectations; returns why it falls short. */
async function checkResponse(res: Response, req: ProtocolRequest, endpoint: string, readOnlyFollowUp: boolean): Promise<string | undefined> {
  const cls = statusClass(res.status);
  if (!req.expectedStatus.includes(cls as '2xx')) {
    return `${req.method} ${req.absolutePath.slice(0, 60)}: status ${res.status}, expected ${req.expectedStatus.join(' or ')}: ${(await res.text()).slice(0, 200)}`;
  }
  const type = mediaTypeOf(res);
  if (req.expectedFormat === 'boolean' || req.expectedBoolean !== undefined) {
    if (!BOOLEAN_TYPES.has(type)) return `expected a boolean result, got '${type}'`;
    const text = await res.text();
    const answer = type === 'application/sparql-results+json' ? parseSrj(text) : await parseSrx(text);
    if (answer.type !== 'boolean') return 'expected a boolean result, got a table';
    if (req.expectedBoolean !== undefined) {
      // After a refused update the data is as before, so the answer must be the opposite of what
      // an updating endpoint would give.
      const want = readOnlyFollowUp ? !req.expectedBoolean : req.expectedBoolean;
      if (answer.value !== want) return `answer ${answer.value}, expected ${want}${readOnlyFollowUp ? ' (update refused)' : ''}`;
    }
  } else if (req.expectedFormat === 'tabular') {
    if (!TABULAR_TYPES.has(type)) return `expected a tabular result, got '${type}'`;
    if (type.startsWith('application/sparql-results')) {
      const answer = await readAnswer(res, endpoint);
      if (answer.type !== 'bindings') return `expected a table, got ${answer.type}`;
    } else await res.arrayBuffer();
  } else if (req.expectedFormat === 'RDF') {
    if (!RDF_MEDIA_TYPES.has(type)) return `expected RDF, got '${type}'`;
    await parseRdf(await res.text(), type, endpoint);
  } else {
    await res.arrayBuffer();
  }
  return undefined;
}

/** Data for update tests, so that a CLEAR or DROP that slipped through would show. */
const SENTINEL: RDF.Quad[] = [
  DF.quad(DF.namedNode('http://example.org/sentinel'), DF.namedNode(RDF_TYPE), DF.namedNode('http://example.org/Sentinel')),
];

/** The note on a protocol test that passed only in the read-only sense. */
export const READ_ONLY_NOTE = 'counted as passed for a read-only endpoint: the update was refused with 4xx and the data is unchanged';

export async function runProtocolTests(handle: EndpointHandle, tests: readonly ProtocolTest[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const test of tests) {
    const started = performance.now();
    let reason: string | undefined;
    const updates = test.requests.filter(isUpdateRequest);
    // Tests where an updating endpoint would say 2xx: here they can only pass by refusal.
    const refusedAgainstManifest = updates.some((r) => r.expectedStatus.includes('2xx'));
    try {
      const quads = test.graphData.flatMap((g) => loadRdf(g.file, DF.namedNode(g.graph)));
      if (updates.length > 0) quads.push(...SENTINEL);
      await handle.load(quads);
      const before = await snapshot(handle.endpoint);
      let refused = false;
      for (const req of test.requests) {
        const res = await send(handle.endpoint, req);
        if (isUpdateRequest(req)) {
          // Read-only endpoint: every update must be refused, whatever the manifest expects of an
          // endpoint that supports updates.
          refused = true;
          const body = await res.text();
          if (statusClass(res.status) !== '4xx') {
            reason = `update answered ${res.status}, a read-only endpoint must refuse it with 4xx: ${body.slice(0, 200)}`;
            break;
          }
          continue;
        }
        reason = await checkResponse(res, req, handle.endpoint, refused);
        if (reason) break;
      }
      if (!reason) {
        const after = await snapshot(handle.endpoint);
        const changed = compareBindings({ variables: ['s', 'p', 'o', 'g'], rows: before }, { variables: ['s', 'p', 'o', 'g'], rows: after });
        if (changed) reason = `the data changed: ${changed}`;
      }
    } catch (error) {
      reason = `error: ${error instanceof Error ? error.message : String(error)}`;
    }
    outcomes.push({
      id: test.id,
      passed: reason === undefined,
      ms: performance.now() - started,
      ...(reason ? { reason } : refusedAgainstManifest ? { reason: READ_ONLY_NOTE } : {}),
    });
  }
  return outcomes;
}

const SD_ACCEPT = 'text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8';

/** The three service-description checks, on `GET endpoint` with no query. */
export async function runServiceDescriptionTests(endpoint: string, tests: readonly ServiceDescriptionTest[]): Promise<Outcome[]> {
  const started = performance.now();
  let quads: RDF.Quad[] | undefined;
  let fetchError: string | undefined;
  try {
    const res = await fetch(endpoint, { headers: { accept: SD_ACCEPT } });
    const type = mediaTypeOf(res);
    if (!res.ok) fetchError = `GET ${endpoint}: HTTP ${res.status}`;
    else if (!RDF_MEDIA_TYPES.has(type)) fetchError = `GET ${endpoint}: '${type}' is not RDF`;
    else quads = await parseRdf(await res.text(), type, endpoint);
  } catch (error) {
    fetchError = `error: ${error instanceof Error ? error.message : String(error)}`;
  }
  const store = new N3.Store(quads ?? []);
  const sd = (local: string): RDF.NamedNode => DF.namedNode(SD + local);
  const checks: Record<string, () => string | undefined> = {
    'returns-rdf': () => (quads && quads.length > 0 ? undefined : 'the description is empty'),
    'has-endpoint-triple': () =>
      store.getQuads(null, sd('endpoint'), DF.namedNode(endpoint), null).length > 0
        ? undefined
        : `no sd:endpoint <${endpoint}> (found: ${store.getObjects(null, sd('endpoint'), null).map((t) => t.value).join(', ') || 'none'})`,
    'conforms-to-schema': () => {
      const problems: string[] = [];
      for (const p of ['endpoint', 'name']) {
        for (const o of store.getObjects(null, sd(p), null)) if (o.termType !== 'NamedNode') problems.push(`sd:${p} ${o.value} is not an IRI`);
      }
      for (const g of store.getSubjects(DF.namedNode(RDF_TYPE), sd('NamedGraph'), null)) {
        if (store.getObjects(g, sd('name'), null).length === 0) problems.push(`sd:NamedGraph ${g.value} has no sd:name`);
      }
      for (const d of store.getSubjects(DF.namedNode(RDF_TYPE), sd('Dataset'), null)) {
        if (store.getObjects(d, sd('defaultGraph'), null).length === 0) problems.push(`sd:Dataset ${d.value} has no sd:defaultGraph`);
      }
      if (store.getSubjects(DF.namedNode(RDF_TYPE), sd('Service'), null).length === 0) problems.push('no sd:Service');
      return problems.length ? problems.join('; ') : undefined;
    },
  };
  return tests.map((test) => {
    const local = test.id.slice(test.id.indexOf('#') + 1);
    const check = checks[local];
    const reason = fetchError ?? (check ? check() : `no check for ${test.id}`);
    return { id: test.id, passed: reason === undefined, ms: performance.now() - started, ...(reason ? { reason } : {}) };
  });
}
