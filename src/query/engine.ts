// The query engine: Comunica plans, federates and serializes; an Oxigraph store takes whole operations. One instance per thread.
import type * as RDF from '@rdfjs/types';
import { readFileSync } from 'node:fs';
import oxigraph from 'oxigraph';
import { RdfStore } from 'rdf-stores';
import { Parser } from '../rdf.js';
import type * as ox from 'oxigraph';
import { QueryEngine } from '@comunica/query-sparql';
import { ActionContext } from '@comunica/core';
import { KeysHttp, KeysInitQuery, KeysQueryOperation } from '@comunica/context-entries';
import type { IActionContext, IQuerySource, QueryStringContext } from '@comunica/types';
import { Algebra, AlgebraFactory } from '@comunica/utils-algebra';
import { ArrayIterator } from 'asynciterator';
import { KEY_CONCAT_PLAN, KEY_DATASET, KEY_ENGINE_TYPES, KEY_STORE_CALLS, OxigraphMatchSource, OxigraphQuerySource, ReadOnlyError, STORE_REJECTED, toStoreTerm } from './oxigraph-source.js';
import { Allowlist, FEDERATION_REFUSED, type Resolver } from './federation.js';
import { DEFAULT_SERVICE_ALLOWLIST, DEFAULT_USER_AGENT } from '../config.js';
import { QueryError, isWasmTrap } from './errors.js';
import { dataFactory, parseSparql, type ParsedQuery } from './parse.js';
import { chooseFormat, type ResultType } from './results.js';
import { writeRdfXml } from '../serialize/rdfxml.js';
import { keepsLexicalForms } from './lexical.js';
import { loadDataset, loadNQuads, type DatasetInput } from './store.js';
import { contentType } from '../serialize/formats.js';
import { quickConcat, quickPlan } from './quick-plan.js';
import { undeclaredPrefixError, withPrefixHint } from './prefix-hint.js';
import { KEY_ABORT, KEY_ROW_CAP, KEY_WHOLE_OPERATION } from './remote-source.js';
import { ConcatMismatch, concatPlan, type ConcatPlan } from './group-concat.js';
import { engineTypes } from './departures.js';
import { installSparqlJsonWriter } from './sparql-json.js';

export { engineTypes } from './departures.js';

export interface EngineOptions {
  /** The dataset as N-Quads text: default graph = the file's default graph; named graphs = its named graphs. */
  readonly nquads?: string;
  /** Or the dataset as RDF/JS quads. */
  readonly quads?: Iterable<RDF.Quad>;
  /** Or one checked version of the dataset (a dump file or text, with its version id). */
  readonly dataset?: DatasetInput;
  /** SERVICE endpoints a query may reach (default: Wikidata's query service). */
  readonly serviceAllowlist?: readonly string[];
  /** User-Agent of SERVICE requests (default: DEFAULT_USER_AGENT of config.ts, which names a contact). */
  readonly userAgent?: string;
  /** Host name resolution for the allowlist's address check (tests replace it). */
  readonly resolver?: Resolver;
  /** Plain SELECT / ASK queries skip Comunica's full parse (see quick-plan.ts); default true, false for comparisons. */
  readonly quickPlans?: boolean;
  /**
   * Speed-ups turned off, for comparisons (the answers stay the same): 'quick-plan' as `quickPlans: false`; 'pushdown' has a query with a feature the store
   * departs on evaluated by Comunica over the store's quads by pattern, instead of handing the store every part it
   * evaluates as written (and GROUP_CONCAT over variables whole, see group-concat.ts); 'json-writer' leaves SPARQL JSON
   * solutions to Comunica's own writer instead of the one-pass writer of sparql-json.ts (the same bytes).
   */
  readonly speedupsOff?: readonly string[];
  /** Or a store outside this process taking whole operations (a remote SPARQL store): nothing is loaded, every query goes to it. */
  readonly remote?: IQuerySource;
}

export interface EvaluateOptions {
  /** Base IRI for relative IRIs in the query (the endpoint's URL over HTTP). */
  readonly baseIri?: string;
  /** The protocol dataset: given, it replaces the query's FROM / FROM NAMED. */
  readonly defaultGraphUris?: readonly string[];
  readonly namedGraphUris?: readonly string[];
  /** Time allowed for each SERVICE request, in ms. */
  readonly serviceTimeoutMs?: number;
  /** Aborted when the client went away: a remote store's request is cancelled with it. */
  readonly signal?: AbortSignal;
}

