// The HTML pages people read: entity descriptions with sources and diagrams, home, ontology, dumps, query editor, errors.
import { html, jsonForScript, safeUrl } from '../html.js';
import type { Html } from '../html.js';
import { namedNode } from '../../rdf.js';
import type { RDF } from '../../rdf.js';
import { DCT, NS, OTS, OWL, RDFS, RDF_, SCHEMA, SKOS } from '../../vocab.js';
import type { GraphIndex, StatementProvenance } from './graph-index.js';
import { ONTOLOGY_IRI, localName } from './graph-index.js';
import { DESCRIPTION_FORMATS, hrefFor, isLocal } from './iri.js';
import { formatByName } from '../../serialize/formats.js';
import { pageTitle, predicateLabel, prefixedName } from './labels.js';
import { neighbourhoodDiagram, summitDiagram } from './svg.js';
import { timelineFigure } from './timeline.js';
import type { DumpManifestLike, ExampleQuery } from './types.js';
import { PAGE_SIZE, SEARCH_MAX_CHARS, displayLabel } from './finder.js';
import type { ListPage, SearchHit, Summary } from './finder.js';

export const SITE_NAME = 'ots-kg';

export interface LayoutOptions {
  readonly title: string;
  readonly body: Html;
  readonly head?: Html;
  /** Marks the current section in the navigation. */
  readonly section?: 'home' | 'query' | 'ontology' | 'dumps' | 'dataset' | 'browse';
  /** The search text to show in the search box (on the search page). */
  readonly query?: string;
}

/** The frame around every page: navigation, stylesheet, footer with licence. */
export function layout(opts: LayoutOptions): string {
  const nav: readonly [string, string, LayoutOptions['section']][] = [
    ['/id/', 'Browse', 'browse'],
    ['/query', 'Query', 'query'],
    ['/ontology', 'Ontology', 'ontology'],
    ['/dumps', 'Downloads', 'dumps'],
    ['/dataset', 'About the dataset', 'dataset'],
  ];
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} · ${SITE_NAME}</title>
<link rel="stylesheet" href="/assets/site.css">
${opts.head ?? ''}
</head>
<body>
<header class="site"><nav aria-label="Site"><a class="brand" href="/">${SITE_NAME}</a>${nav.map(
    ([href, label, section]) => html`<a href="${href}"${section === opts.section ? html` aria-current="page"` : ''}>${label}</a>`,
  )}</nav><form class="search" role="search" action="/search" method="get"><label for="site-search" class="visually-hidden">Search names and Wikidata IDs</label><input id="site-search" type="search" name="q" value="${opts.query ?? ''}" placeholder="Search names, Q-IDs…" maxlength="${SEARCH_MAX_CHARS}"><button type="submit">Search</button></form></header>
<main>
${opts.body}
</main>
<footer class="site">Data: <a href="https://creativecommons.org/licenses/by-sa/4.0/" rel="license">CC BY-SA 4.0</a>, with attribution to the sources each statement cites. Every page is also available as RDF: see the format links at the top of each page.</footer>
</body>
</html>
`.toString();
}

function langBadge(l: RDF.Literal): Html | string {
  return l.language ? html`<span class="lang" lang="${l.language}">${l.language}</span>` : '';
}

function literalHtml(l: RDF.Literal): Html {
  return html`<span${l.language ? html` lang="${l.language}"` : ''}>${l.value}</span>${langBadge(l)}`;
}

/** A claim's label reads like a fact, so wherever it is linked it says what standing it has. */
function claimBadge(g: GraphIndex, t: RDF.Term): Html | string {
  if (!g.hasType(t, OTS.Claim)) return '';
  const status = g.statements(t, namedNode(OTS.claimStatus), null)[0]?.object;
  // The accepted variant of a disputed point is also stated as fact; every other variant is not.
  const accepted = status?.value === OTS.Accepted;
  return html` <span class="badge claim">disputed claim${status ? html`: ${g.label(status)}` : ''}, ${accepted ? 'the variant stated as fact' : 'not a fact'}</span>`;
}

/** A value of a statement: internal links navigate, external ones say they leave the site. */
export function termHtml(g: GraphIndex, t: RDF.Term): Html {
  if (t.termType === 'Literal') return literalHtml(t);
  if (t.termType === 'BlankNode') return html`<span class="meta">(an unnamed node)</span>`;
  if (t.termType !== 'NamedNode') return html`${t.value}`;
  if (isLocal(t.value, g.base)) return html`<a href="${safeUrl(hrefFor(t.value, g.base))}">${pageTitle(g, t)}</a>${claimBadge(g, t)}`;
  if (t.value.startsWith(NS.wd)) {
    return html`<a href="${safeUrl(t.value)}" rel="external noopener" class="external">Wikidata ${localName(t.value)}</a> <span class="ext">(external site, opens Wikidata)</span>`;
  }
  const shown = g.knows(t.value) ? g.label(t) : predicateLabel(g, t.value);
  return html`<a href="${safeUrl(t.value)}" rel="external noopener" class="external" title="${prefixedName(t.value)}">${shown}</a> <span class="ext">(external)</span>`;
}

/** Numbers each fact once per page, so every statement can point at its source like a footnote. */
class Footnotes {
  readonly #order = new Map<string, { n: number; prov: StatementProvenance }>();
  ref(provs: readonly StatementProvenance[]): Html | string {
    if (provs.length === 0) return '';
    const refs = provs.map((p) => {
      let entry = this.#order.get(p.fact.value);
      if (!entry) {
        entry = { n: this.#order.size + 1, prov: p };
        this.#order.set(p.fact.value, entry);
      }
      return html`<a href="#source-${entry.n}" aria-label="source ${entry.n}">[${entry.n}]</a>`;
    });
    return html`<sup class="cite">${refs}</sup>`;
  }
  get size(): number {
    return this.#order.size;
  }
  render(g: GraphIndex): Html {
    return html`<ol class="sources">${[...this.#order.values()].map(({ n, prov }) => html`<li id="source-${n}">${evidenceHtml(g, prov)}</li>`)}</ol>`;
  }
}

