// Where links lead: pages, the sitemap and the editor use this server's public address (PUBLIC_URL or the listening
// address), never a Host header a client made up; LINK_MODE=rewrite also moves the RDF served onto this server.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rawGet } from './helpers/raw-get.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parsePublicUrls } from '../src/config.js';
import { Parser } from '../src/rdf.js';
import { startServer } from './fixtures/linked-data/harness.js';
import type { TestServer } from './fixtures/linked-data/harness.js';

const BASE = 'https://w3id.org/ots-kg/';

/** GET with a Host header of our choosing (fetch does not let a caller set Host). */
function getWithHost(url: string, path: string, host: string, accept = 'text/html'): Promise<{ status: number; body: string }> {
  return rawGet(url, path, { host, accept });
}

describe('PUBLIC_URL and LINK_MODE settings', () => {
  it('default to the listening address and local links', () => {
    const c = loadConfig({}, 1);
    expect(c.publicUrls).toEqual([]);
    expect(c.linkMode).toBe('local');
  });

  it('read a list of server roots, normalised, first one primary', () => {
    expect(parsePublicUrls('https://ots.example.org, http://localhost:3000/')).toEqual(['https://ots.example.org/', 'http://localhost:3000/']);
    expect(loadConfig({ LINK_MODE: 'rewrite' }, 1).linkMode).toBe('rewrite');
  });

  it.each([
    [{ PUBLIC_URL: 'ots.example.org' }, /PUBLIC_URL: "ots.example.org" is not an absolute URL/],
    [{ PUBLIC_URL: 'ftp://ots.example.org/' }, /must be an http\(s\) URL/],
    [{ PUBLIC_URL: 'https://ots.example.org/kg/' }, /has a path \(\/kg\/\); give the server's root \(https:\/\/ots.example.org\/\)/],
    [{ PUBLIC_URL: 'https://ots.example.org/?a=1' }, /without query, fragment or credentials/],
    [{ LINK_MODE: 'canonicalish' }, /LINK_MODE="canonicalish" is not a link mode \(expected local or rewrite\)/],
  ])('refuses %j, saying what to give instead', (env, message) => {
    expect(() => loadConfig(env, 1)).toThrow(ConfigError);
    expect(() => loadConfig(env, 1)).toThrow(message);
  });
});

describe('without PUBLIC_URL: the listening address, whatever Host says', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ base: BASE });
  });
  afterAll(() => s.close());

  it('keeps a forged Host out of the sitemap and robots.txt', async () => {
    const sitemap = await getWithHost(s.url, '/sitemap.xml', 'evil.example:666');
    expect(sitemap.status).toBe(200);
    expect(sitemap.body).not.toContain('evil.example');
    expect(sitemap.body).toContain(`<loc>${s.url}/id/person/viktor-orban</loc>`);
    const robots = await getWithHost(s.url, '/robots.txt', 'evil.example');
    expect(robots.body).toContain(`Sitemap: ${s.url}/sitemap.xml`);
    expect(robots.body).not.toContain('evil.example');
  });

  it('keeps a forged Host out of the pages (the schema.org url)', async () => {
    const r = await getWithHost(s.url, '/id/person/viktor-orban', 'evil.example');
    expect(r.status).toBe(200);
    expect(r.body).not.toContain('evil.example');
    expect(r.body).toContain(`"url": "${s.url}/id/person/viktor-orban"`);
  });

  it('links every page of the graph on this server, not at the unregistered canonical base', async () => {
    for (const path of ['/', '/id/event/2024-bishkek', '/id/person/viktor-orban', '/ontology', '/dataset']) {
      const text = await (await fetch(s.url + path, { headers: { accept: 'text/html' } })).text();
      const hrefs = [...text.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? '');
      expect(hrefs.filter((h) => h.startsWith(BASE)), path).toEqual([]);
      if (path.startsWith('/id/')) expect(hrefs.filter((h) => h.startsWith('/id/')).length, path).toBeGreaterThan(0);
    }
  });

  it('gives the query editor the map from canonical IRIs to this server, and PREFIX lines for a new query', async () => {
    const text = await (await fetch(`${s.url}/query`, { headers: { accept: 'text/html' } })).text();
    const m = /<script type="application\/json" id="query-config">([\s\S]*?)<\/script>/.exec(text);
    const config = JSON.parse(m?.[1] ?? '{}') as { links: [string, string][]; newQuery: string };
    expect(config.links).toContainEqual([BASE, '/']);
    expect(config.links).toContainEqual(['https://w3id.org/ots-kg/ontology', '/ontology']);
    expect(config.newQuery).toMatch(/^PREFIX ots: <https:\/\/w3id.org\/ots-kg\/ontology#>$/m);
    expect(config.newQuery).toMatch(/^PREFIX rdfs: /m);
  });

  it('keeps the canonical IRIs in the RDF in local mode', async () => {
    const ttl = await (await fetch(`${s.url}/id/person/viktor-orban.nt`)).text();
    expect(ttl).toContain(`<${BASE}id/person/viktor-orban>`);
    expect(ttl).not.toContain(s.url);
  });
});