export interface AnswerOptions extends EvaluateOptions {
  /** The request's Accept header. */
  readonly accept?: string;
  /** `?format=` override: a format name (json, xml, csv, tsv, turtle, ...) or a media type. */
  readonly format?: string;
  /** Most solutions (or triples) returned; beyond it the answer is cut and says so in headers. */
  readonly maxRows?: number;
  /**
   * The server's own query for a page (a few statements about the resources the page shows): taken as short until its
   * kind of query has been measured, like a lookup, so pages are not queued behind heavy client queries.
   */
  readonly presumeShort?: boolean;
}

export type Evaluated =
  | { readonly type: 'bindings'; readonly variables: readonly string[]; readonly bindings: readonly RDF.Bindings[] }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'quads'; readonly quads: readonly RDF.Quad[] };

export interface AnswerHead {
  readonly status: number;
  readonly mediaType: string;
  readonly headers: Readonly<Record<string, string>>;
  /** False when the answer depends on something outside the dataset (a SERVICE call). */
  readonly cacheable: boolean;
  /** The version of the dataset that answered, when the data was loaded as one. */
  readonly version?: string;
}

export interface Answer extends AnswerHead {
  /** The serialized result; iterating it throws if the result fails half-way. */
  readonly body: AsyncIterable<string>;
}

/** Response headers that mark a cut answer. */
export const TRUNCATED_HEADER = 'X-Result-Truncated';
export const ROW_LIMIT_HEADER = 'X-Result-Row-Limit';

/** A parsed query that passed the checks: how many SERVICE clauses it has and whether it uses a feature the store departs on. */
export type CheckedQuery = ParsedQuery & {
  readonly services: number;
  readonly departs: boolean;
  /** The algebra types Comunica evaluates itself because the store departs on something in them (empty when none). */
  readonly engineTypes: readonly string[];
  /** When GROUP_CONCAT is the only departure: the store's rewritten text and its checks (group-concat.ts). */
  readonly concat?: ConcatPlan;
  readonly quick?: boolean;
};

/** Checked query plans kept per engine (the text is the key; the data is not involved). */
const PLAN_CACHE_ENTRIES = 500;

const RESULT_TYPES: Record<string, ResultType> = { bindings: 'bindings', boolean: 'boolean', quads: 'quads' };

function storeFrom(options: EngineOptions): ox.Store {
  const store = new oxigraph.Store();
  if (options.nquads !== undefined) loadNQuads(store, options.nquads);
  if (options.quads !== undefined) {
    for (const q of options.quads) store.add(toOx(q));
  }
  return store;
}

function toOxTerm(t: RDF.Term): ox.Term {
  if (t.termType === 'Quad') return toOx(t);
  if (t.termType === 'Variable') throw new Error('a dataset cannot hold variables');
  return toStoreTerm(t) as ox.Term;
}

function toOx(q: RDF.BaseQuad): ox.Quad {
  return oxigraph.quad(
    toOxTerm(q.subject) as ox.Quad['subject'],
    toOxTerm(q.predicate) as ox.Quad['predicate'],
    toOxTerm(q.object) as ox.Quad['object'],
    toOxTerm(q.graph) as ox.Quad['graph'],
  );
}

/** SERVICE clauses of an operation, and whether one hides inside an expression (FILTER EXISTS), where the store would answer it. */
function findServices(op: unknown, inExpression = false, out: { names: RDF.Term[]; inExpression: boolean } = { names: [], inExpression: false }): typeof out {
  if (Array.isArray(op)) {
    for (const x of op) findServices(x, inExpression, out);
    return out;
  }
  if (typeof op !== 'object' || op === null) return out;
  const node = op as { type?: unknown; termType?: unknown; name?: RDF.Term };
  if (typeof node.termType === 'string') return out;
  if (node.type === Algebra.Types.SERVICE && node.name) {
    out.names.push(node.name);
    if (inExpression) out.inExpression = true;
  }
  const isExpr = node.type === Algebra.Types.EXPRESSION;
  for (const [k, v] of Object.entries(op)) {
    if (k === 'metadata') continue;
    if (typeof v === 'object' && v !== null) findServices(v, inExpression || isExpr, out);
  }
  return out;
}

export class SparqlEngine {
  private store!: ox.Store;
  private readonly comunica = new QueryEngine();
  private source!: IQuerySource;
  /** The store is outside this process (see EngineOptions.remote). */
  private readonly remote: boolean;
  /** The version of the dataset answers come from (undefined when the data was given without one). */
  private versionId: string | undefined;
  private readonly allowlist: Allowlist;
  private readonly fetchGuarded: typeof fetch;
  private readonly plans = new Map<string, CheckedQuery>();
  private data!: { nquads?: string; quads?: RDF.Quad[]; file?: string };
  /** Oxigraph keeps every literal of the data as written (it rewrites e.g. "1.0E6"^^xsd:double as 1000000). */
  private exact!: boolean;
  private exactCopy: RdfStore | undefined;
  private readonly quickPlans: boolean;
  private readonly pushdown: boolean;

