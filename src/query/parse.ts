// Parses SPARQL text into Comunica's algebra once, with Comunica's own parser, so a request can be checked before anything runs.
import type { QueryEngine } from '@comunica/query-sparql';
import type { QueryStringContext } from '@comunica/types';
import { Algebra } from '@comunica/utils-algebra';
import { DataFactory } from 'rdf-data-factory';
import { QueryError } from './errors.js';

export interface ParsedQuery {
  readonly kind: 'query';
  readonly operation: Algebra.Operation;
}

export interface ParsedUpdate {
  readonly kind: 'update';
}

export const dataFactory = new DataFactory();

const UPDATE_TYPES = new Set<string>([
  Algebra.Types.COMPOSITE_UPDATE,
  Algebra.Types.DELETE_INSERT,
  Algebra.Types.LOAD,
  Algebra.Types.CLEAR,
  Algebra.Types.CREATE,
  Algebra.Types.DROP,
  Algebra.Types.ADD,
  Algebra.Types.MOVE,
  Algebra.Types.COPY,
]);

/** Line and column (1-based) of a parser message, from its "on line N" caret or its "offset: N". */
export function locate(message: string, text: string): { line: number; column: number } {
  const onLine = /on line (\d+)\n[^\n]*\n(-*)\^/.exec(message);
  if (onLine?.[1] !== undefined) return { line: Number(onLine[1]), column: (onLine[2]?.length ?? 0) + 1 };
  const offset = /offset:? (\d+)/.exec(message);
  const at = offset?.[1] !== undefined ? Math.min(Number(offset[1]), text.length) : text.length;
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

export function syntaxError(raw: string, text: string): QueryError {
  const { line, column } = locate(raw, text);
  const detail = raw.replace(/^Parse error( on line \d+\n[^\n]*\n-*\^)?\n?/, '').split('\n').slice(0, 6).join('\n');
  return new QueryError({ status: 400, code: 'syntax', message: `SPARQL syntax error at line ${line}, column ${column}: ${detail}`, line, column });
}

/** Parses with the engine's own parser (one grammar per thread: building one costs about 300 ms). */
export async function parseSparql(engine: QueryEngine, text: string, baseIri?: string): Promise<ParsedQuery | ParsedUpdate> {
  let operation: Algebra.Operation;
  try {
    const context = (baseIri ? { baseIRI: baseIri } : {}) as QueryStringContext;
    const out = await engine.explain(text, context, 'parsed');
    operation = out.data as Algebra.Operation;
  } catch (e) {
    // A stack overflow is no syntax error: the engine's error classification words it (too complex, 400).
    if (e instanceof RangeError) throw e;
    throw syntaxError(e instanceof Error ? e.message : String(e), text);
  }
  if (UPDATE_TYPES.has(operation.type)) return { kind: 'update' };
  return { kind: 'query', operation };
}
