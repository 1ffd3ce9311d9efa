// Validates quads and puts them in one canonical order as flat statements, so every writer emits the same bytes for the same set of quads.
import type * as RDF from '@rdfjs/types';
import { NS } from '../vocab.js';
import { literalParts } from '../rdf.js';

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

/** Term kinds, ordered as terms sort: the default graph, then IRIs, blank nodes, literals. */
export const DEFAULT = 0;
export const IRI = 1;
export const BLANK = 2;
export const LITERAL = 3;
export type Kind = typeof DEFAULT | typeof IRI | typeof BLANK | typeof LITERAL;

/**
 * One quad as plain strings. Read once from the RDF/JS terms: some term classes (N3's literals)
 * compute value, language and datatype on every access, which dominated the time at 10^6 quads.
 */
export interface Statement {
  readonly gKind: Kind;
  /** Graph IRI or blank label; '' for the default graph. */
  readonly g: string;
  readonly sKind: Kind;
  readonly s: string;
  readonly p: string;
  readonly oKind: Kind;
  readonly o: string;
  /** Language tag in lower case (tags compare case-insensitively, RDF 1.1 §3.3; JSON-LD processors lower-case them too), or ''. */
  readonly lang: string;
  /** Datatype IRI of a literal, or ''. */
  readonly dt: string;
}

/**
 * Sorted, duplicate-free statements: the default graph first, then each named graph in IRI order;
 * within a graph by subject, predicate (rdf:type first) and object. Writers walk it in order.
 */
export interface CanonicalQuads {
  readonly statements: readonly Statement[];
  /** statements[0 .. defaultCount) are the default graph. */
  readonly defaultCount: number;
  /** Number of distinct named graphs. */
  readonly graphs: number;
}

