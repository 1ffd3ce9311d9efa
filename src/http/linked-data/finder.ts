// Search and lists: SPARQL queries through the endpoint's own query service (the same engine and workers), ranked and
// paged here. Names match whatever their case and accents: the query text becomes a pattern of letter classes.
import type { QueryService } from '../../query/service.js';
import { NS, OWL, RDFS, RDF_, SKOS } from '../../vocab.js';

/** One solution of a SELECT, as SPARQL JSON results give it. */
export type Row = Readonly<Record<string, { readonly type: string; readonly value: string; readonly 'xml:lang'?: string } | undefined>>;

export class FinderError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'FinderError';
  }
}

/** Runs a SELECT on the query service and returns its rows. */
export async function selectRows(service: QueryService, query: string, maxRows = 10_000): Promise<Row[]> {
  const answer = await service.answer(query, { accept: 'application/sparql-results+json', maxRows });
  let text = '';
  for await (const chunk of answer.body) text += chunk;
  if (answer.status !== 200) throw new FinderError(answer.status >= 500 ? 503 : 500, `the query engine answered ${answer.status}: ${text.slice(0, 200)}`);
  const parsed = JSON.parse(text) as { results?: { bindings?: Row[] } };
  return parsed.results?.bindings ?? [];
}

/** A string as a SPARQL string literal (quotes, backslashes and line breaks escaped). */
export function sparqlString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}

/** Letters that are not decomposed by NFD but read as a plain Latin letter (Turkish, Azerbaijani, Nordic, Polish). */
const FOLD: Readonly<Record<string, string>> = { ı: 'i', ə: 'e', ø: 'o', ł: 'l', đ: 'd', ħ: 'h', ŧ: 't', ß: 'ss', æ: 'ae', œ: 'oe', ё: 'е', й: 'и' };

/** Lower case, accents dropped, spaces collapsed: the form in which names and queries are compared. */
export function foldText(s: string): string {
  const lower = s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  let out = '';
  for (const ch of lower) out += FOLD[ch] ?? ch;
  return out.replace(/\s+/g, ' ').trim();
}

/** For each plain letter, the accented forms that fold to it (the regex matches any of them, in either case). */
const VARIANTS: ReadonlyMap<string, string> = (() => {
  const letters =
    'áàâäãåāăąǎȧ' + 'çćčĉċ' + 'ďđ' + 'éèêëēĕėęěəȩ' + 'ğĝġģǧ' + 'ĥħ' + 'íìîïīĭįıİǐ' + 'ĵ' + 'ķǩ' + 'ĺļľŀł' + 'ñńņňŉ' + 'óòôöõøōŏőǒ' + 'ŕŗř' + 'śŝşšș' + 'ţťŧț' + 'úùûüũūŭůűųǔǖǘǚǜ' + 'ŵ' + 'ýÿŷ' + 'źżž' + 'ёЁйЙ';
  const m = new Map<string, string>();
  for (const ch of letters) {
    const base = foldText(ch);
    if (base.length !== 1) continue;
    m.set(base, (m.get(base) ?? '') + ch);
  }
  return m;
})();

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/-]/;

