// A person's walk through the site in a real browser (Debian's chromium via playwright-core): home, query editor, entity pages,
// diagrams, search and lists; then every kind of page at phone and desktop size, with screenshots in test-artifacts/browser/.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildGraph } from '../src/build.js';
import { writeDumps } from '../src/serialize/dumps.js';
import { startServer } from '../src/server.js';
import type { RunningServer } from '../src/server.js';
import { DEFAULT_BASE_IRI } from '../src/config.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const ARTIFACTS = 'test-artifacts/browser';

if (!HAVE_CHROMIUM) {
  console.warn(`browser tests SKIPPED: no chromium at ${CHROMIUM}. Install it with 'apt-get install -y chromium' (CI does) or set CHROMIUM_PATH.`);
}

describe.skipIf(!HAVE_CHROMIUM)('the site in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let dumpsDir: string;
  let quotePath = '';
  const offSite: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dumpsDir = mkdtempSync(join(tmpdir(), 'ots-browser-'));
    const graph = await buildGraph({ dataDir: 'data', base: DEFAULT_BASE_IRI });
    // A quote's IRI is a digest of its passage: take the one the award's fact is derived from.
    const fact = `${DEFAULT_BASE_IRI}fact/2024-bishkek/award-orban-supreme-order`;
    const quote = graph.quads.find((q) => q.subject.value === fact && q.predicate.value === 'http://www.w3.org/ns/prov#wasDerivedFrom' && q.object.value.includes('/evidence/quote/'));
    if (!quote) throw new Error(`no quote found for ${fact}: the browser test needs one`);
    quotePath = `/${quote.object.value.slice(DEFAULT_BASE_IRI.length)}`;
    await writeDumps({ quads: graph.quads, base: graph.base, outDir: join(dumpsDir, 'dumps') });
    server = await startServer({
      env: { PORT: '0', HOST: '127.0.0.1', DUMPS_DIR: join(dumpsDir, 'dumps'), QUERY_WORKERS: '1', LOG_REQUESTS: 'false' },
      quiet: true,
      log: () => undefined,
    });
    await server.ready;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Anything that is not this server is refused and remembered: pages must not reach outside.
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.protocol === 'data:') await route.continue();
      else {
        offSite.push(url.href);
        await route.abort();
      }
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    if (dumpsDir) rmSync(dumpsDir, { recursive: true, force: true });
  });

  async function open(path: string): Promise<Page> {
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${path}: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`${path}: ${e.message}`));
    const res = await page.goto(server.url + path);
    expect(res?.status(), `status of ${path}`).toBe(200);
    return page;
  }

  it('shows the home page with the size, the licence, the dumps and the example questions', async () => {
    const page = await open('/');
    await expect(page.title()).resolves.toContain('ots-kg');
    const text = await page.locator('main').innerText();
    expect(text).toMatch(/[\d,]+\s+statements/);
    expect(text).toContain('Creative Commons Attribution-ShareAlike 4.0');
    expect(await page.locator('a[href^="/dumps/ots-kg."]').count()).toBeGreaterThanOrEqual(6);
    expect(await page.locator('a[href^="/query?example="]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${ARTIFACTS}/home.png`, fullPage: true });
    await page.close();
  });

  it('runs an example query in the editor and shows its rows', async () => {
    const page = await open('/query');
    await page.locator('.yasqe .CodeMirror').waitFor({ state: 'visible' });
    const button = page.locator('button[data-example="participants"]');
    await expect(button.count()).resolves.toBe(1);
    await button.click();
    const rows = page.locator('.yasr table tbody tr');
    await rows.first().waitFor({ state: 'visible', timeout: 30_000 });
    const n = await rows.count();
    expect(n).toBeGreaterThanOrEqual(9);
    expect(await page.locator('.yasr table').innerText()).toContain('Viktor Orb');
    await page.screenshot({ path: `${ARTIFACTS}/query.png`, fullPage: true });
    await page.close();
  });

  it('opens the summit page, sees its diagram, and follows a link to a person', async () => {
    const page = await open('/id/event/2024-bishkek');
    await expect(page.locator('h1').innerText()).resolves.toContain('2024');
    const diagram = page.locator('svg.diagram.wide');
    await expect(diagram.count()).resolves.toBe(1);
    expect(await diagram.locator('a.node').count()).toBeGreaterThan(15);
    await page.screenshot({ path: `${ARTIFACTS}/summit.png`, fullPage: true });
    await diagram.locator('a[href="/id/person/viktor-orban"]').first().click();
    await page.waitForURL('**/id/person/viktor-orban');
    await expect(page.locator('h1').innerText()).resolves.toBe('Viktor Orbán');
    await expect(page.locator('svg.diagram.wide').count()).resolves.toBe(1);
    expect(await page.locator('ol.sources li').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${ARTIFACTS}/person.png`, fullPage: true });
    await page.close();
  });

  it('links the results in the query editor to pages on this server, and starts a new query with the prefixes', async () => {
    const page = await open('/query');
    await page.locator('.yasqe .CodeMirror').waitFor({ state: 'visible' });
    // A string, since this file is typed for Node, not the DOM.
    const initial = String(await page.evaluate("document.querySelector('.yasqe .CodeMirror').CodeMirror.getValue()"));
    expect(initial).toMatch(/^PREFIX ots: <https:\/\/w3id.org\/ots-kg\/ontology#>$/m);
    expect(initial).toMatch(/^PREFIX org: <http:\/\/www.w3.org\/ns\/org#>$/m);
    // A tab opened with "+" starts with the same PREFIX lines.
    await page.locator('button.addTab').click();
    const tabs = String(await page.evaluate("[...document.querySelectorAll('.yasqe .CodeMirror')].filter((e) => e.offsetParent !== null).map((e) => e.CodeMirror.getValue()).join('\\n---\\n')"));
    expect(tabs).toMatch(/^PREFIX ots: <https:\/\/w3id.org\/ots-kg\/ontology#>$/m);
    const run = await page.evaluate("(() => { const qs = [...document.querySelectorAll('.yasqe .CodeMirror')].find((e) => e.offsetParent !== null).CodeMirror; qs.setValue('PREFIX ots: <https://w3id.org/ots-kg/ontology#> SELECT ?s WHERE { ?s a ots:Summit }'); return true; })()");
    expect(run).toBe(true);
    await page.locator('.yasqe .yasqe_queryButton:visible').click();
    const link = page.locator('.yasr table tbody a[href^="/id/event/"]:visible').first();
    await link.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.locator('.yasr table tbody a[href^="https://w3id.org/"]').count()).toBe(0);
    await expect(link.getAttribute('title')).resolves.toMatch(/^https:\/\/w3id.org\/ots-kg\/id\/event\//);
    await link.click();
    await page.waitForURL(`${server.url}/id/event/**`);
    expect(new URL(page.url()).host).toBe(new URL(server.url).host);
    await page.close();
  });

  it('opens the query editor on /sparql, above the examples', async () => {
    const page = await open('/sparql');
    await page.locator('.yasqe .CodeMirror').waitFor({ state: 'visible' });
    const editorTop = Number(await page.evaluate("document.getElementById('yasgui').getBoundingClientRect().top"));
    const examplesTop = Number(await page.evaluate("document.querySelector('ul.examples').getBoundingClientRect().top"));
    expect(editorTop).toBeLessThan(examplesTop);
    await page.close();
  });

  it('finds a person from the search box in the header, and lists the people', async () => {
    const page = await open('/');
    await page.locator('#site-search').fill('orban');
    await page.locator('header form.search button').click();
    await page.waitForURL('**/search?q=orban');
    const first = page.locator('ol.results li a').first();
    await expect(first.innerText()).resolves.toBe('Viktor Orbán');
    await first.click();
    await page.waitForURL('**/id/person/viktor-orban');
    await page.goto(`${server.url}/id/person`);
    expect(new URL(page.url()).pathname).toBe('/id/person/');
    expect(await page.locator('ul.list li a').count()).toBeGreaterThanOrEqual(10);
    await page.close();
  });

  /** Stands for the quote page's path, found in the built graph. */
  const QUOTE = '(a quote of the award)';
  /** Every kind of page, with what must be on it. */
  const PAGES: readonly [string, string, number][] = [
    ['home', '/', 200],
    ['query', '/query', 200],
    ['sparql-editor', '/sparql', 200],
    ['search', '/search?q=erdogan', 200],
    ['browse', '/id/', 200],
    ['list-people', '/id/person/', 200],
    ['list-class', '/id/?class=Summit', 200],
    ['ontology', '/ontology', 200],
    ['dataset', '/dataset', 200],
    ['dumps', '/dumps', 200],
    ['summit', '/id/event/2024-bishkek', 200],
    ['person', '/id/person/viktor-orban', 200],
    ['organisation', '/id/organization/ots', 200],
    ['state', '/id/state/kyrgyzstan', 200],
    ['fact', '/fact/2024-bishkek/award-orban-supreme-order', 200],
    ['quote', QUOTE, 200],
    ['citation', '/evidence/citation/wikidata', 200],
    ['linkset', '/wikidata/', 200],
    ['no-link', '/wikidata/Q1', 404],
    ['not-found', '/id/person/nobody-by-this-name', 404],
  ];
  const SIZES: readonly [string, { width: number; height: number }, boolean][] = [
    ['phone', { width: 390, height: 844 }, true],
    ['desktop', { width: 1280, height: 900 }, false],
  ];

  // Run in the page (a string, since this file is typed for Node): diagrams that do not fit their frame, nodes outside it,
  // and the scale each shown diagram is drawn at.
  const DIAGRAM_CHECK = `(() => {
    const problems = []; const scales = [];
    for (const fig of document.querySelectorAll('figure.diagram-wrap')) {
      const fr = fig.getBoundingClientRect();
      if (fig.scrollWidth > fig.clientWidth + 1) problems.push('the diagram frame scrolls: ' + fig.scrollWidth + ' > ' + fig.clientWidth);
      const shown = [...fig.querySelectorAll('svg.diagram')].filter((s) => getComputedStyle(s).display !== 'none');
      if (shown.length !== 1) problems.push(shown.length + ' diagrams shown in one frame');
      for (const svg of shown) {
        scales.push(svg.getBoundingClientRect().width / svg.viewBox.baseVal.width);
        for (const a of svg.querySelectorAll('a.node')) {
          const r = a.getBoundingClientRect();
          if (r.left < fr.left - 1 || r.right > fr.right + 1) problems.push('node outside its frame: ' + (a.textContent || '').trim().slice(0, 40));
        }
      }
    }
    return { problems, scales };
  })()`;
  // Words of the dumps table that the browser split over two lines.
  const BROKEN_WORDS = `(() => {
    const bad = [];
    for (const td of document.querySelectorAll('table.dumps td')) {
      const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
      let n;
      while ((n = walker.nextNode())) {
        const re = /\S+/g; let m;
        while ((m = re.exec(n.data))) {
          const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
          const tops = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
          if (tops.size > 1) bad.push(m[0]);
        }
      }
    }
    return bad;
  })()`;

  describe.each(SIZES)('at %s size', (sizeName, viewport, isMobile) => {
    let ctx: BrowserContext;
    beforeAll(async () => {
      ctx = await browser.newContext({ viewport, isMobile });
      await ctx.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
    });
    afterAll(async () => {
      await ctx?.close();
    });

    it.each(PAGES)('shows the %s page without sideways scrolling, diagrams inside their frame', async (name, path, status) => {
      const page = await ctx.newPage();
      const target = path === QUOTE ? quotePath : path;
      const res = await page.goto(`${server.url}${target}`);
      expect(res?.status(), target).toBe(status);
      await page.waitForLoadState('networkidle');
      // Against the screen's width, not innerWidth: a phone browser widens its layout to fit content that is too wide.
      const overflow = Number(await page.evaluate(`Math.max(document.documentElement.scrollWidth, window.innerWidth) - ${viewport.width}`));
      expect(overflow, `${path} is wider than the screen by ${overflow}px`).toBeLessThanOrEqual(0);
      const d = (await page.evaluate(DIAGRAM_CHECK)) as { problems: string[]; scales: number[] };
      expect(d.problems, path).toEqual([]);
      // A diagram shown on a phone is drawn near its natural size, not shrunk to a thumbnail.
      for (const scale of d.scales) expect(scale, `${path} diagram scale`).toBeGreaterThan(isMobile ? 0.85 : 0.5);
      if (['summit', 'person', 'state'].includes(name)) expect(d.scales.length, path).toBe(1);
      // A timeline (organisation and person pages) scrolls inside its own frame on a narrow screen, never the page.
      const timelines = Number(await page.evaluate(`[...document.querySelectorAll('figure.timeline-wrap svg.timeline')].filter((s) => s.getBoundingClientRect().height > 40).length`));
      expect(timelines, `${target} timelines shown`).toBe(['person', 'organisation'].includes(name) ? 1 : 0);
      expect((await page.evaluate(BROKEN_WORDS)) as string[], path).toEqual([]);
      // A very tall page (the organisation's lists every statement) is shot as its first screens: a whole-page shot of it
      // takes the browser tens of seconds.
      const tall = Number(await page.evaluate('document.documentElement.scrollHeight')) > 6000;
      await page.screenshot({ path: `${ARTIFACTS}/${name}-${sizeName}.png`, fullPage: !tall, ...(tall ? { clip: { x: 0, y: 0, width: viewport.width, height: 3000 } } : {}) });
      await page.close();
    });
  });

  it('opens the ontology page with usage counts', async () => {
    const page = await open('/ontology');
    await expect(page.locator('#Summit').innerText()).resolves.toMatch(/Used by \d+ instance/);
    await page.screenshot({ path: `${ARTIFACTS}/ontology.png` });
    await page.close();
  });

  it('made no request outside the server and logged no errors on any page', () => {
    expect(offSite).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
