// The way back from Wikidata: `/wikidata/Q…` leads to the entity that is owl:sameAs that item, `/wikidata/` lists the
// linkset. Both ask the query service, like search.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { html, type Html } from '../html.js';
import { LABELS_DUMP_FILE, parseLabels, type WikidataLabels } from '../../wikidata/labels.js';
import type { QueryService } from '../../query/service.js';
import { OWL, RDFS, RDF_ } from '../../vocab.js';
import { FinderError, selectRows, sparqlString } from './finder.js';
import { hrefFor } from './iri.js';
import { layout } from './pages.js';
import { WIKIDATA_ENTITY } from '../../wikidata/vocabulary.js';

export interface LinkRow {
  readonly qid: string;
  readonly iri: string;
  /** Our English label. */
  readonly label: string;
  /** Our names in other languages and other spellings, as `name (lang)`. */
  readonly otherNames: readonly string[];
  readonly types: readonly string[];
}

/** Checks the ID of `/wikidata/{id}`: a Q followed by digits (any case); a 400 saying so otherwise. */
export function checkQid(raw: string): string {
  const m = /^[Qq]([1-9]\d{0,11})$/.exec(raw);
  if (!m) throw new FinderError(400, `'${raw.slice(0, 40)}' is not a Wikidata item ID; they look like Q57641 (see /wikidata/ for the items linked here)`);
  return `Q${m[1] ?? ''}`;
}

/** Every link of the linkset with our names of the entity, by English label. */
export async function linkset(service: QueryService, base: string): Promise<LinkRow[]> {
  const rows = await selectRows(
    service,
    `SELECT ?s ?w ?name ?kind ?type WHERE {
  ?s <${OWL.sameAs}> ?w .
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), ${sparqlString(base)}) && STRSTARTS(STR(?w), ${sparqlString(`${WIKIDATA_ENTITY}Q`)}))
  { ?s <${RDFS.label}> ?name BIND("label" AS ?kind) } UNION { ?s <http://www.w3.org/2004/02/skos/core#altLabel> ?name BIND("alt" AS ?kind) } UNION { ?s <${RDF_.type}> ?type }
}`,
  );
  const by = new Map<string, { qid: string; iri: string; label?: string; other: Set<string>; types: Set<string> }>();
  for (const r of rows) {
    const iri = r.s?.value;
    const w = r.w?.value;
    if (!iri || !w) continue;
    const key = `${iri} ${w}`;
    const e = by.get(key) ?? { qid: w.slice(WIKIDATA_ENTITY.length), iri, other: new Set<string>(), types: new Set<string>() };
    by.set(key, e);
    if (r.type) e.types.add(r.type.value);
    if (!r.name) continue;
    const lang = r.name['xml:lang'] ?? '';
    if (r.kind?.value === 'label' && (lang === 'en' || (lang === '' && e.label === undefined))) e.label = r.name.value;
    else e.other.add(lang && lang !== 'en' ? `${r.name.value} (${lang})` : r.name.value);
  }
  return [...by.values()]
    .map((e) => ({ qid: e.qid, iri: e.iri, label: e.label ?? e.iri, otherNames: [...e.other].filter((n) => n !== e.label).sort(), types: [...e.types].sort() }))
    .sort((a, b) => a.label.localeCompare(b.label, 'en') || a.qid.localeCompare(b.qid));
}

const WIKIDATA_PAGE = 'https://www.wikidata.org/wiki/';

export function linksetPage(rows: readonly LinkRow[], base: string, wikidata?: WikidataLabels): string {
  const theirs = (qid: string): Html | string => {
    const item = wikidata?.items[qid];
    if (!item) return '';
    const label = item.labels.en ?? Object.values(item.labels)[0] ?? '';
    return html`${label}${item.redirectedTo ? html` <span class="meta">(merged into ${item.redirectedTo})</span>` : ''}`;
  };
  const labelsNote = wikidata
    ? html`Wikidata's English labels are as <code>ots-kg links verify --save-labels</code> read them on ${wikidata.retrieved}; the server does not ask Wikidata while it serves.`
    : html`Wikidata's own labels are not shown: none were saved with <code>ots-kg links verify --save-labels</code>, and the server does not ask Wikidata while it serves.`;
  const body = html`<h1>Links to Wikidata</h1>
<p>${rows.length} entities of this graph are <code>owl:sameAs</code> a Wikidata item. Each row gives the item's ID (a link to Wikidata), our entity with our names of it${wikidata ? ', and the item\'s label on Wikidata' : ''}. <code>/wikidata/Q…</code> leads from an item's ID to our entity. ${labelsNote}</p>
<table class="linkset"><thead><tr><th>Wikidata item</th>${wikidata ? html`<th>Label on Wikidata</th>` : ''}<th>Entity here</th><th>Our other names</th></tr></thead><tbody>${rows.map(
    (r) =>
      html`<tr><td data-label="Wikidata item"><a href="${WIKIDATA_PAGE}${r.qid}" rel="external">${r.qid}</a></td>${wikidata ? html`<td data-label="Label on Wikidata">${theirs(r.qid)}</td>` : ''}<td data-label="Entity here"><a href="${hrefFor(r.iri, base)}">${r.label}</a></td><td data-label="Our other names">${r.otherNames.join(' · ')}</td></tr>`,
  )}</tbody></table>
<p class="meta">Also as data: the linkset in the <a href="/dataset">dataset description</a> (VoID) and the query <a href="/query">wikidata-links</a>.</p>`;
  return layout({ title: 'Links to Wikidata', body });
}

/** The labels saved with the dumps, or undefined when there are none (or they cannot be read). */
export async function savedLabels(dumpsDir: string | undefined): Promise<WikidataLabels | undefined> {
  if (!dumpsDir) return undefined;
  try {
    return parseLabels(await readFile(join(dumpsDir, LABELS_DUMP_FILE), 'utf8'), LABELS_DUMP_FILE);
  } catch {
    return undefined;
  }
}

export function ambiguousPage(qid: string, iris: readonly string[], base: string): string {
  const body = html`<h1>${qid} is linked from ${iris.length} entities</h1><ul>${iris.map((i) => html`<li><a href="${hrefFor(i, base)}">${i}</a></li>`)}</ul>`;
  return layout({ title: qid, body });
}

export function notLinkedPage(qid: string): string {
  const body = html`<h1>Not linked</h1><p>No entity here is <code>owl:sameAs</code> Wikidata's <a href="${WIKIDATA_PAGE}${qid}" rel="external">${qid}</a>.</p>
<p><a href="/search?q=${qid}">Search this graph for ${qid}</a>, search by name with the box above, or see <a href="/wikidata/">the items linked here</a>.</p><p class="meta">HTTP 404.</p>`;
  return layout({ title: `${qid}: not linked`, body });
}
