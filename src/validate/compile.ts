// Turns a SHACL shapes graph into compiled shapes, refusing every SHACL feature the validator does not implement.
import type * as RDF from '@rdfjs/types';
import { NS } from '../vocab.js';
import { isKnownDatatype, knownDatatypes, numericValue } from './datatypes.js';

const SH = NS.sh;
const RDF_TYPE = `${NS.rdf}type`;
const RDF_FIRST = `${NS.rdf}first`;
const RDF_REST = `${NS.rdf}rest`;
const RDF_NIL = `${NS.rdf}nil`;

export class ShapesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShapesError';
  }
}

export type Severity = 'Violation' | 'Warning' | 'Info';

export interface Path {
  readonly iri: string;
  readonly inverse: boolean;
}

export type Constraint =
  | { readonly kind: 'class'; readonly cls: string }
  | { readonly kind: 'datatype'; readonly datatype: string }
  | { readonly kind: 'nodeKind'; readonly nodeKind: string }
  | { readonly kind: 'minCount'; readonly n: number }
  | { readonly kind: 'maxCount'; readonly n: number }
  | { readonly kind: 'minInclusive'; readonly bound: RDF.Term; readonly n: number }
  | { readonly kind: 'pattern'; readonly regex: RegExp; readonly source: string }
  | { readonly kind: 'in'; readonly values: readonly RDF.Term[] }
  | { readonly kind: 'languageIn'; readonly langs: readonly string[] }
  | { readonly kind: 'uniqueLang' }
  | { readonly kind: 'hasValue'; readonly value: RDF.Term }
  | { readonly kind: 'node'; readonly shape: Shape }
  | { readonly kind: 'or'; readonly shapes: readonly Shape[] }
  | { readonly kind: 'qualified'; readonly shape: Shape; readonly min?: number; readonly max?: number }
  | { readonly kind: 'lessThan'; readonly property: string };

export interface Targets {
  readonly classes: string[];
  readonly nodes: RDF.Term[];
  readonly subjectsOf: string[];
  readonly objectsOf: string[];
}

/** A compiled shape. Mutable only while compiling, because shapes may refer to each other in cycles. */
export interface Shape {
  /** `<iri>` of a named shape, or a readable description of a blank one (its parent and path). */
  id: string;
  path?: Path;
  severity: Severity;
  message?: string;
  deactivated: boolean;
  targets: Targets;
  constraints: Constraint[];
  properties: Shape[];
}

/** Every sh: predicate the compiler understands; anything else in the sh: namespace is refused. */
const SUPPORTED = new Set(
  [
    'targetClass', 'targetNode', 'targetSubjectsOf', 'targetObjectsOf', 'property', 'path', 'inversePath',
    'class', 'datatype', 'nodeKind', 'minCount', 'maxCount', 'minInclusive', 'pattern', 'flags', 'in',
    'languageIn', 'uniqueLang', 'hasValue', 'node', 'or', 'qualifiedValueShape', 'qualifiedMinCount',
    'qualifiedMaxCount', 'lessThan',
    // not constraints: they only describe, order or switch off a shape
    'message', 'severity', 'name', 'description', 'deactivated', 'order', 'group', 'defaultValue',
  ].map((n) => SH + n),
);
const SUPPORTED_TYPES = new Set(['NodeShape', 'PropertyShape', 'Shape', 'PropertyGroup'].map((n) => SH + n));
const PROPERTY_ONLY = ['minCount', 'maxCount', 'uniqueLang', 'qualifiedValueShape', 'qualifiedMinCount', 'qualifiedMaxCount', 'lessThan'].map((n) => SH + n);
const NODE_KINDS = new Set(['IRI', 'BlankNode', 'Literal', 'BlankNodeOrIRI', 'BlankNodeOrLiteral', 'IRIOrLiteral'].map((n) => SH + n));
const SEVERITIES: ReadonlyMap<string, Severity> = new Map([
  [`${SH}Violation`, 'Violation'],
  [`${SH}Warning`, 'Warning'],
  [`${SH}Info`, 'Info'],
]);

