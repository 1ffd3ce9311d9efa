// Reads the YAML files of the data folder into facts: one schema per file type, every problem reported with file and line.
import { DCT, OTS, OWL, RDF_, RDFS, SCHEMA, SKOS, XSD, WIKIDATA_ENTITY, ORG } from '../vocab.js';
import type { Citation, Entity, EntityKind, EvidenceRef, Fact, Obj, SourceArticle, Statement, Subj, Summit } from './model.js';
import { ENTITY_KINDS } from './model.js';
import type { Issues, ParsedFile, Value } from './reader.js';

const KIND_PATH: Record<EntityKind, string> = {
  state: 'id/state/',
  organization: 'id/organization/',
  council: 'id/organization/',
  person: 'id/person/',
  city: 'id/place/',
  venue: 'id/place/',
  award: 'id/award/',
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
  document: OTS.Document,
};

const WIKIDATA_ID = /^Q[1-9][0-9]*$/;

const lit = (value: string, lang = 'en'): Obj => ({ t: 'literal', value, lang });
const typed = (value: string, datatype: string): Obj => ({ t: 'literal', value, datatype });
const iri = (value: string): Obj => ({ t: 'iri', iri: value });
/** Languages of the names an entity may carry. */
const NAME_LANGS = ['ky', 'ru', 'tr', 'hu', 'kk', 'az', 'uz', 'tk', 'en'];
/** A path under the base IRI, usable as subject and as object. */
const path = (p: string) => ({ t: 'path', path: p }) as const;

/** Collects what one file contributes. */
export class Collector {
  readonly articles: SourceArticle[] = [];
  readonly citations: Citation[] = [];
  readonly entities: Entity[] = [];
  readonly summits: Summit[] = [];
  readonly facts: Fact[] = [];
  readonly minted: Array<{ path: string; at: Value }> = [];
  constructor(readonly issues: Issues) {}

  mint(p: string, at: Value): string {
    this.minted.push({ path: p, at });
    return p;
  }
}

function evidenceOf(v: Value, required = true, key = 'evidence'): EvidenceRef[] {
  const ev = v.get(key);
  const out: EvidenceRef[] = [];
  for (const item of ev.items(required)) {
    if (!item.mapping()) continue;
    item.keys(['quote', 'cite']);
    const q = item.get('quote');
    const c = item.get('cite');
    if (q.present && c.present) {
      item.fail("an evidence item has either 'quote' or 'cite', not both", 'split it into two items');
      continue;
    }
    if (q.present) {
      const text = q.str();
      if (text !== undefined) out.push({ kind: 'quote', text, at: q });
    } else if (c.present) {
      for (const id of c.strings()) out.push({ kind: 'cite', id, at: c });
    } else {
      item.fail("an evidence item needs 'quote' (words of the source article) or 'cite' (an id from data/sources.yaml)");
    }
  }
  if (required && ev.present && out.length === 0 && ev.items().length === 0) {
    ev.fail('evidence is empty', 'add at least one quote or citation');
  }
  return out;
}

function addFact(c: Collector, key: string, at: Value, evidence: EvidenceRef[], statements: Statement[], file: string): void {
  c.mint(key, at);
  c.facts.push({ key, file, line: at.position.line, evidence, statements });
}

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

