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
      { claim: "President Ilham Aliyev represented Azerbaijan at the 2nd summit.", status: "contradicted", contradictedBy: "Fergana (fergananews.com), Today's Zaman, Turan (turan.az)", claimedIn: "worldislamlaw.ru" },
      { claim: "The 4th summit began on Wednesday 4 May 2014.", status: "contradicted", contradictedBy: "Ministry of Foreign Affairs of Azerbaijan (mfa.gov.az), Turkish MFA (mfa.gov.tr)", claimedIn: "Anadolu Agency (aa.com.tr, French)" },
      { claim: "The 6th summit was held on 2 September 2018.", status: "contradicted", contradictedBy: "Hungarian Government (2015-2019.kormany.hu), 444.hu (Hungarian), Caravanserai / Central Asia News (central.asia-news.com), Kazinform (en.inform.kz)", claimedIn: "Wikipedia mirror (hessslslslsls.azureedge.net)" },
      { claim: "The 6th summit was held in September 2016.", status: "contradicted", contradictedBy: "Hungarian Government (2015-2019.kormany.hu), 444.hu (Hungarian), Caravanserai / Central Asia News (central.asia-news.com), Kazinform (en.inform.kz), Report.az", claimedIn: "Kazinform (inform.kz)" },
      { claim: "Purli Agamuradov attended as Prime Minister of Turkmenistan.", status: "contradicted", contradictedBy: "Kircaali Haber, Today.az (by Trend)", claimedIn: "Daily Sabah" },
      { claim: "The 2021 informal summit took place in Turkistan, Kazakhstan.", status: "contradicted", contradictedBy: "Bright Uzbekistan (brightuzbekistan.uz), MINA (en.minanews.net), Kazinform (inform.kz)", claimedIn: "Trend (en.trend.az)" },
      { claim: "The chairmanship passed to Azerbaijan after the 8th summit.", status: "contradicted", contradictedBy: "A News (anews.com.tr), Turkmenistan.ru", claimedIn: "Invest in Uzbekistan (invest-in-uzbekistan.org)" },
      { claim: "Turkmenistan's president Serdar Berdimuhamedov was present at the summit.", status: "contradicted", contradictedBy: "gundogar-news.com, Ministry of Foreign Affairs of Turkmenistan", claimedIn: "24.kg, Anadolu Agency" },
    ],
  },
  'orban-summits.rq': {
    // Section 5.2 of the reference: every summit Orbán attended (not the 5th, where his attendance is not confirmed).
    rows: [
      { summit: "2018 Turkic Council summit", date: "2018-09-03", kind: "regular", role: "Prime Minister", capacity: "observer" },
      { summit: "2019 Turkic Council summit", date: "2019-10-15", kind: "regular", role: "Prime Minister", capacity: "observer" },
      { summit: "2020 extraordinary Turkic Council summit", date: "2020-04-10", kind: "extraordinary", role: "Prime Minister", capacity: "observer" },
      { summit: "2021 informal Turkic Council summit", date: "2021-03-31", kind: "informal", role: "Prime Minister", capacity: "observer" },
      { summit: "2021 Turkic Council summit", date: "2021-11-12", kind: "regular", role: "Prime Minister", capacity: "observer" },
      { summit: "2022 Organization of Turkic States summit", date: "2022-11-11", kind: "regular", role: "Prime Minister", capacity: "observer" },
      { summit: "2023 extraordinary summit of the Organization of Turkic States", date: "2023-03-16", kind: "extraordinary", role: "Prime Minister", capacity: "observer" },
      { summit: "2023 Organization of Turkic States summit", date: "2023-11-03", kind: "regular", role: "Prime Minister", capacity: "observer" },
      { summit: "2024 informal summit of the Organization of Turkic States", date: "2024-07-06", kind: "informal", role: "Prime Minister", capacity: "observer" },
      { summit: "2024 Organization of Turkic States summit", date: "2024-11-06", kind: "regular", role: "Prime Minister", capacity: "observer" },
      { summit: "2025 informal summit of the Organization of Turkic States", date: "2025-05-21", kind: "informal", role: "Prime Minister; host", capacity: "host" },
      { summit: "2025 Organization of Turkic States summit", date: "2025-10-07", kind: "regular", role: "Prime Minister", capacity: "observer" },
    ],
  },
  'supreme-order.rq': {
    // Section 5.5 of the reference: six recipients, 2019-2024; none at Gabala 2025.
    rows: [
      { recipient: "Nursultan Nazarbayev", summit: "2019 Turkic Council summit", date: "2019-10-15" },
      { recipient: "Ilham Aliyev", summit: "2021 Turkic Council summit", date: "2021-11-12", proposedBy: "Recep Tayyip Erdoğan" },
      { recipient: "Gurbanguly Berdimuhamedov", summit: "2022 Organization of Turkic States summit", date: "2022-11-11" },
      { recipient: "Recep Tayyip Erdoğan", summit: "2022 Organization of Turkic States summit", date: "2022-11-11", proposedBy: "Kassym-Jomart Tokayev" },
      { recipient: "Shavkat Mirziyoyev", summit: "2023 Organization of Turkic States summit", date: "2023-11-03" },
      { recipient: "Viktor Orbán", summit: "2024 Organization of Turkic States summit", date: "2024-11-06", proposedBy: "Sadyr Japarov" },
    ],
  },
  'disputed-points.rq': {
    sets: { sources: ' | ' },
    rows: [
      { summit: "2011 Turkic Council summit", sources: "Ministry of Foreign Affairs of Azerbaijan (mfa.gov.az)", point: "theme", status: "accepted", claim: "The theme of the 1st summit was \"Economic Cooperation\"." },
      { summit: "2011 Turkic Council summit", sources: "Wikipedia mirror (hessslslslsls.azureedge.net)", point: "theme", status: "alternative", claim: "The theme of the 1st summit was \"Cooperation in Economic Area and Trade Area\"." },
      { summit: "2012 Turkic Council summit", sources: "Fergana (fergananews.com) | Today's Zaman | Turan (turan.az)", point: "representative", status: "accepted", claim: "Prime Minister Artur Rasizade represented Azerbaijan at the 2nd summit." },
      { summit: "2012 Turkic Council summit", sources: "worldislamlaw.ru", point: "representative", status: "contradicted", claim: "President Ilham Aliyev represented Azerbaijan at the 2nd summit." },
      { summit: "2013 Turkic Council summit", sources: "OTS website mirror (demo10.sitefabrikasi.com) | Ministry of Foreign Affairs of Azerbaijan (mfa.gov.az)", point: "theme", status: "accepted", claim: "The theme of the 3rd summit was \"Transport and Connectivity\"." },
      { summit: "2013 Turkic Council summit", sources: "Wikipedia mirror (hessslslslsls.azureedge.net)", point: "theme", status: "alternative", claim: "The theme of the 3rd summit was \"Cooperation in Transportation\"." },
      { summit: "2014 Turkic Council summit", sources: "Anadolu Agency (aa.com.tr, French)", point: "date", status: "contradicted", claim: "The 4th summit began on Wednesday 4 May 2014." },
      { summit: "2018 Turkic Council summit", sources: "Hungarian Government (2015-2019.kormany.hu) | 444.hu (Hungarian) | Caravanserai / Central Asia News (central.asia-news.com) | Daily Sabah (Arabic) | Kazinform (en.inform.kz) | yapresident.com (Kazakh MFA press release)", point: "date", status: "accepted", claim: "The 6th summit was held on 3 September 2018." },
      { summit: "2018 Turkic Council summit", sources: "Kazinform (inform.kz)", point: "date", status: "contradicted", claim: "The 6th summit was held in September 2016." },
      { summit: "2018 Turkic Council summit", sources: "Wikipedia mirror (hessslslslsls.azureedge.net)", point: "date", status: "contradicted", claim: "The 6th summit was held on 2 September 2018." },
      { summit: "2018 Turkic Council summit", sources: "Kazinform (en.inform.kz)", point: "theme", status: "accepted", claim: "The theme of the 6th summit was \"Cooperation in the sphere of national sports and youth policy\"." },
      { summit: "2018 Turkic Council summit", sources: "Wikipedia mirror (hessslslslsls.azureedge.net)", point: "theme", status: "alternative", claim: "The theme of the 6th summit was \"Youths and National Sports\"." },
      { summit: "2019 Turkic Council summit", sources: "Kircaali Haber | Today.az (by Trend)", point: "role", status: "accepted", claim: "Purli Agamuradov attended as Deputy Chairman of the Cabinet of Ministers of Turkmenistan." },
      { summit: "2019 Turkic Council summit", sources: "Daily Sabah", point: "role", status: "contradicted", claim: "Purli Agamuradov attended as Prime Minister of Turkmenistan." },
      { summit: "2020 extraordinary Turkic Council summit", sources: "Daily Sabah", point: "representative", status: "unconfirmed", claim: "Deputy Prime Minister Purli Agamuradov attended the 2020 extraordinary summit as an observer for Turkmenistan." },
      { summit: "2020 extraordinary Turkic Council summit", sources: "24.kg | Daily Sabah", point: "representative", status: "unconfirmed", claim: "President Gurbanguly Berdimuhamedov represented Turkmenistan at the 2020 extraordinary summit." },
      { summit: "2021 informal Turkic Council summit", sources: "Bright Uzbekistan (brightuzbekistan.uz) | MINA (en.minanews.net) | Kazinform (inform.kz)", point: "place", status: "accepted", claim: "The 2021 informal summit was held by videoconference." },
      { summit: "2021 informal Turkic Council summit", sources: "Trend (en.trend.az)", point: "place", status: "contradicted", claim: "The 2021 informal summit took place in Turkistan, Kazakhstan." },
      { summit: "2021 informal Turkic Council summit", sources: "MINA (en.minanews.net)", point: "theme", status: "accepted", claim: "The theme of the 2021 informal summit was \"Turkistan – Spiritual Capital of the Turkic World\"." },
      { summit: "2021 informal Turkic Council summit", sources: "OneNewsPage (MENAFN)", point: "theme", status: "alternative", claim: "The theme of the 2021 informal summit was \"Turkistan: One of the Spiritual Capitals of the Turkic World\"." },
      { summit: "2021 Turkic Council summit", sources: "The Diplomatic Insight", point: "attendance", status: "unconfirmed", claim: "Hungary and Ukraine took part in the 8th summit as observers." },
      { summit: "2021 Turkic Council summit", sources: "A News (anews.com.tr) | Turkmenistan.ru", point: "chairmanship", status: "accepted", claim: "The chairmanship passed from Azerbaijan to Turkey at the 8th summit." },
      { summit: "2021 Turkic Council summit", sources: "Invest in Uzbekistan (invest-in-uzbekistan.org)", point: "chairmanship", status: "contradicted", claim: "The chairmanship passed to Azerbaijan after the 8th summit." },
      { summit: "2022 Organization of Turkic States summit", sources: "AzerNews | Daily Sabah | Trend (en.trend.az) | UWI Data (uwidata.com)", point: "membership", status: "accepted", claim: "The Turkish Republic of Northern Cyprus was admitted as an observer at the 9th summit." },
      { summit: "2022 Organization of Turkic States summit", sources: "Ministry of Foreign Affairs of the Republic of Cyprus (mfa.gov.cy)", point: "membership", status: "alternative", claim: "Other members refused observer status for the TRNC as a state; Turkey proposed amending the Statute to admit \"entities\", a status that would apply only once the new Statute is ratified." },
      { summit: "2023 Organization of Turkic States summit", sources: "Akorda – Official website of the President of Kazakhstan (akorda.kz) | Asia-Plus (asiaplustj.info) | Wikipedia (en) | MENAFN (Trend) | News Central Asia (newscentralasia.net)", point: "duration", status: "accepted", claim: "The 10th summit was held on 3 November 2023." },
      { summit: "2023 Organization of Turkic States summit", sources: "Hürriyet Daily News", point: "duration", status: "alternative", claim: "The 10th summit was a two-day summit." },
      { summit: "2023 Organization of Turkic States summit", sources: "Vestnik Kavkaza (en.vestikavkaza.ru)", point: "duration", status: "alternative", claim: "The 10th summit was held on 2-3 November 2023." },
      { summit: "2023 Organization of Turkic States summit", sources: "Akorda – Official website of the President of Kazakhstan (akorda.kz) | Daily Sabah", point: "theme", status: "accepted", claim: "The motto of the 10th summit was \"TURKTIME!\" (\"Turk Time\")." },
      { summit: "2023 Organization of Turkic States summit", sources: "A News (anews.com.tr) | Trend (en.trend.az) | Vestnik Kavkaza (en.vestikavkaza.ru) | MENAFN (Trend)", point: "theme", status: "alternative", claim: "The motto of the 10th summit is rendered \"Turkic Age\", \"Turkic Period!\", \"Turkic Century\" or \"Turkic Era\"." },
      { summit: "2024 Organization of Turkic States summit", sources: "24.kg | Anadolu Agency", point: "representative", status: "contradicted", claim: "Turkmenistan's president Serdar Berdimuhamedov was present at the summit." },
      { summit: "2025 informal summit of the Organization of Turkic States", sources: "Kazinform (qazinform.com)", point: "attendance", status: "unconfirmed", claim: "Representatives of the OTS observers would take part in the Budapest informal summit." },
      { summit: "2025 informal summit of the Organization of Turkic States", sources: "Hürriyet Daily News", point: "attendance", status: "unconfirmed", claim: "The Turkish Republic of Northern Cyprus, an observer, attended the Budapest informal summit." },
      { summit: "2025 informal summit of the Organization of Turkic States", sources: "Hürriyet Daily News", point: "attendance", status: "unconfirmed", claim: "Turkmenistan, an observer, attended the Budapest informal summit." },
      { summit: "2025 Organization of Turkic States summit", sources: "AZERTAC (azertag.az) | Kure Ansiklopedi (auto-translated) | News Central Asia (newscentralasia.net) | Kazinform (qazinform.com) | Trend (trend.az)", point: "duration", status: "accepted", claim: "The 12th summit was held on 7 October 2025." },
      { summit: "2025 Organization of Turkic States summit", sources: "Qalampir.uz | Report.az", point: "duration", status: "alternative", claim: "The 12th summit was held on 6-7 October 2025." },
    ],
  },
  'date-sources.rq': {
    // Distinct reports and outlets cited for each date (2021 Istanbul and 2022 Samarkand cite two reports of one outlet).
    rows: [
      { summit: "2011 Turkic Council summit", date: "2011-10-21", reports: "3", outlets: "3" },
      { summit: "2012 Turkic Council summit", date: "2012-08-23", reports: "4", outlets: "4" },
      { summit: "2013 Turkic Council summit", date: "2013-08-16", reports: "4", outlets: "4" },
      { summit: "2014 Turkic Council summit", date: "2014-06-05", reports: "5", outlets: "5" },
      { summit: "2015 Turkic Council summit", date: "2015-09-11", reports: "6", outlets: "6" },
      { summit: "2018 Turkic Council summit", date: "2018-09-03", reports: "4", outlets: "4" },
      { summit: "2019 Turkic Council summit", date: "2019-10-15", reports: "6", outlets: "6" },
      { summit: "2020 extraordinary Turkic Council summit", date: "2020-04-10", reports: "4", outlets: "4" },
      { summit: "2021 informal Turkic Council summit", date: "2021-03-31", reports: "4", outlets: "4" },
      { summit: "2021 Turkic Council summit", date: "2021-11-12", reports: "5", outlets: "4" },
      { summit: "2022 Organization of Turkic States summit", date: "2022-11-11", reports: "5", outlets: "4" },
      { summit: "2023 extraordinary summit of the Organization of Turkic States", date: "2023-03-16", reports: "5", outlets: "5" },
      { summit: "2023 Organization of Turkic States summit", date: "2023-11-03", reports: "5", outlets: "5" },
      { summit: "2024 informal summit of the Organization of Turkic States", date: "2024-07-06", reports: "4", outlets: "4" },
      { summit: "2024 Organization of Turkic States summit", date: "2024-11-06", reports: "2", outlets: "2" },
      { summit: "2025 informal summit of the Organization of Turkic States", date: "2025-05-21", reports: "3", outlets: "3" },
      { summit: "2025 Organization of Turkic States summit", date: "2025-10-07", reports: "5", outlets: "5" },
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
      { summit: "2012 Turkic Council summit", date: "2012-08-23", from: "Kazakhstan", to: "Kyrgyzstan" },
      { summit: "2013 Turkic Council summit", date: "2013-08-16", from: "Kyrgyzstan", to: "Azerbaijan" },
      { summit: "2014 Turkic Council summit", date: "2014-06-05", from: "Azerbaijan", to: "Turkey" },
      { summit: "2018 Turkic Council summit", date: "2018-09-03", from: "Kazakhstan", to: "Kyrgyzstan" },
      { summit: "2019 Turkic Council summit", date: "2019-10-15", from: "Kyrgyzstan", to: "Azerbaijan" },
      { summit: "2021 Turkic Council summit", date: "2021-11-12", from: "Azerbaijan", to: "Turkey" },
      { summit: "2022 Organization of Turkic States summit", date: "2022-11-11", from: "Turkey", to: "Uzbekistan" },
      { summit: "2023 Organization of Turkic States summit", date: "2023-11-03", from: "Uzbekistan", to: "Kazakhstan" },
      { summit: "2024 Organization of Turkic States summit", date: "2024-11-06", from: "Kazakhstan", to: "Kyrgyzstan" },
      { summit: "2025 Organization of Turkic States summit", date: "2025-10-07", from: "Kyrgyzstan", to: "Azerbaijan" },
    ],
  },
  'summits.rq': {
    // All 17 summits of section 3 of the reference, in one chain by date.
    rows: [
      { summit: "2011 Turkic Council summit", kind: "regular", ordinal: "1", date: "2011-10-21", city: "Almaty", country: "Kazakhstan", next: "2012 Turkic Council summit" },
      { summit: "2012 Turkic Council summit", kind: "regular", ordinal: "2", date: "2012-08-23", city: "Bishkek", country: "Kyrgyzstan", next: "2013 Turkic Council summit" },
      { summit: "2013 Turkic Council summit", kind: "regular", ordinal: "3", date: "2013-08-16", city: "Gabala", country: "Azerbaijan", next: "2014 Turkic Council summit" },
      { summit: "2014 Turkic Council summit", kind: "regular", ordinal: "4", date: "2014-06-05", city: "Bodrum", country: "Turkey", next: "2015 Turkic Council summit" },
      { summit: "2015 Turkic Council summit", kind: "regular", ordinal: "5", date: "2015-09-11", city: "Astana", country: "Kazakhstan", next: "2018 Turkic Council summit" },
      { summit: "2018 Turkic Council summit", kind: "regular", ordinal: "6", date: "2018-09-03", city: "Cholpon-Ata", country: "Kyrgyzstan", next: "2019 Turkic Council summit" },
      { summit: "2019 Turkic Council summit", kind: "regular", ordinal: "7", date: "2019-10-15", city: "Baku", country: "Azerbaijan", next: "2020 extraordinary Turkic Council summit" },
      { summit: "2020 extraordinary Turkic Council summit", kind: "extraordinary", date: "2020-04-10", next: "2021 informal Turkic Council summit" },
      { summit: "2021 informal Turkic Council summit", kind: "informal", date: "2021-03-31", next: "2021 Turkic Council summit" },
      { summit: "2021 Turkic Council summit", kind: "regular", ordinal: "8", date: "2021-11-12", city: "Istanbul", country: "Turkey", next: "2022 Organization of Turkic States summit" },
      { summit: "2022 Organization of Turkic States summit", kind: "regular", ordinal: "9", date: "2022-11-11", city: "Samarkand", country: "Uzbekistan", next: "2023 extraordinary summit of the Organization of Turkic States" },
      { summit: "2023 extraordinary summit of the Organization of Turkic States", kind: "extraordinary", date: "2023-03-16", city: "Ankara", country: "Turkey", next: "2023 Organization of Turkic States summit" },
      { summit: "2023 Organization of Turkic States summit", kind: "regular", ordinal: "10", date: "2023-11-03", city: "Astana", country: "Kazakhstan", next: "2024 informal summit of the Organization of Turkic States" },
      { summit: "2024 informal summit of the Organization of Turkic States", kind: "informal", date: "2024-07-06", city: "Shusha", country: "Azerbaijan", next: "2024 Organization of Turkic States summit" },
      { summit: "2024 Organization of Turkic States summit", kind: "regular", ordinal: "11", date: "2024-11-06", city: "Bishkek", country: "Kyrgyzstan", next: "2025 informal summit of the Organization of Turkic States" },
      { summit: "2025 informal summit of the Organization of Turkic States", kind: "informal", date: "2025-05-21", city: "Budapest", country: "Hungary", next: "2025 Organization of Turkic States summit" },
      { summit: "2025 Organization of Turkic States summit", kind: "regular", ordinal: "12", date: "2025-10-07", city: "Gabala", country: "Azerbaijan" },
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
    // Compared as a bag: outlets with equal counts tie, and their order depends on string collation.
    ordered: false,
    rows: [
      { source: "News Central Asia (newscentralasia.net)", facts: "69" },
      { source: "Kazinform (en.inform.kz)", facts: "55" },
      { source: "Trend (en.trend.az)", facts: "54" },
      { source: "OTS website mirror (demo10.sitefabrikasi.com)", facts: "46" },
      { source: "article: 2024 Organization of Turkic States summit", facts: "46" },
      { source: "Daily Sabah", facts: "44" },
      { source: "worldislamlaw.ru", facts: "39" },
      { source: "Kazinform (inform.kz)", facts: "34" },
      { source: "newscentralasia.net", facts: "32" },
      { source: "A News (anews.com.tr)", facts: "30" },
      { source: "Wikipedia mirror (hessslslslsls.azureedge.net)", facts: "30" },
      { source: "Turan (turan.az)", facts: "27" },
      { source: "AzerNews", facts: "25" },
      { source: "President of Azerbaijan (president.az)", facts: "25" },
      { source: "Today.az (by Trend)", facts: "23" },
      { source: "Wikipedia (en)", facts: "20" },
      { source: "MINA (en.minanews.net)", facts: "18" },
      { source: "Turkmenistan.ru", facts: "18" },
      { source: "Wikidata", facts: "18" },
      { source: "Caravanserai / Central Asia News (central.asia-news.com)", facts: "17" },
      { source: "Kure Ansiklopedi (auto-translated)", facts: "17" },
      { source: "UWI Data (uwidata.com)", facts: "17" },
      { source: "24.kg", facts: "16" },
      { source: "AzVision (en.azvision.az, citing Azertaj)", facts: "16" },
      { source: "Kircaali Haber", facts: "16" },
      { source: "Trend (trend.az)", facts: "16" },
      { source: "shusha.org (Azerbaycan 24)", facts: "16" },
      { source: "Forsal.pl", facts: "14" },
      { source: "Magyar Nemzet (English)", facts: "14" },
      { source: "Turkish MFA (mfa.gov.tr)", facts: "14" },
      { source: "TRT (trt.global)", facts: "13" },
      { source: "The Gulf Observer", facts: "13" },
      { source: "444.hu (Hungarian)", facts: "12" },
      { source: "Kazinform (qazinform.com)", facts: "12" },
      { source: "Ministry of Foreign Affairs of Azerbaijan (mfa.gov.az)", facts: "12" },
      { source: "News.az (AzerTag)", facts: "12" },
      { source: "Republic World", facts: "12" },
      { source: "kazworld.info (Kazakh MFA text)", facts: "12" },
      { source: "AZERTAC (azertag.az)", facts: "11" },
      { source: "Report.az", facts: "11" },
      { source: "Bright Uzbekistan (brightuzbekistan.uz)", facts: "10" },
      { source: "TWESCO / International Turkic Academy (twesco.org)", facts: "10" },
      { source: "Tengrinews (Russian)", facts: "10" },
      { source: "Today's Zaman", facts: "10" },
      { source: "AnewZ (anewz.tv)", facts: "9" },
      { source: "Asia-Plus (asiaplus.news)", facts: "9" },
      { source: "Asia-Plus (asiaplustj.info)", facts: "9" },
      { source: "Fergana (fergananews.com)", facts: "9" },
      { source: "Gundogar (gundogar-news.com)", facts: "9" },
      { source: "Hürriyet Daily News", facts: "9" },
      { source: "RFE/RL (rferl.org)", facts: "9" },
      { source: "The Diplomatic Insight", facts: "9" },
      { source: "Akşam (aksam.com.tr)", facts: "8" },
      { source: "Anadolu Agency (aa.com.tr, French)", facts: "8" },
      { source: "News.az (citing AZERTAC)", facts: "8" },
      { source: "Turkey News Gazette (AzerNews/Trend)", facts: "8" },
      { source: "yapresident.com (Kazakh MFA press release)", facts: "8" },
      { source: "Akorda – Official website of the President of Kazakhstan (akorda.kz)", facts: "7" },
      { source: "Daily Sabah (Arabic)", facts: "7" },
      { source: "New Eastern Outlook (journal-neo.su, French author page)", facts: "7" },
      { source: "The Times of Central Asia (timesca.com)", facts: "7" },
      { source: "Turkish News World (German)", facts: "7" },
      { source: "Turkmenistan News Gazette", facts: "7" },
      { source: "TÜRKSOY (turksoy.org)", facts: "7" },
      { source: "anews.com.tr", facts: "7" },
      { source: "APA (apa.az)", facts: "6" },
      { source: "Hungarian Government (2015-2019.kormany.hu)", facts: "6" },
      { source: "Invest in Uzbekistan (invest-in-uzbekistan.org)", facts: "6" },
      { source: "MENAFN (Trend)", facts: "6" },
      { source: "Newsline.kz", facts: "6" },
      { source: "Turkic Academy (turkicacademy.org)", facts: "6" },
      { source: "akipress.com", facts: "6" },
      { source: "asiaplustj.info", facts: "6" },
      { source: "aze.az (AZR.az/CBC TV)", facts: "6" },
      { source: "Embassy of Kazakhstan in Thailand (kazembassythailand.org)", facts: "5" },
      { source: "Kazakh TV (kazakh-tv.kz)", facts: "5" },
      { source: "MENAFN (AzerNews)", facts: "5" },
      { source: "Ministry of Foreign Affairs of Turkmenistan", facts: "5" },
      { source: "News.az", facts: "5" },
      { source: "hungarytoday.hu", facts: "5" },
      { source: "magyarnemzet.hu", facts: "5" },
      { source: "AzerNews (azernews.az, by Trend)", facts: "4" },
      { source: "New Azerbaijan Party (yap.org.az)", facts: "4" },
      { source: "President of Uzbekistan (president.uz, Russian)", facts: "4" },
      { source: "report.az", facts: "4" },
      { source: "Argumenty Nedeli (argumenti.ru)", facts: "3" },
      { source: "EIN Presswire (source: UzA)", facts: "3" },
      { source: "Eurasian Research Institute", facts: "3" },
      { source: "Mediamax (mediamax.am)", facts: "3" },
      { source: "Tengrinews (en)", facts: "3" },
      { source: "aze.az", facts: "3" },
      { source: "famagusta-gazette.com", facts: "3" },
      { source: "turkunib.skalden.uk (news page)", facts: "3" },
      { source: "Anadolu Agency", facts: "2" },
      { source: "El.kz", facts: "2" },
      { source: "OTS official site (turkicstates.org, Turkish)", facts: "2" },
      { source: "OneNewsPage (MENAFN)", facts: "2" },
      { source: "Presidential Library of Azerbaijan (turklib.preslib.az)", facts: "2" },
      { source: "Qalampir.uz", facts: "2" },
      { source: "Today.az (by AzerNews)", facts: "2" },
      { source: "Vestnik Kavkaza (en.vestikavkaza.ru)", facts: "2" },
      { source: "commonspace.eu", facts: "2" },
      { source: "exbulletin.com", facts: "2" },
      { source: "gundogar-news.com", facts: "2" },
      { source: "kant.kg", facts: "2" },
      { source: "qazinform.com", facts: "2" },
      { source: "KTÜ Vakfı (ktuvakfi.org.tr)", facts: "1" },
      { source: "Ministry of Foreign Affairs of the Republic of Cyprus (mfa.gov.cy)", facts: "1" },
      { source: "Minval.az", facts: "1" },
      { source: "OTS official site (turkicstates.org)", facts: "1" },
      { source: "Sputnik Uzbekistan (Uzbek)", facts: "1" },
      { source: "TRT World", facts: "1" },
      { source: "Teznews.uz (Uzbek)", facts: "1" },
      { source: "Trend (trend.az, Russian)", facts: "1" },
      { source: "UzDaily (Russian)", facts: "1" },
      { source: "Vestnik Kavkaza (Russian)", facts: "1" },
      { source: "armeniandiaspora.com (repost of Today's Zaman)", facts: "1" },
      { source: "commonspace.eu (with Kazinform)", facts: "1" },
      { source: "hurriyetdailynews.com", facts: "1" },
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
