// The built graph: coverage of what the article states, one IRI per real-world entity, repaired text, Wikidata links, provenance, determinism.
import type * as RDF from '@rdfjs/types';
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../src/build.js';
import { buildCompleteGraph, completeDataCopy } from './helpers/standin-summits.js';
import { repairEncoding } from '../src/facts/text.js';
import { Store } from '../src/rdf.js';
import { NS, OTS, OWL, PROV, RDFS, SKOS } from '../src/vocab.js';

const BASE = 'https://w3id.org/ots-kg/';
const id = (p: string): string => BASE + p;

let quads: readonly RDF.Quad[];
let store: InstanceType<typeof Store>;

beforeAll(async () => {
  quads = (await buildCompleteGraph(BASE)).quads;
  store = new Store(quads.filter((q) => q.graph.termType === 'DefaultGraph') as RDF.Quad[]);
});

const objects = (s: string, p: string): string[] => store.getObjects(s, p, null).map((o) => o.value).sort();
const subjects = (p: string, o: string): string[] => store.getSubjects(p, o, null).map((s) => s.value).sort();

describe('the graph states what the article states', () => {
  const summit = id('id/event/2024-bishkek');
  it.each([
    ['its name', RDFS.label, ['2024 Organization of Turkic States summit']],
    ['its official name', OTS.officialName, ['11th Meeting of the Council of Heads of State of the Organization of Turkic States summit']],
    ['its ordinal', OTS.ordinal, ['11']],
    ['its date', `${NS.schema}startDate`, ['2024-11-06']],
    ['its city', `${NS.schema}location`, [id('id/place/bishkek')]],
    ['its host country', OTS.hostCountry, [id('id/state/kyrgyzstan')]],
    ['its host', OTS.host, [id('id/person/sadyr-japarov')]],
    ['its theme', OTS.theme, ['Empowering the Turkic World: Economic Integration, Sustainable Development, Digital Future, and Security for All']],
  ])('the summit has %s', (_what, p, expected) => {
    expect(objects(summit, p)).toEqual(expected);
  });

  it.each([
    ['five key decisions', OTS.decision, 5],
    ['six agreements and memoranda', OTS.agreement, 6],
    ['eleven participations (eight states, the Secretariat, the Council of Elders, the Turkic cooperation organisations)', OTS.participation, 11],
    ['one chairmanship transfer', OTS.chairmanshipTransfer, 1],
    ['one declaration', OTS.declaration, 1],
    ['two plans for the next summits', OTS.summitPlan, 2],
    ['three claims (who represented Turkmenistan; two wordings of the theme)', OTS.claim, 3],
    ['two awards conferred', OTS.awardConferral, 2],
  ])('the summit has %s', (_what, p, n) => {
    expect(objects(summit, p)).toHaveLength(n);
  });

  it('the pre-summit Council of Foreign Ministers meeting precedes the summit and says what it did', () => {
    const [m] = subjects(OTS.precedes, summit);
    expect(m).toBeDefined();
    expect(objects(m!, OTS.meetingOf)).toEqual([id('id/organization/council-of-foreign-ministers')]);
    expect(objects(m!, OTS.purpose)).toContain('finalize documents for the Heads of State to sign');
  });

  it('the award names who proposed it, who received it and what for', () => {
    const c = id('id/event/2024-bishkek/award-conferral/orban-supreme-order');
    expect(objects(c, OTS.proposedBy)).toEqual([id('id/person/sadyr-japarov')]);
    expect(objects(c, OTS.recipient)).toEqual([id('id/person/viktor-orban')]);
    expect(objects(c, OTS.award)).toEqual([id('id/award/supreme-order-of-turkic-world')]);
    expect(objects(c, OTS.reason)).toEqual(['for his role in promoting unity within the Turkic World']);
  });

  it('the chairmanship passed from Kazakhstan to Kyrgyzstan', () => {
    const t = id('id/event/2024-bishkek/chairmanship-transfer/transfer');
    expect(objects(t, OTS.fromChair)).toEqual([id('id/state/kazakhstan')]);
    expect(objects(t, OTS.toChair)).toEqual([id('id/state/kyrgyzstan')]);
  });

  it('the press conference names both speakers', () => {
    expect(objects(id('id/event/2024-bishkek/press-conference/closing'), OTS.speaker)).toEqual([id('id/person/jeenbek-kulubaev'), id('id/person/kubanychbek-omuraliev')]);
  });

  it('the next summits are kept as stated (country and year) and linked to the events that took place', () => {
    const regular = id('id/event/2024-bishkek/plan/next-regular');
    expect(objects(regular, OTS.plannedCountry)).toEqual([id('id/state/azerbaijan')]);
    expect(objects(regular, OTS.plannedYear)).toEqual(['2025']);
    expect(objects(regular, OTS.realizedBy)).toEqual([id('id/event/2025-gabala')]);
    expect(objects(id('id/event/2024-bishkek/plan/next-informal'), OTS.realizedBy)).toEqual([id('id/event/2025-budapest')]);
  });

  it('Bishkek is designated Digital Capital of the Turkic World for 2025, typed as a year', () => {
    const d = id('id/event/2024-bishkek/decision/digital-capital');
    expect(objects(d, OTS.designatedPlace)).toEqual([id('id/place/bishkek')]);
    const [year] = store.getObjects(d, OTS.year, null);
    expect(year?.termType === 'Literal' && year.datatype.value).toBe(`${NS.xsd}gYear`);
  });

  it('the neighbouring summits link previous and next, whatever their kind', () => {
    expect(objects(id('id/event/2024-shusha'), OTS.nextSummit)).toEqual([summit]);
    expect(objects(summit, OTS.previousSummit)).toEqual([id('id/event/2024-shusha')]);
    expect(objects(summit, OTS.nextSummit)).toEqual([id('id/event/2025-budapest')]);
  });

  it('all summits form one chain of previous and next in order of date', () => {
    const summits = store.getSubjects(`${NS.rdf}type`, OTS.Summit, null).map((t) => t.value);
    const dateOf = (s: string): string => store.getObjects(s, `${NS.schema}startDate`, null)[0]?.value ?? '';
    const byDate = [...summits].sort((a, b) => dateOf(a).localeCompare(dateOf(b)));
    const first = summits.filter((s) => objects(s, OTS.previousSummit).length === 0);
    expect(first).toEqual([byDate[0]]);
    const chain: string[] = [first[0]!];
    for (let next = objects(chain[0]!, OTS.nextSummit); next.length > 0; next = objects(chain[chain.length - 1]!, OTS.nextSummit)) chain.push(next[0]!);
    expect(chain).toEqual(byDate);
    expect(chain.length).toBe(17);
  });
});