function keyOf(t: RDF.Term): string {
  return t.termType === 'BlankNode' ? `_:${t.value}` : t.value;
}

export function showTerm(t: RDF.Term): string {
  switch (t.termType) {
    case 'NamedNode':
      return `<${t.value}>`;
    case 'BlankNode':
      return `_:${t.value}`;
    case 'Literal': {
      const lex = JSON.stringify(t.value);
      if (t.language !== '') return `${lex}@${t.language}`;
      return t.datatype.value === `${NS.xsd}string` ? lex : `${lex}^^<${t.datatype.value}>`;
    }
    default:
      return t.value;
  }
}

export function showPath(p: Path): string {
  return p.inverse ? `^<${p.iri}>` : `<${p.iri}>`;
}

class ShapesGraph {
  private readonly bySubject = new Map<string, Map<string, RDF.Term[]>>();
  readonly subjects: RDF.Term[] = [];

  constructor(quads: readonly RDF.Quad[]) {
    for (const q of quads) {
      const k = keyOf(q.subject);
      let m = this.bySubject.get(k);
      if (m === undefined) {
        m = new Map();
        this.bySubject.set(k, m);
        this.subjects.push(q.subject);
      }
      const arr = m.get(q.predicate.value);
      if (arr === undefined) m.set(q.predicate.value, [q.object]);
      else if (!arr.some((o) => o.equals(q.object))) arr.push(q.object);
    }
  }

  objects(s: RDF.Term, p: string): RDF.Term[] {
    return this.bySubject.get(keyOf(s))?.get(p) ?? [];
  }

  predicates(s: RDF.Term): string[] {
    return [...(this.bySubject.get(keyOf(s))?.keys() ?? [])];
  }

  list(head: RDF.Term, where: string): RDF.Term[] {
    const out: RDF.Term[] = [];
    const seen = new Set<string>();
    let node = head;
    while (!(node.termType === 'NamedNode' && node.value === RDF_NIL)) {
      if (seen.has(keyOf(node))) throw new ShapesError(`${where}: the RDF list loops back on itself`);
      seen.add(keyOf(node));
      const first = this.objects(node, RDF_FIRST);
      const rest = this.objects(node, RDF_REST);
      if (first.length !== 1 || rest.length !== 1 || first[0] === undefined || rest[0] === undefined) {
        throw new ShapesError(`${where}: expected an RDF list such as ( a b ), found ${showTerm(node)} without exactly one rdf:first and rdf:rest`);
      }
      out.push(first[0]);
      node = rest[0];
    }
    return out;
  }
}

function local(iri: string): string {
  return iri.startsWith(SH) ? `sh:${iri.slice(SH.length)}` : `<${iri}>`;
}

function one(g: ShapesGraph, s: RDF.Term, p: string, where: string): RDF.Term | undefined {
  const vs = g.objects(s, SH + p);
  if (vs.length > 1) throw new ShapesError(`${where}: sh:${p} is given ${vs.length} times; give it once`);
  return vs[0];
}

function integerOf(t: RDF.Term, what: string, where: string): number {
  const n = numericValue(t);
  if (n === undefined || !Number.isInteger(n) || n < 0) throw new ShapesError(`${where}: ${what} must be a non-negative integer, got ${showTerm(t)}`);
  return n;
}

function iriOf(t: RDF.Term, what: string, where: string): string {
  if (t.termType !== 'NamedNode') throw new ShapesError(`${where}: ${what} must be an IRI, got ${showTerm(t)}`);
  return t.value;
}

function booleanOf(t: RDF.Term, what: string, where: string): boolean {
  if (t.termType === 'Literal' && (t.value === 'true' || t.value === 'false')) return t.value === 'true';
  throw new ShapesError(`${where}: ${what} must be true or false, got ${showTerm(t)}`);
}

