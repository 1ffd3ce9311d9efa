// What ots-kg gives back to Wikidata, written by the build beside the RDF dumps:
// - a Mix'n'match catalogue (TSV: id, name, desc, type, url) of every entity with a page of its own, so editors can
//   match them to Wikidata items;
// - a QuickStatements (V1) batch that adds 'described at URL' (P973) with our IRI, referenced by 'reference URL'
//   (P854) to our page, to every item we link. The build cannot know which items already say so (that takes
//   Wikidata's API: `ots-kg links verify` reports it); QuickStatements adds no second copy of an existing statement.
// Both are sorted, so the same graph gives the same bytes.
import type * as RDF from '@rdfjs/types';
import { OTS, OWL, RDFS, RDF_, SCHEMA } from '../vocab.js';
import { WIKIDATA_ENTITY } from './vocabulary.js';

export const MIXNMATCH_FILE = 'ots-kg-mixnmatch.tsv';
export const QUICKSTATEMENTS_FILE = 'ots-kg-quickstatements.txt';
/** The manifest's `format` of the two files: they are distributions of the dataset, but not RDF dumps. */
export const EXPORT_FORMATS: ReadonlySet<string> = new Set(['mixnmatch', 'quickstatements', 'wikidata-labels']);

/** Our classes with a confirmed Wikidata class: the Mix'n'match `type` column. */
const WIKIDATA_TYPE: Readonly<Record<string, string>> = {
  [SCHEMA.Person]: 'Q5',
  [OTS.State]: 'Q6256',
  [SCHEMA.City]: 'Q515',
  [OTS.Organization]: 'Q484652',
};

/** What each class of entity is, in words, for the description column (the first class of the entity found here). */
const CLASS_WORDS: readonly [string, string][] = [
  [OTS.Summit, 'summit of the Organization of Turkic States'],
  [OTS.State, 'state taking part in the Organization of Turkic States'],
  [OTS.Council, 'council or body of the Organization of Turkic States'],
  [OTS.Organization, 'international organisation'],
  [SCHEMA.Person, 'person'],
  [SCHEMA.City, 'city'],
  [OTS.Venue, 'venue'],
  [OTS.Award, 'award'],
  [OTS.Initiative, 'initiative of the Organization of Turkic States'],
  [OTS.Document, 'document of the Organization of Turkic States'],
];

const CATALOGUED = new Set(CLASS_WORDS.map(([c]) => c));

interface Index {
  readonly base: string;
  objects(s: string, p: string): RDF.Term[];
  subjects(p: string, o: string): string[];
  label(s: string): string | undefined;
}

function indexOf(quads: readonly RDF.Quad[], base: string): Index {
  const out = new Map<string, RDF.Term[]>();
  const inv = new Map<string, string[]>();
  for (const q of quads) {
    if (q.graph.termType !== 'DefaultGraph') continue;
    const k = `${q.subject.value}\u0000${q.predicate.value}`;
    const list = out.get(k) ?? [];
    list.push(q.object);
    out.set(k, list);
    if (q.object.termType === 'NamedNode') {
      const ik = `${q.predicate.value}\u0000${q.object.value}`;
      const l = inv.get(ik) ?? [];
      l.push(q.subject.value);
      inv.set(ik, l);
    }
  }
  const objects = (s: string, p: string): RDF.Term[] => out.get(`${s}\u0000${p}`) ?? [];
  return {
    base,
    objects,
    subjects: (p, o) => [...new Set(inv.get(`${p}\u0000${o}`) ?? [])].sort(),
    label: (s) => {
      const labels = objects(s, RDFS.label).filter((l): l is RDF.Literal => l.termType === 'Literal');
      return (labels.find((l) => l.language === 'en') ?? labels.find((l) => l.language === '') ?? labels[0])?.value;
    },
  };
}

