// Runs compiled shapes over an index of the data graph: the fast path the build uses on every graph.
import type * as RDF from '@rdfjs/types';
import { NS } from '../vocab.js';
import type { Constraint, Path, Severity, Shape } from './compile.js';
import { showTerm } from './compile.js';
import { compareLiterals, hasDatatype, numericValue } from './datatypes.js';

const RDF_TYPE = `${NS.rdf}type`;
const SUBCLASS_OF = `${NS.rdfs}subClassOf`;
const SH = NS.sh;

export interface Result {
  readonly focusNode: RDF.Term;
  readonly path?: Path;
  readonly value?: RDF.Term;
  readonly shape: Shape;
  /** The SHACL constraint component IRI, such as http://www.w3.org/ns/shacl#MinCountConstraintComponent. */
  readonly component: string;
  readonly detail: string;
  readonly severity: Severity;
}

/** Map key of a term; IRIs are used bare because no IRI starts with `_:` or `"`. */
function keyOf(t: RDF.Term): string {
  switch (t.termType) {
    case 'NamedNode':
      return t.value;
    case 'BlankNode':
      return `_:${t.value}`;
    case 'Literal':
      return t.language !== '' ? `"${t.value}"@${t.language}` : `"${t.value}"^^${t.datatype.value}`;
    default:
      return `?${t.value}`;
  }
}

/**
 * A node's outgoing statements. One array of the statements themselves per subject, rather than a
 * map per subject: at 10^6 statements the maps' allocation and garbage collection cost more than
 * scanning a subject's few statements for a predicate.
 */
export type Edges = readonly RDF.Quad[];

/** The objects of the statements with this predicate (a new array only when there are any). */
export function valuesOf(edges: Edges, predicate: string): readonly RDF.Term[] {
  let out: RDF.Term[] | undefined;
  for (const q of edges) {
    if (q.predicate.value !== predicate) continue;
    if (out === undefined) out = [q.object];
    else out.push(q.object);
  }
  return out === undefined ? NONE : out;
}

/** An index of the default graph: outgoing statements, instances per class, and the statements of chosen predicates. */
export class DataIndex {
  private readonly out = new Map<string, RDF.Quad[]>();
  /** Incoming edges, built per predicate on first use: only the predicates of inverse paths need them. */
  private readonly incoming = new Map<string, Map<string, RDF.Term[]>>();
  private readonly instances = new Map<string, RDF.Term[]>();
  /** Nodes with more than one rdf:type: the only ones that can be listed under two classes of a target. */
  private readonly multiTyped = new Set<string>();
  private readonly subjectsByPredicate = new Map<string, RDF.Term[]>();
  private readonly superClasses = new Map<string, Set<string>>();
  private readonly directSuper = new Map<string, Set<string>>();
  private readonly directSub = new Map<string, Set<string>>();

  /** Default-graph statements of the predicates that targets and inverse paths look up, so that no lookup scans the whole graph. */
  private readonly byPredicate = new Map<string, RDF.Quad[]>();

  constructor(
    private readonly quads: readonly RDF.Quad[],
    ontology: readonly RDF.Quad[],
    scanned: ReadonlySet<string> = new Set(),
  ) {
    for (const p of scanned) this.byPredicate.set(p, []);
    // Graphs come sorted by subject, so consecutive statements usually share the subject's list.
    let lastSubject: RDF.Term | undefined;
    let lastKey = '';
    let edges: RDF.Quad[] = [];
    for (const q of quads) {
      if (q.graph.termType !== 'DefaultGraph') continue;
      if (lastSubject === undefined || !(q.subject === lastSubject || q.subject.equals(lastSubject))) {
        lastSubject = q.subject;
        lastKey = keyOf(q.subject);
        const known = this.out.get(lastKey);
        if (known === undefined) {
          edges = [];
          this.out.set(lastKey, edges);
        } else edges = known;
      }
      const p = q.predicate.value;
      if (scanned.size > 0) this.byPredicate.get(p)?.push(q);
      edges.push(q);
      if (p === RDF_TYPE) {
        // A repeated type statement would list the node twice; a node has few statements, so look.
        let earlierTypes = 0;
        let repeated = false;
        for (let i = 0; i < edges.length - 1; i++) {
          const e = edges[i] as RDF.Quad;
          if (e.predicate.value !== RDF_TYPE) continue;
          earlierTypes++;
          if (e.object.equals(q.object)) repeated = true;
        }
        if (repeated) continue;
        if (earlierTypes > 0) this.multiTyped.add(lastKey);
        const list = this.instances.get(q.object.value);
        if (list === undefined) this.instances.set(q.object.value, [q.subject]);
        else list.push(q.subject);
      } else if (p === SUBCLASS_OF) this.addSubclass(q);
    }
    for (const q of ontology) if (q.predicate.value === SUBCLASS_OF) this.addSubclass(q);
  }