/** One fact's evidence as a reader wants it: the quoted sentence or the citation, then where the fact was declared. */
function evidenceHtml(g: GraphIndex, prov: StatementProvenance): Html {
  const items = prov.evidence.map((e) => {
    if (g.hasType(e, OTS.Quote)) {
      const exact = g.first(e, OTS.exact);
      const source = g.first(e, OTS.inSource);
      const section = g.first(e, OTS.section);
      const line = g.first(e, OTS.line);
      return html`<blockquote>${exact?.value ?? ''}</blockquote><span class="meta">Quoted from ${
        source ? termHtml(g, source) : 'the source article'
      }${section ? html`, section “${section.value}”` : ''}${line ? html`, line ${line.value}` : ''} · <a href="${hrefFor(e.value, g.base)}">quote record</a></span>`;
    }
    if (g.hasType(e, OTS.Citation)) {
      const cite = g.first(e, DCT.bibliographicCitation);
      const outlet = g.first(e, OTS.outlet);
      const title = g.first(e, DCT.title);
      const date = g.first(e, DCT.date);
      return html`<span>Cited: ${cite ? cite.value : html`${outlet?.value ?? ''}${title ? html`, “${title.value}”` : ''}${date ? html`, ${date.value}` : ''}`}</span> <span class="meta">· <a href="${hrefFor(e.value, g.base)}">citation record</a></span>`;
    }
    return html`<span>Evidence: ${termHtml(g, e)}</span>`;
  });
  const where = prov.declaredIn ? html` declared in <code>${prov.declaredIn}${prov.declaredAtLine !== undefined ? `:${prov.declaredAtLine}` : ''}</code>` : '';
  // One block per piece of evidence: a fact supported by a quote and two reports shows three lines, not one run of text.
  return html`${items.length > 0 ? items.map((i) => html`<div class="evidence">${i}</div>`) : html`<span class="meta">No evidence recorded for this fact.</span>`}<div class="meta">Fact <a href="${hrefFor(prov.fact.value, g.base)}">${localName(prov.fact.value)}</a>${where}</div>`;
}

const UP_FRONT = new Set<string>([RDF_.type, RDFS.label, SKOS.altLabel]);


function formatLinks(path: string): Html {
  return html`<p class="formats">Also as: ${DESCRIPTION_FORMATS.filter((f) => f.kind !== 'page').map(
    (f) => html`<a href="${path}.${f.extension}" type="${f.mediaType}">${f.label}</a>`,
  )}</p>`;
}

function alternateLinks(path: string): Html {
  return html`${DESCRIPTION_FORMATS.filter((f) => f.kind !== 'page').map((f) => html`<link rel="alternate" type="${f.mediaType}" href="${path}.${f.extension}">\n`)}`;
}

const SCHEMA_TYPES: readonly [string, string][] = [
  [OTS.State, 'Country'],
  [SCHEMA.Country, 'Country'],
  [SCHEMA.Person, 'Person'],
  [SCHEMA.City, 'City'],
  [OTS.Summit, 'Event'],
  [OTS.Meeting, 'Event'],
  [SCHEMA.Event, 'Event'],
  [OTS.Organization, 'Organization'],
  [OTS.Council, 'Organization'],
  [SCHEMA.Organization, 'Organization'],
  [OTS.Venue, 'Place'],
  [SCHEMA.Place, 'Place'],
  [SCHEMA.Article, 'Article'],
];

