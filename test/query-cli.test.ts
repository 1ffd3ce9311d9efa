// `ots-kg query`: answers from the dumps without a server, with exit codes and messages for every kind of failure.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runQueryCommand } from '../src/cli-query.js';

const NQ = readFileSync(new URL('./fixtures/query/summit.nq', import.meta.url), 'utf8');
const LABELS = 'SELECT ?l WHERE { ?s a <https://w3id.org/ots-kg/ontology#State> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(lang(?l) = "en") } ORDER BY ?l';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runQueryCommand(args, { out: (t) => (out += t), err: (t) => (err += t), env: {} });
  return { code, out, err };
}

describe('ots-kg query', () => {
  let dumps: string;
  let file: string;
  beforeAll(() => {
    dumps = mkdtempSync(join(tmpdir(), 'ots-kg-query-'));
    writeFileSync(join(dumps, 'ots-kg.nq'), NQ);
    file = join(dumps, 'labels.rq');
    writeFileSync(file, LABELS);
  });

  it.each([
    { name: 'a query given as text, as TSV by default', args: () => [LABELS, '--dumps', dumps], out: '?l\n"Hungary"@en\n"Kyrgyzstan"@en\n' },
    { name: 'a query from a file, as CSV', args: () => ['--file', file, '--dumps', dumps, '--format', 'csv'], out: 'l\r\nHungary\r\nKyrgyzstan\r\n' },
    { name: 'ASK as JSON by default', args: () => ['ASK { ?s ?p ?o }', '--dumps', dumps], out: '{"head":{},"boolean":true}\n' },
  ])('answers $name with exit code 0', async ({ args, out }) => {
    const r = await run(args());
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(out);
  });

  it('writes a CONSTRUCT as Turtle', async () => {
    const r = await run(['CONSTRUCT WHERE { ?s a <http://schema.org/Person> }', '--dumps', dumps]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/viktor-orban> a <http:\/\/schema.org\/Person>/);
  });

  it.each([
    { name: 'a syntax error, with its position', args: () => ['SELECT ?x WHERE {', '--dumps', dumps], code: 1, err: /line 1, column \d+/ },
    { name: 'an update', args: () => ['CLEAR ALL', '--dumps', dumps], code: 1, err: /read-only/ },
    { name: 'a missing dataset', args: () => ['ASK {}', '--dumps', join(dumps, 'nowhere')], code: 2, err: /npm run build/ },
    { name: 'a missing query file', args: () => ['--file', join(dumps, 'none.rq'), '--dumps', dumps], code: 2, err: /ENOENT/ },
    { name: 'no query at all', args: () => ['--dumps', dumps], code: 2, err: /no query given/ },
    { name: 'an unknown format', args: () => ['ASK {}', '--format', 'pdf'], code: 2, err: /not a result format/ },
    { name: 'an unknown option', args: () => ['ASK {}', '--fast'], code: 2, err: /unknown option '--fast'/ },
    { name: 'a format that cannot carry the result', args: () => ['ASK {}', '--format', 'csv', '--dumps', dumps], code: 1, err: /cannot carry an? ASK result/ },
  ])('fails on $name with exit code $code and a message', async ({ args, code, err }) => {
    const r = await run(args());
    expect(r.code).toBe(code);
    expect(r.err).toMatch(err);
  });
});
