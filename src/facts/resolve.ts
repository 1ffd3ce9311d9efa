// Resolves what the YAML names: entities by id or any spelling, summits by id, citations by id, quotes by their place in the article.
import type { Citation, Entity, EntityKind, EvidenceRef, FactSet, Obj, SourceArticle, Subj } from './model.js';
import type { Issues, Value } from './reader.js';
import { closest, nameKey, normalizeWithMap, type Normalized } from './text.js';

export type Term =
  | { readonly t: 'path'; readonly path: string }
  | { readonly t: 'iri'; readonly iri: string }
  | { readonly t: 'literal'; readonly value: string; readonly lang?: string; readonly datatype?: string };

export interface LocatedQuote {
  readonly kind: 'quote';
  readonly article: SourceArticle;
  /** The passage as published in the graph: repaired and normalised. */
  readonly exact: string;
  /** UTF-16 offsets into the stored article text, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** 1-based line of the stored article where the passage starts. */
  readonly line: number;
  /** The heading of the article section the passage stands in. */
  readonly section?: string;
}

export type ResolvedEvidence = LocatedQuote | { readonly kind: 'cite'; readonly citation: Citation };

export interface ResolvedFact {
  readonly key: string;
  readonly file: string;
  readonly line: number;
  readonly evidence: readonly ResolvedEvidence[];
  readonly triples: ReadonlyArray<readonly [Term, string, Term]>;
  /** A problem was reported in the item or in resolving it: some statements or evidence may be missing. */
  readonly incomplete?: boolean;
}

export interface ResolvedFacts {
  readonly articles: readonly SourceArticle[];
  readonly citations: readonly Citation[];
  readonly entities: readonly Entity[];
  readonly facts: readonly ResolvedFact[];
}

interface ArticleIndex {
  readonly article: SourceArticle;
  readonly norm: Normalized;
  /** Start offsets (in the stored text) of each line. */
  readonly lineStarts: number[];
  /** Headings with the offset they start at. */
  readonly headings: Array<{ offset: number; title: string }>;
}

function indexArticle(article: SourceArticle): ArticleIndex {
  const lineStarts = [0];
  const headings: Array<{ offset: number; title: string }> = [];
  const text = article.text;
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const re = /^#{1,6}\s+(.+)$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) headings.push({ offset: m.index, title: normalizeWithMap(m[1] ?? '').text });
  return { article, norm: normalizeWithMap(text), lineStarts, headings };
}

