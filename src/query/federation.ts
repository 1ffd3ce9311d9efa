// The federation allowlist: which SERVICE endpoints a query may reach, checked on the query plan and again on every outbound request.
import { lookup } from 'node:dns/promises';
import { isIP, BlockList } from 'node:net';
import { QueryError } from './errors.js';

export interface FederationPolicy {
  /** Endpoint URLs a SERVICE clause may name (compared on scheme, host, port and path; the query string is ignored). */
  readonly allow: readonly string[];
}

/** Resolves a host name to its addresses; replaceable in tests. */
export type Resolver = (host: string) => Promise<string[]>;

const defaultResolver: Resolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

// Addresses a SERVICE request must never reach unless the allowlist names them literally.
const NON_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) NON_PUBLIC.addSubnet(net, prefix, 'ipv4');
// IPv4-mapped addresses (::ffff:a.b.c.d) are judged by their IPv4 part below; a rule for ::ffff:0:0/96 here would make
// BlockList refuse every IPv4 address.
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) {
  NON_PUBLIC.addSubnet(net, prefix, 'ipv6');
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6 && address.toLowerCase().startsWith('::ffff:')) {
    // An IPv4-mapped address is judged as the IPv4 address it carries.
    const v4 = address.slice(7);
    if (isIP(v4) === 4) return !NON_PUBLIC.check(v4, 'ipv4');
  }
  return !NON_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function endpointKey(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Validates the configured allowlist once; a bad entry stops the process. */
export function parseAllowlist(entries: readonly string[]): URL[] {
  return entries.map((e) => {
    let u: URL;
    try {
      u = new URL(e);
    } catch {
      throw new Error(`${JSON.stringify(e)} is not an absolute URL (example: https://query.wikidata.org/sparql)`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`${e}: only http and https endpoints can be allowed`);
    return u;
  });
}

export class Allowlist {
  private readonly entries: Map<string, URL>;
  public constructor(
    policy: FederationPolicy,
    private readonly resolve: Resolver = defaultResolver,
  ) {
    this.entries = new Map(parseAllowlist(policy.allow).map((u) => [endpointKey(u), u]));
  }

  public get size(): number {
    return this.entries.size;
  }

  /** Throws a 400 QueryError unless `iri` names an allowed endpoint. No I/O. */
  public checkIri(iri: string): URL {
    let url: URL;
    try {
      url = new URL(iri);
    } catch {
      throw refusal(`SERVICE <${iri}> is not an absolute URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refusal(`SERVICE <${iri}> uses the ${url.protocol} scheme; only http(s) endpoints on the allowlist can be queried`);
    if (!this.entries.has(endpointKey(url))) {
      const allowed = [...this.entries.keys()];
      throw refusal(`SERVICE <${iri}> is not on this endpoint's federation allowlist (allowed: ${allowed.length > 0 ? allowed.join(', ') : 'none'})`);
    }
    return url;
  }

  /** Checks the endpoint and the addresses its host resolves to; a host named literally on the list is trusted as is. */
  public async checkRequest(iri: string): Promise<void> {
    const url = this.checkIri(iri);
    const host = stripBrackets(url.hostname);
    if (isIP(host) !== 0 || host === 'localhost') return; // named literally by the operator: an explicit choice
    let addresses: string[];
    try {
      addresses = await this.resolve(host);
    } catch (e) {
      throw refusal(`SERVICE host ${host} could not be resolved (${e instanceof Error ? e.message : String(e)})`);
    }
    const bad = addresses.filter((a) => !isPublicAddress(a));
    if (addresses.length === 0 || bad.length > 0) {
      throw refusal(`SERVICE host ${host} resolves to a loopback, private or link-local address (${bad.join(', ') || 'none'}); refused`);
    }
  }

  /** A fetch for the engine: every request, and every redirect it follows, must pass `checkRequest` before it is sent. */
  public guardedFetch(inner: typeof fetch = fetch, maxRedirects = 5): typeof fetch {
    const guarded = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
      let url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      let currentInit: RequestInit = { ...init, redirect: 'manual' };
      let request: Parameters<typeof fetch>[0] = input;
      for (let hop = 0; ; hop++) {
        await this.checkRequest(url);
        const res = await inner(request, currentInit);
        const location = res.headers.get('location');
        if (res.status < 300 || res.status >= 400 || !location) return res;
        if (hop >= maxRedirects) throw refusal(`SERVICE request to ${url} redirected more than ${maxRedirects} times`);
        url = new URL(location, url).href;
        request = url;
        // 303 (and 301/302 after POST, as browsers do) turn into GET without a body.
        if (res.status === 303 || ((res.status === 301 || res.status === 302) && (currentInit.method ?? 'GET') !== 'GET')) {
          currentInit = { ...currentInit, method: 'GET', body: undefined };
        }
      }
    };
    return guarded as typeof fetch;
  }
}

export const FEDERATION_REFUSED = 'federation refused';

function refusal(message: string): QueryError {
  return new QueryError({ status: 400, code: 'federation-refused', message: `${FEDERATION_REFUSED}: ${message}` });
}
