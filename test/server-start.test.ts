// Start-up order: the server listens before Express has loaded; requests that arrive meanwhile are answered, none lost.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { freePort } from '../src/free-port.js';
import { describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server.js';

const NQ = readFileSync(new URL('./fixtures/query/summit.nq', import.meta.url), 'utf8');

describe('the server while it starts', () => {
  it('answers queries, /health and pages sent before start-up finished', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const starting = startServer({ nquads: NQ, quiet: true, log: () => undefined, env: { PORT: String(port), HOST: '127.0.0.1', QUERY_WORKERS: '1', SERVICE_ALLOWLIST: 'none', LOG_REQUESTS: 'false' } });
    let server: RunningServer | undefined;
    void starting.then((s) => (server = s));
    // Poll until the socket accepts, then send one request of each kind at once, before startServer has resolved.
    const query = `${base}/sparql?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`;
    let accepted = false;
    for (let i = 0; i < 1000 && !accepted; i++) {
      accepted = await new Promise<boolean>((res) => {
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => {
          socket.destroy();
          res(true);
        });
        socket.once('error', () => res(false));
      });
      if (!accepted) await new Promise((r) => setTimeout(r, 5));
    }
    expect(accepted).toBe(true);
    const sentBeforeStart = server === undefined;
    const [q, health, page, missing] = await Promise.all([
      fetch(query, { headers: { accept: 'application/sparql-results+json' } }),
      fetch(`${base}/health`),
      fetch(`${base}/sparql`, { headers: { accept: 'text/turtle' } }),
      fetch(`${base}/no/such/page`),
    ]);
    try {
      expect(q.status).toBe(200);
      expect(await q.json()).toEqual({ head: {}, boolean: true });
      expect([200, 503]).toContain(health.status);
      expect(['ok', 'starting']).toContain(((await health.json()) as { status: string }).status);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('sd:endpoint');
      expect(missing.status).toBe(404);
      // The requests above were sent while the server was still starting (else this test shows nothing about it).
      expect(sentBeforeStart).toBe(true);
    } finally {
      await (await starting).close();
    }
  });
});
