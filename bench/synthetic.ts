// Synthetic fact files in the real schema: the real data folder plus N generated summits, for benchmarks at any size.
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SyntheticOptions {
  /** Folder to create; receives a data/ folder. */
  readonly dir: string;
  /** Number of generated summits (each about 513 default-graph triples). */
  readonly summits: number;
  /** Folder holding the real data to start from. */
  readonly realData?: string;
}

const STATES = 40;
const CITATIONS = 200;

/** A deterministic pseudo-random sequence, so the same options give the same files. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function sentence(i: number): string {
  return `Synthetic summit ${i} adopted resolution ${i} on cooperation in field ${i % 97} among the member states.`;
}

export async function writeSyntheticData(opts: SyntheticOptions): Promise<string> {
  const dataDir = join(opts.dir, 'data');
  await cp(opts.realData ?? 'data', dataDir, { recursive: true });
  await mkdir(join(dataDir, 'summits'), { recursive: true });
  const rand = rng(opts.summits + 7);

  // One synthetic article whose sentences the generated quotes cite.
  const article = Array.from({ length: opts.summits }, (_, i) => sentence(i)).join('\n');
  await writeFile(join(dataDir, 'source', 'synthetic.txt'), `Synthetic article\n\n${article}\n`);
  const sources = [
    'articles:',
    '  - { id: synthetic, file: source/synthetic.txt, title: Synthetic summits, publisher: ots-kg benchmark }',
    'citations:',
    ...Array.from({ length: CITATIONS }, (_, i) => `  - { id: synth-report-${i}, outlet: outlet${i % 37}.example, date: 2020-01-${String((i % 28) + 1).padStart(2, '0')} }`),
  ].join('\n');
  // The generated sources are appended to the real ones, so the real quotes keep working.
  const { readFile } = await import('node:fs/promises');
  const real = await readFile(join(dataDir, 'sources.yaml'), 'utf8');
  const merged = real
    .replace(/^articles:\n/m, `articles:\n  - { id: synthetic, file: source/synthetic.txt, title: Synthetic summits, publisher: ots-kg benchmark }\n`)
    .replace(/^citations:\n/m, `citations:\n${sources.split('citations:\n')[1]}\n`);
  await writeFile(join(dataDir, 'sources.yaml'), merged);

  const ent: string[] = ['entities:'];
  for (let s = 0; s < STATES; s++) {
    ent.push(`  - { id: synth-state-${s}, kind: state, name: Synthetic State ${s}, also: [Synthetic Republic ${s}], wikidata: Q${900000 + s}, evidence: [{ cite: synth-report-${s} }] }`);
    ent.push(`  - { id: synth-city-${s}, kind: city, name: Synthetic City ${s}, in: synth-state-${s}, evidence: [{ cite: synth-report-${s + 1} }] }`);
  }
  const people = opts.summits * 3;
  for (let p = 0; p < people; p++) {
    ent.push(`  - { id: synth-person-${p}, kind: person, name: Synthetic Person ${p}, names: { ru: Персона ${p} }, evidence: [{ cite: synth-report-${p % CITATIONS} }] }`);
  }
  await writeFile(join(dataDir, 'entities', 'synthetic.yaml'), `${ent.join('\n')}\n`);

  const cite = (): string => `{ cite: synth-report-${Math.floor(rand() * CITATIONS)} }`;
  for (let i = 0; i < opts.summits; i++) {
    const id = `synth-${String(i).padStart(6, '0')}`;
    const host = i % STATES;
    const person = (k: number): string => `synth-person-${(i * 3 + k) % people}`;
    const y = 2030 + (i % 60);
    const lines = [
      'summit:',
      `  id: ${id}`,
      '  kind: regular',
      `  name: Synthetic summit ${i}`,
      `  official_name: Meeting ${i} of the Council of Heads of State`,
      `  ordinal: ${100 + i}`,
      `  date: ${y}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      `  city: synth-city-${host}`,
      `  country: synth-state-${host}`,
      '  organization: ots',
      '  council: council-of-heads-of-state',
      ...(i > 0 ? [`  previous: synth-${String(i - 1).padStart(6, '0')}`] : []),
      `  evidence: [{ quote: "${sentence(i)}" }, ${cite()}]`,
      'details:',
      `  - { id: host, host: ${person(0)}, theme: "Synthetic theme ${i}", evidence: [${cite()}] }`,
      `  - { id: topics, topics: [topic ${i % 13}, topic ${i % 17}, topic ${i % 19}], evidence: [${cite()}] }`,
      'about:',
      `  - { id: host-office, subject: ${person(0)}, job_title: President of Synthetic State ${host}, evidence: [${cite()}] }`,
      'participants:',
      ...Array.from({ length: 8 }, (_, k) => {
        const st = (host + k) % STATES;
        return `  - { id: p${k}, state: synth-state-${st}, status: ${k === 0 ? 'host' : k < 5 ? 'member' : 'observer'}, representative: ${person(k % 3)}, role: ${k === 0 ? 'President; host' : 'President'}, evidence: [${cite()}, ${cite()}] }`;
      }),
      'decisions:',
      ...Array.from({ length: 5 }, (_, k) => `  - { id: d${k}, position: ${k + 1}, name: Decision ${k} of summit ${i}, description: Synthetic decision text ${k}., adopts: { id: ${id}-doc-${k}, name: Document ${k} of summit ${i} }, evidence: [${cite()}] }`),
      `  - { id: designation, position: 6, name: Capital of synthetic year, designates: { place: synth-city-${host}, title: Synthetic Capital, year: ${y} }, evidence: [${cite()}] }`,
      'agreements:',
      ...Array.from({ length: 6 }, (_, k) => `  - { id: a${k}, type: ${k % 2 ? 'memorandum' : 'agreement'}, name: Agreement ${k} of summit ${i}, purpose: to cooperate in area ${k}, establishes: Body ${k}, evidence: [${cite()}] }`),
      'awards:',
      `  - { id: award, award: supreme-order-of-turkic-world, recipient: ${person(1)}, proposed_by: ${person(0)}, reason: for synthetic merit ${i}, evidence: [${cite()}] }`,
      'press_conferences:',
      `  - { id: closing, name: Press conference ${i}, speakers: [${person(0)}, ${person(2)}], topics: [outcomes, agreements], evidence: [${cite()}] }`,
      'chairmanship:',
      `  { id: transfer, from: synth-state-${(host + STATES - 1) % STATES}, to: synth-state-${host}, evidence: [${cite()}] }`,
      'declarations:',
      `  - { id: declaration, name: Declaration of summit ${i}, description: collective goals ${i}, signed_by: Heads of State, evidence: [${cite()}] }`,
      'plans:',
      `  - { id: next, kind: regular, country: synth-state-${(host + 1) % STATES}, year: ${y + 1}, evidence: [${cite()}] }`,
    ];
    await writeFile(join(dataDir, 'summits', `${id}.yaml`), `${lines.join('\n')}\n`);
  }
  return dataDir;
}