describe('with PUBLIC_URL listing two addresses', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ base: BASE, links: { publicUrls: ['https://ots.example.org/', 'http://localhost:8080/'], mode: 'local' } });
  });
  afterAll(() => s.close());

  it('uses the configured address the request named, else the first', async () => {
    expect((await getWithHost(s.url, '/sitemap.xml', 'localhost:8080')).body).toContain('<loc>http://localhost:8080/id/person/viktor-orban</loc>');
    const forged = await getWithHost(s.url, '/sitemap.xml', 'evil.example');
    expect(forged.body).toContain('<loc>https://ots.example.org/id/person/viktor-orban</loc>');
    expect(forged.body).not.toContain('evil.example');
    expect(forged.body).not.toContain('localhost:8080');
  });
});

describe('LINK_MODE=rewrite', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ base: BASE, links: { publicUrls: [], mode: 'rewrite' } });
  });
  afterAll(() => s.close());

  it('names the things in the RDF it serves on this server, so a client following links stays here', async () => {
    const text = await (await fetch(`${s.url}/id/event/2024-bishkek.ttl`)).text();
    const quads = new Parser({ format: 'text/turtle', baseIRI: `${s.url}/` }).parse(text);
    const iris = quads.flatMap((q) => [q.subject, q.predicate, q.object]).filter((t) => t.termType === 'NamedNode').map((t) => t.value);
    expect(iris).toContain(`${s.url}/id/event/2024-bishkek`);
    expect(iris).toContain(`${s.url}/ontology#participation`);
    expect(iris.filter((i) => i.startsWith(BASE))).toEqual([]);
    // Links to other sites are left alone.
    const person = await (await fetch(`${s.url}/id/person/viktor-orban.nt`)).text();
    expect(person).toContain(`<${s.url}/id/person/viktor-orban> <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q57641>`);
    // And the rewritten IRIs answer on this server.
    expect((await fetch(`${s.url}/id/person/viktor-orban`, { headers: { accept: 'text/turtle' } })).status).toBe(200);
  });

  it('writes the address of the server it was asked on, never a forged Host', async () => {
    const r = await getWithHost(s.url, '/id/person/viktor-orban.nt', 'evil.example', 'application/n-triples');
    expect(r.status).toBe(200);
    expect(r.body).toContain(`<${s.url}/id/person/viktor-orban>`);
    expect(r.body).not.toContain('evil.example');
  });
});

const PYTHON = '/usr/bin/python3';
const HAVE_RDFLIB = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import rdflib'], { timeout: 30_000 }).status === 0;
if (!HAVE_RDFLIB) console.warn(`rdflib follow-your-nose test SKIPPED: no Python rdflib at ${PYTHON} (apt-get install -y python3-rdflib)`);

/** rdflib, with its default settings, loads a page's IRI and then every IRI in it that answers on the same server. */
const FOLLOW = `
import sys, rdflib
start = sys.argv[1]
root = start[: start.index('/', len('http://'))] + '/'
g = rdflib.Graph()
g.parse(start)
seen = {start}
for o in list(g.objects()):
    if isinstance(o, rdflib.URIRef) and str(o).startswith(root + 'id/') and str(o) not in seen:
        seen.add(str(o))
        g.parse(str(o))
print(len(seen) - 1)
print(sum(1 for s in g.subjects() if str(s).startswith('https://w3id.org/')))
`;

describe.skipIf(!HAVE_RDFLIB)('a follow-your-nose client (rdflib) on a LINK_MODE=rewrite server', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ base: BASE, links: { publicUrls: [], mode: 'rewrite' } });
  });
  afterAll(() => s.close());

  it('follows the links it gets and stays on this server', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      execFile(PYTHON, ['-c', FOLLOW, `${s.url}/id/event/2024-bishkek`], { timeout: 60_000 }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)));
    });
    const [followed, canonical] = out.trim().split('\n').map(Number);
    expect(followed).toBeGreaterThanOrEqual(5);
    expect(canonical).toBe(0);
  });
});