/** A schema.org description for search engines, built from the same statements the page shows. */
export function schemaOrgJson(g: GraphIndex, iri: string, pageUrl: string): Record<string, unknown> {
  const node = namedNode(iri);
  const type = SCHEMA_TYPES.find(([t]) => g.hasType(node, t))?.[1] ?? 'Thing';
  const out: Record<string, unknown> = { '@context': 'https://schema.org', '@type': type, '@id': iri, name: g.label(node), url: pageUrl };
  const alt = g.otherNames(node).map((l) => l.value);
  if (alt.length > 0) out.alternateName = alt;
  const same = g.statements(node, namedNode(OWL.sameAs), null).map((q) => q.object.value);
  if (same.length > 0) out.sameAs = same;
  const desc = g.first(node, DCT.description) ?? g.first(node, RDFS.comment);
  if (desc) out.description = desc.value;
  if (type === 'Event') {
    const start = g.first(node, SCHEMA.startDate);
    if (start) out.startDate = start.value;
    const loc = g.first(node, SCHEMA.location);
    if (loc) out.location = { '@type': 'Place', name: g.label(loc), '@id': loc.value };
    const org = g.first(node, OTS.organizedBy);
    if (org) out.organizer = { '@type': 'Organization', name: g.label(org), '@id': org.value };
  }
  if (type === 'Person') {
    const job = g.first(node, SCHEMA.jobTitle);
    if (job) out.jobTitle = job.value;
  }
  if (type === 'City') {
    const inPlace = g.first(node, SCHEMA.containedInPlace);
    if (inPlace) out.containedInPlace = { '@type': 'Country', name: g.label(inPlace), '@id': inPlace.value };
  }
  return out;
}

/** Values in a readable order: by their ots:position when both have one (decisions), else by label. */
function sortValues(g: GraphIndex, qs: readonly RDF.Quad[]): RDF.Quad[] {
  const pos = (t: RDF.Term): number => Number(g.statements(t, namedNode(OTS.position), null)[0]?.object.value ?? NaN);
  return [...qs].sort((a, b) => {
    const pa = pos(a.object);
    const pb = pos(b.object);
    if (Number.isFinite(pa) && Number.isFinite(pb)) return pa - pb;
    return g.label(a.object).localeCompare(g.label(b.object));
  });
}

function groupByPredicate(quads: readonly RDF.Quad[]): Map<string, RDF.Quad[]> {
  const m = new Map<string, RDF.Quad[]>();
  for (const q of quads) {
    const list = m.get(q.predicate.value) ?? [];
    list.push(q);
    m.set(q.predicate.value, list);
  }
  return m;
}

export interface EntityPageOptions {
  /** The path this page is served at on this host (`/id/person/viktor-orban`). */
  readonly path: string;
  /** Absolute address of this page on the serving host, for the schema.org `url`. */
  readonly pageUrl: string;
}

/** The Wikidata items the thing is the same as, by their IDs, each a link to Wikidata. */
function wikidataLine(g: GraphIndex, node: RDF.NamedNode): Html | string {
  const ids = g
    .statements(node, namedNode(OWL.sameAs), null)
    .map((q) => q.object.value)
    .filter((v) => /^http:\/\/www\.wikidata\.org\/entity\/Q\d+$/.test(v))
    .map((v) => v.slice('http://www.wikidata.org/entity/'.length))
    .sort();
  if (ids.length === 0) return '';
  return html`<p class="wikidata">Wikidata: ${ids.map((id, i) => html`${i > 0 ? ', ' : ''}<a href="https://www.wikidata.org/wiki/${id}" rel="external">${id}</a>`)}</p>`;
}

