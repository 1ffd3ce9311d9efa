// A summit file: the `summit:` header, then the sections of SUMMIT_SECTIONS, each a small parser of its items.
import { DCT, OTS, RDF_, RDFS, SCHEMA, SKOS, XSD } from '../vocab.js';
import type { EntityKind, EvidenceRef, Obj, Statement, Subj } from './model.js';
import { claimSources, date, evidenceOf, iri, lit, path, ref, refs, summitRef, text, texts, typed, whole, year } from './fields.js';
import type { ParsedFile, Value } from './reader.js';
import { CLAIM_STATUSES, claimStatusConcept } from './organisation.js';
import { readSections, type Collector, type FileContext, type SectionTable } from './section.js';

/** What the sections of a summit file share: the summit and what earlier sections recorded. */
export interface SummitContext extends FileContext {
  /** IRI path of the summit, id/event/<id>. */
  readonly sp: string;
  readonly S: Subj & Obj;
  readonly name: string;
  /** The summit's date, as an xsd:date literal. */
  readonly date?: Obj;
  /** Paths of the agreements read so far (for `agreements_signed_by`). */
  readonly agreements: string[];
  /** Declarations read so far, by item id (for `of:`). */
  readonly declared: Map<string, string>;
  /** Plans read so far, by item id (for a declaration's `plans:`). */
  readonly plans: Map<string, string>;
}

/** Mints the IRI path of an item of the summit: id/event/<summit>/<kind>/<id>. */
const sub = (ctx: SummitContext, kind: string, id: string, at: Value): string => ctx.c.mint(`${ctx.sp}/${kind}/${id}`, at);

const push = (stmts: Statement[], s: Subj, p: string, o: Obj | undefined): void => {
  if (o !== undefined) stmts.push({ s, p, o });
};

const PARTICIPANT_STATUS = { host: OTS.HostStatus, member: OTS.MemberStatus, observer: OTS.ObserverStatus, guest: OTS.GuestStatus, organization: OTS.OrganizationStatus } as const;
const PARTICIPANT_STATUSES = Object.keys(PARTICIPANT_STATUS) as Array<keyof typeof PARTICIPANT_STATUS>;

/** Which aspect of the summit a claim is about; the claims of one summit with the same aspect are the variants of one disputed point. */
const CLAIM_ASPECTS = ['date', 'duration', 'place', 'theme', 'representative', 'role', 'attendance', 'chairmanship', 'membership'] as const;

