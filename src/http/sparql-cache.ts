// A bounded LRU cache of whole answers, keyed by everything that shapes an answer, with strong ETags.
import { createHash } from 'node:crypto';

export interface CachedAnswer {
  readonly mediaType: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly etag: string;
}

export function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** True when an If-None-Match header names this ETag (or `*`); weak comparison, as RFC 9110 asks for GET. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === bare;
  });
}

export class AnswerCache {
  private readonly map = new Map<string, CachedAnswer>();
  /** The most recently used key (a repeated hit on it need not be moved). */
  private newest: string | undefined;
  public hits = 0;
  public misses = 0;
  public constructor(
    public readonly maxEntries: number,
    public readonly maxBytes: number,
  ) {}

  public get enabled(): boolean {
    return this.maxEntries > 0;
  }

  /** Whether the key holds an answer (not counted as a hit or a miss, and the order of use is left as it is). */
  public has(key: string): boolean {
    return this.map.has(key);
  }

  public get(key: string): CachedAnswer | undefined {
    const hit = this.map.get(key);
    if (!hit) {
      this.misses++;
      return undefined;
    }
    // Re-insert to mark it most recently used (unless it already is).
    if (key !== this.newest) {
      this.map.delete(key);
      this.map.set(key, hit);
      this.newest = key;
    }
    this.hits++;
    return hit;
  }

  public set(key: string, value: CachedAnswer): void {
    if (!this.enabled || value.body.length > this.maxBytes) return;
    this.map.delete(key);
    this.map.set(key, value);
    this.newest = key;
    while (this.map.size > this.maxEntries) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
    }
  }

  public clear(): void {
    this.map.clear();
    this.newest = undefined;
  }

  public get size(): number {
    return this.map.size;
  }
}
