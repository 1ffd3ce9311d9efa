// A Comunica query source over an in-memory Oxigraph store that takes whole operations, so Comunica plans,
// federates and serializes while Oxigraph evaluates. Relies on Comunica 5.4.1 internals (pinned; see test/query-contract.test.ts).
import type * as RDF from '@rdfjs/types';
import type { FragmentSelectorShape, IActionContext, IQuerySource, BindingsStream, ComunicaDataFactory } from '@comunica/types';
import { ActionContextKey } from '@comunica/core';
import { KeysInitQuery } from '@comunica/context-entries';
import { Algebra, AlgebraFactory, algebraUtils } from '@comunica/utils-algebra';
import { BindingsFactory } from '@comunica/utils-bindings-factory';
import { MetadataValidationState } from '@comunica/utils-metadata';
import { ArrayIterator } from 'asynciterator';
import { toAst } from '@traqula/algebra-sparql-1-2';
import { Generator } from '@traqula/generator-sparql-1-2';
import oxigraph from 'oxigraph';
import type * as ox from 'oxigraph';
import { DataFactory } from '../rdf.js';
import { storeQueryOptions } from './store.js';
import { ConcatMismatch, type ConcatPlan } from './group-concat.js';

/** The protocol dataset (default-graph-uri / named-graph-uri) for one query; replaces FROM / FROM NAMED. */
export interface ProtocolDataset {
  readonly defaultGraphs: readonly string[];
  readonly namedGraphs: readonly string[];
}

/** Context key carrying the protocol dataset down to the source. */
export const KEY_DATASET = new ActionContextKey<ProtocolDataset>('@ots-kg/query:dataset');
/** Context key the source uses to count the store calls of one query (tests and the engine read it). */
export const KEY_STORE_CALLS = new ActionContextKey<{ count: number; texts: string[] }>('@ots-kg/query:storeCalls');

/** Context key naming the algebra types Comunica evaluates itself for one query: the store is not offered them. */
export const KEY_ENGINE_TYPES = new ActionContextKey<readonly string[]>('@ots-kg/query:engineTypes');

/** Context key of a GROUP_CONCAT query the store evaluates with hidden checks (group-concat.ts). */
export const KEY_CONCAT_PLAN = new ActionContextKey<ConcatPlan>('@ots-kg/query:concatPlan');

/** Prefix of the message of an error the store raised while evaluating (the query's fault, so a 400). */
export const STORE_REJECTED = 'the store could not evaluate the query';

export class ReadOnlyError extends Error {
  constructor() {
    super('this endpoint is read-only: SPARQL Update is not accepted');
    this.name = 'ReadOnlyError';
  }
}

// Every algebra type Oxigraph can evaluate from SPARQL text, i.e. all of SPARQL 1.1 except SERVICE: leaving SERVICE out
// keeps federation (and so the outbound allowlist) in Comunica. Comunica-only operations (nodes, distinctterms) have
// no SPARQL text and stay out as well.
const PUSHED_TYPES = Object.values(Algebra.Types).filter((t) => t !== Algebra.Types.SERVICE);

function shapeOf(types: readonly string[]): FragmentSelectorShape {
  return { type: 'disjunction', children: types.map((type) => ({ type: 'operation', operation: { operationType: 'type', type } }) as FragmentSelectorShape) };
}

const SHAPE = shapeOf(PUSHED_TYPES);

export interface OxigraphSourceOptions {
  readonly store: ox.Store;
}

export class OxigraphQuerySource implements IQuerySource {
  public readonly referenceValue = 'urn:ots-kg:store';
  private readonly store: ox.Store;
  private readonly generator = new Generator({});

  public constructor(options: OxigraphSourceOptions) {
    this.store = options.store;
  }

  public async getFilterFactor(): Promise<number> {
    return 1;
  }

  public async getSelectorShape(context?: IActionContext): Promise<FragmentSelectorShape> {
    const kept = context?.get(KEY_ENGINE_TYPES);
    return kept && kept.length > 0 ? shapeOf(PUSHED_TYPES.filter((t) => !kept.includes(t))) : SHAPE;
  }

