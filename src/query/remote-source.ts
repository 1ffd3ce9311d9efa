// A Comunica query source over a SPARQL 1.1 store beyond this process (STORE=sparql:URL): it takes whole SERVICE-free
// operations, as the embedded Oxigraph source does, and sends each to the store over the SPARQL protocol. SERVICE stays
// out of its shape, so federation (and its allowlist) stays in Comunica. Nothing of the data is held here.
import type * as RDF from '@rdfjs/types';
import type { BindingsStream, ComunicaDataFactory, FragmentSelectorShape, IActionContext, IQuerySource } from '@comunica/types';
import { ActionContextKey } from '@comunica/core';
import { KeysInitQuery } from '@comunica/context-entries';
import { Algebra, AlgebraFactory, algebraUtils } from '@comunica/utils-algebra';
import { BindingsFactory } from '@comunica/utils-bindings-factory';
import { MetadataValidationState } from '@comunica/utils-metadata';
import { ArrayIterator, wrap, type AsyncIterator } from 'asynciterator';
import { toAst } from '@traqula/algebra-sparql-1-2';
import { Generator } from '@traqula/generator-sparql-1-2';
import { Parser } from '../rdf.js';
import { KEY_DATASET, KEY_STORE_CALLS, ReadOnlyError, STORE_REJECTED } from './oxigraph-source.js';
import { QueryError } from './errors.js';
import { limitText } from './quick-plan.js';

/** Context key: the whole operation of a query (its FROM taken out), which the engine passes when the store is remote. */
export const KEY_WHOLE_OPERATION = new ActionContextKey<Algebra.Operation>('@ots-kg/query:wholeOperation');
/** Aborted when the client that asked went away: the request to the store is cancelled with it. */
export const KEY_ABORT = new ActionContextKey<AbortSignal>('@ots-kg/query:abort');
/**
 * The most solutions of a SELECT the answer can carry, plus one (which tells that it was cut): the store is asked for no
 * more, so what this process reads and holds is bounded by the row limit, not by the size of the data.
 */
export const KEY_ROW_CAP = new ActionContextKey<number>('@ots-kg/query:rowCap');

/** The message of a query stopped because its client went away (nobody reads the answer). */
export const CLIENT_GONE = 'the client went away: the request to the store was cancelled';

/** Prefix of the message of an error reaching the store (not the query's fault: 503 with Retry-After). */
export const STORE_UNAVAILABLE = 'the store did not answer';

/**
 * The store cannot give an answer now (unreachable, timed out, overloaded, an answer that is not one): 503 with
 * Retry-After, never the query's fault. A QueryError, so the engine passes it on as it is.
 */
function unavailable(message: string): QueryError {
  return new QueryError({ status: 503, code: 'store-unavailable', message, headers: { 'Retry-After': '2' } });
}

/** How to reach the store and which of its graphs make up the dataset. */
export interface RemoteStoreOptions {
  /** The store's SPARQL endpoint (query URL). */
  readonly endpoint: string;
  /**
   * The graph holding the dataset's default graph (a store such as Virtuoso has no unnamed default graph): sent as
   * default-graph-uri, and kept out of GRAPH ?g, so queries see the dataset as the embedded store does.
   */
  readonly defaultGraph?: string;
  /**
   * Text put before every query that does not name its own dataset (Virtuoso: `define input:named-graph-exclude <…>`
   * for the store's own graphs and the metadata graph, so GRAPH ?g ranges over the dataset's named graphs only).
   */
  readonly preamble?: string;
  /** Longest one request to the store may take, ms. */
  readonly timeoutMs: number;
  /**
   * What SELECT answers are asked for: `json` (SPARQL Results JSON, any SPARQL 1.1 store) or `ntriples` (the result set
   * as N-Triples in the vocabulary of http://www.w3.org/2005/sparql-results#, which Virtuoso writes several times
   * faster than its JSON, with every term's datatype: docs/store.md). Default `json`. Whatever was asked for, the
   * answer is read by its content type.
   */
  readonly selectFormat?: 'json' | 'ntriples';
  /**
   * One connection per request (`connection: close`) instead of keeping connections to the store open. Over a kept
   * connection Virtuoso 7.2's answers often stall 40 ms, their last segment waiting for the client's delayed
   * acknowledgement (docs/store.md); a fresh connection on loopback costs well under a millisecond. Default false.
   */
  readonly closeConnections?: boolean;
  /** The fetch to use (tests replace it). */
  readonly fetch?: typeof fetch;
}

