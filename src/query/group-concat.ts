// GROUP_CONCAT evaluated by the store, with a check that its answer is the one the specification gives.
//
// Oxigraph 0.5 departs from SPARQL 1.1 on GROUP_CONCAT in two ways: it keeps a language tag that every value shares,
// and it fails (leaves the result unbound) on a value that is not a string, where the result is the concatenation of
// the values' lexical forms, a simple literal. Over a variable, GROUP_CONCAT([DISTINCT] STR(?v)) gives exactly that,
// except where STR(?v) loses something: a blank node (STR fails on it) or, with DISTINCT, two different terms with the
// same lexical form ("a"@en and "a"@fr). Both show as a difference between COUNT([DISTINCT] ?v) and
// COUNT([DISTINCT] STR(?v)) in the same group, so the rewritten query carries those two counts in hidden columns: when
// they agree in every row, the store's answer stands (without the hidden columns); when they differ anywhere, the
// query is evaluated again with Comunica doing the grouping.
import type * as RDF from '@rdfjs/types';
import { Algebra } from '@comunica/utils-algebra';
import { toAst } from '@traqula/algebra-sparql-1-2';
import { Generator } from '@traqula/generator-sparql-1-2';
import { DataFactory } from '../rdf.js';
import { engineTypes } from './departures.js';

/** The rewritten text and the hidden count columns that must agree for its answer to stand. */
export interface ConcatPlan {
  readonly text: string;
  readonly pairs: readonly (readonly [string, string])[];
  readonly hidden: ReadonlySet<string>;
}

/** Thrown by the store's source when the hidden counts differ: the query is evaluated again without the rewrite. */
export class ConcatMismatch extends Error {
  public constructor() {
    super('GROUP_CONCAT over the store would differ from the specification for this data');
    this.name = 'ConcatMismatch';
  }
}

// Operations that may stand between the query's projection and its GROUP without changing which rows there are.
const ABOVE_GROUP = new Set<string>([Algebra.Types.EXTEND, Algebra.Types.FILTER, Algebra.Types.ORDER_BY]);

const generator = new Generator({});

type Node = Record<string, unknown> & { type?: string; subType?: string; termType?: string };

/**
 * True when `op` holds anything the store departs on, a GROUP_CONCAT included (counted even in a bare expression, which
 * has no enclosing operation of its own). SERVICE is not looked for: the engine asks for a plan only without it.
 */
function departs(op: unknown): boolean {
  return engineTypes(op, 'operation').size > 0;
}

function variablesIn(op: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(op)) {
    for (const o of op) variablesIn(o, out);
  } else if (typeof op === 'object' && op !== null) {
    const node = op as Node & { value?: string };
    if (node.termType === 'Variable' && typeof node.value === 'string') out.add(node.value);
    else for (const [k, v] of Object.entries(node)) if (k !== 'metadata') variablesIn(v, out);
  }
  return out;
}

/**
 * The store-side plan of a query whose only departure is GROUP_CONCAT over variables in its top-level GROUP BY, or
 * undefined when the query has another shape (DISTINCT or REDUCED over the projection, a GROUP_CONCAT over an
 * expression or in a sub-query, another feature the store departs on).
 */
export function concatPlan(operation: Algebra.Operation): ConcatPlan | undefined {
  // Down from the root: [SLICE] PROJECT (EXTEND | FILTER | ORDER BY)* GROUP.
  let top = operation as unknown as Node & { input?: Node };
  const path: (Node & { input?: Node })[] = [];
  if (top.type === Algebra.Types.SLICE) {
    path.push(top);
    top = top.input as Node & { input?: Node };
  }
  if (top?.type !== Algebra.Types.PROJECT) return undefined;
  const project = top as unknown as Algebra.Project;
  path.push(top);
  let node = top.input as Node & { input?: Node };
  while (node && ABOVE_GROUP.has(node.type ?? '')) {
    if (departs(Object.fromEntries(Object.entries(node).filter(([k]) => k !== 'input')))) return undefined;
    path.push(node);
    node = node.input as Node & { input?: Node };
  }
  if (node?.type !== Algebra.Types.GROUP) return undefined;
  const group = node as unknown as Algebra.Group;
  if (departs(group.input) || departs(group.variables)) return undefined;
  const taken = variablesIn(operation);
  const fresh = (base: string): RDF.Variable => {
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
    taken.add(name);
    return DataFactory.variable(name);
  };
  const pairs: [string, string][] = [];
  const aggregates: Algebra.BoundAggregate[] = [];
  // Each hidden count is bound by the GROUP to a variable of its own and projected through an EXTEND above it, as the
  // parser gives `(COUNT(...) AS ?x)`, so that the generated text names the aggregate in its SELECT.
  const extend: { variable: RDF.Variable; from: RDF.Variable }[] = [];
  for (const agg of group.aggregates) {
    if (agg.aggregator !== 'group_concat') {
      if (departs(agg.expression)) return undefined;
      aggregates.push(agg);
      continue;
    }
    const e = agg.expression as unknown as Node & { term?: RDF.Term };
    if (e.subType !== 'term' || e.term?.termType !== 'Variable') return undefined;
    const str = { type: Algebra.Types.EXPRESSION, subType: 'operator', operator: 'str', args: [agg.expression] } as unknown as Algebra.Expression;
    aggregates.push({ ...agg, expression: str });
    const asIs = fresh(`otskg_terms_${agg.variable.value}`);
    const asText = fresh(`otskg_texts_${agg.variable.value}`);
    const count = (expression: Algebra.Expression, variable: RDF.Variable): Algebra.BoundAggregate => {
      const bound = fresh(`otskg_count_${variable.value}`);
      extend.push({ variable, from: bound });
      return { type: Algebra.Types.EXPRESSION, subType: 'aggregate', aggregator: 'count', distinct: agg.distinct, expression, variable: bound } as unknown as Algebra.BoundAggregate;
    };
    aggregates.push(count(agg.expression, asIs), count(str, asText));
    pairs.push([asIs.value, asText.value]);
  }
  if (pairs.length === 0) return undefined;
  const hidden = pairs.flat();
  // Rebuild the chain with the new GROUP at its foot and the hidden columns in the projection.
  let rebuilt: Node = { ...(group as unknown as Node), aggregates };
  for (const { variable, from } of extend) {
    rebuilt = { type: Algebra.Types.EXTEND, input: rebuilt, variable, expression: { type: Algebra.Types.EXPRESSION, subType: 'term', term: from } };
  }
  for (let i = path.length - 1; i >= 0; i--) {
    const above = path[i] as Node;
    rebuilt = above === (project as unknown as Node)
      ? { ...above, input: rebuilt, variables: [...project.variables, ...hidden.map((h) => DataFactory.variable(h))] }
      : { ...above, input: rebuilt };
  }
  const text = generator.generate(toAst(rebuilt as unknown as Parameters<typeof toAst>[0])).trim();
  return { text, pairs, hidden: new Set(hidden) };
}
