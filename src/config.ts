// Settings from the environment: read once, validated, frozen. A bad value stops the process with a message.

/** The file of the dumps folder that the endpoint and `ots-kg query` load. */
export const DATASET_FILE = 'ots-kg.nq';
import { availableParallelism } from 'node:os';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_BASE_IRI = 'https://w3id.org/ots-kg/';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Canonical base of every IRI the graph mints; ends in '/'. */
  readonly baseIri: string;
  /** Folder holding the dumps; the endpoint reads `ots-kg.nq` from it. */
  readonly dumpsDir: string;
  /** Wall-clock limit of one query (arrival to last byte), ms. */
  readonly queryTimeoutMs: number;
  /** Largest query text accepted, bytes (413 beyond). */
  readonly queryMaxBytes: number;
  /** Most solutions or triples in one answer; beyond it the answer is cut and says so in a header. */
  readonly queryMaxRows: number;
  /** Query worker threads. */
  readonly queryWorkers: number;
  /** Queries that may wait for a worker; one more gets 503 with Retry-After. */
  readonly queryQueueMax: number;
  /** Answers kept in the result cache (0 turns it off). */
  readonly queryCacheEntries: number;
  /** Largest answer the cache keeps, bytes. */
  readonly queryCacheMaxBytes: number;
  /** SPARQL endpoints a SERVICE clause may call. */
  readonly serviceAllowlist: readonly string[];
  /** Time allowed for each SERVICE request, ms; shorter than the query's own limit. */
  readonly serviceTimeoutMs: number;
  /** User-Agent of every request that leaves for another service (SERVICE calls, Wikidata's API): names the project and a contact. */
  readonly userAgent: string;
  /** Wikidata's action API, asked by `ots-kg links`. */
  readonly wikidataApi: string;
  /** One log line per request on stdout. */
  readonly logRequests: boolean;
  /**
   * The addresses people and crawlers reach this server at (`https://host[:port]/`, the first one
   * the primary). Empty: the address the request arrived on (the server's own listening address),
   * never the Host header a client sent.
   */
  readonly publicUrls: readonly string[];
  /** Where links lead: `local` (pages and the editor link to this server), or `rewrite` (the RDF served names things here too). */
  readonly linkMode: LinkMode;
  /** How often the dumps folder is checked for a new version of the dataset, ms (0: never). */
  readonly datasetCheckMs: number;
  /** Deepest nesting of a query's structure accepted (400 beyond); see query/limits.ts. */
  readonly queryMaxDepth: number;
  /** A query running longer than this is long: its kind of query takes the long lane (see query/pool.ts). */
  readonly queryShortMs: number;
  /** Longest a query waits for a worker before 503 with Retry-After. */
  readonly queryQueueWaitMs: number;
  /** Longest a query waits while the workers first load the data before 503 with Retry-After. */
  readonly queryStartWaitMs: number;
  /** Long or never-measured queries that may wait for the long lane; one more gets 503 at once. */
  readonly queryLongQueueMax: number;
  /** Workers kept free of long queries (undefined: 1 with two workers or more, else 0). */
  readonly queryReservedWorkers: number | undefined;
  /** How long a running query may go on after its client left before its worker is ended. */
  readonly queryAbandonMs: number;
  /** Nice value of a worker thread running a long query or loading beside serving workers; 0 never. */
  readonly queryBackgroundNice: number;
  /** A query answered later than this (arrival to first byte) is logged as query-slow with where its time went; 0 never. */
  readonly querySlowLogMs: number;
  /** After SIGTERM, how long in-flight requests may take before they are answered 503 / cut. */
  readonly shutdownGraceMs: number;
  /** Ceiling of each query worker's JavaScript heap (V8 old generation), MB; 0 leaves V8's own. */
  readonly queryWorkerHeapMb: number;
  /** Speed mechanisms turned off, for comparisons (SPEEDUPS_OFF). */
  readonly speedupsOff: ReadonlySet<Speedup>;
  /** Where the data is: in the query workers (embedded) or in a SPARQL store outside the process. */
  readonly store: StoreSetting;
  /** Under STORE=sparql:URL, queries evaluated at once; the others wait their turn. */
  readonly storeConcurrency: number;
}