/** The page for one IRI: label and types first, names, a diagram, every statement with its source, what links here. */
export function entityPage(g: GraphIndex, iri: string, opts: EntityPageOptions): string {
  const node = namedNode(iri);
  const label = pageTitle(g, node);
  const notes = new Footnotes();
  const own = g.statements(node, null, null);
  const types = g.types(node);
  const names = g.otherNames(node);
  const grouped = groupByPredicate(own.filter((q) => !UP_FRONT.has(q.predicate.value)));
  const predicates = [...grouped.keys()].sort((a, b) => predicateLabel(g, a).localeCompare(predicateLabel(g, b)));
  const incoming = g.statements(null, null, node).filter((q) => q.subject.termType === 'NamedNode');
  const incomingGrouped = groupByPredicate(incoming);

  const typeNotesOf = (): StatementProvenance[] => own.filter((q) => q.predicate.value === RDF_.type).flatMap((q) => g.provenance(q));
  const typeBadges = types.length
    ? html`<p class="types">${types.map((t) => html`<a class="badge" href="${safeUrl(hrefFor(t.value, g.base))}" title="${prefixedName(t.value)}">${predicateLabel(g, t.value)}</a>`)}${notes.ref(typeNotesOf())}</p>`
    : '';
  const namesHtml = names.length
    ? html`<section><h2>Also known as</h2><ul>${names.map((l) => {
        const prov = g.provenance(g.statements(node, null, l)[0] ?? own[0]!);
        return html`<li>${literalHtml(l)}${notes.ref(prov)}</li>`;
      })}</ul></section>`
    : '';

  const diagram = g.hasType(node, OTS.Summit) ? summitDiagram(g, node) : neighbourhoodDiagram(g, node);
  const diagramHtml = diagram
    ? html`<figure class="diagram-wrap">${diagram}<figcaption>${
        g.hasType(node, OTS.Summit) ? 'Who came from which state in which role, and what the summit decided and signed.' : 'What links here and what this links to, each line named by its property.'
      } Each box is a link.</figcaption></figure>`
    : '';

  const propsHtml = predicates.length
    ? html`<section><h2>Statements</h2><dl class="props">${predicates.map((p) => {
        const qs = sortValues(g, grouped.get(p) ?? []);
        return html`<dt><a href="${safeUrl(hrefFor(p, g.base))}" title="${prefixedName(p)}">${predicateLabel(g, p)}</a></dt><dd><ul>${qs.map(
          (q) => html`<li>${termHtml(g, q.object)}${notes.ref(g.provenance(q))}</li>`,
        )}</ul></dd>`;
      })}</dl></section>`
    : '';

  const incomingHtml = incoming.length
    ? html`<section><h2>Linked from</h2><dl class="props">${[...incomingGrouped.entries()]
        .sort(([a], [b]) => predicateLabel(g, a).localeCompare(predicateLabel(g, b)))
        .map(
          ([p, qs]) =>
            html`<dt>is <a href="${safeUrl(hrefFor(p, g.base))}" title="${prefixedName(p)}">${predicateLabel(g, p)}</a> of</dt><dd><ul>${qs.map(
              (q) => html`<li>${termHtml(g, q.subject)}${notes.ref(g.provenance(q))}</li>`,
            )}</ul></dd>`,
        )}</dl></section>`
    : '';

  const factContent = g.isFactGraph(iri)
    ? html`<section><h2>Statements this fact contributes</h2><ul>${g.data
        .getQuads(null, null, null, node)
        .map((q) => html`<li>${termHtml(g, q.subject)} — <span title="${prefixedName(q.predicate.value)}">${predicateLabel(g, q.predicate.value)}</span> — ${termHtml(g, q.object)}</li>`)}</ul></section>`
    : '';

  const isClaim = g.hasType(node, OTS.Claim);
  const claimStatus = isClaim ? g.statements(node, namedNode(OTS.claimStatus), null)[0]?.object : undefined;
  const claimNote = isClaim
    ? html`<p class="claim-note" role="note">This is a claim a source made, recorded because other sources dispute it${
        claimStatus ? html` (status: ${g.label(claimStatus)})` : ''
      }. ${
        claimStatus?.value === OTS.Accepted
          ? 'It is the variant of the disputed point that the graph states as fact, for the reason given in its note'
          : 'The graph does not state it as fact'
      }; the sources for and against it are listed below.</p>`
    : '';
  const body = html`<article>
<h1>${label}</h1>
${claimNote}
${typeBadges}
<p class="iri">${iri}</p>
${wikidataLine(g, node)}
${formatLinks(opts.path)}
${namesHtml}
${diagramHtml}${timelineFigure(g, node)}
${propsHtml}
${factContent}
${incomingHtml}
${notes.size > 0 ? html`<section><h2>Sources</h2><p class="meta">Each numbered source is one curated fact: the statements marked with its number come from it.</p>${notes.render(g)}</section>` : ''}
</article>`;
  const head = html`${alternateLinks(opts.path)}<script type="application/ld+json">${jsonForScript(schemaOrgJson(g, iri, opts.pageUrl))}</script>`;
  return layout({ title: label, body, head });
}

const LICENCE_NAMES: Readonly<Record<string, string>> = {
  'https://creativecommons.org/licenses/by-sa/4.0/': 'Creative Commons Attribution-ShareAlike 4.0',
  'https://creativecommons.org/licenses/by/4.0/': 'Creative Commons Attribution 4.0',
};

function licenceName(url: string): string {
  return LICENCE_NAMES[url] ?? url;
}

function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** What the files for Wikidata editors are, for the dumps table. */
const EXPORT_LABELS: Readonly<Record<string, string>> = { mixnmatch: "Mix'n'match catalogue", quickstatements: 'QuickStatements batch' };

/** The dumps table: one row a file, with size, checksum and compressed copy. */
export function dumpsTable(manifest: DumpManifestLike | undefined): Html {
  if (!manifest) {
    return html`<p>No dumps have been built on this server yet. Run <code>npm run build</code> to write them to <code>dist/dumps/</code>.</p>`;
  }
  return html`<table class="dumps"><thead><tr><th>File</th><th>Format</th><th class="num">Size</th><th class="num">Statements</th><th>SHA-256</th><th>gzip</th></tr></thead><tbody>${manifest.files.map(
    (f) => html`<tr><td data-label="File"><a href="/dumps/${f.name}" download>${f.name}</a></td><td data-label="Format">${formatByName(f.format)?.label ?? EXPORT_LABELS[f.format] ?? f.format} <span class="meta">${f.mediaType}</span></td><td class="num" data-label="Size">${humanBytes(f.bytes)}</td><td class="num" data-label="Statements">${
      f.quads ?? f.triples ?? (f.rows !== undefined ? `${f.rows} rows` : '')
    }</td><td data-label="SHA-256"><code title="${f.sha256}">${f.sha256.slice(0, 12)}…</code></td><td data-label="gzip">${f.gzip ? html`<a href="/dumps/${f.gzip.name}" download>${f.gzip.name}</a> <span class="meta">${humanBytes(f.gzip.bytes)}</span>` : ''}</td></tr>`,
  )}</tbody></table>
<p class="meta">Checksums: <a href="/dumps/SHA256SUMS">SHA256SUMS</a> (check with <code>sha256sum -c SHA256SUMS</code>) · machine-readable list: <a href="/dumps/manifest.json">manifest.json</a>. Every file is served with gzip when your client accepts it, and with ranges for resumed downloads.</p>`;
}

