// Where the store departs from SPARQL 1.1, found in a query's algebra: the engine (engine.ts) and the GROUP_CONCAT
// rewrite (group-concat.ts) both decide from it what the store may evaluate.
import { Algebra } from '@comunica/utils-algebra';

// Where Oxigraph 0.5.11 departs from SPARQL 1.1 (each seen in the W3C tests and reproduced with Oxigraph alone):
// GROUP_CONCAT keeps a shared language tag, BNODE(x) repeats across solutions, MINUS inside GRAPH ?g drops every
// solution, and zero-length paths (p*, p?) miss terms absent from the data.
const DEPARTS = new Set<string>([Algebra.Types.MINUS, Algebra.Types.ZERO_OR_MORE_PATH, Algebra.Types.ZERO_OR_ONE_PATH]);

/**
 * The algebra types (operations, not expressions) that Comunica must evaluate itself because the store departs on
 * something in them: a MINUS or a zero-length path itself, the GROUP that holds a GROUP_CONCAT, and the operation
 * whose expression calls BNODE.
 */
export function engineTypes(op: unknown, enclosing?: string, out = new Set<string>()): Set<string> {
  if (Array.isArray(op)) {
    for (const o of op) engineTypes(o, enclosing, out);
    return out;
  }
  if (typeof op !== 'object' || op === null) return out;
  const node = op as { type?: string; termType?: string; subType?: string; aggregator?: string; operator?: string };
  if (typeof node.termType === 'string') return out;
  if (node.type !== undefined && DEPARTS.has(node.type)) out.add(node.type);
  const departsHere = (node.subType === 'aggregate' && node.aggregator === 'group_concat') || (node.subType === 'operator' && node.operator?.toLowerCase() === 'bnode');
  if (departsHere && enclosing !== undefined) out.add(enclosing);
  const inner = node.type !== undefined && node.type !== Algebra.Types.EXPRESSION ? node.type : enclosing;
  for (const [k, v] of Object.entries(op)) if (k !== 'metadata' && typeof v === 'object' && v !== null) engineTypes(v, inner, out);
  return out;
}

