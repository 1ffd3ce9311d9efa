// Settings: defaults, valid values, and a clear error naming the variable for every bad one.
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_BASE_IRI, SETTINGS, loadConfig, parseAllowlist, parseBaseIri } from '../src/config.js';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const c = loadConfig({}, 4);
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      baseIri: DEFAULT_BASE_IRI,
      dumpsDir: 'dist/dumps',
      queryTimeoutMs: 30_000,
      queryMaxBytes: 65_536,
      queryMaxRows: 10_000,
      queryWorkers: 4,
      queryQueueMax: 256,
      queryCacheEntries: 1000,
      serviceAllowlist: ['https://query.wikidata.org/sparql'],
      logRequests: true,
      datasetCheckMs: 2000,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it.each([
    { env: { PORT: '0' }, key: 'port', value: 0 },
    { env: { QUERY_TIMEOUT_MS: '1500' }, key: 'queryTimeoutMs', value: 1500 },
    { env: { QUERY_WORKERS: '3' }, key: 'queryWorkers', value: 3 },
    { env: { QUERY_CACHE_ENTRIES: '0' }, key: 'queryCacheEntries', value: 0 },
    { env: { LOG_REQUESTS: 'false' }, key: 'logRequests', value: false },
    { env: { DATASET_CHECK_MS: '0' }, key: 'datasetCheckMs', value: 0 },
    { env: { SERVICE_ALLOWLIST: 'none' }, key: 'serviceAllowlist', value: [] },
    { env: { SERVICE_ALLOWLIST: 'http://127.0.0.1:9999/sparql, https://dbpedia.org/sparql' }, key: 'serviceAllowlist', value: ['http://127.0.0.1:9999/sparql', 'https://dbpedia.org/sparql'] },
    { env: { BASE_IRI: 'https://example.org/ots' }, key: 'baseIri', value: 'https://example.org/ots/' },
    { env: {}, key: 'serviceTimeoutMs', value: 10_000 },
    { env: { QUERY_TIMEOUT_MS: '5000' }, key: 'serviceTimeoutMs', value: 4000 },
    { env: { SERVICE_TIMEOUT_MS: '2500' }, key: 'serviceTimeoutMs', value: 2500 },
    { env: { USER_AGENT: 'kg-mirror/2 (ops@example.org)' }, key: 'userAgent', value: 'kg-mirror/2 (ops@example.org)' },
    { env: { WIKIDATA_API: 'http://127.0.0.1:8181/w/api.php' }, key: 'wikidataApi', value: 'http://127.0.0.1:8181/w/api.php' },
  ])('reads $key from $env', ({ env, key, value }) => {
    expect(loadConfig(env, 2)[key as keyof ReturnType<typeof loadConfig>]).toEqual(value);
  });

  it.each([
    { env: { PORT: 'eighty' }, message: /PORT="eighty" is not a whole number/ },
    { env: { PORT: '70000' }, message: /PORT=70000 is out of range/ },
    { env: { QUERY_TIMEOUT_MS: '5' }, message: /QUERY_TIMEOUT_MS=5 is out of range/ },
    { env: { QUERY_WORKERS: '0' }, message: /QUERY_WORKERS=0 is out of range/ },
    { env: { QUERY_MAX_ROWS: '-1' }, message: /QUERY_MAX_ROWS="-1" is not a whole number/ },
    { env: { LOG_REQUESTS: 'maybe' }, message: /LOG_REQUESTS="maybe" is not a boolean/ },
    { env: { SERVICE_ALLOWLIST: 'query.wikidata.org' }, message: /SERVICE_ALLOWLIST: "query.wikidata.org" is not an absolute URL/ },
    { env: { SERVICE_ALLOWLIST: 'ftp://example.org/sparql' }, message: /SERVICE_ALLOWLIST: ftp:\/\/example.org\/sparql is not an http\(s\) endpoint/ },
    { env: { BASE_IRI: 'not an iri' }, message: /BASE_IRI="not an iri" is not an absolute IRI/ },
    { env: { SERVICE_TIMEOUT_MS: '30000' }, message: /SERVICE_TIMEOUT_MS=30000 must be shorter than QUERY_TIMEOUT_MS=30000 by at least a second \(at most 29000\)/ },
    { env: { USER_AGENT: 'my-bot/1.0' }, message: /USER_AGENT="my-bot\/1.0" names no contact; add an http\(s\) URL or an e-mail address/ },
    { env: { WIKIDATA_API: 'wikidata.org/w/api.php' }, message: /WIKIDATA_API="wikidata.org\/w\/api.php" is not an absolute URL/ },
    { env: { HOST: 'local host' }, message: /HOST="local host"/ },
    { env: { QUERY_WORKER_HEAP_MB: '10' }, message: /QUERY_WORKER_HEAP_MB=10 is too small/ },
    { env: { SPEEDUPS_OFF: 'quick-plan,turbo' }, message: /SPEEDUPS_OFF names "turbo"/ },
    { env: { STORE_CONCURRENCY: '0' }, message: /STORE_CONCURRENCY=0 is out of range \(expected 1\.\.1000\)/ },
    { env: { STORE: 'virtuoso' }, message: /STORE="virtuoso" is not a store \(expected embedded, or sparql:/ },
    { env: { STORE: 'sparql:ftp://127.0.0.1/sparql' }, message: /STORE="sparql:ftp:\/\/127.0.0.1\/sparql": the store must be reached over http or https/ },
    { env: { STORE: 'sparql:not a url' }, message: /STORE="sparql:not a url": "not a url" is not an absolute URL/ },
  ])('refuses $env with a message naming the variable', ({ env, message }) => {
    expect(() => loadConfig(env, 2)).toThrow(ConfigError);
    expect(() => loadConfig(env, 2)).toThrow(message);
  });

  it('documents every variable it reads in the settings table', () => {
    const documented = SETTINGS.map((s) => s.env).sort();
    expect(documented).toEqual(['BASE_IRI', 'DUMPS_DIR', 'HOST', 'LINK_MODE', 'LOG_REQUESTS', 'PORT', 'PUBLIC_URL', 'QUERY_CACHE_ENTRIES', 'QUERY_CACHE_MAX_BYTES', 'QUERY_MAX_BYTES', 'QUERY_MAX_DEPTH', 'QUERY_MAX_ROWS', 'QUERY_SHORT_MS', 'QUERY_RESERVED_WORKERS', 'QUERY_LONG_QUEUE_MAX', 'QUERY_QUEUE_WAIT_MS', 'QUERY_START_WAIT_MS', 'QUERY_ABANDON_MS', 'QUERY_BACKGROUND_NICE', 'QUERY_SLOW_LOG_MS', 'SHUTDOWN_GRACE_MS', 'QUERY_QUEUE_MAX', 'QUERY_TIMEOUT_MS', 'QUERY_WORKERS', 'SERVICE_ALLOWLIST', 'DATASET_CHECK_MS', 'SERVICE_TIMEOUT_MS', 'USER_AGENT', 'WIKIDATA_API', 'QUERY_WORKER_HEAP_MB', 'SPEEDUPS_OFF', 'STORE', 'STORE_CONCURRENCY'].sort());
  });

  it('reads STORE: embedded by default, or a SPARQL endpoint', () => {
    expect(loadConfig({}, 2).store).toEqual({ kind: 'embedded' });
    expect(loadConfig({ STORE: 'embedded' }, 2).store).toEqual({ kind: 'embedded' });
    expect(loadConfig({ STORE: 'sparql:http://127.0.0.1:8890/sparql' }, 2).store).toEqual({ kind: 'sparql', url: 'http://127.0.0.1:8890/sparql' });
  });

  it('normalises the base IRI and the allowlist', () => {
    expect(parseBaseIri('http://example.org')).toBe('http://example.org/');
    expect(parseAllowlist(undefined)).toEqual(['https://query.wikidata.org/sparql']);
    expect(parseAllowlist('  ')).toEqual(['https://query.wikidata.org/sparql']);
  });
});