function cmp(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

export function compareStatements(a: Statement, b: Statement): number {
  if (a === b) return 0;
  if (a.gKind !== b.gKind) return a.gKind - b.gKind;
  if (a.g !== b.g) return a.g < b.g ? -1 : 1;
  if (a.sKind !== b.sKind) return a.sKind - b.sKind;
  if (a.s !== b.s) return a.s < b.s ? -1 : 1;
  if (a.p !== b.p) {
    // rdf:type leads each subject so Turtle's `a` and JSON-LD's `@type` come first.
    if (a.p === RDF_TYPE) return -1;
    if (b.p === RDF_TYPE) return 1;
    return a.p < b.p ? -1 : 1;
  }
  return compareObjects(a, b);
}

function compareObjects(a: Statement, b: Statement): number {
  if (a.oKind !== b.oKind) return a.oKind - b.oKind;
  return cmp(a.o, b.o) || cmp(a.lang, b.lang) || cmp(a.dt, b.dt);
}

/**
 * Numbers the distinct values of one position (graph, subject or predicate) by their canonical
 * order: one hash lookup per statement gives a first-seen id, then the distinct values are sorted
 * once and the ids remapped. IRIs rank before blank nodes; `first` (rdf:type) before everything.
 */
class Ranker {
  private readonly ids = new Map<string, number>();
  private readonly values: string[] = [];
  private readonly blank: boolean[] = [];
  readonly key: Uint32Array;
  constructor(n: number) {
    this.key = new Uint32Array(n);
  }

  private lastValue = '';
  private lastBlank = false;
  private lastId = 0;

  add(i: number, value: string, isBlank: boolean): void {
    // Input grouped by subject (as the build hands it over) repeats the same value: skip the hash lookup.
    if (this.lastId !== 0 && value === this.lastValue && isBlank === this.lastBlank) {
      this.key[i] = this.lastId;
      return;
    }
    const map = this.ids;
    // Blank labels and IRIs live in one map: a leading space cannot start an IRI, so the keys never clash.
    const k = isBlank ? ` ${value}` : value;
    let id = map.get(k);
    if (id === undefined) {
      id = this.values.length + 1;
      map.set(k, id);
      this.values.push(value);
      this.blank.push(isBlank);
    }
    this.key[i] = id;
    this.lastValue = value;
    this.lastBlank = isBlank;
    this.lastId = id;
  }

  /** Replaces first-seen ids by ranks (1-based; 0 stays 0, the default graph); returns the key range. */
  finish(first?: string): number {
    const ids = this.values.map((_, j) => j);
    const v = this.values;
    const b = this.blank;
    ids.sort((x, y) => {
      if (b[x] !== b[y]) return b[x] ? 1 : -1;
      const vx = v[x] as string;
      const vy = v[y] as string;
      if (vx === vy) return 0;
      if (vx === first) return -1;
      if (vy === first) return 1;
      return vx < vy ? -1 : 1;
    });
    const rank = new Uint32Array(ids.length + 1);
    ids.forEach((id, r) => {
      rank[id + 1] = r + 1;
    });
    const key = this.key;
    for (let i = 0; i < key.length; i++) key[i] = rank[key[i] as number] as number;
    return ids.length + 1;
  }
}

/** One stable counting-sort pass of the index permutation by a small integer key. */
function countingPass(order: Uint32Array, key: Uint32Array, range: number): Uint32Array {
  const count = new Uint32Array(range + 1);
  for (let j = 0; j < order.length; j++) (count[(key[order[j] as number] as number) + 1] as number)++;
  for (let r = 1; r <= range; r++) count[r] = (count[r] as number) + (count[r - 1] as number);
  const out = new Uint32Array(order.length);
  for (let j = 0; j < order.length; j++) {
    const i = order[j] as number;
    const k = key[i] as number;
    out[count[k] as number] = i;
    count[k] = (count[k] as number) + 1;
  }
  return out;
}

/**
 * Sorts in canonical order and drops duplicates. A comparison sort of 10^6 statements spent
 * seconds comparing long IRIs that share the base, so graph, subject and predicate are replaced
 * by their ranks and sorted by three counting passes (least significant first, each stable);
 * only statements that tie on all three compare (and deduplicate) their objects.
 */
function sortStatements(all: readonly Statement[]): Statement[] {
  const n = all.length;
  const g = new Ranker(n);
  const s = new Ranker(n);
  const p = new Ranker(n);
  for (let i = 0; i < n; i++) {
    const st = all[i] as Statement;
    if (st.gKind !== DEFAULT) g.add(i, st.g, st.gKind === BLANK);
    s.add(i, st.s, st.sKind === BLANK);
    p.add(i, st.p, false);
  }
  const pRange = p.finish(RDF_TYPE);
  const sRange = s.finish();
  const gRange = g.finish();
  let order: Uint32Array = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order = countingPass(order, p.key, pRange);
  order = countingPass(order, s.key, sRange);
  order = countingPass(order, g.key, gRange);
  const gKey = g.key;
  const sKey = s.key;
  const pKey = p.key;
  const out: Statement[] = [];
  let from = 0;
  for (let j = 1; j <= n; j++) {
    const head = order[from] as number;
    if (j < n) {
      const i = order[j] as number;
      if (gKey[i] === gKey[head] && sKey[i] === sKey[head] && pKey[i] === pKey[head]) continue;
    }
    // order[from .. j) share graph, subject and predicate.
    if (j - from === 1) out.push(all[head] as Statement);
    else {
      const group: Statement[] = [];
      for (let t = from; t < j; t++) group.push(all[order[t] as number] as Statement);
      group.sort(compareObjects);
      let last: Statement | undefined;
      for (const st of group) {
        if (last === undefined || compareObjects(last, st) !== 0) out.push(st);
        last = st;
      }
    }
    from = j;
  }
  return out;
}

// An absolute IRI with none of the characters RFC 3987 forbids (space, controls, <>"{}|^`\).
const ABSOLUTE_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\u0000-\u0020<>"{}|^`\\]*$/;
const LANG_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;
const ANY_SURROGATE = /[\uD800-\uDFFF]/;
// In unicode mode a paired surrogate is one code point, so this matches only unpaired halves.
const LONE_SURROGATE = /\p{Cs}/u;
const UPPER = /[A-Z]/;

function at(i: number, pos: string): string {
  return `quad #${i} (${pos})`;
}

function checkIri(value: string, i: number, pos: string): string {
  if (ABSOLUTE_IRI.test(value)) return value;
  const where = at(i, pos);
  const bad = /[\u0000-\u0020<>"{}|^`\\]/.exec(value);
  const why = bad
    ? `it contains ${JSON.stringify(bad[0])} at offset ${bad.index}; percent-encode it (e.g. %${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')})`
    : 'it has no scheme (a relative IRI); mint it under the base IRI';
  throw new SerializeError(`${where}: ${JSON.stringify(value)} is not an absolute IRI: ${why}`);
}

function kindOf(t: RDF.Term, allowed: readonly Kind[], i: number, pos: string): Kind {
  const tt = t.termType;
  const k: Kind | -1 = tt === 'NamedNode' ? IRI : tt === 'BlankNode' ? BLANK : tt === 'Literal' ? LITERAL : tt === 'DefaultGraph' ? DEFAULT : -1;
  if (k === -1 || !allowed.includes(k)) {
    const names = ['the default graph', 'an IRI', 'a blank node', 'a literal'];
    throw new SerializeError(`${at(i, pos)}: a ${tt} cannot stand here (expected ${allowed.map((a) => names[a]).join(' or ')})`);
  }
  return k;
}

const SUBJECT: readonly Kind[] = [IRI, BLANK];
const PREDICATE: readonly Kind[] = [IRI];
const OBJECT: readonly Kind[] = [IRI, BLANK, LITERAL];
const GRAPH: readonly Kind[] = [DEFAULT, IRI, BLANK];

/** Reads and checks one quad; `prev` lets a repeated subject, predicate or graph skip its IRI check. */
function toStatement(q: RDF.Quad, i: number, prev: Statement | undefined): Statement {
  const gKind = kindOf(q.graph, GRAPH, i, 'graph');
  const g = gKind === DEFAULT ? '' : q.graph.value;
  const sKind = kindOf(q.subject, SUBJECT, i, 'subject');
  const s = q.subject.value;
  kindOf(q.predicate, PREDICATE, i, 'predicate');
  const p = q.predicate.value;
  const oKind = kindOf(q.object, OBJECT, i, 'object');
  if (gKind === IRI && (g !== prev?.g || prev.gKind !== IRI)) checkIri(g, i, 'graph');
  if (sKind === IRI && (s !== prev?.s || prev.sKind !== IRI)) checkIri(s, i, 'subject');
  if (p !== prev?.p) checkIri(p, i, 'predicate');
  if (gKind === BLANK && g === '') throw new SerializeError(`${at(i, 'graph')}: blank node with an empty label`);
  if (sKind === BLANK && s === '') throw new SerializeError(`${at(i, 'subject')}: blank node with an empty label`);
  if (oKind !== LITERAL) {
    const o = q.object.value;
    if (oKind === IRI) checkIri(o, i, 'object');
    else if (o === '') throw new SerializeError(`${at(i, 'object')}: blank node with an empty label`);
    return { gKind, g, sKind, s, p, oKind, o, lang: '', dt: '' };
  }
  const { value: o, language, direction, datatype: dt } = literalParts(q.object as RDF.Literal);
  let lang = language;
  if (ANY_SURROGATE.test(o) && LONE_SURROGATE.test(o)) {
    throw new SerializeError(`${at(i, 'object')}: literal ${JSON.stringify(o.slice(0, 60))} holds a lone UTF-16 surrogate, which no RDF syntax can encode; repair the text`);
  }
  if (lang !== '') {
    if (!LANG_TAG.test(lang)) throw new SerializeError(`${at(i, 'object')}: ${JSON.stringify(lang)} is not a BCP 47 language tag (e.g. "ky", "tr", "en-GB")`);
    if (direction !== '') throw new SerializeError(`${at(i, 'object')}: literals with a base direction (RDF 1.2) cannot be written; drop the direction`);
    if (dt !== RDF_LANG_STRING) throw new SerializeError(`${at(i, 'object')}: a literal with language "${lang}" must have datatype rdf:langString, not <${dt}>`);
    if (UPPER.test(lang)) lang = lang.toLowerCase();
  } else {
    if (dt === RDF_LANG_STRING) throw new SerializeError(`${at(i, 'object')}: an rdf:langString literal needs a language tag`);
    if (dt !== prev?.dt) checkIri(dt, i, 'object datatype');
  }
  return { gKind, g, sKind, s, p, oKind, o, lang, dt };
}

/**
 * Validates every quad (a clear SerializeError names the first bad one) and returns them as sorted
 * statements without duplicates. Input already in canonical order is not re-sorted.
 */
export function canonicalize(input: readonly RDF.Quad[]): CanonicalQuads {
  // Filled by push: `new Array(n)` for n over 100,000 starts in V8's slow dictionary mode.
  let statements: Statement[] = [];
  let sorted = true;
  let prev: Statement | undefined;
  for (let i = 0; i < input.length; i++) {
    const st = toStatement(input[i] as RDF.Quad, i, prev);
    if (sorted && prev !== undefined) {
      const c = compareStatements(prev, st);
      if (c === 0) continue;
      if (c > 0) sorted = false;
    }
    statements.push(st);
    prev = st;
  }
  if (!sorted) statements = sortStatements(statements);
  let defaultCount = 0;
  let graphs = 0;
  let last: Statement | undefined;
  for (const st of statements) {
    if (st.gKind === DEFAULT) defaultCount++;
    else if (last === undefined || last.gKind !== st.gKind || last.g !== st.g) graphs++;
    last = st;
  }
  return { statements, defaultCount, graphs };
}

/** The end of the run of statements that share statements[from]'s subject (and graph), before `to`. */
export function subjectEnd(sts: readonly Statement[], from: number, to: number): number {
  const head = sts[from] as Statement;
  let i = from + 1;
  while (i < to) {
    const st = sts[i] as Statement;
    if (st.s !== head.s || st.sKind !== head.sKind || st.g !== head.g || st.gKind !== head.gKind) break;
    i++;
  }
  return i;
}

export const sameGraph = (a: Statement, b: Statement): boolean => a.g === b.g && a.gKind === b.gKind;

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
