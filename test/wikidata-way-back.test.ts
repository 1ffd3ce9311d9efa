// The way back from Wikidata: /wikidata/Q… leads to our entity (303) or says it is not linked (404, with a search
// link); /wikidata/ lists the linkset; entity pages show the Wikidata ID; VoID counts the links.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, type TestServer } from './fixtures/linked-data/harness.js';
import { LABELS_DUMP_FILE } from '../src/wikidata/labels.js';

const BASE = 'https://w3id.org/ots-kg/';
let s: TestServer;

beforeAll(async () => {
  s = await startServer({ base: BASE });
});
afterAll(() => s.close());

const get = (path: string, accept = 'text/html'): Promise<Response> => fetch(s.url + path, { headers: { accept }, redirect: 'manual' });

describe('/wikidata/Q…', () => {
  it.each([
    ['/wikidata/Q57641', '/id/person/viktor-orban'],
    ['/wikidata/Q813', '/id/state/kyrgyzstan'],
    ['/wikidata/q9361', '/id/city/bishkek'],
  ])('%s answers 303 to our entity that is owl:sameAs the item', async (path, to) => {
    const r = await get(path);
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(to);
  });

  it('answers 404 with a link to search for an item nothing here is the same as', async () => {
    const html = await get('/wikidata/Q42');
    expect(html.status).toBe(404);
    const body = await html.text();
    expect(body).toContain('<a href="/search?q=Q42">');
    expect(body).toContain('https://www.wikidata.org/wiki/Q42');
    const text = await get('/wikidata/Q42', 'text/plain');
    expect(text.status).toBe(404);
    expect(await text.text()).toMatch(/^404 Not found: no entity here is owl:sameAs Wikidata's Q42; search by name at \/search\?q=Q42/);
  });

  it('answers 400 for something that is not an item ID', async () => {
    for (const bad of ['/wikidata/P31', '/wikidata/Q0', '/wikidata/viktor-orban', '/wikidata/Q12x']) {
      const r = await get(bad, 'text/plain');
      expect(r.status, bad).toBe(400);
      expect(await r.text(), bad).toMatch(/is not a Wikidata item ID; they look like Q57641/);
    }
  });
});

describe('/wikidata/', () => {
  it('lists every link with the item ID (linking to Wikidata) and our names of the entity', async () => {
    const r = await get('/wikidata/');
    expect(r.status).toBe(200);
    const body = await r.text();
    const links = s.index.wikidataLinks();
    expect(links.length).toBeGreaterThanOrEqual(5);
    expect(body).toContain(`${links.length} entities of this graph are <code>owl:sameAs</code> a Wikidata item`);
    for (const l of links) {
      const qid = l.object.value.split('/').pop() ?? '';
      expect(body).toContain(`<a href="https://www.wikidata.org/wiki/${qid}" rel="external">${qid}</a>`);
      expect(body).toContain(`<a href="${l.subject.value.slice(BASE.length - 1)}">`);
    }
    expect(body).toMatch(/<a href="\/id\/state\/kyrgyzstan">Kyrgyzstan<\/a><\/td><td data-label="Our other names">Kyrgyz Republic</);
    expect(body).toMatch(/<a href="\/id\/city\/bishkek">Bishkek<\/a><\/td><td data-label="Our other names">Бишкек \(ru\)</);
    expect((await get('/wikidata')).headers.get('location')).toBe('/wikidata/');
  });
});

describe('/wikidata/ with the labels saved from Wikidata', () => {
  it('shows Wikidata\'s label beside ours, with the day it was read, and a merged item as such', async () => {
    const before = await (await get('/wikidata/')).text();
    expect(before).toContain('none were saved with <code>ots-kg links verify --save-labels</code>');
    expect(before).not.toContain('<th>Label on Wikidata</th>');
    const labels = { retrieved: '2026-12-01', source: 'https://www.wikidata.org/w/api.php', items: { Q813: { labels: { en: 'Kyrgyz Republic (as on Wikidata)' } }, Q57641: { labels: { en: 'Viktor Orbán' }, redirectedTo: 'Q999999901' } } };
    writeFileSync(join(s.dumpsDir, LABELS_DUMP_FILE), JSON.stringify(labels));
    try {
      const body = await (await get('/wikidata/')).text();
      expect(body).toContain('<th>Label on Wikidata</th>');
      expect(body).toContain('read them on 2026-12-01');
      expect(body).toMatch(/Q813<\/a><\/td><td data-label="Label on Wikidata">Kyrgyz Republic \(as on Wikidata\)<\/td><td data-label="Entity here"><a href="\/id\/state\/kyrgyzstan">Kyrgyzstan<\/a>/);
      expect(body).toContain('Viktor Orbán <span class="meta">(merged into Q999999901)</span>');
    } finally {
      rmSync(join(s.dumpsDir, LABELS_DUMP_FILE));
    }
  });
});

describe('entity pages and VoID', () => {
  it('an entity page shows its Wikidata ID, linked to Wikidata', async () => {
    const body = await (await get('/id/person/viktor-orban')).text();
    expect(body).toContain('<p class="wikidata">Wikidata: <a href="https://www.wikidata.org/wiki/Q57641" rel="external">Q57641</a></p>');
    const unlinked = s.index.describedIris().find((i) => i.startsWith(`${BASE}id/`) && !s.index.wikidataLinks().some((l) => l.subject.value === i));
    expect(unlinked).toBeDefined();
    expect(await (await get(unlinked!.slice(BASE.length - 1))).text()).not.toContain('class="wikidata"');
  });

  it('VoID states the linkset and its number of links (void:triples)', async () => {
    const nt = await (await get('/dataset.nt', 'application/n-triples')).text();
    const n = s.index.wikidataLinks().length;
    expect(nt).toContain(`<${BASE}dataset#wikidata-links> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://rdfs.org/ns/void#Linkset> .`);
    expect(nt).toContain(`<${BASE}dataset#wikidata-links> <http://rdfs.org/ns/void#triples> "${n}"^^<http://www.w3.org/2001/XMLSchema#integer> .`);
  });
});