function lineOf(idx: ArticleIndex, offset: number): number {
  let lo = 0;
  let hi = idx.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((idx.lineStarts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** The longest prefix of `needle` found in `hay`, for a hint on where a quote stops matching. */
function longestMatchingPrefix(hay: string, needle: string): string {
  let lo = 0;
  let hi = needle.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (hay.includes(needle.slice(0, mid))) lo = mid;
    else hi = mid - 1;
  }
  return needle.slice(0, lo);
}

/** Problems are reported through the `Value` each reference came from, into the issues of its file's reader. */
export function resolveFacts(set: FactSet, issues?: Issues): ResolvedFacts {
  const count = (): number => issues?.size ?? 0;
  // ---- duplicate IRIs
  const firstAt = new Map<string, Value>();
  for (const m of set.minted) {
    const prev = firstAt.get(m.path);
    if (prev) {
      const p = prev.position;
      m.at.fail(`duplicate IRI: '${m.path}' is already defined at ${p.file}:${p.line}`, 'give this item another id, or remove one of the two');
    } else firstAt.set(m.path, m.at);
  }

  // ---- entity names
  const byId = new Map<string, Entity[]>();
  const byName = new Map<string, Entity[]>();
  const push = (map: Map<string, Entity[]>, k: string, e: Entity): void => {
    const list = map.get(k) ?? [];
    if (!list.includes(e)) list.push(e);
    map.set(k, list);
  };
  for (const e of set.entities) {
    push(byId, e.id, e);
    for (const n of [e.name, ...e.also, ...Object.values(e.names)]) push(byName, nameKey(n), e);
  }
  const summits = new Map(set.summits.map((s) => [s.id, s]));
  const citations = new Map(set.citations.map((c) => [c.id, c]));

  const resolveEntity = (ref: string, kinds: readonly EntityKind[], at: Value): string | undefined => {
    const fits = (e: Entity): boolean => kinds.includes(e.kind);
    let candidates = (byId.get(ref) ?? []).filter(fits);
    if (candidates.length === 0) candidates = (byName.get(nameKey(ref)) ?? []).filter(fits);
    if (candidates.length === 1) return candidates[0]?.path;
    if (candidates.length > 1) {
      return at.fail(`'${ref}' is ambiguous: it names ${candidates.map((e) => `${e.kind} '${e.id}'`).join(' and ')}`, 'use the id instead of the name');
    }
    const other = [...(byId.get(ref) ?? []), ...(byName.get(nameKey(ref)) ?? [])][0];
    if (other) return at.fail(`'${ref}' is a ${other.kind}, but a ${kinds.join(' or ')} is expected here`);
    const pool = set.entities.filter(fits);
    const near = closest(ref, pool.map((e) => e.id), 3) ?? closest(nameKey(ref), pool.map((e) => nameKey(e.name)), 3);
    const hint = near ? `did you mean '${pool.find((e) => e.id === near || nameKey(e.name) === near)?.id ?? near}'?` : `define it in data/entities/ first (kind: ${kinds[0] ?? 'entity'})`;
    return at.fail(`unknown ${kinds.join(' or ')} '${ref}'`, hint);
  };
  const resolveSummit = (ref: string, at: Value): string | undefined => {
    const s = summits.get(ref);
    if (s) return s.path;
    const near = closest(ref, summits.keys(), 3);
    return at.fail(`unknown summit '${ref}'`, near ? `did you mean '${near}'?` : 'add a file data/summits/<id>.yaml for it');
  };
  const resolveCitation = (ref: string, at: Value): Citation | undefined => {
    const c = citations.get(ref);
    if (c) return c;
    const near = closest(ref, citations.keys(), 4);
    at.fail(`unknown citation '${ref}'`, near ? `did you mean '${near}'?` : 'add it under citations: in data/sources.yaml');
    return undefined;
  };

  // ---- quotes
  const articles = set.articles.map(indexArticle);
  const locate = (ev: Extract<EvidenceRef, { kind: 'quote' }>): LocatedQuote | undefined => {
    const q = normalizeWithMap(ev.text).text;
    for (const a of articles) {
      const i = a.norm.text.indexOf(q);
      if (i < 0) continue;
      const start = a.norm.origin[i] ?? 0;
      const end = a.norm.originEnd[i + q.length - 1] ?? start;
      const section = [...a.headings].reverse().find((h) => h.offset <= start)?.title;
      return { kind: 'quote', article: a.article, exact: q, start, end, line: lineOf(a, start), ...(section ? { section } : {}) };
    }
    if (articles.length === 0) {
      ev.at.fail('a quote needs a source article, and data/sources.yaml lists none');
      return undefined;
    }
    const best = articles.map((a) => longestMatchingPrefix(a.norm.text, q)).sort((x, y) => y.length - x.length)[0] ?? '';
    const shown = q.length > 60 ? `${q.slice(0, 57)}...` : q;
    const hint =
      best.length >= 8
        ? `the article matches up to "${best.slice(-40)}" and then differs; copy the passage from data/${articles[0]?.article.file ?? 'source'} exactly`
        : `no passage of the article starts like this; copy the words exactly from data/${articles[0]?.article.file ?? 'source'}, or cite another source`;
    ev.at.fail(`quote not found in the source article: "${shown}"`, hint);
    return undefined;
  };

  const nameOfPath = new Map<string, string>([...set.entities.map((e) => [e.path, e.name] as const), ...set.summits.map((s) => [s.path, s.name] as const)]);
  const term = (o: Obj | Subj): Term | undefined => {
    switch (o.t) {
      case 'label': {
        let text = '';
        for (const part of o.parts) {
          if (part === undefined) continue;
          if (typeof part === 'string') text += part;
          else {
            const t = term(part);
            if (t === undefined) return undefined;
            text += t.t === 'path' ? (nameOfPath.get(t.path) ?? t.path) : t.t === 'literal' ? t.value : t.iri;
          }
        }
        return { t: 'literal', value: text, lang: 'en' };
      }
      case 'iri':
        return { t: 'iri', iri: o.iri };
      case 'path':
        return { t: 'path', path: o.path };
      case 'literal':
        return o;
      case 'entity': {
        const p = resolveEntity(o.ref, o.kinds, o.at);
        return p === undefined ? undefined : { t: 'path', path: p };
      }
      case 'summit': {
        const p = resolveSummit(o.ref, o.at);
        return p === undefined ? undefined : { t: 'path', path: p };
      }
      case 'citation': {
        const c = resolveCitation(o.ref, o.at);
        return c === undefined ? undefined : { t: 'path', path: `evidence/citation/${c.id}` };
      }
    }
  };

  const facts: ResolvedFact[] = [];
  for (const f of set.facts) {
    const since = count();
    const evidence: ResolvedEvidence[] = [];
    for (const ev of f.evidence) {
      if (ev.kind === 'quote') {
        const loc = locate(ev);
        if (loc) evidence.push(loc);
      } else {
        const c = resolveCitation(ev.id, ev.at);
        if (c) evidence.push({ kind: 'cite', citation: c });
      }
    }
    const triples: Array<readonly [Term, string, Term]> = [];
    for (const st of f.statements) {
      const s = term(st.s);
      const o = term(st.o);
      if (s && o) triples.push([s, st.p, o]);
    }
    const incomplete = f.incomplete === true || count() > since;
    facts.push({ key: f.key, file: f.file, line: f.line, evidence, triples, ...(incomplete ? { incomplete } : {}) });
  }
  return { articles: set.articles, citations: set.citations, entities: set.entities, facts };
}
