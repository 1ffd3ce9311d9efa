// data/organisation.yaml: the organisation over time. The `organization:` header names the organisation (an entity);
// the sections of ORGANISATION_SECTIONS say what happened to it: its founding and renaming, memberships and observer
// statuses with their dates, the chairmanship as it passed, office terms, titles, and the points the sources dispute.
import { OTS, ORG, RDF_, RDFS, SCHEMA, SKOS, TIME, XSD } from '../vocab.js';
import type { EvidenceRef, Obj, Statement, Subj } from './model.js';
import { claimSources, iri, lit, path, ref, refs, summitRef, text, typed, whole } from './fields.js';
import type { ParsedFile, Value } from './reader.js';
import { readSections, type Collector, type FileContext, type SectionTable } from './section.js';

export interface OrganisationContext extends FileContext {
  /** The organisation, as an entity reference. */
  readonly org: Obj & Subj;
  /** Paths of the events of this file, by item id (for `granted_by`). */
  readonly events: Map<string, string>;
  /** Position of the next chairmanship (1-based). */
  chairs: number;
}

const push = (stmts: Statement[], s: Subj, p: string, o: Obj | undefined): void => {
  if (o !== undefined) stmts.push({ s, p, o });
};

/** A day (YYYY-MM-DD, xsd:date) or, where the sources give only the year, a year (xsd:gYear). */
export function dayOrYear(v: Value, required = false): Obj | undefined {
  if (v.present && v.isNumber()) {
    const y = v.year(true);
    return y === undefined ? undefined : typed(String(y), XSD.gYear);
  }
  const d = v.date(required);
  return d === undefined ? undefined : typed(d, XSD.date);
}

/** A time:Interval with a beginning (and an end when known), for org:memberDuring. */
function interval(stmts: Statement[], at: string, start: Obj | undefined, end: Obj | undefined): Obj & Subj {
  const I = path(`${at}/during`);
  stmts.push({ s: I, p: RDF_.type, o: iri(TIME.Interval) });
  for (const [p, point, key] of [
    [TIME.hasBeginning, start, 'start'],
    [TIME.hasEnd, end, 'end'],
  ] as const) {
    if (!point || point.t !== 'literal' || point.datatype !== XSD.date) continue;
    const T = path(`${at}/during/${key}`);
    stmts.push({ s: I, p, o: T }, { s: T, p: RDF_.type, o: iri(TIME.Instant) }, { s: T, p: TIME.inXSDDate, o: point });
  }
  return I;
}

/** How a claim stands: the variant the graph states as fact, one better sources contradict, one no source confirms, or another account the graph neither states nor dismisses. */
const CLAIM_STATUS = { accepted: OTS.Accepted, contradicted: OTS.Contradicted, unconfirmed: OTS.Unconfirmed, alternative: OTS.Alternative } as const;
export const CLAIM_STATUSES = Object.keys(CLAIM_STATUS) as Array<keyof typeof CLAIM_STATUS>;
export const claimStatusConcept = (s: keyof typeof CLAIM_STATUS): string => CLAIM_STATUS[s];

