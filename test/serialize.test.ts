// The writers: every syntax, re-read by a parser other than the writer, gives back the right graph; output is deterministic; bad input fails clearly.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isomorphic } from 'rdf-isomorphic';
import { Parser, blankNode, defaultGraph, literal, literalParts, namedNode, quad, type RDF } from '../src/rdf.js';
import { parseJsonLd, parseWithRdflib } from './helpers/rdf-parsers.js';
import { serializeChunks, serializeQuads, type RdfFormatName } from '../src/serialize/writers.js';
import { jsonldContext, jsonldContextText } from '../src/serialize/jsonld.js';
import { SerializeError, canonicalize, compareStatements } from '../src/serialize/canonical.js';

const BASE = 'https://w3id.org/ots-kg/';
const FIXTURE = new URL('./fixtures/serialize/hard-cases.trig', import.meta.url);
const ALL: RDF.Quad[] = new Parser({ format: 'application/trig' }).parse(readFileSync(FIXTURE, 'utf8'));
const DEFAULT = ALL.filter((q) => q.graph.termType === 'DefaultGraph');

/** The context document as a server would answer it, for jsonld.js's documentLoader. */
async function contextLoader(url: string): Promise<{ documentUrl: string; document: unknown }> {
  if (!url.endsWith('/context.jsonld')) throw new Error(`unexpected load of ${url}`);
  return { documentUrl: url, document: JSON.parse(jsonldContextText()) };
}

type Reader = (text: string) => Promise<RDF.Quad[]>;
const n3 =
  (format: string): Reader =>
  async (text) =>
    new Parser({ format, baseIRI: 'http://wrong.example/' }).parse(text);

const cases: { name: string; format: RdfFormatName; contextUrl?: string; read: Reader; expected: RDF.Quad[] }[] = [
  { name: 'Turtle read by n3 gives the default graph', format: 'turtle', read: n3('text/turtle'), expected: DEFAULT },
  { name: 'Turtle read by rdflib.js gives the default graph', format: 'turtle', read: (t) => parseWithRdflib(t, { mediaType: 'text/turtle', base: 'http://wrong.example/' }), expected: DEFAULT },
  { name: 'N-Triples read by n3 gives the default graph', format: 'ntriples', read: n3('application/n-triples'), expected: DEFAULT },
  { name: 'N-Quads read by n3 gives every quad', format: 'nquads', read: n3('application/n-quads'), expected: ALL },
  { name: 'TriG read by n3 gives every quad', format: 'trig', read: n3('application/trig'), expected: ALL },
  { name: 'RDF/XML read by rdflib.js gives the default graph', format: 'rdfxml', read: (t) => parseWithRdflib(t, { mediaType: 'application/rdf+xml', base: 'http://wrong.example/' }), expected: DEFAULT },
  { name: 'JSON-LD with an inline context read by jsonld.js gives the default graph', format: 'jsonld', read: (t) => parseJsonLd(t), expected: DEFAULT },
  {
    name: 'JSON-LD referencing context.jsonld beside it, read by jsonld.js from its URL, gives the default graph',
    format: 'jsonld',
    contextUrl: 'context.jsonld',
    read: (t) => parseJsonLd(t, { base: 'https://dumps.example/ots-kg/ots-kg.jsonld', documentLoader: contextLoader }),
    expected: DEFAULT,
  },
];