// Every algebra type a SPARQL store evaluates from text, i.e. all of SPARQL 1.1 except SERVICE (kept in Comunica).
const PUSHED_TYPES = Object.values(Algebra.Types).filter((t) => t !== Algebra.Types.SERVICE);
const SHAPE: FragmentSelectorShape = {
  type: 'disjunction',
  children: PUSHED_TYPES.map((type) => ({ type: 'operation', operation: { operationType: 'type', type } }) as FragmentSelectorShape),
};

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const XSD_BOOLEAN = 'http://www.w3.org/2001/XMLSchema#boolean';

/** Virtuoso keeps xsd:boolean as 1 / 0 and answers so: the dumps write true / false, which is given back. */
function booleanForm(value: string): string {
  return value === '1' ? 'true' : value === '0' ? 'false' : value;
}
const RESULTS_JSON = 'application/sparql-results+json';
const NTRIPLES = 'application/n-triples';
const RS = 'http://www.w3.org/2005/sparql-results#';
const RS_SOLUTION = `${RS}solution`;
const RS_BINDING = `${RS}binding`;
const RS_VARIABLE = `${RS}variable`;
const RS_VALUE = `${RS}value`;
const RS_INDEX = `${RS}index`;

interface JsonTerm {
  readonly type: string;
  readonly value: string;
  readonly 'xml:lang'?: string;
  readonly datatype?: string;
}

