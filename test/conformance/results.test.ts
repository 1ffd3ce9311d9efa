// The comparison rules of the conformance runner: they must reject what differs, not only accept what matches.
import { describe, expect, it } from 'vitest';
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';
import { compareBindings, compareResults, flattenToCsv, parseCsv, parseCsvRecords, parseTsv, type Row } from './results.js';

const { namedNode: iri, literal, blankNode: bnode, quad } = N3.DataFactory;
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const typed = (v: string, t: string): RDF.Literal => literal(v, iri(XSD + t));
const table = (variables: string[], rows: Row[]) => ({ variables, rows });

describe('solution comparison', () => {
  const cases: { name: string; expected: Row[]; actual: Row[]; equal: boolean; orderBy?: string[] }[] = [
    { name: 'the same rows in another order are equal as a bag', expected: [{ x: iri('urn:a') }, { x: iri('urn:b') }], actual: [{ x: iri('urn:b') }, { x: iri('urn:a') }], equal: true },
    { name: 'a missing duplicate is a difference', expected: [{ x: iri('urn:a') }, { x: iri('urn:a') }], actual: [{ x: iri('urn:a') }], equal: false },
    { name: 'duplicates must match in number, not just in kind', expected: [{ x: iri('urn:a') }, { x: iri('urn:a') }, { x: iri('urn:b') }], actual: [{ x: iri('urn:a') }, { x: iri('urn:b') }, { x: iri('urn:b') }], equal: false },
    { name: 'blank nodes match under a consistent renaming', expected: [{ x: bnode('a'), y: bnode('a') }, { x: bnode('b'), y: bnode('c') }], actual: [{ x: bnode('q'), y: bnode('r') }, { x: bnode('p'), y: bnode('p') }], equal: true },
    { name: 'one blank node cannot stand for two', expected: [{ x: bnode('a'), y: bnode('b') }], actual: [{ x: bnode('p'), y: bnode('p') }], equal: false },
    { name: 'a renaming must hold across rows', expected: [{ x: bnode('a') }, { x: bnode('a') }], actual: [{ x: bnode('p') }, { x: bnode('q') }], equal: false },
    { name: 'an unbound variable differs from a bound one', expected: [{ x: iri('urn:a') }], actual: [{ x: iri('urn:a'), y: literal('1') }], equal: false },
    { name: 'decimals compare by value within their datatype', expected: [{ x: typed('2.0', 'decimal') }], actual: [{ x: typed('2', 'decimal') }], equal: true },
    { name: 'an integer never equals a decimal of the same value', expected: [{ x: typed('2', 'integer') }], actual: [{ x: typed('2.0', 'decimal') }], equal: false },
    { name: 'a derived integer type is not xsd:integer', expected: [{ x: typed('-3', 'negativeInteger') }], actual: [{ x: typed('-3', 'integer') }], equal: false },
    { name: 'language tags compare case-insensitively', expected: [{ x: literal('a', 'en-GB') }], actual: [{ x: literal('a', 'en-gb') }], equal: true },
    { name: 'a simple literal is not a language-tagged one', expected: [{ x: literal('a') }], actual: [{ x: literal('a', 'en') }], equal: false },
    { name: 'ordered results must follow the ORDER BY keys', expected: [{ x: typed('1', 'integer') }, { x: typed('2', 'integer') }], actual: [{ x: typed('2', 'integer') }, { x: typed('1', 'integer') }], equal: false, orderBy: ['x'] },
    { name: 'ties in the ORDER BY key may come in any order', expected: [{ k: literal('a'), x: literal('1') }, { k: literal('a'), x: literal('2') }], actual: [{ k: literal('a'), x: literal('2') }, { k: literal('a'), x: literal('1') }], equal: true, orderBy: ['k'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const vars = [...new Set([...c.expected, ...c.actual].flatMap((r) => Object.keys(r)))];
      const verdict = compareBindings(table(vars, c.expected), table(vars, c.actual), c.orderBy ? { orderBy: c.orderBy } : {});
      if (c.equal) expect(verdict).toBeUndefined();
      else expect(verdict).toEqual(expect.any(String));
    });
  }

  it('different variable lists make different results', () => {
    expect(compareBindings(table(['x'], []), table(['y'], []))).toMatch(/variables differ/);
  });

  it('REDUCED allows fewer duplicates but not more, nor missing solutions', () => {
    const expected = table(['x'], [{ x: literal('a') }, { x: literal('a') }, { x: literal('b') }]);
    expect(compareBindings(expected, table(['x'], [{ x: literal('a') }, { x: literal('b') }]), { laxCardinality: true })).toBeUndefined();
    expect(compareBindings(expected, table(['x'], [{ x: literal('a') }]), { laxCardinality: true })).toBeDefined();
    expect(compareBindings(expected, table(['x'], [{ x: literal('a') }, { x: literal('a') }, { x: literal('a') }, { x: literal('b') }]), { laxCardinality: true })).toBeDefined();
  });
});

describe('graph and boolean comparison', () => {
  const p = iri('urn:p');
  it('graphs compare by blank-node isomorphism', () => {
    const a = [quad(bnode('x'), p, bnode('y')), quad(bnode('y'), p, literal('1'))];
    const b = [quad(bnode('m'), p, bnode('n')), quad(bnode('n'), p, literal('1'))];
    const c = [quad(bnode('m'), p, bnode('n')), quad(bnode('m'), p, literal('1'))];
    expect(compareResults({ type: 'quads', quads: a }, { type: 'quads', quads: b })).toBeUndefined();
    expect(compareResults({ type: 'quads', quads: a }, { type: 'quads', quads: c })).toMatch(/isomorphic/);
  });
  it('a boolean answer must be the same boolean, and of the same kind', () => {
    expect(compareResults({ type: 'boolean', value: true }, { type: 'boolean', value: false })).toBeDefined();
    expect(compareResults({ type: 'boolean', value: true }, { type: 'bindings', variables: [], rows: [] })).toBeDefined();
  });
});

describe('CSV and TSV reading', () => {
  it('reads quoted CSV fields with commas, quotes and line breaks', () => {
    expect(parseCsvRecords('a,b\r\n"x, y","say ""hi""\nthere"\r\n')).toEqual([['a', 'b'], ['x, y', 'say "hi"\nthere']]);
  });
  it('CSV keeps blank nodes apart from strings and drops datatypes', () => {
    const csv = parseCsv('s,o\r\n_:b0,1\r\nhttp://e/x,\r\n');
    const expected = flattenToCsv(table(['s', 'o'], [{ s: bnode('z'), o: typed('1', 'integer') }, { s: iri('http://e/x') }]));
    expect(compareBindings(expected, csv)).toBeUndefined();
    expect(compareBindings(flattenToCsv(table(['s', 'o'], [{ s: bnode('z'), o: typed('2', 'integer') }, { s: iri('http://e/x') }])), csv)).toBeDefined();
  });
  it('TSV cells are terms, with bare numbers typed and empty cells unbound', () => {
    const tsv = parseTsv('?s\t?o\n<http://e/x>\t1.0e6\n_:a\t\n"x"@en\t"5"^^<http://e/t>\n');
    expect(tsv.type).toBe('bindings');
    if (tsv.type !== 'bindings') return;
    expect(tsv.variables).toEqual(['s', 'o']);
    expect(tsv.rows[0]?.['o']).toEqual(typed('1.0e6', 'double'));
    expect(tsv.rows[1]).toEqual({ s: bnode('a') });
    expect(tsv.rows[2]?.['s']).toEqual(literal('x', 'en'));
  });
});
