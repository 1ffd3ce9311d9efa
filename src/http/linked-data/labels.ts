// Human names for properties and classes: the ontology's labels first, then the labels the other vocabularies give their terms.
import { namedNode } from '../../rdf.js';
import { NS, RDFS } from '../../vocab.js';
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