/** A term of SPARQL Results JSON in the engine's factory. Blank node labels are made safe (Virtuoso writes nodeID://…). */
function jsonTerm(t: JsonTerm, df: ComunicaDataFactory): RDF.Term {
  switch (t.type) {
    case 'uri':
      return df.namedNode(t.value);
    case 'bnode':
      return df.blankNode(t.value.replace(/^nodeID:\/\//, '').replace(/[^A-Za-z0-9_]/g, '_'));
    case 'literal':
    case 'typed-literal': {
      const lang = t['xml:lang'];
      if (lang) return df.literal(t.value, lang);
      if (t.datatype === XSD_BOOLEAN) return df.literal(booleanForm(t.value), df.namedNode(XSD_BOOLEAN));
      return t.datatype && t.datatype !== XSD_STRING ? df.literal(t.value, df.namedNode(t.datatype)) : df.literal(t.value);
    }
    default:
      throw new Error(`${STORE_REJECTED}: its answer holds a term of unknown type ${JSON.stringify(t.type)}`);
  }
}

/** The variables naming graphs in a pattern, path or BGP (Comunica's algebra puts GRAPH ?g into each pattern's graph). */
function graphVariables(node: { type?: string; graph?: RDF.Term; patterns?: { graph?: RDF.Term }[] }): RDF.Variable[] {
  const terms = node.type === Algebra.Types.BGP ? (node.patterns ?? []).map((p) => p.graph) : [node.graph];
  const out = new Map<string, RDF.Variable>();
  for (const t of terms) if (t?.termType === 'Variable') out.set(t.value, t);
  return [...out.values()];
}

const GRAPH_HOLDERS = new Set<string>([Algebra.Types.BGP, Algebra.Types.PATTERN, Algebra.Types.PATH]);

/** True when an operation matches a graph by a variable (GRAPH ?g), which must not range over the default graph's stand-in. */
function hasGraphVariable(op: unknown): boolean {
  if (Array.isArray(op)) return op.some(hasGraphVariable);
  if (typeof op !== 'object' || op === null) return false;
  const node = op as { type?: string; termType?: string };
  if (typeof node.termType === 'string') return false;
  if (node.type !== undefined && GRAPH_HOLDERS.has(node.type) && graphVariables(node).length > 0) return true;
  return Object.entries(op).some(([k, v]) => k !== 'metadata' && typeof v === 'object' && v !== null && hasGraphVariable(v));
}

/** True when the query's solutions are sorted (an ORDER BY among the operations at its root). */
function isSorted(op: Algebra.Operation): boolean {
  for (let form = op; 'input' in form && !Array.isArray(form.input); form = form.input as Algebra.Operation) {
    if (form.type === Algebra.Types.ORDER_BY) return true;
    if (form.type !== Algebra.Types.SLICE && form.type !== Algebra.Types.DISTINCT && form.type !== Algebra.Types.REDUCED && form.type !== Algebra.Types.PROJECT) return false;
  }
  return false;
}

/** True for the root of a SELECT query: its projection, under DISTINCT, REDUCED, ORDER BY or a slice if any. */
function isSelect(op: Algebra.Operation): boolean {
  let form = op;
  while ((form.type === Algebra.Types.DISTINCT || form.type === Algebra.Types.REDUCED || form.type === Algebra.Types.ORDER_BY || form.type === Algebra.Types.SLICE) && 'input' in form) {
    form = (form as Algebra.Distinct).input as Algebra.Operation;
  }
  return form.type === Algebra.Types.PROJECT;
}

/**
 * The same promise, but a failure is passed on only after the event loop's current turn: a request can fail at once (a
 * client gone before it was sent aborts it in a microtask), and an iterator that failed before Comunica listened to it
 * would throw its error from the event emitter (ending the process) while its metadata never came (a hung answer).
 */
function failLater<T>(promise: Promise<T>): Promise<T> {
  return promise.catch((e: unknown) => new Promise<T>((_, reject) => setImmediate(() => reject(e))));
}

export class RemoteQuerySource implements IQuerySource {
  public readonly referenceValue: string;
  private readonly generator = new Generator({});
  private readonly fetch: typeof fetch;

  public constructor(private readonly options: RemoteStoreOptions) {
    this.referenceValue = options.endpoint;
    this.fetch = options.fetch ?? fetch;
  }

  public async getFilterFactor(): Promise<number> {
    return 1;
  }

  public async getSelectorShape(): Promise<FragmentSelectorShape> {
    return SHAPE;
  }

  /**
   * The store's SPARQL text for an operation: the query's own where it can go as written, generated otherwise; a whole
   * unsorted SELECT with its LIMIT brought down to the row limit (KEY_ROW_CAP), or one added. A sorted one goes as it is:
   * Virtuoso sorts unbound values last under ORDER BY with a LIMIT (first without) and refuses OFFSET + LIMIT above its
   * MaxSortedTopRows, so the reader keeps only the solutions an answer can carry instead.
   */
  private text(operation: Algebra.Operation, context: IActionContext): string {
    const text = this.storeText(operation, context);
    const cap = context.get(KEY_ROW_CAP);
    const full = context.get(KEY_WHOLE_OPERATION);
    if (cap === undefined || typeof context.get(KeysInitQuery.queryString) !== 'string' || !full || !isSelect(full) || isSorted(full)) return text;
    return limitText(text, cap) ?? text;
  }

  /** The text of `text()` before any cap. */
  private storeText(operation: Algebra.Operation, context: IActionContext): string {
    const df = context.getSafe(KeysInitQuery.dataFactory);
    const whole = context.get(KeysInitQuery.queryString);
    const full = context.get(KEY_WHOLE_OPERATION);
    const defaultGraph = this.options.defaultGraph;
    const ownDataset = !this.explicitDataset(context);
    if (typeof whole === 'string' && (!defaultGraph || !ownDataset || !full || !hasGraphVariable(full))) return whole;
    let op = typeof whole === 'string' && full ? full : operation;
    if (defaultGraph && ownDataset) op = excludeGraph(op, df.namedNode(defaultGraph), df);
    if (!isSelect(op) && op.type !== Algebra.Types.CONSTRUCT && op.type !== Algebra.Types.ASK && op.type !== Algebra.Types.DESCRIBE) {
      op = new AlgebraFactory(df).createProject(op, algebraUtils.inScopeVariables(op));
    }
    try {
      return this.generator.generate(toAst(op as Parameters<typeof toAst>[0])).trim();
    } catch {
      // The SPARQL writer cannot write back every rewritten operation (e.g. EXISTS under GRAPH ?g): the query goes as
      // the client wrote it, so GRAPH ?g may also match the default graph's stand-in (docs/store.md), but it is answered.
      if (typeof whole === 'string') return whole;
      throw new Error(`${STORE_REJECTED}: the query cannot be written for the store`);
    }
  }

  private explicitDataset(context: IActionContext): boolean {
    const ds = context.get(KEY_DATASET);
    return (ds?.defaultGraphs.length ?? 0) + (ds?.namedGraphs.length ?? 0) > 0;
  }

  /** Sends a query to the store and returns the answer's text and media type; errors say whether the store or the query is at fault. */
  private async send(operation: Algebra.Operation, context: IActionContext, accept: string): Promise<{ body: string; type: string }> {
    const { res, type } = await this.request(operation, context, accept);
    const body = await res.text().catch((e: unknown) => {
      throw unavailable(`${STORE_UNAVAILABLE} (${this.options.endpoint}): the answer broke off (${describeFetchError(e)})`);
    });
    return { body, type };
  }

  /** Sends a query to the store; the answer's head is checked (errors say whether the store or the query is at fault), its body is the caller's to read. */
  private async request(operation: Algebra.Operation, context: IActionContext, accept: string): Promise<{ res: Response; type: string }> {
    const text = this.text(operation, context);
    const calls = context.get(KEY_STORE_CALLS);
    if (calls) {
      calls.count++;
      calls.texts.push(text);
    }
    const ds = context.get(KEY_DATASET);
    const baseIri = context.get(KeysInitQuery.baseIRI);
    const params = new URLSearchParams();
    if (this.explicitDataset(context)) {
      params.set('query', based(text, baseIri));
      for (const g of ds?.defaultGraphs ?? []) params.append('default-graph-uri', g);
      for (const g of ds?.namedGraphs ?? []) params.append('named-graph-uri', g);
    } else {
      params.set('query', `${this.options.preamble ?? ''}${based(text, baseIri)}`);
      if (this.options.defaultGraph) params.set('default-graph-uri', this.options.defaultGraph);
    }
    const gone = context.get(KEY_ABORT);
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    let res: Response;
    try {
      res = await this.fetch(this.options.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept, ...(this.options.closeConnections ? { connection: 'close' } : {}) },
        body: params.toString(),
        signal: gone ? AbortSignal.any([timeout, gone]) : timeout,
      });
    } catch (e) {
      if (gone?.aborted) throw new Error(CLIENT_GONE);
      const why = e instanceof Error && e.name === 'TimeoutError' ? `no answer within ${this.options.timeoutMs} ms` : describeFetchError(e);
      throw unavailable(`${STORE_UNAVAILABLE} (${this.options.endpoint}): ${why}`);
    }
    if (!res.ok) {
      const body = await res.text().catch(() => '');
      if (queryAtFault(res.status, body)) throw new Error(`${STORE_REJECTED}: ${storeReason(body)}`);
      throw unavailable(`${STORE_UNAVAILABLE} (${this.options.endpoint}): HTTP ${res.status} ${storeReason(body).slice(0, 200)}`);
    }
    // Virtuoso marks an answer cut short by its time limit (an "anytime" answer) with X-SQL-State: never passed on as whole.
    const state = res.headers.get('x-sql-state');
    if (state) throw unavailable(`${STORE_UNAVAILABLE} (${this.options.endpoint}): it gave a partial answer (${state}${res.headers.get('x-sql-message') ? `: ${res.headers.get('x-sql-message')}` : ''})`);
    return { res, type: (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase() };
  }

  /**
   * The solutions of a SELECT answer, read by its media type: a result set in N-Triples as it arrives, line by line (the
   * answer's text is never whole in memory: some 6 MB for 2,800 rows of four variables), SPARQL Results JSON whole.
   */
  private async solutions(operation: Algebra.Operation, context: IActionContext, df: ComunicaDataFactory): Promise<[string, RDF.Term][][]> {
    const { res, type } = await this.request(operation, context, this.options.selectFormat === 'ntriples' ? NTRIPLES : RESULTS_JSON);
    if (type === NTRIPLES && res.body) {
      const reader = new NTriplesResultReader(df, this.options.endpoint, context.get(KEY_ROW_CAP));
      const decoder = new TextDecoder();
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) reader.push(decoder.decode(chunk, { stream: true }));
      } catch (e) {
        if (context.get(KEY_ABORT)?.aborted) throw new Error(CLIENT_GONE);
        throw unavailable(`${STORE_UNAVAILABLE} (${this.options.endpoint}): the answer broke off (${describeFetchError(e)})`);
      }
      reader.push(decoder.decode());
      return reader.end();
    }
    const body = await res.text().catch((e: unknown) => {
      throw unavailable(`${STORE_UNAVAILABLE} (${this.options.endpoint}): the answer broke off (${describeFetchError(e)})`);
    });
    const doc = parseJson(body) as { results?: { bindings?: Record<string, JsonTerm>[] } };
    const bindings = doc.results?.bindings;
    if (!Array.isArray(bindings)) throw unavailable(`${STORE_UNAVAILABLE} (${this.options.endpoint}): its answer holds no solutions (is it a SPARQL endpoint?)`);
    return bindings.map((b) => Object.entries(b).map(([k, v]) => [k, jsonTerm(v, df)]));
  }

  public queryBindings(operation: Algebra.Operation, context: IActionContext): BindingsStream {
    const df = context.getSafe(KeysInitQuery.dataFactory);
    const bf = new BindingsFactory(df);
    const variables = operation.type === Algebra.Types.PROJECT ? (operation as Algebra.Project).variables : algebraUtils.inScopeVariables(operation);
    let it!: AsyncIterator<unknown>;
    const rows = failLater(this.solutions(operation, context, df)).then((solutions) => {
      it.setProperty('metadata', {
        state: new MetadataValidationState(),
        cardinality: { type: 'exact', value: solutions.length },
        variables: variables.map((variable) => ({ variable, canBeUndef: true })),
      });
      // Each solution becomes bindings as it is read, and is let go once read (preserve: false).
      return new ArrayIterator(solutions, { autoStart: false, preserve: false }).map((b) => bf.bindings(b.map(([k, v]) => [df.variable(k), v])));
    });
    it = wrap(rows, { autoStart: false }) as unknown as AsyncIterator<unknown>;
    rows.catch(() => undefined);
    return it as unknown as BindingsStream;
  }

  public queryQuads(operation: Algebra.Operation, context: IActionContext): ReturnType<IQuerySource['queryQuads']> {
    const df = context.getSafe(KeysInitQuery.dataFactory);
    let it!: AsyncIterator<RDF.Quad>;
    const quads = failLater(this.send(operation, context, NTRIPLES)).then(({ body: text }) => {
      let parsed: RDF.Quad[];
      try {
        parsed = new Parser({ format: 'N-Triples' }).parse(text) as RDF.Quad[];
      } catch (e) {
        throw unavailable(`${STORE_UNAVAILABLE} (${this.options.endpoint}): its answer is not N-Triples (${e instanceof Error ? e.message : String(e)})`);
      }
      const object = (o: RDF.Quad['object']): RDF.Quad['object'] =>
        o.termType === 'Literal' && o.datatype.value === XSD_BOOLEAN ? df.literal(booleanForm(o.value), df.namedNode(XSD_BOOLEAN)) : o;
      const out = parsed.map((q) => df.quad(q.subject, q.predicate, object(q.object), df.defaultGraph()));
      it.setProperty('metadata', { state: new MetadataValidationState(), cardinality: { type: 'exact', value: out.length } });
      return new ArrayIterator(out, { autoStart: false });
    });
    it = wrap(quads, { autoStart: false });
    quads.catch(() => undefined);
    return it as unknown as ReturnType<IQuerySource['queryQuads']>;
  }

  public async queryBoolean(operation: Algebra.Ask, context: IActionContext): Promise<boolean> {
    const doc = parseJson((await this.send(operation, context, RESULTS_JSON)).body) as { boolean?: unknown };
    if (typeof doc.boolean !== 'boolean') throw unavailable(`${STORE_UNAVAILABLE} (${this.options.endpoint}): its answer to ASK holds no boolean`);
    return doc.boolean;
  }

  public async queryVoid(): Promise<void> {
    throw new ReadOnlyError();
  }

  public toString(): string {
    return `RemoteQuerySource(${this.options.endpoint})`;
  }
}