export function dumpsPage(manifest: DumpManifestLike | undefined): string {
  const body = html`<h1>Downloads</h1>
<p>The whole graph in six RDF syntaxes. Turtle, N-Triples, JSON-LD and RDF/XML carry the data graph; N-Quads and TriG also carry one named graph per curated fact, so each statement keeps its source. Two files are for Wikidata editors: a Mix'n'match catalogue of the entities and a QuickStatements batch for the linked items.</p>
${dumpsTable(manifest)}`;
  return layout({ title: 'Downloads', body, section: 'dumps' });
}

export interface HomeStats {
  readonly triples: number;
  readonly entities: number;
  readonly facts: number;
  readonly wikidataLinks: number;
}

export function homeStats(g: GraphIndex): HomeStats {
  const iris = g.describedIris();
  return {
    triples: g.defaultGraphSize(),
    entities: iris.filter((i) => i.startsWith(`${g.base}id/`)).length,
    facts: iris.filter((i) => g.isFactGraph(i)).length,
    wikidataLinks: g.wikidataLinks().length,
  };
}

/** Sources the dataset names (dct:source of the dataset, and every source/ record), for attribution. */
function sourcesHtml(g: GraphIndex): Html {
  const dataset = namedNode(`${g.base}dataset`);
  const fromDataset = g.statements(dataset, namedNode(DCT.source), null).map((q) => q.object);
  const records = g.describedIris().filter((i) => i.startsWith(`${g.base}source/`)).map((i) => namedNode(i));
  const all = new Map<string, RDF.Term>();
  for (const t of [...fromDataset, ...records]) all.set(t.value, t);
  if (all.size === 0) return html``;
  return html`<ul>${[...all.values()].map((s) => {
    const url = g.first(s, SCHEMA.url);
    return html`<li>${termHtml(g, s)}${url ? html` — <a href="${safeUrl(url.value)}" rel="external noopener">${url.value}</a> <span class="ext">(external)</span>` : ''}</li>`;
  })}</ul>`;
}

export function homePage(g: GraphIndex, opts: { manifest: DumpManifestLike | undefined; examples: readonly ExampleQuery[]; licence: string }): string {
  const s = homeStats(g);
  const summits = g.instancesOf(OTS.Summit).map((i) => namedNode(i));
  const body = html`<h1>The Organization of Turkic States, as linked data</h1>
<p>ots-kg publishes what is known about the summits of the Organization of Turkic States — who came from which state in which role, what was decided, signed and awarded — as a graph you can browse, download and query. Every statement carries its source: a sentence of the source article or a cited report.</p>
<div class="cards">
<div class="card"><span class="stat">${s.triples.toLocaleString('en')}</span>statements</div>
<div class="card"><span class="stat">${s.entities.toLocaleString('en')}</span>things described</div>
<div class="card"><span class="stat">${s.facts.toLocaleString('en')}</span>curated facts, each with evidence</div>
<div class="card"><span class="stat">${s.wikidataLinks.toLocaleString('en')}</span><a href="/wikidata/">links to Wikidata</a></div>
</div>
${summits.length ? html`<h2>Summits</h2><ul>${summits.map((n) => html`<li>${termHtml(g, n)}</li>`)}</ul>` : ''}
<h2>Explore and query</h2>
<div class="cards">
<div class="card"><h3><a href="/id/">Browse</a></h3>Lists of the people, states, places, summits and every class; or search by name or Wikidata ID from the box above.</div>
<div class="card"><h3><a href="/query">Query editor</a></h3>Write SPARQL in the browser against <code>/sparql</code>, or start from an example.</div>
<div class="card"><h3><a href="/ontology">Ontology</a></h3>Every class and property, with its meaning, alignments and how often the data uses it.</div>
<div class="card"><h3><a href="/dataset">Dataset description</a></h3>VoID and DCAT: sizes, partitions, distributions, checksums (also at <a href="/.well-known/void">/.well-known/void</a>).</div>
<div class="card"><h3><a href="/sitemap.xml">Sitemap</a></h3>Every page of the dataset, for crawlers.</div>
</div>
${opts.examples.length ? html`<h2>Example questions</h2><ul>${opts.examples.map((e) => html`<li><a href="/query?example=${e.name}">${e.question}</a></li>`)}</ul>` : ''}
<h2>Downloads</h2>
${dumpsTable(opts.manifest)}
<h2>Licence and attribution</h2>
<p>The data is published under <a href="${safeUrl(opts.licence)}" rel="license">${licenceName(opts.licence)}</a>. Reuse it with attribution to ots-kg and to its sources:</p>
${sourcesHtml(g)}
<p class="meta">Each page and each dump carries the canonical IRIs under <code>${g.base}</code>; this server answers them at its own address.</p>`;
  return layout({ title: 'Home', body, section: 'home' });
}