  private constructor(options: EngineOptions) {
    this.remote = options.remote !== undefined;
    this.pushdown = !options.speedupsOff?.includes('pushdown');
    this.quickPlans = options.quickPlans !== false && !options.speedupsOff?.includes('quick-plan') && !this.remote;
    if (!options.speedupsOff?.includes('json-writer')) installSparqlJsonWriter(this.comunica);
    this.load(options);
    if (options.remote) this.source = options.remote;
    this.allowlist = new Allowlist({ allow: options.serviceAllowlist ?? DEFAULT_SERVICE_ALLOWLIST }, options.resolver);
    this.fetchGuarded = this.allowlist.guardedFetch(withUserAgent(options.userAgent ?? DEFAULT_USER_AGENT));
  }

  /** Builds an engine over a dataset. Loading 100k quads of N-Quads takes about a second. */
  public static create(options: EngineOptions = {}): SparqlEngine {
    return new SparqlEngine(options);
  }

  /** Replaces the whole dataset; a `dataset` is checked first (see store.ts) and throws a DatasetError when it cannot be used. */
  public load(options: Pick<EngineOptions, 'nquads' | 'quads' | 'dataset'>): void {
    if (options.dataset) {
      const input = options.dataset;
      const loaded = loadDataset(input);
      const data = input.file !== undefined ? { file: input.file } : input.nquads !== undefined ? { nquads: input.nquads } : {};
      this.use(input.version, loaded.store, data, loaded.exact);
      return;
    }
    const store = storeFrom(options);
    const data = { ...(options.nquads !== undefined ? { nquads: options.nquads } : {}), ...(options.quads !== undefined ? { quads: [...options.quads] } : {}) };
    this.use(undefined, store, data, keepsLexicalForms(store, data));
  }

  private use(version: string | undefined, store: ox.Store, data: { nquads?: string; quads?: RDF.Quad[]; file?: string }, exact: boolean): void {
    this.store = store;
    this.source = new OxigraphQuerySource({ store });
    this.data = data;
    this.exact = exact;
    this.exactCopy = undefined;
    this.versionId = version;
  }

  /** The version of the dataset being served, when it was loaded as one. */
  public get version(): string | undefined {
    return this.versionId;
  }

  /**
   * How a query will be evaluated: 'store' hands it to Oxigraph (through Comunica; a GROUP_CONCAT rewritten and
   * checked as group-concat.ts says, handed back to Comunica's grouping when the check fails); 'both' has Comunica evaluate the
   * operations where Oxigraph 0.5 departs from the specification over what the store answers for everything beneath
   * them; 'comunica' has Comunica evaluate it over the store's quads by pattern (zero-length paths), or over an exact
   * in-memory copy for data whose literals Oxigraph would rewrite.
   */
  public async route(query: string, baseIri?: string): Promise<'store' | 'both' | 'comunica'> {
    const checked = await this.check(query, baseIri);
    if (!this.exact) return 'comunica';
    if (!checked.departs || (this.pushdown && checked.concat)) return 'store';
    return this.pushesDown(checked) ? 'both' : 'comunica';
  }

  private pushesDown(checked: CheckedQuery): boolean {
    return this.pushdown && checked.engineTypes.every((t) => PUSHABLE_AROUND.has(t));
  }

  /** The data as given, in an rdf-stores store, built on first need (Comunica evaluates over it). */
  private exactStore(): RdfStore {
    if (!this.exactCopy) {
      const store = RdfStore.createDefault();
      if (this.data.nquads !== undefined) for (const q of new Parser({ format: 'N-Quads' }).parse(this.data.nquads)) store.addQuad(q);
      if (this.data.file !== undefined) for (const q of new Parser({ format: 'N-Quads' }).parse(readFileSync(this.data.file, 'utf8'))) store.addQuad(q);
      for (const q of this.data.quads ?? []) store.addQuad(q);
      this.exactCopy = store;
    }
    return this.exactCopy;
  }

  /** Number of quads held (default graph and named graphs). */
  public get size(): number {
    return this.store.size;
  }