const ESCAPES: Readonly<Record<string, string>> = { t: '\t', b: '\b', n: '\n', r: '\r', f: '\f', '"': '"', "'": "'", '\\': '\\' };

/** The text of an N-Triples string or IRI with its escapes (\\n, \\uXXXX, \\UXXXXXXXX ...) decoded; undefined when one is invalid. */
function unescapeNt(raw: string): string | undefined {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = raw[++i];
    if (e === 'u' || e === 'U') {
      const len = e === 'u' ? 4 : 8;
      const hex = raw.slice(i + 1, i + 1 + len);
      if (hex.length !== len || !/^[0-9A-Fa-f]+$/.test(hex)) return undefined;
      const cp = Number.parseInt(hex, 16);
      if (cp > 0x10ffff) return undefined;
      out += String.fromCodePoint(cp);
      i += len;
    } else if (e !== undefined && ESCAPES[e] !== undefined) out += ESCAPES[e];
    else return undefined;
  }
  return out;
}

/**
 * A piece of a larger text as a string of its own. V8 makes a longer `slice` a view that keeps the whole text alive:
 * the labels and values kept from an answer read in pieces would hold on to every piece (some 6 MB for 2,800 rows),
 * where their own characters are a fraction of that.
 */
function own(text: string, start: number, end: number): string {
  return end - start < 13 ? text.slice(start, end) : ` ${text.slice(start, end)}`.slice(1);
}

