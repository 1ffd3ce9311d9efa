// The dataset summary in README.md is the build's own count: the block between the markers matches the graph built from data/.
import type * as RDF from '@rdfjs/types';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../src/build.js';
import { SUMMARY_END, SUMMARY_START, datasetSummary, summaryBlock, summaryIn, withSummary } from '../src/summary.js';
import { DataFactory, namedNode } from '../src/rdf.js';
import { OTS, RDF_, SCHEMA, XSD } from '../src/vocab.js';

describe('the README dataset summary', () => {
  it('matches the graph built from data/ (run npm run build to refresh it)', async () => {
    const g = await buildGraph({ dataDir: 'data', base: 'https://w3id.org/ots-kg/' });
    const block = summaryIn(readFileSync('README.md', 'utf8'));
    expect(block, 'README.md has no dataset summary block').toBeDefined();
    expect(block).toBe(summaryBlock(datasetSummary(g.quads as RDF.Quad[])));
  });

  it('counts summits by kind and year, distinct default-graph triples and all quads', () => {
    const f = DataFactory;
    const t = (s: string, p: string, o: RDF.Term, g?: string): RDF.Quad =>
      f.quad(namedNode(s), namedNode(p), o as RDF.Quad_Object, g ? namedNode(g) : f.defaultGraph());
    const date = (d: string): RDF.Literal => f.literal(d, namedNode(XSD.date));
    const quads = [
      t('urn:a', RDF_.type, namedNode(OTS.Summit)),
      t('urn:a', SCHEMA.startDate, date('2011-10-21')),
      t('urn:a', SCHEMA.startDate, date('2011-10-21'), 'urn:fact:a'),
      t('urn:b', RDF_.type, namedNode(OTS.Summit)),
      t('urn:b', RDF_.type, namedNode(OTS.InformalSummit)),
      t('urn:b', SCHEMA.startDate, date('2025-05-21')),
      // The same triple stated by two facts counts once in the default graph.
      t('urn:b', SCHEMA.startDate, date('2025-05-21')),
      t('urn:c', RDF_.type, namedNode(OTS.Summit)),
      t('urn:c', RDF_.type, namedNode(OTS.ExtraordinarySummit)),
      t('urn:c', SCHEMA.startDate, date('2020-04-10')),
    ];
    const s = datasetSummary(quads);
    expect(s).toMatchObject({ summits: 3, regular: 1, extraordinary: 1, informal: 1, firstYear: 2011, lastYear: 2025, facts: 1, triples: 8, quads: 9 });
  });

  it('replaces only what stands between the markers, and says how to add them when they are missing', () => {
    const readme = `# t\n\n${SUMMARY_START}\nold figures\n${SUMMARY_END}\n\nrest\n`;
    expect(withSummary(readme, 'new figures')).toBe(`# t\n\n${SUMMARY_START}\nnew figures\n${SUMMARY_END}\n\nrest\n`);
    expect(summaryIn(withSummary(readme, 'new figures'))).toBe('new figures');
    expect(() => withSummary('# no block\n', 'x')).toThrow(/README\.md: no dataset summary block \(hint: add the line <!-- dataset-summary/);
  });
});
