// Minimal stand-in summit files for a copy of data/: the organisation's history (data/organisation.yaml) links
// to every summit since 2011, and a summit whose file is not in data/summits/ yet gets a stand-in here, with the
// date, place and host the reference sources give, so the history can be built and queried. A summit that data/
// has already is left as it is, and so is a place data/ defines.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DataCopy } from './data-copy.js';

interface StandIn {
  readonly id: string;
  readonly kind: 'regular' | 'informal';
  readonly ordinal?: number;
  readonly date: string;
  readonly city: string;
  readonly country: string;
  readonly cite: string;
}

/** The summits of 2011-2025 with their date, city and host (the reference's overview table and its sources). */
export const STAND_INS: readonly StandIn[] = [
  { id: '2011-almaty', kind: 'regular', ordinal: 1, date: '2011-10-21', city: 'almaty', country: 'kazakhstan', cite: 'newsline-2011-10-24' },
  { id: '2012-bishkek', kind: 'regular', ordinal: 2, date: '2012-08-23', city: 'bishkek', country: 'kyrgyzstan', cite: 'turan-2' },
  { id: '2013-gabala', kind: 'regular', ordinal: 3, date: '2013-08-16', city: 'gabala', country: 'azerbaijan', cite: 'president' },
  { id: '2014-bodrum', kind: 'regular', ordinal: 4, date: '2014-06-05', city: 'bodrum', country: 'turkey', cite: 'yap-org' },
  { id: '2015-astana', kind: 'regular', ordinal: 5, date: '2015-09-11', city: 'astana', country: 'kazakhstan', cite: 'hessslslslsls-azureedge' },
  { id: '2018-cholpon-ata', kind: 'regular', ordinal: 6, date: '2018-09-03', city: 'cholpon-ata', country: 'kyrgyzstan', cite: 'en-inform-2018-09-03' },
  { id: '2019-baku', kind: 'regular', ordinal: 7, date: '2019-10-15', city: 'baku', country: 'azerbaijan', cite: 'today-2019-10-15' },
  { id: '2021-informal-online', kind: 'informal', date: '2021-03-31', city: 'turkistan', country: 'kazakhstan', cite: 'brightuzbekistan' },
  { id: '2021-istanbul', kind: 'regular', ordinal: 8, date: '2021-11-12', city: 'istanbul', country: 'turkey', cite: 'anews-com-2021-11-11' },
  { id: '2022-samarkand', kind: 'regular', ordinal: 9, date: '2022-11-11', city: 'samarkand', country: 'uzbekistan', cite: 'newscentralasia-2022-11-14' },
  { id: '2023-astana', kind: 'regular', ordinal: 10, date: '2023-11-03', city: 'astana', country: 'kazakhstan', cite: 'newscentralasia-2023-11-03' },
  { id: '2024-bishkek', kind: 'regular', ordinal: 11, date: '2024-11-06', city: 'bishkek', country: 'kyrgyzstan', cite: 'newscentralasia-2024-11-07' },
  { id: '2025-gabala', kind: 'regular', ordinal: 12, date: '2025-10-07', city: 'gabala', country: 'azerbaijan', cite: 'newscentralasia-2025-10-08' },
];

/** Cities the stand-ins need: id, name, state. */
export const STAND_IN_PLACES: Readonly<Record<string, readonly [string, string]>> = { almaty: ['Almaty', 'kazakhstan'], bodrum: ['Bodrum', 'turkey'], 'cholpon-ata': ['Cholpon-Ata', 'kyrgyzstan'], baku: ['Baku', 'azerbaijan'] };

/** The label of a stand-in summit. */
export const standInName = (id: string): string => `Summit ${id} (stand-in)`;

/** Ids defined anywhere under data/entities of the copy. */
function definedIds(dataDir: string): Set<string> {
  const ids = new Set<string>();
  const dir = join(dataDir, 'entities');
  for (const f of readdirSync(dir)) for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/^\s*- id: ([a-z0-9-]+)\s*$/gm)) ids.add(m[1] ?? '');
  return ids;
}

/** Adds the stand-ins the copy lacks; returns the ids of the summits added. */
export async function addStandInSummits(copy: DataCopy): Promise<string[]> {
  const added: string[] = [];
  const defined = definedIds(copy.dataDir);
  const places = Object.entries(STAND_IN_PLACES).filter(([id]) => !defined.has(id));
  if (places.length > 0) {
    await copy.write(
      'entities/zz-stand-in-places.yaml',
      `entities:\n${places.map(([id, [name, state]]) => `  - { id: ${id}, kind: city, name: ${name}, in: ${state}, evidence: [{ cite: hessslslslsls-azureedge }] }\n`).join('')}`,
    );
  }
  for (const s of STAND_INS) {
    if (existsSync(join(copy.dataDir, 'summits', `${s.id}.yaml`))) continue;
    const lines = [
      'summit:',
      `  id: ${s.id}`,
      `  kind: ${s.kind}`,
      `  name: ${standInName(s.id)}`,
      ...(s.ordinal ? [`  ordinal: ${s.ordinal}`] : []),
      `  date: ${s.date}`,
      `  city: ${s.city}`,
      `  country: ${s.country}`,
      '  organization: ots',
      `  evidence: [{ cite: ${s.cite} }]`,
      '',
    ];
    await copy.write(`summits/${s.id}.yaml`, lines.join('\n'));
    added.push(s.id);
  }
  return added;
}

/**
 * A copy of data/ with the stand-ins it lacks, for tests of the real data: until every summit of the organisation's
 * history has its file in data/summits/, the history's links to it resolve to a stand-in; once it has, the copy
 * is data/ as it is.
 */
export async function completeDataCopy(): Promise<DataCopy> {
  const { copyData } = await import('./data-copy.js');
  const copy = await copyData();
  await addStandInSummits(copy);
  return copy;
}

/** The graph built from completeDataCopy(), the copy removed afterwards. */
export async function buildCompleteGraph(base: string): Promise<import('../../src/graph/types.js').BuiltGraph> {
  const { buildGraph } = await import('../../src/build.js');
  const copy = await completeDataCopy();
  try {
    return await buildGraph({ dataDir: copy.dataDir, base });
  } finally {
    await copy.remove();
  }
}