/** Compiles every shape of a shapes graph; the returned shapes are the ones with targets. */
export function compileShapes(quads: readonly RDF.Quad[]): Shape[] {
  const g = new ShapesGraph(quads);

  // Refuse unknown sh: terms anywhere, so that a constraint the validator would skip is an error.
  const unknown: string[] = [];
  for (const q of quads) {
    const p = q.predicate.value;
    if (p.startsWith(SH) && !SUPPORTED.has(p)) unknown.push(`shape ${showTerm(q.subject)} uses ${local(p)}`);
    if (p === RDF_TYPE && q.object.value.startsWith(SH) && !SUPPORTED_TYPES.has(q.object.value)) unknown.push(`${showTerm(q.subject)} is typed ${local(q.object.value)}`);
  }
  if (unknown.length > 0) {
    throw new ShapesError(
      `${[...new Set(unknown)].join('; ')}, which this validator does not implement; ` +
        `use only ${[...SUPPORTED].map(local).join(', ')} (see ontology/README.md)`,
    );
  }

  const compiled = new Map<string, Shape>();

  function compile(node: RDF.Term, hint: string): Shape {
    const known = compiled.get(keyOf(node));
    if (known !== undefined) return known;
    const id = node.termType === 'NamedNode' ? `<${node.value}>` : hint;
    const where = `shape ${id}`;
    // A misspelt shape name in sh:node or sh:or would otherwise be an empty shape that everything conforms to.
    if (g.predicates(node).length === 0) throw new ShapesError(`${where} is referred to (${hint}) but has no statements in the shapes graph; is its name misspelt?`);
    const shape: Shape = {
      id,
      severity: 'Violation',
      deactivated: false,
      targets: { classes: [], nodes: [], subjectsOf: [], objectsOf: [] },
      constraints: [],
      properties: [],
    };
    compiled.set(keyOf(node), shape);

    const pathNode = one(g, node, 'path', where);
    if (pathNode !== undefined) shape.path = compilePath(pathNode, where);
    if (pathNode === undefined) {
      for (const p of PROPERTY_ONLY) {
        if (g.objects(node, p).length > 0) throw new ShapesError(`${where}: ${local(p)} applies to property shapes only; add sh:path or move it into an sh:property`);
      }
    }

    const sev = one(g, node, 'severity', where);
    if (sev !== undefined) {
      const s = SEVERITIES.get(sev.value);
      if (s === undefined) throw new ShapesError(`${where}: sh:severity must be sh:Violation, sh:Warning or sh:Info, got ${showTerm(sev)}`);
      shape.severity = s;
    }
    const messages = g.objects(node, `${SH}message`);
    const msg = messages.find((m) => m.termType === 'Literal' && (m.language === 'en' || m.language === '')) ?? messages[0];
    if (msg !== undefined) shape.message = msg.value;
    const deact = one(g, node, 'deactivated', where);
    if (deact !== undefined) shape.deactivated = booleanOf(deact, 'sh:deactivated', where);

    for (const t of g.objects(node, `${SH}targetClass`)) shape.targets.classes.push(iriOf(t, 'sh:targetClass', where));
    for (const t of g.objects(node, `${SH}targetNode`)) shape.targets.nodes.push(t);
    for (const t of g.objects(node, `${SH}targetSubjectsOf`)) shape.targets.subjectsOf.push(iriOf(t, 'sh:targetSubjectsOf', where));
    for (const t of g.objects(node, `${SH}targetObjectsOf`)) shape.targets.objectsOf.push(iriOf(t, 'sh:targetObjectsOf', where));
    // A shape that is also a class targets its own instances (SHACL "implicit class target").
    if (g.objects(node, RDF_TYPE).some((t) => t.value === `${NS.rdfs}Class` || t.value === `${NS.owl}Class`) && node.termType === 'NamedNode') {
      shape.targets.classes.push(node.value);
    }

    const c = shape.constraints;
    for (const t of g.objects(node, `${SH}class`)) c.push({ kind: 'class', cls: iriOf(t, 'sh:class', where) });
    for (const t of g.objects(node, `${SH}datatype`)) {
      const dt = iriOf(t, 'sh:datatype', where);
      if (!isKnownDatatype(dt)) throw new ShapesError(`${where}: sh:datatype <${dt}> is not one the validator can check; use one of ${knownDatatypes().map((d) => `<${d}>`).join(', ')}`);
      c.push({ kind: 'datatype', datatype: dt });
    }
    for (const t of g.objects(node, `${SH}nodeKind`)) {
      if (!NODE_KINDS.has(t.value) || t.termType !== 'NamedNode') throw new ShapesError(`${where}: sh:nodeKind must be one of ${[...NODE_KINDS].map(local).join(', ')}, got ${showTerm(t)}`);
      c.push({ kind: 'nodeKind', nodeKind: t.value });
    }
    const minCount = one(g, node, 'minCount', where);
    if (minCount !== undefined) c.push({ kind: 'minCount', n: integerOf(minCount, 'sh:minCount', where) });
    const maxCount = one(g, node, 'maxCount', where);
    if (maxCount !== undefined) c.push({ kind: 'maxCount', n: integerOf(maxCount, 'sh:maxCount', where) });
    for (const t of g.objects(node, `${SH}minInclusive`)) {
      const n = numericValue(t);
      if (n === undefined) throw new ShapesError(`${where}: sh:minInclusive is supported for numbers only, got ${showTerm(t)}`);
      c.push({ kind: 'minInclusive', bound: t, n });
    }
    const flagsNode = one(g, node, 'flags', where);
    const patterns = g.objects(node, `${SH}pattern`);
    if (flagsNode !== undefined && patterns.length === 0) throw new ShapesError(`${where}: sh:flags without sh:pattern`);
    for (const t of patterns) {
      const flags = flagsNode?.value ?? '';
      if (!/^[imsx]*$/.test(flags)) throw new ShapesError(`${where}: sh:flags ${JSON.stringify(flags)} may only contain i, m, s or x`);
      if (flags.includes('x')) throw new ShapesError(`${where}: the x flag of sh:flags is not supported`);
      let regex: RegExp;
      try {
        regex = new RegExp(t.value, `${flags}u`);
      } catch (err) {
        throw new ShapesError(`${where}: sh:pattern ${JSON.stringify(t.value)} is not a valid regular expression (${(err as Error).message})`);
      }
      c.push({ kind: 'pattern', regex, source: t.value });
    }
    for (const t of g.objects(node, `${SH}in`)) c.push({ kind: 'in', values: g.list(t, `${where}: sh:in`) });
    for (const t of g.objects(node, `${SH}languageIn`)) {
      const langs = g.list(t, `${where}: sh:languageIn`).map((l) => {
        if (l.termType !== 'Literal') throw new ShapesError(`${where}: sh:languageIn lists language tags as strings, got ${showTerm(l)}`);
        return l.value.toLowerCase();
      });
      c.push({ kind: 'languageIn', langs });
    }
    const uniqueLang = one(g, node, 'uniqueLang', where);
    if (uniqueLang !== undefined && booleanOf(uniqueLang, 'sh:uniqueLang', where)) c.push({ kind: 'uniqueLang' });
    for (const t of g.objects(node, `${SH}hasValue`)) c.push({ kind: 'hasValue', value: t });
    for (const t of g.objects(node, `${SH}node`)) c.push({ kind: 'node', shape: compile(t, `${id} / sh:node`) });
    for (const t of g.objects(node, `${SH}or`)) {
      const members = g.list(t, `${where}: sh:or`);
      c.push({ kind: 'or', shapes: members.map((m, i) => compile(m, `${id} / sh:or[${i}]`)) });
    }
    const qvs = one(g, node, 'qualifiedValueShape', where);
    const qmin = one(g, node, 'qualifiedMinCount', where);
    const qmax = one(g, node, 'qualifiedMaxCount', where);
    if (qvs === undefined && (qmin !== undefined || qmax !== undefined)) throw new ShapesError(`${where}: sh:qualifiedMinCount/sh:qualifiedMaxCount need an sh:qualifiedValueShape`);
    if (qvs !== undefined) {
      if (qmin === undefined && qmax === undefined) throw new ShapesError(`${where}: sh:qualifiedValueShape needs sh:qualifiedMinCount or sh:qualifiedMaxCount`);
      c.push({
        kind: 'qualified',
        shape: compile(qvs, `${id} / sh:qualifiedValueShape`),
        ...(qmin !== undefined ? { min: integerOf(qmin, 'sh:qualifiedMinCount', where) } : {}),
        ...(qmax !== undefined ? { max: integerOf(qmax, 'sh:qualifiedMaxCount', where) } : {}),
      });
    }
    for (const t of g.objects(node, `${SH}lessThan`)) c.push({ kind: 'lessThan', property: iriOf(t, 'sh:lessThan', where) });

    for (const t of g.objects(node, `${SH}property`)) {
      const pathOf = one(g, t, 'path', `shape ${showTerm(t)}`);
      if (pathOf === undefined) throw new ShapesError(`${where}: its sh:property ${showTerm(t)} has no sh:path`);
      const label = compilePath(pathOf, where);
      shape.properties.push(compile(t, `${id} / ${showPath(label)}`));
    }
    return shape;
  }

  function compilePath(p: RDF.Term, where: string): Path {
    if (p.termType === 'NamedNode') return { iri: p.value, inverse: false };
    if (p.termType === 'BlankNode') {
      const preds = g.predicates(p);
      const inv = g.objects(p, `${SH}inversePath`);
      if (preds.length === 1 && inv.length === 1 && inv[0]?.termType === 'NamedNode') return { iri: inv[0].value, inverse: true };
      const kind = preds.includes(RDF_FIRST) ? 'a sequence path' : preds.map(local).join(', ') || 'an empty node';
      throw new ShapesError(`${where}: sh:path is ${kind}; only an IRI or [ sh:inversePath <iri> ] is supported`);
    }
    throw new ShapesError(`${where}: sh:path must be an IRI, got ${showTerm(p)}`);
  }

  // Every node that is declared a shape or has a target is compiled, even if nothing refers to it,
  // so that a broken shape is reported rather than skipped.
  const roots: Shape[] = [];
  const isTarget = (s: RDF.Term): boolean =>
    ['targetClass', 'targetNode', 'targetSubjectsOf', 'targetObjectsOf'].some((p) => g.objects(s, SH + p).length > 0);
  for (const s of g.subjects) {
    const types = g.objects(s, RDF_TYPE).map((t) => t.value);
    const declared = types.includes(`${SH}NodeShape`) || types.includes(`${SH}PropertyShape`);
    if (!declared && !isTarget(s)) continue;
    const shape = compile(s, showTerm(s));
    if (isTarget(s) || shape.targets.classes.length > 0) roots.push(shape);
  }
  // Shapes only reachable as sh:property values of other shapes are compiled through them.
  for (const s of g.subjects) {
    if (g.objects(s, `${SH}property`).length > 0) compile(s, showTerm(s));
  }
  return roots;
}

/** The predicates whose statements the engine looks up as a whole: those of subject/object targets and of inverse paths. */
export function scannedPredicates(roots: readonly Shape[]): Set<string> {
  const out = new Set<string>();
  const seen = new Set<Shape>();
  const visit = (shape: Shape): void => {
    if (seen.has(shape)) return;
    seen.add(shape);
    for (const p of shape.targets.subjectsOf) out.add(p);
    for (const p of shape.targets.objectsOf) out.add(p);
    if (shape.path?.inverse === true) out.add(shape.path.iri);
    for (const c of shape.constraints) {
      if (c.kind === 'node' || c.kind === 'qualified') visit(c.shape);
      if (c.kind === 'or') c.shapes.forEach(visit);
    }
    shape.properties.forEach(visit);
  };
  roots.forEach(visit);
  return out;
}
