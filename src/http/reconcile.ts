// The reconciliation service (W3C Entity Reconciliation Community Group, API v0.2, as OpenRefine speaks it) at
// /reconcile: the service manifest, queries by name with an optional type and properties, scored candidates with a
// match flag, previews, and suggest (autocomplete) for entities, types and properties. Every name counts: labels in
// every language and the other spellings (skos:altLabel). Candidates come from SPARQL queries to the endpoint's own
// query service, like search; the scoring is done here.
import type { Request, Response, Router } from 'express';
import { html } from './html.js';
import type { QueryService } from '../query/service.js';
import { NS, OTS, OWL, RDFS, RDF_, SCHEMA, SKOS } from '../vocab.js';
import { FinderError, foldText, namePattern, search, selectRows, sparqlString } from './linked-data/finder.js';
import { WIKIDATA_ENTITY } from '../wikidata/vocabulary.js';
import { editDistance } from '../facts/text.js';

/** The types a query may ask for: our classes, by a short ID. */
export const RECONCILE_TYPES: readonly { readonly id: string; readonly name: string; readonly iri: string }[] = [
  { id: 'Person', name: 'person', iri: SCHEMA.Person },
  { id: 'State', name: 'state (member or observer of the OTS)', iri: OTS.State },
  { id: 'Organization', name: 'organisation', iri: OTS.Organization },
  { id: 'Council', name: 'council or body of the OTS', iri: OTS.Council },
  { id: 'City', name: 'city', iri: SCHEMA.City },
  { id: 'Venue', name: 'venue', iri: OTS.Venue },
  { id: 'Summit', name: 'summit', iri: OTS.Summit },
  { id: 'Award', name: 'award', iri: OTS.Award },
  { id: 'Initiative', name: 'initiative', iri: OTS.Initiative },
  { id: 'Document', name: 'document', iri: OTS.Document },
];
const TYPE_BY_ID = new Map(RECONCILE_TYPES.map((t) => [t.id.toLowerCase(), t]));
const TYPE_BY_IRI = new Map(RECONCILE_TYPES.map((t) => [t.iri, t]));

/** The properties a query may give to narrow its candidates. */
export const RECONCILE_PROPERTIES: readonly { readonly id: string; readonly name: string }[] = [
  { id: 'wikidata', name: 'Wikidata item ID (Q…) the entity is the same as' },
  { id: 'country', name: 'country: the state itself, a city\'s or venue\'s state, a summit\'s host country' },
  { id: 'date', name: 'date of a summit (YYYY-MM-DD)' },
];

/** Most queries in one batch, candidates per query, characters of a query. */
export const MAX_BATCH = 50;
export const MAX_LIMIT = 50;
export const DEFAULT_LIMIT = 5;
export const MAX_QUERY_CHARS = 200;
/** Largest request body read (a batch of queries as a form). */
const MAX_BODY_BYTES = 256 * 1024;

export class ReconcileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReconcileError';
  }
}

