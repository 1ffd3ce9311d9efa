// The timelines: the organisation's summits, chairmanship and dated memberships, and a person's summits, on one time axis; every mark a link.
import type * as RDF from '@rdfjs/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../src/build.js';
import { GraphIndex } from '../src/http/linked-data/graph-index.js';
import { axis, chairmanshipBars, membershipBars, organisationTimeline, personTimeline, stagger, summitsOf, timelineFigure } from '../src/http/linked-data/timeline.js';
import { DataFactory, namedNode } from '../src/rdf.js';
import { NS, OTS, RDF_, RDFS, SCHEMA, XSD } from '../src/vocab.js';
import { startServer } from './fixtures/linked-data/harness.js';

const BASE = 'https://w3id.org/ots-kg/';
const ots = namedNode(`${BASE}id/organization/ots`);
let g: GraphIndex;

beforeAll(async () => {
  const built = await buildGraph({ dataDir: 'data', base: BASE });
  g = new GraphIndex({ quads: built.quads as RDF.Quad[], base: BASE });
});

/** The links of the marks (summits) in an SVG, in document order. */
const markLinks = (svg: string): string[] => [...svg.matchAll(/<a href="([^"]+)" class="mark ([a-z ]+)"/g)].map((m) => `${m[1]} ${m[2]}`);

