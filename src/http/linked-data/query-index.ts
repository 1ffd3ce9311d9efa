// Page data from queries: every page, description, VoID document and sitemap is computed by the page code over a small
// index of the quads its SELECT queries fetched from the dataset source, in a few rounds (the code runs, notes what it
// looked up and did not have, that is fetched in one query, and it runs again), all from one version of the dataset.
import { Store, defaultGraph, literal, namedNode, quad as makeQuad } from '../../rdf.js';
import type { N3Store, RDF } from '../../rdf.js';
import { NS, OWL, RDF_ } from '../../vocab.js';
import { sparqlTerm, writable, type DatasetSource, type Row } from '../../query/dataset-source.js';
import { GraphIndex, ONTOLOGY_IRI, type DefaultGraphStats } from './graph-index.js';

/** Rounds of queries one page may take before it is treated as a bug (a page needs three to five). */
const MAX_ROUNDS = 12;
/** Versions whose dataset-wide figures are kept (the one served, and the one before while a switch settles). */
const SUMMARY_VERSIONS = 2;

function termKey(t: RDF.Term): string {
  return t.termType === 'Literal' ? `L|${t.value}|${t.language}|${t.datatype.value}` : `${t.termType}|${t.value}`;
}

function quadKey(q: RDF.Quad): string {
  return `${termKey(q.subject)} ${termKey(q.predicate)} ${termKey(q.object)} ${termKey(q.graph)}`;
}

/** A version of the dataset changed between two queries of one page: the page starts again on the new one. */
class VersionChanged extends Error {}

/** Dataset-wide figures of one version, each fetched when a page first needs it. */
interface Summary {
  described?: readonly string[];
  graphs?: ReadonlySet<string>;
  usage?: { properties: Map<string, number>; classes: Map<string, number> };
  stats?: DefaultGraphStats;
  wikidata?: readonly RDF.Quad[];
  readonly instances: Map<string, readonly string[]>;
}

/** What one run of the page code looked up and did not have. */
class Misses {
  readonly subjects = new Map<string, RDF.Term>();
  readonly objects = new Map<string, RDF.Term>();
  readonly summaries = new Set<string>();
  get empty(): boolean {
    return this.subjects.size === 0 && this.objects.size === 0 && this.summaries.size === 0;
  }
}

/** The quads fetched for one page so far, from one version. */
class Fetched {
  version: string | undefined;
  readonly quads: RDF.Quad[] = [];
  readonly #seen = new Set<string>();
  /** Terms whose statements as subject (in every graph, and a graph's own content) were fetched. */
  readonly subjects = new Set<string>();
  /** Terms whose statements as object (in every graph) were fetched. */
  readonly objects = new Set<string>();
  add(q: RDF.Quad): void {
    const k = quadKey(q);
    if (this.#seen.has(k)) return;
    this.#seen.add(k);
    this.quads.push(q);
  }
  note(version: string): void {
    if (this.version === undefined) this.version = version;
    else if (this.version !== version) throw new VersionChanged();
  }
  hasSubject(t: RDF.Term, misses: Misses): boolean {
    // Blank nodes come with the resource they hang off; other terms a query cannot name are in no store.
    if (t.termType === 'BlankNode' || !writable(t)) return true;
    const k = termKey(t);
    if (this.subjects.has(k)) return true;
    misses.subjects.set(k, t);
    return false;
  }
  hasObject(t: RDF.Term, misses: Misses): boolean {
    if (t.termType === 'BlankNode' || !writable(t)) return true;
    const k = termKey(t);
    if (this.objects.has(k)) return true;
    misses.objects.set(k, t);
    return false;
  }
}

type Pattern = Parameters<N3Store['getQuads']>[0];

function given(t: Pattern): RDF.Term | undefined {
  return t && typeof t === 'object' ? (t as RDF.Term) : undefined;
}

/** The data store of a page's index: lookups of statements it has not fetched are noted and answered empty. */
class RecordingStore extends Store {
  #fetched: Fetched | undefined;
  #misses: Misses | undefined;
  watch(fetched: Fetched, misses: Misses): this {
    this.#fetched = fetched;
    this.#misses = misses;
    return this;
  }
  #has(s: Pattern, o: Pattern, g: Pattern): boolean {
    const f = this.#fetched;
    const m = this.#misses;
    if (!f || !m) return true; // still being filled
    const [gs, go, gg] = [given(s), given(o), given(g)];
    if (gs) return f.hasSubject(gs, m);
    if (go) return f.hasObject(go, m);
    if (gg && gg.termType !== 'DefaultGraph') return f.hasSubject(gg, m);
    throw new Error('a page asked for every statement of the dataset; use the dataset-wide figures of the index (usage, defaultGraphStats, describedIris)');
  }
  override getQuads(s: Pattern, p: Pattern, o: Pattern, g: Pattern): ReturnType<N3Store['getQuads']> {
    return this.#has(s, o, g) ? super.getQuads(s, p, o, g) : [];
  }
  override countQuads(s: Pattern, p: Pattern, o: Pattern, g: Pattern): number {
    return this.#has(s, o, g) ? super.countQuads(s, p, o, g) : 0;
  }
  override getObjects(s: Pattern, p: Pattern, g: Pattern): ReturnType<N3Store['getObjects']> {
    return this.#has(s, null, g) ? super.getObjects(s, p, g) : [];
  }
  override getSubjects(p: Pattern, o: Pattern, g: Pattern): ReturnType<N3Store['getSubjects']> {
    return this.#has(null, o, g) ? super.getSubjects(p, o, g) : [];
  }
}

