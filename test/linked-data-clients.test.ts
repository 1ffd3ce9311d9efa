// Real linked-data clients against the server: rdflib.js's fetcher and jsonld.js load entity IRIs minted under the server's own address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as $rdf from 'rdflib';
import jsonld from 'jsonld';
import { OTS, OWL, RDFS } from '../src/vocab.js';
import { startServer } from './fixtures/linked-data/harness.js';
import type { TestServer } from './fixtures/linked-data/harness.js';

let s: TestServer;
beforeAll(async () => {
  // The graph is minted under this server's address, so the IRIs a client follows are the ones it fetches.
  s = await startServer({ base: 'self' });
});
afterAll(async () => {
  await s.close();
});

describe('rdflib.js fetcher', () => {
  it.each([
    ['id/person/viktor-orban', OWL.sameAs, 'http://www.wikidata.org/entity/Q57641', true],
    ['id/event/2024-bishkek', OTS.hostCountry, 'id/state/kyrgyzstan', true],
    ['evidence/quote/2024-ots-summit/2841-3021', OTS.inSource, 'source/2024-ots-summit', false],
  ])('loads <%s> and finds its %s statement', async (path, predicate, object, labelled) => {
    const store = $rdf.graph();
    const fetcher = new $rdf.Fetcher(store, { fetch: globalThis.fetch as unknown as never, timeout: 10_000 });
    const iri = `${s.base}${path}`;
    const res = await fetcher.load(iri);
    expect(res.status).toBe(200);
    const o = object.startsWith('http') ? object : `${s.base}${object}`;
    expect(store.holds($rdf.sym(iri), $rdf.sym(predicate), $rdf.sym(o))).toBe(true);
    // Entities carry labels; evidence records are named by their quote instead.
    expect(store.any($rdf.sym(iri), $rdf.sym(RDFS.label)) !== null).toBe(labelled);
  });

  it('follows a link from one entity to the next and finds the next one’s label', async () => {
    const store = $rdf.graph();
    const fetcher = new $rdf.Fetcher(store, { fetch: globalThis.fetch as unknown as never, timeout: 10_000 });
    const summit = $rdf.sym(`${s.base}id/event/2024-bishkek`);
    await fetcher.load(summit);
    const city = store.any(summit, $rdf.sym('http://schema.org/location'));
    expect(city?.value).toBe(`${s.base}id/city/bishkek`);
    if (!city || city.termType !== 'NamedNode') return;
    await fetcher.load(city as $rdf.NamedNode);
    expect(store.each(city as $rdf.NamedNode, $rdf.sym(RDFS.label)).map((l) => l.value)).toContain('Бишкек');
  });
});

describe('jsonld.js', () => {
  const loader = async (url: string): Promise<{ document: unknown; documentUrl: string; contextUrl: null }> => {
    const r = await fetch(url, { headers: { accept: 'application/ld+json' } });
    if (!r.ok) throw new Error(`${url}: ${r.status}`);
    return { document: await r.json(), documentUrl: r.url, contextUrl: null };
  };

  it('expands the JSON-LD form of an entity IRI into its statements', async () => {
    const iri = `${s.base}id/person/viktor-orban`;
    const expanded = (await jsonld.expand(iri as never, { documentLoader: loader as never })) as unknown as Record<string, unknown>[];
    const node = expanded.find((n) => n['@id'] === iri);
    expect(node).toBeDefined();
    const same = node?.[OWL.sameAs] as { '@id': string }[] | undefined;
    expect(same?.map((x) => x['@id'])).toContain('http://www.wikidata.org/entity/Q57641');
    const labels = node?.[RDFS.label] as { '@value': string; '@language'?: string }[] | undefined;
    expect(labels?.find((l) => l['@language'] === 'hu')?.['@value']).toBe('Orbán Viktor');
  });

  it('turns the JSON-LD form back into the same triples as the N-Triples form', async () => {
    const iri = `${s.base}id/event/2024-bishkek`;
    const fromJsonLd = (await jsonld.toRDF((await loader(`${iri}.jsonld`)).document as object, { format: 'application/n-quads' })) as unknown as string;
    const nt = await (await fetch(`${iri}.nt`)).text();
    const lines = (t: string): string[] => t.split('\n').filter(Boolean).sort();
    expect(lines(fromJsonLd).length).toBe(lines(nt).length);
  });
});
