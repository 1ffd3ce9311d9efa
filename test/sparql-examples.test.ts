// Every example query in sparql/ runs over the built graph with Comunica and gives exactly the answer the sources support.
import { QueryEngine } from '@comunica/query-sparql';
import type * as RDF from '@rdfjs/types';
import { readFileSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../src/build.js';
import { Store } from '../src/rdf.js';

type Row = Record<string, string>;

interface Expected {
  rows: Row[];
  /** Columns built with GROUP_CONCAT: compared as sets, split on this separator. */
  sets?: Record<string, string>;
  /** When false, the rows are compared as a bag (the query does not fix an order). */
  ordered?: boolean;
}

const WD = 'http://www.wikidata.org/entity/';
const SUMMIT = '2024 Organization of Turkic States summit';

// Each answer checked by hand against data/source/2024-ots-summit.txt and the reference reports cited in data/.
const EXPECTED: Record<string, Expected> = {
  'participants.rq': {
    rows: [
      { status: 'host', participant: 'Kyrgyzstan', representative: 'Sadyr Japarov', role: 'President; host and chair' },
      { status: 'member', participant: 'Azerbaijan', representative: 'Ilham Aliyev', role: 'President' },
      { status: 'member', participant: 'Kazakhstan', representative: 'Kassym-Jomart Tokayev', role: 'President' },
      { status: 'member', participant: 'Turkey', representative: 'Recep Tayyip Erdoğan', role: 'President' },
      { status: 'member', participant: 'Uzbekistan', representative: 'Shavkat Mirziyoyev', role: 'President' },
      { status: 'observer', participant: 'Hungary', representative: 'Viktor Orbán', role: 'Prime Minister' },
      { status: 'observer', participant: 'Turkish Republic of Northern Cyprus', representative: 'Ersin Tatar', role: 'President' },
      { status: 'observer', participant: 'Turkmenistan', representative: 'Nury Golliyev', role: 'Ambassador of Turkmenistan to the Kyrgyz Republic' },
      { status: 'organization', role: 'heads of various Turkic cooperation organizations' },
      { status: 'organization', participant: 'Council of Elders of the Organization of Turkic States', role: 'chairman and members of the Council of Elders' },
      { status: 'organization', participant: 'Organization of Turkic States', representative: 'Kubanychbek Omuraliev', role: 'Secretary-General' },
    ],
  },
  'member-states.rq': {
    rows: [
      ...['Azerbaijan', 'Kazakhstan', 'Kyrgyzstan', 'Turkey', 'Uzbekistan'].map((state) => ({ state, standing: 'member' })),
      ...['Hungary', 'Turkish Republic of Northern Cyprus', 'Turkmenistan'].map((state) => ({ state, standing: 'observer' })),
    ],
  },
  'key-decisions.rq': {
    sets: { adoptsOrDesignates: ' | ' },
    rows: [
      { position: '1', decision: 'Adoption of the Turkic Green Vision', adoptsOrDesignates: 'Turkic Green Vision: Unity for a Sustainable Future' },
      { position: '2', decision: 'Bishkek as the Digital Capital of the Turkic World', adoptsOrDesignates: 'Bishkek: Digital Capital of the Turkic World 2025' },
      { position: '3', decision: 'Adoption of the Charter of the Turkic World', adoptsOrDesignates: 'Charter of the Turkic World' },
      { position: '4', decision: 'OTS Flag and Permanent Representation Regulation', adoptsOrDesignates: 'Flag of the Organization of Turkic States | Regulation on the permanent representatives of the OTS' },
      { position: '5', decision: 'Appointment of new Deputy Secretaries-General', adoptsOrDesignates: 'new Deputy Secretary-Generals to the OTS Secretariat' },
    ],
  },
  'agreements.rq': {
    rows: [
      { kind: 'agreement', name: 'Agreement on the Civil Protection Mechanism', purpose: 'establishment of a collective civil protection mechanism for the member states' },
      { kind: 'agreement', name: 'Digital Economy Partnership Agreement', purpose: 'to foster collaboration in the digital economy among OTS members' },
      { kind: 'memorandum of understanding', name: 'Memorandum of Understanding on Space-Related Activities', purpose: 'to promote cooperation in space-related activities' },
      { kind: 'memorandum of understanding', name: 'Memorandum of Understanding on the Council of Central (National) Banks', purpose: 'creation of the Council of Central Banks to enhance economic coordination' },
      { kind: 'memorandum of understanding', name: 'Memorandum of Understanding on the Turkic Green Finance Council', purpose: 'to create a Green Finance Council to support sustainable economic growth' },
      { kind: 'memorandum of understanding', name: 'Memorandum of Understanding on the Turkic Large Language Model', purpose: 'to develop a common language model among OTS members' },
    ],
  },
  'award.rq': {
    rows: [{ proposedBy: 'Sadyr Japarov', recipient: 'Viktor Orbán', reason: 'for his role in promoting unity within the Turkic World' }],
  },
  'disputed-claims.rq': {
    sets: { claimedIn: ', ', contradictedBy: ', ' },
    rows: [
      {
        claim: "Turkmenistan's president Serdar Berdimuhamedov was present at the summit.",
        status: 'contradicted',
        claimedIn: 'Anadolu Agency, 24.kg',
        contradictedBy: 'Ministry of Foreign Affairs of Turkmenistan, gundogar-news.com',
      },
    ],
  },
  'evidence-for-award.rq': {
    rows: [
      {
        sentence:
          'At the proposal of President Sadyr Zhaparov, Hungarian Prime Minister Viktor Orbán was awarded the Supreme Order of Turkic World for his role in promoting unity within the Turkic World.',
        section: 'Summit theme and key decisions',
        line: '50',
        start: '3193',
        end: '3379',
        declaredIn: 'data/summits/2024-bishkek.yaml',
      },
    ],
  },
  'wikidata-links.rq': {
    rows: (
      [
        ['Azerbaijan', 'Q227'],
        ['Bishkek', 'Q9361'],
        ['Hungary', 'Q28'],
        ['Ilham Aliyev', 'Q57371'],
        ['Jeenbek Kulubaev', 'Q111744930'],
        ['Kassym-Jomart Tokayev', 'Q200881'],
        ['Kazakhstan', 'Q232'],
        ['Kyrgyzstan', 'Q813'],
        ['Organization of Turkic States', 'Q596850'],
        ['Recep Tayyip Erdoğan', 'Q39259'],
        ['Sadyr Japarov', 'Q25597826'],
        ['Serdar Berdimuhamedov', 'Q51874548'],
        ['Shavkat Mirziyoyev', 'Q57808'],
        ['Turkey', 'Q43'],
        ['Turkish Republic of Northern Cyprus', 'Q23681'],
        ['Turkmenistan', 'Q874'],
        ['Uzbekistan', 'Q265'],
        ['Viktor Orbán', 'Q57641'],
      ] as const
    ).map(([label, q]) => ({ label, wikidata: WD + q })),
  },
  'chairmanship.rq': {
    rows: [
      { summit: SUMMIT, date: '2024-11-06', from: 'Kazakhstan', to: 'Kyrgyzstan' },
      { summit: '2025 Organization of Turkic States summit', date: '2025-10-07', from: 'Kyrgyzstan', to: 'Azerbaijan' },
    ],
  },
  'summits.rq': {
    rows: [
      { summit: '2023 Organization of Turkic States summit', ordinal: '10', date: '2023-11-03', city: 'Astana', country: 'Kazakhstan', informal: 'false', next: SUMMIT },
      { summit: SUMMIT, ordinal: '11', date: '2024-11-06', city: 'Bishkek', country: 'Kyrgyzstan', informal: 'false', next: '2025 Organization of Turkic States summit' },
      { summit: '2025 informal summit of the Organization of Turkic States', date: '2025-05-21', city: 'Budapest', country: 'Hungary', informal: 'true' },
      { summit: '2025 Organization of Turkic States summit', ordinal: '12', date: '2025-10-07', city: 'Gabala', country: 'Azerbaijan', informal: 'false' },
    ],
  },
  'next-summits.rq': {
    rows: [
      { kind: 'informal', plannedCountry: 'Hungary', plannedYear: '2025', heldAs: '2025 informal summit of the Organization of Turkic States', heldOn: '2025-05-21' },
      { kind: 'regular', plannedCountry: 'Azerbaijan', plannedYear: '2025', heldAs: '2025 Organization of Turkic States summit', heldOn: '2025-10-07' },
    ],
  },
  'press-conference.rq': {
    sets: { topics: ' | ' },
    rows: ['Jeenbek Kulubaev|Minister of Foreign Affairs of Kyrgyzstan', 'Kubanychbek Omuraliev|Secretary-General of the Organization of Turkic States'].map((x) => {
      const [speaker, office] = x.split('|') as [string, string];
      return {
        speaker,
        office,
        topics: 'the outcomes of the summit | the key resolutions and agreements signed | the importance of the OTS in promoting collaboration among Turkic nations',
      };
    }),
  },
  'names.rq': {
    rows: [
      { name: 'Sadyr Japarov', language: 'en', kind: 'label' },
      { name: 'Садыр Жапаров', language: 'ky', kind: 'label' },
      { name: 'Садыр Жапаров', language: 'ru', kind: 'label' },
      { name: 'Sadır Caparov', language: 'tr', kind: 'label' },
      { name: 'Sadyr Zhaparov', language: 'en', kind: 'other spelling' },
    ],
  },
  'foreign-ministers-meeting.rq': {
    rows: [
      'adopt CFM-level documents',
      "discuss key issues on the organization's agenda",
      'finalize documents for the Heads of State to sign',
      'provide the groundwork for the decisions made during the summit',
    ].map((purpose) => ({ meeting: 'Council of Foreign Ministers meeting before the 2024 OTS summit', purpose })),
  },
  'sources-of-facts.rq': {
    // Counts follow from data/: every item that quotes the article, and every item citing each outlet.
    rows: [
      { source: 'article: 2024 Organization of Turkic States summit', facts: '46' },
      { source: 'newscentralasia.net', facts: '32' },
      { source: 'Wikidata', facts: '18' },
      { source: 'anews.com.tr', facts: '7' },
      { source: 'akipress.com', facts: '6' },
      { source: 'asiaplustj.info', facts: '6' },
      { source: 'hungarytoday.hu', facts: '5' },
      { source: 'magyarnemzet.hu', facts: '5' },
      { source: 'Ministry of Foreign Affairs of Turkmenistan', facts: '5' },
      { source: 'report.az', facts: '4' },
      { source: 'famagusta-gazette.com', facts: '3' },
      { source: 'Anadolu Agency', facts: '2' },
      { source: 'gundogar-news.com', facts: '2' },
      { source: 'kant.kg', facts: '2' },
      { source: 'qazinform.com', facts: '2' },
      { source: '24.kg', facts: '1' },
      { source: 'hurriyetdailynews.com', facts: '1' },
    ],
  },
};

const files = readdirSync('sparql')
  .filter((f) => f.endsWith('.rq') && !f.startsWith('federated-'))
  .sort();

function normalise(row: Row, sets: Record<string, string> = {}): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) {
    const sep = sets[k];
    out[k] = sep ? v.split(sep).sort().join(sep) : v;
  }
  return out;
}