describe('the organisation timeline', () => {
  it('draws every summit of the data once, in order of date, each a link to its page, shaped by its kind', () => {
    const svg = organisationTimeline(g, ots)!.toString();
    const summits = summitsOf(g);
    expect(summits.map((s) => s.date)).toEqual([...summits.map((s) => s.date)].sort());
    expect(markLinks(svg)).toEqual(summits.map((s) => `/id/event/${s.node.value.split('/').pop()} ${s.kind}`));
    expect(markLinks(svg)).toHaveLength(17);
    expect(summits.filter((s) => s.kind === 'regular').map((s) => s.ordinal)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // Regular summits are circles carrying their number; extraordinary ones diamonds; informal ones squares.
    expect(svg.match(/<circle /g)?.length).toBe(12 + 1); // and one in the legend
    expect(svg).toContain('<a href="/id/event/2020-extraordinary-online" class="mark extraordinary"><title>2020 extraordinary Turkic Council summit, 10 April 2020 (extraordinary)</title><path ');
    expect(svg).toContain('<a href="/id/event/2025-budapest" class="mark informal"><title>2025 informal summit of the Organization of Turkic States, 21 May 2025 (informal)</title><rect ');
    expect(svg).toContain('<title>2024 Organization of Turkic States summit, 6 November 2024 (regular, no. 11)</title>');
  });

  it("draws the chairmanship terms of the organisation's data, each bar a link to its term", () => {
    const svg = organisationTimeline(g, ots)!.toString();
    const chairs = [...svg.matchAll(/<a href="([^"]+)" class="bar chair c\d"><title>([^<]+)<\/title>/g)].map((m) => [m[1], m[2]]);
    expect(chairs.map(([href]) => href)).toEqual(
      ['2011-kazakhstan', '2012-kyrgyzstan', '2013-azerbaijan', '2014-turkey', '2015-kazakhstan', '2018-kyrgyzstan', '2019-azerbaijan', '2021-turkey', '2022-uzbekistan', '2023-kazakhstan', '2024-kyrgyzstan', '2025-azerbaijan'].map((c) => `/id/chairmanship/${c}`),
    );
    expect(chairs[4]![1]).toBe('Kazakhstan chairs from 2015 Turkic Council summit (11 September 2015) to 2018 Turkic Council summit (3 September 2018)');
    // The last chair holds it to the end of the axis.
    expect(chairs[11]![1]).toBe('Azerbaijan chairs from 2025 Organization of Turkic States summit (7 October 2025)');
  });

  it('draws the memberships and observer statuses from their start dates, members first', () => {
    const bars = membershipBars(g, ots);
    expect(bars.map((b) => `${b.label} ${b.cls} ${b.from}`)).toEqual([
      'Azerbaijan member 2009-10-03',
      'Kazakhstan member 2009-10-03',
      'Kyrgyzstan member 2009-10-03',
      'Turkey member 2009-10-03',
      'Uzbekistan member 2019-10-15',
      'Hungary observer 2018-09-03',
      'Turkmenistan observer 2021-11-12',
      'Turkish Republic of Northern Cyprus observer 2022-11-11',
      'Economic Cooperation Organization observer 2023-11-03',
    ]);
    expect(organisationTimeline(g, ots)!.toString()).toContain('<a href="/id/membership/ots/hungary" class="bar observer"><title>Hungary: observer from 3 September 2018</title>');
  });

  it('without chairmanship terms, runs the chairmanship from one transfer at a summit to the next', () => {
    const f = DataFactory;
    const B = 'https://example.org/';
    const q = (s: string, p: string, o: RDF.Term): RDF.Quad => f.quad(namedNode(B + s), namedNode(p), o as RDF.Quad_Object);
    const date = (d: string): RDF.Literal => f.literal(d, namedNode(XSD.date));
    const quads = [
      ...['a', 'b'].flatMap((st) => [q(`id/state/${st}`, RDFS.label, f.literal(`State ${st.toUpperCase()}`, 'en'))]),
      ...[
        ['id/event/one', '2012-05-01', 'a'],
        ['id/event/two', '2014-05-01', 'b'],
      ].flatMap(([e, d, to]) => [
        q(e!, RDF_.type, namedNode(OTS.Summit)),
        q(e!, RDFS.label, f.literal(`Summit ${e!.slice(9)}`, 'en')),
        q(e!, SCHEMA.startDate, date(d!)),
        q(e!, OTS.chairmanshipTransfer, namedNode(`${B}${e}/t`)),
        q(`${e}/t`, OTS.toChair, namedNode(`${B}id/state/${to}`)),
      ]),
    ];
    const ix = new GraphIndex({ quads, base: B });
    const bars = chairmanshipBars(ix, summitsOf(ix));
    expect(bars.map((b) => [b.href, b.from, b.to, b.title])).toEqual([
      ['/id/state/a', '2012-05-01', '2014-05-01', 'State A chairs from Summit one (1 May 2012) to Summit two (1 May 2014)'],
      ['/id/state/b', '2014-05-01', undefined, 'State B chairs from Summit two (1 May 2014)'],
    ]);
  });

  it('places marks on one axis of whole years, and drops a mark that would overlap the one before', () => {
    const { x, years } = axis(['2011-10-21', '2025-10-07']);
    expect(years[0]).toBe(2011);
    expect(years[years.length - 1]).toBe(2026);
    expect(x('2011-01-01')).toBeLessThan(x('2011-10-21'));
    expect(x('2025-10-07')).toBeLessThan(x('2026-01-01'));
    expect(stagger([100, 110, 115, 300])).toEqual([0, 16, 0, 0]);
  });

  it('draws a membership only from the date the data gives for it (org:memberDuring or schema:startDate)', () => {
    const f = DataFactory;
    const org = namedNode('https://example.org/id/organization/o');
    const q = (s: RDF.Term, p: string, o: RDF.Term): RDF.Quad => f.quad(s as RDF.Quad_Subject, namedNode(p), o as RDF.Quad_Object);
    const m1 = namedNode('https://example.org/id/membership/o/a');
    const m2 = namedNode('https://example.org/id/membership/o/b');
    const m3 = namedNode('https://example.org/id/membership/o/c');
    const interval = namedNode('https://example.org/id/membership/o/b/interval');
    const begin = namedNode('https://example.org/id/membership/o/b/begin');
    const state = (n: string): RDF.NamedNode => namedNode(`https://example.org/id/state/${n}`);
    const quads = [
      q(org, RDF_.type, namedNode(OTS.Organization)),
      ...['a', 'b', 'c'].map((n) => q(state(n), RDFS.label, f.literal(`State ${n.toUpperCase()}`, 'en'))),
      q(org, OTS.membership, m1), q(m1, `${NS.org}member`, state('a')), q(m1, SCHEMA.startDate, f.literal('2009-10-03', namedNode(XSD.date))),
      q(org, OTS.membership, m2), q(m2, `${NS.org}member`, state('b')), q(m2, `${NS.org}role`, namedNode(OTS.ObserverRole)),
      q(m2, `${NS.org}memberDuring`, interval), q(interval, 'http://www.w3.org/2006/time#hasBeginning', begin),
      q(begin, 'http://www.w3.org/2006/time#inXSDDate', f.literal('2018-09-03', namedNode(XSD.date))),
      // No date: not drawn (the timeline never guesses when a membership began).
      q(org, OTS.membership, m3), q(m3, `${NS.org}member`, state('c')),
    ];
    const bars = membershipBars(new GraphIndex({ quads, base: 'https://example.org/' }), org);
    expect(bars.map((b) => [b.label, b.cls, b.from, b.href])).toEqual([
      ['State A', 'member', '2009-10-03', '/id/membership/o/a'],
      ['State B', 'observer', '2018-09-03', '/id/membership/o/b'],
    ]);
  });
});

describe('the person timeline', () => {
  it("marks the summits a person attended, with the role, on the axis of all summits; the others faint", () => {
    const svg = personTimeline(g, namedNode(`${BASE}id/person/viktor-orban`))!.toString();
    const marks = markLinks(svg);
    expect(marks).toHaveLength(17);
    const attended = marks.filter((m) => !m.endsWith(' absent'));
    expect(attended.map((m) => m.split(' ')[0])).toEqual(
      ['2018-cholpon-ata', '2019-baku', '2020-extraordinary-online', '2021-informal-online', '2021-istanbul', '2022-samarkand', '2023-ankara', '2023-astana', '2024-shusha', '2024-bishkek', '2025-budapest', '2025-gabala'].map((id) => `/id/event/${id}`),
    );
    expect(svg).toContain('<title>2025 informal summit of the Organization of Turkic States, 21 May 2025 (informal): Prime Minister; host</title>');
    expect(svg).toContain('<title>2011 Turkic Council summit, 21 October 2011 (regular, no. 1): not attended</title>');
    expect(svg).toContain('Viktor Orbán attended 12 of the 17 summits.');
    // The same axis as the organisation's timeline: the same years at the same places.
    const years = (x: string): string[] => [...x.matchAll(/<line x1="([\d.]+)"[^>]*\/><text [^>]*class="year">(\d{4})</g)].map((m) => `${m[2]}@${m[1]}`);
    expect(years(svg)).toEqual(years(organisationTimeline(g, ots)!.toString()));
    expect(years(svg)[0]).toBe(`2009@${years(svg)[0]!.split('@')[1]}`);
  });

  it('is absent for a person who attended no summit', () => {
    expect(personTimeline(g, namedNode(`${BASE}id/person/aziz-sancar`))).toBeUndefined();
    expect(timelineFigure(g, namedNode(`${BASE}id/person/aziz-sancar`))).toBe('');
  });
});

describe('the pages show the timelines', () => {
  it('the organisation page and a person page carry their timeline figure', async () => {
    const s = await startServer({ base: 'https://w3id.org/ots-kg/' });
    try {
      for (const path of ['/id/organization/ots', '/id/person/viktor-orban']) {
        const text = await (await fetch(s.url + path, { headers: { accept: 'text/html' } })).text();
        expect(text, path).toMatch(/<figure class="timeline-wrap"><svg class="timeline"[\s\S]*?<a href="\/id\/event\/2024-bishkek" class="mark regular">/);
      }
    } finally {
      await s.close();
    }
  });
});
