// Wikidata's action API (wbgetentities, wbsearchentities) for the link curation tools: a configurable endpoint, a
// User-Agent with contact details (Wikimedia's User-Agent policy), a time limit, and an error of its own when the
// network cannot be reached, so a curator offline gets one clear line.

import { DEFAULT_USER_AGENT, DEFAULT_WIKIDATA_API } from '../config.js';

/** wbgetentities takes at most 50 IDs per request. */
export const MAX_IDS_PER_REQUEST = 50;

/** The network could not be reached at all (no route, no DNS, connection refused, timed out). */
export class OfflineError extends Error {
  constructor(
    readonly endpoint: string,
    readonly reason: string,
  ) {
    super(`Wikidata's API at ${endpoint} cannot be reached (${reason}); these tools need the network: try again when online`);
    this.name = 'OfflineError';
  }
}

/** The API answered, but not with what its documented format promises (an HTTP error, an error object, no JSON). */
export class WikidataApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WikidataApiError';
  }
}

export interface WikidataClientOptions {
  /** The action API's URL (WIKIDATA_API); tests point it at a stand-in on loopback. */
  readonly endpoint?: string;
  /** The User-Agent header sent with every request. */
  readonly userAgent?: string;
  /** Time allowed for one request, ms. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/** A statement's main value as wbgetentities gives it: an item's ID, a string or URL, or undefined for other kinds. */
export type ClaimValue = string | undefined;

export interface WikidataItem {
  /** The ID asked for. */
  readonly requested: string;
  /** 'missing': deleted or never created; 'redirected': merged into `id`. */
  readonly state: 'exists' | 'redirected' | 'missing';
  /** The item's current ID (the redirect's target when redirected). */
  readonly id: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly aliases: Readonly<Record<string, readonly string[]>>;
  readonly descriptions: Readonly<Record<string, string>>;
  /** Main values of the statements of each property (items as their IDs, strings and URLs as text). */
  readonly claims: Readonly<Record<string, readonly ClaimValue[]>>;
}

export interface SearchResult {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  /** What the search matched: a label or an alias, its language and text. */
  readonly match?: { readonly type: string; readonly language: string; readonly text: string };
}

interface RawEntity {
  id?: string;
  missing?: string;
  redirects?: { from?: string; to?: string };
  labels?: Record<string, { value?: string }>;
  aliases?: Record<string, { value?: string }[]>;
  descriptions?: Record<string, { value?: string }>;
  claims?: Record<string, { mainsnak?: { datavalue?: { value?: unknown } } }[]>;
}

function claimValue(v: unknown): ClaimValue {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && 'id' in v && typeof (v as { id: unknown }).id === 'string') return (v as { id: string }).id;
  return undefined;
}

export class WikidataClient {
  readonly endpoint: string;
  readonly userAgent: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(opts: WikidataClientOptions = {}) {
    this.endpoint = opts.endpoint ?? DEFAULT_WIKIDATA_API;
    this.userAgent = opts.userAgent ?? DEFAULT_USER_AGENT;
    this.#timeoutMs = opts.timeoutMs ?? 20_000;
    this.#fetch = opts.fetch ?? fetch;
  }

  /** One GET of the action API with `format=json`; the parsed answer, or OfflineError / WikidataApiError. */
  async call(params: Record<string, string>): Promise<Record<string, unknown>> {
    const url = new URL(this.endpoint);
    for (const [k, v] of Object.entries({ ...params, format: 'json', formatversion: '1' })) url.searchParams.set(k, v);
    let res: Response;
    try {
      res = await this.#fetch(url, { headers: { 'User-Agent': this.userAgent, Accept: 'application/json' }, signal: AbortSignal.timeout(this.#timeoutMs) });
    } catch (e) {
      throw new OfflineError(this.endpoint, networkCause(e));
    }
    const text = await res.text();
    if (!res.ok) throw new WikidataApiError(`Wikidata's API at ${this.endpoint} answered HTTP ${res.status} to ${params.action ?? 'a request'}`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new WikidataApiError(`Wikidata's API at ${this.endpoint} did not answer JSON to ${params.action ?? 'a request'}`);
    }
    if (!json || typeof json !== 'object') throw new WikidataApiError(`Wikidata's API at ${this.endpoint} answered ${params.action ?? 'a request'} with something other than a JSON object`);
    const err = (json as { error?: { code?: string; info?: string } }).error;
    if (err) throw new WikidataApiError(`Wikidata's API refused ${params.action ?? 'a request'}: ${err.code ?? 'error'}${err.info ? ` (${err.info})` : ''}`);
    return json as Record<string, unknown>;
  }