export interface ReconcileQuery {
  readonly query: string;
  readonly types: readonly string[];
  readonly limit: number;
  readonly properties: readonly { readonly pid: string; readonly v: readonly string[] }[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A property value as text: a string, a number, `{id}` or `{name}` objects, or a list of them. */
function propertyValues(v: unknown, where: string): string[] {
  const one = (x: unknown): string => {
    if (typeof x === 'string' || typeof x === 'number') return String(x);
    if (isObject(x) && typeof x.id === 'string') return x.id;
    if (isObject(x) && typeof x.name === 'string') return x.name;
    throw new ReconcileError(`${where}.v must be text, a number, an object with "id" or "name", or a list of them`);
  };
  return Array.isArray(v) ? v.map(one) : [one(v)];
}

/** Checks one query of a batch; every problem is a ReconcileError saying where and what to send. */
export function checkQuery(key: string, raw: unknown): ReconcileQuery {
  const where = `query "${key}"`;
  if (!isObject(raw)) throw new ReconcileError(`${where} must be an object such as {"query": "Viktor Orban", "type": "Person"}`);
  const known = ['query', 'type', 'limit', 'properties', 'type_strict'];
  const unknown = Object.keys(raw).filter((k) => !known.includes(k));
  if (unknown.length > 0) throw new ReconcileError(`${where} has unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; the fields are ${known.join(', ')}`);
  const q = raw.query;
  if (typeof q !== 'string' || q.trim() === '') throw new ReconcileError(`${where} needs "query": the name to look for, as non-empty text`);
  if ([...q].length > MAX_QUERY_CHARS) throw new ReconcileError(`${where}: "query" is ${[...q].length} characters long; at most ${MAX_QUERY_CHARS}`);
  if (/[\u0000-\u001f\u007f]/.test(q)) throw new ReconcileError(`${where}: "query" holds control characters; send plain text`);
  const rawTypes = raw.type === undefined ? [] : Array.isArray(raw.type) ? raw.type : [raw.type];
  const types = rawTypes.map((t) => {
    const id = typeof t === 'string' ? t : isObject(t) && typeof t.id === 'string' ? t.id : undefined;
    const known = id !== undefined ? (TYPE_BY_ID.get(id.toLowerCase()) ?? TYPE_BY_IRI.get(id)) : undefined;
    if (!known) throw new ReconcileError(`${where}: unknown type ${JSON.stringify(t)}; the types are ${RECONCILE_TYPES.map((x) => x.id).join(', ')}`);
    return known.iri;
  });
  let limit = DEFAULT_LIMIT;
  if (raw.limit !== undefined) {
    if (typeof raw.limit !== 'number' || !Number.isInteger(raw.limit) || raw.limit < 1 || raw.limit > MAX_LIMIT) throw new ReconcileError(`${where}: "limit" must be a whole number from 1 to ${MAX_LIMIT}`);
    limit = raw.limit;
  }
  if (raw.type_strict !== undefined && !['any', 'all', 'should'].includes(String(raw.type_strict))) throw new ReconcileError(`${where}: "type_strict" must be any, all or should`);
  const props = raw.properties === undefined ? [] : raw.properties;
  if (!Array.isArray(props)) throw new ReconcileError(`${where}: "properties" must be a list of {"pid": …, "v": …}`);
  const properties = props.map((p, i) => {
    const at = `${where}, property ${i + 1}`;
    if (!isObject(p) || typeof p.pid !== 'string') throw new ReconcileError(`${at} must be {"pid": …, "v": …}`);
    if (!RECONCILE_PROPERTIES.some((x) => x.id === p.pid)) throw new ReconcileError(`${at}: unknown pid "${p.pid}"; the properties are ${RECONCILE_PROPERTIES.map((x) => x.id).join(', ')}`);
    return { pid: p.pid, v: propertyValues(p.v, at) };
  });
  return { query: q, types, limit, properties };
}

/** Parses the `queries` parameter: a JSON object of queries by key. */
export function parseQueries(text: string): Map<string, ReconcileQuery> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ReconcileError(`"queries" is not valid JSON (${e instanceof Error ? e.message : String(e)}); send an object such as {"q0": {"query": "Viktor Orban"}}`);
  }
  if (!isObject(parsed)) throw new ReconcileError('"queries" must be a JSON object of queries by key, such as {"q0": {"query": "Viktor Orban"}}');
  const keys = Object.keys(parsed);
  if (keys.length === 0) throw new ReconcileError('"queries" holds no query');
  if (keys.length > MAX_BATCH) throw new ReconcileError(`"queries" holds ${keys.length} queries; send at most ${MAX_BATCH} in one request`);
  return new Map(keys.map((k) => [k, checkQuery(k, parsed[k])]));
}

// ------------------------------------------------------------------------------------------------ scoring

const words = (s: string): string[] => s.split(/[\s,()\-–/.]+/).filter((w) => w !== '');

/** How close two words are, 0..1 (1 - edit distance / length of the longer). */
function wordSimilarity(a: string, b: string): number {
  return 1 - editDistance(a, b) / Math.max(a.length, b.length, 1);
}

/**
 * How well a name answers a query, 0..100, both folded: 100 for the same name; otherwise each word of the query is
 * paired with the closest word of the name (near-misses such as a dropped letter count most of a word), and the
 * share of the name's words that were answered counts a little.
 */
