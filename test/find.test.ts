// Finding things: the search box on every page, /search ranked and accent- and case-insensitive, a Wikidata ID going
// straight to its thing; lists under /id/{path}/ and per class, /id/ listing them, the ontology linking its counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldText, namePattern } from '../src/http/linked-data/finder.js';
import { startServer } from './fixtures/linked-data/harness.js';
import type { TestServer } from './fixtures/linked-data/harness.js';

const BASE = 'https://w3id.org/ots-kg/';
let s: TestServer;
beforeAll(async () => {
  s = await startServer({ base: BASE });
});
afterAll(() => s.close());

async function page(path: string): Promise<{ status: number; text: string; location: string | null }> {
  const r = await fetch(s.url + path, { headers: { accept: 'text/html' }, redirect: 'manual' });
  return { status: r.status, text: await r.text(), location: r.headers.get('location') };
}

/** The hrefs of the result list, in order. */
function resultLinks(text: string): string[] {
  const list = /<(?:ol class="results"|ul class="list")>([\s\S]*?)<\/(?:ol|ul)>/.exec(text)?.[1] ?? '';
  return [...list.matchAll(/<li><a href="([^"]+)"/g)].map((m) => m[1] ?? '');
}

describe('folding names for comparison', () => {
  it.each([
    ['Orbán', 'orban'],
    ['ŞAHİN  Əliyev', 'sahin eliyev'],
    ['Gabala', 'gabala'],
    ['Садыр Жапаров', 'садыр жапаров'],
  ])('folds %j to %j', (input, folded) => {
    expect(foldText(input)).toBe(folded);
  });

  it('turns a folded query into a pattern that matches the accented original, and escapes regex syntax', () => {
    expect(new RegExp(namePattern('orban'), 'i').test('Viktor Orbán')).toBe(true);
    expect(new RegExp(namePattern('sahin'), 'i').test('ŞAHİN')).toBe(true);
    expect(namePattern('a.b(c')).toContain('\\.');
    expect(new RegExp(namePattern('a.b(c'), 'i').test('axb(c')).toBe(false);
  });
});

describe('the search box', () => {
  it.each(['/', '/id/person/viktor-orban', '/ontology', '/query', '/dumps', '/id/'])('is on %s', async (path) => {
    const { text } = await page(path);
    expect(text).toMatch(/<form class="search" role="search" action="\/search" method="get">[\s\S]*?<input id="site-search" type="search" name="q"/);
  });
});

describe('/search', () => {
  it('finds a person by an English label without its accent, and in another case', async () => {
    const { status, text } = await page('/search?q=ORBAN');
    expect(status).toBe(200);
    expect(resultLinks(text)[0]).toBe('/id/person/viktor-orban');
    expect(text).toContain('value="ORBAN"');
  });

  it('finds a label in another script and language, and says which name matched', async () => {
    const { text } = await page(`/search?q=${encodeURIComponent('жапаров')}`);
    expect(resultLinks(text)[0]).toBe('/id/person/sadyr-japarov');
    expect(text).toContain('<span lang="ru">Садыр Жапаров</span>');
  });

  it('finds other recorded names (skos:altLabel)', async () => {
    const { text } = await page('/search?q=zhaparov');
    expect(resultLinks(text)).toEqual(['/id/person/sadyr-japarov']);
    expect(text).toContain('also known as');
  });

  it('ranks a whole-name match above names that only contain the text', async () => {
    const { text } = await page('/search?q=kyrgyzstan');
    const links = resultLinks(text);
    expect(links[0]).toBe('/id/state/kyrgyzstan');
    expect(links).toContain('/id/event/2024-bishkek/participation/kyrgyzstan');
  });

  it('goes straight to the thing an exact Wikidata ID names', async () => {
    const r = await page('/search?q=q57641');
    expect(r.status).toBe(303);
    expect(r.location).toBe('/id/person/viktor-orban');
  });

  it('says when nothing matches, and treats regex and SPARQL syntax as plain text', async () => {
    for (const q of ['nobody-by-this-name', '.*', '") } SELECT * WHERE { ?s ?p ?o', 'a\\b']) {
      const r = await page(`/search?q=${encodeURIComponent(q)}`);
      expect(r.status, q).toBe(200);
      expect(resultLinks(r.text), q).toEqual([]);
      expect(r.text, q).toContain('Nothing is named');
    }
  });

  it('shows the empty box with a hint when no text is given', async () => {
    const r = await page('/search');
    expect(r.status).toBe(200);
    expect(r.text).toContain('Case and accents do not matter');
  });

  it('refuses text that is too long or repeated, saying why', async () => {
    const long = await page(`/search?q=${'a'.repeat(201)}`);
    expect(long.status).toBe(400);
    expect(long.text).toContain('at most 200 are searched');
    expect((await page('/search?q=a&q=b')).status).toBe(400);
  });
});

describe('lists', () => {
  it('lists the people under /id/person/, with their labels and types', async () => {
    const { status, text } = await page('/id/person/');
    expect(status).toBe(200);
    expect(resultLinks(text).sort()).toEqual(['/id/person/markup-test', '/id/person/sadyr-japarov', '/id/person/viktor-orban']);
    expect(text).toContain('>Viktor Orbán</a>');
    // The fixture's markup-laden label is escaped here too.
    expect(text).not.toContain("<script>alert('x')</script>");
  });

  it('redirects /id/person (no slash) to the list', async () => {
    const r = await page('/id/person');
    expect(r.status).toBe(301);
    expect(r.location).toBe('/id/person/');
  });

  it('lists only the things directly under a path', async () => {
    const links = resultLinks((await page('/id/event/')).text);
    expect(links).toEqual(['/id/event/2024-bishkek']);
  });

  it('lists the paths and the classes at /id/, each linked to its list', async () => {
    const { status, text } = await page('/id/');
    expect(status).toBe(200);
    for (const seg of ['person', 'state', 'event', 'city']) expect(text).toContain(`<a href="/id/${seg}/">`);
    expect(text).toContain('href="/id/?class=Summit"');
    expect((await page('/id')).location).toBe('/id/');
  });

  it('lists the instances of a class, and the ontology page links its counts there', async () => {
    const { text } = await page('/id/?class=Participation');
    expect(resultLinks(text).sort()).toEqual(['/id/event/2024-bishkek/participation/hungary', '/id/event/2024-bishkek/participation/kyrgyzstan']);
    const full = await page(`/id/?class=${encodeURIComponent('http://schema.org/Person')}`);
    expect(resultLinks(full.text)).toHaveLength(3);
    const ontology = (await page('/ontology')).text;
    expect(ontology).toMatch(/<a href="\/id\/\?class=Summit">1 instance<\/a>/);
  });

  it('answers 404 for an empty path or class and 400 for a bad class or page, saying what to do', async () => {
    const none = await page('/id/nothing-here/');
    expect(none.status).toBe(404);
    expect(none.text).toContain('listed at /id/');
    expect((await page('/id/?class=NoSuchClass')).status).toBe(404);
    expect((await page('/id/?class=javascript:alert(1)')).status).toBe(400);
    const badPage = await page('/id/person/?page=0');
    expect(badPage.status).toBe(400);
    expect(badPage.text).toContain('?page= must be a whole number from 1');
    expect((await page('/id/person/?page=2')).status).toBe(404);
  });

  it('still describes the things under a path', async () => {
    expect((await page('/id/person/viktor-orban')).status).toBe(200);
    expect((await page('/id/event/2024-bishkek/participation/hungary')).status).toBe(200);
  });
});
