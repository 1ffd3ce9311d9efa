// Parses SPARQL text into Comunica's algebra once, so the request can be checked (query or update, SERVICE targets) before anything runs.
import { Parser } from '@traqula/parser-sparql-1-2';
import { AstFactory } from '@traqula/rules-sparql-1-2';
import { toAlgebra } from '@traqula/algebra-sparql-1-2';
import type { Algebra } from '@comunica/utils-algebra';
import { DataFactory } from 'rdf-data-factory';
import { QueryError } from './errors.js';

export type QueryForm = 'select' | 'ask' | 'construct' | 'describe';

export interface ParsedQuery {
  readonly kind: 'query';
  readonly form: QueryForm;
  readonly operation: Algebra.Operation;
  /** The BASE the query declares, if any (it overrides the request's base). */
  readonly baseIri?: string;
}

export interface ParsedUpdate {
  readonly kind: 'update';
}

export const dataFactory = new DataFactory();

let parser: Parser | undefined;
function getParser(): Parser {
  // Building the grammar costs tens of milliseconds: once per process.
  parser ??= new Parser({ lexerConfig: { positionTracking: 'full' } });
  return parser;
}

/** Line and column (1-based) of a parser message, from its "on line N" caret or its "offset: N". */
export function locate(message: string, text: string): { line: number; column: number } {
  const onLine = /on line (\d+)\n[^\n]*\n(-*)\^/.exec(message);
  if (onLine?.[1] !== undefined) return { line: Number(onLine[1]), column: (onLine[2]?.length ?? 0) + 1 };
  const offset = /offset:? (\d+)/.exec(message);
  const at = offset?.[1] !== undefined ? Math.min(Number(offset[1]), text.length) : text.length;
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

export function parseSparql(text: string, baseIri?: string): ParsedQuery | ParsedUpdate {
  const astFactory = new AstFactory();
  let ast: ReturnType<Parser['parse']>;
  try {
    ast = getParser().parse(text, { astFactory, ...(baseIri ? { baseIRI: baseIri } : {}) });
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    const { line, column } = locate(raw, text);
    const detail = raw.replace(/^Parse error( on line \d+\n[^\n]*\n-*\^)?\n?/, '').split('\n').slice(0, 6).join('\n');
    throw new QueryError({ status: 400, code: 'syntax', message: `SPARQL syntax error at line ${line}, column ${column}: ${detail}`, line, column });
  }
  if (!astFactory.isQuery(ast)) return { kind: 'update' };
  let declaredBase: string | undefined;
  for (const c of ast.context) if (astFactory.isContextDefinitionBase(c)) declaredBase = c.value.value;
  let operation: Algebra.Operation;
  try {
    operation = toAlgebra(ast, { quads: true, blankToVariable: true, dataFactory, ...(baseIri ? { baseIRI: baseIri } : {}) }) as Algebra.Operation;
  } catch (e) {
    // The grammar accepted it but the query breaks a rule checked on the algebra (e.g. a variable bound twice).
    throw new QueryError({ status: 400, code: 'syntax', message: `invalid SPARQL query: ${e instanceof Error ? e.message : String(e)}` });
  }
  const form = ast.subType as QueryForm;
  return { kind: 'query', form, operation, ...(declaredBase ? { baseIri: declaredBase } : {}) };
}
