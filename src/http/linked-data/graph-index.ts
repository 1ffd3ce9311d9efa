// An index over quads: entity descriptions, labels and per-statement provenance. The server builds one per page over the
// quads that page's queries fetched (query-index.ts); tests build one over a whole fixture graph to compare with.
import { Store, defaultGraph, namedNode, quad as makeQuad } from '../../rdf.js';
import type { RDF, N3Store } from '../../rdf.js';
import { DCT, NS, OTS, OWL, PROV, RDFS, RDF_, SCHEMA, SKOS } from '../../vocab.js';
import { editDistance } from '../../facts/text.js';

export const ONTOLOGY_IRI = NS.ots.replace(/#$/, '');

export interface GraphIndexInput {
  /** The built graph: default-graph data, the same statements in fact graphs, provenance records. */
  readonly quads: readonly RDF.Quad[];
  /** Canonical base the graph was minted under, ending in '/'. */
  readonly base: string;
  /** The ontology's statements (ontology/ots.ttl), kept apart so usage counts see only data. */
  readonly ontology?: readonly RDF.Quad[];
  /** The store the data goes into (default: a new N3 store); query-index.ts gives one that notes what it lacks. */
  readonly dataStore?: N3Store;
}

/** Counts of the default graph's data statements (VoID). */
export interface DefaultGraphStats {
  readonly triples: number;
  readonly distinctSubjects: number;
  readonly distinctObjects: number;
}

/** Where one statement comes from: the fact graph holding it and that fact's evidence. */
export interface StatementProvenance {
  readonly fact: RDF.NamedNode | RDF.BlankNode;
  readonly evidence: readonly RDF.Term[];
  readonly declaredIn?: string;
  readonly declaredAtLine?: number;
}

const LABEL_PREDICATES = [RDFS.label, SKOS.prefLabel, SCHEMA.name, DCT.title];
const DG = defaultGraph();

function isResource(t: RDF.Term): t is RDF.NamedNode | RDF.BlankNode {
  return t.termType === 'NamedNode' || t.termType === 'BlankNode';
}

/** Identifies a statement whatever graph it is in. */
function statementKey(q: RDF.Quad): string {
  const o = q.object;
  return `${q.subject.termType}|${q.subject.value}|${q.predicate.value}|${o.termType}|${o.value}|${o.termType === 'Literal' ? `${o.language}|${o.datatype.value}` : ''}`;
}

function quadKey(q: RDF.Quad): string {
  return `${statementKey(q)}|${q.graph.termType}|${q.graph.value}`;
}

/** Collects quads once each, in first-seen order. */
class QuadSet {
  readonly #seen = new Set<string>();
  readonly list: RDF.Quad[] = [];
  add(q: RDF.Quad): void {
    const k = quadKey(q);
    if (this.#seen.has(k)) return;
    this.#seen.add(k);
    this.list.push(q);
  }
  addAll(qs: Iterable<RDF.Quad>): void {
    for (const q of qs) this.add(q);
  }
}

export class GraphIndex {
  readonly base: string;
  /** Data and provenance (default graph and fact graphs). */
  readonly data: N3Store;
  /** The ontology, default graph only. */
  readonly ontology: N3Store;
  readonly #known = new Set<string>();
  // The graph never changes after construction, so labels and types are worked out once per term.
  readonly #labels = new Map<string, string>();
  readonly #types = new Map<string, RDF.NamedNode[]>();
  readonly #hasType = new Map<string, boolean>();
  /** Statement (without graph) -> the fact graphs holding it, made in one pass instead of a lookup per graph per statement. */
  readonly #factsOf = new Map<string, (RDF.NamedNode | RDF.BlankNode)[]>();
  readonly #factGraphs = new Set<string>();

  constructor(input: GraphIndexInput) {
    if (!/^https?:\/\/.+\/$/.test(input.base)) {
      throw new Error(`graph index: base IRI ${JSON.stringify(input.base)} must be an absolute http(s) IRI ending in '/'`);
    }
    this.base = input.base;
    this.data = input.dataStore ?? new Store();
    this.ontology = new Store();
    const ontologyQuads: RDF.Quad[] = [...(input.ontology ?? [])];
    for (const q of input.quads) {
      // Statements about the ontology's own terms (when the build merged the ontology in) live with the ontology.
      if (q.subject.termType === 'NamedNode' && q.subject.value.startsWith(ONTOLOGY_IRI) && q.graph.termType === 'DefaultGraph') {
        ontologyQuads.push(q);
      } else {
        this.data.addQuad(q);
      }
      if (q.subject.termType === 'NamedNode') this.#known.add(q.subject.value);
      if (q.graph.termType === 'NamedNode' || q.graph.termType === 'BlankNode') {
        if (q.graph.termType === 'NamedNode') {
          this.#known.add(q.graph.value);
          this.#factGraphs.add(q.graph.value);
        }
        const k = statementKey(q);
        const list = this.#factsOf.get(k) ?? [];
        if (!list.some((g) => g.equals(q.graph))) list.push(q.graph);
        this.#factsOf.set(k, list);
      }
    }
    for (const q of ontologyQuads) {
      this.ontology.addQuad(makeQuad(q.subject, q.predicate, q.object, DG));
    }
  }

  /** True when the IRI names something the graph describes (a subject, or a fact graph). */
  knows(iri: string): boolean {
    return this.#known.has(iri);
  }

  /** True when the IRI names one of the fact graphs. */
  isFactGraph(iri: string): boolean {
    return this.#factGraphs.has(iri);
  }

  #described: readonly string[] | undefined;

  /** Every IRI under the base that the graph describes, sorted: the entity pages (worked out once: the index never changes). */
  describedIris(): readonly string[] {
    this.#described ??= [...this.#known].filter((i) => i.startsWith(this.base)).sort();
    return this.#described;
  }

  /** Up to `max` described IRIs close to one that is not (a misspelt slug, a wrong kind), closest first. */
  suggestions(iri: string, max = 3): string[] {
    const slug = localName(iri);
    return this.describedIris()
      .map((c) => ({ c, d: editDistance(slug, localName(c)) + (c.slice(0, c.lastIndexOf('/')) === iri.slice(0, iri.lastIndexOf('/')) ? 0 : 1) }))
      .filter((x) => x.d <= Math.max(2, Math.floor(slug.length / 3)))
      .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
      .slice(0, max)
      .map((x) => x.c);
  }

  /** Default-graph statements matching a pattern, from the data and then the ontology. */
  statements(s: RDF.Term | null, p: RDF.Term | null, o: RDF.Term | null): RDF.Quad[] {
    return [...this.data.getQuads(s, p, o, DG), ...this.ontology.getQuads(s, p, o, DG)];
  }

  /** The first object of a default-graph statement with this subject and predicate, if any. */
  first(s: RDF.Term, p: string): RDF.Term | undefined {
    return this.statements(s, namedNode(p), null)[0]?.object;
  }

  /** The best human label: an English label, then any label, then the IRI's last segment. */
  label(term: RDF.Term, lang = 'en'): string {
    if (term.termType === 'Literal') return term.value;
    const key = `${lang}|${term.termType}|${term.value}`;
    const cached = this.#labels.get(key);
    if (cached !== undefined) return cached;
    const found = this.#findLabel(term, lang);
    this.#labels.set(key, found);
    return found;
  }

  #findLabel(term: RDF.Term, lang: string): string {
    for (const p of LABEL_PREDICATES) {
      const ls = this.statements(term, namedNode(p), null)
        .map((q) => q.object)
        .filter((o): o is RDF.Literal => o.termType === 'Literal');
      const pick = ls.find((l) => l.language === lang) ?? ls.find((l) => l.language === '') ?? ls[0];
      if (pick) return pick.value;
    }
    return localName(term.value);
  }

  /** Labels in every language and alternative names, except the one `label()` returns. */
  otherNames(term: RDF.Term): RDF.Literal[] {
    const main = this.label(term);
    const seen = new Set<string>();
    const out: RDF.Literal[] = [];
    for (const p of [RDFS.label, SKOS.altLabel, SKOS.prefLabel]) {
      for (const q of this.statements(term, namedNode(p), null)) {
        const o = q.object;
        if (o.termType !== 'Literal') continue;
        const k = `${o.value}@${o.language}`;
        if (seen.has(k) || (o.value === main && p !== SKOS.altLabel)) continue;
        seen.add(k);
        out.push(o);
      }
    }
    return out;
  }

  types(term: RDF.Term): RDF.NamedNode[] {
    const key = `${term.termType}|${term.value}`;
    let out = this.#types.get(key);
    if (!out) {
      out = this.statements(term, namedNode(RDF_.type), null)
        .map((q) => q.object)
        .filter((o): o is RDF.NamedNode => o.termType === 'NamedNode');
      this.#types.set(key, out);
    }
    return out;
  }

  /** True when the term has the type or a subclass of it (rdfs:subClassOf in the ontology). */
  hasType(term: RDF.Term, typeIri: string): boolean {
    const key = `${term.termType}|${term.value}|${typeIri}`;
    let out = this.#hasType.get(key);
    if (out === undefined) {
      out = this.types(term).some((t) => this.isSubClassOf(t.value, typeIri));
      this.#hasType.set(key, out);
    }
    return out;
  }

  /** rdfs:subClassOf*, following the ontology. */
  isSubClassOf(cls: string, ancestor: string, seen = new Set<string>()): boolean {
    if (cls === ancestor) return true;
    if (seen.has(cls)) return false;
    seen.add(cls);
    return this.ontology
      .getQuads(namedNode(cls), namedNode(RDFS.subClassOf), null, DG)
      .some((q) => q.object.termType === 'NamedNode' && this.isSubClassOf(q.object.value, ancestor, seen));
  }

  /** Where a default-graph statement comes from: each fact graph that also holds it, with its evidence. */
  provenance(st: RDF.Quad): StatementProvenance[] {
    const out: StatementProvenance[] = [];
    for (const g of this.#factsOf.get(statementKey(st)) ?? []) {
      const evidence = this.data.getObjects(g, namedNode(PROV.wasDerivedFrom), DG);
      const file = this.data.getObjects(g, namedNode(OTS.declaredIn), DG)[0];
      const line = this.data.getObjects(g, namedNode(OTS.declaredAtLine), DG)[0];
      out.push({
        fact: g,
        evidence,
        ...(file ? { declaredIn: file.value } : {}),
        ...(line && Number.isFinite(Number(line.value)) ? { declaredAtLine: Number(line.value) } : {}),
      });
    }
    return out.sort((a, b) => a.fact.value.localeCompare(b.fact.value));
  }

  /**
   * The description of a resource: its own statements, the labels and types of what it links to,
   * the statements that point to it (with their subjects' labels and types), and for each statement
   * the fact graph holding it, that fact's record and its evidence. Fact-graph membership is kept
   * as quads in the fact graph, so TriG and N-Quads carry per-statement provenance.
   */
  describe(iri: string): RDF.Quad[] {
    const node = namedNode(iri);
    const set = new QuadSet();
    const own = this.statements(node, null, null);
    const incoming = this.data.getQuads(null, null, node, DG);
    set.addAll(own);
    // Blank nodes hanging off the resource belong to its description (concise bounded description).
    const bnodes: RDF.BlankNode[] = own.map((q) => q.object).filter((o): o is RDF.BlankNode => o.termType === 'BlankNode');
    const seenB = new Set<string>();
    while (bnodes.length > 0) {
      const b = bnodes.pop();
      if (!b || seenB.has(b.value)) continue;
      seenB.add(b.value);
      for (const q of this.data.getQuads(b, null, null, DG)) {
        set.add(q);
        own.push(q);
        if (q.object.termType === 'BlankNode') bnodes.push(q.object);
      }
    }
    set.addAll(incoming);
    const neighbours = new Map<string, RDF.NamedNode>();
    for (const q of own) if (q.object.termType === 'NamedNode') neighbours.set(q.object.value, q.object);
    for (const q of incoming) if (q.subject.termType === 'NamedNode') neighbours.set(q.subject.value, q.subject);
    neighbours.delete(iri);
    for (const n of neighbours.values()) set.addAll(this.summaryOf(n));

    // A fact graph's own content is part of what its IRI names.
    if (this.isFactGraph(iri)) set.addAll(this.data.getQuads(null, null, null, node));

    const factsDone = new Set<string>();
    for (const st of [...own, ...incoming]) {
      for (const prov of this.provenance(st)) {
        set.add(makeQuad(st.subject, st.predicate, st.object, prov.fact));
        // Many statements share a fact: its record and evidence are added once.
        if (factsDone.has(prov.fact.value)) continue;
        factsDone.add(prov.fact.value);
        set.addAll(this.data.getQuads(prov.fact, null, null, DG));
        for (const e of prov.evidence) {
          if (!isResource(e)) continue;
          const ev = this.data.getQuads(e, null, null, DG);
          set.addAll(ev);
          for (const q of ev) if (q.predicate.value === OTS.inSource && q.object.termType === 'NamedNode') set.addAll(this.summaryOf(q.object));
        }
      }
    }
    return set.list;
  }

  /** Labels and types of a resource: enough for a client to show a link to it. */
  summaryOf(node: RDF.NamedNode | RDF.BlankNode): RDF.Quad[] {
    const out: RDF.Quad[] = [];
    for (const p of [RDFS.label, RDF_.type]) out.push(...this.statements(node, namedNode(p), null));
    return out;
  }

  /** Number of default-graph data statements using each predicate, and of instances of each class. */
  usage(): { properties: Map<string, number>; classes: Map<string, number> } {
    const properties = new Map<string, number>();
    const classes = new Map<string, number>();
    for (const q of this.data.getQuads(null, null, null, DG)) {
      properties.set(q.predicate.value, (properties.get(q.predicate.value) ?? 0) + 1);
      if (q.predicate.value === RDF_.type && q.object.termType === 'NamedNode') {
        classes.set(q.object.value, (classes.get(q.object.value) ?? 0) + 1);
      }
    }
    return { properties, classes };
  }

  /** Statements of the default graph (the data a plain query sees). */
  defaultGraphSize(): number {
    return this.data.countQuads(null, null, null, DG);
  }

  /** Statements, distinct subjects and distinct objects (by kind and value) of the default graph's data. */
  defaultGraphStats(): DefaultGraphStats {
    const dg = this.data.getQuads(null, null, null, DG);
    return {
      triples: dg.length,
      distinctSubjects: new Set(dg.map((q) => q.subject.value)).size,
      distinctObjects: new Set(dg.map((q) => `${q.object.termType}:${q.object.value}`)).size,
    };
  }

  /** The described IRIs (sorted) that have the type or a subclass of it. */
  instancesOf(typeIri: string): readonly string[] {
    return this.describedIris().filter((i) => this.hasType(namedNode(i), typeIri));
  }

  /** sameAs links to Wikidata, the one linkset the dataset publishes. */
  wikidataLinks(): RDF.Quad[] {
    return this.data.getQuads(null, namedNode(OWL.sameAs), null, DG).filter((q) => q.object.value.startsWith(NS.wd));
  }
}

export function localName(iri: string): string {
  const m = /[#/]([^#/]+)\/?$/.exec(iri);
  if (!m?.[1]) return iri;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}