/** Where the term of N-Triples starting at `i` ends (just after it), or -1 when it does not end on this line. */
function termEnd(text: string, i: number, lineEnd: number): number {
  const c = text.charCodeAt(i);
  if (c === 60 /* < */) {
    const close = text.indexOf('>', i + 1);
    return close < 0 || close > lineEnd ? -1 : close + 1;
  }
  if (c === 95 /* _ */) {
    // A label is short: scanned here (indexOf for a character a line may lack would run on through the whole answer).
    let end = i + 2;
    while (end < lineEnd && text.charCodeAt(end) !== 32 && text.charCodeAt(end) !== 9) end++;
    return end;
  }
  if (c !== 34 /* " */) return -1;
  // The closing quote: the next one not escaped (preceded by an even number of backslashes).
  let j = i + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q < 0 || q >= lineEnd) return -1;
    let k = q - 1;
    while (text.charCodeAt(k) === 92 /* \\ */) k--;
    j = q + 1;
    if ((q - 1 - k) % 2 === 0) break;
  }
  if (text.charCodeAt(j) === 64 /* @ */) {
    j++;
    for (let c2 = text.charCodeAt(j); j < lineEnd && (c2 === 45 || (c2 >= 48 && c2 <= 57) || (c2 >= 65 && c2 <= 90) || (c2 >= 97 && c2 <= 122)); c2 = text.charCodeAt(++j));
    return j;
  }
  if (text.startsWith('^^<', j)) {
    const close = text.indexOf('>', j + 3);
    return close < 0 || close > lineEnd ? -1 : close + 1;
  }
  return j;
}