  private addSubclass(q: RDF.Quad): void {
    if (q.subject.termType !== 'NamedNode' || q.object.termType !== 'NamedNode') return;
    const up = this.directSuper.get(q.subject.value) ?? new Set<string>();
    up.add(q.object.value);
    this.directSuper.set(q.subject.value, up);
    const down = this.directSub.get(q.object.value) ?? new Set<string>();
    down.add(q.subject.value);
    this.directSub.set(q.object.value, down);
  }

  private closure(start: string, edges: Map<string, Set<string>>): Set<string> {
    const seen = new Set<string>([start]);
    const todo = [start];
    for (let c = todo.pop(); c !== undefined; c = todo.pop()) {
      for (const n of edges.get(c) ?? []) {
        if (!seen.has(n)) {
          seen.add(n);
          todo.push(n);
        }
      }
    }
    return seen;
  }

  /** The class and all its superclasses (rdfs:subClassOf, transitively). */
  supersOf(cls: string): Set<string> {
    let s = this.superClasses.get(cls);
    if (s === undefined) {
      s = this.closure(cls, this.directSuper);
      this.superClasses.set(cls, s);
    }
    return s;
  }

  /** SHACL instance-of: some rdf:type of the node is the class or one of its subclasses. */
  isInstanceOf(node: RDF.Term, cls: string): boolean {
    if (node.termType === 'Literal') return false;
    const edges = this.out.get(keyOf(node));
    if (edges === undefined) return false;
    for (const q of edges) if (q.predicate.value === RDF_TYPE && this.supersOf(q.object.value).has(cls)) return true;
    return false;
  }

  /** Instances of any of the classes or of their subclasses, each node once. */
  instancesOf(classes: readonly string[]): RDF.Term[] {
    const all = new Set<string>();
    for (const cls of classes) for (const c of this.closure(cls, this.directSub)) all.add(c);
    const lists: RDF.Term[][] = [];
    for (const c of all) {
      const list = this.instances.get(c);
      if (list !== undefined) lists.push(list);
    }
    // Each list holds a node once; only when several lists meet can a node with several types repeat.
    if (lists.length === 1) return lists[0] as RDF.Term[];
    const out: RDF.Term[] = [];
    const seen = new Set<string>();
    for (const list of lists) {
      for (const t of list) {
        if (this.multiTyped.size > 0) {
          const k = keyOf(t);
          if (this.multiTyped.has(k)) {
            if (seen.has(k)) continue;
            seen.add(k);
          }
        }
        out.push(t);
      }
    }
    return out;
  }

  /** The default-graph statements with the predicate: from the index when it was asked for, else by a scan. */
  private statements(predicate: string): readonly RDF.Quad[] {
    const known = this.byPredicate.get(predicate);
    if (known !== undefined) return known;
    const found = this.quads.filter((q) => q.graph.termType === 'DefaultGraph' && q.predicate.value === predicate);
    this.byPredicate.set(predicate, found);
    return found;
  }