/** Every section a summit file may have besides `summit:`, in the order they are read. */
export const SUMMIT_SECTIONS: SectionTable<SummitContext> = {
  details: {
    fact: 'detail',
    says: 'more about the summit: host, theme, venue, topics, documents_signed, note',
    fields: ['host', 'theme', 'venue', 'topics', 'documents_signed', 'note'],
    read(ctx, v) {
      const { S } = ctx;
      const stmts: Statement[] = [];
      push(stmts, S, OTS.host, ref(v.get('host'), ['person']));
      push(stmts, S, OTS.theme, text(v.get('theme')));
      push(stmts, S, OTS.venue, ref(v.get('venue'), ['venue']));
      for (const t of texts(v.get('topics'))) stmts.push({ s: S, p: OTS.topic, o: t });
      push(stmts, S, OTS.documentsSigned, whole(v.get('documents_signed')));
      push(stmts, S, SKOS.note, text(v.get('note')));
      if (stmts.length === 0) v.fail('this detail states nothing', 'add host, theme, venue, topics, documents_signed or note');
      return stmts;
    },
  },

  about: {
    fact: 'about',
    says: "a person's office as a source words it at the summit: subject, job_title (an office term attested on the summit's date)",
    fields: ['subject', 'job_title'],
    read(ctx, v, id) {
      const T = path(sub(ctx, 'office', id, v.get('id')));
      const stmts: Statement[] = [{ s: T, p: RDF_.type, o: iri(OTS.OfficeTerm) }, { s: T, p: OTS.attestedAt, o: ctx.S }];
      const who = ref(v.get('subject'), ['person'], true);
      const title = text(v.get('job_title'), true);
      push(stmts, T, OTS.holder, who);
      push(stmts, T, OTS.officeTitle, title);
      push(stmts, T, OTS.attestedOn, ctx.date);
      if (who && title) stmts.push({ s: T, p: RDFS.label, o: { t: 'label', parts: [who, ', ', title] } });
      return stmts;
    },
  },

  meetings: {
    fact: 'meeting',
    says: 'a meeting of a council around the summit: name, council, precedes_summit, purposes',
    fields: ['name', 'council', 'precedes_summit', 'purposes'],
    read(ctx, v, id) {
      const M = path(sub(ctx, 'meeting', id, v.get('id')));
      const stmts: Statement[] = [{ s: M, p: RDF_.type, o: iri(OTS.Meeting) }];
      push(stmts, M, RDFS.label, text(v.get('name'), true));
      push(stmts, M, OTS.meetingOf, ref(v.get('council'), ['council']));
      if (v.get('precedes_summit').bool()) stmts.push({ s: M, p: OTS.precedes, o: ctx.S });
      for (const t of texts(v.get('purposes'))) stmts.push({ s: M, p: OTS.purpose, o: t });
      return stmts;
    },
  },

  participants: {
    fact: 'participant',
    says: 'state or organization, status (host, member, observer, guest, organization), representative, role',
    fields: ['state', 'organization', 'status', 'representative', 'role'],
    read(ctx, v, id) {
      const pp = sub(ctx, 'participation', id, v.get('id'));
      const P = path(pp);
      const status = v.get('status').oneOf(PARTICIPANT_STATUSES);
      const role = v.get('role').str();
      const stmts: Statement[] = [
        { s: P, p: RDF_.type, o: iri(OTS.Participation) },
        { s: P, p: OTS.inEvent, o: ctx.S },
        { s: ctx.S, p: OTS.participation, o: P },
      ];
      const stateV = v.get('state');
      const orgV = v.get('organization');
      if (stateV.present && orgV.present) v.fail("a participant is either a 'state' or an 'organization', not both");
      // A state is required unless the participants are organisations described by their role alone, or a guest
      // (a named person) who represents no state or organisation of the graph.
      const alone = status === 'organization' || (status === 'guest' && v.get('representative').present);
      const who = orgV.present && !stateV.present ? ref(orgV, ['organization', 'council']) : ref(stateV, ['state'], !alone);
      push(stmts, P, OTS.participant, who);
      stmts.push({ s: P, p: RDFS.label, o: { t: 'label', parts: who ? [who, ' at the ', ctx.name] : [role ?? 'participants', ' at the ', ctx.name] } });
      push(stmts, P, OTS.representative, ref(v.get('representative'), ['person']));
      if (role) stmts.push({ s: P, p: OTS.roleName, o: lit(role) });
      if (status) stmts.push({ s: P, p: OTS.participantStatus, o: iri(PARTICIPANT_STATUS[status]) });
      return stmts;
    },
  },

  claims: {
    fact: 'claim',
    says: 'one variant of a disputed point of the summit: aspect (date, duration, place, theme, representative, role, attendance, chairmanship, membership), value, statement, status (accepted, contradicted, unconfirmed, alternative), note (why), participant, representative, sources, contradicted_by',
    fields: ['aspect', 'value', 'participant', 'representative', 'statement', 'status', 'note', 'sources', 'contradicted_by'],
    evidence: false,
    read(ctx, v, id) {
      const C = path(sub(ctx, 'claim', id, v.get('id')));
      const status = v.get('status').oneOf(CLAIM_STATUSES);
      const stmts: Statement[] = [
        { s: C, p: RDF_.type, o: iri(OTS.Claim) },
        { s: C, p: OTS.aboutEvent, o: ctx.S },
        { s: ctx.S, p: OTS.claim, o: C },
      ];
      if (status) stmts.push({ s: C, p: OTS.claimStatus, o: iri(claimStatusConcept(status)) });
      push(stmts, C, RDFS.label, text(v.get('statement'), true));
      const aspect = v.get('aspect').oneOf(CLAIM_ASPECTS, false);
      if (aspect) stmts.push({ s: C, p: OTS.disputedAspect, o: typed(aspect, XSD.string) });
      // A date is checked as a date; any other value is text.
      push(stmts, C, OTS.claimedValue, aspect === 'date' || aspect === 'duration' ? date(v.get('value')) : text(v.get('value')));
      push(stmts, C, OTS.claimedParticipant, ref(v.get('participant'), ['state']));
      push(stmts, C, OTS.claimedRepresentative, ref(v.get('representative'), ['person']));
      push(stmts, C, SKOS.note, text(v.get('note')));
      return claimSources(stmts, C, v, status === 'contradicted');
    },
  },

  decisions: {
    fact: 'decision',
    says: 'position, name, description, adopts (documents: id and name), designates (place, title, year), appoints',
    fields: ['position', 'name', 'description', 'adopts', 'designates', 'appoints'],
    read(ctx, v, id) {
      const D = path(sub(ctx, 'decision', id, v.get('id')));
      const stmts: Statement[] = [
        { s: D, p: RDF_.type, o: iri(OTS.Decision) },
        { s: ctx.S, p: OTS.decision, o: D },
      ];
      push(stmts, D, RDFS.label, text(v.get('name'), true));
      push(stmts, D, OTS.position, whole(v.get('position'), true, 1));
      push(stmts, D, DCT.description, text(v.get('description')));
      const adopts = v.get('adopts');
      for (const d of adopts.present && adopts.isMap() ? [adopts] : adopts.items()) {
        if (!d.mapping()) continue;
        d.keys(['id', 'name', 'type']);
        const did = d.get('id').id();
        const dname = d.get('name').str();
        // A flag is adopted like a document but is not one (a written instrument).
        const dtype = d.get('type').oneOf(['document', 'flag'] as const, false) ?? 'document';
        if (!did || !dname) continue;
        const docPath = ctx.c.mint(`id/document/${did}`, d.get('id'));
        ctx.c.entities.push({ kind: 'document', id: did, path: docPath, name: dname, also: [], names: {}, at: d.get('id') });
        const Doc = path(docPath);
        stmts.push(
          { s: D, p: OTS.adopts, o: Doc },
          { s: Doc, p: RDF_.type, o: iri(dtype === 'flag' ? OTS.Flag : OTS.Document) },
          { s: Doc, p: RDFS.label, o: lit(dname) },
          { s: Doc, p: OTS.adoptedAt, o: ctx.S },
        );
      }
      const des = v.get('designates');
      if (des.present && des.mapping()) {
        des.keys(['place', 'title', 'year']);
        stmts.push({ s: D, p: RDF_.type, o: iri(OTS.Designation) });
        push(stmts, D, OTS.designatedPlace, ref(des.get('place'), ['city', 'state'], true));
        push(stmts, D, OTS.designationTitle, text(des.get('title'), true));
        push(stmts, D, OTS.year, year(des.get('year'), true));
      }
      push(stmts, D, OTS.appoints, text(v.get('appoints')));
      return stmts;
    },
  },

  agreements: {
    fact: 'agreement',
    says: 'type (agreement, memorandum; left out when the source does not say), name, purpose, establishes (in words), bodies (the entities it creates)',
    fields: ['type', 'name', 'purpose', 'establishes', 'bodies'],
    read(ctx, v, id) {
      const ap = sub(ctx, 'agreement', id, v.get('id'));
      ctx.agreements.push(ap);
      const A = path(ap);
      // Without a type the item is an ots:Agreement in the broad sense, of which a memorandum is one kind.
      const type = v.get('type').oneOf(['agreement', 'memorandum'] as const, false);
      const stmts: Statement[] = [
        { s: A, p: RDF_.type, o: iri(type === 'memorandum' ? OTS.MemorandumOfUnderstanding : OTS.Agreement) },
        { s: A, p: OTS.signedAt, o: ctx.S },
        { s: ctx.S, p: OTS.agreement, o: A },
      ];
      push(stmts, A, RDFS.label, text(v.get('name'), true));
      push(stmts, A, OTS.purpose, text(v.get('purpose'), true));
      push(stmts, A, OTS.establishes, text(v.get('establishes')));
      for (const b of refs(v.get('bodies'), ['organization', 'initiative'])) stmts.push({ s: A, p: OTS.establishedBody, o: b });
      return stmts;
    },
  },

  agreements_signed_by: {
    fact: 'agreements',
    says: 'who signed the agreements of the file',
    fields: ['who'],
    one: true,
    fixedId: 'signed-by',
    read(ctx, v) {
      const who = text(v.get('who'), true);
      if (!who) return undefined;
      if (ctx.agreements.length === 0) v.fail("'agreements_signed_by' needs an 'agreements' list in the same file");
      return ctx.agreements.map((ap) => ({ s: path(ap), p: OTS.signedBy, o: who }));
    },
  },

  awards: {
    fact: 'award',
    says: 'award, recipient, proposed_by, reason',
    fields: ['award', 'recipient', 'proposed_by', 'reason'],
    read(ctx, v, id) {
      const W = path(sub(ctx, 'award-conferral', id, v.get('id')));
      const stmts: Statement[] = [
        { s: W, p: RDF_.type, o: iri(OTS.AwardConferral) },
        { s: W, p: OTS.conferredAt, o: ctx.S },
        { s: ctx.S, p: OTS.awardConferral, o: W },
      ];
      const award = ref(v.get('award'), ['award'], true);
      const rec = ref(v.get('recipient'), ['person', 'state', 'organization'], true);
      push(stmts, W, OTS.award, award);
      push(stmts, W, OTS.recipient, rec);
      if (award && rec) stmts.push({ s: W, p: RDFS.label, o: { t: 'label', parts: [award, ' to ', rec] } });
      push(stmts, W, OTS.proposedBy, ref(v.get('proposed_by'), ['person', 'state', 'organization']));
      push(stmts, W, OTS.reason, text(v.get('reason')));
      return stmts;
    },
  },

  press_conferences: {
    fact: 'press-conference',
    says: 'name, speakers, topics',
    fields: ['name', 'speakers', 'topics'],
    read(ctx, v, id) {
      const P = path(sub(ctx, 'press-conference', id, v.get('id')));
      const stmts: Statement[] = [
        { s: P, p: RDF_.type, o: iri(OTS.PressConference) },
        { s: P, p: OTS.follows, o: ctx.S },
      ];
      push(stmts, P, RDFS.label, text(v.get('name'), true));
      for (const item of v.get('speakers').items(true)) push(stmts, P, OTS.speaker, ref(item, ['person'], true));
      for (const t of texts(v.get('topics'))) stmts.push({ s: P, p: OTS.topic, o: t });
      return stmts;
    },
  },

  chairmanship: {
    fact: 'chairmanship',
    says: 'the chairmanship passed on at the summit: from (when the sources say), to',
    fields: ['from', 'to'],
    one: true,
    read(ctx, v, id) {
      const T = path(sub(ctx, 'chairmanship-transfer', id, v.get('id')));
      const stmts: Statement[] = [
        { s: T, p: RDF_.type, o: iri(OTS.ChairmanshipTransfer) },
        { s: ctx.S, p: OTS.chairmanshipTransfer, o: T },
      ];
      // The state that handed over is optional: some sources name only the new chair.
      const from = ref(v.get('from'), ['state']);
      const to = ref(v.get('to'), ['state'], true);
      push(stmts, T, OTS.fromChair, from);
      push(stmts, T, OTS.toChair, to);
      if (to) stmts.push({ s: T, p: RDFS.label, o: { t: 'label', parts: from ? ['Chairmanship passed from ', from, ' to ', to] : ['Chairmanship passed to ', to] } });
      return stmts;
    },
  },

  plans: {
    fact: 'plan',
    says: 'what the summit announced of a next one: kind, country, year (when announced), realized_by (the summit that took place)',
    fields: ['kind', 'country', 'year', 'realized_by'],
    read(ctx, v, id) {
      const lp = sub(ctx, 'plan', id, v.get('id'));
      ctx.plans.set(id, lp);
      const L = path(lp);
      const pk = v.get('kind').oneOf(['regular', 'informal'] as const);
      const stmts: Statement[] = [
        { s: L, p: RDF_.type, o: iri(OTS.SummitPlan) },
        { s: L, p: OTS.announcedAt, o: ctx.S },
        { s: ctx.S, p: OTS.summitPlan, o: L },
      ];
      if (pk) stmts.push({ s: L, p: OTS.plannedKind, o: iri(pk === 'regular' ? OTS.RegularSummitKind : OTS.InformalSummitKind) });
      const country = ref(v.get('country'), ['state'], true);
      // The year is optional: some announcements name only the host country.
      const y = v.get('year').year(false);
      push(stmts, L, OTS.plannedCountry, country);
      if (y !== undefined) stmts.push({ s: L, p: OTS.plannedYear, o: typed(String(y), XSD.gYear) });
      if (pk && country) stmts.push({ s: L, p: RDFS.label, o: { t: 'label', parts: [`Next ${pk} summit, planned in `, country, y !== undefined ? ` in ${y}` : ''] } });
      push(stmts, L, OTS.realizedBy, summitRef(v.get('realized_by')));
      return stmts;
    },
  },
  declarations: {
    fact: 'declaration',
    says: 'name, description, signed_by, announces (in words), plans (ids of plans below it announces), creates (entities it creates); `of:` adds to a declaration above',
    fields: ['name', 'description', 'signed_by', 'of', 'announces', 'plans', 'creates'],
    read(ctx, v, id) {
      const ofV = v.get('of');
      const stmts: Statement[] = [];
      let X: Subj & Obj;
      if (ofV.present) {
        const of = ofV.id();
        const target = of ? ctx.declared.get(of) : undefined;
        if (of && !target) ofV.fail(`no declaration '${of}' above in this file`, `declared here: ${[...ctx.declared.keys()].join(', ') || 'none'}`);
        if (!target) return undefined;
        X = path(target);
      } else {
        const xp = sub(ctx, 'declaration', id, v.get('id'));
        ctx.declared.set(id, xp);
        X = path(xp);
        stmts.push({ s: X, p: RDF_.type, o: iri(OTS.Declaration) }, { s: X, p: OTS.adoptedAt, o: ctx.S }, { s: ctx.S, p: OTS.declaration, o: X });
        push(stmts, X, RDFS.label, text(v.get('name'), true));
      }
      push(stmts, X, DCT.description, text(v.get('description')));
      push(stmts, X, OTS.signedBy, text(v.get('signed_by')));
      for (const a of texts(v.get('announces'))) stmts.push({ s: X, p: OTS.announces, o: a });
      const plansV = v.get('plans');
      for (const pid of plansV.strings()) {
        const plan = ctx.plans.get(pid);
        if (plan) stmts.push({ s: X, p: OTS.announcesPlan, o: path(plan) });
        else plansV.fail(`no plan '${pid}' in this file`, `plans: ${[...ctx.plans.keys()].join(', ') || 'none'}`);
      }
      for (const b of refs(v.get('creates'), ['organization', 'initiative'])) stmts.push({ s: X, p: OTS.establishedBody, o: b });
      return stmts;
    },
  },
};

