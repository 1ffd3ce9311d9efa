// Dereferencing over real HTTP: negotiation, extensions, headers, descriptions with provenance, 404/406/400, VoID/DCAT, dumps, sitemap.
import { rawGet } from './helpers/raw-get.js';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Parser, Store, namedNode } from '../src/rdf.js';
import type { RDF } from '../src/rdf.js';
import { DCAT, DCT, NS, OTS, OWL, PROV, RDFS, RDF_, VOID } from '../src/vocab.js';
import { DUMP_TEXT, startServer } from './fixtures/linked-data/harness.js';
import type { TestServer } from './fixtures/linked-data/harness.js';

const BASE = 'https://w3id.org/ots-kg/';
const ORBAN = `${BASE}id/person/viktor-orban`;
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ base: BASE });
});
afterAll(async () => {
  await s.close();
});

async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(s.url + path, { headers, redirect: 'manual' });
}

/** Sends the path byte for byte (fetch would normalise `..` away). */
function raw(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return rawGet(s.url, path, headers);
}

function parse(text: string, mediaType: string): RDF.Quad[] {
  return new Parser({ format: mediaType, baseIRI: BASE }).parse(text);
}

function storeOf(quads: RDF.Quad[]): InstanceType<typeof Store> {
  const st = new Store();
  st.addQuads(quads);
  return st;
}

describe('content negotiation on an entity IRI', () => {
  it.each([
    ['text/turtle', 'text/turtle'],
    ['application/ld+json', 'application/ld+json'],
    ['application/n-triples', 'application/n-triples'],
    ['application/rdf+xml', 'application/rdf+xml'],
    ['application/trig', 'application/trig'],
    ['application/n-quads', 'application/n-quads'],
    ['text/html', 'text/html'],
    [BROWSER_ACCEPT, 'text/html'],
    ['*/*', 'text/turtle'],
    ['text/*', 'text/turtle'],
    ['text/html, text/turtle', 'text/turtle'],
    ['text/html;q=0.9, application/ld+json;q=0.9', 'application/ld+json'],
    ['text/html;q=0.9, application/ld+json;q=0.5', 'text/html'],
    ['application/rdf+xml;q=0.2, application/n-triples', 'application/n-triples'],
    ['application/x-turtle', 'text/turtle'],
  ])('Accept: %s is answered with %s', async (accept, expected) => {
    const r = await get('/id/person/viktor-orban', { accept });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')?.split(';')[0]).toBe(expected);
    expect(r.headers.get('vary')).toMatch(/Accept/);
  });

  it('answers Turtle when the request names no type at all', async () => {
    const r = await fetch(`${s.url}/id/person/viktor-orban`, { headers: { accept: '' } });
    expect(r.headers.get('content-type')).toMatch(/^text\/turtle/);
  });

  it.each(['image/png', 'application/sparql-results+json', 'text/html;q=0'])('refuses Accept: %s with 406 and lists what is offered', async (accept) => {
    const r = await get('/id/person/viktor-orban', { accept });
    expect(r.status).toBe(406);
    expect(await r.text()).toContain('text/turtle');
  });

  it('names every alternate format and the licence in the Link header, and the chosen document in Content-Location', async () => {
    const r = await get('/id/person/viktor-orban', { accept: 'application/ld+json' });
    const link = r.headers.get('link') ?? '';
    for (const [ext, type] of [
      ['ttl', 'text/turtle'],
      ['jsonld', 'application/ld+json'],
      ['nt', 'application/n-triples'],
      ['rdf', 'application/rdf+xml'],
      ['html', 'text/html'],
    ]) {
      expect(link).toContain(`</id/person/viktor-orban.${ext}>; rel="alternate"; type="${type}"`);
    }
    expect(link).toContain('<https://creativecommons.org/licenses/by-sa/4.0/>; rel="license"');
    expect(r.headers.get('content-location')).toBe('/id/person/viktor-orban.jsonld');
  });
});

describe('conditional requests on descriptions', () => {
  it('gives each representation its own ETag and answers a matching If-None-Match with 304', async () => {
    const ttl = await get('/id/person/viktor-orban', { accept: 'text/turtle' });
    const html = await get('/id/person/viktor-orban', { accept: 'text/html' });
    const tag = ttl.headers.get('etag') ?? '';
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(html.headers.get('etag')).not.toBe(tag);
    expect((await raw('/id/person/viktor-orban', { accept: 'text/turtle', 'if-none-match': tag })).status).toBe(304);
    expect((await raw('/id/person/viktor-orban', { accept: 'text/html', 'if-none-match': tag })).status).toBe(200);
  });
});