  /** Subjects of statements with the predicate, each once. */
  subjectsOf(predicate: string): RDF.Term[] {
    let list = this.subjectsByPredicate.get(predicate);
    if (list === undefined) {
      list = [];
      const seen = new Set<string>();
      for (const q of this.statements(predicate)) {
        const k = keyOf(q.subject);
        if (seen.has(k)) continue;
        seen.add(k);
        list.push(q.subject);
      }
      this.subjectsByPredicate.set(predicate, list);
    }
    return list;
  }

  objectsOf(predicate: string): RDF.Term[] {
    const out: RDF.Term[] = [];
    for (const q of this.statements(predicate)) out.push(q.object);
    return out;
  }

  private incomingFor(predicate: string): Map<string, RDF.Term[]> {
    let m = this.incoming.get(predicate);
    if (m === undefined) {
      m = new Map();
      for (const q of this.statements(predicate)) {
        const k = keyOf(q.object);
        const arr = m.get(k);
        if (arr === undefined) m.set(k, [q.subject]);
        else arr.push(q.subject);
      }
      this.incoming.set(predicate, m);
    }
    return m;
  }

  /** The value nodes reached from a focus node by a path, without duplicates. */
  values(focus: RDF.Term, path: Path): readonly RDF.Term[] {
    if (path.inverse) return unique(this.incomingFor(path.iri).get(keyOf(focus)));
    const edges = this.out.get(keyOf(focus));
    return edges === undefined ? NONE : unique(valuesOf(edges, path.iri));
  }

  /** All outgoing edges of a node, so that the property shapes of one focus node share one lookup. */
  edges(focus: RDF.Term): Edges | null {
    return focus.termType === 'Literal' ? null : (this.out.get(keyOf(focus)) ?? null);
  }
}

const NONE: readonly RDF.Term[] = [];

function unique(terms: readonly RDF.Term[] | undefined): readonly RDF.Term[] {
  if (terms === undefined) return NONE;
  if (terms.length < 2) return terms;
  if (terms.length > 8) return dedupe(terms);
  // Short lists (the usual case) are checked pairwise: cheaper than building a Set.
  for (let i = 1; i < terms.length; i++) {
    for (let j = 0; j < i; j++) if ((terms[i] as RDF.Term).equals(terms[j] as RDF.Term)) return dedupe(terms);
  }
  return terms;
}

function dedupe(terms: readonly RDF.Term[]): RDF.Term[] {
  const seen = new Set<string>();
  const out: RDF.Term[] = [];
  for (const t of terms) {
    const k = keyOf(t);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(t);
    }
  }
  return out;
}

function nodeKindOk(t: RDF.Term, kind: string): boolean {
  const iri = t.termType === 'NamedNode';
  const blank = t.termType === 'BlankNode';
  const lit = t.termType === 'Literal';
  switch (kind.slice(SH.length)) {
    case 'IRI':
      return iri;
    case 'BlankNode':
      return blank;
    case 'Literal':
      return lit;
    case 'BlankNodeOrIRI':
      return blank || iri;
    case 'BlankNodeOrLiteral':
      return blank || lit;
    case 'IRIOrLiteral':
      return iri || lit;
    default:
      return false;
  }
}

