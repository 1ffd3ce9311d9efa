// Comunica's SPARQL JSON writer for solutions, writing the whole answer in one pass instead of one stream chunk a row.
//
// Comunica's writer (@comunica/actor-query-result-serialize-sparql-json) turns each solution into its JSON text with a
// few lines of code, then passes that text through an asynciterator map, an append and a readable-stream wrap, and the
// reader takes it one chunk a row: on the real graph, writing the 38 rows of an example query took 0.63 ms that way and
// 0.19 ms in one pass (bench/trace.ts; docs/endpoint.md, "One client"). The actor below is Comunica's own, subscribed to the
// serializer bus in its place, with the same test, media types and output: only its handling of solutions differs: it
// reads them as they come and writes the same text (the same function makes each row's JSON) in chunks of up to 64 KiB.
// Everything else (booleans, the media type lists) is left to the original. Relies on Comunica 5.4 internals (pinned;
// test/query-sparql-json.test.ts checks the contract and that the bytes are Comunica's).
import type * as RDF from '@rdfjs/types';
import type { QueryEngine } from '@comunica/query-sparql';
import { Readable } from 'node:stream';

/** The name of Comunica's SPARQL JSON serializer actor in its default engine. */
const SPARQL_JSON_ACTOR = 'urn:comunica:default:query-result-serialize/actors#sparql-json';

/** Text gathered before it is handed on as one chunk. */
const CHUNK_CHARS = 64 * 1024;

interface BindingsLike extends Iterable<[RDF.Variable, RDF.Term]> {
  /** Comunica's Bindings have it: the same entries in the same order as iterating, without a generator. */
  forEach?: (fn: (value: RDF.Term, key: RDF.Variable) => void) => void;
}

interface BindingsStreamLike {
  on(event: 'data', listener: (b: BindingsLike) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (e: Error) => void): unknown;
}

interface SerializeHandle {
  readonly type: string;
  readonly bindingsStream?: BindingsStreamLike;
  metadata?: () => Promise<{ variables: { variable: RDF.Variable }[] }>;
}

interface SparqlJsonActor {
  readonly name: string;
  readonly emitMetadata: boolean;
  readonly httpObserver: { readonly requests: number };
  runHandle(action: SerializeHandle, mediaType: string, context: unknown): Promise<{ data: NodeJS.ReadableStream }>;
  constructor: { bindingToJsonBindings(term: RDF.Term): unknown };
}

interface BusLike {
  actors: { name: string }[];
}

/** Thrown when the engine's internals are not those this writer was made for (a Comunica upgrade): fail loudly at start. */
function contract(what: string): Error {
  return new Error(`the SPARQL JSON writer cannot be installed: ${what} (it relies on Comunica 5.4's serializer bus; see src/query/sparql-json.ts)`);
}

/** Replaces Comunica's SPARQL JSON serializer in this engine by the one-pass writer; returns the installed actor. */
export function installSparqlJsonWriter(engine: QueryEngine): { readonly name: string } {
  const init = (engine as unknown as { actorInitQuery?: { mediatorQueryResultSerialize?: { bus?: BusLike } } }).actorInitQuery;
  const bus = init?.mediatorQueryResultSerialize?.bus;
  if (!bus || !Array.isArray(bus.actors)) throw contract('the engine has no serializer bus');
  const at = bus.actors.findIndex((a) => a.name === SPARQL_JSON_ACTOR);
  if (at < 0) throw contract(`no actor ${SPARQL_JSON_ACTOR} on the bus`);
  const original = bus.actors[at] as unknown as SparqlJsonActor;
  const toJson = original.constructor.bindingToJsonBindings;
  if (typeof original.runHandle !== 'function' || typeof toJson !== 'function' || typeof original.httpObserver?.requests !== 'number') {
    throw contract('the actor has not the expected shape');
  }
  // The same actor (its test, media types, observer and settings), with its own handling of solutions.
  const actor = Object.create(original) as SparqlJsonActor & { runHandle: SparqlJsonActor['runHandle'] };
  actor.runHandle = async (action, mediaType, context) => {
    if (action.type !== 'bindings' || !action.bindingsStream || !action.metadata) return original.runHandle.call(actor, action, mediaType, context);
    const metadata = await action.metadata();
    const head: { vars?: string[] } = {};
    if (metadata.variables.length > 0) head.vars = metadata.variables.map((v) => v.variable.value);
    const stream = action.bindingsStream;
    let text = `{"head": ${JSON.stringify(head)},\n"results": { "bindings": [\n`;
    let first = true;
    // Strings as they are (object mode): the reader takes them without a copy into bytes and back.
    const data = new Readable({ objectMode: true, read() {} });
    stream.on('data', (bindings) => {
      // No prototype, so that a variable named __proto__ is written as a key like any other (as Object.fromEntries does).
      const row = Object.create(null) as Record<string, unknown>;
      if (typeof bindings.forEach === 'function') {
        bindings.forEach((value, key) => {
          row[key.value] = toJson(value);
        });
      } else {
        for (const [key, value] of bindings) row[key.value] = toJson(value);
      }
      text += `${first ? '' : ',\n'}${JSON.stringify(row)}`;
      first = false;
      if (text.length >= CHUNK_CHARS) {
        data.push(text);
        text = '';
      }
    });
    stream.on('error', (e) => data.destroy(e));
    stream.on('end', () => {
      // As Comunica's writer: the count of HTTP requests its observer saw, read when the solutions have all been written.
      text += `\n]}${original.emitMetadata ? `,\n"metadata": { "httpRequests": ${original.httpObserver.requests} }` : ''}}\n`;
      data.push(text);
      data.push(null);
    });
    return { data };
  };
  bus.actors[at] = actor as unknown as { name: string };
  return actor;
}