  /** Parses and checks a query: a 400 QueryError for bad syntax, an update, or a SERVICE the allowlist refuses. */
  public async check(query: string, baseIri?: string): Promise<CheckedQuery> {
    // Parsing is a third of the cost of a small query: a repeated text reuses its checked plan (Comunica copies
    // operations when it rewrites them, so a cached one is never changed by a run).
    const key = `${baseIri ?? ''}\n${query}`;
    const hit = this.plans.get(key);
    if (hit) {
      this.plans.delete(key);
      this.plans.set(key, hit);
      return hit;
    }
    const checked = await this.checkUncached(query, baseIri);
    this.plans.set(key, checked);
    if (this.plans.size > PLAN_CACHE_ENTRIES) this.plans.delete(this.plans.keys().next().value as string);
    return checked;
  }

  private async checkUncached(query: string, baseIri?: string): Promise<CheckedQuery> {
    const parsed = await parseSparql(this.comunica, query, baseIri).catch((e: unknown) => {
      throw e instanceof QueryError ? withPrefixHint(e, query) : e;
    });
    // Comunica's parser fills in some common prefixes; the store does not, so a query declares every prefix it uses.
    const undeclared = undeclaredPrefixError(query);
    if (undeclared) throw undeclared;
    if (parsed.kind === 'update') {
      throw new QueryError({ status: 400, code: 'update-refused', message: 'this endpoint is read-only: SPARQL Update requests are refused (send a SELECT, ASK, CONSTRUCT or DESCRIBE query)' });
    }
    const services = findServices(parsed.operation);
    if (services.inExpression) {
      throw new QueryError({ status: 400, code: 'federation-refused', message: `${FEDERATION_REFUSED}: SERVICE inside FILTER EXISTS / NOT EXISTS is not supported; move the SERVICE clause into the query's pattern` });
    }
    for (const name of services.names) {
      if (name.termType !== 'NamedNode') {
        throw new QueryError({ status: 400, code: 'federation-refused', message: `${FEDERATION_REFUSED}: SERVICE ${name.termType === 'Variable' ? `?${name.value}` : name.value} must name an endpoint IRI from the allowlist, not a variable` });
      }
      this.allowlist.checkIri(name.value);
    }
    const engine = [...engineTypes(parsed.operation)];
    const op = parsed.operation.type === Algebra.Types.FROM ? (parsed.operation as Algebra.From).input : parsed.operation;
    const concat = engine.length === 1 && engine[0] === Algebra.Types.GROUP && services.names.length === 0 ? concatPlan(op) : undefined;
    return { ...parsed, services: services.names.length, departs: engine.length > 0, engineTypes: engine, ...(concat ? { concat } : {}) };
  }

  /** The context of one query: its sources (and what else the path needs), the guarded fetch, base IRI and SERVICE timeout. */
  private context(entries: Record<string, unknown>, options: EvaluateOptions): IActionContext {
    let ctx: IActionContext = new ActionContext({ ...entries, [KeysHttp.fetch.name]: this.fetchGuarded });
    if (options.baseIri) ctx = ctx.set(KeysInitQuery.baseIRI, options.baseIri);
    if (options.serviceTimeoutMs) ctx = ctx.set(KeysHttp.httpTimeout, options.serviceTimeoutMs);
    return ctx;
  }

  /**
   * A plain SELECT / ASK planned from its tokens (quick-plan.ts), when the store will take it whole; or a SELECT whose
   * only departure is GROUP_CONCAT over variables, rewritten from its tokens (quickConcat).
   */
  private quick(query: string): CheckedQuery | undefined {
    if (!this.quickPlans || !this.exact) return undefined;
    const empty = algebra.createBgp([]);
    const plan = quickPlan(query);
    if (plan) {
      const operation = (plan.form === 'ask' ? algebra.createAsk(empty) : algebra.createProject(empty, plan.variables.map((v) => dataFactory.variable(v)))) as Algebra.Operation;
      return { kind: 'query', operation, services: 0, departs: false, engineTypes: [], quick: true };
    }
    const concat = this.pushdown ? quickConcat(query) : undefined;
    if (!concat) return undefined;
    const operation = algebra.createProject(empty, concat.variables.map((v) => dataFactory.variable(v))) as Algebra.Operation;
    return { kind: 'query', operation, services: 0, departs: true, engineTypes: [Algebra.Types.GROUP], concat, quick: true };
  }

  /**
   * Maps an error to a QueryError; one the store raised on a quick plan asks for the full parse instead (its message,
   * line and column), unless the store itself broke (then it would only break again).
   */
  private failure(e: unknown, quick: boolean | undefined, query: string): QueryError | typeof RETRY_FULL {
    if (quick && !storeBroke(e) && (e instanceof Error ? e.message : String(e)).includes(STORE_REJECTED)) return RETRY_FULL;
    return withPrefixHint(asQueryError(e), query);
  }

