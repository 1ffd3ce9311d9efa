// Bad input in data/ stops the build with the file, the line, a reason and a hint — and leaves the dumps as they were.
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FactsError, formatIssue } from '../src/facts/errors.js';
import { loadFacts } from '../src/facts/load.js';
import { ValidationError, runBuild } from '../src/pipeline.js';
import { lineOf, type DataCopy } from './helpers/data-copy.js';
import { completeDataCopy } from './helpers/standin-summits.js';

const SUMMIT = 'summits/2024-bishkek.yaml';
const BASE = 'https://w3id.org/ots-kg/';

interface Case {
  name: string;
  file: string;
  /** Text replaced, and its replacement; the error is expected on the line where `expectAt` stands afterwards. */
  from: string | RegExp;
  to: string;
  expectAt: string;
  reason: RegExp;
  hint?: RegExp;
  /** Append instead of replace. */
  append?: boolean;
}

const cases: Case[] = [
  {
    name: 'a city for a summit held online',
    file: 'summits/2020-extraordinary-online.yaml',
    from: '  online: true\n',
    to: '  online: true\n  city: baku\n',
    expectAt: '  city: baku',
    reason: /a summit held online has no city/,
    hint: /drop it, or drop 'online: true'/,
  },
  {
    name: 'a summit in a city without its city',
    file: 'summits/2011-almaty.yaml',
    from: '  city: almaty\n',
    to: '',
    expectAt: '  id: 2011-almaty',
    reason: /missing required field/,
    hint: /add 'city: …'/,
  },
  {
    name: 'a contradicted claim that names no contradicting source',
    file: 'summits/2012-bishkek.yaml',
    from: /    contradicted_by: \[[^\]]*\]\n/,
    to: '',
    expectAt: '  - id: azerbaijan-represented-by-aliyev',
    reason: /^missing required field \(a list\)/,
    hint: /contradicted_by/,
  },
  {
    name: 'an unknown claim status',
    file: 'summits/2018-cholpon-ata.yaml',
    from: '    status: alternative\n',
    to: '    status: alternate\n',
    expectAt: '    status: alternate',
    reason: /'alternate' is not one of accepted, contradicted, unconfirmed, alternative/,
    hint: /did you mean 'alternative'\?/,
  },
  {
    name: 'a claimed date that is no date',
    file: 'summits/2018-cholpon-ata.yaml',
    from: '    value: 2018-09-02\n',
    to: '    value: 2018-09-31\n',
    expectAt: '    value: 2018-09-31',
    reason: /impossible date 2018-09-31/,
  },
  {
    name: 'a guest who is neither a state nor a named person',
    file: 'summits/2018-cholpon-ata.yaml',
    from: '    representative: rustam-minnikhanov\n',
    to: '',
    expectAt: '  - id: tatarstan',
    reason: /^missing required field \(text\)/,
    hint: /state: …/,
  },
  {
    name: 'a malformed YAML file',
    file: SUMMIT,
    from: '  ordinal: 11\n',
    to: '  ordinal: [11\n',
    expectAt: '  date: 2024-11-06',
    reason: /^malformed YAML/,
    hint: /indentation|quoting/,
  },
  {
    name: 'a missing required field',
    file: SUMMIT,
    from: '  date: 2024-11-06\n',
    to: '',
    expectAt: '  id: 2024-bishkek',
    reason: /missing required field/,
    hint: /add 'date: …'/,
  },
  {
    name: 'a reference to an unknown entity',
    file: SUMMIT,
    from: '    state: kyrgyzstan\n',
    to: '    state: kyrgystan\n',
    expectAt: '    state: kyrgystan',
    reason: /unknown state 'kyrgystan'/,
    hint: /did you mean 'kyrgyzstan'\?/,
  },
  {
    name: 'an evidence quote not found in the source',
    file: SUMMIT,
    from: 'Bishkek was designated as the Digital Capital',
    to: 'Bishkek was named the Digital Capital',
    expectAt: 'Bishkek was named the Digital Capital',
    reason: /quote not found in the source article/,
    hint: /matches up to "Bishkek was "/,
  },
  {
    name: 'a malformed Wikidata identifier',
    file: 'entities/states.yaml',
    from: '    wikidata: Q813\n',
    to: '    wikidata: Q-0813\n',
    expectAt: '    wikidata: Q-0813',
    reason: /malformed Wikidata identifier 'Q-0813'/,
    hint: /Q813/,
  },
  {
    name: 'a Wikidata item used by two entities',
    file: 'entities/states.yaml',
    from: '    wikidata: Q227\n',
    to: '    wikidata: Q813\n',
    expectAt: '    wikidata: Q813\n    evidence:\n      - quote: "The next regular summit',
    reason: /Wikidata item Q813 is already linked to 'kyrgyzstan' \(data\/entities\/states.yaml:9\); one Wikidata item can be the same as only one entity/,
    hint: /remove it here/,
  },
  {
    name: 'an impossible date',
    file: SUMMIT,
    from: '  date: 2024-11-06\n',
    to: '  date: 2024-02-30\n',
    expectAt: '  date: 2024-02-30',
    reason: /impossible date 2024-02-30/,
    hint: /month 2 has no day 30/,
  },
  {
    name: 'a duplicate IRI',
    file: 'entities/people.yaml',
    from: '',
    to: '\n  - id: viktor-orban\n    kind: person\n    name: Viktor Orban\n    evidence: [{ cite: wikidata }]\n',
    append: true,
    expectAt: '  - id: viktor-orban\n    kind: person\n    name: Viktor Orban',
    reason: /duplicate IRI: 'id\/person\/viktor-orban' is already defined at data\/entities\/people.yaml:\d+/,
    hint: /another id/,
  },
  {
    name: 'an unknown citation',
    file: SUMMIT,
    from: '    evidence: [{ cite: newscentralasia-2024-11-07 }]\n  - id: turkey',
    to: '    evidence: [{ cite: newscentralasia-2024-1107 }]\n  - id: turkey',
    expectAt: 'cite: newscentralasia-2024-1107',
    reason: /unknown citation 'newscentralasia-2024-1107'/,
    hint: /did you mean 'newscentralasia-2024-11-07'\?/,
  },
  {
    name: 'a misspelt field name',
    file: SUMMIT,
    from: '    representative: viktor-orban\n',
    to: '    representitive: viktor-orban\n',
    expectAt: 'representitive: viktor-orban',
    reason: /unknown field 'representitive'/,
    hint: /did you mean 'representative'\?/,
  },
  {
    name: 'an entity of the wrong kind',
    file: SUMMIT,
    from: '    representative: ilham-aliyev\n',
    to: '    representative: azerbaijan\n',
    expectAt: 'representative: azerbaijan',
    reason: /'azerbaijan' is a state, but a person is expected here/,
  },
  {
    name: 'a fact without evidence',
    file: SUMMIT,
    from: /  - id: uzbekistan\n(.*\n){4}    evidence: \[\{ cite: newscentralasia-2024-11-07 \}\]\n/,
    to: '  - id: uzbekistan\n    state: uzbekistan\n    status: member\n    representative: shavkat-mirziyoyev\n    role: President\n',
    expectAt: '  - id: uzbekistan',
    reason: /missing required field \(a list\)/,
    hint: /evidence/,
  },
  {
    name: 'a membership granted by an event the file does not have',
    file: 'organisation.yaml',
    from: '    granted_by: nakhchivan-agreement-signing\n    evidence: [{ cite: [anews-com-2024-10-03, en-tengrinews, mfa-gov-2] }]\n  - id: kazakhstan',
    to: '    granted_by: nakhchivan-agreement\n    evidence: [{ cite: [anews-com-2024-10-03, en-tengrinews, mfa-gov-2] }]\n  - id: kazakhstan',
    expectAt: '    granted_by: nakhchivan-agreement\n',
    reason: /no event 'nakhchivan-agreement' in the events of this file/,
    hint: /nakhchivan-agreement-signing/,
  },
  {
    name: 'two variants of a disputed point accepted as fact',
    file: 'organisation.yaml',
    from: '        statement: The renaming took place on 14 November 2021.\n        status: contradicted',
    to: '        statement: The renaming took place on 14 November 2021.\n        status: accepted',
    expectAt: '      - id: 12-november-2021',
    reason: /2 variants are accepted as fact; at most one may be/,
    hint: /contradicted/,
  },
  {
    name: 'an office term without any date',
    file: 'organisation.yaml',
    from: '    attested_on: 2022-11-11\n',
    to: '',
    expectAt: '  - id: gurbanguly-berdimuhamedov-halk-maslahaty',
    reason: /an office term needs a date: from, from_summit or attested_on/,
    hint: /the date a source shows the person in office/,
  },
];

