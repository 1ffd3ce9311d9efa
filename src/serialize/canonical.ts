// Validates quads and puts them in one canonical order, so every writer emits the same bytes for the same set of quads.
import type * as RDF from '@rdfjs/types';
import { NS } from '../vocab.js';

/** A quad set that no writer can express; says which quad and what to change. Carries HTTP status 500: it is a fault of the data, not of the request. */
export class SerializeError extends Error {
  readonly status = 500;
  constructor(message: string) {
    super(message);
    this.name = 'SerializeError';
  }
}

const RDF_TYPE = `${NS.rdf}type`;
const RDF_LANG_STRING = `${NS.rdf}langString`;

/**
 * Sorted, duplicate-free quads: the default graph first, then each named graph in IRI order;
 * within a graph by subject, predicate (rdf:type first) and object. Writers walk it in order.
 */
export interface CanonicalQuads {
  readonly quads: readonly RDF.Quad[];
  /** quads[0 .. defaultCount) are the default graph. */
  readonly defaultCount: number;
  /** Number of distinct named graphs. */
  readonly graphs: number;
}

const TERM_RANK: Readonly<Record<string, number>> = { DefaultGraph: 0, NamedNode: 1, BlankNode: 2, Literal: 3 };

function rank(t: RDF.Term): number {
  return TERM_RANK[t.termType] ?? 9;
}

/** Language tags compare case-insensitively (RDF 1.1 §3.3); every writer emits them in lower case, the form JSON-LD processors produce. */
export function langOf(l: RDF.Literal): string {
  return l.language.toLowerCase();
}

export function compareTerms(a: RDF.Term, b: RDF.Term): number {
  if (a === b) return 0;
  if (a.termType !== b.termType) return rank(a) - rank(b);
  if (a.value !== b.value) return a.value < b.value ? -1 : 1;
  if (a.termType === 'Literal' && b.termType === 'Literal') {
    const la = langOf(a);
    const lb = langOf(b);
    if (la !== lb) return la < lb ? -1 : 1;
    const da = a.datatype.value;
    const db = b.datatype.value;
    if (da !== db) return da < db ? -1 : 1;
  }
  return 0;
}

function comparePredicates(a: RDF.Term, b: RDF.Term): number {
  if (a === b || a.value === b.value) return 0;
  // rdf:type leads each subject so Turtle's `a` and JSON-LD's `@type` come first.
  if (a.value === RDF_TYPE) return -1;
  if (b.value === RDF_TYPE) return 1;
  return a.value < b.value ? -1 : 1;
}

export function compareQuads(a: RDF.Quad, b: RDF.Quad): number {
  return (
    compareTerms(a.graph, b.graph) ||
    compareTerms(a.subject, b.subject) ||
    comparePredicates(a.predicate, b.predicate) ||
    compareTerms(a.object, b.object)
  );
}

export function sameTerm(a: RDF.Term, b: RDF.Term): boolean {
  return compareTerms(a, b) === 0;
}

// An absolute IRI with none of the characters RFC 3987 forbids (space, controls, <>"{}|^`\).
const ABSOLUTE_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\u0000-\u0020<>"{}|^`\\]*$/;
// In unicode mode a paired surrogate is one code point, so this matches only unpaired halves.
const LONE_SURROGATE = /\p{Cs}/u;
const LANG_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;

function describe(i: number, position: string): string {
  return `quad #${i} (${position})`;
}

