// Queries with a feature the store departs on: Comunica evaluates that operation, the store everything beneath it.
// Checked over the real graph against the same engine without the hand-down (SPEEDUPS_OFF=pushdown), which has Comunica
// evaluate the whole query over the store's quads by pattern.
import { readFileSync, readdirSync } from 'node:fs';
import type * as RDF from '@rdfjs/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../src/build.js';
import { DEFAULT_BASE_IRI } from '../src/config.js';
import { SparqlEngine, engineTypes, type Evaluated } from '../src/query/engine.js';
import { parseSparql } from '../src/query/parse.js';
import { QueryEngine } from '@comunica/query-sparql';

/** Rows as sorted strings; a value with the separator of a GROUP_CONCAT is compared as a set of its parts. */
function canonical(r: Evaluated, separators: readonly string[]): string[] {
  if (r.type !== 'bindings') throw new Error(`expected bindings, got ${r.type}`);
  const term = (t: RDF.Term): string => {
    if (t.termType !== 'Literal') return `${t.termType}:${t.value}`;
    const sep = separators.find((s) => t.value.includes(s));
    const value = sep ? t.value.split(sep).sort().join(sep) : t.value;
    return `"${value}"@${t.language}^^${t.datatype.value}`;
  };
  return r.bindings.map((b) => [...b].map(([k, v]) => `${k.value}=${term(v)}`).sort().join(' ')).sort();
}

const EXAMPLES = readdirSync('sparql').filter((f) => f.endsWith('.rq')).map((f) => ({ file: f, text: readFileSync(`sparql/${f}`, 'utf8') }));
const DEPARTING = EXAMPLES.filter((e) => /GROUP_CONCAT|MINUS|BNODE/i.test(e.text) && !/SERVICE/i.test(e.text));