describe('one real-world entity has one IRI whatever the spelling', () => {
  it.each([
    ['Sadyr Japarov / Sadyr Zhaparov', 'id/person/sadyr-japarov', 'Sadyr Zhaparov'],
    ['Kubanychbek / Kubanchbek Omuraliev', 'id/person/kubanychbek-omuraliev', 'Kubanchbek Omuraliev'],
    ['Kyrgyzstan / Kyrgyz Republic', 'id/state/kyrgyzstan', 'Kyrgyz Republic'],
    ['Jeenbek Kulubaev / Kulubayev', 'id/person/jeenbek-kulubaev', 'Jeenbek Kulubayev'],
  ])('%s: both spellings name the one IRI, the other as an alternative label', (_n, path, alt) => {
    expect(objects(id(path), SKOS.altLabel)).toContain(alt);
    const named = (name: string): string[] =>
      [...new Set([...store.getSubjects(RDFS.label, null, null), ...store.getSubjects(SKOS.altLabel, null, null)].map((t) => t.value))].filter((s) =>
        [...objects(s, RDFS.label), ...objects(s, SKOS.altLabel)].includes(name),
      );
    const preferred = store.getObjects(id(path), RDFS.label, null).find((o) => o.termType === 'Literal' && o.language === 'en')?.value ?? '';
    expect(named(alt)).toEqual([id(path)]);
    expect(named(preferred)).toEqual([id(path)]);
    // No second IRI was minted from the variant spelling.
    const variantSlug = alt.toLowerCase().replace(/[^a-z]+/g, '-');
    expect(store.getSubjects(null, null, null).some((t) => t.value.endsWith(`/${variantSlug}`))).toBe(false);
  });

  it('the award, written with "Zhaparov" in the article, is proposed by the same person who hosted', () => {
    const host = objects(id('id/event/2024-bishkek'), OTS.host);
    expect(objects(id('id/event/2024-bishkek/award-conferral/orban-supreme-order'), OTS.proposedBy)).toEqual(host);
  });
});

