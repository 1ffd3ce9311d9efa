// The store's terms made RDF/JS terms (toTerm in src/query/oxigraph-source.ts): told apart by their class first, by
// termType otherwise; every kind of term comes out as the same term the data factory makes from its parts.
import type * as RDF from '@rdfjs/types';
import oxigraph from 'oxigraph';
import type * as ox from 'oxigraph';
import { describe, expect, it } from 'vitest';
import type { ComunicaDataFactory } from '@comunica/types';
import { DataFactory } from '../src/rdf.js';
import { toTerm } from '../src/query/oxigraph-source.js';

const df = DataFactory as unknown as ComunicaDataFactory;
const XSD = 'http://www.w3.org/2001/XMLSchema#';

describe('terms from the store', () => {
  it.each([
    { what: 'an IRI', store: oxigraph.namedNode('https://w3id.org/ots-kg/id/state/kyrgyzstan'), rdfjs: df.namedNode('https://w3id.org/ots-kg/id/state/kyrgyzstan') },
    { what: 'a blank node', store: oxigraph.blankNode('b0'), rdfjs: df.blankNode('b0') },
    { what: 'a simple literal', store: oxigraph.literal('Bishkek'), rdfjs: df.literal('Bishkek') },
    { what: 'a literal with a language tag', store: oxigraph.literal('Бишкек', 'ky'), rdfjs: df.literal('Бишкек', 'ky') },
    { what: 'a typed literal', store: oxigraph.literal('2024-11-06', oxigraph.namedNode(`${XSD}date`)), rdfjs: df.literal('2024-11-06', df.namedNode(`${XSD}date`)) },
    { what: 'an empty literal', store: oxigraph.literal(''), rdfjs: df.literal('') },
    { what: 'the default graph', store: oxigraph.defaultGraph(), rdfjs: df.defaultGraph() },
    { what: 'a variable', store: oxigraph.variable('x'), rdfjs: df.variable('x') },
  ] as { what: string; store: ox.Term; rdfjs: RDF.Term }[])('$what', ({ store, rdfjs }) => {
    const t = toTerm(store, df);
    expect(t.termType).toBe(rdfjs.termType);
    expect(t.equals(rdfjs)).toBe(true);
    if (t.termType === 'Literal' && rdfjs.termType === 'Literal') {
      expect(t.language).toBe(rdfjs.language);
      expect(t.datatype.value).toBe(rdfjs.datatype.value);
    }
  });

  it('a triple term, its parts made alike', () => {
    const s = oxigraph.namedNode('https://example.org/s');
    const q = oxigraph.triple(s, oxigraph.namedNode('https://example.org/p'), oxigraph.literal('o', 'en'));
    const t = toTerm(q as unknown as ox.Term, df);
    expect(t.termType).toBe('Quad');
    expect(t.equals(df.quad(df.namedNode('https://example.org/s'), df.namedNode('https://example.org/p'), df.literal('o', 'en'), df.defaultGraph()))).toBe(true);
  });

  it('terms read from a query answer are the data\'s', () => {
    const store = new oxigraph.Store();
    store.load('<https://example.org/s> <https://example.org/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> , "a"@en , _:b , <https://example.org/o> .', { format: 'text/turtle' });
    const rows = store.query('SELECT ?o WHERE { ?s ?p ?o }') as Map<string, ox.Term>[];
    const got = rows.map((r) => toTerm(r.get('o') as ox.Term, df)).map((t) => `${t.termType}:${t.value}:${t.termType === 'Literal' ? `${t.language}:${t.datatype.value}` : ''}`).sort();
    expect(got).toEqual([
      'BlankNode:' + (rows.map((r) => r.get('o')).find((t) => t?.termType === 'BlankNode')?.value ?? '?') + ':',
      'Literal:1::http://www.w3.org/2001/XMLSchema#integer',
      'Literal:a:en:http://www.w3.org/1999/02/22-rdf-syntax-ns#langString',
      'NamedNode:https://example.org/o:',
    ]);
  });
});