  /** The SPARQL text for an operation: the client's own text when Comunica hands down the whole query, else generated. */
  private text(operation: Algebra.Operation, context: IActionContext, dataFactory: ComunicaDataFactory): string {
    const whole = context.get(KeysInitQuery.queryString);
    if (typeof whole === 'string') return whole;
    let op = operation;
    if (op.type !== Algebra.Types.PROJECT && op.type !== Algebra.Types.CONSTRUCT && op.type !== Algebra.Types.ASK && op.type !== Algebra.Types.DESCRIBE) {
      op = new AlgebraFactory(dataFactory).createProject(op, algebraUtils.inScopeVariables(op));
    }
    return this.generator.generate(toAst(op as Parameters<typeof toAst>[0])).trim();
  }

  private run(operation: Algebra.Operation, context: IActionContext): { result: ReturnType<ox.Store['query']>; dataFactory: ComunicaDataFactory } {
    const dataFactory = context.getSafe(KeysInitQuery.dataFactory);
    const text = this.text(operation, context, dataFactory);
    const calls = context.get(KEY_STORE_CALLS);
    if (calls) {
      calls.count++;
      calls.texts.push(text);
    }
    const baseIri = context.get(KeysInitQuery.baseIRI);
    try {
      const ds = context.get(KEY_DATASET);
      return { result: this.store.query(text, storeQueryOptions(baseIri, ds?.defaultGraphs, ds?.namedGraphs)), dataFactory };
    } catch (e) {
      throw new Error(`${STORE_REJECTED}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  public queryBindings(operation: Algebra.Operation, context: IActionContext): BindingsStream {
    const { result, dataFactory } = this.run(operation, context);
    if (!Array.isArray(result)) throw new Error(`the store answered a ${typeof result} where solutions were expected`);
    const bf = new BindingsFactory(dataFactory);
    // A projection keeps the client's order of variables (SELECT * lists them as they appear).
    const variables = operation.type === Algebra.Types.PROJECT ? (operation as Algebra.Project).variables : algebraUtils.inScopeVariables(operation);
    const plan = context.get(KEY_CONCAT_PLAN);
    if (plan) {
      for (const row of result as Map<string, ox.Term>[]) {
        for (const [a, b] of plan.pairs) if (row.get(a)?.value !== row.get(b)?.value) throw new ConcatMismatch();
      }
    }
    const rows = (result as Map<string, ox.Term>[]).map((row) => {
      const entries: [RDF.Variable, RDF.Term][] = [];
      for (const [name, term] of row) if (!plan?.hidden.has(name)) entries.push([dataFactory.variable(name), toTerm(term, dataFactory)]);
      return bf.bindings(entries);
    });
    const it = new ArrayIterator(rows, { autoStart: false });
    it.setProperty('metadata', {
      state: new MetadataValidationState(),
      cardinality: { type: 'exact', value: rows.length },
      variables: variables.map((variable) => ({ variable, canBeUndef: true })),
    });
    return it as unknown as BindingsStream;
  }

  public queryQuads(operation: Algebra.Operation, context: IActionContext): ReturnType<IQuerySource['queryQuads']> {
    const { result, dataFactory } = this.run(operation, context);
    if (!Array.isArray(result)) throw new Error(`the store answered a ${typeof result} where triples were expected`);
    const quads = (result as ox.Quad[]).map((q) =>
      dataFactory.quad(
        toTerm(q.subject, dataFactory) as RDF.Quad_Subject,
        toTerm(q.predicate, dataFactory) as RDF.Quad_Predicate,
        toTerm(q.object, dataFactory) as RDF.Quad_Object,
        dataFactory.defaultGraph(),
      ),
    );
    const it = new ArrayIterator(quads, { autoStart: false });
    it.setProperty('metadata', {
      state: new MetadataValidationState(),
      cardinality: { type: 'exact', value: quads.length },
    });
    // asynciterator's ESM and CommonJS typings differ only nominally.
    return it as unknown as ReturnType<IQuerySource['queryQuads']>;
  }

  public async queryBoolean(operation: Algebra.Ask, context: IActionContext): Promise<boolean> {
    const { result } = this.run(operation, context);
    if (typeof result !== 'boolean') throw new Error('the store did not answer ASK with a boolean');
    return result;
  }

  public async queryVoid(): Promise<void> {
    throw new ReadOnlyError();
  }

  public toString(): string {
    return 'OxigraphQuerySource';
  }
}

/**
 * Oxigraph's WASM-backed terms into the engine's own terms (Comunica compares terms with its factory's `equals`). The
 * kind of term is told by its class first: reading `termType` is itself a call into the store (a string made and
 * freed each time), one of the three or four a term costs.
 */
export function toTerm(t: ox.Term, df: ComunicaDataFactory): RDF.Term {
  if (t instanceof oxigraph.NamedNode) return df.namedNode(t.value);
  if (t instanceof oxigraph.Literal) {
    const lang = t.language;
    if (lang) return df.literal(t.value, lang);
    return df.literal(t.value, df.namedNode(t.datatype.value));
  }
  return byTermType(t as ox.Term, df);
}

function byTermType(t: ox.Term, df: ComunicaDataFactory): RDF.Term {
  switch (t.termType) {
    case 'NamedNode':
      return df.namedNode(t.value);
    case 'BlankNode':
      return df.blankNode(t.value);
    case 'Literal': {
      const lang = t.language;
      if (lang) return df.literal(t.value, lang);
      return df.literal(t.value, df.namedNode(t.datatype.value));
    }
    case 'DefaultGraph':
      return df.defaultGraph();
    case 'Variable':
      return df.variable(t.value);
    case 'Quad':
      return df.quad(
        toTerm(t.subject, df) as RDF.Quad_Subject,
        toTerm(t.predicate, df) as RDF.Quad_Predicate,
        toTerm(t.object, df) as RDF.Quad_Object,
        toTerm(t.graph, df) as RDF.Quad_Graph,
      );
  }
}

/** An RDF/JS term as the store's own term (undefined, and variables, match anything). */
export function toStoreTerm(t: RDF.Term | null | undefined): ox.Term | undefined {
  if (!t) return undefined;
  switch (t.termType) {
    case 'NamedNode':
      return oxigraph.namedNode(t.value);
    case 'BlankNode':
      return oxigraph.blankNode(t.value);
    case 'Literal':
      return t.language ? oxigraph.literal(t.value, t.language) : oxigraph.literal(t.value, oxigraph.namedNode(t.datatype.value));
    case 'DefaultGraph':
      return oxigraph.defaultGraph();
    default:
      return undefined;
  }
}

const N3_FACTORY = DataFactory as unknown as ComunicaDataFactory;

/** Whether a quad pattern can match at all: a join may bind a literal where only a subject, predicate or graph name fits. */
function possible(s?: RDF.Term | null, p?: RDF.Term | null, g?: RDF.Term | null): boolean {
  return (!s || s.termType !== 'Literal') && (!p || p.termType === 'NamedNode' || p.termType === 'Variable') && (!g || g.termType !== 'Literal');
}

/**
 * The same Oxigraph store as an RDF/JS source (`match` by quad pattern), for the queries Comunica evaluates itself
 * (where the store departs from SPARQL 1.1): Comunica joins, the store only finds quads, so no second copy of the data.
 */
export class OxigraphMatchSource {
  public constructor(private readonly store: ox.Store) {}

  public match(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): ArrayIterator<RDF.Quad> {
    if (!possible(s, p, g)) return new ArrayIterator<RDF.Quad>([], { autoStart: false });
    const found = this.store.match(
      toStoreTerm(s) as ox.Quad['subject'] | undefined,
      toStoreTerm(p) as ox.Quad['predicate'] | undefined,
      toStoreTerm(o) as ox.Quad['object'] | undefined,
      toStoreTerm(g) as ox.Quad['graph'] | undefined,
    );
    return new ArrayIterator(
      found.map((q) => toTerm(q, N3_FACTORY) as RDF.Quad),
      { autoStart: false },
    );
  }

  /** Quads matching a pattern, counted by the store (a query) without making a term of each. */
  public countQuads(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): number {
    if (!possible(s, p, g)) return 0;
    const terms = [s, p, o, g].map(toStoreTerm);
    // A blank node cannot be named in a query: those patterns are counted by matching.
    if (terms.some((t) => t?.termType === 'BlankNode')) {
      return this.store.match(...(terms as Parameters<ox.Store['match']>)).length;
    }
    const [ts, tp, to, tg] = terms.map((t, i) => (t && t.termType !== 'DefaultGraph' ? t.toString() : `?v${i}`));
    const triple = `${ts} ${tp} ${to}`;
    const where = !terms[3] ? `{ ${triple} } UNION { GRAPH ?v3 { ${triple} } }` : terms[3].termType === 'DefaultGraph' ? triple : `GRAPH ${tg} { ${triple} }`;
    const rows = this.store.query(`SELECT (COUNT(*) AS ?n) WHERE { ${where} }`) as Map<string, ox.Term>[];
    return Number(rows[0]?.get('n')?.value ?? 0);
  }
}