export const ORGANISATION_SECTIONS: SectionTable<OrganisationContext> = {
  events: {
    fact: 'event',
    says: 'the founding or the renaming: kind (founding, renaming), name, date, place, summit, document, signatories, former_name, new_name',
    fields: ['kind', 'name', 'date', 'place', 'summit', 'document', 'signatories', 'former_name', 'new_name'],
    read(ctx, v, id) {
      const ep = ctx.c.mint(`id/event/${id}`, v.get('id'));
      ctx.events.set(id, ep);
      const E = path(ep);
      const kind = v.get('kind').oneOf(['founding', 'renaming'] as const);
      const stmts: Statement[] = [
        { s: E, p: RDF_.type, o: iri(OTS.OrganizationEvent) },
        { s: E, p: OTS.concerns, o: ctx.org },
      ];
      if (kind) stmts.push({ s: E, p: RDF_.type, o: iri(kind === 'founding' ? OTS.FoundingEvent : OTS.RenamingEvent) });
      push(stmts, E, RDFS.label, text(v.get('name'), true));
      push(stmts, E, SCHEMA.startDate, dayOrYear(v.get('date'), true));
      push(stmts, E, SCHEMA.location, ref(v.get('place'), ['city']));
      push(stmts, E, OTS.atSummit, summitRef(v.get('summit')));
      push(stmts, E, OTS.formerName, text(v.get('former_name'), kind === 'renaming'));
      push(stmts, E, OTS.newName, text(v.get('new_name'), kind === 'renaming'));
      const doc = v.get('document');
      if (doc.present && doc.mapping()) {
        doc.keys(['id', 'name']);
        const did = doc.get('id').id();
        const dname = doc.get('name').str();
        if (did && dname) {
          const dp = ctx.c.mint(`id/document/${did}`, doc.get('id'));
          ctx.c.entities.push({ kind: 'document', id: did, path: dp, name: dname, also: [], names: {}, at: doc.get('id') });
          const D = path(dp);
          stmts.push({ s: E, p: OTS.foundingDocument, o: D }, { s: D, p: RDF_.type, o: iri(OTS.Document) }, { s: D, p: RDFS.label, o: lit(dname) });
          for (const st of refs(v.get('signatories'), ['state'])) stmts.push({ s: D, p: OTS.signatory, o: st });
        }
      } else if (v.get('signatories').present) v.get('signatories').fail("'signatories' sign a 'document': add the document this event signed");
      return stmts;
    },
  },

  memberships: {
    fact: 'membership',
    says: 'a state (or organisation) as member or observer: state or organization, role (member, observer), from, granted_at (a summit) or granted_by (an event above)',
    fields: ['state', 'organization', 'role', 'from', 'granted_at', 'granted_by'],
    read(ctx, v, id) {
      const mp = ctx.c.mint(`id/membership/${ctx.stem === 'organisation' ? 'ots' : ctx.stem}/${id}`, v.get('id'));
      const M = path(mp);
      const role = v.get('role').oneOf(['member', 'observer'] as const);
      const stateV = v.get('state');
      const orgV = v.get('organization');
      if (stateV.present && orgV.present) v.fail("a membership is of either a 'state' or an 'organization', not both");
      const who = orgV.present && !stateV.present ? ref(orgV, ['organization']) : ref(stateV, ['state'], true);
      const start = dayOrYear(v.get('from'), true);
      const stmts: Statement[] = [
        { s: M, p: RDF_.type, o: iri(OTS.Membership) },
        { s: M, p: ORG.organization, o: ctx.org },
        { s: ctx.org, p: OTS.membership, o: M },
      ];
      push(stmts, M, ORG.member, who);
      if (role) stmts.push({ s: M, p: ORG.role, o: iri(role === 'member' ? OTS.MemberRole : OTS.ObserverRole) });
      push(stmts, M, SCHEMA.startDate, start);
      stmts.push({ s: M, p: ORG.memberDuring, o: interval(stmts, mp, start, undefined) });
      if (who && role) {
        stmts.push({ s: M, p: RDFS.label, o: { t: 'label', parts: [who, ` (${role} of the `, ctx.org, ')'] } });
        // Only members are ORG members: an observer has a membership record with the observer role, never org:hasMember.
        if (role === 'member') stmts.push({ s: ctx.org, p: OTS.hasMemberState, o: who });
        else if (!orgV.present) stmts.push({ s: ctx.org, p: OTS.hasObserverState, o: who });
      }
      push(stmts, M, OTS.grantedAt, summitRef(v.get('granted_at')));
      const by = v.get('granted_by');
      if (by.present) {
        const eid = by.id();
        const ep = eid ? ctx.events.get(eid) : undefined;
        if (eid && !ep) by.fail(`no event '${eid}' in the events of this file`, `events: ${[...ctx.events.keys()].join(', ') || 'none'}`);
        if (ep) stmts.push({ s: M, p: OTS.grantedBy, o: path(ep) });
      }
      return stmts;
    },
  },

  chairmanship: {
    fact: 'chairmanship',
    says: 'the chairmanship-in-office, in order: state, from, from_summit, until, until_summit',
    fields: ['state', 'from', 'from_summit', 'until', 'until_summit'],
    read(ctx, v, id) {
      const C = path(ctx.c.mint(`id/chairmanship/${id}`, v.get('id')));
      const state = ref(v.get('state'), ['state'], true);
      const stmts: Statement[] = [
        { s: C, p: RDF_.type, o: iri(OTS.Chairmanship) },
        { s: C, p: OTS.ordinal, o: typed(String(ctx.chairs++), XSD.integer) },
      ];
      push(stmts, C, OTS.chair, state);
      push(stmts, C, SCHEMA.startDate, dayOrYear(v.get('from'), true));
      push(stmts, C, OTS.startedAt, summitRef(v.get('from_summit')));
      push(stmts, C, SCHEMA.endDate, dayOrYear(v.get('until')));
      push(stmts, C, OTS.endedAt, summitRef(v.get('until_summit')));
      if (state) stmts.push({ s: C, p: RDFS.label, o: { t: 'label', parts: ['Chairmanship of ', state] } });
      return stmts;
    },
  },

  offices: {
    fact: 'office',
    says: 'a person in an office: person, title, of (the organisation or state), number, from, from_summit, until, until_summit, attested_on',
    fields: ['person', 'title', 'of', 'number', 'from', 'from_summit', 'until', 'until_summit', 'attested_on'],
    read(ctx, v, id) {
      const T = path(ctx.c.mint(`id/office-term/${id}`, v.get('id')));
      return officeTerm(T, v, { from: dayOrYear(v.get('from')), fromSummit: summitRef(v.get('from_summit')), attestedOn: dayOrYear(v.get('attested_on')) }, [
        ...optional(T, SCHEMA.endDate, dayOrYear(v.get('until'))),
        ...optional(T, OTS.endedAt, summitRef(v.get('until_summit'))),
        ...optional(T, OTS.ordinal, whole(v.get('number'), false, 1)),
      ]);
    },
  },

  headquarters: {
    fact: 'headquarters',
    says: "the organisation's seat: place",
    fields: ['place'],
    one: true,
    fixedId: 'seat',
    read(ctx, v) {
      const place = ref(v.get('place'), ['city'], true);
      return place ? [{ s: ctx.org, p: OTS.headquarters, o: place }] : undefined;
    },
  },

  related_bodies: {
    fact: 'related-body',
    says: 'a Turkic cooperation organisation related to this one: body, headquarters, founded, founded_at (a summit)',
    fields: ['body', 'headquarters', 'founded', 'founded_at'],
    read(ctx, v) {
      const body = ref(v.get('body'), ['organization'], true) as (Obj & Subj) | undefined;
      if (!body) return undefined;
      const stmts: Statement[] = [{ s: ctx.org, p: OTS.relatedBody, o: body }];
      push(stmts, body, OTS.headquarters, ref(v.get('headquarters'), ['city']));
      push(stmts, body, SCHEMA.foundingDate, dayOrYear(v.get('founded')));
      push(stmts, body, OTS.foundedAt, summitRef(v.get('founded_at')));
      if (stmts.length === 1) v.fail('this item says nothing of the body but its relation', 'add headquarters, founded or founded_at, or drop the item');
      return stmts;
    },
  },

  titles: {
    fact: 'title',
    says: 'a title the organisation gives: title, person or place, year, decided_at (a summit), note',
    fields: ['title', 'person', 'place', 'year', 'decided_at', 'note'],
    read(ctx, v, id) {
      const D = path(ctx.c.mint(`id/designation/${id}`, v.get('id')));
      const stmts: Statement[] = [{ s: D, p: RDF_.type, o: iri(OTS.Designation) }];
      const title = text(v.get('title'), true);
      push(stmts, D, OTS.designationTitle, title);
      const personV = v.get('person');
      const placeV = v.get('place');
      if (personV.present === placeV.present) v.fail("a title goes to either a 'person' or a 'place'", 'write one of the two');
      const who = personV.present ? ref(personV, ['person']) : ref(placeV, ['city', 'state']);
      push(stmts, D, personV.present ? OTS.designatedPerson : OTS.designatedPlace, who);
      const y = v.get('year').year(false);
      if (y !== undefined) stmts.push({ s: D, p: OTS.year, o: typed(String(y), XSD.gYear) });
      push(stmts, D, OTS.designatedAt, summitRef(v.get('decided_at')));
      push(stmts, D, SKOS.note, text(v.get('note')));
      if (who && title) stmts.push({ s: D, p: RDFS.label, o: { t: 'label', parts: [who, ': ', title] } });
      return stmts;
    },
  },

  disputes: {
    fact: 'dispute',
    says: 'a point the sources dispute: question, about, resolution (which variant the graph takes and why), variants (statement, status, note, sources, contradicted_by)',
    fields: ['question', 'about', 'resolution', 'variants'],
    evidence: false,
    read(ctx, v, id) {
      const dp = ctx.c.mint(`id/dispute/${id}`, v.get('id'));
      return disputedPoint(ctx.c, dp, v);
    },
  },
};

