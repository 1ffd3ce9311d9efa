// A person's walk through the site in a real browser (Debian's chromium via playwright-core): home, query editor, entity pages, diagrams.
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
  const offSite: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dumpsDir = mkdtempSync(join(tmpdir(), 'ots-browser-'));
    const graph = await buildGraph({ dataDir: 'data', base: DEFAULT_BASE_IRI });
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
    const diagram = page.locator('svg.diagram');
    await expect(diagram.count()).resolves.toBe(1);
    expect(await diagram.locator('a.node').count()).toBeGreaterThan(15);
    await page.screenshot({ path: `${ARTIFACTS}/summit.png`, fullPage: true });
    await diagram.locator('a[href="/id/person/viktor-orban"]').first().click();
    await page.waitForURL('**/id/person/viktor-orban');
    await expect(page.locator('h1').innerText()).resolves.toBe('Viktor Orbán');
    await expect(page.locator('svg.diagram').count()).resolves.toBe(1);
    expect(await page.locator('ol.sources li').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${ARTIFACTS}/person.png`, fullPage: true });
    await page.close();
  });

  it.each([
    ['summit', '/id/event/2024-bishkek'],
    ['home', '/'],
    ['query', '/query'],
    ['ontology', '/ontology'],
    ['person', '/id/person/viktor-orban'],
  ])('fits the %s page on a phone screen without sideways scrolling', async (name, path) => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    await phone.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
    const page = await phone.newPage();
    await page.goto(`${server.url}${path}`);
    await page.waitForLoadState('networkidle');
    // A string, since this file is typed for Node, not the DOM.
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${ARTIFACTS}/${name}-phone.png` });
    await phone.close();
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