  private async run(query: string, options: EvaluateOptions, storeCalls?: { count: number; texts: string[] }, full = false, concat = true): Promise<{ parsed: CheckedQuery; result: Awaited<ReturnType<QueryEngine['query']>> }> {
    const checked = (!full && this.quick(query)) || (await this.check(query, options.baseIri));
    let operation = checked.operation;
    let dataset = options;
    if (operation.type === Algebra.Types.FROM) {
      // FROM / FROM NAMED sit at the root: they become the store's dataset (unless the request's own dataset replaces
      // them, as the protocol says), so that the query's form (ASK, CONSTRUCT...) stays at the root where Comunica looks.
      const from = operation as Algebra.From;
      const protocolGiven = (options.defaultGraphUris?.length ?? 0) + (options.namedGraphUris?.length ?? 0) > 0;
      if (!protocolGiven) dataset = { ...options, defaultGraphUris: from.default.map((g) => g.value), namedGraphUris: from.named.map((g) => g.value) };
      operation = from.input;
    }
    let ctx: IActionContext;
    // What every path that hands operations to this.source gives it: the source, the protocol dataset, the call count.
    const overStore = {
      [KeysQueryOperation.querySources.name]: [{ source: this.source }],
      [KEY_DATASET.name]: { defaultGraphs: dataset.defaultGraphUris ?? [], namedGraphs: dataset.namedGraphUris ?? [] },
      ...(storeCalls ? { [KEY_STORE_CALLS.name]: storeCalls } : {}),
    };
    const concatPlan = concat && !this.remote && this.exact && this.pushdown ? checked.concat : undefined;
    if (concatPlan) {
      // GROUP_CONCAT is the only departure: the store evaluates the whole query, rewritten so that its answer is the
      // specification's, with checks that send it back to Comunica's grouping when this data needs that.
      ctx = this.context(
        {
          ...overStore,
          [KeysInitQuery.queryString.name]: concatPlan.text,
          [KEY_CONCAT_PLAN.name]: concatPlan,
        },
        dataset,
      );
      operation = outline(operation);
    } else if (!this.remote && this.exact && checked.departs && this.pushesDown(checked)) {
      // Comunica evaluates only the operations the store departs on (a GROUP with GROUP_CONCAT, a MINUS, an expression
      // with BNODE); every part beneath them that the store evaluates as written goes to it whole, as SPARQL text.
      ctx = this.context(
        {
          ...overStore,
          [KEY_ENGINE_TYPES.name]: checked.engineTypes,
        },
        dataset,
      );
    } else if (!this.remote && (!this.exact || checked.departs)) {
      // Comunica evaluates it itself, over the exact copy; the dataset goes back in as FROM, which it implements.
      const dg = dataset.defaultGraphUris ?? [];
      const ng = dataset.namedGraphUris ?? [];
      if (dg.length > 0 || ng.length > 0) {
        operation = algebra.createFrom(operation, dg.map((g) => dataFactory.namedNode(g)), ng.map((g) => dataFactory.namedNode(g))) as Algebra.Operation;
      }
      // Over the store itself (its quads by pattern) when it holds the data exactly as written; else over an exact copy.
      const source = this.exact ? new OxigraphMatchSource(this.store) : this.exactStore();
      ctx = this.context({ [KeysInitQuery.querySourcesUnidentified.name]: [source] }, options);
    } else {
      // Without SERVICE the store takes the whole query as the client's text, so Comunica's optimizers (some twenty
      // passes over the tree) have nothing to decide: it is given only the query's form and projection, which fix the result type.
      const whole = operation;
      if (checked.services === 0) operation = outline(operation);
      // An answer is cut at maxRows: a remote store is asked for one solution more (which says it was cut), never all.
      const maxRows = (options as AnswerOptions).maxRows;
      const rowCap = maxRows !== undefined && Number.isFinite(maxRows) ? maxRows + 1 : undefined;
      ctx = this.context(
        {
          ...(this.remote ? { [KEY_WHOLE_OPERATION.name]: whole } : {}),
          ...(this.remote && options.signal ? { [KEY_ABORT.name]: options.signal } : {}),
          ...(this.remote && rowCap !== undefined ? { [KEY_ROW_CAP.name]: rowCap } : {}),
          ...overStore,
          [KeysInitQuery.queryString.name]: query,
        },
        dataset,
      );
    }
    try {
      const result = await this.comunica.query(operation, ctx as unknown as QueryStringContext);
      return { parsed: checked, result };
    } catch (e) {
      // The check failed for this data, or the store refused the rewritten text (which would be a fault of the rewrite,
      // not of the client's query): the next path answers, or reports the query's own error.
      const refused = !storeBroke(e) && (e instanceof Error ? e.message : String(e)).includes(STORE_REJECTED);
      if (concatPlan && e instanceof ConcatMismatch) return this.run(query, options, storeCalls, true, false);
      // A rewrite from the tokens that the store refused is parsed in full (which reports the client's own error, if
      // any, with its line and column); one from the algebra gives way to Comunica's grouping.
      if (concatPlan && refused) return this.run(query, options, storeCalls, true, checked.quick === true);
      throw this.failure(e, checked.quick, query);
    }
  }

