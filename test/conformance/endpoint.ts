// Starts the project's own server (src/server.ts: Express app, worker pool) on a loopback port for the HTTP passes.
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';
import { startServer } from '../../src/server.js';
import { httpTarget } from './http.js';
import type { EndpointHandle } from './protocol.js';
import type { QueryTarget } from './targets.js';

export function toNQuads(quads: readonly RDF.Quad[]): string {
  return new N3.Writer({ format: 'N-Quads' }).quadsToString([...quads]);
}

export interface ConformanceEndpoint extends EndpointHandle {
  /** The query suite's target, reading SELECT and ASK answers as results JSON. */
  readonly target: QueryTarget;
  /** The same endpoint, reading SELECT and ASK answers as results XML. */
  readonly xmlTarget: QueryTarget;
  close(): Promise<void>;
}

/**
 * One server for every HTTP test: datasets are swapped in with `reload`, which every worker of the
 * pool applies, so no server is started per test.
 */
export async function startConformanceEndpoint(): Promise<ConformanceEndpoint> {
  const server = await startServer({
    // One worker: the suite sends one request at a time, and the machine's cores are shared with other tests.
    env: { PORT: '0', HOST: '127.0.0.1', QUERY_WORKERS: '1' },
    nquads: '',
    quiet: true,
    // Hundreds of requests: keep the access log out of the test output, but not worker events.
    log: (line) => {
      if (!/^\S+ [A-Z]+ \S+ \d{3} /.test(line)) process.stderr.write(`${line}\n`);
    },
  });
  // Measure the steady state: a light start-up worker answers plain queries straight from the
  // store until a full (Comunica) worker is up, so wait for that one.
  const deadline = Date.now() + 120_000;
  while (server.pool.stats().readyWorkers === 0) {
    if (Date.now() > deadline) {
      await server.close();
      throw new Error('no full query worker was ready after 120 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const endpoint = `${server.url}/sparql`;
  const load = async (quads: readonly RDF.Quad[]): Promise<void> => server.reload(toNQuads(quads));
  const close = async (): Promise<void> => server.close();
  return {
    endpoint,
    load,
    close,
    target: httpTarget({ label: 'project endpoint over HTTP', endpoint, load, close }),
    xmlTarget: httpTarget({ label: 'project endpoint over HTTP, results XML', endpoint, load, close, resultsMediaType: 'application/sparql-results+xml' }),
  };
}
