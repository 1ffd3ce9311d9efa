// The pages of the real graph's summits: the standing of each variant of a disputed point, and guests drawn as guests.
import type * as RDF from '@rdfjs/types';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../src/build.js';
import { linkedDataRouter } from '../src/http/linked-data/router.js';
import { Parser } from '../src/rdf.js';

const BASE = 'https://w3id.org/ots-kg/';
let server: Server;
let url: string;

beforeAll(async () => {
  const g = await buildGraph({ dataDir: 'data', base: BASE });
  const ontology = new Parser({ baseIRI: 'https://w3id.org/ots-kg/ontology' }).parse(readFileSync('ontology/ots.ttl', 'utf8'));
  const app = express();
  app.use(linkedDataRouter({ quads: g.quads as RDF.Quad[], base: BASE, ontology, examples: [] }).router);
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const page = async (path: string): Promise<string> => (await fetch(url + path, { headers: { accept: 'text/html' } })).text();

describe('the variants of a disputed point', () => {
  it('the summit page says which variant the graph states as fact and that the others are not facts', async () => {
    const text = await page('/id/event/2018-cholpon-ata');
    expect(text).toMatch(/The 6th summit was held on 3 September 2018\.<\/a> <span class="badge claim">disputed claim: accepted, the variant stated as fact<\/span>/);
    expect(text).toMatch(/The 6th summit was held on 2 September 2018\.<\/a> <span class="badge claim">disputed claim: contradicted, not a fact<\/span>/);
    expect(text).toMatch(/Youths and National Sports&quot;\.<\/a> <span class="badge claim">disputed claim: alternative, not a fact<\/span>/);
  });

  it("the accepted variant's own page says it is stated as fact; another variant's page says it is not", async () => {
    expect(await page('/id/event/2018-cholpon-ata/claim/date-3-september')).toContain('It is the variant of the disputed point that the graph states as fact');
    expect(await page('/id/event/2018-cholpon-ata/claim/date-2-september')).toContain('The graph does not state it as fact');
  });
});

describe('the summit diagram', () => {
  it('draws a guest as a guest, not as a member', async () => {
    const svg = /<svg class="diagram[^"]*"[\s\S]*?<\/svg>/.exec(await page('/id/event/2018-cholpon-ata'))?.[0] ?? '';
    expect(svg).toMatch(/<a href="\/id\/state\/uzbekistan" class="node state guest">/);
    expect(svg).toMatch(/<a href="\/id\/state\/hungary" class="node state observer">/);
    expect(svg).toContain('>guest</text>');
  });
});

describe('the sources list', () => {
  it('gives each piece of evidence of a fact its own block (a quote and a citation are not run together)', async () => {
    const body = await page('/id/person/viktor-orban');
    // The fact naming Orbán in data/entities/people.yaml is supported by a quote of the article and by the Wikidata citation.
    const item = /<li id="source-\d+">(?:(?!<\/li>)[\s\S])*?Fact <a href="\/fact\/people\/viktor-orban">(?:(?!<\/li>)[\s\S])*?<\/li>/.exec(body)?.[0] ?? '';
    const blocks = item.match(/<div class="evidence">/g) ?? [];
    expect(blocks.length, item).toBe(2);
    const parts = item.split('<div class="evidence">').slice(1);
    expect(parts.map((p) => (p.startsWith('<blockquote>') ? 'quote' : p.startsWith('<span>Cited: ') ? 'citation' : p.slice(0, 40))).sort()).toEqual(['citation', 'quote']);
  });
});