const optional = (s: Subj, p: string, o: Obj | undefined): Statement[] => (o === undefined ? [] : [{ s, p, o }]);

/**
 * The statements of an office term: who (person), the office's title and what it is an office of, and when: from a
 * start date or summit, or, when no source gives the start, the date a source shows the person in office.
 */
export function officeTerm(T: Subj & Obj, v: Value, when: { from?: Obj; fromSummit?: Obj; attestedOn?: Obj; attestedAt?: Obj }, more: Statement[]): Statement[] {
  const person = ref(v.get('person'), ['person'], true);
  const title = text(v.get('title'), true);
  const stmts: Statement[] = [{ s: T, p: RDF_.type, o: iri(OTS.OfficeTerm) }];
  push(stmts, T, OTS.holder, person);
  push(stmts, T, OTS.officeTitle, title);
  const ofV = v.get('of');
  if (ofV.present) push(stmts, T, OTS.officeOf, ref(ofV, ['organization', 'state']));
  push(stmts, T, SCHEMA.startDate, when.from);
  push(stmts, T, OTS.startedAt, when.fromSummit);
  push(stmts, T, OTS.attestedOn, when.attestedOn);
  push(stmts, T, OTS.attestedAt, when.attestedAt);
  if (!when.from && !when.fromSummit && !when.attestedOn) v.fail('an office term needs a date: from, from_summit or attested_on', 'give the start a source states, or the date a source shows the person in office');
  if (person && title && title.t === 'literal') stmts.push({ s: T, p: RDFS.label, o: { t: 'label', parts: [person, `, ${title.value}`] } });
  return [...stmts, ...more];
}