describe('text repair', () => {
  it('the article really holds the damage the build repairs', async () => {
    const article = await readFile('data/source/2024-ots-summit.txt', 'utf8');
    expect(article).toContain('Orb√°n');
    expect(repairEncoding('Viktor Orb√°n')).toBe('Viktor Orbán');
  });

  it('no literal in the graph carries encoding damage', () => {
    const damaged = quads.filter((q) => q.object.termType === 'Literal' && repairEncoding(q.object.value) !== q.object.value);
    expect(damaged.map((q) => q.object.value)).toEqual([]);
    expect(quads.some((q) => q.object.value.includes('√'))).toBe(false);
  });

  it('the quote behind the award is published repaired', () => {
    const quotes = store.getSubjects(null, OTS.Quote, null).flatMap((q) => store.getObjects(q, OTS.exact, null)).map((o) => o.value);
    expect(quotes.some((q) => q.includes('Hungarian Prime Minister Viktor Orbán was awarded'))).toBe(true);
  });
});

describe('links to Wikidata', () => {
  it('every identifier in the reference file is linked, and nothing else', () => {
    const links = store.getQuads(null, OWL.sameAs, null, null).map((q) => `${q.subject.value.replace(BASE, '')} ${q.object.value.replace('http://www.wikidata.org/entity/', '')}`).sort();
    expect(links).toEqual(
      [
        'id/organization/ots Q596850',
        'id/state/kyrgyzstan Q813',
        'id/place/bishkek Q9361',
        'id/state/kazakhstan Q232',
        'id/state/azerbaijan Q227',
        'id/state/turkey Q43',
        'id/state/uzbekistan Q265',
        'id/state/hungary Q28',
        'id/state/turkmenistan Q874',
        'id/state/northern-cyprus Q23681',
        'id/person/sadyr-japarov Q25597826',
        'id/person/ilham-aliyev Q57371',
        'id/person/kassym-jomart-tokayev Q200881',
        'id/person/recep-tayyip-erdogan Q39259',
        'id/person/shavkat-mirziyoyev Q57808',
        'id/person/viktor-orban Q57641',
        'id/person/jeenbek-kulubaev Q111744930',
        'id/person/serdar-berdimuhamedov Q51874548',
        'id/person/gurbanguly-berdimuhamedov Q57530',
      ].sort(),
    );
  });

  it.each(['id/person/ersin-tatar', 'id/person/kubanychbek-omuraliev', 'id/person/nury-golliyev', 'id/event/2024-bishkek', 'id/award/supreme-order-of-turkic-world', 'id/organization/council-of-elders'])(
    '%s has no confirmed identifier and gets no link',
    (p) => {
      expect(objects(id(p), OWL.sameAs)).toEqual([]);
    },
  );
});

describe('multilingual labels', () => {
  it.each([
    ['id/organization/ots', 'tr', 'Türk Devletleri Teşkilatı'],
    ['id/organization/ots', 'ky', 'Түрк мамлекеттеринин уюму'],
    ['id/place/bishkek', 'tr', 'Bişkek'],
    ['id/person/viktor-orban', 'hu', 'Orbán Viktor'],
    ['id/person/kassym-jomart-tokayev', 'ru', 'Касым-Жомарт Токаев'],
  ])('%s has the %s label %s', (p, lang, label) => {
    const labels = store.getObjects(id(p), RDFS.label, null).filter((o) => o.termType === 'Literal' && o.language === lang);
    expect(labels.map((l) => l.value)).toEqual([label]);
  });
});