const CLASS_TYPES = [OWL.Class, RDFS.Class];
const PROPERTY_TYPES = [OWL.ObjectProperty, OWL.DatatypeProperty, `${NS.owl}AnnotationProperty`, `${NS.rdf}Property`];
const ALIGNMENTS: readonly [string, string][] = [
  [RDFS.subClassOf, 'subclass of'],
  [OWL.equivalentClass, 'equivalent to'],
  [RDFS.subPropertyOf, 'subproperty of'],
  [OWL.equivalentProperty, 'equivalent to'],
  [RDFS.domain, 'domain'],
  [RDFS.range, 'range'],
  [`${NS.owl}inverseOf`, 'inverse of'],
  [SKOS.definition, 'definition'],
];

function termsOfType(g: GraphIndex, typeIris: readonly string[]): RDF.NamedNode[] {
  const out = new Map<string, RDF.NamedNode>();
  for (const t of typeIris) {
    for (const q of g.ontology.getQuads(null, namedNode(RDF_.type), namedNode(t), null)) {
      if (q.subject.termType === 'NamedNode' && q.subject.value.startsWith(NS.ots)) out.set(q.subject.value, q.subject);
    }
  }
  return [...out.values()].sort((a, b) => a.value.localeCompare(b.value));
}

/** The ontology, one entry a term: label, comment, alignments, and how many statements or instances use it. */
export function ontologyPage(g: GraphIndex): string {
  const ont = namedNode(ONTOLOGY_IRI);
  const usage = g.usage();
  const classes = termsOfType(g, CLASS_TYPES);
  const properties = termsOfType(g, PROPERTY_TYPES);
  const listed = new Set([...classes, ...properties].map((t) => t.value));
  const individuals = [...new Set(g.ontology.getSubjects(null, null, null).map((s) => s.value))]
    .filter((s) => s.startsWith(NS.ots) && !listed.has(s))
    .sort()
    .map((s) => namedNode(s));
  const version = g.first(ont, OWL.versionInfo);
  const entry = (t: RDF.NamedNode, count: number | undefined, unit: string): Html => {
    const id = t.value.slice(NS.ots.length);
    const comment = g.first(t, RDFS.comment);
    const aligns = ALIGNMENTS.flatMap(([p, name]) => g.ontology.getQuads(t, namedNode(p), null, null).map((q) => ({ name, o: q.object })));
    return html`<section class="term" id="${id}"><h3>${predicateLabel(g, t.value)} <span class="iri">ots:${id}</span></h3>${comment ? html`<p>${comment.value}</p>` : ''}${
      aligns.length ? html`<p class="meta">${aligns.map((a, i) => html`${i > 0 ? ' · ' : ''}${a.name} ${termHtml(g, a.o)}`)}</p>` : ''
    }<p class="meta">Used by ${
      unit === 'instance' && count ? html`<a href="${classListHref(t.value)}">${count} ${unit}${count === 1 ? '' : 's'}</a>` : html`${count ?? 0} ${unit}${count === 1 ? '' : 's'}`
    } in the data.</p></section>`;
  };
  const body = html`<h1>${g.label(ont)}</h1>
<p class="iri">${ONTOLOGY_IRI}</p>
${[DCT.description, RDFS.comment].flatMap((p) => g.ontology.getQuads(ont, namedNode(p), null, null)).map((q) => html`<p>${q.object.value}</p>`)}
${version ? html`<p class="meta">Version ${version.value}</p>` : ''}
${formatLinks('/ontology')}
<p>Jump to: <a href="#classes">classes (${classes.length})</a> · <a href="#properties">properties (${properties.length})</a>${individuals.length ? html` · <a href="#individuals">named values (${individuals.length})</a>` : ''}</p>
<h2 id="classes">Classes</h2>
${classes.map((c) => entry(c, usage.classes.get(c.value), 'instance'))}
<h2 id="properties">Properties</h2>
${properties.map((p) => entry(p, usage.properties.get(p.value), 'statement'))}
${individuals.length ? html`<h2 id="individuals">Named values</h2>${individuals.map((i) => entry(i, g.data.countQuads(null, null, i, null), 'statement'))}` : ''}`;
  const head = alternateLinks('/ontology');
  return layout({ title: 'Ontology', body, head, section: 'ontology' });
}

/** The vocabularies the graph is written with: every new query in the editor declares them. */
export const QUERY_PREFIXES: readonly (keyof typeof NS)[] = ['ots', 'rdf', 'rdfs', 'owl', 'xsd', 'skos', 'dct', 'prov', 'org', 'schema', 'time', 'wd', 'void', 'dcat'];

/** The text a new query starts from: the PREFIX lines, then a query that lists a few labelled things. */
export function newQueryText(): string {
  const prefixes = QUERY_PREFIXES.map((p) => `PREFIX ${p}: <${NS[p]}>`).join('\n');
  return `${prefixes}\n\nSELECT ?thing ?label WHERE {\n  ?thing rdfs:label ?label .\n  FILTER(lang(?label) = "en")\n}\nLIMIT 20\n`;
}