/** The folded query as a regular expression that matches the original text of a name (used with the "i" flag). */
export function namePattern(folded: string): string {
  let out = '';
  for (const ch of folded) {
    if (ch === ' ') out += '\\s+';
    else if (VARIANTS.has(ch)) out += `[${ch}${VARIANTS.get(ch)}]`;
    else if (REGEX_SPECIAL.test(ch)) out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

export const SEARCH_MAX_CHARS = 200;
const WIKIDATA = NS.wd;

export interface SearchHit {
  readonly iri: string;
  /** The name that matched, its language, and whether it is a label, another name or a Wikidata ID. */
  readonly matched: string;
  readonly lang: string;
  readonly kind: 'label' | 'alt' | 'wikidata';
  readonly score: number;
}

/** How well a name answers the query: whole name, start of the name, start of a word, anywhere. */
function scoreName(name: string, q: string, kind: SearchHit['kind']): number {
  const n = foldText(name);
  const base = n === q ? 100 : n.startsWith(q) ? 80 : n.split(/[\s,()\-–/]+/).some((w) => w.startsWith(q)) ? 60 : n.includes(q) ? 40 : 0;
  if (base === 0) return 0;
  return base + (kind === 'label' ? 5 : kind === 'wikidata' ? 3 : 0);
}

/** Checks the text of a search and folds it; bad input is a 400 saying what to send. */
export function checkSearchText(raw: unknown): string {
  if (raw === undefined) return '';
  if (typeof raw !== 'string') throw new FinderError(400, 'give the search once, as ?q=text');
  if ([...raw].length > SEARCH_MAX_CHARS) throw new FinderError(400, `the search text is ${[...raw].length} characters long; at most ${SEARCH_MAX_CHARS} are searched`);
  if (/[\u0000-\u001f\u007f]/.test(raw)) throw new FinderError(400, 'the search text holds control characters; send plain text');
  return foldText(raw);
}

/** A Wikidata item ID (Q57641), in any case; undefined for anything else. */
export function wikidataId(raw: string): string | undefined {
  const m = /^\s*(q\d+)\s*$/i.exec(raw);
  return m?.[1]?.toUpperCase();
}

/** Things under `{base}id/` whose label (any language), other name or Wikidata ID matches, best first. */
export async function search(service: QueryService, base: string, folded: string, limit = 50): Promise<SearchHit[]> {
  if (folded === '') return [];
  const query = `SELECT ?s ?name ?kind WHERE {
  { ?s <${RDFS.label}> ?name BIND("label" AS ?kind) }
  UNION { ?s <${SKOS.altLabel}> ?name BIND("alt" AS ?kind) }
  UNION { ?s <${OWL.sameAs}> ?w FILTER(STRSTARTS(STR(?w), ${sparqlString(WIKIDATA)})) BIND(STRAFTER(STR(?w), ${sparqlString(WIKIDATA)}) AS ?name) BIND("wikidata" AS ?kind) }
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), ${sparqlString(`${base}id/`)}))
  FILTER(REGEX(STR(?name), ${sparqlString(namePattern(folded))}, "i"))
} LIMIT 2000`;
  const best = new Map<string, SearchHit>();
  for (const r of await selectRows(service, query)) {
    const iri = r.s?.value;
    const name = r.name?.value;
    const kind = r.kind?.value as SearchHit['kind'] | undefined;
    if (!iri || name === undefined || !kind) continue;
    const score = scoreName(name, folded, kind);
    if (score === 0) continue;
    const prev = best.get(iri);
    if (!prev || score > prev.score) best.set(iri, { iri, matched: name, lang: r.name?.['xml:lang'] ?? '', kind, score });
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.matched.length - b.matched.length || a.iri.localeCompare(b.iri)).slice(0, limit);
}

/** The things that are `owl:sameAs` this Wikidata item. */
export async function byWikidataId(service: QueryService, base: string, qid: string): Promise<string[]> {
  const rows = await selectRows(service, `SELECT DISTINCT ?s WHERE { ?s <${OWL.sameAs}> <${WIKIDATA}${qid}> FILTER(STRSTARTS(STR(?s), ${sparqlString(base)})) } LIMIT 10`);
  return rows.map((r) => r.s?.value).filter((v): v is string => v !== undefined);
}

export interface Summary {
  readonly iri: string;
  /** Labels by language ('' for none). */
  readonly labels: ReadonlyMap<string, string>;
  readonly types: readonly string[];
}

/** Labels and types of the given things, in one query. */
export async function summaries(service: QueryService, iris: readonly string[]): Promise<Map<string, Summary>> {
  const out = new Map<string, { labels: Map<string, string>; types: Set<string> }>();
  for (const i of iris) out.set(i, { labels: new Map(), types: new Set() });
  if (iris.length > 0) {
    const values = iris.map((i) => `<${i}>`).join(' ');
    const rows = await selectRows(service, `SELECT ?s ?label ?type WHERE { VALUES ?s { ${values} } { ?s <${RDFS.label}> ?label } UNION { ?s <${RDF_.type}> ?type } }`);
    for (const r of rows) {
      const e = r.s ? out.get(r.s.value) : undefined;
      if (!e) continue;
      if (r.label) e.labels.set(r.label['xml:lang'] ?? '', r.label.value);
      if (r.type) e.types.add(r.type.value);
    }
  }
  return new Map([...out].map(([iri, e]) => [iri, { iri, labels: e.labels, types: [...e.types].sort() }]));
}

/** The English label, else one without a language, else any, else the last segment of the IRI. */
export function displayLabel(s: Summary): string {
  return s.labels.get('en') ?? s.labels.get('') ?? [...s.labels.values()][0] ?? decodeURIComponent(s.iri.replace(/\/$/, '').split(/[/#]/).pop() ?? s.iri);
}

export const PAGE_SIZE = 200;

export interface ListPage {
  readonly iris: readonly string[];
  readonly total: number;
  readonly page: number;
  readonly pages: number;
}

/** Checks `?page=`: a whole number from 1. */
export function checkPage(raw: unknown): number {
  if (raw === undefined) return 1;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,6}$/.test(raw)) throw new FinderError(400, `?page= must be a whole number from 1, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

async function pageOf(service: QueryService, pattern: string, page: number): Promise<ListPage> {
  const count = await selectRows(service, `SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ${pattern} }`);
  const total = Number(count[0]?.n?.value ?? 0);
  const rows = await selectRows(service, `SELECT DISTINCT ?s WHERE { ${pattern} } ORDER BY ?s LIMIT ${PAGE_SIZE} OFFSET ${(page - 1) * PAGE_SIZE}`);
  return { iris: rows.map((r) => r.s?.value).filter((v): v is string => v !== undefined), total, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

/** The things minted directly under `{base}id/{segment}/` (`/id/person/` lists the people). */
export function listPath(service: QueryService, base: string, segment: string, page: number): Promise<ListPage> {
  const prefix = `${base}id/${segment}/`;
  return pageOf(service, `?s <${RDF_.type}> ?t FILTER(STRSTARTS(STR(?s), ${sparqlString(prefix)}) && !CONTAINS(STRAFTER(STR(?s), ${sparqlString(prefix)}), "/"))`, page);
}

/** The instances of one class. */
export function listClass(service: QueryService, classIri: string, page: number): Promise<ListPage> {
  return pageOf(service, `?s <${RDF_.type}> <${classIri}> FILTER(isIRI(?s))`, page);
}

/** The paths under `{base}id/` that hold things (`person`, `state`, ...), with how many each holds directly. */
export async function pathCounts(service: QueryService, base: string): Promise<{ segment: string; count: number }[]> {
  const root = `${base}id/`;
  const rows = await selectRows(
    service,
    `SELECT ?seg (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s <${RDF_.type}> ?t .
  BIND(STRAFTER(STR(?s), ${sparqlString(root)}) AS ?rest)
  FILTER(STRSTARTS(STR(?s), ${sparqlString(root)}) && CONTAINS(?rest, "/") && !CONTAINS(STRAFTER(?rest, "/"), "/") && STRAFTER(?rest, "/") != "")
  BIND(STRBEFORE(?rest, "/") AS ?seg)
} GROUP BY ?seg ORDER BY ?seg`,
  );
  return rows.flatMap((r) => (r.seg && r.n ? [{ segment: r.seg.value, count: Number(r.n.value) }] : []));
}

/** Every class with instances, and how many. */
export async function classCounts(service: QueryService): Promise<{ iri: string; count: number }[]> {
  const rows = await selectRows(service, `SELECT ?t (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s <${RDF_.type}> ?t FILTER(isIRI(?t)) } GROUP BY ?t ORDER BY DESC(?n) ?t`);
  return rows.flatMap((r) => (r.t && r.n ? [{ iri: r.t.value, count: Number(r.n.value) }] : []));
}