export function parseEntities(f: ParsedFile, c: Collector, stem: string): void {
  const root = f.root;
  if (!root.mapping()) return;
  root.keys(['entities']);
  for (const e of root.get('entities').items(true)) {
    if (!e.mapping()) continue;
    e.keys(['id', 'kind', 'name', 'also', 'names', 'wikidata', 'in', 'part_of', 'memberships', 'evidence']);
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
    c.entities.push({ kind, id, path: p, name, also, names, at: e.get('id') });
    const s = path(p);
    const st: Statement[] = [
      { s, p: RDF_.type, o: iri(KIND_CLASS[kind]) },
      { s, p: RDFS.label, o: lit(name) },
      ...also.map((a): Statement => ({ s, p: SKOS.altLabel, o: lit(a) })),
      ...Object.entries(names).map(([lang, n]): Statement => ({ s, p: RDFS.label, o: lit(n, lang) })),
    ];
    const wd = e.get('wikidata');
    if (wd.present) {
      const q = wd.str();
      if (q !== undefined) {
        if (!WIKIDATA_ID.test(q)) {
          const digits = q.replace(/\D+/g, '');
          wd.fail(`malformed Wikidata identifier '${q}'`, digits ? `write it as Q${digits.replace(/^0+/, '')} (a Q followed by digits)` : 'write it as Q followed by digits, e.g. Q813');
        } else {
          st.push({ s, p: OWL.sameAs, o: iri(WIKIDATA_ENTITY + q) });
        }
      }
    }
    const inV = e.get('in');
    if (inV.present) {
      if (kind !== 'city' && kind !== 'venue') inV.fail(`'in' is for cities and venues, not a ${kind}`);
      else {
        const ref = inV.str();
        if (ref) st.push({ s, p: SCHEMA.containedInPlace, o: { t: 'entity', ref, kinds: kind === 'city' ? ['state'] : ['city'], at: inV } });
      }
    }
    const partOf = e.get('part_of');
    if (partOf.present) {
      const ref = partOf.str();
      if (ref) st.push({ s, p: OTS.parentOrganization, o: { t: 'entity', ref, kinds: ['organization'], at: partOf } });
    }
    addFact(c, `fact/${stem}/${id}`, e.get('id'), evidence, st, f.file);

    for (const m of e.get('memberships').items()) {
      if (!m.mapping()) continue;
      if (kind !== 'organization') {
        m.fail('memberships belong to an organization');
        continue;
      }
      m.keys(['state', 'status', 'evidence']);
      const ref = m.get('state').str();
      const status = m.get('status').oneOf(['member', 'observer'] as const);
      const ev = evidenceOf(m);
      if (!ref || !status) continue;
      const stateId = ref.toLowerCase().replace(/[^a-z0-9]+/g, '-');
      const mp = c.mint(`id/membership/${id}/${stateId}`, m.get('state'));
      const stateObj: Obj = { t: 'entity', ref, kinds: ['state'], at: m.get('state') };
      const ms = path(mp);
      addFact(
        c,
        `fact/${stem}/${id}-membership-${stateId}`,
        m,
        ev,
        [
          { s: ms, p: RDF_.type, o: iri(OTS.Membership) },
          { s: ms, p: RDFS.label, o: { t: 'label', parts: [stateObj, ` (${status === 'member' ? 'member state' : 'observer state'} of the `, path(p), ')'] } },
          { s: ms, p: ORG.member, o: stateObj },
          { s: ms, p: ORG.organization, o: path(p) },
          { s: ms, p: OTS.membershipStatus, o: iri(status === 'member' ? OTS.MemberStatus : OTS.ObserverStatus) },
          { s, p: status === 'member' ? OTS.hasMemberState : OTS.hasObserverState, o: stateObj },
          { s, p: OTS.membership, o: path(mp) },
        ],
        f.file,
      );
    }
  }
}

// ---------------------------------------------------------------- summit files

const SUMMIT_SECTIONS = [
  'summit',
  'details',
  'about',
  'meetings',
  'participants',
  'claims',
  'decisions',
  'agreements_signed_by',
  'agreements',
  'awards',
  'press_conferences',
  'chairmanship',
  'declarations',
  'plans',
] as const;

/** How a claim stands: the variant the graph states as fact, one better sources contradict, one no source confirms, or another account the graph neither states nor dismisses. */
const CLAIM_STATUSES = ['accepted', 'contradicted', 'unconfirmed', 'alternative'] as const;
const CLAIM_STATUS_CONCEPT: Record<(typeof CLAIM_STATUSES)[number], string> = {
  accepted: OTS.Accepted,
  contradicted: OTS.Contradicted,
  unconfirmed: OTS.Unconfirmed,
  alternative: OTS.Alternative,
};
/** What a disputed claim is about. */
const CLAIM_POINTS = ['date', 'duration', 'place', 'theme', 'representative', 'role', 'attendance', 'chairmanship', 'membership'] as const;

