// GET /health: what the query workers can do right now, told as it is. Plain node objects, so the server answers it
// before Express has loaded.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceStats } from '../query/service.js';

/**
 * ok: a worker can answer; starting: none has been ready yet; degraded: none can answer now (all of them being
 * replaced, or the dataset could not be loaded); shutting-down: the server is finishing in-flight work and stopping.
 */
export type HealthStatus = 'ok' | 'starting' | 'degraded' | 'shutting-down';

export function healthStatus(s: ServiceStats, closing = false): HealthStatus {
  if (closing) return 'shutting-down';
  if (s.store?.problem !== undefined) return 'degraded'; // a remote store that cannot serve the dataset now
  if (s.workers === 0 && s.everReady) return 'ok'; // an in-process service: always able to answer
  if (s.readyWorkers > 0 || s.warmupReady === true) return 'ok';
  if (s.startError !== undefined || s.everReady === true) return 'degraded';
  return 'starting';
}

/** Sends the health answer: 200 when the status is ok, else 503 (with Retry-After), the figures as JSON either way. */
export function sendHealth(req: IncomingMessage, res: ServerResponse, s: ServiceStats, extra: { closing?: boolean; cacheEntries?: number; cacheHits?: number } = {}): void {
  const status = healthStatus(s, extra.closing);
  const body = `${JSON.stringify({
    status,
    ...s,
    ...(extra.cacheEntries !== undefined ? { cacheEntries: extra.cacheEntries } : {}),
    ...(extra.cacheHits !== undefined ? { cacheHits: extra.cacheHits } : {}),
  })}\n`;
  res.statusCode = status === 'ok' ? 200 : 503;
  res.setHeader('Cache-Control', 'no-store');
  if (status !== 'ok') res.setHeader('Retry-After', status === 'shutting-down' ? '10' : '2');
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', String(Buffer.byteLength(body)));
  res.end(req.method === 'HEAD' ? undefined : body);
}