/** The entities with a page of their own (`{base}id/{kind}/{slug}`), labelled and of a class of CLASS_WORDS. */
function entities(quads: readonly RDF.Quad[], g: Index): string[] {
  const root = `${g.base}id/`;
  const found = new Set<string>();
  for (const q of quads) {
    if (q.graph.termType !== 'DefaultGraph' || q.predicate.value !== RDF_.type || q.subject.termType !== 'NamedNode') continue;
    const rest = q.subject.value.startsWith(root) ? q.subject.value.slice(root.length) : undefined;
    // Things a Wikidata item could be about (summits, states, people, places...), not records (chairmanships, disputes).
    if (rest !== undefined && /^[a-z0-9-]+\/[^/]+$/.test(rest) && CATALOGUED.has(q.object.value) && g.label(q.subject.value) !== undefined) found.add(q.subject.value);
  }
  return [...found].sort();
}

/** One line of text for a TSV cell: no tabs or line breaks. */
function cell(s: string): string {
  return s.replace(/[\t\r\n]+/g, ' ').trim();
}

function description(g: Index, iri: string): string {
  const types = new Set(g.objects(iri, RDF_.type).map((t) => t.value));
  const what = CLASS_WORDS.find(([c]) => types.has(c))?.[1] ?? 'entity';
  const parts = [what];
  if (types.has(OTS.Summit)) {
    const date = g.objects(iri, SCHEMA.startDate)[0]?.value;
    const place = g.objects(iri, SCHEMA.location)[0];
    if (date) parts.push(date);
    if (place) parts.push(g.label(place.value) ?? '');
    else if (g.objects(iri, OTS.online)[0]?.value === 'true') parts.push('held online');
  }
  if (types.has(SCHEMA.City) || types.has(OTS.Venue)) {
    const inPlace = g.objects(iri, SCHEMA.containedInPlace)[0];
    if (inPlace) parts[0] = `${what} in ${g.label(inPlace.value) ?? ''}`;
  }
  if (types.has(SCHEMA.Person)) {
    const titles = [...new Set(g.subjects(OTS.holder, iri).flatMap((term) => g.objects(term, OTS.officeTitle).map((t) => t.value)))].sort();
    if (titles.length > 0) parts.push(titles.join('; '));
  }
  return cell(parts.filter((p) => p !== '').join(', '));
}

/** The Mix'n'match catalogue: a header line, then one line an entity, sorted by id. */
export function mixnmatchCatalogue(quads: readonly RDF.Quad[], base: string): { text: string; rows: number } {
  const g = indexOf(quads, base);
  const rows = entities(quads, g).map((iri) => {
    const types = g.objects(iri, RDF_.type).map((t) => t.value);
    const type = types.map((t) => WIKIDATA_TYPE[t]).find((t) => t !== undefined) ?? '';
    return [iri.slice(`${base}id/`.length), cell(g.label(iri) ?? ''), description(g, iri), type, iri].join('\t');
  });
  return { text: `${['id', 'name', 'desc', 'type', 'url'].join('\t')}\n${rows.map((r) => `${r}\n`).join('')}`, rows: rows.length };
}

/** The entities `owl:sameAs` a Wikidata item, with the item's ID, sorted by ID. */
export function wikidataLinks(quads: readonly RDF.Quad[], base: string): { iri: string; qid: string }[] {
  const out: { iri: string; qid: string }[] = [];
  for (const q of quads) {
    if (q.graph.termType !== 'DefaultGraph' || q.predicate.value !== OWL.sameAs || !q.object.value.startsWith(WIKIDATA_ENTITY) || !q.subject.value.startsWith(base)) continue;
    out.push({ iri: q.subject.value, qid: q.object.value.slice(WIKIDATA_ENTITY.length) });
  }
  const seen = new Set<string>();
  return out
    .filter((l) => (seen.has(`${l.iri} ${l.qid}`) ? false : (seen.add(`${l.iri} ${l.qid}`), true)))
    .sort((a, b) => Number(a.qid.slice(1)) - Number(b.qid.slice(1)) || a.iri.localeCompare(b.iri));
}

/** The QuickStatements V1 batch (tab-separated): for each linked item, P973 our IRI, referenced by P854 our page. */
export function quickStatements(quads: readonly RDF.Quad[], base: string): { text: string; rows: number } {
  const links = wikidataLinks(quads, base);
  const quote = (s: string): string => `"${s.replace(/"/g, '')}"`;
  const lines = links.map((l) => [l.qid, 'P973', quote(l.iri), 'S854', quote(`${l.iri}.html`)].join('\t'));
  return { text: lines.map((l) => `${l}\n`).join(''), rows: lines.length };
}