const entity = (v: Value, kinds: readonly EntityKind[]): Obj | undefined => {
  const ref = v.str(false);
  return ref === undefined ? undefined : { t: 'entity', ref, kinds, at: v };
};

export function parseSummit(f: ParsedFile, c: Collector, stem: string): void {
  const root = f.root;
  if (!root.mapping()) return;
  root.keys(SUMMIT_SECTIONS);
  const sv = root.get('summit');
  if (!sv.mapping()) return;
  sv.keys(['id', 'kind', 'name', 'official_name', 'ordinal', 'date', 'date_evidence', 'online', 'city', 'country', 'venue', 'organization', 'council', 'previous', 'theme', 'evidence']);
  const id = sv.get('id').id();
  const kind = sv.get('kind').oneOf(['regular', 'extraordinary', 'informal'] as const);
  const online = sv.get('online').bool() === true;
  const name = sv.get('name').str();
  const official = sv.get('official_name').optStr();
  const ordinal = sv.get('ordinal').int(kind === 'regular', 1);
  const date = sv.get('date').date();
  const evidence = evidenceOf(sv);
  if (!id || !kind || !name) return;
  if (id !== stem) sv.get('id').fail(`the summit id '${id}' differs from the file name '${stem}.yaml'`, `rename the file to ${id}.yaml or the id to ${stem}`);
  const sp = c.mint(`id/event/${id}`, sv.get('id'));
  c.summits.push({ id, path: sp, name, at: sv.get('id') });
  const S = path(sp);
  const st: Statement[] = [
    { s: S, p: RDF_.type, o: iri(OTS.Summit) },
    { s: S, p: RDFS.label, o: lit(name) },
  ];
  if (kind === 'informal') st.push({ s: S, p: RDF_.type, o: iri(OTS.InformalSummit) });
  if (kind === 'extraordinary') st.push({ s: S, p: RDF_.type, o: iri(OTS.ExtraordinarySummit) });
  if (online) st.push({ s: S, p: OTS.online, o: typed('true', XSD.boolean) });
  if (official) st.push({ s: S, p: SKOS.altLabel, o: lit(official) });
  if (ordinal !== undefined) st.push({ s: S, p: OTS.ordinal, o: typed(String(ordinal), XSD.integer) });
  // The date may carry its own evidence (`date_evidence`): it is then a fact of its own, so a query can count the sources of the date alone.
  const dateEvV = sv.get('date_evidence');
  const dateStmt: Statement[] = date ? [{ s: S, p: SCHEMA.startDate, o: typed(date, XSD.date) }] : [];
  if (!dateEvV.present) st.push(...dateStmt);
  const pairs: Array<[string, string, readonly EntityKind[]]> = [
    ['city', SCHEMA.location, ['city']],
    ['country', OTS.hostCountry, ['state']],
    ['venue', OTS.venue, ['venue']],
    ['organization', OTS.organizedBy, ['organization']],
    ['council', OTS.meetingOf, ['council']],
  ];
  for (const [key, pred, kinds] of pairs) {
    const o = entity(sv.get(key), kinds);
    if (o) st.push({ s: S, p: pred, o });
    else if (key === 'organization' || ((key === 'city' || key === 'country') && !online)) sv.get(key).str();
    if (online && (key === 'city' || key === 'country' || key === 'venue') && sv.get(key).present) sv.get(key).fail(`a summit held online has no ${key}`, "drop it, or drop 'online: true'");
  }
  const theme = sv.get('theme').optStr();
  if (theme) st.push({ s: S, p: OTS.theme, o: lit(theme) });
  const prev = sv.get('previous');
  if (prev.present) {
    const ref = prev.id();
    if (ref) {
      st.push({ s: S, p: OTS.previousSummit, o: { t: 'summit', ref, at: prev } });
      st.push({ s: { t: 'summit', ref, at: prev }, p: OTS.nextSummit, o: path(sp) });
    }
  }
  addFact(c, `fact/${stem}/summit`, sv.get('id'), evidence, st, f.file);
  if (dateEvV.present) {
    const dateEv = evidenceOf(sv, true, 'date_evidence');
    if (dateStmt.length > 0) addFact(c, `fact/${stem}/summit-date`, dateEvV, dateEv, dateStmt, f.file);
  }

  const item = (v: Value, allowed: readonly string[]): { id: string; ev: EvidenceRef[] } | undefined => {
    if (!v.mapping()) return undefined;
    v.keys(['id', 'evidence', ...allowed]);
    const iid = v.get('id').id();
    const ev = evidenceOf(v);
    return iid ? { id: iid, ev } : undefined;
  };
  const sub = (kind: string, iid: string, at: Value): string => c.mint(`${sp}/${kind}/${iid}`, at);
  const fact = (section: string, iid: string, at: Value, ev: EvidenceRef[], stmts: Statement[]): void =>
    addFact(c, `fact/${stem}/${section}-${iid}`, at, ev, stmts, f.file);

  // details: further statements about the summit
  for (const v of root.get('details').items()) {
    const it = item(v, ['host', 'theme', 'venue', 'topics', 'documents_signed', 'note']);
    if (!it) continue;
    const stmts: Statement[] = [];
    const host = entity(v.get('host'), ['person']);
    if (host) stmts.push({ s: S, p: OTS.host, o: host });
    const th = v.get('theme').optStr();
    if (th) stmts.push({ s: S, p: OTS.theme, o: lit(th) });
    const venue = entity(v.get('venue'), ['venue']);
    if (venue) stmts.push({ s: S, p: OTS.venue, o: venue });
    for (const t of v.get('topics').strings()) stmts.push({ s: S, p: OTS.topic, o: lit(t) });
    const n = v.get('documents_signed').int(false, 0);
    if (n !== undefined) stmts.push({ s: S, p: OTS.documentsSigned, o: typed(String(n), XSD.integer) });
    const note = v.get('note').optStr();
    if (note) stmts.push({ s: S, p: SKOS.note, o: lit(note) });
    if (stmts.length === 0) v.fail('this detail states nothing', 'add host, theme, venue, topics, documents_signed or note');
    fact('detail', it.id, v.get('id'), it.ev, stmts);
  }

  // about: statements about an entity
  for (const v of root.get('about').items()) {
    const it = item(v, ['subject', 'job_title']);
    if (!it) continue;
    const ref = v.get('subject').str();
    const title = v.get('job_title').str();
    if (!ref || !title) continue;
    fact('about', it.id, v.get('id'), it.ev, [{ s: { t: 'entity', ref, kinds: ['person'], at: v.get('subject') }, p: SCHEMA.jobTitle, o: lit(title) }]);
  }

  for (const v of root.get('meetings').items()) {
    const it = item(v, ['name', 'council', 'precedes_summit', 'purposes']);
    if (!it) continue;
    const M = path(sub('meeting', it.id, v.get('id')));
    const label = v.get('name').str();
    const stmts: Statement[] = [{ s: M, p: RDF_.type, o: iri(OTS.Meeting) }];
    if (label) stmts.push({ s: M, p: RDFS.label, o: lit(label) });
    const council = entity(v.get('council'), ['council']);
    if (council) stmts.push({ s: M, p: OTS.meetingOf, o: council });
    if (v.get('precedes_summit').bool()) stmts.push({ s: M, p: OTS.precedes, o: path(sp) });
    for (const pz of v.get('purposes').strings()) stmts.push({ s: M, p: OTS.purpose, o: lit(pz) });
    fact('meeting', it.id, v.get('id'), it.ev, stmts);
  }

  for (const v of root.get('participants').items()) {
    const it = item(v, ['state', 'organization', 'status', 'representative', 'role']);
    if (!it) continue;
    const pp = sub('participation', it.id, v.get('id'));
    const P = path(pp);
    const status = v.get('status').oneOf(['host', 'member', 'observer', 'guest', 'organization'] as const);
    const role = v.get('role').str();
    const stmts: Statement[] = [
      { s: P, p: RDF_.type, o: iri(OTS.Participation) },
      { s: P, p: OTS.inEvent, o: path(sp) },
      { s: S, p: OTS.participation, o: path(pp) },
    ];
    const stateV = v.get('state');
    const orgV = v.get('organization');
    if (stateV.present && orgV.present) v.fail("a participant is either a 'state' or an 'organization', not both");
    const who = stateV.present ? entity(stateV, ['state']) : entity(orgV, ['organization', 'council']);
    if (who) stmts.push({ s: P, p: OTS.participant, o: who });
    // Only a group the sources do not name (status organization) or a guest who represents no state or organization stands alone.
    else if (status !== 'organization' && !(status === 'guest' && v.get('representative').present)) stateV.str();
    stmts.push({ s: P, p: RDFS.label, o: { t: 'label', parts: who ? [who, ' at the ', name] : [role ?? 'participants', ' at the ', name] } });
    const rep = entity(v.get('representative'), ['person']);
    if (rep) stmts.push({ s: P, p: OTS.representative, o: rep });
    if (role) stmts.push({ s: P, p: OTS.roleName, o: lit(role) });
    if (status) {
      const concept = { host: OTS.HostStatus, member: OTS.MemberStatus, observer: OTS.ObserverStatus, guest: OTS.GuestStatus, organization: OTS.OrganizationStatus }[status];
      stmts.push({ s: P, p: OTS.participantStatus, o: iri(concept) });
    }
    fact('participant', it.id, v.get('id'), it.ev, stmts);
  }

  for (const v of root.get('claims').items()) {
    if (!v.mapping()) continue;
    v.keys(['id', 'point', 'value', 'participant', 'representative', 'statement', 'status', 'note', 'sources', 'contradicted_by']);
    const iid = v.get('id').id();
    if (!iid) continue;
    const cp = sub('claim', iid, v.get('id'));
    const C = path(cp);
    const statement = v.get('statement').str();
    const cstatus = v.get('status').oneOf(CLAIM_STATUSES);
    const sources = v.get('sources').strings(true);
    // A contradicted claim names the sources that state otherwise; for the other statuses they are optional.
    const against = v.get('contradicted_by').strings(cstatus === 'contradicted');
    const stmts: Statement[] = [
      { s: C, p: RDF_.type, o: iri(OTS.Claim) },
      { s: C, p: OTS.aboutEvent, o: path(sp) },
      { s: S, p: OTS.claim, o: path(cp) },
    ];
    if (cstatus) stmts.push({ s: C, p: OTS.claimStatus, o: iri(CLAIM_STATUS_CONCEPT[cstatus]) });
    const point = v.get('point').oneOf(CLAIM_POINTS, false);
    if (point) stmts.push({ s: C, p: OTS.disputedPoint, o: typed(point, XSD.string) });
    const valueV = v.get('value');
    if (valueV.present) {
      const value = point === 'date' || point === 'duration' ? valueV.date() : valueV.str();
      if (value !== undefined) stmts.push({ s: C, p: OTS.claimedValue, o: point === 'date' || point === 'duration' ? typed(value, XSD.date) : lit(value) });
    }
    const cnote = v.get('note').optStr();
    if (cnote) stmts.push({ s: C, p: SKOS.note, o: lit(cnote) });
    if (statement) stmts.push({ s: C, p: RDFS.label, o: lit(statement) });
    const part = entity(v.get('participant'), ['state']);
    if (part) stmts.push({ s: C, p: OTS.claimedParticipant, o: part });
    const rep = entity(v.get('representative'), ['person']);
    if (rep) stmts.push({ s: C, p: OTS.claimedRepresentative, o: rep });
    for (const src of sources) stmts.push({ s: C, p: OTS.claimSource, o: { t: 'citation', ref: src, at: v.get('sources') } });
    for (const src of against) stmts.push({ s: C, p: OTS.contradictedBy, o: { t: 'citation', ref: src, at: v.get('contradicted_by') } });
    // The claim is supported, as a claim, by the sources that make it; the fact graph says so.
    const ev: EvidenceRef[] = [...sources.map((id) => ({ kind: 'cite' as const, id, at: v.get('sources') })), ...against.map((id) => ({ kind: 'cite' as const, id, at: v.get('contradicted_by') }))];
    fact('claim', iid, v.get('id'), ev, stmts);
  }

  for (const v of root.get('decisions').items()) {
    const it = item(v, ['position', 'name', 'description', 'adopts', 'designates', 'appoints']);
    if (!it) continue;
    const dp = sub('decision', it.id, v.get('id'));
    const D = path(dp);
    const name2 = v.get('name').str();
    const stmts: Statement[] = [
      { s: D, p: RDF_.type, o: iri(OTS.Decision) },
      { s: S, p: OTS.decision, o: path(dp) },
    ];
    if (name2) stmts.push({ s: D, p: RDFS.label, o: lit(name2) });
    const pos = v.get('position').int(true, 1);
    if (pos !== undefined) stmts.push({ s: D, p: OTS.position, o: typed(String(pos), XSD.integer) });
    const desc = v.get('description').optStr();
    if (desc) stmts.push({ s: D, p: DCT.description, o: lit(desc) });
    const adopts = v.get('adopts');
    const docs = adopts.present && adopts.isMap() ? [adopts] : adopts.items();
    for (const d of docs) {
      if (!d.mapping()) continue;
      d.keys(['id', 'name']);
      const did = d.get('id').id();
      const dname = d.get('name').str();
      if (!did || !dname) continue;
      const docPath = c.mint(`id/document/${did}`, d.get('id'));
      c.entities.push({ kind: 'document', id: did, path: docPath, name: dname, also: [], names: {}, at: d.get('id') });
      const Doc = path(docPath);
      stmts.push(
        { s: D, p: OTS.adopts, o: path(docPath) },
        { s: Doc, p: RDF_.type, o: iri(OTS.Document) },
        { s: Doc, p: RDFS.label, o: lit(dname) },
        { s: Doc, p: OTS.adoptedAt, o: path(sp) },
      );
    }
    const des = v.get('designates');
    if (des.present && des.mapping()) {
      des.keys(['place', 'title', 'year']);
      stmts.push({ s: D, p: RDF_.type, o: iri(OTS.Designation) });
      const place = entity(des.get('place'), ['city', 'state']);
      if (place) stmts.push({ s: D, p: OTS.designatedPlace, o: place });
      else des.get('place').str();
      const title = des.get('title').str();
      if (title) stmts.push({ s: D, p: OTS.designationTitle, o: lit(title) });
      const year = des.get('year').year();
      if (year !== undefined) stmts.push({ s: D, p: OTS.year, o: typed(String(year), XSD.gYear) });
    }
    const appoints = v.get('appoints').optStr();
    if (appoints) stmts.push({ s: D, p: OTS.appoints, o: lit(appoints) });
    fact('decision', it.id, v.get('id'), it.ev, stmts);
  }

  const agreementPaths: string[] = [];
  for (const v of root.get('agreements').items()) {
    const it = item(v, ['type', 'name', 'purpose', 'establishes']);
    if (!it) continue;
    const ap = sub('agreement', it.id, v.get('id'));
    agreementPaths.push(ap);
    const A = path(ap);
    const type = v.get('type').oneOf(['agreement', 'memorandum'] as const);
    const stmts: Statement[] = [
      { s: A, p: RDF_.type, o: iri(type === 'memorandum' ? OTS.MemorandumOfUnderstanding : OTS.Agreement) },
      { s: A, p: OTS.signedAt, o: path(sp) },
      { s: S, p: OTS.agreement, o: path(ap) },
    ];
    const an = v.get('name').str();
    if (an) stmts.push({ s: A, p: RDFS.label, o: lit(an) });
    const purpose = v.get('purpose').str();
    if (purpose) stmts.push({ s: A, p: OTS.purpose, o: lit(purpose) });
    const est = v.get('establishes').optStr();
    if (est) stmts.push({ s: A, p: OTS.establishes, o: lit(est) });
    fact('agreement', it.id, v.get('id'), it.ev, stmts);
  }
  const signedBy = root.get('agreements_signed_by');
  if (signedBy.present && signedBy.mapping()) {
    signedBy.keys(['who', 'evidence']);
    const who = signedBy.get('who').str();
    const ev = evidenceOf(signedBy);
    if (who) {
      if (agreementPaths.length === 0) signedBy.fail("'agreements_signed_by' needs an 'agreements' list in the same file");
      fact('agreements', 'signed-by', signedBy, ev, agreementPaths.map((ap) => ({ s: path(ap), p: OTS.signedBy, o: lit(who) })));
    }
  }

  for (const v of root.get('awards').items()) {
    const it = item(v, ['award', 'recipient', 'proposed_by', 'reason']);
    if (!it) continue;
    const wp = sub('award-conferral', it.id, v.get('id'));
    const W = path(wp);
    const stmts: Statement[] = [
      { s: W, p: RDF_.type, o: iri(OTS.AwardConferral) },
      { s: W, p: OTS.conferredAt, o: path(sp) },
      { s: S, p: OTS.awardConferral, o: path(wp) },
    ];
    const award = entity(v.get('award'), ['award']);
    if (award) stmts.push({ s: W, p: OTS.award, o: award });
    else v.get('award').str();
    const rec = entity(v.get('recipient'), ['person', 'state', 'organization']);
    if (rec) stmts.push({ s: W, p: OTS.recipient, o: rec });
    else v.get('recipient').str();
    if (award && rec) stmts.push({ s: W, p: RDFS.label, o: { t: 'label', parts: [award, ' to ', rec] } });
    const by = entity(v.get('proposed_by'), ['person', 'state', 'organization']);
    if (by) stmts.push({ s: W, p: OTS.proposedBy, o: by });
    const reason = v.get('reason').optStr();
    if (reason) stmts.push({ s: W, p: OTS.reason, o: lit(reason) });
    fact('award', it.id, v.get('id'), it.ev, stmts);
  }

  for (const v of root.get('press_conferences').items()) {
    const it = item(v, ['name', 'speakers', 'topics']);
    if (!it) continue;
    const pp = sub('press-conference', it.id, v.get('id'));
    const P = path(pp);
    const stmts: Statement[] = [
      { s: P, p: RDF_.type, o: iri(OTS.PressConference) },
      { s: P, p: OTS.follows, o: path(sp) },
    ];
    const pn = v.get('name').str();
    if (pn) stmts.push({ s: P, p: RDFS.label, o: lit(pn) });
    for (const sv2 of v.get('speakers').items(true)) {
      const o = entity(sv2, ['person']);
      if (o) stmts.push({ s: P, p: OTS.speaker, o });
    }
    for (const t of v.get('topics').strings()) stmts.push({ s: P, p: OTS.topic, o: lit(t) });
    fact('press-conference', it.id, v.get('id'), it.ev, stmts);
  }

  const ch = root.get('chairmanship');
  if (ch.present) {
    const it = item(ch, ['from', 'to']);
    if (it) {
      const tp = sub('chairmanship-transfer', it.id, ch.get('id'));
      const T = path(tp);
      const stmts: Statement[] = [
        { s: T, p: RDF_.type, o: iri(OTS.ChairmanshipTransfer) },
        { s: S, p: OTS.chairmanshipTransfer, o: path(tp) },
      ];
      const from = entity(ch.get('from'), ['state']);
      const to = entity(ch.get('to'), ['state']);
      // The state that handed over is optional: some sources only say who took the chair.
      if (from) stmts.push({ s: T, p: OTS.fromChair, o: from });
      if (to) stmts.push({ s: T, p: OTS.toChair, o: to });
      else ch.get('to').str();
      if (from && to) stmts.push({ s: T, p: RDFS.label, o: { t: 'label', parts: ['Chairmanship passed from ', from, ' to ', to] } });
      else if (to) stmts.push({ s: T, p: RDFS.label, o: { t: 'label', parts: ['Chairmanship passed to ', to] } });
      fact('chairmanship', it.id, ch.get('id'), it.ev, stmts);
    }
  }

  const declared = new Map<string, string>();
  for (const v of root.get('declarations').items()) {
    const it = item(v, ['name', 'description', 'signed_by', 'of', 'announces']);
    if (!it) continue;
    const ofV = v.get('of');
    let X: Subj;
    const stmts: Statement[] = [];
    if (ofV.present) {
      const of = ofV.id();
      const target = of ? declared.get(of) : undefined;
      if (of && !target) ofV.fail(`no declaration '${of}' above in this file`, `declared here: ${[...declared.keys()].join(', ') || 'none'}`);
      if (!target) continue;
      X = path(target);
    } else {
      const xp = sub('declaration', it.id, v.get('id'));
      declared.set(it.id, xp);
      X = path(xp);
      stmts.push({ s: X, p: RDF_.type, o: iri(OTS.Declaration) }, { s: X, p: OTS.adoptedAt, o: path(sp) }, { s: S, p: OTS.declaration, o: path(xp) });
      const xn = v.get('name').str();
      if (xn) stmts.push({ s: X, p: RDFS.label, o: lit(xn) });
    }
    const desc = v.get('description').optStr();
    if (desc) stmts.push({ s: X, p: DCT.description, o: lit(desc) });
    const by = v.get('signed_by').optStr();
    if (by) stmts.push({ s: X, p: OTS.signedBy, o: lit(by) });
    for (const a of v.get('announces').strings()) stmts.push({ s: X, p: OTS.announces, o: lit(a) });
    fact('declaration', it.id, v.get('id'), it.ev, stmts);
  }

  for (const v of root.get('plans').items()) {
    const it = item(v, ['kind', 'country', 'year', 'realized_by']);
    if (!it) continue;
    const lp = sub('plan', it.id, v.get('id'));
    const L = path(lp);
    const pk = v.get('kind').oneOf(['regular', 'informal'] as const);
    const stmts: Statement[] = [
      { s: L, p: RDF_.type, o: iri(OTS.SummitPlan) },
      { s: L, p: OTS.announcedAt, o: path(sp) },
      { s: S, p: OTS.summitPlan, o: path(lp) },
    ];
    if (pk) stmts.push({ s: L, p: OTS.plannedKind, o: iri(pk === 'regular' ? OTS.RegularSummitKind : OTS.InformalSummitKind) });
    const country = entity(v.get('country'), ['state']);
    if (country) stmts.push({ s: L, p: OTS.plannedCountry, o: country });
    else v.get('country').str();
    // The year is optional: some announcements name only the host country.
    const year = v.get('year').year(false);
    if (year !== undefined) stmts.push({ s: L, p: OTS.plannedYear, o: typed(String(year), XSD.gYear) });
    if (pk && country) stmts.push({ s: L, p: RDFS.label, o: { t: 'label', parts: [`Next ${pk} summit, planned in `, country, year !== undefined ? ` in ${year}` : ''] } });
    const rb = v.get('realized_by');
    if (rb.present) {
      const ref = rb.id();
      if (ref) stmts.push({ s: L, p: OTS.realizedBy, o: { t: 'summit', ref, at: rb } });
    }
    fact('plan', it.id, v.get('id'), it.ev, stmts);
  }
}
