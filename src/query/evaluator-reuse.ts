// One expression evaluator per expression and query, where Comunica 5.4 builds one per use.
//
// Comunica's GROUP BY asks for a new evaluator for each aggregate of each group, and building one is not cheap: it
// translates the expression again (asking the function mediator for each function), makes a bindings factory and a
// type cache of 1,000 slots. A GROUP_CONCAT over 70 rows in 40 groups spent most of its time there. An evaluator keeps
// no state between the solutions it is given (each call evaluates one solution), so the first one built for an
// expression within a query's context is handed out again for the same expression and context. Relies on Comunica
// 5.4 internals (pinned; see test/query-contract.test.ts).
import { ActorExpressionEvaluatorFactoryDefault } from '@comunica/actor-expression-evaluator-factory-default';

type Run = ActorExpressionEvaluatorFactoryDefault['run'];
type Action = Parameters<Run>[0];
type Evaluator = ReturnType<Run>;

const PATCHED = Symbol.for('ots-kg:evaluator-reuse');
let builds = 0;

/** How many evaluators were built since the reuse was installed (tests read it to see that the reuse takes effect). */
export function evaluatorsBuilt(): number {
  return builds;
}

/** Installs the reuse once per process (idempotent); returns whether it is in place. */
export function reuseEvaluators(): boolean {
  const proto = ActorExpressionEvaluatorFactoryDefault.prototype as unknown as { run: Run; [PATCHED]?: true };
  if (proto[PATCHED]) return true;
  const build = proto.run;
  const byContext = new WeakMap<object, WeakMap<object, Evaluator>>();
  proto.run = function run(this: ActorExpressionEvaluatorFactoryDefault, action: Action): Evaluator {
    let byExpression = byContext.get(action.context);
    if (!byExpression) {
      byExpression = new WeakMap();
      byContext.set(action.context, byExpression);
    }
    let made = byExpression.get(action.algExpr);
    if (!made) {
      builds++;
      made = build.call(this, action);
      byExpression.set(action.algExpr, made);
      // A failed build is not kept: the next use tries again and reports its own error.
      made.catch(() => byExpression?.delete(action.algExpr));
    }
    return made;
  };
  proto[PATCHED] = true;
  return true;
}