describe('handing the store every part beneath what it departs on', () => {
  let withIt: SparqlEngine;
  let without: SparqlEngine;
  beforeAll(async () => {
    const graph = await buildGraph({ dataDir: 'data', base: DEFAULT_BASE_IRI });
    withIt = SparqlEngine.create({ quads: graph.quads });
    without = SparqlEngine.create({ quads: graph.quads, speedupsOff: ['pushdown'] });
  });

  it('covers the example queries that use GROUP_CONCAT', () => {
    expect(DEPARTING.map((e) => e.file)).toEqual(expect.arrayContaining(['disputed-claims.rq', 'key-decisions.rq', 'press-conference.rq']));
  });

  it.each(DEPARTING)('$file: the same answer from the store (GROUP_CONCAT rewritten and checked) as from Comunica alone', async ({ text }) => {
    expect(await withIt.route(text)).toBe('store');
    const calls = { count: 0, texts: [] as string[] };
    const a = await withIt.evaluate(text, {}, calls);
    const b = await without.evaluate(text);
    const separators = [...text.matchAll(/SEPARATOR\s*=\s*"([^"]+)"/gi)].map((m) => m[1] as string);
    expect(canonical(a, separators)).toEqual(canonical(b, separators));
    expect(canonical(a, separators).length).toBeGreaterThan(0);
    // One call: the whole query, each GROUP_CONCAT over the lexical forms, with the counts that check it.
    expect(calls.count).toBe(1);
    expect(calls.texts[0]).toMatch(/GROUP_CONCAT\(\s*(DISTINCT\s+)?STR\(/);
    expect(calls.texts[0]).toMatch(/COUNT\(/);
  });

  it.each(DEPARTING)('$file over an expression: Comunica groups, the store evaluates every pattern beneath', async ({ text }) => {
    // UCASE(LCASE(?x)) keeps the text of these values but is not a plain variable, so the query is not rewritten.
    const wrapped = text.replace(/GROUP_CONCAT\(\s*(DISTINCT\s+)?(\?\w+)/gi, (_m, d: string | undefined, v: string) => `GROUP_CONCAT(${d ?? ''}UCASE(LCASE(${v}))`);
    expect(wrapped).not.toBe(text);
    expect(await withIt.route(wrapped)).toBe('both');
    const calls = { count: 0, texts: [] as string[] };
    const a = await withIt.evaluate(wrapped, {}, calls);
    const b = await without.evaluate(wrapped);
    const separators = [...text.matchAll(/SEPARATOR\s*=\s*"([^"]+)"/gi)].map((m) => m[1] as string);
    expect(canonical(a, separators)).toEqual(canonical(b, separators));
    expect(calls.count).toBeGreaterThan(0);
    for (const t of calls.texts) expect(t).not.toMatch(/GROUP_CONCAT|MINUS|BNODE/i);
  });

  it.each([
    { name: 'IRIs and numbers (the store alone leaves the result unbound)', data: '<http://s> <http://p> <http://o> .\n<http://s> <http://p> "7"^^<http://www.w3.org/2001/XMLSchema#integer> .\n', distinct: false, expected: ['7', 'http://o'] },
    { name: 'one language tag shared (the store alone keeps it)', data: '<http://s> <http://p> "x"@en .\n<http://s> <http://p> "y"@en .\n', distinct: false, expected: ['x', 'y'] },
    { name: 'DISTINCT over two terms with one lexical form (the check sends it to Comunica)', data: '<http://s> <http://p> "a"@en .\n<http://s> <http://p> "a"@fr .\n', distinct: true, expected: ['a', 'a'] },
    { name: 'a blank node (the check sends it to Comunica)', data: '<http://s> <http://p> _:b1 .\n<http://s> <http://p> "z" .\n', distinct: false, expected: ['b1', 'z'] },
  ])('GROUP_CONCAT of $name gives the specification\'s simple literal', async ({ data, distinct, expected }) => {
    const e = SparqlEngine.create({ nquads: data });
    const q = `SELECT ?s (GROUP_CONCAT(${distinct ? 'DISTINCT ' : ''}?o; SEPARATOR="|") AS ?g) WHERE { ?s ?p ?o } GROUP BY ?s`;
    expect(await e.route(q)).toBe('store');
    const r = await e.evaluate(q);
    if (r.type !== 'bindings') throw new Error('expected bindings');
    expect(r.bindings).toHaveLength(1);
    const g = r.bindings[0]?.get('g');
    expect(g?.termType).toBe('Literal');
    if (g?.termType !== 'Literal') return;
    expect(g.language).toBe('');
    expect(g.datatype.value).toBe('http://www.w3.org/2001/XMLSchema#string');
    // A blank node's label is the engine's own; only the other value and the count are fixed.
    const parts = g.value.split('|').sort();
    if (expected.includes('b1')) expect(parts).toHaveLength(2), expect(parts).toContain('z');
    else expect(parts).toEqual(expected);
    expect([...r.bindings[0]!].map(([k]) => k.value).sort()).toEqual(['g', 's']);
  });

  it('evaluates MINUS and BNODE around store-evaluated parts with the specification\'s results', async () => {
    const e = SparqlEngine.create({
      nquads: '<http://a> <http://p> "1" .\n<http://b> <http://p> "2" .\n<http://b> <http://q> "x" .\n<http://g> <http://p> "3" <http://g> .\n',
    });
    const calls = { count: 0, texts: [] as string[] };
    const minus = await e.evaluate('SELECT ?s WHERE { ?s <http://p> ?o MINUS { ?s <http://q> ?x } }', {}, calls);
    expect(canonical(minus, [])).toEqual(['s=NamedNode:http://a']);
    expect(calls.count).toBe(2);
    // MINUS inside GRAPH ?g, where the store alone drops every solution.
    const inGraph = await e.evaluate('SELECT ?s WHERE { GRAPH ?g { ?s <http://p> ?o MINUS { ?s <http://q> ?x } } }');
    expect(canonical(inGraph, [])).toEqual(['s=NamedNode:http://g']);
    // BNODE(x) gives one blank node per solution and string, where the store repeats one across solutions.
    const bnodes = await e.evaluate('SELECT ?s (BNODE("k") AS ?b) WHERE { ?s <http://p> ?o }');
    if (bnodes.type !== 'bindings') throw new Error('expected bindings');
    expect(new Set(bnodes.bindings.map((b) => b.get('b')?.value)).size).toBe(2);
  });

  it('keeps each group\'s aggregates apart when several groups and aggregates are evaluated together', async () => {
    // GROUP_CONCAT over an expression: Comunica does the grouping.
    const e = SparqlEngine.create({
      nquads: ['<http://a> <http://v> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .', '<http://a> <http://v> "2"^^<http://www.w3.org/2001/XMLSchema#integer> .', '<http://b> <http://v> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .', ''].join('\n'),
    });
    const r = await e.evaluate('SELECT ?s (SUM(?v) AS ?sum) (COUNT(DISTINCT ?v) AS ?n) (GROUP_CONCAT(STR(?v); SEPARATOR=",") AS ?all) WHERE { ?s <http://v> ?v } GROUP BY ?s ORDER BY ?s');
    if (r.type !== 'bindings') throw new Error('expected bindings');
    expect(r.bindings.map((b) => [b.get('s')?.value, b.get('sum')?.value, b.get('n')?.value, b.get('all')?.value.split(',').sort().join(',')])).toEqual([
      ['http://a', '3', '2', '1,2'],
      ['http://b', '3', '1', '3'],
    ]);
  });

  it('names the operations Comunica keeps: the GROUP of a GROUP_CONCAT, MINUS, the operation calling BNODE, zero-length paths', async () => {
    const comunica = new QueryEngine();
    const types = async (q: string): Promise<string[]> => {
      const parsed = await parseSparql(comunica, q);
      if (parsed.kind !== 'query') throw new Error('expected a query');
      return [...engineTypes(parsed.operation)].sort();
    };
    expect(await types('SELECT (GROUP_CONCAT(?o) AS ?g) WHERE { ?s ?p ?o }')).toEqual(['group']);
    expect(await types('SELECT * WHERE { ?s ?p ?o MINUS { ?s ?q ?r } }')).toEqual(['minus']);
    expect(await types('SELECT * WHERE { ?s ?p ?o FILTER(isBlank(BNODE())) }')).toEqual(['filter']);
    expect(await types('SELECT * WHERE { ?s <http://p>* ?o }')).toEqual(['ZeroOrMorePath']);
    expect(await types('SELECT (COUNT(*) AS ?n) WHERE { ?s <http://p>+ ?o }')).toEqual([]);
  });
});