/** A disputed point and its variants, each an ots:Claim with its sources and status; the fact's evidence is every source named. */
export function disputedPoint(c: Collector, dp: string, v: Value): { statements: Statement[]; evidence: EvidenceRef[] } {
  const P = path(dp);
  const stmts: Statement[] = [{ s: P, p: RDF_.type, o: iri(OTS.Dispute) }];
  push(stmts, P, RDFS.label, text(v.get('question'), true));
  push(stmts, P, OTS.resolution, text(v.get('resolution'), true));
  const about = v.get('about');
  if (about.present) push(stmts, P, OTS.disputeAbout, ref(about, ['state', 'organization', 'person', 'city']));
  const evidence: EvidenceRef[] = [];
  let taken = 0;
  const variants = v.get('variants').items(true);
  for (const x of variants) {
    if (!x.mapping()) continue;
    x.keys(['id', 'statement', 'status', 'note', 'sources', 'contradicted_by']);
    const vid = x.get('id').id();
    const status = x.get('status').oneOf(CLAIM_STATUSES);
    if (status === 'accepted') taken++;
    if (!vid) continue;
    const C = path(c.mint(`${dp}/claim/${vid}`, x.get('id')));
    stmts.push({ s: C, p: RDF_.type, o: iri(OTS.Claim) }, { s: P, p: OTS.variant, o: C });
    push(stmts, C, RDFS.label, text(x.get('statement'), true));
    if (status) stmts.push({ s: C, p: OTS.claimStatus, o: iri(CLAIM_STATUS[status]) });
    push(stmts, C, SKOS.note, text(x.get('note')));
    // A contradicted variant names the sources that state otherwise.
    evidence.push(...claimSources(stmts, C, x, status === 'contradicted').evidence);
  }
  if (variants.length > 0 && variants.length < 2) v.get('variants').fail('a disputed point has at least two variants', 'add the variant the other sources give');
  if (taken > 1) v.get('variants').fail(`${taken} variants are accepted as fact; at most one may be`, "mark the others 'contradicted', 'unconfirmed' or 'alternative'");
  return { statements: stmts, evidence };
}

export function parseOrganisation(f: ParsedFile, c: Collector, stem: string): void {
  const root = f.root;
  if (!root.mapping()) return;
  root.keys(['organization', ...Object.keys(ORGANISATION_SECTIONS)]);
  const org = ref(root.get('organization'), ['organization'], true) as (Obj & Subj) | undefined;
  if (!org) return;
  readSections(root, ORGANISATION_SECTIONS, { c, file: f.file, stem, org, events: new Map(), chairs: 1 });
}