async function dumpHashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of (await readdir(dir)).sort()) out[f] = createHash('sha256').update(await readFile(join(dir, f))).digest('hex');
  return out;
}

describe('bad input in the facts', () => {
  let copy: DataCopy;
  let outRoot: string;
  let outDir: string;
  let before: Record<string, string>;

  beforeAll(async () => {
    outRoot = await mkdtemp(join(tmpdir(), 'ots-kg-out-'));
    outDir = join(outRoot, 'dumps');
    // A good build first, so there are dumps that a failed build must leave alone.
    const good = await completeDataCopy();
    await runBuild({ dataDir: good.dataDir, ontologyDir: 'ontology', outDir, base: BASE });
    await good.remove();
    before = await dumpHashes(outDir);
    expect(Object.keys(before).length).toBeGreaterThan(10);
  });
  afterAll(async () => {
    await rm(outRoot, { recursive: true, force: true });
  });

  it.each(cases)('$name stops the build with file, line, reason and hint, and no dump changes', async (c) => {
    copy = await completeDataCopy();
    try {
      await copy.edit(c.file, (t) => (c.append ? t + c.to : t.replace(c.from, c.to)));
      const text = await readFile(join(copy.dataDir, c.file), 'utf8');
      const line = lineOf(text, c.expectAt);
      const err = await loadFacts({ dataDir: copy.dataDir }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(FactsError);
      const issues = (err as FactsError).issues;
      const match = issues.find((i) => c.reason.test(i.reason));
      expect(match, `issues were:\n${issues.map(formatIssue).join('\n')}`).toBeDefined();
      expect(match?.file).toBe(`data/${c.file}`);
      expect(match?.line).toBe(line);
      if (c.hint) expect(match?.hint ?? '').toMatch(c.hint);
      // One readable line: file:line:col: path: reason (hint: ...)
      expect(formatIssue(match!)).toMatch(new RegExp(`^data/${c.file.replace('.', '\\.')}:${line}:\\d+: `));

      await expect(runBuild({ dataDir: copy.dataDir, ontologyDir: 'ontology', outDir, base: BASE })).rejects.toBeInstanceOf(FactsError);
      expect(await dumpHashes(outDir)).toEqual(before);
    } finally {
      await copy.remove();
    }
  });

  it('a graph that breaks a shape stops the build with focus node, path and message, and no dump changes', async () => {
    const onto = await mkdtemp(join(tmpdir(), 'ots-kg-onto-'));
    const data = await completeDataCopy();
    try {
      await cp('ontology', onto, { recursive: true });
      const shapes = await readFile(join(onto, 'shapes.ttl'), 'utf8');
      // A stricter rule than the data meets: every person must state a job title.
      await writeFile(
        join(onto, 'shapes.ttl'),
        `${shapes}\n<urn:test:PersonNeedsTitle> a sh:NodeShape ; sh:targetClass schema:Person ;\n  sh:property [ sh:path schema:jobTitle ; sh:minCount 1 ; sh:message "a person needs a job title" ] .\n`,
      );
      const err = await runBuild({ dataDir: data.dataDir, ontologyDir: onto, outDir, base: BASE }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ValidationError);
      const v = (err as ValidationError).violations.find((x) => x.focusNode.includes('id/person/ilham-aliyev'));
      expect(v?.path).toContain('jobTitle');
      expect(v?.message).toBe('a person needs a job title');
      expect((err as Error).message).toMatch(/ilham-aliyev.*jobTitle.*a person needs a job title/);
      expect(await dumpHashes(outDir)).toEqual(before);
    } finally {
      await rm(onto, { recursive: true, force: true });
      await data.remove();
    }
  });
});

describe('every problem in one pass', () => {
  it('check reports a form error, a name, a quote, a citation and a shape violation of different files together', async () => {
    const copy = await completeDataCopy();
    try {
      // Form (an impossible date) and a name (an unknown state) and a quote, all in one file.
      await copy.edit(SUMMIT, (t) =>
        t
          .replace('  date: 2024-11-06\n', '  date: 2024-02-30\n')
          .replace('    state: kyrgyzstan\n', '    state: kyrgystan\n')
          .replace('Bishkek was designated as the Digital Capital', 'Bishkek was named the Digital Capital'),
      );
      // A citation in another file.
      await copy.edit('summits/2025-gabala.yaml', (t) => t.replace('    - cite: report-az\n', '    - cite: report-azz\n'));
      // A graph that reads fine but breaks a shape: a second venue for one summit (ots:venue is at most one).
      await copy.edit('summits/2023-astana.yaml', (t) => t.replace('\ndetails:\n', '\ndetails:\n  - id: second-venue\n    venue: yntymak-ordo\n    evidence: [{ cite: kant-kg }]\n'));
      const { checkData } = await import('../src/facts/check.js');
      const err = await checkData({ dataDir: copy.dataDir, ontologyDir: 'ontology', base: BASE }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(FactsError);
      const lines = (err as FactsError).issues.map(formatIssue);
      const shown = lines.join('\n');
      const bishkek = await readFile(join(copy.dataDir, SUMMIT), 'utf8');
      const astana = await readFile(join(copy.dataDir, 'summits/2023-astana.yaml'), 'utf8');
      const expected: Array<[string, RegExp]> = [
        [`data/${SUMMIT}:${lineOf(bishkek, '  date: 2024-02-30')}:`, /impossible date 2024-02-30/],
        [`data/${SUMMIT}:${lineOf(bishkek, '    state: kyrgystan')}:`, /unknown state 'kyrgystan'/],
        [`data/${SUMMIT}:${lineOf(bishkek, 'Bishkek was named')}:`, /quote not found/],
        ['data/summits/2025-gabala.yaml:', /unknown citation 'report-azz'/],
        [`data/summits/2023-astana.yaml:${lineOf(astana, '  id: 2023-astana')}:`, /shape: .*2023-astana.*venue.*at most one/],
      ];
      for (const [where, what] of expected) expect(lines.some((l) => l.startsWith(where) && what.test(l)), `missing ${where} ${what}\nreported:\n${shown}`).toBe(true);
      // The summit whose header had the bad date is not also blamed by the shapes for what the bad field left out.
      expect(lines.filter((l) => l.includes('shape:') && l.includes('2024-bishkek')), shown).toEqual([]);
    } finally {
      await copy.remove();
    }
  });

  it('a bad value is reported once, where it stands', async () => {
    const copy = await completeDataCopy();
    try {
      await copy.edit(SUMMIT, (t) =>
        t
          .replace('    representative: ilham-aliyev\n', '    representative: [ilham-aliyev, recep-tayyip-erdogan]\n')
          .replace('    evidence: [{ cite: newscentralasia-2024-11-07 }]\n  - id: turkey', '    evidence: newscentralasia-2024-11-07\n  - id: turkey')
          .replace('  from: kazakhstan\n', '  from: { state: kazakhstan }\n'),
      );
      const err = await loadFacts({ dataDir: copy.dataDir }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(FactsError);
      const issues = (err as FactsError).issues;
      const shown = issues.map(formatIssue).join('\n');
      const count = (path: string): number => issues.filter((i) => i.path === path).length;
      expect(count('participants[1].representative'), shown).toBe(1);
      expect(count('participants[2].evidence'), shown).toBe(1);
      expect(count('chairmanship.from'), shown).toBe(1);
      expect(issues.find((i) => i.path === 'participants[1].representative')?.reason).toMatch(/expected text/);
      expect(issues.find((i) => i.path === 'participants[2].evidence')?.reason).toMatch(/expected a list/);
    } finally {
      await copy.remove();
    }
  });
});
