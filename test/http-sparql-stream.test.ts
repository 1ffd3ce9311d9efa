// Failures in the middle of an answer: the connection is cut (never a 200 that looks whole); failures before it get a real status.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/app.js';
import { loadConfig } from '../src/config.js';
import type { QueryService } from '../src/query/service.js';
import type { Answer } from '../src/query/engine.js';

/** A query service whose answers follow a script: the HTTP layer is what is under test here. */
function scripted(script: (query: string) => Promise<Answer>): QueryService {
  return {
    ready: Promise.resolve(),
    answer: (q) => script(q),
    reload: async () => undefined,
    stats: () => ({ workers: 1, readyWorkers: 1, busy: 0, queued: 0, replaced: 0, quads: 0 }),
    close: async () => undefined,
  };
}

const head = { status: 200, mediaType: 'text/csv; charset=utf-8', headers: {}, cacheable: true };

describe('answers that fail part-way', () => {
  let server: Server;
  let base: string;
  const logged: string[] = [];
  beforeAll(async () => {
    const config = loadConfig({ QUERY_CACHE_MAX_BYTES: '1024', LOG_REQUESTS: 'false' }, 1);
    const service = scripted(async (q) => {
      if (q.startsWith('#mid')) {
        return {
          ...head,
          body: (async function* () {
            yield `x\n${'1\n'.repeat(4000)}`; // past the 1 KiB gathered before the status goes out
            await new Promise((r) => setTimeout(r, 20));
            throw new Error('the worker stopped mid-answer');
          })(),
        };
      }
      if (q.startsWith('#early')) {
        return {
          ...head,
          body: (async function* () {
            yield 'x\n';
            throw new Error('failed after 2 bytes: internal detail at /srv/secret.ts:12');
          })(),
        };
      }
      throw new Error('engine exploded\n    at secret (/srv/secret.ts:1:1)');
    });
    const app = createApp({ config, queryService: service, dumpsDir: '.', log: (l) => logged.push(l) });
    server = await new Promise<Server>((r) => {
      const s = app.listen(0, '127.0.0.1', () => r(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise<void>((r) => server.close(() => r())));

  it('cuts the connection when the answer fails after the status was sent', async () => {
    const res = await fetch(`${base}/sparql?query=${encodeURIComponent('#mid\nSELECT * {}')}`);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    expect(logged.some((l) => l.includes('mid-stream') && l.includes('the worker stopped mid-answer'))).toBe(true);
  });

  it('answers 500 when the answer fails before the status was sent, without internals', async () => {
    const res = await fetch(`${base}/sparql?query=${encodeURIComponent('#early\nSELECT * {}')}`);
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).toMatch(/internal error \(reference [0-9a-f]{8}\)/);
    expect(body).not.toMatch(/secret/);
  });

  it('never shows a stack trace in a 500', async () => {
    const res = await fetch(`${base}/sparql?query=${encodeURIComponent('SELECT * {}')}`, { headers: { Accept: 'application/json' } });
    expect(res.status).toBe(500);
    const body = (await res.json()) as { message: string };
    expect(body.message).not.toMatch(/secret|\bat\b/);
    expect(logged.some((l) => l.includes('/srv/secret.ts'))).toBe(true);
  });
});