  /** Evaluates a query and returns its whole result as RDF/JS terms (for the command line, tests and the conformance suites). */
  public async evaluate(query: string, options: EvaluateOptions = {}, storeCalls?: { count: number; texts: string[] }): Promise<Evaluated> {
    return retrying((full) => this.evaluateOnce(query, options, storeCalls, full));
  }

  private async evaluateOnce(query: string, options: EvaluateOptions, storeCalls: { count: number; texts: string[] } | undefined, full: boolean): Promise<Evaluated> {
    const { parsed, result } = await this.run(query, options, storeCalls, full);
    try {
      switch (result.resultType) {
        case 'bindings': {
          const meta = await result.metadata();
          const bindings = await (await result.execute()).toArray();
          return { type: 'bindings', variables: meta.variables.map((v) => v.value), bindings };
        }
        case 'boolean':
          return { type: 'boolean', value: await result.execute() };
        case 'quads':
          return { type: 'quads', quads: await (await result.execute()).toArray() };
        default:
          throw new QueryError({ status: 400, code: 'update-refused', message: 'this endpoint is read-only' });
      }
    } catch (e) {
      throw this.failure(e, parsed.quick, query);
    }
  }

  /**
   * Answers a query the way the HTTP endpoint does: format negotiated from the result type, rows capped, body serialized.
   * Everything that can fail before the first byte (syntax, 406, evaluation) throws a QueryError here, before any head is sent.
   */
  public async answer(query: string, options: AnswerOptions = {}): Promise<Answer> {
    try {
      return await retrying((full) => this.answerOnce(query, options, full));
    } catch (e) {
      throw asQueryError(e);
    }
  }

  private async answerOnce(query: string, options: AnswerOptions, full: boolean): Promise<Answer> {
    const { parsed, result } = await this.run(query, options, undefined, full);
    const type = RESULT_TYPES[result.resultType];
    if (!type) throw new QueryError({ status: 400, code: 'update-refused', message: 'this endpoint is read-only' });
    const format = chooseFormat(type, options.accept, options.format);
    const limit = options.maxRows ?? Number.POSITIVE_INFINITY;
    const headers: Record<string, string> = {};
    const cacheable = parsed.services === 0;
    const mediaType = contentType(format);
    try {
      if (result.resultType === 'boolean') {
        const value = await result.execute();
        const text = format.name === 'xml' ? booleanXml(value) : `{"head":{},"boolean":${value}}\n`;
        return { status: 200, mediaType, headers, cacheable, body: once(text) };
      }
      if (result.resultType === 'bindings') {
        const meta = await result.metadata();
        // Over a remote store, a query it takes whole has its count known before the first row (the store's answer
        // was read, no more than maxRows + 1 of it): the rows stream into the serializer, each let go once written.
        // Otherwise they are collected first, to know whether the answer is cut before its head is sent.
        const cardinality = (meta as { cardinality?: { type?: string; value?: number } }).cardinality;
        const known = this.remote && parsed.services === 0 && cardinality?.type === 'exact' && typeof cardinality.value === 'number' ? cardinality.value : undefined;
        if (known !== undefined && known > limit) {
          headers[TRUNCATED_HEADER] = 'true';
          headers[ROW_LIMIT_HEADER] = String(limit);
        }
        const rows = known !== undefined ? (await result.execute()).take(limit) : new ArrayIterator(await take(await result.execute(), limit, headers), { autoStart: false });
        const final = {
          resultType: 'bindings' as const,
          execute: async () => rows,
          metadata: async () => ({ ...meta, variables: meta.variables }),
          context: result.context,
        };
        const { data } = await this.comunica.resultToString(final as unknown as typeof result, format.mediaType, result.context);
        return { status: 200, mediaType, headers, cacheable, body: chunks(data) };
      }
      if (result.resultType === 'quads') {
        const quads = await take(await result.execute(), limit, headers);
        if (format.name === 'rdfxml') return { status: 200, mediaType, headers, cacheable, body: once(writeRdfXml(quads)) };
        const final = {
          resultType: 'quads' as const,
          execute: async () => new ArrayIterator(quads, { autoStart: false }),
          metadata: async () => ({ cardinality: { type: 'exact', value: quads.length } }),
          context: result.context,
        };
        const { data } = await this.comunica.resultToString(final as unknown as typeof result, format.mediaType, result.context);
        return { status: 200, mediaType, headers, cacheable, body: chunks(data) };
      }
    } catch (e) {
      throw this.failure(e, parsed.quick, query);
    }
    throw new QueryError({ status: 400, code: 'update-refused', message: 'this endpoint is read-only' });
  }
}