/** The index one run of the page code sees: the fetched quads, and the version's dataset-wide figures where fetched. */
class PartialIndex extends GraphIndex {
  readonly #fetched: Fetched;
  readonly #misses: Misses;
  readonly #summary: Summary;

  constructor(input: { base: string; ontology: readonly RDF.Quad[]; fetched: Fetched; misses: Misses; summary: Summary }) {
    const store = new RecordingStore();
    super({ quads: input.fetched.quads, base: input.base, ontology: input.ontology, dataStore: store as unknown as N3Store });
    store.watch(input.fetched, input.misses);
    this.#fetched = input.fetched;
    this.#misses = input.misses;
    this.#summary = input.summary;
  }

  #need<T>(value: T | undefined, name: string, empty: T): T {
    if (value !== undefined) return value;
    this.#misses.summaries.add(name);
    return empty;
  }

  override knows(iri: string): boolean {
    return this.#fetched.hasSubject(namedNode(iri), this.#misses) && super.knows(iri);
  }

  override isFactGraph(iri: string): boolean {
    if (this.#fetched.subjects.has(termKey(namedNode(iri)))) return super.isFactGraph(iri);
    return this.#need(this.#summary.graphs, 'graphs', new Set<string>()).has(iri);
  }

  override describedIris(): readonly string[] {
    return this.#need(this.#summary.described, 'described', []);
  }

  override usage(): { properties: Map<string, number>; classes: Map<string, number> } {
    return this.#need(this.#summary.usage, 'usage', { properties: new Map(), classes: new Map() });
  }

  override defaultGraphSize(): number {
    return this.defaultGraphStats().triples;
  }

  override defaultGraphStats(): DefaultGraphStats {
    return this.#need(this.#summary.stats, 'stats', { triples: 0, distinctSubjects: 0, distinctObjects: 0 });
  }

  override wikidataLinks(): RDF.Quad[] {
    return [...this.#need(this.#summary.wikidata, 'wikidata', [])];
  }

  override instancesOf(typeIri: string): readonly string[] {
    return this.#need(this.#summary.instances.get(typeIri), `instances ${typeIri}`, []);
  }

  override provenance(st: RDF.Quad): ReturnType<GraphIndex['provenance']> {
    // Fact-graph membership comes with the statements of its subject (or of its object) in every graph.
    const f = this.#fetched;
    if (!f.subjects.has(termKey(st.subject)) && !f.objects.has(termKey(st.object)) && !f.hasSubject(st.subject, this.#misses)) return [];
    return super.provenance(st);
  }
}

/** Statements of the default graph whose subject belongs to the ontology are the ontology's, not data (as GraphIndex splits them). */
const NOT_ONTOLOGY = (v: string): string => `!(isIRI(${v}) && STRSTARTS(STR(${v}), ${sparqlTerm(literal(ONTOLOGY_IRI))}))`;

function str(row: Row, name: string): string {
  return row.get(name)?.value ?? '';
}

function num(row: Row, name: string): number {
  return Number(row.get(name)?.value ?? 0);
}

export interface ReadOptions {
  /** Terms to fetch as subjects and as objects before the page code first runs (the page's own resource). */
  readonly about?: readonly RDF.Term[];
}

/**
 * The dataset as the pages see it: `read` runs page code over an index filled by queries to the source. What it returns
 * comes from one version of the dataset, named in the result.
 */
export class DatasetView {
  readonly base: string;
  readonly #source: DatasetSource;
  readonly #ontology: readonly RDF.Quad[];
  /** The ontology on its own, for the subclasses of a type. */
  readonly #ontologyIndex: GraphIndex;
  readonly #summaries = new Map<string, Summary>();

  constructor(input: { source: DatasetSource; base: string; ontology?: readonly RDF.Quad[] }) {
    this.#source = input.source;
    this.base = input.base;
    this.#ontology = input.ontology ?? [];
    this.#ontologyIndex = new GraphIndex({ quads: [], base: input.base, ontology: this.#ontology });
  }

  /** The version pages would be answered from now (part of the key of a rendered page). */
  get version(): string | undefined {
    return this.#source.version;
  }

  /** The ontology's statements (as the pages' indexes hold them). */
  get ontology(): N3Store {
    return this.#ontologyIndex.ontology;
  }

  async read<T>(work: (g: GraphIndex) => T, opts: ReadOptions = {}): Promise<{ value: T; version: string }> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#readOnce(work, opts);
      } catch (e) {
        // A switch happened between two queries of this page: it is read again, wholly from the new version.
        if (!(e instanceof VersionChanged) || attempt >= 3) throw e;
      }
    }
  }

  async #readOnce<T>(work: (g: GraphIndex) => T, opts: ReadOptions): Promise<{ value: T; version: string }> {
    const fetched = new Fetched();
    if (opts.about && opts.about.length > 0) {
      const first = new Misses();
      for (const t of opts.about) {
        fetched.hasSubject(t, first);
        fetched.hasObject(t, first);
      }
      await this.#fill(fetched, first);
    }
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const version = fetched.version ?? this.#source.version ?? 'unversioned';
      const misses = new Misses();
      const g = new PartialIndex({ base: this.base, ontology: this.#ontology, fetched, misses, summary: this.#summary(version) });
      let value: T | undefined;
      let failure: unknown;
      try {
        value = work(g);
      } catch (e) {
        failure = e;
      }
      if (misses.empty) {
        if (failure !== undefined) throw failure;
        // Nothing was fetched (every figure was known): the figures' version is the answer's.
        if (fetched.version === undefined) fetched.note(version);
        return { value: value as T, version };
      }
      if (fetched.version === undefined) fetched.note(version);
      await this.#fill(fetched, misses);
    }
    throw new Error(`a page still lacked data after ${MAX_ROUNDS} rounds of queries`);
  }

  #summary(version: string): Summary {
    let s = this.#summaries.get(version);
    if (!s) {
      s = { instances: new Map() };
      this.#summaries.set(version, s);
      while (this.#summaries.size > SUMMARY_VERSIONS) this.#summaries.delete(this.#summaries.keys().next().value as string);
    }
    return s;
  }

  async #select(fetched: Fetched, query: string): Promise<readonly Row[]> {
    const { version, rows } = await this.#source.select(query);
    fetched.note(version);
    return rows;
  }

  /** Fetches what one run lacked: the statements of the terms in one query, each missing figure in one more. */
  async #fill(fetched: Fetched, misses: Misses): Promise<void> {
    const jobs: Promise<void>[] = [];
    const subjects = [...misses.subjects.values()].filter(writable);
    const objects = [...misses.objects.values()].filter(writable);
    if (subjects.length + objects.length > 0) jobs.push(this.#fetchTerms(fetched, subjects, objects));
    const summary = (): Summary => this.#summary(fetched.version as string);
    for (const name of misses.summaries) jobs.push(this.#fetchSummary(fetched, name, summary));
    await Promise.all(jobs);
    for (const t of misses.subjects.values()) fetched.subjects.add(termKey(t));
    for (const t of misses.objects.values()) fetched.objects.add(termKey(t));
  }

  async #fetchTerms(fetched: Fetched, subjects: readonly RDF.Term[], objects: readonly RDF.Term[]): Promise<void> {
    const branches: string[] = [];
    if (subjects.length > 0) {
      const values = `VALUES ?t { ${subjects.map(sparqlTerm).join(' ')} }`;
      branches.push(
        `{ ${values} ?t ?p ?o BIND(?t AS ?s) }`,
        `{ ${values} GRAPH ?g { ?t ?p ?o } BIND(?t AS ?s) }`,
        `{ ${values} GRAPH ?t { ?s ?p ?o } BIND(?t AS ?g) }`,
        `{ ${values} ?t ?q ?s FILTER(isBlank(?s)) ?s ?p ?o }`,
      );
    }
    if (objects.length > 0) {
      const values = `VALUES ?u { ${objects.map(sparqlTerm).join(' ')} }`;
      branches.push(`{ ${values} ?s ?p ?u BIND(?u AS ?o) }`, `{ ${values} GRAPH ?g { ?s ?p ?u } BIND(?u AS ?o) }`);
    }
    const found = await this.#select(fetched, `SELECT ?s ?p ?o ?g WHERE {\n${branches.join('\nUNION\n')}\n}`);
    // A store returns solutions in an order of its own: taken in one fixed order, the statements make the same page
    // whichever store answered (what a page shows first, when it shows only some, must not depend on the store).
    const key = (r: Row): string => ['s', 'p', 'o', 'g'].map((v) => { const t = r.get(v); return t ? termKey(t) : ''; }).join('\u0000');
    const rows = found.map((r) => [key(r), r] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, r]) => r);
    for (const r of rows) {
      const s = r.get('s');
      const p = r.get('p');
      const o = r.get('o');
      const g = r.get('g');
      if (!s || !p || !o || (s.termType !== 'NamedNode' && s.termType !== 'BlankNode') || p.termType !== 'NamedNode') continue;
      fetched.add(makeQuad(s, p, o as RDF.Quad_Object, g && (g.termType === 'NamedNode' || g.termType === 'BlankNode') ? g : defaultGraph()));
    }
  }

  async #fetchSummary(fetched: Fetched, name: string, summary: () => Summary): Promise<void> {
    const base = sparqlTerm(literal(this.base));
    const underBase = (v: string): string => `isIRI(${v}) && STRSTARTS(STR(${v}), ${base})`;
    switch (name) {
      case 'described': {
        const rows = await this.#select(fetched, `SELECT DISTINCT ?s WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } UNION { GRAPH ?s { ?a ?b ?c } } FILTER(${underBase('?s')}) }`);
        summary().described = rows.map((r) => str(r, 's')).sort();
        return;
      }
      case 'graphs': {
        const rows = await this.#select(fetched, 'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?g)) }');
        summary().graphs = new Set(rows.map((r) => str(r, 'g')));
        return;
      }
      case 'usage': {
        const [props, classes] = await Promise.all([
          this.#select(fetched, `SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(${NOT_ONTOLOGY('?s')}) } GROUP BY ?p`),
          this.#select(fetched, `SELECT ?c (COUNT(*) AS ?n) WHERE { ?s <${RDF_.type}> ?c FILTER(isIRI(?c) && ${NOT_ONTOLOGY('?s')}) } GROUP BY ?c`),
        ]);
        summary().usage = { properties: new Map(props.map((r) => [str(r, 'p'), num(r, 'n')])), classes: new Map(classes.map((r) => [str(r, 'c'), num(r, 'n')])) };
        return;
      }
      case 'stats': {
        const kind = 'CONCAT(IF(isIRI(?o), "NamedNode", IF(isBlank(?o), "BlankNode", "Literal")), ":", STR(?o))';
        const rows = await this.#select(
          fetched,
          `SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT STR(?s)) AS ?subjects) (COUNT(DISTINCT ${kind}) AS ?objects) WHERE { ?s ?p ?o FILTER(${NOT_ONTOLOGY('?s')}) }`,
        );
        const r = rows[0] ?? new Map();
        summary().stats = { triples: num(r, 'n'), distinctSubjects: num(r, 'subjects'), distinctObjects: num(r, 'objects') };
        return;
      }
      case 'wikidata': {
        const rows = await this.#select(fetched, `SELECT ?s ?o WHERE { ?s <${OWL.sameAs}> ?o FILTER(STRSTARTS(STR(?o), ${sparqlTerm(literal(NS.wd))}) && ${NOT_ONTOLOGY('?s')}) }`);
        summary().wikidata = rows.flatMap((r) => {
          const s = r.get('s');
          const o = r.get('o');
          if (!s || !o || (s.termType !== 'NamedNode' && s.termType !== 'BlankNode')) return [];
          return [makeQuad(s, namedNode(OWL.sameAs), o as RDF.Quad_Object, defaultGraph())];
        });
        return;
      }
      default: {
        if (!name.startsWith('instances ')) throw new Error(`unknown dataset figure '${name}'`);
        const type = name.slice('instances '.length);
        // The type and its subclasses in the ontology (as GraphIndex.hasType follows rdfs:subClassOf).
        const classes = new Set([type]);
        for (const c of this.#ontologyIndex.ontology.getSubjects(null, null, null)) {
          if (c.termType === 'NamedNode' && this.#ontologyIndex.isSubClassOf(c.value, type)) classes.add(c.value);
        }
        const rows = await this.#select(
          fetched,
          `SELECT DISTINCT ?s WHERE { VALUES ?c { ${[...classes].map((c) => sparqlTerm(namedNode(c))).join(' ')} } ?s <${RDF_.type}> ?c FILTER(${underBase('?s')}) }`,
        );
        summary().instances.set(type, rows.map((r) => str(r, 's')).sort());
      }
    }
  }
}