const HEADER_FIELDS = ['id', 'kind', 'name', 'official_name', 'ordinal', 'date', 'date_evidence', 'online', 'city', 'country', 'venue', 'organization', 'council', 'previous', 'theme', 'evidence'];

/** The header's references: field, predicate, kinds, required. */
const HEADER_REFS: ReadonlyArray<readonly [string, string, readonly EntityKind[], boolean]> = [
  ['city', SCHEMA.location, ['city'], true],
  ['country', OTS.hostCountry, ['state'], true],
  ['venue', OTS.venue, ['venue'], false],
  ['organization', OTS.organizedBy, ['organization'], true],
  ['council', OTS.meetingOf, ['council'], false],
];

const ONLINE_HAS_NONE = ['city', 'country', 'venue'];

export function parseSummit(f: ParsedFile, c: Collector, stem: string): void {
  const root = f.root;
  if (!root.mapping()) return;
  root.keys(['summit', ...Object.keys(SUMMIT_SECTIONS)]);
  const sv = root.get('summit');
  const since = c.issues.size;
  if (!sv.mapping()) return;
  sv.keys(HEADER_FIELDS);
  const id = sv.get('id').id();
  const kind = sv.get('kind').oneOf(['regular', 'extraordinary', 'informal'] as const);
  const online = sv.get('online').bool() === true;
  const name = sv.get('name').str();
  const official = sv.get('official_name').optStr();
  const ordinal = whole(sv.get('ordinal'), kind === 'regular', 1);
  const day = date(sv.get('date'), true);
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
  if (official) st.push({ s: S, p: OTS.officialName, o: lit(official) });
  push(st, S, OTS.ordinal, ordinal);
  // The date may carry its own evidence (`date_evidence`): it is then a fact of its own, so a query can count the
  // sources of the date alone.
  const dateEv = sv.get('date_evidence');
  if (!dateEv.present) push(st, S, SCHEMA.startDate, day);
  for (const [key, p, kinds, required] of HEADER_REFS) {
    const at = sv.get(key);
    // A summit held online has no city, country or venue.
    if (online && ONLINE_HAS_NONE.includes(key)) {
      if (at.present) at.fail(`a summit held online has no ${key}`, "drop it, or drop 'online: true'");
      continue;
    }
    push(st, S, p, ref(at, kinds, required));
  }
  push(st, S, OTS.theme, text(sv.get('theme')));
  const prev = summitRef(sv.get('previous'));
  if (prev) st.push({ s: S, p: OTS.previousSummit, o: prev }, { s: prev as Subj, p: OTS.nextSummit, o: S });
  c.addFact(`fact/${stem}/summit`, sv.get('id'), evidence, st, f.file, since);
  if (dateEv.present) {
    const dateSince = c.issues.size;
    const ev = evidenceOf(sv, true, 'date_evidence');
    if (day) c.addFact(`fact/${stem}/summit-date`, dateEv, ev, [{ s: S, p: SCHEMA.startDate, o: day }], f.file, dateSince);
  }

  const headerIncomplete = c.issues.size > since;
  readSections(root, SUMMIT_SECTIONS, { c, file: f.file, stem, sp, S, name, headerIncomplete, ...(day ? { date: day } : {}), agreements: [], declared: new Map(), plans: new Map() });
}