const algebra = new AlgebraFactory(dataFactory);

/** Thrown when the store refused a query planned from its tokens: it is planned again with the full parse. */
const RETRY_FULL = Symbol('retry with the full parse');

/** Runs with the quick plan first, and once more with the full parse when the store refused the text. */
async function retrying<T>(attempt: (full: boolean) => Promise<T>): Promise<T> {
  try {
    return await attempt(false);
  } catch (e) {
    if (e === RETRY_FULL) return attempt(true);
    throw e;
  }
}

/**
 * Departing operations around which the rest of the query can still go to the store: Comunica evaluates them over
 * what the store answers for their inputs. A path is left out: Comunica walks it one step at a time, binding terms
 * (blank nodes of the data among them) that SPARQL text cannot name, so such a query is evaluated over the store's
 * quads by pattern instead.
 */
const PUSHABLE_AROUND = new Set<string>([
  Algebra.Types.MINUS, Algebra.Types.GROUP, Algebra.Types.EXTEND, Algebra.Types.FILTER, Algebra.Types.ORDER_BY,
  Algebra.Types.LEFT_JOIN, Algebra.Types.PROJECT,
]);

const FORM_WRAPPERS = new Set<string>([Algebra.Types.SLICE, Algebra.Types.DISTINCT, Algebra.Types.REDUCED, Algebra.Types.ORDER_BY]);

/** The query's form with an empty pattern beneath it: what a whole-query source needs from the plan (DESCRIBE stays whole). */
export function outline(op: Algebra.Operation): Algebra.Operation {
  let form: Algebra.Operation = op;
  while (FORM_WRAPPERS.has(form.type) && 'input' in form && !Array.isArray(form.input)) form = form.input as Algebra.Operation;
  const empty = algebra.createBgp([]);
  switch (form.type) {
    case Algebra.Types.PROJECT:
      return algebra.createProject(empty, (form as Algebra.Project).variables) as Algebra.Operation;
    case Algebra.Types.ASK:
      return algebra.createAsk(empty) as Algebra.Operation;
    case Algebra.Types.CONSTRUCT:
      return algebra.createConstruct(empty, (form as Algebra.Construct).template) as Algebra.Operation;
    default:
      return op;
  }
}

async function take<T>(stream: AsyncIterable<T> & { destroy?: () => void; close?: () => void }, limit: number, headers: Record<string, string>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of stream) {
    if (out.length >= limit) {
      headers[TRUNCATED_HEADER] = 'true';
      headers[ROW_LIMIT_HEADER] = String(limit);
      stream.destroy?.();
      break;
    }
    out.push(item);
  }
  return out;
}

async function* once(text: string): AsyncIterable<string> {
  yield text;
}

async function* chunks(data: NodeJS.ReadableStream): AsyncIterable<string> {
  for await (const c of data as AsyncIterable<string | Buffer>) yield typeof c === 'string' ? c : c.toString('utf8');
}

function booleanXml(value: boolean): string {
  return `<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n  <head></head>\n  <boolean>${value}</boolean>\n</sparql>\n`;
}

const STACK_OVERFLOW = /memory access out of bounds|call stack exhausted|Maximum call stack size exceeded/i;

/** True when the store (Oxigraph's WebAssembly) trapped while handling the query: the worker cannot be trusted after it. */
export function storeBroke(e: unknown): boolean {
  if (e instanceof Error && e.name === 'RuntimeError') return true; // WebAssembly.RuntimeError
  const message = e instanceof Error ? e.message : String(e);
  return message.includes(STORE_REJECTED) && isWasmTrap(message.slice(message.indexOf(STORE_REJECTED)));
}

