// The project's own query engine (src/query/engine.ts, what each server worker runs) as a suite target.
import type * as RDF from '@rdfjs/types';
import { SparqlEngine, type Evaluated } from '../../src/query/engine.js';
import { QueryError } from '../../src/query/errors.js';
import type { QueryResult, Row } from './results.js';
import type { QueryTarget } from './targets.js';

export function toResult(e: Evaluated): QueryResult {
  switch (e.type) {
    case 'boolean':
      return { type: 'boolean', value: e.value };
    case 'quads':
      return { type: 'quads', quads: e.quads };
    case 'bindings':
      return {
        type: 'bindings',
        variables: e.variables,
        rows: e.bindings.map((b) => {
          const row: Record<string, RDF.Term> = {};
          for (const [v, t] of b) row[v.value] = t;
          return row as Row;
        }),
      };
  }
}

export function projectEngineTarget(): QueryTarget {
  const engine = SparqlEngine.create();
  return {
    label: 'project engine (SparqlEngine), in-process',
    async load(quads) {
      engine.load({ quads });
    },
    ...engineMethods(engine),
    async close() {},
  };
}

/** Evaluating, answering in a format and checking syntax with the project's engine, as the endpoint does. */
export function engineMethods(engine: SparqlEngine): Pick<QueryTarget, 'query' | 'formatted' | 'checkSyntax'> {
  return {
    async query(text, baseIRI) {
      return toResult(await engine.evaluate(text, { baseIri: baseIRI }));
    },
    async formatted(text, baseIRI, mediaType) {
      // The same path the endpoint takes: negotiation from Accept, then the engine's writers.
      const answer = await engine.answer(text, { baseIri: baseIRI, accept: mediaType });
      const got = answer.mediaType.split(';')[0]?.trim();
      if (got !== mediaType) throw new Error(`asked for ${mediaType}, got ${got}`);
      let body = '';
      for await (const chunk of answer.body) body += chunk;
      return body;
    },
    async checkSyntax(text, baseIRI) {
      try {
        await engine.check(text, baseIRI);
        return { valid: true };
      } catch (error) {
        if (error instanceof QueryError && error.status === 400) return { valid: false, detail: error.message };
        throw error;
      }
    },
  };
}
