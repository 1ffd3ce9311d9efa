// The fact readers and the text functions: fast and precise reading agree, repair and normalisation behave as documented.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Collector, parseEntities, parseSources, parseSummit } from '../src/facts/parse.js';
import { Issues, readYaml, readYamlFast } from '../src/facts/reader.js';
import { closest, nameKey, normalizeText, normalizeWithMap, repairEncoding, slugify } from '../src/facts/text.js';

const files = [
  'data/sources.yaml',
  ...readdirSync('data/entities').map((f) => `data/entities/${f}`),
  ...readdirSync('data/summits').map((f) => `data/summits/${f}`),
];

function read(file: string, reader: typeof readYaml): string[] {
  const c = new Collector(new Issues());
  const parsed = reader(file, readFileSync(file, 'utf8'), c.issues);
  if (!parsed) throw new Error(`${file} did not parse`);
  const stem = file.split('/').pop()!.replace('.yaml', '');
  if (file.endsWith('sources.yaml')) parseSources(parsed, c, () => 'text');
  else if (file.includes('/entities/')) parseEntities(parsed, c, stem);
  else parseSummit(parsed, c, stem);
  expect(c.issues.list).toEqual([]);
  return [
    ...c.facts.map((f) => `${f.key} line ${f.line}: ${f.statements.length} statements, ${f.evidence.length} evidence`),
    ...c.minted.map((m) => `minted ${m.path}`),
    ...c.citations.map((x) => `citation ${JSON.stringify(x)}`),
  ];
}

describe('reading fact files', () => {
  it.each(files)('%s reads the same in the fast and the precise reader, lines included', (file) => {
    const fast = read(file, readYamlFast);
    expect(fast.length).toBeGreaterThan(0);
    expect(fast).toEqual(read(file, readYaml));
  });

  it('dates stay text in both readers (no time zones creep in)', () => {
    for (const reader of [readYaml, readYamlFast]) {
      const parsed = reader('x.yaml', 'date: 2024-11-06\n', new Issues());
      expect(parsed?.root.get('date').date()).toBe('2024-11-06');
    }
  });
});

describe('text repair', () => {
  it.each([
    ['Mac OS Roman damage', 'Viktor Orb√°n', 'Viktor Orbán'],
    ['Windows-1252 damage', 'Viktor OrbÃ¡n', 'Viktor Orbán'],
    ['a Turkish letter (Mac OS Roman)', 'Erdoƒüan', 'Erdoğan'],
    ['clean text', 'Türk Devletleri Teşkilatı', 'Türk Devletleri Teşkilatı'],
    ['Cyrillic', 'Садыр Жапаров', 'Садыр Жапаров'],
    ['a lone symbol that is no damage', 'x √ y', 'x √ y'],
  ])('%s: %s -> %s', (_what, input, expected) => {
    expect(repairEncoding(input)).toBe(expected);
  });

  it('the normalisation repairs, drops asterisks and folds white space, keeping a map back to the original', () => {
    const original = '**The  summit**\nhosted by Orb√°n.';
    const n = normalizeWithMap(original);
    expect(n.text).toBe('The summit hosted by Orbán.');
    const i = n.text.indexOf('Orbán');
    expect(original.slice(n.origin[i], n.originEnd[i + 'Orbán'.length - 1])).toBe('Orb√°n');
    expect(normalizeText('  a\t\tb  ')).toBe('a b');
  });

  it.each([
    ['Recep Tayyip Erdoğan', 'recep tayyip erdogan'],
    ['Sadır Caparov', 'sadir caparov'],
    ['Kyrgyz  Republic', 'kyrgyz republic'],
  ])('the name key of %s is %s', (name, key) => {
    expect(nameKey(name)).toBe(key);
  });

  it('slugs are lower-case ASCII', () => {
    expect(slugify('Viktor Orbán')).toBe('viktor-orban');
    expect(slugify('Kassym-Jomart Tokayev')).toBe('kassym-jomart-tokayev');
  });

  it('suggests the nearest id and nothing when nothing is near', () => {
    expect(closest('kyrgystan', ['kyrgyzstan', 'kazakhstan'])).toBe('kyrgyzstan');
    expect(closest('zzzzzzzz', ['kyrgyzstan', 'kazakhstan'])).toBeUndefined();
  });
});