describe('writers', () => {
  it('the fixture exercises named graphs, blank nodes and the default graph', () => {
    expect(DEFAULT.length).toBeGreaterThan(40);
    expect(new Set(ALL.filter((q) => q.graph.termType === 'NamedNode').map((q) => q.graph.value)).size).toBe(3);
    expect(ALL.some((q) => q.object.termType === 'BlankNode')).toBe(true);
  });

  it.each(cases)('$name', async ({ format, contextUrl, read, expected }) => {
    const text = serializeQuads(ALL, format, { base: BASE, ...(contextUrl ? { contextUrl } : {}) });
    const back = await read(text);
    expect(back.length).toBe(expected.length);
    expect(isomorphic(back, expected)).toBe(true);
  });

  it.each(cases)('$name — and an empty graph gives a valid empty document', async ({ format, contextUrl, read }) => {
    const text = serializeQuads([], format, { base: BASE, ...(contextUrl ? { contextUrl } : {}) });
    expect(await read(text)).toEqual([]);
  });

  it.each(cases.map((c) => c.format).filter((f, i, a) => a.indexOf(f) === i))('%s output is the same bytes whatever the input order', (format) => {
    const shuffled = [...ALL].reverse();
    const swapped = [...ALL.slice(7), ...ALL.slice(0, 7), ...ALL.slice(3, 9)];
    const a = serializeQuads(ALL, format, { base: BASE });
    expect(serializeQuads(shuffled, format, { base: BASE })).toBe(a);
    expect(serializeQuads(swapped, format, { base: BASE })).toBe(a);
  });

  it('Turtle groups by subject, writes rdf:type as `a`, uses prefixes and IRIs relative to @base', () => {
    const ttl = serializeQuads(DEFAULT, 'turtle', { base: BASE });
    expect(ttl.startsWith(`@base <${BASE}> .\n@prefix ots: <https://w3id.org/ots-kg/ontology#> .\n`)).toBe(true);
    expect(ttl).toContain('<id/state/kyrgyzstan> a schema:Country, ots:State ;\n    rdfs:label ');
    expect(ttl).toContain('owl:sameAs wd:Q813 ;');
    expect(ttl).toContain('ots:ordinal 11 ;');
    expect(ttl.match(/^<id\/state\/kyrgyzstan> /gm)?.length).toBe(1);
  });

  it('JSON-LD writes one node object per subject, classes in @type and numbers and booleans natively', () => {
    const doc = JSON.parse(serializeQuads(DEFAULT, 'jsonld', { base: BASE, contextUrl: 'context.jsonld' })) as { '@context': unknown; '@graph': Record<string, unknown>[] };
    expect(doc['@context']).toEqual(['context.jsonld', { '@base': BASE }]);
    const subjects = new Set(DEFAULT.map((q) => q.subject.value));
    expect(doc['@graph'].length).toBe(subjects.size);
    const summit = doc['@graph'].find((n) => n['@id'] === 'id/event/2024-bishkek');
    expect(summit?.['@type']).toEqual(['schema:Event', 'ots:Meeting', 'ots:Summit']);
    expect(summit?.['ots:ordinal']).toBe(11);
    expect(summit?.['http://example.org/vocab/informal']).toBe(false);
    expect(summit?.['schema:startDate']).toEqual({ '@value': '2024-11-06', '@type': 'xsd:date' });
  });

  it('the JSON-LD context declares exactly the prefixes the writers use and nothing base-dependent', () => {
    const ctx = jsonldContext()['@context'];
    expect(ctx.ots).toBe('https://w3id.org/ots-kg/ontology#');
    expect(ctx.schema).toBe('http://schema.org/');
    expect(Object.values(ctx).every((v) => /[#/]$/.test(v))).toBe(true);
    expect(jsonldContextText()).not.toContain('@base');
  });

  it('RDF/XML names predicates outside the fixed prefixes with generated namespaces and escapes markup', () => {
    const xml = serializeQuads(DEFAULT, 'rdfxml', { base: BASE });
    expect(xml).toContain('xmlns:ns1="http://example.org/vocab#"');
    expect(xml).toContain('CDATA end ]]&gt; here');
    expect(xml).toContain('a carriage return&#13; here');
    expect(xml).toContain('<ots:Venue rdf:about="id/venue/caf%C3%A9-(old)#main">');
  });

  it('graph formats leave named graphs out and dataset formats keep them', () => {
    const named = [quad(namedNode(`${BASE}id/x`), namedNode(`${BASE}p`), literal('only in a fact graph'), namedNode(`${BASE}fact/f/1`))];
    expect(serializeQuads(named, 'ntriples', { base: BASE })).toBe('');
    expect(serializeQuads(named, 'nquads', { base: BASE })).toBe(`<${BASE}id/x> <${BASE}p> "only in a fact graph" <${BASE}fact/f/1> .\n`);
  });

  it.each(['trig', 'nquads'] as const)('%s keeps a graph named by a blank node, and that node as a subject elsewhere', (format) => {
    const g = blankNode('g');
    const q = [
      quad(namedNode(`${BASE}id/a`), namedNode(`${BASE}ontology#theme`), literal('in a blank graph', 'tr'), g),
      quad(g, namedNode(`${BASE}ontology#declaredIn`), literal('data/x.yaml')),
      quad(namedNode(`${BASE}id/a`), namedNode(`${BASE}ontology#theme`), literal('default')),
    ];
    const text = serializeQuads(q, format, { base: BASE });
    const back = new Parser({ format: format === 'trig' ? 'application/trig' : 'application/n-quads' }).parse(text);
    expect(isomorphic(back, q)).toBe(true);
  });

  it('streams large input in several pieces that join to the whole text', () => {
    const many: RDF.Quad[] = [];
    for (let i = 0; i < 5000; i++) many.push(quad(namedNode(`${BASE}id/thing/t${i}`), namedNode(`${BASE}ontology#position`), literal(String(i), namedNode('http://www.w3.org/2001/XMLSchema#integer'))));
    for (const format of ['turtle', 'ntriples', 'jsonld', 'rdfxml', 'trig', 'nquads'] as const) {
      const pieces = [...serializeChunks(many, format, { base: BASE })];
      expect(pieces.length, format).toBeGreaterThan(2);
      expect(pieces.join(''), format).toBe(serializeQuads(many, format, { base: BASE }));
    }
  });

  it('the canonical order is the same from sorted and from shuffled input, duplicates dropped, rdf:type first', () => {
    const extra = [
      quad(blankNode('g1'), namedNode(`${BASE}ontology#theme`), literal('in a blank-named graph'), blankNode('g1')),
      quad(namedNode(`${BASE}id/a`), namedNode(`${BASE}ontology#theme`), literal('x'), blankNode('g1')),
      quad(namedNode(`${BASE}id/a`), namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), namedNode(`${BASE}ontology#State`), blankNode('g1')),
    ];
    const input = [...ALL, ...extra, ...ALL.slice(0, 10)];
    const fromShuffled = canonicalize([...input].reverse()).statements;
    const fromSorted = canonicalize(input.filter((_, i) => i % 2 === 0).concat(input.filter((_, i) => i % 2 === 1))).statements;
    expect(fromShuffled).toEqual(fromSorted);
    expect(fromShuffled.length).toBe(ALL.length + extra.length);
    // The same order a plain comparison sort gives, with no two equal neighbours.
    expect([...fromShuffled].sort(compareStatements)).toEqual(fromShuffled);
    for (let i = 1; i < fromShuffled.length; i++) expect(compareStatements(fromShuffled[i - 1]!, fromShuffled[i]!)).toBeLessThan(0);
    const a = fromShuffled.filter((st) => st.s === `${BASE}id/a`);
    expect(a.map((st) => st.p)).toEqual(['http://www.w3.org/1999/02/22-rdf-syntax-ns#type', `${BASE}ontology#theme`]);
    // Already canonical input goes through the check-only path and comes out unchanged.
    const again = canonicalize(fromShuffled.map((st) => input.find((q) => q.subject.value === st.s && q.predicate.value === st.p && q.object.value === st.o && q.graph.value === st.g)!));
    expect(again.statements).toEqual(fromShuffled);
  });

  // RDF 1.2 directional literals: N3 makes them, @types/n3 does not know the argument yet.
  const rtl = (): RDF.Literal => (literal as unknown as (v: string, l: { language: string; direction: string }) => RDF.Literal)('right to left', { language: 'ar', direction: 'rtl' });

  it('literalParts reads N3 literals and other RDF/JS literals the same as their properties', () => {
    const fromN3 = ALL.map((q) => q.object).filter((o): o is RDF.Literal => o.termType === 'Literal');
    fromN3.push(literal('with "quotes"', 'tr'), literal('', namedNode('http://example.org/dt#x')), rtl());
    const plain = fromN3.map((l) => ({ termType: 'Literal', value: l.value, language: l.language, datatype: { termType: 'NamedNode', value: l.datatype.value }, direction: (l as { direction?: string }).direction ?? '' }) as unknown as RDF.Literal);
    for (const l of [...fromN3, ...plain]) {
      expect(literalParts(l), l.value).toEqual({ value: l.value, language: l.language, direction: (l as { direction?: string }).direction ?? '', datatype: l.datatype.value });
    }
    expect(literalParts(rtl()).direction).toBe('rtl');
  });

  it('language tags are written in lower case', () => {
    const q = [quad(namedNode(`${BASE}id/x`), namedNode(`${BASE}ontology#theme`), literal('colour', 'en-GB'))];
    expect(serializeQuads(q, 'ntriples', { base: BASE })).toBe(`<${BASE}id/x> <${BASE}ontology#theme> "colour"@en-gb .\n`);
  });
});

const s = namedNode(`${BASE}id/x`);
const p = namedNode(`${BASE}ontology#theme`);
const errors: { name: string; quads: RDF.Quad[]; format: string; base?: string; message: RegExp }[] = [
  { name: 'a relative IRI is refused with the quad it sits in', quads: [quad(namedNode('id/x'), p, literal('a'))], format: 'turtle', message: /quad #0 \(subject\): "id\/x" is not an absolute IRI: it has no scheme/ },
  { name: 'a space inside an IRI is refused with the fix', quads: [quad(s, p, namedNode('http://ex.org/a b'))], format: 'ntriples', message: /quad #0 \(object\).*contains " " at offset 15; percent-encode it \(e\.g\. %20\)/ },
  { name: 'a lone surrogate in a literal is refused', quads: [quad(s, p, literal('bad \ud800 half'))], format: 'jsonld', message: /lone UTF-16 surrogate/ },
  { name: 'a malformed language tag is refused', quads: [quad(s, p, literal('x', 'not a tag'))], format: 'turtle', message: /"not a tag" is not a BCP 47 language tag/ },
  { name: 'a literal with a base direction is refused', quads: [quad(s, p, (literal as unknown as (v: string, l: { language: string; direction: string }) => RDF.Literal)('x', { language: 'ar', direction: 'rtl' }))], format: 'turtle', message: /base direction \(RDF 1\.2\) cannot be written/ },
  { name: 'a literal as subject is refused', quads: [quad(literal('x') as unknown as RDF.Quad_Subject, p, literal('y'))], format: 'nquads', message: /quad #0 \(subject\): a Literal cannot stand here/ },
  { name: 'RDF/XML refuses a control character XML cannot carry', quads: [quad(s, p, literal('bell \u0007'))], format: 'rdfxml', message: /U\+0007, which XML 1\.0 cannot carry/ },
  { name: 'RDF/XML refuses a predicate that does not end in an XML name', quads: [quad(s, namedNode('http://ex.org/p/123'), literal('y'))], format: 'rdfxml', message: /predicate <http:\/\/ex\.org\/p\/123> does not end in an XML name/ },
  { name: 'RDF/XML refuses rdf:li as a predicate', quads: [quad(s, namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#li'), literal('y'))], format: 'rdfxml', message: /reserved RDF\/XML name/ },
  { name: 'JSON-LD refuses an IRI whose scheme is a declared prefix', quads: [quad(s, p, namedNode('schema:Person'))], format: 'jsonld', message: /scheme "schema", which the context declares as a prefix/ },
  { name: 'a results format is not an RDF syntax', quads: [quad(s, p, literal('y'))], format: 'csv', message: /CSV \(csv\) is not an RDF syntax/ },
  { name: 'an unknown format is named', quads: [quad(s, p, literal('y'))], format: 'yaml', message: /unknown format "yaml"/ },
  { name: 'a base with a query is refused', quads: [quad(s, p, literal('y'))], format: 'turtle', base: 'https://w3id.org/ots-kg/?x', message: /base "https:\/\/w3id.org\/ots-kg\/\?x" is not usable/ },
];

describe('bad input', () => {
  it.each(errors)('$name', ({ quads, format, base, message }) => {
    const run = (): string => serializeQuads(quads, format as RdfFormatName, { base: base ?? BASE });
    expect(run).toThrow(SerializeError);
    expect(run).toThrow(message);
  });

  it('the same predicate outside XML names is fine in the other syntaxes', async () => {
    const q = [quad(s, namedNode('http://ex.org/p/123'), literal('y')), quad(s, p, blankNode('x y'), defaultGraph())];
    const nt = serializeQuads(q, 'ntriples', { base: BASE });
    expect(isomorphic(new Parser({ format: 'application/n-triples' }).parse(nt), q)).toBe(true);
    const ttl = serializeQuads(q, 'turtle', { base: BASE });
    expect(isomorphic(new Parser({ format: 'text/turtle' }).parse(ttl), q)).toBe(true);
    expect(isomorphic(await parseJsonLd(serializeQuads(q, 'jsonld', { base: BASE })), q)).toBe(true);
  });
});
