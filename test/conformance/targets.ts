// The things the suite runs against: an engine in-process or an HTTP endpoint, behind one interface.
import type * as RDF from '@rdfjs/types';
import type { QueryResult, Row } from './results.js';

export interface SyntaxVerdict {
  /** false when the target rejected the query as malformed. */
  readonly valid: boolean;
  readonly detail?: string;
}

export interface QueryTarget {
  readonly label: string;
  /** Makes `quads` the whole dataset the next queries see. */
  load(quads: readonly RDF.Quad[]): Promise<void>;
  /** Evaluates a query whose relative IRIs resolve against `baseIRI`. Throws on any error. */
  query(text: string, baseIRI: string): Promise<QueryResult>;
  /** The result written in `mediaType` (results formats: CSV, TSV, SPARQL JSON/XML). */
  formatted(text: string, baseIRI: string, mediaType: string): Promise<string>;
  /** Whether the target accepts the query's syntax; throws if it cannot tell (e.g. a 500). */
  checkSyntax(text: string, baseIRI: string): Promise<SyntaxVerdict>;
  close(): Promise<void>;
}

/** Minimal view of Comunica's query result objects, enough to read any of the three forms. */
interface EngineResult {
  resultType: 'bindings' | 'quads' | 'boolean' | 'void';
  execute(): Promise<unknown>;
  metadata?(): Promise<{ variables?: (RDF.Variable | { variable: RDF.Variable })[] }>;
}

async function drain<T>(stream: AsyncIterable<T> | NodeJS.ReadableStream): Promise<T[]> {
  const out: T[] = [];
  for await (const item of stream as AsyncIterable<T>) out.push(item);
  return out;
}

// Comunica 5 lists plain variables; older releases wrapped them as `{ variable, canBeUndef }`.
function variableName(v: RDF.Variable | { variable: RDF.Variable }): string {
  return 'termType' in v ? v.value : v.variable.value;
}

/** Turns a Comunica result (the shape the project's engine also returns) into a QueryResult. */
export async function readEngineResult(result: EngineResult): Promise<QueryResult> {
  switch (result.resultType) {
    case 'boolean':
      return { type: 'boolean', value: (await result.execute()) as boolean };
    case 'quads':
      return { type: 'quads', quads: await drain<RDF.Quad>((await result.execute()) as AsyncIterable<RDF.Quad>) };
    case 'bindings': {
      const meta = result.metadata ? await result.metadata() : {};
      const bindings = await drain<Iterable<[RDF.Variable, RDF.Term]>>(
        (await result.execute()) as AsyncIterable<Iterable<[RDF.Variable, RDF.Term]>>,
      );
      const rows = bindings.map((b) => {
        const row: Record<string, RDF.Term> = {};
        for (const [v, t] of b) row[v.value] = t;
        return row as Row;
      });
      return { type: 'bindings', variables: (meta.variables ?? []).map(variableName), rows };
    }
    default:
      throw new Error('the query was an update');
  }
}

export async function streamToString(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks = await drain<Buffer | string>(stream);
  return chunks.map((c) => (typeof c === 'string' ? c : c.toString('utf8'))).join('');
}

/**
 * Comunica alone over an rdf-stores store: the reference the project's own set-up is measured
 * against (and what the runner uses when the project's engine is not there).
 */
export async function comunicaTarget(): Promise<QueryTarget> {
  const { QueryEngine } = await import('@comunica/query-sparql');
  const { RdfStore } = await import('rdf-stores');
  const engine = new QueryEngine();
  let store = RdfStore.createDefault();
  const context = (baseIRI: string) => ({ sources: [store], baseIRI });
  return {
    label: 'Comunica over rdf-stores',
    async load(quads) {
      store = RdfStore.createDefault();
      for (const q of quads) store.addQuad(q);
    },
    async query(text, baseIRI) {
      return readEngineResult((await engine.query(text, context(baseIRI))) as EngineResult);
    },
    async formatted(text, baseIRI, mediaType) {
      const result = await engine.query(text, context(baseIRI));
      const { data } = await engine.resultToString(result, mediaType);
      return streamToString(data);
    },
    async checkSyntax(text, baseIRI) {
      try {
        await engine.explain(text, context(baseIRI), 'parsed');
        return { valid: true };
      } catch (error) {
        return { valid: false, detail: error instanceof Error ? error.message : String(error) };
      }
    },
    async close() {},
  };
}
