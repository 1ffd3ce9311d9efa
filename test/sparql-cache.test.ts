// The answer cache: bounded by entries and by answer size, least recently used out first, emptied on demand.
import { describe, expect, it } from 'vitest';
import { AnswerCache, etagOf, matchesEtag, type CachedAnswer } from '../src/http/sparql-cache.js';

const answer = (text: string): CachedAnswer => {
  const body = Buffer.from(text);
  return { mediaType: 'text/plain', headers: {}, body, etag: etagOf(body) };
};

describe('the answer cache', () => {
  it('drops the least recently used answer first, a hit counting as a use', () => {
    const cache = new AnswerCache(2, 100);
    cache.set('a', answer('A'));
    cache.set('b', answer('B'));
    expect(cache.get('a')?.body.toString()).toBe('A'); // a is now the newest
    expect(cache.get('a')?.body.toString()).toBe('A'); // a second hit on the newest changes nothing
    cache.set('c', answer('C'));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.body.toString()).toBe('A');
    expect(cache.get('c')?.body.toString()).toBe('C');
    cache.set('d', answer('D'));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(2);
    expect(cache.hits).toBe(4);
    expect(cache.misses).toBe(2);
  });

  it('keeps no answer larger than its limit, none at all with no entries, and forgets everything when cleared', () => {
    const cache = new AnswerCache(2, 3);
    cache.set('big', answer('ABCD'));
    expect(cache.get('big')).toBeUndefined();
    cache.set('a', answer('A'));
    cache.clear();
    expect(cache.size).toBe(0);
    cache.set('b', answer('B'));
    cache.set('c', answer('C'));
    cache.set('b', answer('B2'));
    cache.set('e', answer('E'));
    expect(cache.get('c')).toBeUndefined();
    expect(cache.get('b')?.body.toString()).toBe('B2');
    const off = new AnswerCache(0, 100);
    off.set('a', answer('A'));
    expect(off.enabled).toBe(false);
    expect(off.size).toBe(0);
  });

  it('matches If-None-Match weakly, in a list or as *', () => {
    const etag = etagOf(Buffer.from('x'));
    expect(matchesEtag(undefined, etag)).toBe(false);
    expect(matchesEtag(`"other", W/${etag}`, etag)).toBe(true);
    expect(matchesEtag('*', etag)).toBe(true);
    expect(matchesEtag('"other"', etag)).toBe(false);
  });
});