/** The query editor: YASGUI from the installed package above the example questions (plain links without JavaScript). */
export function queryPage(examples: readonly ExampleQuery[], sparqlPath: string, opts: { base?: string } = {}): string {
  // Result links to canonical IRIs are turned into links on this server by the page script.
  const links = opts.base ? [[`${ONTOLOGY_IRI}`, '/ontology'], [opts.base, '/']] : [];
  const payload = { endpoint: sparqlPath, newQuery: newQueryText(), links, examples: examples.map((e) => ({ name: e.name, question: e.question, query: e.query })) };
  const body = html`<h1>Query the graph</h1>
<p>Write SPARQL below and press the run button (or Ctrl+Enter); results show as a table, and each result links to its page on this server. The endpoint is <code>${sparqlPath}</code>; every new query declares the prefixes the data uses.</p>
<div id="yasgui"></div>
<noscript><p>The editor needs JavaScript. Without it, send queries to <code>${sparqlPath}?query=…</code>; the example links below do exactly that.</p></noscript>
<h2 id="examples">Example questions</h2>
<p class="meta">Click one to load it into the editor and run it.</p>
<ul class="examples">${examples.map(
    (e) => html`<li><button type="button" data-example="${e.name}">${e.question}</button><noscript> <a href="${sparqlPath}?query=${encodeURIComponent(e.query)}">run</a></noscript></li>`,
  )}</ul>
<script type="application/json" id="query-config">${jsonForScript(payload)}</script>`;
  const head = html`<link rel="stylesheet" href="/assets/yasgui/yasgui.min.css"><script src="/assets/yasgui/yasgui.min.js" defer></script><script src="/assets/query.js" defer></script>`;
  return layout({ title: 'Query', body, head, section: 'query' });
}

export function notFoundPage(path: string, iri: string, suggestions: readonly string[] = [], base = ''): string {
  const body = html`<h1>Not found</h1><p>Nothing here is described by <code class="iri">${iri}</code> (requested as <code>${path}</code>).</p>
${suggestions.length ? html`<p>Did you mean:</p><ul>${suggestions.map((s) => html`<li><a href="${safeUrl(hrefFor(s, base))}">${hrefFor(s, base)}</a></li>`)}</ul>` : ''}
<p>IRIs in this dataset look like <code>/id/person/viktor-orban</code> or <code>/id/event/2024-bishkek</code>. Start from the <a href="/">home page</a>, the <a href="/sitemap.xml">sitemap</a> or the <a href="/query">query editor</a>.</p>`;
  return layout({ title: 'Not found', body });
}

export function errorPage(status: number, title: string, message: string): string {
  const body = html`<h1>${title}</h1><p>${message}</p><p class="meta">HTTP ${status}. <a href="/">Home</a></p>`;
  return layout({ title, body });
}


/** The dataset's own page: what VoID and DCAT say, for people (the same IRI gives the RDF to machines). */
export function datasetPage(g: GraphIndex, opts: { manifest: DumpManifestLike | undefined; sparqlPath: string; licence: string }): string {
  const ds = namedNode(`${g.base}dataset`);
  const usage = g.usage();
  const s = homeStats(g);
  const title = g.first(ds, DCT.title)?.value ?? 'ots-kg: the Organization of Turkic States knowledge graph';
  const rows = (m: Map<string, number>): Html[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([iri, n]) => html`<tr><td><a href="${safeUrl(hrefFor(iri, g.base))}" title="${iri}">${predicateLabel(g, iri)}</a> <span class="meta">${prefixedName(iri)}</span></td><td class="num">${n}</td></tr>`);
  const body = html`<h1>${title}</h1>
<p class="iri">${g.base}dataset</p>
${formatLinks('/dataset')}
<p>Published under <a href="${safeUrl(opts.licence)}" rel="license">${licenceName(opts.licence)}</a>. SPARQL endpoint: <a href="/query"><code>${opts.sparqlPath}</code></a>. Sources:</p>
${sourcesHtml(g)}
<table><tbody>
<tr><th>Statements in the data graph</th><td class="num">${s.triples}</td></tr>
<tr><th>Things described (under <code>id/</code>)</th><td class="num">${s.entities}</td></tr>
<tr><th>Curated facts (named graphs)</th><td class="num">${s.facts}</td></tr>
<tr><th>Classes used</th><td class="num">${usage.classes.size}</td></tr>
<tr><th>Properties used</th><td class="num">${usage.properties.size}</td></tr>
<tr><th>Links to Wikidata (<code>owl:sameAs</code>)</th><td class="num">${s.wikidataLinks}</td></tr>
</tbody></table>
<h2>Downloads</h2>
${dumpsTable(opts.manifest)}
<h2>Classes</h2>
<table><thead><tr><th>Class</th><th class="num">Instances</th></tr></thead><tbody>${rows(usage.classes)}</tbody></table>
<h2>Properties</h2>
<table><thead><tr><th>Property</th><th class="num">Statements</th></tr></thead><tbody>${rows(usage.properties)}</tbody></table>`;
  return layout({ title: 'About the dataset', body, head: alternateLinks('/dataset'), section: 'dataset' });
}

