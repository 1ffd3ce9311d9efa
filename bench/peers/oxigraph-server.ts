// Reference endpoint for the benchmark: Oxigraph (npm, WASM) behind a bare Node http server, what a user could deploy instead of ours.
// Run: `node --import tsx bench/peers/oxigraph-server.ts --data dump.nq --port 3031 [--host 127.0.0.1]`.
// SELECT/ASK answers are SPARQL JSON, CONSTRUCT/DESCRIBE answers Turtle, both serialized by Oxigraph itself. No cache, no limits.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import * as ox from 'oxigraph';

export interface OxigraphServerOptions {
  /** The dataset as N-Quads text. */
  readonly nquads: string;
  readonly port: number;
  readonly host?: string;
}

export interface OxigraphServer {
  readonly url: string;
  readonly quads: number;
  close(): Promise<void>;
}

const JSON_RESULTS = 'application/sparql-results+json';
const TURTLE = 'text/turtle';
const MAX_BODY = 1 << 20;

async function body(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error('request body too large');
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}

async function queryOf(req: IncomingMessage): Promise<string | undefined> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET') return url.searchParams.get('query') ?? undefined;
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  const text = await body(req);
  if (type === 'application/sparql-query') return text;
  if (type === 'application/x-www-form-urlencoded') return new URLSearchParams(text).get('query') ?? undefined;
  return undefined;
}

function send(res: ServerResponse, status: number, type: string, text: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Answers with Oxigraph's own serializers: results formats for SELECT/ASK; Oxigraph refuses them for graph results, then Turtle. */
function answer(store: ox.Store, query: string): { type: string; text: string } {
  try {
    return { type: JSON_RESULTS, text: store.query(query, { results_format: JSON_RESULTS }) as string };
  } catch (e) {
    if (!(e instanceof Error) || !e.message.startsWith('Not supported RDF format')) throw e;
  }
  return { type: TURTLE, text: store.query(query, { results_format: TURTLE }) as string };
}

export async function startOxigraphServer(opts: OxigraphServerOptions): Promise<OxigraphServer> {
  const store = new ox.Store();
  store.load(opts.nquads, { format: 'application/n-quads' });
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0];
      if (path !== '/sparql' || (req.method !== 'GET' && req.method !== 'POST')) {
        send(res, 404, 'text/plain', 'not found: use GET or POST /sparql\n');
        return;
      }
      let query: string | undefined;
      try {
        query = await queryOf(req);
      } catch (e) {
        send(res, 400, 'text/plain', `${e instanceof Error ? e.message : String(e)}\n`);
        return;
      }
      if (query === undefined) {
        send(res, 400, 'text/plain', 'missing query\n');
        return;
      }
      try {
        const a = answer(store, query);
        send(res, 200, a.type, a.text);
      } catch (e) {
        send(res, 400, 'text/plain', `${e instanceof Error ? e.message : String(e)}\n`);
      }
    })();
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => res());
  });
  const addr = server.address() as AddressInfo;
  return {
    url: `http://${addr.address}:${addr.port}`,
    quads: store.size,
    close: () =>
      new Promise<void>((res) => {
        server.close(() => res());
        server.closeAllConnections();
      }),
  };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const data = arg('--data');
  if (data === undefined) {
    process.stderr.write('usage: oxigraph-server.ts --data dump.nq [--port 3031] [--host 127.0.0.1]\n');
    process.exit(2);
  }
  const server = await startOxigraphServer({ nquads: await readFile(data, 'utf8'), port: Number(arg('--port') ?? 3031), host: arg('--host') ?? '127.0.0.1' });
  process.stdout.write(`oxigraph endpoint at ${server.url}/sparql (${server.quads} quads)\n`);
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