describe('format by extension and by ?format=', () => {
  it.each([
    ['/id/person/viktor-orban.ttl', 'text/turtle'],
    ['/id/person/viktor-orban.jsonld', 'application/ld+json'],
    ['/id/person/viktor-orban.nt', 'application/n-triples'],
    ['/id/person/viktor-orban.rdf', 'application/rdf+xml'],
    ['/id/person/viktor-orban.html', 'text/html'],
    ['/id/person/viktor-orban.trig', 'application/trig'],
    ['/id/person/viktor-orban?format=jsonld', 'application/ld+json'],
    ['/id/person/viktor-orban?format=turtle', 'text/turtle'],
    ['/id/person/viktor-orban?format=ttl', 'text/turtle'],
    ['/id/person/viktor-orban?format=html', 'text/html'],
    ['/ontology.ttl', 'text/turtle'],
    ['/dataset.jsonld', 'application/ld+json'],
  ])('%s is served as %s whatever Accept says', async (path, expected) => {
    const r = await get(path, { accept: 'text/html' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')?.split(';')[0]).toBe(expected);
  });

  it.each([
    ['/id/person/viktor-orban?format=csv', 406],
    ['/id/person/viktor-orban.csv', 406],
    ['/id/person/viktor-orban?format=bogus', 400],
    ['/id/person/viktor-orban.ttl?format=jsonld', 400],
    ['/id/person/viktor-orban?format=ttl&format=nt', 400],
  ])('%s is refused with %i and a reason', async (path, status) => {
    const r = await get(path);
    expect(r.status).toBe(status);
    expect((await r.text()).length).toBeGreaterThan(20);
  });
});

describe('what a description holds', () => {
  let trig: InstanceType<typeof Store>;
  let turtle: InstanceType<typeof Store>;
  beforeAll(async () => {
    trig = storeOf(parse(await (await get('/id/person/viktor-orban.trig')).text(), 'application/trig'));
    turtle = storeOf(parse(await (await get('/id/person/viktor-orban.ttl')).text(), 'text/turtle'));
  });
  const ex = (path: string): RDF.NamedNode => namedNode(BASE + path);

  it.each([
    ['its own statements', ORBAN, OWL.sameAs, 'http://www.wikidata.org/entity/Q57641'],
    ['its labels in other languages', ORBAN, RDFS.label, undefined],
    ['statements pointing to it', `${BASE}id/event/2024-bishkek/award/orban`, OTS.recipient, ORBAN],
    ['the labels of what links to it', `${BASE}id/event/2024-bishkek/award/orban`, RDFS.label, undefined],
    ['the types of what links to it', `${BASE}id/event/2024-bishkek/participation/hungary`, RDF_.type, OTS.Participation],
    ['the fact record of each statement', `${BASE}fact/2024-bishkek/award-orban`, PROV.wasDerivedFrom, `${BASE}evidence/quote/2024-ots-summit/2841-3021`],
    ['the evidence of each fact', `${BASE}evidence/quote/2024-ots-summit/2841-3021`, OTS.exact, undefined],
    ['the source a quote is in', `${BASE}evidence/quote/2024-ots-summit/2841-3021`, OTS.inSource, `${BASE}source/2024-ots-summit`],
  ])('includes %s', (_what, s_, p, o) => {
    expect(turtle.countQuads(namedNode(s_), namedNode(p), o ? namedNode(o) : null, null)).toBeGreaterThan(0);
  });

  it('keeps, in TriG, which fact graph each statement comes from', () => {
    const g = ex('fact/2024-bishkek/award-orban');
    expect(trig.countQuads(ex('id/event/2024-bishkek/award/orban'), namedNode(OTS.recipient), namedNode(ORBAN), g)).toBe(1);
    expect(trig.countQuads(ex('id/event/2024-bishkek/participation/hungary'), namedNode(OTS.representative), namedNode(ORBAN), ex('fact/2024-bishkek/participation-hungary'))).toBe(1);
  });

  it('leaves out what is unrelated (another person’s statements)', () => {
    expect(turtle.countQuads(ex('id/state/kyrgyzstan'), namedNode(OWL.sameAs), null, null)).toBe(0);
  });

  it('describes a fact IRI with its own record and the statements it contributes', async () => {
    const st = storeOf(parse(await (await get('/fact/2024-bishkek/award-orban.trig')).text(), 'application/trig'));
    expect(st.countQuads(ex('fact/2024-bishkek/award-orban'), namedNode(RDF_.type), namedNode(OTS.FactGraph), null)).toBe(1);
    expect(st.countQuads(null, null, null, ex('fact/2024-bishkek/award-orban'))).toBeGreaterThanOrEqual(5);
  });
});

describe('every IRI the graph mints answers', () => {
  it('answers each described IRI under the base with RDF about it', async () => {
    const iris = s.index.describedIris();
    expect(iris.length).toBeGreaterThanOrEqual(20);
    for (const iri of iris) {
      const r = await get(`/${iri.slice(BASE.length)}`, { accept: 'application/n-quads' });
      expect(r.status, iri).toBe(200);
      const st = storeOf(parse(await r.text(), 'application/n-quads'));
      const about = st.countQuads(namedNode(iri), null, null, null) + st.countQuads(null, null, null, namedNode(iri));
      expect(about, iri).toBeGreaterThan(0);
    }
  });

  it('answers the ontology IRI (and so each #term) with the ontology', async () => {
    const st = storeOf(parse(await (await get('/ontology', { accept: 'text/turtle' })).text(), 'text/turtle'));
    expect(st.countQuads(namedNode(OTS.Summit), namedNode(RDFS.label), null, null)).toBe(1);
    expect(st.countQuads(namedNode(OTS.participant), namedNode(RDF_.type), null, null)).toBeGreaterThan(0);
  });

  it('answers the ontology version IRI directly with the ontology it names, and nothing for another version', async () => {
    const r = await get('/ontology/0.1.0', { accept: 'text/turtle' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-location')).toBe('/ontology.ttl');
    const st = storeOf(parse(await r.text(), 'text/turtle'));
    expect(st.countQuads(namedNode(OTS.Summit), null, null, null)).toBeGreaterThan(0);
    expect(await (await get('/ontology/9.9.9')).text()).toBe('fell through\n');
  });

  it('answers the dataset IRI with its VoID and DCAT description', async () => {
    const st = storeOf(parse(await (await get('/dataset', { accept: 'text/turtle' })).text(), 'text/turtle'));
    expect(st.countQuads(namedNode(`${BASE}dataset`), namedNode(RDF_.type), namedNode(VOID.Dataset), null)).toBe(1);
  });
});

describe('unknown and malformed IRIs', () => {
  it('gives a browser an HTML 404 page for an IRI nothing describes', async () => {
    const r = await get('/id/person/nobody', { accept: BROWSER_ACCEPT });
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await r.text()).toContain(`${BASE}id/person/nobody`);
  });

  it.each([
    ['/id/person/viktor-orbn', 'id/person/viktor-orban'],
    ['/id/state/kyrgystan', 'id/state/kyrgyzstan'],
    ['/id/city/viktor-orban', 'id/person/viktor-orban'],
  ])('suggests what %s probably meant', async (path, meant) => {
    const r = await get(path, { accept: BROWSER_ACCEPT });
    expect(r.status).toBe(404);
    expect(await r.text()).toContain(`<a href="/${meant}">`);
    const plain = await get(path, { accept: 'text/turtle' });
    expect(await plain.text()).toContain(`did you mean <${BASE}${meant}>`);
  });

  it('gives a machine a one-line 404 for an IRI nothing describes', async () => {
    const r = await get('/id/person/nobody', { accept: 'text/turtle' });
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it.each([
    ['/id/%ZZ', 400],
    ['/id/person/..', 400],
    ['/id/../dumps/manifest.json', 400],
    ['/id/person/%2e%2e/x', 400],
    ['/id/person/a%2Fb', 400],
    ['/id/person//viktor-orban', 400],
    ['/id/person/viktor-orban%00', 400],
    ['/id/person/nobody.ttl', 404],
  ])('answers %s with %i', async (path, status) => {
    const r = await raw(path);
    expect(r.status).toBe(status);
  });

  it('lets paths outside its namespaces fall through to the next handler', async () => {
    const r = await get('/somewhere-else');
    expect(await r.text()).toBe('fell through\n');
  });
});

describe('the dumps', () => {
  it('lists the files with their sizes and checksums', async () => {
    const r = await get('/dumps');
    const text = await r.text();
    expect(r.status).toBe(200);
    expect(text).toContain('href="/dumps/ots-kg.nt"');
    expect(text).toContain('href="/dumps/ots-kg.nt.gz"');
    expect(text).toContain('SHA256SUMS');
  });

  it('serves a file with type, length, validators and a download name', async () => {
    const r = await get('/dumps/ots-kg.nt', { 'accept-encoding': 'identity' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/n-triples');
    expect(r.headers.get('content-length')).toBe(String(Buffer.byteLength(DUMP_TEXT)));
    expect(r.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(new Date(r.headers.get('last-modified') ?? '').getTime()).toBeGreaterThan(0);
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="ots-kg.nt"');
    expect(await r.text()).toBe(DUMP_TEXT);
  });

  it('sends the gzip copy with Content-Encoding when the client accepts gzip', async () => {
    const r = await fetch(`${s.url}/dumps/ots-kg.nt`, { headers: { 'accept-encoding': 'gzip' } });
    expect(r.headers.get('content-encoding')).toBe('gzip');
    expect(r.headers.get('vary')).toMatch(/Accept-Encoding/);
    // fetch decodes the body itself: what arrives is the original text.
    expect(await r.text()).toBe(DUMP_TEXT);
  });

  it('answers a byte range with 206 and exactly those bytes', async () => {
    const r = await get('/dumps/ots-kg.nt', { range: 'bytes=10-29', 'accept-encoding': 'identity' });
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe(`bytes 10-29/${Buffer.byteLength(DUMP_TEXT)}`);
    expect(await r.text()).toBe(DUMP_TEXT.slice(10, 30));
  });

  it('answers a range past the end with 416', async () => {
    const r = await get('/dumps/ots-kg.nt', { range: 'bytes=999999-', 'accept-encoding': 'identity' });
    expect(r.status).toBe(416);
    expect(r.headers.get('content-range')).toBe(`bytes */${Buffer.byteLength(DUMP_TEXT)}`);
  });

  it('answers a repeated download with 304 when the ETag matches', async () => {
    const first = await get('/dumps/ots-kg.nt', { 'accept-encoding': 'identity' });
    // node:http, because fetch adds Cache-Control: no-cache to conditional requests.
    const r = await raw('/dumps/ots-kg.nt', { 'if-none-match': first.headers.get('etag') ?? '', 'accept-encoding': 'identity' });
    expect(r.status).toBe(304);
    expect(r.body).toBe('');
  });

  it('serves the .gz file itself as a gzip download', async () => {
    const r = await get('/dumps/ots-kg.nt.gz');
    expect(r.headers.get('content-type')).toBe('application/gzip');
    expect(r.headers.get('content-encoding')).toBeNull();
    expect(gunzipSync(Buffer.from(await r.arrayBuffer())).toString()).toBe(DUMP_TEXT);
  });

  it('never serves a file through a symbolic link placed in the dump folder', async () => {
    symlinkSync(join(s.root, 'secret.txt'), join(s.dumpsDir, 'link.txt'));
    const r = await get('/dumps/link.txt');
    expect(r.status).toBe(404);
  });

  it.each([
    '/dumps/..%2Fsecret.txt',
    '/dumps/%2e%2e%2fsecret.txt',
    '/dumps/%2E%2E%2Fsecret.txt',
    '/dumps/../secret.txt',
    '/dumps/..',
    '/dumps/.%2e/secret.txt',
    '/dumps/..%5csecret.txt',
    '/dumps/.hidden',
    '/dumps/%00',
  ])('refuses %s without revealing anything outside the dump folder', async (path) => {
    const r = await raw(path);
    expect([400, 404]).toContain(r.status);
    expect(r.body).not.toContain('outside the dump folder');
  });
});

describe('VoID and DCAT', () => {
  let st: InstanceType<typeof Store>;
  const ds = namedNode(`${BASE}dataset`);
  const one = (s_: RDF.Term, p: string): RDF.Term | undefined => st.getObjects(s_, namedNode(p), null)[0];
  beforeAll(async () => {
    const r = await get('/.well-known/void', { accept: 'text/turtle' });
    expect(r.status).toBe(200);
    st = storeOf(parse(await r.text(), 'text/turtle'));
  });

  it('counts the triples of the data graph', () => {
    expect(Number(one(ds, VOID.triples)?.value)).toBe(s.index.defaultGraphSize());
  });

  it('has a class partition and a property partition with counts', () => {
    const summitPart = st.getSubjects(namedNode(VOID.class), namedNode(OTS.Summit), null)[0];
    expect(summitPart && Number(one(summitPart, VOID.entities)?.value)).toBe(1);
    const partPart = st.getSubjects(namedNode(VOID.property), namedNode(OTS.participation), null)[0];
    expect(partPart && Number(one(partPart, VOID.triples)?.value)).toBe(2);
  });

  it('names each dump as void:dataDump and as a dcat:Distribution with type, size and checksum', () => {
    expect(st.countQuads(ds, namedNode(VOID.dataDump), namedNode(`${BASE}dumps/ots-kg.nt`), null)).toBe(1);
    const dist = st.getSubjects(namedNode(DCAT.downloadURL), namedNode(`${BASE}dumps/ots-kg.nt`), null)[0];
    expect(dist).toBeDefined();
    if (!dist) return;
    expect(one(dist, DCAT.mediaType)?.value).toBe('https://www.iana.org/assignments/media-types/application/n-triples');
    expect(Number(one(dist, DCAT.byteSize)?.value)).toBe(Buffer.byteLength(DUMP_TEXT));
    const sum = one(dist, 'http://spdx.org/rdf/terms#checksum');
    expect(sum && one(sum, 'http://spdx.org/rdf/terms#checksumValue')?.value).toMatch(/^[0-9a-f]{64}$/);
  });

  it('states the licence, the sources, the endpoint and example resources', () => {
    expect(one(ds, DCT.license)?.value).toBe('https://creativecommons.org/licenses/by-sa/4.0/');
    expect(one(ds, DCT.source)?.value).toBe(`${BASE}source/2024-ots-summit`);
    expect(one(ds, VOID.sparqlEndpoint)?.value).toBe(`${BASE}sparql`);
    expect(st.countQuads(ds, namedNode(VOID.exampleResource), null, null)).toBeGreaterThan(0);
  });

  it('describes the Wikidata links as a void:Linkset with their count', () => {
    const ls = st.getSubjects(namedNode(RDF_.type), namedNode(VOID.Linkset), null)[0];
    expect(ls && one(ls, VOID.linkPredicate)?.value).toBe(OWL.sameAs);
    expect(ls && Number(one(ls, VOID.triples)?.value)).toBe(6);
  });

  it('serves the same description at the dataset IRI', async () => {
    const other = storeOf(parse(await (await get('/dataset.ttl')).text(), 'text/turtle'));
    expect(other.size).toBe(st.size);
  });
});

describe('a rebuilt dump folder', () => {
  it('shows up in the dataset description at once, though descriptions are kept between requests', async () => {
    const before = await (await get('/dataset.nt')).text();
    expect(await (await get('/dataset.nt')).text()).toBe(before);
    const path = join(s.dumpsDir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as { files: { bytes: number; sha256: string }[] };
    const file = manifest.files[0];
    if (!file) throw new Error('fixture manifest has no file');
    file.bytes = 123456;
    file.sha256 = 'f'.repeat(64);
    writeFileSync(path, JSON.stringify(manifest));
    const after = await (await get('/dataset.nt')).text();
    expect(after).toContain('"123456"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>');
    expect(after).not.toBe(before);
  });
});

describe('sitemap', () => {
  it('lists every entity page at the address the request came to', async () => {
    const r = await get('/sitemap.xml');
    const text = await r.text();
    expect(r.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(text).toContain(`<loc>${s.url}/id/person/viktor-orban</loc>`);
    expect(text).toContain(`<loc>${s.url}/id/event/2024-bishkek</loc>`);
    expect(text.match(/<loc>/g)?.length).toBe(s.index.describedIris().length + 5);
  });
});

describe('the canonical base differs from the server address', () => {
  it('keeps canonical IRIs in the RDF while the page links stay on this server', async () => {
    const st = storeOf(parse(await (await get('/id/event/2024-bishkek.ttl')).text(), 'text/turtle'));
    expect(st.countQuads(namedNode(`${BASE}id/event/2024-bishkek`), null, null, null)).toBeGreaterThan(5);
    const terms = st.getQuads(null, null, null, null).flatMap((q) => [q.subject.value, q.object.value]);
    expect(terms.filter((t) => t.startsWith(s.url))).toEqual([]);
    const page = await (await get('/id/event/2024-bishkek.html')).text();
    expect(page).toContain('href="/id/person/viktor-orban"');
    expect(page).not.toContain('href="https://w3id.org/ots-kg/id/');
  });

  it('uses only vocabulary namespaces the project declares in the description of an entity', async () => {
    const st = storeOf(parse(await (await get('/id/person/viktor-orban.nt')).text(), 'application/n-triples'));
    const known = Object.values(NS);
    for (const q of st.getQuads(null, null, null, null)) {
      expect(known.some((ns) => q.predicate.value.startsWith(ns)), q.predicate.value).toBe(true);
    }
  });
});