describe('fact-level provenance', () => {
  it('every data statement sits in a fact graph derived from at least one piece of evidence', () => {
    const graphs = new Set(quads.filter((q) => q.graph.termType === 'NamedNode').map((q) => q.graph.value));
    expect(graphs.size).toBeGreaterThan(50);
    for (const g of graphs) {
      expect(store.getObjects(g, PROV.wasDerivedFrom, null).length, g).toBeGreaterThan(0);
      expect(store.getObjects(g, OTS.declaredIn, null).map((o) => o.value)[0], g).toMatch(/^data\/.+\.yaml$/);
    }
  });

  it('every statement of a fact graph is also in the default graph', () => {
    const named = quads.filter((q) => q.graph.termType === 'NamedNode');
    const missing = named.filter((q) => store.countQuads(q.subject, q.predicate, q.object, null) === 0);
    expect(missing).toEqual([]);
  });

  it('a quote records its line, offsets and section, and the offsets point at the text in the stored article', async () => {
    const article = await readFile('data/source/2024-ots-summit.txt', 'utf8');
    const quotes = store.getSubjects(null, OTS.Quote, null);
    expect(quotes.length).toBeGreaterThan(20);
    for (const q of quotes) {
      const one = (p: string): string => store.getObjects(q, p, null)[0]?.value ?? '';
      const start = Number(one(OTS.startOffset));
      const end = Number(one(OTS.endOffset));
      const passage = repairEncoding(article.slice(start, end)).replace(/\*/g, '').replace(/\s+/g, ' ');
      expect(passage, q.value).toBe(one(OTS.exact));
      expect(article.slice(0, start).split('\n').length).toBe(Number(one(OTS.line)));
    }
  });

  it('the disputed claim is marked contradicted, with its source and the better source', () => {
    const c = id('id/event/2024-bishkek/claim/turkmenistan-president-present');
    expect(objects(c, OTS.claimStatus)).toEqual([OTS.Contradicted]);
    expect(objects(c, OTS.claimSource)).toContain(id('evidence/citation/anadolu-agency-family-photo'));
    expect(objects(c, OTS.contradictedBy)).toContain(id('evidence/citation/mfa-turkmenistan-2024-11-07'));
    // The claim is never asserted as a participation.
    const reps = store.getObjects(null, OTS.representative, null).map((o) => o.value);
    expect(reps).not.toContain(id('id/person/serdar-berdimuhamedov'));
  });
});