let engine: QueryEngine;
let store: InstanceType<typeof Store>;

beforeAll(async () => {
  const g = await buildGraph({ dataDir: 'data', base: 'https://w3id.org/ots-kg/' });
  store = new Store(g.quads as RDF.Quad[]);
  engine = new QueryEngine();
});

describe('example queries', () => {
  it('there are at least twelve, each documented with the question it answers, and each has an expected answer', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const f of files) {
      expect(readFileSync(`sparql/${f}`, 'utf8'), f).toMatch(/^# Question: .+\?$/m);
      expect(EXPECTED[f], `no expected answer for sparql/${f}`).toBeDefined();
    }
    expect(Object.keys(EXPECTED).sort()).toEqual(files);
  });

  it.each(files)('%s gives exactly its expected answer', async (f) => {
    const exp = EXPECTED[f];
    if (!exp) throw new Error(`no expected answer for ${f}`);
    const stream = await engine.queryBindings(readFileSync(`sparql/${f}`, 'utf8'), { sources: [store as unknown as RDF.Store] });
    const rows = (await stream.toArray()).map((b) => {
      const r: Row = {};
      for (const [k, v] of b) r[k.value] = v.value;
      return normalise(r, exp.sets);
    });
    const want = exp.rows.map((r) => normalise(r, exp.sets));
    if (exp.ordered === false) {
      const key = (r: Row): string => JSON.stringify(Object.entries(r).sort());
      expect(rows.map(key).sort()).toEqual(want.map(key).sort());
    } else {
      expect(rows).toEqual(want);
    }
  });
});