export function nameScore(query: string, name: string): number {
  if (query === name) return 100;
  const qw = words(query);
  const nw = words(name);
  if (qw.length === 0 || nw.length === 0) return 0;
  const used = new Set<number>();
  let sum = 0;
  for (const w of qw) {
    let best = 0;
    let at = -1;
    nw.forEach((n, i) => {
      if (used.has(i)) return;
      const s = wordSimilarity(w, n);
      if (s > best) {
        best = s;
        at = i;
      }
    });
    if (best >= 0.7 && at >= 0) {
      used.add(at);
      sum += best;
    }
  }
  const precision = sum / qw.length;
  const coverage = used.size / nw.length;
  return Math.round(Math.min(99, 100 * (0.8 * precision + 0.2 * coverage)) * 10) / 10;
}

export interface Candidate {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly type: readonly { readonly id: string; readonly name: string }[];
  readonly score: number;
  readonly match: boolean;
  /** The name that matched best (label or other name, in any language). */
  readonly matched: string;
}

interface Details {
  iri: string;
  label?: string;
  names: Set<string>;
  types: Set<string>;
  qids: Set<string>;
  countries: Set<string>;
  dates: Set<string>;
}

function queryWords(q: string): string[] {
  return [...new Set(words(foldText(q)).map((w) => [...w].slice(0, 3).join('')))].filter((w) => w.length > 0);
}

/** Labels, other names, types, Wikidata IDs, countries and dates of the things, in one query. */
async function details(service: QueryService, iris: readonly string[]): Promise<Map<string, Details>> {
  const out = new Map<string, Details>();
  if (iris.length === 0) return out;
  for (const i of iris) out.set(i, { iri: i, names: new Set(), types: new Set(), qids: new Set(), countries: new Set(), dates: new Set() });
  const rows = await selectRows(
    service,
    `SELECT ?s ?label ?alt ?type ?same ?country ?date WHERE {
  VALUES ?s { ${iris.map((i) => `<${i}>`).join(' ')} }
  { ?s <${RDFS.label}> ?label } UNION { ?s <${SKOS.altLabel}> ?alt } UNION { ?s <${RDF_.type}> ?type }
  UNION { ?s <${OWL.sameAs}> ?same FILTER(STRSTARTS(STR(?same), ${sparqlString(WIKIDATA_ENTITY)})) }
  UNION { ?s <${SCHEMA.startDate}> ?date }
  UNION { { ?s <${SCHEMA.containedInPlace}> ?c } UNION { ?s <${SCHEMA.containedInPlace}>/<${SCHEMA.containedInPlace}> ?c } UNION { ?s <${OTS.hostCountry}> ?c } ?c a <${OTS.State}> ; <${RDFS.label}> ?country }
  UNION { ?s a <${OTS.State}> ; <${RDFS.label}> ?country }
}`,
  );
  for (const r of rows) {
    const d = r.s ? out.get(r.s.value) : undefined;
    if (!d) continue;
    if (r.label) {
      d.names.add(r.label.value);
      const lang = r.label['xml:lang'] ?? '';
      if (lang === 'en' || (lang === '' && d.label === undefined)) d.label = r.label.value;
    }
    if (r.alt) d.names.add(r.alt.value);
    if (r.type) d.types.add(r.type.value);
    if (r.same) d.qids.add(r.same.value.slice(WIKIDATA_ENTITY.length));
    if (r.country) d.countries.add(foldText(r.country.value));
    if (r.date) d.dates.add(r.date.value);
  }
  return out;
}

