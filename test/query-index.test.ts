// Pages made from queries (src/http/linked-data/query-index.ts): the same page as an index over the whole graph gives,
// from a handful of queries, and never from two versions of the dataset at once.
import { describe, expect, it } from 'vitest';
import { SparqlEngine } from '../src/query/engine.js';
import { createInProcessService } from '../src/query/service.js';
import { embeddedSource, type DatasetSource } from '../src/query/dataset-source.js';
import { DatasetView } from '../src/http/linked-data/query-index.js';
import { GraphIndex } from '../src/http/linked-data/graph-index.js';
import { entityPage } from '../src/http/linked-data/pages.js';
import { Parser, namedNode } from '../src/rdf.js';
import { fixtureOntology, fixtureQuads } from './fixtures/linked-data/harness.js';

const BASE = 'https://example.org/kg/';

/** A small graph whose labels carry a letter: a page mixing two versions shows both. */
function lettered(letter: string): string {
  let out = '';
  for (let i = 0; i < 5; i++) {
    const iri = (n: number): string => `<${BASE}id/thing/e${n % 5}>`;
    out += `${iri(i)} <http://www.w3.org/2000/01/rdf-schema#label> "${letter} e${i}"@en .\n${iri(i)} <http://schema.org/knows> ${iri(i + 1)} .\n`;
  }
  return out;
}

function sourceOver(nquads: string): DatasetSource {
  return embeddedSource(createInProcessService(SparqlEngine.create({ nquads, serviceAllowlist: [] })));
}

describe('a page made from queries', () => {
  it('is the page an index over the whole graph gives, from a few queries (lists the page does not sort may come in another order)', async () => {
    const quads = fixtureQuads('https://w3id.org/ots-kg/');
    const inner = embeddedSource(createInProcessService(SparqlEngine.create({ quads, serviceAllowlist: [] })));
    let queries = 0;
    const counting: DatasetSource = {
      get version() {
        return inner.version;
      },
      base: undefined,
      select: (q) => {
        queries++;
        return inner.select(q);
      },
    };
    const view = new DatasetView({ source: counting, base: 'https://w3id.org/ots-kg/', ontology: fixtureOntology() });
    const whole = new GraphIndex({ quads, base: 'https://w3id.org/ots-kg/', ontology: fixtureOntology() });
    for (const iri of ['https://w3id.org/ots-kg/id/event/2024-bishkek', 'https://w3id.org/ots-kg/id/person/viktor-orban']) {
      queries = 0;
      const opts = { path: '/x', pageUrl: 'http://127.0.0.1/x' };
      const { value } = await view.read((g) => entityPage(g, iri, opts), { about: [namedNode(iri)] });
      const expected = entityPage(whole, iri, opts);
      // The same elements; only lists the page code leaves unsorted (what links here, and so the places of those boxes
      // in the diagram) follow the order in which the store gave the statements.
      const parts = (html: string): string[] => html.replace(/ (x|y|x1|y1|x2|y2)="[^"]*"/g, '').split('><').sort();
      expect(parts(value)).toEqual(parts(expected));
      if (iri.endsWith('2024-bishkek')) expect(value).toBe(expected);
      expect(queries).toBeGreaterThan(0);
      // A person's page also draws the timeline (every summit and dated membership): one round more than the rest.
      expect(queries).toBeLessThanOrEqual(8);
    }
  });

  it('that saw the version change between two of its queries is made again, wholly from the new version', async () => {
    const a = sourceOver(lettered('A'));
    const b = sourceOver(lettered('B'));
    // The first query is answered by version A, every later one by B: the switch happens in the middle of the page.
    let calls = 0;
    const switching: DatasetSource = {
      get version() {
        return calls === 0 ? 'A' : 'B';
      },
      base: undefined,
      select: async (q) => {
        const from = calls++ === 0 ? a : b;
        const { rows } = await from.select(q);
        return { version: from === a ? 'A' : 'B', rows };
      },
    };
    const view = new DatasetView({ source: switching, base: BASE });
    const iri = `${BASE}id/thing/e1`;
    const { value, version } = await view.read((g) => entityPage(g, iri, { path: '/id/thing/e1', pageUrl: 'http://127.0.0.1/id/thing/e1' }), { about: [namedNode(iri)] });
    expect(version).toBe('B');
    const letters = new Set([...value.matchAll(/\b([AB]) e\d\b/g)].map((m) => m[1]));
    expect(letters).toEqual(new Set(['B']));
  });

  it('writes terms with quotes, backslashes, new lines and control characters into its queries', async () => {
    const label = 'say "hi"\\ \n\t\u0001 end';
    const nq = `<${BASE}id/thing/q> <http://www.w3.org/2000/01/rdf-schema#label> ${JSON.stringify(label).replace(/\\u0001/, '\\u0001')} .\n<${BASE}id/thing/r> <http://schema.org/about> ${JSON.stringify(label).replace(/\\u0001/, '\\u0001')} .\n`;
    expect(new Parser({ format: 'N-Quads' }).parse(nq)).toHaveLength(2);
    const view = new DatasetView({ source: sourceOver(nq), base: BASE });
    // Looking up the statements that have the literal as object makes the literal a term of a query.
    const { value } = await view.read((g) => g.data.getQuads(null, null, g.statements(namedNode(`${BASE}id/thing/q`), null, null)[0]?.object ?? null, null).map((q) => q.subject.value), {
      about: [namedNode(`${BASE}id/thing/q`)],
    });
    expect(value.sort()).toEqual([`${BASE}id/thing/q`, `${BASE}id/thing/r`]);
  });
});