describe('IRIs', () => {
  it('follow the minting rules under the configured base', async () => {
    const other = await buildCompleteGraph('http://example.org/kg/');
    const minted = new Set(other.quads.flatMap((q) => [q.subject, q.object, q.graph]).filter((t) => t.termType === 'NamedNode' && t.value.startsWith('http://example.org/kg/')).map((t) => t.value));
    expect(minted.size).toBeGreaterThan(100);
    for (const iri of minted) expect(iri).toMatch(/^http:\/\/example\.org\/kg\/(id|fact|evidence|source)\/[a-z0-9-]+(\/[a-z0-9-]+)*$/);
    expect(other.quads.some((q) => q.subject.value.startsWith(BASE))).toBe(false);
  });

  it('are the same from one build to the next, and so is every quad (deterministic)', async () => {
    const again = await buildCompleteGraph(BASE);
    const show = (qs: readonly RDF.Quad[]): string[] => qs.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.termType}:${q.object.value} ${q.graph.value}`);
    expect(show(again.quads)).toEqual(show(quads));
  });
});

describe('the model is general', () => {
  it('a new summit is one more YAML file: it appears in the graph with its facts, no code change', async () => {
    const copy = await completeDataCopy();
    try {
      await copy.write(
        'summits/2031-example.yaml',
        [
          'summit:',
          '  id: 2031-example',
          '  kind: regular',
          '  name: A summit added for this test',
          '  ordinal: 19',
          '  date: 2031-05-20',
          '  city: example-city',
          '  country: uzbekistan',
          '  organization: ots',
          '  council: council-of-heads-of-state',
          '  evidence: [{ cite: test-report }]',
          'participants:',
          '  - { id: uzbekistan, state: uzbekistan, status: host, representative: Shavkat Mirziyoyev, role: President, evidence: [{ cite: test-report }] }',
          '',
        ].join('\n'),
      );
      await copy.edit('entities/places.yaml', (t) => `${t}\n  - { id: example-city, kind: city, name: Example City, in: uzbekistan, evidence: [{ cite: test-report }] }\n`);
      await copy.edit('sources.yaml', (t) => `${t}\n  - { id: test-report, outlet: example.org, date: 2022-11-12 }\n`);
      const g = await buildGraph({ dataDir: copy.dataDir, base: BASE });
      const s = new Store(g.quads.filter((q) => q.graph.termType === 'DefaultGraph') as RDF.Quad[]);
      const summit = id('id/event/2031-example');
      expect(s.getObjects(summit, `${NS.schema}location`, null).map((o) => o.value)).toEqual([id('id/place/example-city')]);
      const [p] = s.getObjects(summit, OTS.participation, null);
      expect(s.getObjects(p!, OTS.representative, null).map((o) => o.value)).toEqual([id('id/person/shavkat-mirziyoyev')]);
      expect(g.quads.some((q) => q.graph.value === id('fact/2031-example/summit'))).toBe(true);
    } finally {
      await copy.remove();
    }
  });
});

describe('the organisation over time', () => {
  const ORG_NS = 'http://www.w3.org/ns/org#';
  const TIME_NS = 'http://www.w3.org/2006/time#';
  const memberships = (): string[] => store.getSubjects(RDF_TYPE, OTS.Membership, null).map((s) => s.value);
  const RDF_TYPE = `${NS.rdf}type`;

  it('every membership is an org:Membership-shaped record with a role, a start and an interval beginning that day', () => {
    expect(memberships().length).toBe(9);
    for (const m of memberships()) {
      expect(objects(m, `${ORG_NS}organization`), m).toEqual([id('id/organization/ots')]);
      expect(objects(m, `${ORG_NS}role`).length, m).toBe(1);
      const [start] = objects(m, `${NS.schema}startDate`);
      const [during] = objects(m, `${ORG_NS}memberDuring`);
      const [begin] = objects(during ?? '', `${TIME_NS}hasBeginning`);
      expect(objects(begin ?? '', `${TIME_NS}inXSDDate`), m).toEqual([start]);
    }
  });

  it('observers are not counted as members: five member roles, four observer roles, and no observer among ots:hasMemberState', () => {
    const byRole = (role: string): string[] => memberships().filter((m) => objects(m, `${ORG_NS}role`).includes(role)).flatMap((m) => objects(m, `${ORG_NS}member`)).sort();
    expect(byRole(OTS.MemberRole)).toEqual(['azerbaijan', 'kazakhstan', 'kyrgyzstan', 'turkey', 'uzbekistan'].map((s) => id(`id/state/${s}`)));
    expect(byRole(OTS.ObserverRole)).toEqual([id('id/organization/eco'), ...['hungary', 'northern-cyprus', 'turkmenistan'].map((s) => id(`id/state/${s}`))]);
    expect(objects(id('id/organization/ots'), OTS.hasMemberState)).toEqual(byRole(OTS.MemberRole));
    for (const o of byRole(OTS.ObserverRole)) expect(objects(id('id/organization/ots'), OTS.hasMemberState)).not.toContain(o);
    // No statement uses org:hasMember itself: a consumer who infers it from ots:hasMemberState gets the members only.
    expect(store.getQuads(null, `${ORG_NS}hasMember`, null, null)).toEqual([]);
  });

  it('the chairmanship passes in order, each step beginning on the day the previous one ends', () => {
    const steps = store.getSubjects(RDF_TYPE, OTS.Chairmanship, null).map((s) => s.value);
    expect(steps.length).toBe(12);
    const ordered = steps.sort((a, b) => Number(objects(a, OTS.ordinal)[0]) - Number(objects(b, OTS.ordinal)[0]));
    for (let i = 1; i < ordered.length; i++) {
      const prev = ordered[i - 1] ?? '';
      const cur = ordered[i] ?? '';
      expect(objects(prev, `${NS.schema}endDate`), cur).toEqual(objects(cur, `${NS.schema}startDate`));
      expect(objects(prev, OTS.endedAt), cur).toEqual(objects(cur, OTS.startedAt));
    }
    // The last one has not ended: no end is stated.
    expect(objects(ordered[11] ?? '', `${NS.schema}endDate`)).toEqual([]);
  });

  it("people's offices are dated only as the sources date them", () => {
    const terms = (person: string): string[] => store.getSubjects(OTS.holder, id(`id/person/${person}`), null).map((t) => t.value);
    // Orbán: no source in data/ gives when he became Prime Minister; the 2024 summit shows him in office on its day.
    const [orban] = terms('viktor-orban');
    expect(objects(orban ?? '', OTS.officeTitle)).toEqual(['Prime Minister of Hungary']);
    expect(objects(orban ?? '', OTS.attestedOn)).toEqual(['2024-11-06']);
    expect(objects(orban ?? '', `${NS.schema}startDate`)).toEqual([]);
    // No person carries an undated job title any more.
    expect(store.getQuads(null, `${NS.schema}jobTitle`, null, null)).toEqual([]);
    // Akıncı's end is not found in the sources: it stays a gap; Hasanov's start is known only as a year.
    const [akinci] = terms('halil-akinci');
    expect(objects(akinci ?? '', `${NS.schema}endDate`)).toEqual([]);
    const [hasanov] = terms('ramil-hasanov');
    expect(store.getObjects(hasanov ?? '', `${NS.schema}startDate`, null).map((o) => (o as RDF.Literal).datatype.value)).toEqual([`${NS.xsd}gYear`]);
  });

  it('the founding and the renaming are events, with the founding document and its signatories', () => {
    const founding = id('id/event/nakhchivan-agreement-signing');
    expect(objects(founding, `${NS.rdf}type`)).toEqual([OTS.FoundingEvent, OTS.OrganizationEvent].sort());
    expect(objects(founding, `${NS.schema}startDate`)).toEqual(['2009-10-03']);
    expect(objects(id('id/document/nakhchivan-agreement'), OTS.signatory)).toEqual(['azerbaijan', 'kazakhstan', 'kyrgyzstan', 'turkey'].map((s) => id(`id/state/${s}`)));
    const renaming = id('id/event/renaming-organization-of-turkic-states');
    expect(objects(renaming, OTS.formerName)).toEqual(['Cooperation Council of Turkic Speaking States']);
    expect(objects(renaming, OTS.atSummit)).toEqual([id('id/event/2021-istanbul')]);
  });

  it('the related Turkic cooperation organisations, with a founding date only where the sources give one', () => {
    const ots = id('id/organization/ots');
    expect(objects(ots, OTS.relatedBody)).toEqual(
      ['turkic-academy', 'turkic-business-council', 'turkic-culture-and-heritage-foundation', 'turkic-investment-fund', 'turkpa', 'turksoy'].map((b) => id(`id/organization/${b}`)),
    );
    expect(objects(id('id/organization/turkpa'), `${NS.schema}foundingDate`)).toEqual(['2008-11-21']);
    expect(objects(id('id/organization/turkic-culture-and-heritage-foundation'), OTS.foundedAt)).toEqual([id('id/event/2012-bishkek')]);
    // Disputed (see the disputes) or staged in the sources: no founding date.
    expect(objects(id('id/organization/turkic-investment-fund'), `${NS.schema}foundingDate`)).toEqual([]);
    expect(objects(id('id/organization/turkic-academy'), `${NS.schema}foundingDate`)).toEqual([]);
    expect(objects(id('id/organization/turkic-investment-fund'), OTS.headquarters)).toEqual([id('id/place/istanbul')]);
  });

  it('every disputed point has its variants, at most one taken as fact, each with its sources', () => {
    const points = store.getSubjects(RDF_TYPE, OTS.Dispute, null).map((s) => s.value);
    expect(points.length).toBe(10);
    for (const p of points) {
      const variants = objects(p, OTS.variant);
      expect(variants.length, p).toBeGreaterThanOrEqual(2);
      expect(variants.filter((v) => objects(v, OTS.claimStatus).includes(OTS.Accepted)).length, p).toBeLessThanOrEqual(1);
      for (const v of variants) expect(objects(v, OTS.claimSource).length, v).toBeGreaterThan(0);
      expect(objects(p, OTS.resolution).length, p).toBe(1);
    }
  });
});

describe('corrections of the review', () => {
  it('the official name is its own property, not an alternative label', () => {
    const s = id('id/event/2024-bishkek');
    expect(objects(s, SKOS.altLabel)).toEqual([]);
    expect(objects(s, OTS.officialName).length).toBe(1);
  });

  it('the flag is a flag, not a document; the bodies the agreements create are entities', () => {
    expect(objects(id('id/document/ots-flag'), `${NS.rdf}type`)).toEqual([OTS.Flag]);
    const bodies = store.getObjects(null, OTS.establishedBody, null).map((o) => o.value).sort();
    expect(bodies).toEqual(
      ['id/initiative/collective-civil-protection-mechanism', 'id/initiative/turkic-large-language-model', 'id/organization/council-of-central-banks', 'id/organization/turkic-green-finance-council', 'id/organization/turkic-red-network'].map(id),
    );
    // The declaration's announcement of the informal summit links the plan, and through it Hungary.
    const [plan] = objects(id('id/event/2024-bishkek/declaration/bishkek-summit-declaration'), OTS.announcesPlan);
    expect(objects(plan ?? '', OTS.plannedCountry)).toEqual([id('id/state/hungary')]);
  });

  it('the publisher of a source article is an agent, not text', () => {
    const [publisher] = store.getObjects(id('source/2024-ots-summit'), `${NS.dct}publisher`, null);
    expect(publisher?.termType).toBe('NamedNode');
    expect(objects(publisher?.value ?? '', `${NS.rdf}type`)).toEqual([PROV.Agent]);
  });

  it('the 2024 summit is no longer evidenced by a report on the 2023 summit', () => {
    const cited = objects(id('fact/2024-bishkek/summit'), PROV.wasDerivedFrom);
    expect(cited).not.toContain(id('evidence/citation/asiaplustj-2023-11-03'));
    expect(cited).toContain(id('evidence/citation/asiaplustj-2024-11-07-the-11th-summit-of'));
  });

  it('quote IRIs survive a correction of the source file elsewhere, while their offsets follow it', async () => {
    const copy = await completeDataCopy();
    try {
      // A correction above every quoted passage: one more line at the top of the stored article.
      await copy.edit('source/2024-ots-summit.txt', (t) => `Corrected heading note.\n${t}`);
      const after = await buildGraph({ dataDir: copy.dataDir, base: BASE });
      const quotesOf = (qs: readonly RDF.Quad[]): string[] => [...new Set(qs.filter((q) => q.object.value === OTS.Quote).map((q) => q.subject.value))].sort();
      const before = quotesOf(quads);
      expect(before.length).toBeGreaterThan(20);
      expect(quotesOf(after.quads)).toEqual(before);
      const offset = (qs: readonly RDF.Quad[], q: string): string => qs.find((x) => x.subject.value === q && x.predicate.value === OTS.startOffset)?.object.value ?? '';
      const q0 = before[0] ?? '';
      expect(Number(offset(after.quads, q0))).toBe(Number(offset(quads, q0)) + 'Corrected heading note.\n'.length);
    } finally {
      await copy.remove();
    }
  });
});
