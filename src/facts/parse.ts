// Reads the YAML files of the data folder into facts: one schema per file type, every problem reported with file and line.
// Summit files are read by the section table of summit.ts.
import { OTS, OWL, RDF_, RDFS, SCHEMA, SKOS, WIKIDATA_ENTITY } from '../vocab.js';
import type { EntityKind, Statement } from './model.js';
import { ENTITY_KINDS } from './model.js';
import { evidenceOf, iri, lit, path, ref } from './fields.js';
import type { ParsedFile, Value } from './reader.js';
import { Collector } from './section.js';

export { Collector } from './section.js';
export { parseSummit } from './summit.js';
export { parseOrganisation } from './organisation.js';

const KIND_PATH: Record<EntityKind, string> = {
  state: 'id/state/',
  organization: 'id/organization/',
  council: 'id/organization/',
  person: 'id/person/',
  city: 'id/place/',
  venue: 'id/place/',
  award: 'id/award/',
  initiative: 'id/initiative/',
  document: 'id/document/',
};

const KIND_CLASS: Record<EntityKind, string> = {
  state: OTS.State,
  organization: OTS.Organization,
  council: OTS.Council,
  person: SCHEMA.Person,
  city: SCHEMA.City,
  venue: OTS.Venue,
  award: OTS.Award,
  initiative: OTS.Initiative,
  document: OTS.Document,
};

const WIKIDATA_ID = /^Q[1-9][0-9]*$/;

/** Languages of the names an entity may carry. */
const NAME_LANGS = ['ky', 'ru', 'tr', 'hu', 'kk', 'az', 'uz', 'tk', 'en'];

// ---------------------------------------------------------------- sources.yaml

export function parseSources(f: ParsedFile, c: Collector, readArticle: (file: string, at: Value) => string | undefined): void {
  const root = f.root;
  if (!root.mapping()) return;
  root.keys(['articles', 'citations']);
  for (const a of root.get('articles').items(true)) {
    if (!a.mapping()) continue;
    a.keys(['id', 'file', 'title', 'publisher', 'url', 'license']);
    const id = a.get('id').id();
    const file = a.get('file').str();
    const title = a.get('title').str();
    const publisher = a.get('publisher').str();
    const url = a.get('url').optStr();
    const license = a.get('license').optStr();
    if (!id || !file || !title || !publisher) continue;
    const text = readArticle(file, a.get('file'));
    if (text === undefined) continue;
    c.mint(`source/${id}`, a.get('id'));
    c.articles.push({ id, file, title, publisher, text, ...(url ? { url } : {}), ...(license ? { license } : {}) });
  }
  for (const x of root.get('citations').items(true)) {
    if (!x.mapping()) continue;
    x.keys(['id', 'outlet', 'date', 'title', 'url', 'note']);
    const id = x.get('id').id();
    const outlet = x.get('outlet').str();
    const date = x.get('date').date(false);
    const title = x.get('title').optStr();
    const url = x.get('url').optStr();
    const note = x.get('note').optStr();
    if (!id || !outlet) continue;
    c.mint(`evidence/citation/${id}`, x.get('id'));
    c.citations.push({ id, outlet, ...(date ? { date } : {}), ...(title ? { title } : {}), ...(url ? { url } : {}), ...(note ? { note } : {}) });
  }
}

// ---------------------------------------------------------------- entity files

/**
 * The entity's `wikidata:` field: a well-formed item ID not used by another entity, or undefined (a problem is
 * reported at the field's line).
 */
function wikidataOf(e: Value, c: Collector, id: string, file: string): string | undefined {
  const wd = e.get('wikidata');
  if (!wd.present) return undefined;
  const q = wd.str();
  if (q === undefined) return undefined;
  if (!WIKIDATA_ID.test(q)) {
    const digits = q.replace(/\D+/g, '');
    wd.fail(`malformed Wikidata identifier '${q}'`, digits ? `write it as Q${digits.replace(/^0+/, '')} (a Q followed by digits)` : 'write it as Q followed by digits, e.g. Q813');
    return undefined;
  }
  const first = c.wikidataIds.get(q);
  if (first) {
    wd.fail(
      `Wikidata item ${q} is already linked to '${first.id}' (${first.file}:${first.line}); one Wikidata item can be the same as only one entity`,
      `keep ${q} on the entity it describes and remove it here (or, if both are one thing, merge the two entities)`,
    );
    return undefined;
  }
  c.wikidataIds.set(q, { id, file, line: wd.position.line });
  return q;
}

export function parseEntities(f: ParsedFile, c: Collector, stem: string): void {
  const root = f.root;
  if (!root.mapping()) return;
  root.keys(['entities']);
  for (const e of root.get('entities').items(true)) {
    const since = c.issues.size;
    if (!e.mapping()) continue;
    e.keys(['id', 'kind', 'name', 'also', 'names', 'wikidata', 'in', 'part_of', 'evidence']);
    const id = e.get('id').id();
    const kind = e.get('kind').oneOf(ENTITY_KINDS);
    const name = e.get('name').str();
    const also = e.get('also').strings();
    const names: Record<string, string> = {};
    const namesV = e.get('names');
    if (namesV.present && namesV.mapping()) {
      for (const lang of NAME_LANGS) {
        const n = namesV.get(lang).optStr();
        if (n) names[lang] = n;
      }
      namesV.keys(NAME_LANGS);
    }
    const evidence = evidenceOf(e);
    if (!id || !kind || !name) continue;
    const p = c.mint(KIND_PATH[kind] + id, e.get('id'));
    const qid = wikidataOf(e, c, id, f.file);
    c.entities.push({ kind, id, path: p, name, also, names, ...(qid ? { wikidata: qid } : {}), at: e.get('id') });
    const s = path(p);
    const st: Statement[] = [
      { s, p: RDF_.type, o: iri(KIND_CLASS[kind]) },
      { s, p: RDFS.label, o: lit(name) },
      ...also.map((a): Statement => ({ s, p: SKOS.altLabel, o: lit(a) })),
      ...Object.entries(names).map(([lang, n]): Statement => ({ s, p: RDFS.label, o: lit(n, lang) })),
    ];
    if (qid) st.push({ s, p: OWL.sameAs, o: iri(WIKIDATA_ENTITY + qid) });
    const inV = e.get('in');
    if (inV.present) {
      if (kind !== 'city' && kind !== 'venue') inV.fail(`'in' is for cities and venues, not a ${kind}`);
      else {
        const place = ref(inV, kind === 'city' ? ['state'] : ['city']);
        if (place) st.push({ s, p: SCHEMA.containedInPlace, o: place });
      }
    }
    const partOf = ref(e.get('part_of'), ['organization']);
    if (partOf) st.push({ s, p: OTS.parentOrganization, o: partOf });
    c.addFact(`fact/${stem}/${id}`, e.get('id'), evidence, st, f.file, since);
  }
}
