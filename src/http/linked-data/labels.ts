// Human names: for properties and classes the ontology's labels, then the labels the other vocabularies give their
// terms; for pages, their label or, for quotes, citations and facts, what they say.
import { namedNode } from '../../rdf.js';
import type { RDF } from '../../rdf.js';
import { DCT, NS, OTS, RDFS, RDF_, SKOS } from '../../vocab.js';
import { localName } from './graph-index.js';
import { readableLabel, vocabularyLabel } from './vocabulary-labels.js';
import type { GraphIndex } from './graph-index.js';

/** `ots:participant`, `schema:startDate`: a compact name when no label is known. */
export function prefixedName(iri: string): string {
  for (const [prefix, ns] of Object.entries(NS)) {
    if (iri.startsWith(ns) && iri.length > ns.length) return `${prefix}:${iri.slice(ns.length)}`;
  }
  return iri;
}

/** The English label the ontology gives a term, else the label its own vocabulary gives it (split into words), else its prefixed name. */
export function predicateLabel(g: GraphIndex, iri: string): string {
  const labels = g.ontology.getQuads(namedNode(iri), namedNode(RDFS.label), null, null);
  const en = labels.find((q) => q.object.termType === 'Literal' && q.object.language === 'en') ?? labels[0];
  if (en) return en.object.value;
  if (iri.startsWith(NS.ots) && iri.length > NS.ots.length) return readableLabel(iri.slice(NS.ots.length));
  const own = vocabularyLabel(iri);
  return own !== undefined ? readableLabel(own) : prefixedName(iri);
}

/** Text cut at a word boundary to at most `max` characters, with an ellipsis when cut. */
export function clipText(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}…`;
}

const FACT_SKIPPED = new Set<string>([RDF_.type, RDFS.label, SKOS.altLabel, SKOS.prefLabel]);

/**
 * What a page is called: its label; for a quote, citation or fact (which carry none), what it says: the quoted
 * sentence, the cited report, or the statements the fact makes ("Bishkek summit — theme — …").
 */
export function pageTitle(g: GraphIndex, node: RDF.Term): string {
  const label = g.label(node);
  if (node.termType !== 'NamedNode') return label;
  if (label !== localName(node.value)) return label;
  if (g.hasType(node, OTS.Quote)) {
    const exact = g.first(node, OTS.exact);
    if (exact) return `“${clipText(exact.value, 90)}”`;
  }
  if (g.hasType(node, OTS.Citation)) {
    const cite = g.first(node, DCT.bibliographicCitation);
    const outlet = g.first(node, OTS.outlet);
    const title = g.first(node, DCT.title);
    const date = g.first(node, DCT.date);
    if (cite) return `Cited: ${clipText(cite.value, 90)}`;
    if (outlet || title) return `Cited: ${clipText([outlet?.value, title ? `“${title.value}”` : undefined, date?.value].filter(Boolean).join(', '), 90)}`;
  }
  if (g.isFactGraph(node.value)) {
    const said = g.data.getQuads(null, null, null, node).filter((q) => !FACT_SKIPPED.has(q.predicate.value));
    const name = (t: RDF.Term): string => (t.termType === 'Literal' ? `“${clipText(t.value, 50)}”` : t.termType === 'NamedNode' ? pageTitle(g, t) : 'something');
    if (said.length === 1 && said[0]) {
      const q = said[0];
      return `Fact: ${clipText(`${name(q.subject)} — ${predicateLabel(g, q.predicate.value)} — ${name(q.object)}`, 110)}`;
    }
    const counts = new Map<string, { term: RDF.Term; n: number }>();
    for (const q of said) {
      const c = counts.get(q.subject.value) ?? { term: q.subject, n: 0 };
      c.n += 1;
      counts.set(q.subject.value, c);
    }
    const main = [...counts.values()].sort((a, b) => b.n - a.n)[0];
    if (main) {
      const props = [...new Set(said.filter((q) => q.subject.equals(main.term)).map((q) => predicateLabel(g, q.predicate.value)))].sort();
      return `Fact: ${clipText(`${name(main.term)} (${props.slice(0, 4).join(', ')}${props.length > 4 ? ', …' : ''})`, 110)}`;
    }
    const typed = g.data.getQuads(null, namedNode(RDF_.type), null, node)[0];
    if (typed) return `Fact: ${name(typed.subject)} is a ${predicateLabel(g, typed.object.value)}`;
  }
  return label;
}