  /** The items of these IDs (wbgetentities, 50 a request), each as it stands: existing, redirected or missing. */
  async getEntities(ids: readonly string[], languages: readonly string[] = ['en']): Promise<Map<string, WikidataItem>> {
    const out = new Map<string, WikidataItem>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += MAX_IDS_PER_REQUEST) {
      const batch = unique.slice(i, i + MAX_IDS_PER_REQUEST);
      const json = await this.call({ action: 'wbgetentities', ids: batch.join('|'), props: 'labels|aliases|descriptions|claims', languages: languages.join('|'), redirects: 'yes' });
      const entities = json.entities;
      if (!entities || typeof entities !== 'object') throw new WikidataApiError(`Wikidata's API answered wbgetentities without 'entities'`);
      for (const [key, raw] of Object.entries(entities as Record<string, RawEntity>)) {
        // A redirected ID comes back under its target, saying where it came from.
        const requested = raw.redirects?.from ?? key;
        const id = raw.redirects?.to ?? raw.id ?? key;
        if (raw.missing !== undefined) {
          out.set(requested, { requested, state: 'missing', id: requested, labels: {}, aliases: {}, descriptions: {}, claims: {} });
          continue;
        }
        const labels = Object.fromEntries(Object.entries(raw.labels ?? {}).flatMap(([l, v]) => (typeof v.value === 'string' ? [[l, v.value]] : [])));
        const descriptions = Object.fromEntries(Object.entries(raw.descriptions ?? {}).flatMap(([l, v]) => (typeof v.value === 'string' ? [[l, v.value]] : [])));
        const aliases = Object.fromEntries(Object.entries(raw.aliases ?? {}).map(([l, vs]) => [l, vs.flatMap((v) => (typeof v.value === 'string' ? [v.value] : []))]));
        const claims = Object.fromEntries(Object.entries(raw.claims ?? {}).map(([p, cs]) => [p, cs.map((c) => claimValue(c.mainsnak?.datavalue?.value))]));
        out.set(requested, { requested, state: requested !== id ? 'redirected' : 'exists', id, labels, aliases, descriptions, claims });
      }
      for (const q of batch) if (!out.has(q)) throw new WikidataApiError(`Wikidata's API said nothing about ${q} in its answer to wbgetentities`);
    }
    return out;
  }

  /** Items whose label or alias matches the text (wbsearchentities), in Wikidata's order. */
  async search(text: string, language = 'en', limit = 7): Promise<SearchResult[]> {
    const json = await this.call({ action: 'wbsearchentities', search: text, language, uselang: language, type: 'item', limit: String(limit) });
    const list = json.search;
    if (!Array.isArray(list)) throw new WikidataApiError(`Wikidata's API answered wbsearchentities without 'search'`);
    return (list as Record<string, unknown>[]).flatMap((r) => {
      if (typeof r.id !== 'string') return [];
      const m = r.match as { type?: unknown; language?: unknown; text?: unknown } | undefined;
      const match = m && typeof m.type === 'string' && typeof m.text === 'string' ? { match: { type: m.type, language: typeof m.language === 'string' ? m.language : '', text: m.text } } : {};
      return [{ id: r.id, label: typeof r.label === 'string' ? r.label : '', description: typeof r.description === 'string' ? r.description : '', ...match }];
    });
  }
}

/** The reason a request never got an answer, in a few words (the code Node gives, or the message). */
function networkCause(e: unknown): string {
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) return 'no answer in time';
  const cause = e instanceof Error ? (e as Error & { cause?: { code?: string; message?: string } }).cause : undefined;
  return cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
}