function checkIri(value: string, where: string): void {
  if (ABSOLUTE_IRI.test(value)) return;
  const bad = /[\u0000-\u0020<>"{}|^`\\]/.exec(value);
  const why = bad
    ? `it contains ${JSON.stringify(bad[0])} at offset ${bad.index}; percent-encode it (e.g. %${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')})`
    : 'it has no scheme (a relative IRI); mint it under the base IRI';
  throw new SerializeError(`${where}: ${JSON.stringify(value)} is not an absolute IRI: ${why}`);
}

function checkTerm(t: RDF.Term, allowed: readonly string[], where: string): void {
  if (!allowed.includes(t.termType)) {
    throw new SerializeError(`${where}: a ${t.termType} cannot stand here (expected ${allowed.join(' or ')})`);
  }
  if (t.termType === 'NamedNode') checkIri(t.value, where);
  else if (t.termType === 'Literal') {
    if (LONE_SURROGATE.test(t.value)) {
      throw new SerializeError(`${where}: literal ${JSON.stringify(t.value.slice(0, 60))} holds a lone UTF-16 surrogate, which no RDF syntax can encode; repair the text`);
    }
    if (t.language !== '') {
      if (!LANG_TAG.test(t.language)) throw new SerializeError(`${where}: ${JSON.stringify(t.language)} is not a BCP 47 language tag (e.g. "ky", "tr", "en-GB")`);
      if (t.datatype.value !== RDF_LANG_STRING) throw new SerializeError(`${where}: a literal with language "${t.language}" must have datatype rdf:langString, not <${t.datatype.value}>`);
    } else {
      if (t.datatype.value === RDF_LANG_STRING) throw new SerializeError(`${where}: an rdf:langString literal needs a language tag`);
      checkIri(t.datatype.value, `${where} datatype`);
    }
  } else if (t.termType === 'BlankNode' && t.value === '') {
    throw new SerializeError(`${where}: blank node with an empty label`);
  }
}

function checkQuad(q: RDF.Quad, i: number): void {
  checkTerm(q.subject, ['NamedNode', 'BlankNode'], describe(i, 'subject'));
  checkTerm(q.predicate, ['NamedNode'], describe(i, 'predicate'));
  checkTerm(q.object, ['NamedNode', 'BlankNode', 'Literal'], describe(i, 'object'));
  checkTerm(q.graph, ['DefaultGraph', 'NamedNode', 'BlankNode'], describe(i, 'graph'));
}

/**
 * Validates every quad (a clear SerializeError names the first bad one) and returns them sorted
 * without duplicates. Input already in canonical order (as the build hands it over) is not re-sorted.
 */
export function canonicalize(input: readonly RDF.Quad[]): CanonicalQuads {
  let sorted = true;
  for (let i = 0; i < input.length; i++) {
    const q = input[i] as RDF.Quad;
    checkQuad(q, i);
    if (sorted && i > 0 && compareQuads(input[i - 1] as RDF.Quad, q) > 0) sorted = false;
  }
  const order = sorted ? input : [...input].sort(compareQuads);
  const quads: RDF.Quad[] = [];
  let defaultCount = 0;
  let graphs = 0;
  let prev: RDF.Quad | undefined;
  for (const q of order) {
    if (prev !== undefined && compareQuads(prev, q) === 0) continue;
    if (q.graph.termType === 'DefaultGraph') defaultCount++;
    else if (prev === undefined || !sameTerm(prev.graph, q.graph)) graphs++;
    quads.push(q);
    prev = q;
  }
  return { quads, defaultCount, graphs };
}

/** Consecutive runs of quads sharing a key, e.g. one subject's statements. */
export function* runs(quads: readonly RDF.Quad[], from: number, to: number, same: (a: RDF.Quad, b: RDF.Quad) => boolean): Generator<[number, number]> {
  let start = from;
  for (let i = from + 1; i <= to; i++) {
    if (i === to || !same(quads[start] as RDF.Quad, quads[i] as RDF.Quad)) {
      yield [start, i];
      start = i;
    }
  }
}

export const sameSubject = (a: RDF.Quad, b: RDF.Quad): boolean => sameTerm(a.subject, b.subject);
export const samePredicate = (a: RDF.Quad, b: RDF.Quad): boolean => a.predicate.value === b.predicate.value;
export const sameGraph = (a: RDF.Quad, b: RDF.Quad): boolean => sameTerm(a.graph, b.graph);

/** Names blank nodes b0, b1… in order of first use, so labels are safe in every syntax (Turtle, XML NCName, JSON-LD). */
export class BlankLabels {
  private readonly map = new Map<string, string>();
  label(value: string): string {
    let l = this.map.get(value);
    if (l === undefined) {
      l = `b${this.map.size}`;
      this.map.set(value, l);
    }
    return l;
  }
}
