// The whole server (worker pool, endpoint, page router): a browser opening /sparql gets the query editor while machines
// keep the service description; search and lists answer through the same worker pool as the endpoint.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server.js';
import { serializeQuads } from '../src/serialize/writers.js';
import { DEFAULT_BASE_IRI } from '../src/config.js';
import { fixtureQuads } from './fixtures/linked-data/harness.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
let server: RunningServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ots-app-pages-'));
  const nq = serializeQuads(fixtureQuads(DEFAULT_BASE_IRI), 'nquads', { base: DEFAULT_BASE_IRI });
  writeFileSync(join(dir, 'ots-kg.nq'), nq);
  server = await startServer({
    nquads: nq,
    quiet: true,
    log: () => undefined,
    env: { PORT: '0', HOST: '127.0.0.1', DUMPS_DIR: dir, QUERY_WORKERS: '1', SERVICE_ALLOWLIST: 'none', LOG_REQUESTS: 'false' },
  });
  await server.ready;
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('GET /sparql without a query', () => {
  it('gives a browser the query editor, above the example list', async () => {
    const r = await fetch(`${server.url}/sparql`, { headers: { accept: BROWSER_ACCEPT } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.headers.get('vary') ?? '').toMatch(/Accept/i);
    const text = await r.text();
    const editor = text.indexOf('<div id="yasgui">');
    const examples = text.indexOf('<ul class="examples">');
    expect(editor).toBeGreaterThan(0);
    expect(examples).toBeGreaterThan(editor);
    expect(text).toContain('data-example="participants"');
  });

  it.each([
    ['no Accept', undefined],
    ['any type', '*/*'],
    ['Turtle', 'text/turtle'],
    ['HTML and Turtle alike', 'text/html, text/turtle'],
  ])('keeps the service description for a machine (%s)', async (_name, accept) => {
    const r = await fetch(`${server.url}/sparql`, { headers: accept ? { accept } : {} });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/turtle/);
    expect(await r.text()).toContain('sd:Service');
  });

  it('still answers a query from a browser with results, not the editor', async () => {
    const r = await fetch(`${server.url}/sparql?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`, { headers: { accept: BROWSER_ACCEPT } });
    expect(r.status).toBe(200);
    expect(await r.text()).not.toContain('id="yasgui"');
  });
});

describe('search and lists on the worker pool', () => {
  it('finds by name and lists a path', async () => {
    const found = await (await fetch(`${server.url}/search?q=orban`, { headers: { accept: 'text/html' } })).text();
    expect(found).toContain('<li><a href="/id/person/viktor-orban">Viktor Orbán</a>');
    const people = await (await fetch(`${server.url}/id/person/`, { headers: { accept: 'text/html' } })).text();
    expect(people).toContain('<li><a href="/id/person/sadyr-japarov">Sadyr Japarov</a>');
  });
});