/** STORE: `embedded` (each query worker holds the data) or `sparql:<URL>` (a SPARQL 1.1 store holding the dumps). */
export type StoreSetting = { readonly kind: 'embedded' } | { readonly kind: 'sparql'; readonly url: string };

/** Parses STORE. */
export function parseStore(raw: string | undefined, key = 'STORE'): StoreSetting {
  if (raw === undefined || raw.trim() === '' || raw.trim().toLowerCase() === 'embedded') return Object.freeze({ kind: 'embedded' as const });
  const v = raw.trim();
  const how = `expected embedded, or sparql: and the store's SPARQL endpoint (example: sparql:http://127.0.0.1:8890/sparql)`;
  if (!v.toLowerCase().startsWith('sparql:')) throw new ConfigError(`${key}=${JSON.stringify(raw)} is not a store (${how})`);
  const rest = v.slice('sparql:'.length);
  let u: URL;
  try {
    u = new URL(rest);
  } catch {
    throw new ConfigError(`${key}=${JSON.stringify(raw)}: ${JSON.stringify(rest)} is not an absolute URL (${how})`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigError(`${key}=${JSON.stringify(raw)}: the store must be reached over http or https, not ${u.protocol}`);
  if (u.hash) throw new ConfigError(`${key}=${JSON.stringify(raw)}: the endpoint URL must not carry a fragment`);
  return Object.freeze({ kind: 'sparql' as const, url: u.href });
}

/** The speed mechanisms SPEEDUPS_OFF can turn off (docs/endpoint.md, "What each speed mechanism buys"). */
export const SPEEDUPS = ['quick-plan', 'fast-path', 'url-index', 'warmup', 'pushdown', 'json-writer'] as const;
export type Speedup = (typeof SPEEDUPS)[number];

export type LinkMode = 'local' | 'rewrite';
export const LINK_MODES: readonly LinkMode[] = ['local', 'rewrite'];

export const DEFAULT_SERVICE_ALLOWLIST: readonly string[] = ['https://query.wikidata.org/sparql'];
/** Identifies ots-kg to the services it calls, with where to reach its operators (Wikimedia's User-Agent policy asks for both). */
export const DEFAULT_USER_AGENT = 'ots-kg/0.1 (https://w3id.org/ots-kg/; linked-data publisher for the Organization of Turkic States)';
export const DEFAULT_WIKIDATA_API = 'https://www.wikidata.org/w/api.php';
export const DEFAULT_SERVICE_TIMEOUT_MS = 10_000;

/** The settings table (docs/endpoint.md prints it): variable, default, meaning. */
export const SETTINGS: readonly { readonly env: string; readonly default: string; readonly meaning: string }[] = [
  { env: 'PORT', default: '3000', meaning: 'TCP port to listen on (0 picks a free one)' },
  { env: 'HOST', default: '127.0.0.1', meaning: 'interface to listen on (0.0.0.0 for all)' },
  { env: 'BASE_IRI', default: DEFAULT_BASE_IRI, meaning: 'base of every IRI the graph mints; ends in /' },
  { env: 'DUMPS_DIR', default: 'dist/dumps', meaning: 'folder of the dumps; the endpoint loads ots-kg.nq from it' },
  { env: 'STORE', default: 'embedded', meaning: 'where the data is: embedded (each query worker holds a copy), or sparql:URL, a SPARQL store holding the dumps (loaded with ots-kg load virtuoso), which must hold the version in DUMPS_DIR; see docs/store.md' },
  { env: 'QUERY_TIMEOUT_MS', default: '30000', meaning: 'wall-clock limit of a query; past it the query is stopped and answered 503' },
  { env: 'QUERY_MAX_BYTES', default: '65536', meaning: 'largest query text accepted; larger gets 413' },
  { env: 'QUERY_MAX_ROWS', default: '10000', meaning: 'most solutions/triples per answer; a cut answer carries X-Result-Truncated: true' },
  { env: 'QUERY_WORKERS', default: 'number of cores', meaning: 'query worker threads, each with its own copy of the data' },
  { env: 'STORE_CONCURRENCY', default: '4', meaning: 'under STORE=sparql:URL, queries evaluated at once (each answer is held while it is read and written, so this bounds the memory answers take); the others wait in turn (QUERY_QUEUE_MAX, QUERY_QUEUE_WAIT_MS)' },
  { env: 'QUERY_QUEUE_MAX', default: '256', meaning: 'queries waiting for a worker; beyond it 503 with Retry-After' },
  { env: 'QUERY_CACHE_ENTRIES', default: '1000', meaning: 'answers kept in the result cache (ETag, If-None-Match gives 304); 0 turns it off' },
  { env: 'QUERY_CACHE_MAX_BYTES', default: '1048576', meaning: 'largest answer the cache keeps' },
  { env: 'SERVICE_ALLOWLIST', default: DEFAULT_SERVICE_ALLOWLIST.join(' '), meaning: 'space- or comma-separated SPARQL endpoints SERVICE may call; "none" for no federation' },
  { env: 'SERVICE_TIMEOUT_MS', default: '10000 (at most QUERY_TIMEOUT_MS − 1000)', meaning: 'time allowed for each SERVICE request; past it the query is answered 502, well before its own limit' },
  { env: 'USER_AGENT', default: DEFAULT_USER_AGENT, meaning: 'User-Agent of SERVICE requests and of `ots-kg links`; must name a contact (an http(s) URL or an e-mail address), as Wikimedia\'s User-Agent policy asks' },
  { env: 'WIKIDATA_API', default: DEFAULT_WIKIDATA_API, meaning: 'Wikidata\'s action API, asked by `ots-kg links verify` and `links suggest`' },
  { env: 'PUBLIC_URL', default: 'the address the server listens on', meaning: 'address(es) of this server as people reach it (https://host[:port]/, space- or comma-separated, first one primary); the sitemap and pages use it, never a client-sent Host header' },
  { env: 'LINK_MODE', default: 'local', meaning: 'local: pages and query results link to this server, RDF keeps the canonical IRIs; rewrite: the RDF served by /id/… and the other pages also names things under PUBLIC_URL' },
  { env: 'LOG_REQUESTS', default: 'true', meaning: 'one log line per request on stdout (method, path, status, duration, query hash)' },
  { env: 'DATASET_CHECK_MS', default: '2000', meaning: 'how often DUMPS_DIR is checked for a rebuilt dataset, which is then checked and switched in; 0 never' },
  // Serving that holds (robustness settings).
  { env: 'QUERY_SHORT_MS', default: '500', meaning: 'a query that runs longer is long: from then on its kind of query waits for the long lane, which never takes the reserved workers' },
  { env: 'QUERY_RESERVED_WORKERS', default: '1 (0 with one worker)', meaning: 'workers long queries never occupy, so short ones (lookups) are answered however many long ones run' },
  { env: 'QUERY_LONG_QUEUE_MAX', default: '4', meaning: 'long queries that may wait for the long lane; one more gets 503 with Retry-After at once' },
  { env: 'QUERY_QUEUE_WAIT_MS', default: '2000', meaning: 'longest a query waits for a worker before 503 with Retry-After' },
  { env: 'QUERY_START_WAIT_MS', default: '10000', meaning: 'longest a query waits while the workers first load the data (start-up) before 503 with Retry-After' },
  { env: 'QUERY_ABANDON_MS', default: '500', meaning: 'how long a running query may go on after its client went away before its worker is ended and replaced' },
  { env: 'QUERY_BACKGROUND_NICE', default: '10', meaning: "nice value (0-19) of a query worker thread while it runs a long query or loads the data beside serving workers, so lookups and the HTTP thread are scheduled first (Linux; used only when the process may restore a thread's priority: CAP_SYS_NICE or a nice limit of 20); 0 never" },
  { env: 'QUERY_SLOW_LOG_MS', default: '1000', meaning: 'a query whose answer takes longer (arrival to first byte) gets one log line, query-slow, with its wait for a worker, its run, its lane and what the pool was doing when it arrived (workers starting, a new version loading); 0 never' },
  { env: 'SHUTDOWN_GRACE_MS', default: '10000', meaning: 'after SIGTERM, time in-flight requests have to finish; then they are answered 503 (or cut, if their answer had started)' },
  { env: 'QUERY_WORKER_HEAP_MB', default: '768', meaning: "ceiling of each query worker's JavaScript heap (V8's old generation), in MB; bounds the memory the workers' heap grows to under load; 0 leaves V8's own ceiling" },
  { env: 'SPEEDUPS_OFF', default: '(none)', meaning: 'for comparisons only: comma-separated speed mechanisms to turn off (quick-plan, fast-path, url-index, warmup, pushdown, json-writer); the answers stay the same' },
  { env: 'QUERY_MAX_DEPTH', default: '128', meaning: 'deepest nesting of a query accepted (each {, ( or [, and each pattern or OPTIONAL/UNION/FILTER/operator chained inside one); deeper gets 400 before reaching the store' },
];

type Env = Readonly<Record<string, string | undefined>>;

function int(env: Env, key: string, def: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${key}=${JSON.stringify(raw)} is not a whole number (expected ${min}..${max})`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${key}=${raw} is out of range (expected ${min}..${max})`);
  return n;
}

export function parseBaseIri(raw: string, key = 'BASE_IRI'): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${key}=${JSON.stringify(raw)} is not an absolute IRI (example: https://example.org/ots/)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${key} must be an http(s) IRI, got ${url.protocol}`);
  if (url.search || url.hash) throw new ConfigError(`${key} must not carry a query or fragment: ${raw}`);
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

function bool(env: Env, key: string, def: boolean): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return def;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${key}=${JSON.stringify(raw)} is not a boolean (expected true or false)`);
}

/** Parses SERVICE_ALLOWLIST: absolute http(s) endpoint URLs separated by spaces or commas, or "none". */
export function parseAllowlist(raw: string | undefined, key = 'SERVICE_ALLOWLIST'): readonly string[] {
  if (raw === undefined || raw.trim() === '') return DEFAULT_SERVICE_ALLOWLIST;
  if (raw.trim().toLowerCase() === 'none') return Object.freeze([]);
  const out = raw.split(/[\s,]+/).filter((s) => s !== '').map((e) => {
    let u: URL;
    try {
      u = new URL(e);
    } catch {
      throw new ConfigError(`${key}: ${JSON.stringify(e)} is not an absolute URL (example: https://query.wikidata.org/sparql)`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigError(`${key}: ${e} is not an http(s) endpoint`);
    if (u.hash) throw new ConfigError(`${key}: ${e} must not carry a fragment`);
    return u.href;
  });
  return Object.freeze(out);
}