/** The reconciliation candidates of one query, best first. */
export async function reconcile(service: QueryService, base: string, q: ReconcileQuery): Promise<Candidate[]> {
  const root = `${base}id/`;
  const folded = foldText(q.query);
  // Only things of the types offered (people, states, places, summits...), not the records about them.
  const types = q.types.length > 0 ? q.types : RECONCILE_TYPES.map((t) => t.iri);
  const typeFilter = `?s <${RDF_.type}> ?t FILTER(?t IN (${types.map((t) => `<${t}>`).join(', ')}))`;
  // Candidates: things whose names share the first letters of a word of the query (near-misses are scored below).
  const prefixes = queryWords(q.query);
  const qid = /^\s*[Qq]([1-9]\d*)\s*$/.exec(q.query);
  const pattern = prefixes.map((p) => namePattern(p)).join('|');
  const rows = await selectRows(
    service,
    `SELECT DISTINCT ?s WHERE {
  { ?s <${RDFS.label}> ?name } UNION { ?s <${SKOS.altLabel}> ?name }${qid ? ` UNION { ?s <${OWL.sameAs}> <${WIKIDATA_ENTITY}Q${qid[1] ?? ''}> BIND("" AS ?name) }` : ''}
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), ${sparqlString(root)}) && !CONTAINS(STRAFTER(STRAFTER(STR(?s), ${sparqlString(root)}), "/"), "/"))
  FILTER(${qid ? '?name = "" || ' : ''}REGEX(STR(?name), ${sparqlString(pattern || '.')}, "i"))
  ${typeFilter}
} LIMIT 2000`,
  );
  const iris = rows.map((r) => r.s?.value).filter((v): v is string => v !== undefined);
  const info = await details(service, iris);
  const wanted = (pid: string): string[] => q.properties.filter((p) => p.pid === pid).flatMap((p) => p.v);
  const scored: Candidate[] = [];
  for (const d of info.values()) {
    let best = 0;
    let matched = d.label ?? '';
    for (const n of d.names) {
      const s = nameScore(folded, foldText(n));
      if (s > best) {
        best = s;
        matched = n;
      }
    }
    let score = best;
    const byQid = qid !== null && d.qids.has(`Q${qid[1] ?? ''}`);
    if (byQid) score = 100;
    // Properties confirm or count against a candidate.
    let confirmed = false;
    for (const v of wanted('wikidata')) {
      const id = v.trim().toUpperCase().replace(/^.*\//, '');
      if (d.qids.has(id)) {
        score = Math.min(100, score + 10);
        confirmed = true;
      } else score -= 30;
    }
    for (const v of wanted('country')) score += d.countries.has(foldText(v)) ? 5 : -15;
    for (const v of wanted('date')) score += d.dates.has(v.trim()) ? 5 : -15;
    score = Math.max(0, Math.min(100, Math.round(score * 10) / 10));
    if (score < 50 && !byQid) continue;
    const types = [...d.types].map((t) => TYPE_BY_IRI.get(t)).filter((t): t is (typeof RECONCILE_TYPES)[number] => t !== undefined);
    const description = [types.map((t) => t.name).join(', '), d.qids.size > 0 ? `Wikidata ${[...d.qids].sort().join(', ')}` : '', matched !== d.label ? `matched "${matched}"` : ''].filter((x) => x !== '').join('; ');
    scored.push({ id: d.iri.slice(root.length), name: d.label ?? d.iri, description, type: types.map((t) => ({ id: t.id, name: t.name })), score, match: false, matched: best === 100 || byQid || confirmed ? 'exact' : matched });
  }
  scored.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id));
  // A match: the best candidate answers the name exactly (or by its Wikidata ID) and no other candidate does.
  const top = scored[0];
  const second = scored[1];
  const out = scored.slice(0, q.limit).map((c) => ({ ...c }));
  if (top && out[0] && top.matched === 'exact' && top.score >= 95 && (!second || second.score < 95)) out[0] = { ...out[0], match: true };
  return out.map(({ matched, ...c }) => ({ ...c, matched }));
}

/**
 * Autocomplete: things with a name (any language, any spelling) in which a word begins with what was typed, whole
 * names first; then, when the prefix is long enough, near-misses from reconciliation.
 */
export async function suggestEntities(service: QueryService, base: string, prefix: string): Promise<{ id: string; name: string; description: string }[]> {
  const root = `${base}id/`;
  const hits = await search(service, base, foldText(prefix), 200);
  const info = await details(service, hits.map((h) => h.iri));
  const out = new Map<string, { id: string; name: string; description: string }>();
  for (const h of hits) {
    const d = info.get(h.iri);
    if (!d || h.iri.slice(root.length).split('/').length !== 2) continue;
    const types = [...d.types].map((t) => TYPE_BY_IRI.get(t)).filter((t): t is (typeof RECONCILE_TYPES)[number] => t !== undefined);
    if (types.length === 0) continue;
    const also = h.matched !== d.label && h.kind !== 'wikidata' ? `also "${h.matched}"` : '';
    out.set(h.iri, { id: h.iri.slice(root.length), name: d.label ?? h.iri, description: [types.map((t) => t.name).join(', '), also].filter((x) => x !== '').join('; ') });
  }
  if ([...prefix].length >= 4) {
    for (const c of await reconcile(service, base, { query: prefix, types: [], limit: 10, properties: [] })) {
      if (!out.has(`${root}${c.id}`)) out.set(`${root}${c.id}`, { id: c.id, name: c.name, description: c.description });
    }
  }
  return [...out.values()];
}

