// Query results as the suite means them: parsing expected files and comparing them with answers.
import { Readable } from 'node:stream';
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';
import { isomorphic } from 'rdf-isomorphic';
import { SparqlJsonParser } from 'sparqljson-parse';
import { SparqlXmlParser } from 'sparqlxml-parse';

const { namedNode, literal, blankNode, quad } = N3.DataFactory;
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const RS = 'http://www.w3.org/2001/sw/DataAccess/tests/result-set#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/** One solution: variable name (no `?`) to term; unbound variables are absent. */
export type Row = Readonly<Record<string, RDF.Term>>;

export type QueryResult =
  | { readonly type: 'bindings'; readonly variables: readonly string[]; readonly rows: readonly Row[] }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'quads'; readonly quads: readonly RDF.Quad[] };

export interface CompareOptions {
  /** Solutions must come in this order, judged on these variables (from the query's ORDER BY). */
  readonly orderBy?: readonly string[];
  /** REDUCED: each distinct solution may appear fewer times than expected, but at least once. */
  readonly laxCardinality?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Term equality

const INTEGER_TYPES = new Set(
  ['integer', 'int', 'long', 'short', 'byte', 'nonNegativeInteger', 'nonPositiveInteger', 'negativeInteger',
    'positiveInteger', 'unsignedLong', 'unsignedInt', 'unsignedShort', 'unsignedByte'].map((t) => XSD + t),
);

/**
 * The value a literal stands for, within its own datatype: the suite's expected files were written
 * by several implementations, so `"2.0"^^xsd:decimal` and `"2"^^xsd:decimal` must compare equal, but
 * an integer never equals a decimal and a language tag is compared case-insensitively.
 */
function literalKey(t: RDF.Literal): string {
  if (t.language) return `"${t.value}"@${t.language.toLowerCase()}${t.direction ? `--${t.direction}` : ''}`;
  const dt = t.datatype.value;
  let v = t.value;
  if (INTEGER_TYPES.has(dt) && /^\s*[+-]?\d+\s*$/.test(v)) v = BigInt(v.trim()).toString();
  else if (dt === `${XSD}decimal`) {
    const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec(v);
    if (m && (m[2] || m[3])) {
      const int = (m[2] ?? '').replace(/^0+(?=\d)/, '') || '0';
      const frac = (m[3] ?? '').replace(/0+$/, '');
      const zero = /^0*$/.test(int + frac);
      v = `${m[1] === '-' && !zero ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
    }
  } else if ((dt === `${XSD}double` || dt === `${XSD}float`) && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)) {
    v = String(Number(v));
  } else if (dt === `${XSD}boolean`) {
    v = v === '1' ? 'true' : v === '0' ? 'false' : v;
  }
  return `"${v}"^^<${dt}>`;
}

/** A string naming a ground term; blank nodes become `_:` alone (their labels carry no meaning). */
function groundKey(t: RDF.Term): string {
  switch (t.termType) {
    case 'NamedNode':
      return `<${t.value}>`;
    case 'BlankNode':
      return '_:';
    case 'Literal':
      return literalKey(t);
    case 'Quad':
      return `<<${groundKey(t.subject)} ${groundKey(t.predicate)} ${groundKey(t.object)}>>`;
    default:
      return `?${t.value}`;
  }
}

function blankNodesOf(t: RDF.Term, out: string[]): void {
  if (t.termType === 'BlankNode') out.push(t.value);
  else if (t.termType === 'Quad') {
    blankNodesOf(t.subject, out);
    blankNodesOf(t.object, out);
  }
}

function rowShape(row: Row, variables: readonly string[]): string {
  return variables.map((v) => (row[v] ? groundKey(row[v]) : '')).join('\u0000');
}

function rowHasBlank(row: Row): boolean {
  return Object.values(row).some((t) => t.termType === 'BlankNode' || (t.termType === 'Quad' && /_:/.test(groundKey(t))));
}

/** Tries to extend a blank-node bijection so that `a` matches `b`; returns the added pairs or undefined. */
function unify(a: Row, b: Row, variables: readonly string[], fwd: Map<string, string>, back: Map<string, string>): [string, string][] | undefined {
  const added: [string, string][] = [];
  const undo = (): undefined => {
    for (const [x, y] of added) {
      fwd.delete(x);
      back.delete(y);
    }
    return undefined;
  };
  for (const v of variables) {
    const ta = a[v];
    const tb = b[v];
    if (!ta || !tb) {
      if (ta !== tb) return undo();
      continue;
    }
    if (groundKey(ta) !== groundKey(tb)) return undo();
    const ba: string[] = [];
    const bb: string[] = [];
    blankNodesOf(ta, ba);
    blankNodesOf(tb, bb);
    for (let i = 0; i < ba.length; i++) {
      const x = ba[i]!;
      const y = bb[i]!;
      const fx = fwd.get(x);
      const by = back.get(y);
      if (fx === undefined && by === undefined) {
        fwd.set(x, y);
        back.set(y, x);
        added.push([x, y]);
      } else if (fx !== y || by !== x) return undo();
    }
  }
  return added;
}

function describeRow(row: Row): string {
  const parts = Object.keys(row).sort().map((k) => `?${k}=${termToString(row[k]!)}`);
  return `{${parts.join(' ')}}`;
}

export function termToString(t: RDF.Term): string {
  switch (t.termType) {
    case 'NamedNode':
      return `<${t.value}>`;
    case 'BlankNode':
      return `_:${t.value}`;
    case 'Literal':
      return t.language ? `${JSON.stringify(t.value)}@${t.language}` : `${JSON.stringify(t.value)}^^<${t.datatype.value}>`;
    case 'Quad':
      return `<<${termToString(t.subject)} ${termToString(t.predicate)} ${termToString(t.object)}>>`;
    default:
      return `?${t.value}`;
  }
}

/**
 * Compares two solution sequences as bags (or sequences with `orderBy`), blank nodes matched by a
 * consistent one-to-one renaming over the whole result. Returns why they differ, or undefined.
 */
export function compareBindings(
  expected: { readonly variables: readonly string[]; readonly rows: readonly Row[] },
  actual: { readonly variables: readonly string[]; readonly rows: readonly Row[] },
  options: CompareOptions = {},
): string | undefined {
  const ev = [...new Set(expected.variables)].sort();
  const av = [...new Set(actual.variables)].sort();
  if (ev.join(' ') !== av.join(' ')) return `variables differ: expected ${ev.join(' ')}, got ${av.join(' ')}`;
  const variables = ev;
  const { rows: exp } = expected;
  const { rows: act } = actual;
  if (options.laxCardinality) {
    const count = (rows: readonly Row[]): Map<string, number> => {
      const m = new Map<string, number>();
      for (const r of rows) m.set(rowShape(r, variables), (m.get(rowShape(r, variables)) ?? 0) + 1);
      return m;
    };
    const ce = count(exp);
    const ca = count(act);
    if ([...ce.keys()].sort().join('\n') !== [...ca.keys()].sort().join('\n')) return 'distinct solutions differ';
    for (const [k, n] of ca) if (n > (ce.get(k) ?? 0)) return `a solution appears ${n} times, at most ${ce.get(k)} expected`;
    return undefined;
  }
  if (exp.length !== act.length) return `expected ${exp.length} solutions, got ${act.length}`;

  // Ground rows: plain multiset comparison.
  const groundCount = new Map<string, number>();
  for (const r of exp) if (!rowHasBlank(r)) groundCount.set(rowShape(r, variables), (groundCount.get(rowShape(r, variables)) ?? 0) + 1);
  for (const r of act) {
    if (rowHasBlank(r)) continue;
    const k = rowShape(r, variables);
    const n = groundCount.get(k) ?? 0;
    if (n === 0) return `unexpected solution ${describeRow(r)}`;
    groundCount.set(k, n - 1);
  }
  for (const [k, n] of groundCount) if (n !== 0) return `missing solution ${k.replaceAll('\u0000', ' ')}`;

  // Rows with blank nodes: search for one renaming that pairs them all.
  const expB = exp.filter(rowHasBlank);
  const actB = act.filter(rowHasBlank);
  if (expB.length !== actB.length) return 'solutions with blank nodes differ in number';
  const used = new Array<boolean>(actB.length).fill(false);
  const fwd = new Map<string, string>();
  const back = new Map<string, string>();
  let steps = 0;
  const search = (i: number): boolean => {
    if (i === expB.length) return true;
    if (++steps > 1_000_000) throw new Error('blank-node matching gave up after 1e6 steps');
    const e = expB[i]!;
    const shape = rowShape(e, variables);
    for (let j = 0; j < actB.length; j++) {
      if (used[j] || rowShape(actB[j]!, variables) !== shape) continue;
      const added = unify(e, actB[j]!, variables, fwd, back);
      if (!added) continue;
      used[j] = true;
      if (search(i + 1)) return true;
      used[j] = false;
      for (const [x, y] of added) {
        fwd.delete(x);
        back.delete(y);
      }
    }
    return false;
  };
  if (!search(0)) return 'no blank-node renaming makes the solutions equal';

  if (options.orderBy) {
    const keys = options.orderBy.length > 0 ? options.orderBy : variables;
    for (let i = 0; i < exp.length; i++) {
      if (rowShape(exp[i]!, keys) !== rowShape(act[i]!, keys)) {
        return `order differs at solution ${i + 1}: expected ${describeRow(exp[i]!)}, got ${describeRow(act[i]!)}`;
      }
    }
  }
  return undefined;
}

/** Compares any two results; graphs by blank-node isomorphism. Returns why they differ, or undefined. */
export function compareResults(expected: QueryResult, actual: QueryResult, options: CompareOptions = {}): string | undefined {
  if (expected.type !== actual.type) return `expected a ${expected.type} result, got ${actual.type}`;
  if (expected.type === 'boolean' && actual.type === 'boolean') {
    return expected.value === actual.value ? undefined : `expected ${expected.value}, got ${actual.value}`;
  }
  if (expected.type === 'quads' && actual.type === 'quads') {
    return isomorphic([...expected.quads], [...actual.quads])
      ? undefined
      : `graphs are not isomorphic (expected ${expected.quads.length} triples, got ${actual.quads.length})`;
  }
  if (expected.type === 'bindings' && actual.type === 'bindings') return compareBindings(expected, actual, options);
  return 'unreachable';
}

// ---------------------------------------------------------------------------------------------
// Parsing result documents

/** SPARQL results XML (`.srx`). */
export async function parseSrx(text: string): Promise<QueryResult> {
  const parser = new SparqlXmlParser({ prefixVariableQuestionMark: false });
  if (/<boolean>/.test(text)) {
    return { type: 'boolean', value: await parser.parseXmlBooleanStream(Readable.from([text])) };
  }
  const rows: Row[] = [];
  let variables: string[] = [];
  await new Promise<void>((resolve, reject) => {
    parser
      .parseXmlResultsStream(Readable.from([text]))
      .on('variables', (vars: RDF.Variable[]) => {
        variables = vars.map((v) => v.value);
      })
      .on('data', (row: Row) => rows.push(row))
      .on('error', reject)
      .on('end', () => resolve());
  });
  return { type: 'bindings', variables, rows };
}

/** SPARQL results JSON (`.srj`). */
export function parseSrj(text: string): QueryResult {
  const json: unknown = JSON.parse(text);
  const parser = new SparqlJsonParser({ prefixVariableQuestionMark: false });
  if (typeof json !== 'object' || json === null) throw new Error('results JSON is not an object');
  if ('boolean' in json) return { type: 'boolean', value: parser.parseJsonBoolean(json) };
  const head = 'head' in json ? json.head : undefined;
  const vars = typeof head === 'object' && head !== null && 'vars' in head && Array.isArray(head.vars) ? head.vars : [];
  return { type: 'bindings', variables: vars.map(String), rows: parser.parseJsonResults(json) };
}

/** One TSV cell: a term in SPARQL/Turtle syntax, or empty for unbound. */
function parseTsvTerm(cell: string): RDF.Term | undefined {
  if (cell === '') return undefined;
  if (cell.startsWith('_:')) return blankNode(cell.slice(2));
  const quads = new N3.Parser().parse(`<urn:s> <urn:p> ${cell} .`);
  const q = quads[0];
  if (quads.length !== 1 || !q) throw new Error(`bad TSV term: ${cell}`);
  return q.object;
}

/** SPARQL results TSV: the header names the variables, every cell is a term (or empty). */
export function parseTsv(text: string): QueryResult {
  const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
  const header = (lines.shift() ?? '').split('\t').map((v) => v.replace(/^[?$]/, ''));
  const variables = header.filter((v) => v !== '');
  const rows = lines.map((line) => {
    const cells = line.split('\t');
    const row: Record<string, RDF.Term> = {};
    header.forEach((v, i) => {
      const t = parseTsvTerm(cells[i] ?? '');
      if (t && v) row[v] = t;
    });
    return row;
  });
  return { type: 'bindings', variables, rows };
}

/** RFC 4180 CSV into rows of strings. */
export function parseCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  let quoted = false;
  let any = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' || c === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      if (c === '\r' && text[i + 1] === '\n') i++;
      any = false;
      i++;
      continue;
    } else field += c;
    any = true;
    i++;
  }
  if (any || field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/**
 * SPARQL results CSV, read the way the CSV format tests compare it: types are lost, so every
 * value becomes a plain string, except `_:` labels, which stay blank nodes to be matched by renaming.
 */
export function parseCsv(text: string): QueryResult & { type: 'bindings' } {
  const records = parseCsvRecords(text);
  const header = records.shift() ?? [];
  const rows = records.map((rec) => {
    const row: Record<string, RDF.Term> = {};
    header.forEach((v, i) => {
      const cell = rec[i] ?? '';
      if (cell === '') return;
      row[v] = cell.startsWith('_:') ? blankNode(cell.slice(2)) : literal(cell);
    });
    return row;
  });
  return { type: 'bindings', variables: header, rows };
}

/** The CSV view of a result: what a CSV serializer should have written, typed terms flattened. */
export function flattenToCsv(result: { readonly variables: readonly string[]; readonly rows: readonly Row[] }): QueryResult & { type: 'bindings' } {
  return {
    type: 'bindings',
    variables: result.variables,
    rows: result.rows.map((r) => {
      const row: Record<string, RDF.Term> = {};
      for (const [k, t] of Object.entries(r)) row[k] = t.termType === 'BlankNode' ? t : literal(t.value);
      return row;
    }),
  };
}

/**
 * A result set written in RDF with the DAWG result-set vocabulary (a few `.ttl` expected results),
 * or undefined when the graph holds none (then it is a CONSTRUCT/DESCRIBE answer).
 */
export function resultSetFromGraph(quads: readonly RDF.Quad[]): QueryResult | undefined {
  const store = new N3.Store([...quads]);
  const sets = store.getSubjects(namedNode(RDF_TYPE), namedNode(`${RS}ResultSet`), null);
  const set = sets[0];
  if (!set) return undefined;
  const bool = store.getObjects(set, namedNode(`${RS}boolean`), null)[0];
  if (bool) return { type: 'boolean', value: bool.value === 'true' };
  const variables = store.getObjects(set, namedNode(`${RS}resultVariable`), null).map((t) => t.value);
  const solutions = store.getObjects(set, namedNode(`${RS}solution`), null).map((sol) => {
    const row: Record<string, RDF.Term> = {};
    for (const b of store.getObjects(sol, namedNode(`${RS}binding`), null)) {
      const v = store.getObjects(b, namedNode(`${RS}variable`), null)[0];
      const val = store.getObjects(b, namedNode(`${RS}value`), null)[0];
      if (v && val) row[v.value] = val;
    }
    const index = store.getObjects(sol, namedNode(`${RS}index`), null)[0];
    return { row, index: index ? Number(index.value) : undefined };
  });
  if (solutions.some((s) => s.index !== undefined)) solutions.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  return { type: 'bindings', variables, rows: solutions.map((s) => s.row) };
}

/** Puts every quad in the default graph (CONSTRUCT answers are graphs; some writers use N-Quads). */
export function asTriples(quads: readonly RDF.Quad[]): RDF.Quad[] {
  return quads.map((q) => quad(q.subject, q.predicate, q.object));
}