/** The RDF/JS term of the N-Triples term text[i, end), or a reason it cannot be read. */
function ntTerm(text: string, i: number, end: number, df: ComunicaDataFactory): RDF.Term | string {
  const c = text.charCodeAt(i);
  if (c === 60 /* < */) {
    const iri = unescapeNt(own(text, i + 1, end - 1));
    return iri === undefined ? 'an IRI with a bad escape' : df.namedNode(iri);
  }
  if (c === 95 /* _ */) {
    if (text.charCodeAt(i + 1) !== 58 /* : */) return 'a blank node without ":"';
    // Labels are local to an answer; made safe for every syntax the answer is written in again (Virtuoso: nodeID://…).
    return df.blankNode(own(text, i + 2, end).replace(/^nodeID:\/\//, '').replace(/[^A-Za-z0-9_]/g, '_'));
  }
  let close = end - 1;
  while (text.charCodeAt(close) !== 34) close--;
  const value = unescapeNt(own(text, i + 1, close));
  if (value === undefined) return 'a literal with a bad escape';
  if (close === end - 1) return df.literal(value);
  if (text.charCodeAt(close + 1) === 64 /* @ */) return df.literal(value, own(text, close + 2, end));
  const datatype = unescapeNt(own(text, close + 4, end - 1));
  if (datatype === undefined) return 'a datatype IRI with a bad escape';
  if (datatype === XSD_STRING) return df.literal(value);
  if (datatype === XSD_BOOLEAN) return df.literal(booleanForm(value), df.namedNode(XSD_BOOLEAN));
  return df.literal(value, df.namedNode(datatype));
}

/**
 * Reads a result set written as N-Triples in the vocabulary of http://www.w3.org/2005/sparql-results#
 * (`_:s res:binding _:b`, `_:b res:variable "x"`, `_:b res:value …`) as it arrives, text pushed in pieces; `end()`
 * gives the solutions in the order the answer lists its `res:solution` statements (or by `res:index` where given). A
 * line whose predicate is not an IRI is passed over (Virtuoso 7.2 writes the result set's type as `rdf:type`, not
 * valid N-Triples); every other line must be a statement. Only the values are made into terms: the rest are keys.
 */
export class NTriplesResultReader {
  /** The solutions by label, each filled as its bindings complete; `order` lists them as `res:solution` does. */
  private readonly rows = new Map<string, [string, RDF.Term][]>();
  private readonly order: string[] = [];
  private readonly index = new Map<string, number>();
  /**
   * Solutions left out, beyond the `keep` an answer can carry (their bindings are read and let go): by the order of the
   * text while the answer gives no res:index, by their index once it does.
   */
  private readonly dropped = new Set<string>();
  /** Solutions left out by the order of the text (before any res:index was seen). */
  private droppedByText = 0;
  /** The answer gives res:index (a sorted answer): from then on solutions are kept by their index. */
  private indexed = false;
  /** Where the bindings of a left-out solution go: emptied as they complete. */
  private readonly sink: [string, RDF.Term][] = [];
  /** Bindings not yet complete (their solution, variable or value still to come): a few at a time in practice. */
  private readonly owner = new Map<string, [string, RDF.Term][]>();
  private readonly variable = new Map<string, string>();
  private readonly value = new Map<string, RDF.Term>();
  private rest = '';
  private line = 0;

  public constructor(
    private readonly df: ComunicaDataFactory,
    private readonly endpoint: string,
    /** The most solutions to hold (the row limit plus one); the rest are read and let go, so memory does not grow with the answer. */
    private readonly keep: number = Number.POSITIVE_INFINITY,
  ) {}

  /** Leaves a solution out: its row goes, its later bindings go to the sink. */
  private drop(solution: string): void {
    this.dropped.add(solution);
    this.rows.delete(solution);
  }

  private row(solution: string): [string, RDF.Term][] {
    let row = this.rows.get(solution);
    if (!row) this.rows.set(solution, (row = []));
    return row;
  }

  /** Moves a binding into its solution once its solution, variable and value are known. */
  private complete(binding: string): void {
    const row = this.owner.get(binding);
    const name = this.variable.get(binding);
    const term = this.value.get(binding);
    if (row === undefined || name === undefined || term === undefined) return;
    if (row === this.sink) row.length = 0;
    else row.push([name, term]);
    this.owner.delete(binding);
    this.variable.delete(binding);
    this.value.delete(binding);
  }

  /** Reads the whole lines of what came so far; a line cut at the end waits for the next piece. */
  public push(piece: string): void {
    if (piece === '') return;
    const text = this.rest === '' ? piece : this.rest + piece;
    let pos = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', pos)) {
      this.readLine(text, pos, nl);
      pos = nl + 1;
    }
    this.rest = text.slice(pos);
  }

  /** The solutions, once the whole answer was pushed. */
  public end(): [string, RDF.Term][][] {
    if (this.rest !== '') this.readLine(this.rest, 0, this.rest.length);
    this.rest = '';
    if (this.owner.size + this.variable.size + this.value.size > 0) {
      throw unavailable(`${STORE_UNAVAILABLE} (${this.endpoint}): a binding of its result set lacks its solution, its variable or its value`);
    }
    const { index } = this;
    // Solutions left out by the order of the text before the answer turned out to be ordered by res:index: which ones
    // it should have carried can no longer be told, so no answer is given rather than a wrong one.
    if (this.indexed && this.droppedByText > 0) {
      throw unavailable(`${STORE_UNAVAILABLE} (${this.endpoint}): its result set gave res:index only after ${this.keep} solutions, so the first ones cannot be told`);
    }
    const order = this.order.filter((solution) => !this.dropped.has(solution));
    if (this.indexed) order.sort((x, y) => (index.get(x) ?? Number.MAX_SAFE_INTEGER) - (index.get(y) ?? Number.MAX_SAFE_INTEGER));
    return order.map((solution) => this.row(solution));
  }

  private bad(text: string, lineStart: number, lineEnd: number, why: string): QueryError {
    return unavailable(`${STORE_UNAVAILABLE} (${this.endpoint}): its answer is not a result set in N-Triples (line ${this.line}: ${why}: ${JSON.stringify(text.slice(lineStart, Math.min(lineEnd, lineStart + 120)))})`);
  }

  private readLine(text: string, lineStart: number, lineEnd: number): void {
    this.line++;
    let stop = lineEnd;
    while (stop > lineStart && (text.charCodeAt(stop - 1) === 13 || text.charCodeAt(stop - 1) === 32 || text.charCodeAt(stop - 1) === 9)) stop--;
    let i = lineStart;
    while (i < stop && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (i >= stop || text.charCodeAt(i) === 35 /* # */) return;
    const sEnd = termEnd(text, i, stop);
    if (sEnd < 0) throw this.bad(text, lineStart, stop, 'a subject that cannot be read');
    const subject = own(text, i, sEnd);
    i = sEnd;
    while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
    if (text.charCodeAt(i) !== 60 /* < */) {
      if (/^[A-Za-z][\w.-]*:\S*[ \t]/.test(text.slice(i, Math.min(stop, i + 64)))) return;
      throw this.bad(text, lineStart, stop, 'a predicate that is not an IRI');
    }
    const pEnd = termEnd(text, i, stop);
    if (pEnd < 0) throw this.bad(text, lineStart, stop, 'a predicate IRI that does not end');
    const predicate = text.startsWith(RS, i + 1) ? text.slice(i + 1 + RS.length, pEnd - 1) : '';
    i = pEnd;
    while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
    const oEnd = termEnd(text, i, stop);
    if (oEnd < 0) throw this.bad(text, lineStart, stop, 'an object that cannot be read');
    let dot = oEnd;
    while (text.charCodeAt(dot) === 32 || text.charCodeAt(dot) === 9) dot++;
    if (dot !== stop - 1 || text.charCodeAt(dot) !== 46 /* . */) throw this.bad(text, lineStart, stop, 'a statement that does not end with " ."');
    switch (predicate) {
      case 'value': {
        const term = ntTerm(text, i, oEnd, this.df);
        if (typeof term === 'string') throw this.bad(text, lineStart, stop, term);
        this.value.set(subject, term);
        this.complete(subject);
        break;
      }
      case 'variable': {
        const name = ntTerm(text, i, oEnd, this.df);
        if (typeof name === 'string') throw this.bad(text, lineStart, stop, name);
        this.variable.set(subject, name.value);
        this.complete(subject);
        break;
      }
      case 'binding': {
        const b = own(text, i, oEnd);
        this.owner.set(b, this.dropped.has(subject) ? this.sink : this.row(subject));
        this.complete(b);
        break;
      }
      case 'solution': {
        const solution = own(text, i, oEnd);
        if (!this.indexed && this.order.length >= this.keep) {
          this.drop(solution);
          this.droppedByText++;
        } else {
          this.row(solution);
          this.order.push(solution);
        }
        break;
      }
      case 'index': {
        const n = ntTerm(text, i, oEnd, this.df);
        if (typeof n === 'string') break;
        const at = Number(n.value);
        this.indexed = true;
        // Indexes count from 1: beyond `keep`, the solution is not among those the answer carries.
        if (at > this.keep) {
          if (!this.dropped.has(subject)) this.drop(subject);
        } else this.index.set(subject, at);
        break;
      }
      default:
    }
  }
}

/** The solutions of a whole result set in N-Triples (see NTriplesResultReader). */
export function ntriplesSolutions(text: string, df: ComunicaDataFactory, endpoint: string): [string, RDF.Term][][] {
  const reader = new NTriplesResultReader(df, endpoint);
  reader.push(text);
  return reader.end();
}

/**
 * SQLSTATE classes of Virtuoso's errors that are the query's fault, whatever HTTP status it gives them (it answers
 * run-time errors with 500): 22 data exceptions (a function given a value of the wrong type, division by zero), 37 and
 * 42 syntax and access rules (SP030 syntax errors, SP031 features it lacks, a path without a start), 21 cardinality,
 * 0A features not supported. Anything else (S1T00 timeouts, 40001 deadlocks, HY memory, 08 connections) is the store's.
 */
const QUERY_FAULT_STATES = /^(?:21|22|37|42|0A)/;

/** True when a store's error answer is about the query (400 for the client), false when the store is at fault (503). */
export function queryAtFault(status: number, body: string): boolean {
  const state = /^\s*Virtuoso ([0-9A-Z]{5}) Error\b/.exec(body)?.[1];
  if (state !== undefined) return QUERY_FAULT_STATES.test(state);
  if (status === 408 || status === 429) return false;
  if (status < 500) return true;
  return /SPARQL compiler|syntax error|parse error|lexical error/i.test(body);
}

/** The store's own reason, in one line: the start of its error text, without the query it echoes back (Virtuoso). */
export function storeReason(body: string): string {
  const text = body.split(/\n\s*SPARQL query:/)[0]!.replace(/\s+/g, ' ').trim();
  return text.length > 500 ? `${text.slice(0, 500)}…` : text || 'no reason given';
}

/** The query with the request's base IRI declared first (a BASE in the query itself comes later and wins). */
function based(text: string, baseIri: string | undefined): string {
  return baseIri && !/[<>"{}|^`\\\s]/.test(baseIri) ? `BASE <${baseIri}>\n${text}` : text;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw unavailable(`${STORE_UNAVAILABLE}: its answer is not SPARQL results JSON (starts ${JSON.stringify(text.slice(0, 60))}); is the URL a SPARQL endpoint?`);
  }
}

/** What fetch says went wrong, with the system error's code when there is one (ECONNREFUSED...). */
export function describeFetchError(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } })?.cause;
  const code = cause?.code ?? cause?.errors?.find((x) => x.code)?.code;
  if (code) return `${code}${cause?.message ? ` (${cause.message})` : ''}`;
  const message = e instanceof Error ? e.message : String(e);
  return cause?.message ? `${message}: ${cause.message}` : message;
}

