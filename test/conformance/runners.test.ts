// The protocol and service-description runners must fail an endpoint that breaks the rules, not only pass ours.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProtocolTests, loadServiceDescriptionTests } from './manifest.js';
import { READ_ONLY_NOTE, isUpdateRequest, runProtocolTests, runServiceDescriptionTests } from './protocol.js';

/** A careless endpoint: 200 and `true` to every request, whatever its method, type or content. */
function startCareless(): Promise<{ server: Server; endpoint: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const isSnapshot = (req.url ?? '').includes('UNION');
      res.writeHead(200, { 'content-type': 'application/sparql-results+json' });
      res.end(isSnapshot ? '{"head":{"vars":["s","p","o","g"]},"results":{"bindings":[]}}' : '{"head":{},"boolean":true}');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, endpoint: `http://127.0.0.1:${port}/sparql` });
    });
  });
}

describe('protocol and service-description runners', () => {
  let careless: { server: Server; endpoint: string };
  beforeAll(async () => {
    careless = await startCareless();
  });
  afterAll(async () => {
    await new Promise((resolve) => careless.server.close(resolve));
  });

  it('fail every error test and every accepted update of an endpoint that says yes to everything', async () => {
    const tests = loadProtocolTests();
    const outcomes = await runProtocolTests({ endpoint: careless.endpoint, load: async () => {} }, tests);
    // Only queries whose every answer is a boolean `true` may pass; errors must be 4xx, updates
    // refused, tables and graphs are not booleans.
    const mayPass = new Set(
      tests
        .filter((t) => t.requests.every((r) => !isUpdateRequest(r) && r.expectedStatus.includes('2xx') && r.expectedFormat === 'boolean' && r.expectedBoolean !== false))
        .map((t) => t.id),
    );
    expect(mayPass.size).toBeGreaterThan(5);
    for (const o of outcomes) {
      expect(o.passed, `${o.id}: ${o.reason ?? 'passed'}`).toBe(mayPass.has(o.id));
      expect(o.reason).not.toBe(READ_ONLY_NOTE);
    }
    expect(outcomes.filter((o) => !o.passed).length).toBeGreaterThan(20);
  });

  it('fail a service description that is not RDF', async () => {
    const outcomes = await runServiceDescriptionTests(careless.endpoint, loadServiceDescriptionTests());
    expect(outcomes).toHaveLength(3);
    for (const o of outcomes) expect(o.passed, o.id).toBe(false);
  });
});