/** Parses PUBLIC_URL: server roots (`https://host[:port]/`) separated by spaces or commas; empty means the listening address. */
export function parsePublicUrls(raw: string | undefined, key = 'PUBLIC_URL'): readonly string[] {
  if (raw === undefined || raw.trim() === '') return Object.freeze([]);
  const out = raw.split(/[\s,]+/).filter((s) => s !== '').map((e) => {
    let u: URL;
    try {
      u = new URL(e);
    } catch {
      throw new ConfigError(`${key}: ${JSON.stringify(e)} is not an absolute URL (example: https://ots.example.org/)`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigError(`${key}: ${e} must be an http(s) URL`);
    if (u.search || u.hash || u.username || u.password) throw new ConfigError(`${key}: ${e} must be a plain server address, without query, fragment or credentials`);
    if (u.pathname !== '/') throw new ConfigError(`${key}: ${e} has a path (${u.pathname}); give the server's root (${u.origin}/): serving under a path prefix is not supported`);
    return `${u.origin}/`;
  });
  return Object.freeze([...new Set(out)]);
}

function linkMode(env: Env): LinkMode {
  const raw = env.LINK_MODE;
  if (raw === undefined || raw === '') return 'local';
  const v = raw.trim().toLowerCase();
  if ((LINK_MODES as readonly string[]).includes(v)) return v as LinkMode;
  throw new ConfigError(`LINK_MODE=${JSON.stringify(raw)} is not a link mode (expected ${LINK_MODES.join(' or ')})`);
}

export function loadConfig(env: Env = process.env, cores: number = availableParallelism()): Config {
  const host = env.HOST && env.HOST !== '' ? env.HOST : '127.0.0.1';
  if (/\s/.test(host)) throw new ConfigError(`HOST=${JSON.stringify(host)} must be a host name or address without spaces`);
  return Object.freeze({
    port: int(env, 'PORT', 3000, 0, 65535),
    host,
    baseIri: parseBaseIri(env.BASE_IRI && env.BASE_IRI !== '' ? env.BASE_IRI : DEFAULT_BASE_IRI),
    dumpsDir: env.DUMPS_DIR && env.DUMPS_DIR !== '' ? env.DUMPS_DIR : 'dist/dumps',
    queryTimeoutMs: int(env, 'QUERY_TIMEOUT_MS', 30_000, 100, 3_600_000),
    queryMaxBytes: int(env, 'QUERY_MAX_BYTES', 65_536, 64, 10_485_760),
    queryMaxRows: int(env, 'QUERY_MAX_ROWS', 10_000, 1, 10_000_000),
    queryWorkers: int(env, 'QUERY_WORKERS', Math.max(1, cores), 1, 64),
    queryQueueMax: int(env, 'QUERY_QUEUE_MAX', 256, 0, 100_000),
    queryCacheEntries: int(env, 'QUERY_CACHE_ENTRIES', 1000, 0, 1_000_000),
    queryCacheMaxBytes: int(env, 'QUERY_CACHE_MAX_BYTES', 1_048_576, 0, 1_073_741_824),
    serviceAllowlist: parseAllowlist(env.SERVICE_ALLOWLIST),
    ...outboundSettings(env),
    logRequests: bool(env, 'LOG_REQUESTS', true),
    publicUrls: parsePublicUrls(env.PUBLIC_URL),
    linkMode: linkMode(env),
    datasetCheckMs: int(env, 'DATASET_CHECK_MS', 2_000, 0, 86_400_000),
    store: parseStore(env.STORE),
    storeConcurrency: int(env, 'STORE_CONCURRENCY', 4, 1, 1_000),
    ...robustnessSettings(env),
  });
}

/** The settings of requests that leave for other services: their time limit, their User-Agent, Wikidata's API. */
function outboundSettings(env: Env): { serviceTimeoutMs: number; userAgent: string; wikidataApi: string } {
  const queryTimeoutMs = int(env, 'QUERY_TIMEOUT_MS', 30_000, 100, 3_600_000);
  // A SERVICE call must give up before the query does, so the client hears which part failed.
  const max = Math.max(50, queryTimeoutMs - 1000);
  const given = env.SERVICE_TIMEOUT_MS !== undefined && env.SERVICE_TIMEOUT_MS !== '';
  const serviceTimeoutMs = given ? int(env, 'SERVICE_TIMEOUT_MS', DEFAULT_SERVICE_TIMEOUT_MS, 50, 3_600_000) : Math.min(DEFAULT_SERVICE_TIMEOUT_MS, max);
  if (serviceTimeoutMs > max) throw new ConfigError(`SERVICE_TIMEOUT_MS=${serviceTimeoutMs} must be shorter than QUERY_TIMEOUT_MS=${queryTimeoutMs} by at least a second (at most ${max}), so a slow SERVICE fails before the query's own limit`);
  const userAgent = env.USER_AGENT !== undefined && env.USER_AGENT !== '' ? env.USER_AGENT : DEFAULT_USER_AGENT;
  if (/[\u0000-\u001f\u007f]/.test(userAgent)) throw new ConfigError('USER_AGENT holds control characters; give one line of text');
  if (!/https?:\/\/\S+|[^\s@()<>]+@[^\s@()<>]+\.[a-z]{2,}/i.test(userAgent)) {
    throw new ConfigError(`USER_AGENT=${JSON.stringify(userAgent)} names no contact; add an http(s) URL or an e-mail address where the operators can be reached, e.g. "ots-kg/0.1 (https://example.org/contact)" (Wikimedia's User-Agent policy)`);
  }
  const wikidataApi = env.WIKIDATA_API !== undefined && env.WIKIDATA_API !== '' ? env.WIKIDATA_API : DEFAULT_WIKIDATA_API;
  let u: URL;
  try {
    u = new URL(wikidataApi);
  } catch {
    throw new ConfigError(`WIKIDATA_API=${JSON.stringify(wikidataApi)} is not an absolute URL (Wikidata's is ${DEFAULT_WIKIDATA_API})`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigError(`WIKIDATA_API=${wikidataApi} must be an http(s) URL`);
  return { serviceTimeoutMs, userAgent, wikidataApi };
}

function heapMb(env: Env): number {
  const n = int(env, 'QUERY_WORKER_HEAP_MB', 768, 0, 65_536);
  if (n > 0 && n < 64) throw new ConfigError(`QUERY_WORKER_HEAP_MB=${n} is too small for a query worker (at least 64, or 0 for V8's own ceiling)`);
  return n;
}

function speedupsOff(env: Env): ReadonlySet<Speedup> {
  const raw = (env.SPEEDUPS_OFF ?? '').split(/[\s,]+/).filter((x) => x !== '');
  for (const x of raw) {
    if (!(SPEEDUPS as readonly string[]).includes(x)) throw new ConfigError(`SPEEDUPS_OFF names ${JSON.stringify(x)}, which is not one of ${SPEEDUPS.join(', ')}`);
  }
  return new Set(raw as Speedup[]);
}

/** The settings that keep the serving core robust under hostile queries and load. */
function robustnessSettings(env: Env) {
  return {
    queryMaxDepth: int(env, 'QUERY_MAX_DEPTH', 128, 8, 10_000),
    queryShortMs: int(env, 'QUERY_SHORT_MS', 500, 10, 3_600_000),
    queryReservedWorkers: env.QUERY_RESERVED_WORKERS === undefined || env.QUERY_RESERVED_WORKERS === '' ? undefined : int(env, 'QUERY_RESERVED_WORKERS', 1, 0, 63),
    queryLongQueueMax: int(env, 'QUERY_LONG_QUEUE_MAX', 4, 0, 100_000),
    queryQueueWaitMs: int(env, 'QUERY_QUEUE_WAIT_MS', 2000, 0, 3_600_000),
    queryStartWaitMs: int(env, 'QUERY_START_WAIT_MS', 10_000, 0, 3_600_000),
    queryAbandonMs: int(env, 'QUERY_ABANDON_MS', 500, 0, 60_000),
    querySlowLogMs: int(env, 'QUERY_SLOW_LOG_MS', 1000, 0, 3_600_000),
    queryBackgroundNice: int(env, 'QUERY_BACKGROUND_NICE', 10, 0, 19),
    shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 3_600_000),
    queryWorkerHeapMb: heapMb(env),
    speedupsOff: speedupsOff(env),
  };
}
