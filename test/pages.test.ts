// The pages people read: escaping of data everywhere, entity pages with names, sources, links and diagrams, home, ontology and query pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Html, escapeHtml, html, jsonForScript, safeUrl } from '../src/http/html.js';
import { wrapText } from '../src/http/linked-data/svg.js';
import { parseExample } from '../src/http/linked-data/examples.js';
import { startServer } from './fixtures/linked-data/harness.js';
import type { TestServer } from './fixtures/linked-data/harness.js';

const BASE = 'https://w3id.org/ots-kg/';
let s: TestServer;
beforeAll(async () => {
  s = await startServer({ base: BASE });
});
afterAll(async () => {
  await s.close();
});

async function page(path: string): Promise<{ text: string; headers: Headers; status: number }> {
  const r = await fetch(s.url + path, { headers: { accept: 'text/html' } });
  return { text: await r.text(), headers: r.headers, status: r.status };
}

function jsonLdBlock(text: string): Record<string, unknown> {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(text);
  if (!m?.[1]) throw new Error('no JSON-LD block in the page');
  return JSON.parse(m[1]) as Record<string, unknown>;
}

describe('html templating', () => {
  it.each([
    ['<script>alert(1)</script>', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'],
    ['"quoted" & \'single\'', '<p>&quot;quoted&quot; &amp; &#39;single&#39;</p>'],
    [42, '<p>42</p>'],
    [null, '<p></p>'],
    [undefined, '<p></p>'],
    [false, '<p></p>'],
    [['<a>', '<b>'], '<p>&lt;a&gt;&lt;b&gt;</p>'],
    [new Html('<em>kept</em>'), '<p><em>kept</em></p>'],
  ])('renders %j safely', (value, expected) => {
    expect(html`<p>${value}</p>`.toString()).toBe(expected);
  });

  it('does not escape a nested fragment twice', () => {
    const inner = html`<b>${'a&b'}</b>`;
    expect(html`<p>${inner}</p>`.toString()).toBe('<p><b>a&amp;b</b></p>');
  });

  it.each([
    ['/id/person/x', '/id/person/x'],
    ['https://www.wikidata.org/wiki/Q1', 'https://www.wikidata.org/wiki/Q1'],
    ['javascript:alert(1)', '#'],
    [' JAVASCRIPT:alert(1)', '#'],
    ['data:text/html,<b>', '#'],
    ['//evil.example/x', '#'],
    ['not a url', '#'],
  ])('safeUrl(%j) is %j', (input, expected) => {
    expect(safeUrl(input)).toBe(expected);
  });

  it('keeps data from closing a script element in inline JSON', () => {
    const out = jsonForScript({ name: '</script><script>alert(1)</script>' }).toString();
    expect(out).not.toContain('</script>');
    expect(JSON.parse(out)).toEqual({ name: '</script><script>alert(1)</script>' });
  });

  it('escapes every character HTML gives meaning to', () => {
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });
});

describe('diagram labels', () => {
  it.each([
    ['Kyrgyzstan', 20, 2, ['Kyrgyzstan']],
    ['Turkish Republic of Northern Cyprus', 20, 2, ['Turkish Republic of', 'Northern Cyprus']],
    ['Council of Elders of the Organization of Turkic States', 20, 2, ['Council of Elders of', 'the Organization of…']],
  ])('wraps %j at %i characters into at most %i lines', (text, width, lines, expected) => {
    expect(wrapText(text, width, lines)).toEqual(expected);
  });
});

describe('example queries', () => {
  it('reads the question from the header comment', () => {
    expect(parseExample('q', '# Question: Who came?\nSELECT * {}', 'sparql/q.rq').question).toBe('Who came?');
  });
  it('says which file lacks its question and how to add one', () => {
    expect(() => parseExample('q', 'SELECT * {}', 'sparql/q.rq')).toThrow(/sparql\/q\.rq: no '# Question:' header/);
  });
});

describe('data with markup in it', () => {
  const MARKUP = ['<script>alert(', '<b>Bold</b>', '<img src=x'];
  // markup-test links to Viktor Orbán, so its label also appears in his page's list and diagram.
  it.each(['/id/person/markup-test', '/id/person/viktor-orban', '/sitemap.xml', '/dataset', '/', '/ontology'])('never reaches %s as markup', async (path) => {
    const { text } = await page(path);
    for (const m of MARKUP) expect(text).not.toContain(m);
  });

  it('shows the label as text on its own page', async () => {
    const { text } = await page('/id/person/markup-test');
    expect(text).toContain('<h1>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;Bold&lt;/b&gt;</h1>');
    expect(text).toContain('&quot;quoted&quot; &lt;img src=x onerror=alert(1)&gt;');
  });

  it('shows the label as text inside the diagrams too', async () => {
    const { text } = await page('/id/person/viktor-orban');
    for (const layout of ['wide', 'narrow']) {
      const svg = new RegExp(`<svg class="diagram ${layout}"[\\s\\S]*?</svg>`).exec(text)?.[0] ?? '';
      expect(svg, layout).toContain('href="/id/person/markup-test"');
      expect(svg, layout).toContain('&lt;script&gt;');
    }
  });

  it('keeps the label intact, and inert, in the schema.org block', async () => {
    const { text } = await page('/id/person/markup-test');
    expect(jsonLdBlock(text).name).toBe(`<script>alert('x')</script> & <b>Bold</b>`);
  });
});

describe('an entity page', () => {
  let text = '';
  beforeAll(async () => {
    text = (await page('/id/person/viktor-orban')).text;
  });

  it.each([
    ['the label up front', '<h1>Viktor Orbán</h1>'],
    ['the type', '>person</a>'],
    ['alternative names with their language', '<span lang="hu">Orbán Viktor</span><span class="lang" lang="hu">hu</span>'],
    ['a Wikidata link that says it leaves the site', 'href="http://www.wikidata.org/entity/Q57641" rel="external noopener" class="external">Wikidata Q57641</a> <span class="ext">(external site'],
    ['the sentence a statement comes from', '<blockquote>At the proposal of President Sadyr Zhaparov, Hungarian Prime Minister Viktor Orbán was awarded'],
    ['the citation a statement comes from', 'Cited: newscentralasia.net, 7 November 2024'],
    ['where the fact was declared', '<code>data/summits/2024-bishkek.yaml:212</code>'],
    ['links to what points here, on this server', 'href="/id/event/2024-bishkek/award/orban"'],
    ['links to the other formats', 'href="/id/person/viktor-orban.ttl" type="text/turtle"'],
    ['its neighbourhood diagram, wide', '<svg class="diagram wide"'],
    ['its neighbourhood diagram in one column for phones', '<svg class="diagram narrow"'],
  ])('shows %s', (_what, fragment) => {
    expect(text).toContain(fragment);
  });

  it('carries a schema.org description in its head', () => {
    const ld = jsonLdBlock(text);
    expect(ld['@type']).toBe('Person');
    expect(ld['@id']).toBe(`${BASE}id/person/viktor-orban`);
    expect(ld.sameAs).toEqual(['http://www.wikidata.org/entity/Q57641']);
    expect(ld.jobTitle).toBe('Prime Minister of Hungary');
  });

  it('makes no request to another site: every script, stylesheet and image is local', () => {
    const refs = [...text.matchAll(/<(?:script|link|img)\b[^>]*?\b(?:src|href)="([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) expect(r.startsWith('/'), r).toBe(true);
  });
});

describe('the summit page', () => {
  let text = '';
  let headers: Headers;
  beforeAll(async () => {
    const p = await page('/id/event/2024-bishkek');
    text = p.text;
    headers = p.headers;
  });

  it.each(['wide', 'narrow'])('draws who came from which state in which role, and what was decided and signed (%s)', (layout) => {
    const svg = new RegExp(`<svg class="diagram ${layout}"[\\s\\S]*?</svg>`).exec(text)?.[0] ?? '';
    for (const fragment of [
      'href="/id/state/kyrgyzstan" class="node state host"',
      'href="/id/state/hungary" class="node state observer"',
      'href="/id/person/viktor-orban"',
      '>Prime Minister</text>',
      '>Decided</text>',
      '>Signed</text>',
      '>Adoption of the Turkic Green Vision</text>',
      'Digital Economy Partnership',
    ]) {
      expect(svg).toContain(fragment);
    }
  });

  it('is an Event for schema.org, with its date and place', () => {
    const ld = jsonLdBlock(text);
    expect(ld['@type']).toBe('Event');
    expect(ld.startDate).toBe('2024-11-06');
    expect((ld.location as { name: string }).name).toBe('Bishkek');
  });

  it('forbids requests to other sites in its Content-Security-Policy', () => {
    expect(headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});

describe('a disputed claim', () => {
  it.each([
    ['on the page of the summit that links to it', '/id/event/2024-bishkek', '<span class="badge claim">disputed claim: contradicted, not a fact</span>'],
    ['on its own page', '/id/event/2024-bishkek/claim/turkmen-president', 'The graph does not state it as fact'],
    ['in its own page’s diagram', '/id/event/2024-bishkek/claim/turkmen-president', '<title>Turkmenistan&#39;s president was present at the summit. (disputed claim, not a fact)</title>'],
  ])('is never shown as a fact: %s', async (_where, path, fragment) => {
    expect((await page(path)).text).toContain(fragment);
  });
});

describe('the other pages', () => {
  it.each([
    ['/', ['statements', 'Creative Commons Attribution-ShareAlike 4.0', 'href="/query?example=participants"', 'href="/dumps/ots-kg.nt"', 'href="/ontology"', 'href="/query"', '2024 Organization of Turkic States summit']],
    ['/ontology', ['id="Summit"', 'A meeting of the Council of Heads of State.', 'subclass of <a href="/ontology#Meeting">meeting</a>', 'Used by <a href="/id/?class=Summit">1 instance</a> in the data.', 'id="participant"', 'Used by 2 statements in the data.']],
    ['/dataset', ['Statements in the data graph', 'ots-kg.nt', 'ots:Summit']],
    ['/dumps', ['ots-kg.nt.gz', 'sha256sum -c SHA256SUMS']],
    ['/query', ['src="/assets/yasgui/yasgui.min.js"', 'href="/assets/yasgui/yasgui.min.css"', 'data-example="participants"', 'Who represented each state at the summit?', '<noscript>']],
  ])('%s shows what a reader needs', async (path, fragments) => {
    const p = await page(path);
    expect(p.status).toBe(200);
    expect(p.text).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    for (const f of fragments) expect(p.text, f).toContain(f);
  });

  it('hands the editor its endpoint and the example queries', async () => {
    const { text } = await page('/query');
    const cfg = JSON.parse(/<script type="application\/json" id="query-config">([\s\S]*?)<\/script>/.exec(text)?.[1] ?? '{}') as { endpoint: string; examples: { name: string; query: string }[] };
    expect(cfg.endpoint).toBe('/sparql');
    expect(cfg.examples[0]?.query).toContain('SELECT');
  });

  it.each([
    ['/assets/yasgui/yasgui.min.js', 'text/javascript'],
    ['/assets/yasgui/yasgui.min.css', 'text/css'],
    ['/assets/site.css', 'text/css'],
    ['/assets/query.js', 'text/javascript'],
  ])('serves %s from this server as %s', async (path, type) => {
    const r = await fetch(s.url + path);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain(type);
    expect((await r.text()).length).toBeGreaterThan(500);
  });

  it('does not serve other files of the editor package', async () => {
    const r = await fetch(`${s.url}/assets/yasgui/package.json`);
    expect(r.status).toBe(404);
  });
});

describe('pages speak human', () => {
  it('titles a fact page by what the fact says, not by its ID', async () => {
    const { text } = await page('/fact/2024-bishkek/award-orban');
    const h1 = /<h1>([\s\S]*?)<\/h1>/.exec(text)?.[1] ?? '';
    expect(h1).not.toContain('award-orban');
    expect(h1).toBe('Fact: Supreme Order of Turkic World for Viktor Orbán (award, proposed by, recipient)');
    expect(text).toContain('<title>Fact: Supreme Order of Turkic World for Viktor Orbán');
  });

  it('titles a quote page by its sentence and a citation page by the citation', async () => {
    const quote = /<h1>([\s\S]*?)<\/h1>/.exec((await page('/evidence/quote/2024-ots-summit/2841-3021')).text)?.[1] ?? '';
    expect(quote).toMatch(/^“At the proposal of President Sadyr Zhaparov, Hungarian Prime Minister Viktor Orbán was…”$/);
    const cite = /<h1>([\s\S]*?)<\/h1>/.exec((await page('/evidence/citation/newscentralasia-2024-11-07')).text)?.[1] ?? '';
    expect(cite).toBe('Cited: newscentralasia.net, 7 November 2024');
  });

  it('links facts and quotes by what they say wherever they appear', async () => {
    const { text } = await page('/evidence/quote/2024-ots-summit/2841-3021');
    expect(text).toMatch(/<a href="\/fact\/2024-bishkek\/award-orban">Fact: Supreme Order/);
    // The diagrams too: the fact's box reads as the fact, not its ID.
    const svg = /<svg class="diagram wide"[\s\S]*?<\/svg>/.exec(text)?.[0] ?? '';
    expect(svg).toMatch(/<a href="\/fact\/2024-bishkek\/award-orban" class="node neighbour"><title>Fact: Supreme Order of Turkic World for Viktor Orbán/);
    expect(svg).not.toContain('>award-orban<');
  });

  it('names other vocabularies’ terms by their own labels, the prefixed name kept as a tooltip', async () => {
    const hungary = (await page('/id/state/hungary')).text;
    expect(hungary).toContain('<a href="http://www.w3.org/ns/org#member" title="org:member">member</a> of');
    const membership = (await page('/id/membership/ots/hungary')).text;
    expect(membership).toContain('title="org:organization">organization</a>');
    expect(membership).toContain('title="skos:note">note</a>');
    expect(membership).toContain('title="org:Membership">membership</a>');
    const person = (await page('/id/person/viktor-orban')).text;
    expect(person).toContain('title="schema:Person">person</a>');
    expect(person).toContain('title="schema:jobTitle">job title</a>');
    // No prefixed name is left as the visible text of a link or a heading.
    for (const t of [hungary, membership, person]) {
      const visible = t.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ');
      expect(visible).not.toMatch(/\b(org|schema|skos|dct|prov|owl|rdfs):[A-Za-z]/);
    }
  });
});

describe('the vocabulary label table', () => {
  it('splits camel-case labels into words and keeps acronyms', async () => {
    const { readableLabel, vocabularyLabel } = await import('../src/http/linked-data/vocabulary-labels.js');
    expect(readableLabel('containedInPlace')).toBe('contained in place');
    expect(readableLabel('download URL')).toBe('download URL');
    expect(readableLabel('Bibliographic Citation')).toBe('bibliographic citation');
    expect(vocabularyLabel('http://www.w3.org/ns/org#member')).toBe('member');
    expect(vocabularyLabel('http://www.w3.org/ns/org#unknownTerm')).toBeUndefined();
  });
});

describe('the prefixes a new query declares', () => {
  it('cover every vocabulary the built graph uses for its properties and classes', async () => {
    const { buildGraph } = await import('../src/build.js');
    const { QUERY_PREFIXES } = await import('../src/http/linked-data/pages.js');
    const { NS } = await import('../src/vocab.js');
    const graph = await buildGraph({ dataDir: 'data', base: BASE });
    const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
    const used = new Set<string>();
    for (const q of graph.quads) {
      used.add(q.predicate.value);
      if (q.predicate.value === RDF_TYPE) used.add(q.object.value);
    }
    const declared = QUERY_PREFIXES.map((p) => NS[p]);
    const missing = [...used].filter((iri) => !declared.some((ns) => iri.startsWith(ns)) && !iri.startsWith(BASE));
    expect(missing).toEqual([]);
  });
});