// ------------------------------------------------------------------------------------------------ HTTP

export interface ReconcileOptions {
  readonly service: () => QueryService;
  readonly base: string;
  /** The root URL of this server as clients reach it (`https://host/`). */
  readonly root: (req: Request) => string;
  /** Answers the preview of one entity (a small HTML page), given its IRI. */
  readonly preview: (iri: string) => Promise<string | undefined>;
}

async function readForm(req: Request): Promise<URLSearchParams> {
  const type = (req.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new ReconcileError(`send the queries as a form (Content-Type: application/x-www-form-urlencoded, field "queries"), not ${type || 'no Content-Type'}`);
  }
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ReconcileError(`the request body is larger than ${MAX_BODY_BYTES} bytes; send fewer queries at a time`);
    parts.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(parts).toString('utf8'));
}

/** JSON, or JSONP when a valid `callback` was given (the older clients of the API). */
function sendJson(req: Request, res: Response, status: number, body: unknown): void {
  const cb = req.query.callback;
  res.set('Cache-Control', 'no-cache');
  if (typeof cb === 'string' && cb !== '') {
    if (!/^[A-Za-z_$][\w$]{0,63}(\.[A-Za-z_$][\w$]{0,63}){0,3}$/.test(cb)) {
      res.status(400).type('application/json; charset=utf-8').send(JSON.stringify({ error: 'callback must be a JavaScript name such as jsonp123' }));
      return;
    }
    res.status(status).type('text/javascript; charset=utf-8').set('X-Content-Type-Options', 'nosniff').send(`/**/${cb}(${JSON.stringify(body)});`);
    return;
  }
  res.status(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

function bad(req: Request, res: Response, e: unknown): void {
  if (e instanceof ReconcileError || (e instanceof FinderError && e.status === 400)) {
    sendJson(req, res, 400, { error: e.message });
    return;
  }
  if (e instanceof FinderError) {
    sendJson(req, res, e.status, { error: e.message });
    return;
  }
  throw e;
}

function manifest(root: string, base: string): Record<string, unknown> {
  const service = root.replace(/\/$/, '');
  return {
    versions: ['0.1', '0.2'],
    name: 'ots-kg: the Organization of Turkic States knowledge graph',
    identifierSpace: `${base}id/`,
    schemaSpace: NS.ots,
    documentation: `${root}dataset`,
    defaultTypes: RECONCILE_TYPES.slice(0, 3).map((t) => ({ id: t.id, name: t.name })),
    view: { url: `${root}id/{{id}}` },
    preview: { url: `${root}reconcile/preview?id={{id}}`, width: 400, height: 120 },
    suggest: {
      entity: { service_url: service, service_path: '/reconcile/suggest/entity' },
      type: { service_url: service, service_path: '/reconcile/suggest/type' },
      property: { service_url: service, service_path: '/reconcile/suggest/property' },
    },
  };
}

/** One query parameter as text, or a 400 when it is given more than once. */
function param(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ReconcileError(`give "${name}" once, as text`);
  return v;
}

/** The `cursor` of a suggest request: how many results to skip. */
function cursorOf(req: Request): number {
  const c = param(req, 'cursor');
  if (c === undefined || c === '') return 0;
  if (!/^\d{1,6}$/.test(c)) throw new ReconcileError('"cursor" must be a whole number (how many results to skip)');
  return Number(c);
}

function prefixOf(req: Request): string {
  const p = param(req, 'prefix');
  if (p === undefined || p.trim() === '') throw new ReconcileError('give "prefix": the beginning of a name');
  if ([...p].length > MAX_QUERY_CHARS) throw new ReconcileError(`"prefix" is longer than ${MAX_QUERY_CHARS} characters`);
  if (/[\u0000-\u001f\u007f]/.test(p)) throw new ReconcileError('"prefix" holds control characters; send plain text');
  return p;
}

/** Adds the /reconcile routes to a router. */
export function addReconcileRoutes(router: Router, opts: ReconcileOptions): void {
  const answer = async (req: Request, res: Response, queriesText: string | undefined): Promise<void> => {
    if (queriesText === undefined) {
      sendJson(req, res, 200, manifest(opts.root(req), opts.base));
      return;
    }
    const queries = parseQueries(queriesText);
    const out: Record<string, { result: Omit<Candidate, 'matched'>[] }> = {};
    for (const [key, q] of queries) {
      out[key] = { result: (await reconcile(opts.service(), opts.base, q)).map(({ matched: _m, ...c }) => c) };
    }
    sendJson(req, res, 200, out);
  };

  // Each route: a client's mistake (a ReconcileError) or a failure answered by bad(); what bad() cannot send goes on.
  const route = (handle: (req: Request, res: Response) => Promise<void> | void) => (req: Request, res: Response, next: (e?: unknown) => void): void => {
    (async () => {
      try {
        await handle(req, res);
      } catch (e) {
        bad(req, res, e);
      }
    })().catch(next);
  };
  /** The suggest answer for a fixed list: the entries whose ID or a word of whose name starts with the prefix. */
  const suggestFrom = (list: readonly { id: string; name: string }[], idMatches: (id: string, f: string) => boolean) => (req: Request, res: Response): void => {
    const f = foldText(prefixOf(req));
    const cursor = cursorOf(req);
    const hits = list.filter((t) => idMatches(t.id, f) || words(foldText(t.name)).some((w) => w.startsWith(f)));
    sendJson(req, res, 200, { result: hits.slice(cursor, cursor + 10).map((t) => ({ id: t.id, name: t.name })) });
  };

  router.get('/reconcile', route((req, res) => answer(req, res, param(req, 'queries'))));
  router.post('/reconcile', route(async (req, res) => {
    const form = await readForm(req);
    const all = form.getAll('queries');
    if (all.length > 1) throw new ReconcileError('give "queries" once');
    await answer(req, res, all[0] ?? param(req, 'queries'));
  }));
  router.get('/reconcile/suggest/entity', route(async (req, res) => {
    const prefix = prefixOf(req);
    const cursor = cursorOf(req);
    sendJson(req, res, 200, { result: (await suggestEntities(opts.service(), opts.base, prefix)).slice(cursor, cursor + 10) });
  }));
  router.get('/reconcile/suggest/type', route(suggestFrom(RECONCILE_TYPES, (id, f) => foldText(id).startsWith(f))));
  router.get('/reconcile/suggest/property', route(suggestFrom(RECONCILE_PROPERTIES, (id, f) => id.startsWith(f))));
  router.get('/reconcile/preview', route(async (req, res) => {
    const id = param(req, 'id');
    if (id === undefined || !/^[a-z0-9-]+\/[^/\s]+$/.test(id)) throw new ReconcileError('give "id": an entity ID as reconciliation returns it, such as person/viktor-orban');
    const page = await opts.preview(`${opts.base}id/${id}`);
    if (page === undefined) {
      res.status(404).type('text/plain; charset=utf-8').send(`404 Not found: no entity has the ID ${id}\n`);
      return;
    }
    res.status(200).type('text/html; charset=utf-8').set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'").send(page);
  }));
}

/** A small page for the preview pane: the name, what it is, its other names and Wikidata ID, and a link. */
export async function previewPage(service: QueryService, iri: string, pageUrl: string): Promise<string | undefined> {
  const d = (await details(service, [iri])).get(iri);
  if (!d || d.types.size === 0) return undefined;
  const types = [...d.types].map((t) => TYPE_BY_IRI.get(t)?.name).filter((t): t is string => t !== undefined);
  const others = [...d.names].filter((n) => n !== d.label).sort();
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${d.label ?? iri}</title></head>
<body style="font-family: sans-serif; font-size: 14px; margin: 6px">
<strong><a href="${pageUrl}" target="_blank">${d.label ?? iri}</a></strong> <span style="color:#555">${types.join(', ')}</span>
${others.length > 0 ? html`<div>Also: ${others.join(' · ')}</div>` : ''}
${d.qids.size > 0 ? html`<div>Wikidata: ${[...d.qids].sort().join(', ')}</div>` : ''}
<div style="color:#555">${iri}</div>
</body></html>`.toString();
}