/** Maps whatever the engine threw into a QueryError with an honest status. */
export function asQueryError(e: unknown): QueryError {
  if (e instanceof QueryError) return e;
  if (e instanceof ReadOnlyError) return new QueryError({ status: 400, code: 'update-refused', message: e.message });
  const message = e instanceof Error ? e.message : String(e);
  if (storeBroke(e)) {
    const detail = message.includes(STORE_REJECTED) ? message.slice(message.indexOf(STORE_REJECTED) + STORE_REJECTED.length).replace(/^:\s*/, '') : message;
    // A stack overflow comes from the query's shape (too deep or too long a chain for the store): the client's to change.
    if (STACK_OVERFLOW.test(detail)) {
      return new QueryError({ status: 400, code: 'too-complex', message: `the query is too complex for the store: evaluating it overflowed the store's stack (${detail}); nest less or split it (the worker that ran it was replaced)` });
    }
    return new QueryError({ status: 500, code: 'store-failure', message: `the store failed while evaluating the query (${detail}); the worker that ran it was replaced, so a retry is answered by a fresh one` });
  }
  // A JavaScript stack overflow (Comunica's parser or evaluator on a deep query) unwinds cleanly: the query's fault.
  if (e instanceof RangeError && /Maximum call stack size exceeded/.test(message)) {
    return new QueryError({ status: 400, code: 'too-complex', message: 'the query is too complex to evaluate: it nests too deeply for the engine (its stack overflowed); nest less or split it' });
  }
  // The answer cannot be written in the syntax asked for (RDF/XML and a character XML forbids, a predicate it cannot name).
  if (e instanceof Error && e.name === 'SerializeError') {
    return new QueryError({ status: 406, code: 'not-representable', message: `the answer cannot be written in the format asked for: ${message}` });
  }
  // A regular expression from the query (REGEX, REPLACE, a LANGMATCHES range) that does not compile.
  if (e instanceof SyntaxError && /Invalid regular expression|Invalid flags/.test(message)) {
    return new QueryError({ status: 400, code: 'bad-regex', message: `the query uses an invalid regular expression (in REGEX, REPLACE or another function that builds one): ${message}` });
  }
  if (message.includes(FEDERATION_REFUSED)) {
    const at = message.indexOf(FEDERATION_REFUSED);
    return new QueryError({ status: 400, code: 'federation-refused', message: message.slice(at) });
  }
  if (message.includes(STORE_REJECTED)) return new QueryError({ status: 400, code: 'evaluation', message: message.slice(message.indexOf(STORE_REJECTED)) });
  // What remains failed outside the store: a SERVICE endpoint that erred or could not be reached.
  if (/fetch failed|ECONN|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|socket hang up|SPARQL endpoint|HTTP status|timed out/i.test(message)) return new QueryError({ status: 502, code: 'upstream', message: `a federated request failed: ${upstreamFailure(message)}` });
  // A programming error is ours (500, details only in the log); anything else Comunica raised while evaluating is
  // about the query (an unknown function, a type it cannot compare...).
  if (e instanceof TypeError || e instanceof ReferenceError || e instanceof RangeError || e instanceof SyntaxError) {
    return new QueryError({ status: 500, code: 'internal', message: `the query failed: ${message}` });
  }
  return new QueryError({ status: 400, code: 'evaluation', message: `the query could not be evaluated: ${message}` });
}

/**
 * What a failed SERVICE request may tell our client: which endpoint, and the HTTP status or the network error. The
 * endpoint's own error text (which Comunica appends after the status) is not passed on: it is another service's page,
 * possibly large, possibly naming its internals, and never written for our client.
 */
export function upstreamFailure(message: string): string {
  const status = /HTTP status (\d{3})/i.exec(message)?.[1];
  const endpoint = /(https?:\/\/[^\s)"'<>]+)/.exec(message)?.[1]?.replace(/[?#].*$/, '').replace(/[.,:;]+$/, '');
  const where = endpoint ? ` ${endpoint}` : '';
  if (status) return `the SERVICE endpoint${where} answered HTTP status ${status}`;
  if (/timed out|ETIMEDOUT|TimeoutError|aborted/i.test(message)) return `the SERVICE endpoint${where} did not answer in time (SERVICE_TIMEOUT_MS)`;
  const code = /\b(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|socket hang up)\b/.exec(message)?.[1];
  return `the SERVICE endpoint${where} could not be reached${code ? ` (${code})` : ''}`;
}

/** A fetch that sends this User-Agent whatever the engine put in the headers. */
function withUserAgent(userAgent: string): typeof fetch {
  return ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const headers = new Headers(input instanceof Request ? input.headers : undefined);
    new Headers(init?.headers).forEach((v, k) => headers.set(k, v));
    headers.set('user-agent', userAgent);
    return fetch(input, { ...init, headers });
  }) as typeof fetch;
}

export { dataFactory };