/**
 * The operation with every GRAPH ?g kept off one graph (the one standing for the default graph): each basic graph
 * pattern or path matched in a graph named by a variable gets FILTER(?g != <graph>) around it, which is the same as
 * leaving that graph out of the named graphs. The operation given is not changed (plans are cached).
 */
export function excludeGraph(op: Algebra.Operation, graph: RDF.NamedNode, df: ComunicaDataFactory): Algebra.Operation {
  const af = new AlgebraFactory(df);
  const guarded = (node: Algebra.Operation, vars: RDF.Variable[]): Algebra.Operation => {
    const conds = vars.map((v) => af.createOperatorExpression('!=', [af.createTermExpression(v), af.createTermExpression(graph)]));
    const cond = conds.reduce((a, b) => af.createOperatorExpression('&&', [a, b]));
    return af.createFilter(node, cond) as Algebra.Operation;
  };
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (typeof node !== 'object' || node === null) return node;
    const n = node as { type?: string; termType?: string };
    if (typeof n.termType === 'string') return node;
    if (n.type !== undefined && GRAPH_HOLDERS.has(n.type)) {
      const vars = graphVariables(n);
      return vars.length > 0 ? guarded(node as Algebra.Operation, vars) : node;
    }
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) copy[k] = k === 'metadata' ? v : visit(v);
    return Object.assign(Object.create(Object.getPrototypeOf(node) as object) as object, copy);
  };
  return visit(op) as Algebra.Operation;
}
