// Reference endpoint for the benchmark: Comunica's own `comunica-sparql-http` over the same N-Quads dump.
// Comunica 5's Node build has no actor that reads local files, so the dump is served over loopback HTTP
// (application/n-quads) and given to it as a URL. The dump is sent with a long max-age: without caching headers Comunica
// fetches and parses the whole dump again for every query; with them it keeps the parsed source, its best case.
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export const COMUNICA_BIN = join('node_modules', '.bin', 'comunica-sparql-http');

export interface DumpServer {
  readonly url: string;
  /** How many times the dump was fetched (1 when Comunica keeps the parsed source). */
  fetches(): number;
  close(): Promise<void>;
}

/** Serves one N-Quads file at `${url}` on loopback. */
export async function serveDump(file: string): Promise<DumpServer> {
  const info = await stat(file);
  const size = info.size;
  let count = 0;
  const server: Server = createServer((req, res) => {
    count++;
    res.writeHead(200, {
      'Content-Type': 'application/n-quads',
      'Content-Length': size,
      'Cache-Control': 'public, max-age=86400, immutable',
      'Last-Modified': info.mtime.toUTCString(),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => res());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ots-kg.nq`,
    fetches: () => count,
    close: () =>
      new Promise<void>((res) => {
        server.close(() => res());
        server.closeAllConnections();
      }),
  };
}

export interface ComunicaOptions {
  readonly sourceUrl: string;
  readonly port: number;
  /** Worker processes of comunica-sparql-http (its default is 1). */
  readonly workers?: number;
  /** Its query timeout, seconds (its default is 60). */
  readonly timeoutS?: number;
  readonly stdio: [ 'ignore', number, number ];
  readonly env?: NodeJS.ProcessEnv;
}

/** Spawns comunica-sparql-http in its own process group (so the group can be ended with its worker). */
export function spawnComunica(opts: ComunicaOptions): ChildProcess {
  const args = [opts.sourceUrl, '--port', String(opts.port), '--workers', String(opts.workers ?? 1), '--timeout', String(opts.timeoutS ?? 60)];
  return spawn(COMUNICA_BIN, args, { detached: true, stdio: opts.stdio, env: opts.env ?? process.env });
}
