// The cost book: how a query is judged before it runs (measured shapes by their last run; others by reading as a lookup,
// or by being the server's own page query).
import { describe, expect, it } from 'vitest';
import { CostBook, shapeOf } from '../src/query/cost.js';

const SCAN = 'SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 100';
const LOOKUP = 'SELECT ?p ?o WHERE { <https://w3id.org/ots-kg/id/person/viktor-orban> ?p ?o }';

describe('CostBook.classify', () => {
  it('reads a lookup as short and any other query never measured as unknown', () => {
    const book = new CostBook(500);
    expect(book.classify(LOOKUP, shapeOf(LOOKUP))).toBe('short');
    expect(book.classify(SCAN, shapeOf(SCAN))).toBe('unknown');
  });

  it("takes the server's own page query as short until it is measured, then by its measure", () => {
    const book = new CostBook(500);
    expect(book.classify(SCAN, shapeOf(SCAN), true)).toBe('short');
    book.record(shapeOf(SCAN), 5_000, { wasShort: false });
    expect(book.classify(SCAN, shapeOf(SCAN), true)).toBe('long');
  });

  it('gives the same shape to queries that differ only in IRIs, literals and numbers', () => {
    expect(shapeOf(SCAN.replace('100', '2000'))).toBe(shapeOf(SCAN));
    expect(shapeOf(LOOKUP.replace('viktor-orban', 'sadyr-japarov'))).toBe(shapeOf(LOOKUP));
    expect(shapeOf(LOOKUP)).not.toBe(shapeOf(SCAN));
  });
});