function langMatches(lang: string, range: string): boolean {
  const l = lang.toLowerCase();
  return range === '*' ? l !== '' : l === range || l.startsWith(`${range}-`);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Validates focus nodes against shapes; remembers node-shape conformance for sh:node, sh:or and qualified shapes. */
export class Engine {
  private readonly conformance = new Map<Shape, Map<string, boolean>>();
  private readonly inProgress = new Map<Shape, Set<string>>();
  /** Where conformance checks put their results; each check truncates it back to where it started. */
  private readonly scratch: Result[] = [];

  constructor(private readonly index: DataIndex) {}

  run(roots: readonly Shape[]): Result[] {
    const results: Result[] = [];
    for (const shape of roots) {
      if (shape.deactivated) continue;
      for (const focus of this.focusNodes(shape)) this.validate(shape, focus, results);
    }
    return results;
  }

  private focusNodes(shape: Shape): RDF.Term[] {
    const t = shape.targets;
    if (t.nodes.length === 0 && t.subjectsOf.length === 0 && t.objectsOf.length === 0) return this.index.instancesOf(t.classes);
    if (t.classes.length === 0 && t.nodes.length === 0 && t.objectsOf.length === 0 && t.subjectsOf.length === 1) return this.index.subjectsOf(t.subjectsOf[0] as string);
    // Loops rather than push(...list): a spread of 10^5 arguments overflows the stack.
    const all: RDF.Term[] = [...shape.targets.nodes];
    for (const t of this.index.instancesOf(shape.targets.classes)) all.push(t);
    for (const p of shape.targets.subjectsOf) for (const t of this.index.subjectsOf(p)) all.push(t);
    for (const p of shape.targets.objectsOf) for (const t of this.index.objectsOf(p)) all.push(t);
    return dedupe(all);
  }

  /** Does the node conform to the shape (no result of any severity)? Recursion through a shape already being checked counts as conforming. */
  conforms(shape: Shape, node: RDF.Term): boolean {
    if (node.termType === 'Literal') {
      // A literal has no edges, so nothing can recurse through it: check it directly, no memo.
      const mark = this.scratch.length;
      this.validate(shape, node, this.scratch, null);
      const ok = this.scratch.length === mark;
      this.scratch.length = mark;
      return ok;
    }
    const k = keyOf(node);
    let memo = this.conformance.get(shape);
    if (memo === undefined) {
      memo = new Map();
      this.conformance.set(shape, memo);
    }
    const known = memo.get(k);
    if (known !== undefined) return known;
    let busy = this.inProgress.get(shape);
    if (busy === undefined) {
      busy = new Set();
      this.inProgress.set(shape, busy);
    }
    if (busy.has(k)) return true;
    busy.add(k);
    const mark = this.scratch.length;
    this.validate(shape, node, this.scratch);
    busy.delete(k);
    const ok = this.scratch.length === mark;
    this.scratch.length = mark;
    memo.set(k, ok);
    return ok;
  }

  /** `edges` are the focus node's outgoing edges when the caller already looked them up (null: it has none). */
  private validate(shape: Shape, focus: RDF.Term, out: Result[], edges?: Edges | null): void {
    if (shape.deactivated) return;
    let values: readonly RDF.Term[];
    if (shape.path === undefined) values = [focus];
    else if (shape.path.inverse) values = this.index.values(focus, shape.path);
    else {
      if (edges === undefined) edges = this.index.edges(focus);
      values = edges === null ? NONE : unique(valuesOf(edges, shape.path.iri));
    }
    for (const c of shape.constraints) this.check(shape, c, focus, values, out);
    if (shape.properties.length === 0) return;
    if (shape.path === undefined) {
      const own = edges === undefined ? this.index.edges(focus) : edges;
      for (const prop of shape.properties) this.validate(prop, focus, out, own);
    } else {
      for (const v of values) for (const prop of shape.properties) this.validate(prop, v, out);
    }
  }

  private report(out: Result[], shape: Shape, focus: RDF.Term, component: string, detail: string, value?: RDF.Term): void {
    out.push({
      focusNode: focus,
      ...(shape.path !== undefined ? { path: shape.path } : {}),
      ...(value !== undefined ? { value } : {}),
      shape,
      component: `${SH}${component}ConstraintComponent`,
      detail,
      severity: shape.severity,
    });
  }

  /** The test of a constraint that looks at one value node at a time, or undefined for the others. */
  private valueOk(c: Constraint, v: RDF.Term): boolean | undefined {
    switch (c.kind) {
      case 'class':
        return this.index.isInstanceOf(v, c.cls);
      case 'datatype':
        return hasDatatype(v, c.datatype);
      case 'nodeKind':
        return nodeKindOk(v, c.nodeKind);
      case 'minInclusive': {
        const n = numericValue(v);
        return n !== undefined && n >= c.n;
      }
      case 'pattern':
        return v.termType !== 'BlankNode' && c.regex.test(v.value);
      case 'in':
        for (const x of c.values) if (x.equals(v)) return true;
        return false;
      case 'languageIn': {
        if (v.termType !== 'Literal') return false;
        const lang = v.language;
        for (const r of c.langs) if (langMatches(lang, r)) return true;
        return false;
      }
      case 'node':
        return this.conforms(c.shape, v);
      case 'or':
        for (const s of c.shapes) if (this.conforms(s, v)) return true;
        return false;
      default:
        return undefined;
    }
  }

  private static readonly COMPONENT: Readonly<Record<string, string>> = {
    class: 'Class',
    datatype: 'Datatype',
    nodeKind: 'NodeKind',
    minInclusive: 'MinInclusive',
    pattern: 'Pattern',
    in: 'In',
    languageIn: 'LanguageIn',
    node: 'Node',
    or: 'Or',
  };

  private valueDetail(c: Constraint): string {
    switch (c.kind) {
      case 'class':
        return `value must be an instance of <${c.cls}>`;
      case 'datatype':
        return `value must be a well-formed literal of datatype <${c.datatype}>`;
      case 'nodeKind':
        return `value must be of node kind sh:${c.nodeKind.slice(SH.length)}`;
      case 'minInclusive':
        return `value must be a number of at least ${c.bound.value}`;
      case 'pattern':
        return `value must match the pattern /${c.source}/`;
      case 'in':
        return `value must be one of ${c.values.map(showTerm).join(', ')}`;
      case 'languageIn':
        return `value must carry one of the language tags ${c.langs.join(', ')}`;
      case 'node':
        return `value must conform to shape ${c.shape.id}`;
      case 'or':
        return `value must conform to at least one of ${c.shapes.map((x) => x.id).join(', ')}`;
      default:
        return c.kind;
    }
  }

  private check(shape: Shape, c: Constraint, focus: RDF.Term, values: readonly RDF.Term[], out: Result[]): void {
    switch (c.kind) {
      case 'minCount':
        if (values.length < c.n) this.report(out, shape, focus, 'MinCount', `needs at least ${plural(c.n, 'value')}, has ${values.length}`);
        return;
      case 'maxCount':
        if (values.length > c.n) this.report(out, shape, focus, 'MaxCount', `allows at most ${plural(c.n, 'value')}, has ${values.length}`);
        return;
      case 'uniqueLang': {
        if (values.length < 2) return;
        const counts = new Map<string, number>();
        for (const v of values) {
          if (v.termType !== 'Literal') continue;
          const lang = v.language.toLowerCase();
          if (lang !== '') counts.set(lang, (counts.get(lang) ?? 0) + 1);
        }
        for (const [lang, n] of counts) if (n > 1) this.report(out, shape, focus, 'UniqueLang', `has ${n} values tagged @${lang}; at most one per language`);
        return;
      }
      case 'hasValue':
        for (const v of values) if (v.equals(c.value)) return;
        this.report(out, shape, focus, 'HasValue', `must have the value ${showTerm(c.value)}`);
        return;
      case 'qualified': {
        let n = 0;
        for (const v of values) if (this.conforms(c.shape, v)) n++;
        if (c.min !== undefined && n < c.min) this.report(out, shape, focus, 'QualifiedMinCount', `needs at least ${plural(c.min, 'value')} conforming to ${c.shape.id}, has ${n}`);
        if (c.max !== undefined && n > c.max) this.report(out, shape, focus, 'QualifiedMaxCount', `allows at most ${plural(c.max, 'value')} conforming to ${c.shape.id}, has ${n}`);
        return;
      }
      case 'lessThan': {
        if (values.length === 0) return;
        const others = this.index.values(focus, { iri: c.property, inverse: false });
        for (const v of values) {
          for (const w of others) {
            const order = compareLiterals(v, w);
            if (order === undefined || order >= 0) this.report(out, shape, focus, 'LessThan', `value must be less than ${showTerm(w)}, the value of <${c.property}>`, v);
          }
        }
        return;
      }
      default:
        for (const v of values) {
          if (this.valueOk(c, v) === false) this.report(out, shape, focus, Engine.COMPONENT[c.kind] ?? c.kind, this.valueDetail(c), v);
        }
    }
  }
}