/** One found or listed thing: its label linked to its page, its types, and what matched when that is not the label. */
function summaryItem(g: GraphIndex, sm: Summary | undefined, iri: string, hit?: SearchHit): Html {
  const label = sm ? displayLabel(sm) : iri;
  const types = (sm?.types ?? []).filter((t) => t !== OWL.NamedIndividual);
  const matched =
    hit && hit.matched !== label
      ? html` <span class="meta">(${hit.kind === 'wikidata' ? html`Wikidata ${hit.matched}` : html`${hit.kind === 'alt' ? 'also known as ' : ''}<span${hit.lang ? html` lang="${hit.lang}"` : ''}>${hit.matched}</span>${hit.lang ? html` <span class="lang">${hit.lang}</span>` : ''}`})</span>`
      : '';
  return html`<li><a href="${safeUrl(hrefFor(iri, g.base))}">${label}</a>${matched}${
    types.length ? html` <span class="types">${types.map((t) => html`<span class="badge" title="${prefixedName(t)}">${predicateLabel(g, t)}</span>`)}</span>` : ''
  }</li>`;
}

/** The search page: the box, then the ranked results (or a hint). */
export function searchPage(g: GraphIndex, opts: { text: string; hits: readonly SearchHit[]; summaries: ReadonlyMap<string, Summary> }): string {
  const results =
    opts.text.trim() === ''
      ? html`<p>Type a name in any language (Orbán, Орбан, orban), another name the data records, or a Wikidata ID (Q57641). Case and accents do not matter.</p>`
      : opts.hits.length === 0
        ? html`<p>Nothing is named <q>${opts.text}</q>. Try part of a name, another spelling, or <a href="/id/">browse the lists</a>.</p>`
        : html`<p class="meta">${opts.hits.length} ${opts.hits.length === 1 ? 'thing matches' : 'things match'}, best first.</p><ol class="results">${opts.hits.map((h) =>
            summaryItem(g, opts.summaries.get(h.iri), h.iri, h),
          )}</ol>`;
  const body = html`<h1>Search</h1>
<form class="search-big" role="search" action="/search" method="get"><label for="search-q">Name or Wikidata ID</label> <input id="search-q" type="search" name="q" value="${opts.text}" maxlength="${SEARCH_MAX_CHARS}"> <button type="submit">Search</button></form>
${results}`;
  return layout({ title: opts.text ? `Search: ${opts.text}` : 'Search', body, query: opts.text });
}

/** Links to the other pages of a long list. */
function pager(path: string, list: ListPage): Html | string {
  if (list.pages <= 1) return '';
  const sep = path.includes('?') ? '&' : '?';
  return html`<nav class="pager" aria-label="Pages">${list.page > 1 ? html`<a href="${path}${sep}page=${list.page - 1}" rel="prev">previous</a> ` : ''}page ${list.page} of ${list.pages}${
    list.page < list.pages ? html` <a href="${path}${sep}page=${list.page + 1}" rel="next">next</a>` : ''
  }</nav>`;
}

/** One list: the things under a path (`/id/person/`) or of a class. */
export function listPage(g: GraphIndex, opts: { title: string; intro: Html; path: string; list: ListPage; summaries: ReadonlyMap<string, Summary> }): string {
  const from = (opts.list.page - 1) * PAGE_SIZE;
  const body = html`<p class="meta"><a href="/id/">All lists</a></p>
<h1>${opts.title}</h1>
<p>${opts.intro} ${opts.list.total} in all${opts.list.pages > 1 ? html`, ${from + 1}–${from + opts.list.iris.length} shown` : ''}.</p>
${pager(opts.path, opts.list)}
<ul class="list">${opts.list.iris.map((i) => summaryItem(g, opts.summaries.get(i), i))}</ul>
${pager(opts.path, opts.list)}`;
  return layout({ title: opts.title, body, section: 'browse' });
}

/** `/id/`: the paths that hold things, and every class with instances, each linked to its list. */
export function browsePage(g: GraphIndex, opts: { paths: readonly { segment: string; count: number }[]; classes: readonly { iri: string; count: number }[] }): string {
  const body = html`<h1>Browse</h1>
<p>Everything the graph describes, listed by where its IRI lives and by class. Or <a href="/search">search by name</a>.</p>
<h2>By path</h2>
<ul class="list">${opts.paths.map((p) => html`<li><a href="/id/${p.segment}/"><code>/id/${p.segment}/</code></a> <span class="meta">${p.count}</span></li>`)}</ul>
<h2>By class</h2>
<ul class="list">${opts.classes.map(
    (c) => html`<li><a href="${classListHref(c.iri)}">${predicateLabel(g, c.iri)}</a> <span class="meta" title="${c.iri}">${prefixedName(c.iri)} · ${c.count}</span></li>`,
  )}</ul>`;
  return layout({ title: 'Browse', body, section: 'browse' });
}

/** The list of a class's instances: `/id/?class=Summit` for the ontology's own classes, the full IRI for others. */
export function classListHref(classIri: string): string {
  return `/id/?class=${encodeURIComponent(classIri.startsWith(NS.ots) ? classIri.slice(NS.ots.length) : classIri)}`;
}
