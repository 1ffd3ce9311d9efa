// Sections are table entries: a new one is read by the same runner, with its fields checked and its fact recorded;
// every section of the real tables is documented in data/README.md.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../src/facts/errors.js';
import { path, ref, text } from '../src/facts/fields.js';
import type { Statement } from '../src/facts/model.js';
import { ORGANISATION_SECTIONS } from '../src/facts/organisation.js';
import { Issues, readYaml, readYamlFast } from '../src/facts/reader.js';
import { Collector, readSections, type FileContext, type SectionTable } from '../src/facts/section.js';
import { SUMMIT_SECTIONS } from '../src/facts/summit.js';
import { OTS, RDFS } from '../src/vocab.js';

const SPEECHES: SectionTable<FileContext> = {
  speeches: {
    fact: 'speech',
    says: 'a speech: speaker, topic',
    fields: ['speaker', 'topic'],
    read(ctx, v, id) {
      const X = path(ctx.c.mint(`id/speech/${id}`, v.get('id')));
      const stmts: Statement[] = [];
      const who = ref(v.get('speaker'), ['person'], true);
      if (who) stmts.push({ s: X, p: OTS.speaker, o: who });
      const topic = text(v.get('topic'));
      if (topic) stmts.push({ s: X, p: RDFS.label, o: topic });
      return stmts;
    },
  },
};

const YAML = `speeches:
  - id: opening
    speaker: viktor-orban
    topic: unity
    evidence: [{ cite: some-report }]
  - id: closing
    speakr: sadyr-japarov
    evidence: [{ cite: some-report }]
  - id: third
    speaker: [a, b]
    evidence: some-report
`;

describe('a section is a table entry', () => {
  it.each([
    ['fast', readYamlFast],
    ['precise', readYaml],
  ] as const)('a new section is read by the runner in the %s reader: facts with evidence, each problem once, where it stands', (_mode, read) => {
    const issues = new Issues();
    const parsed = read('data/test.yaml', YAML, issues);
    expect(parsed).toBeDefined();
    const c = new Collector(issues);
    readSections(parsed!.root, SPEECHES, { c, file: 'data/test.yaml', stem: 'test' });
    expect(c.facts.map((f) => f.key)).toEqual(['fact/test/speech-opening', 'fact/test/speech-closing', 'fact/test/speech-third']);
    expect(c.facts[0]?.evidence.map((e) => (e.kind === 'cite' ? e.id : e.text))).toEqual(['some-report']);
    expect(c.facts[0]?.incomplete).toBeUndefined();
    expect(c.facts[1]?.incomplete).toBe(true);
    const shown = issues.list.map(formatIssue);
    const byPath = (p: string): string[] => issues.list.filter((i) => i.path === p).map((i) => i.reason);
    expect(byPath('speeches[1].speakr'), shown.join('\n')).toEqual(["unknown field 'speakr'"]);
    expect(byPath('speeches[1].speaker')).toEqual(['missing required field (text)']);
    expect(byPath('speeches[2].speaker')).toEqual(['expected text, found a list or mapping']);
    expect(byPath('speeches[2].evidence')).toEqual(['expected a list']);
    expect(issues.list.length, shown.join('\n')).toBe(4);
  });

  it('documents every section of the summit and organisation tables in data/README.md', () => {
    const readme = readFileSync('data/README.md', 'utf8');
    for (const name of [...Object.keys(SUMMIT_SECTIONS), ...Object.keys(ORGANISATION_SECTIONS)]) expect(readme, name).toContain(`| \`${name}\` |`);
  });
});
