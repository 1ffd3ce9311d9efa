// Facts -> RDF quads: each statement in the default graph and in its fact's named graph, with PROV-O provenance. Pure and deterministic.
import { createHash } from 'node:crypto';
import type * as RDF from '@rdfjs/types';
import { defaultGraph, literal, namedNode, quad } from '../rdf.js';
import type { ResolvedFacts, ResolvedEvidence, Term } from '../facts/resolve.js';
import { DCT, OTS, PROV, RDF_, RDFS, SCHEMA, SKOS, XSD } from '../vocab.js';

export interface QuadOptions {
  /** Base IRI ending in '/'. */
  readonly base: string;
}

/**
 * A quote's IRI names its passage, not its place: the article's id and a digest of the passage as published
 * (ots:exact). Correcting the source file elsewhere moves the offsets but keeps the IRI; changing the passage
 * itself gives a new quote, with a new IRI. The offsets stay available as ots:startOffset and ots:endOffset.
 */
export function quoteIriPath(articleId: string, exact: string): string {
  return `evidence/quote/${articleId}/${createHash('sha256').update(exact, 'utf8').digest('hex').slice(0, 16)}`;
}

/** The IRI path of a publisher, from its name: publishers are agents (DCMI's range for dct:publisher), not text. */
export function publisherIriPath(name: string): string {
  const slug = name.toLowerCase().normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `id/publisher/${slug}`;
}

function evidenceIriPath(e: ResolvedEvidence): string {
  return e.kind === 'quote' ? quoteIriPath(e.article.id, e.exact) : `evidence/citation/${e.citation.id}`;
}

export function factsToQuads(facts: ResolvedFacts, opts: QuadOptions): RDF.Quad[] {
  const { base } = opts;
  const node = (p: string): RDF.NamedNode => namedNode(base + p);
  const toTerm = (t: Term): RDF.NamedNode | RDF.Literal => {
    switch (t.t) {
      case 'path':
        return node(t.path);
      case 'iri':
        return namedNode(t.iri);
      case 'literal':
        return t.lang ? literal(t.value, t.lang) : literal(t.value, namedNode(t.datatype ?? XSD.string));
    }
  };
  const out: RDF.Quad[] = [];
  const dg = defaultGraph();
  const add = (s: RDF.NamedNode, p: string, o: RDF.NamedNode | RDF.Literal): void => {
    out.push(quad(s, namedNode(p), o, dg));
  };
  const str = (v: string): RDF.Literal => literal(v);
  const int = (n: number): RDF.Literal => literal(String(n), namedNode(XSD.integer));

  for (const a of facts.articles) {
    const s = node(`source/${a.id}`);
    add(s, RDF_.type, namedNode(SCHEMA.Article));
    add(s, RDFS.label, literal(a.title, 'en'));
    add(s, DCT.title, literal(a.title, 'en'));
    const publisher = node(publisherIriPath(a.publisher));
    add(s, DCT.publisher, publisher);
    add(publisher, RDF_.type, namedNode(PROV.Agent));
    add(publisher, RDFS.label, literal(a.publisher, 'en'));
    if (a.url) add(s, SCHEMA.url, namedNode(a.url));
    if (a.license) add(s, DCT.license, namedNode(a.license));
  }
  for (const c of facts.citations) {
    const s = node(`evidence/citation/${c.id}`);
    add(s, RDF_.type, namedNode(OTS.Citation));
    add(s, OTS.outlet, str(c.outlet));
    if (c.date) add(s, DCT.date, literal(c.date, namedNode(XSD.date)));
    if (c.title) add(s, DCT.title, str(c.title));
    if (c.url) add(s, SCHEMA.url, namedNode(c.url));
    if (c.note) add(s, SKOS.note, literal(c.note, 'en'));
    const when = c.date ? `, ${c.date}` : '';
    const what = c.title ? `: ${c.title}` : '';
    add(s, DCT.bibliographicCitation, str(`${c.outlet}${when}${what}${c.note ? ` (${c.note})` : ''}`));
    add(s, RDFS.label, str(`${c.outlet}${when}`));
  }

  const quotesDone = new Set<string>();
  // Two facts may state the same triple: it goes once into the default graph and into each fact's graph.
  // Keys are built from the resolved terms, which is far cheaper than reading back N3's terms.
  const seen = new Set<string>();
  const keyOf = (t: Term): string => (t.t === 'path' ? `<${t.path}` : t.t === 'iri' ? `<<${t.iri}` : `"${t.value}"${t.lang ?? ''}^${t.datatype ?? ''}`);
  for (const f of facts.facts) {
    const g = node(f.key);
    const local = new Set<string>();
    for (const [s, p, o] of f.triples) {
      if (s.t === 'literal') continue;
      const key = `${keyOf(s)}\u0000${p}\u0000${keyOf(o)}`;
      if (local.has(key)) continue;
      local.add(key);
      const S = toTerm(s) as RDF.NamedNode;
      const O = toTerm(o);
      const P = namedNode(p);
      if (!seen.has(key)) {
        seen.add(key);
        out.push(quad(S, P, O, dg));
      }
      out.push(quad(S, P, O, g));
    }
    add(g, RDF_.type, namedNode(OTS.FactGraph));
    add(g, OTS.declaredIn, str(`data/${f.file.replace(/^data\//, '')}`));
    add(g, OTS.declaredAtLine, int(f.line));
    // A source named twice by one fact (in a claim's sources and in its disputed point's resolution, say) is one link.
    const derived = new Set<string>();
    for (const e of f.evidence) {
      const ep = evidenceIriPath(e);
      if (derived.has(ep)) continue;
      derived.add(ep);
      add(g, PROV.wasDerivedFrom, node(ep));
      if (e.kind === 'quote' && !quotesDone.has(ep)) {
        quotesDone.add(ep);
        const q = node(ep);
        add(q, RDF_.type, namedNode(OTS.Quote));
        add(q, OTS.exact, str(e.exact));
        add(q, OTS.inSource, node(`source/${e.article.id}`));
        add(q, OTS.line, int(e.line));
        add(q, OTS.startOffset, int(e.start));
        add(q, OTS.endOffset, int(e.end));
        if (e.section) add(q, OTS.section, literal(e.section, 'en'));
      }
    }
  }
  return out;
}
