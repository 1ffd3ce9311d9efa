// The link curation tools: `links verify` checks every Wikidata link against Wikidata itself, `links suggest` looks for
// candidates for the entities without one. Both only report: a link enters the data when a curator writes it, with
// its evidence, in data/entities/*.yaml.
import type { Entity, EntityKind } from '../facts/model.js';
import { foldText } from '../http/linked-data/finder.js';
import type { WikidataClient, WikidataItem } from './api.js';

/** Languages whose labels and aliases are compared with ours (the languages of the names the data carries). */
export const NAME_LANGUAGES = ['en', 'ky', 'ru', 'tr', 'hu', 'kk', 'az', 'uz', 'tk'] as const;

/**
 * The Wikidata class an entity of each kind is expected to be an instance of (P31, directly or through one P279
 * step). Only the classes confirmed for use are named; the other kinds have none, and their type is not checked.
 */
export const KIND_CLASS: Readonly<Partial<Record<EntityKind, string>>> = {
  person: 'Q5',
  state: 'Q6256',
  city: 'Q515',
  organization: 'Q484652',
};

export type TypeFit = 'fits' | 'differs' | 'not checked';

export interface VerifiedLink {
  readonly entity: Entity;
  readonly qid: string;
  readonly state: WikidataItem['state'];
  /** The current item (the redirect's target when redirected). */
  readonly currentId: string;
  readonly wikidataLabel: string;
  /** The item's labels in the languages of our names. */
  readonly labels: Readonly<Record<string, string>>;
  /** Which of our names matched one of the item's: the English label, another label or alias, or none. */
  readonly nameMatch: 'label' | 'alias' | 'none';
  readonly matchedName?: string;
  readonly type: TypeFit;
  readonly instanceOf: readonly string[];
  /** The item already says `described at URL` (P973) with our IRI. */
  readonly hasOurUrl: boolean;
  readonly problems: readonly string[];
}

/** Every name we have for the entity: the English name first, then the other spellings and languages. */
export function ourNames(e: Entity): string[] {
  return [e.name, ...e.also, ...Object.values(e.names)];
}

function theirNames(item: WikidataItem): { label: string[]; alias: string[] } {
  return { label: Object.values(item.labels), alias: Object.values(item.aliases).flat() };
}

/** How our names meet the item's: our English name is its English label, or one of our names is one of its labels or aliases. */
export function nameMatch(e: Entity, item: WikidataItem): { kind: VerifiedLink['nameMatch']; name?: string } {
  const en = item.labels.en;
  if (en !== undefined && foldText(en) === foldText(e.name)) return { kind: 'label', name: e.name };
  const theirs = theirNames(item);
  const folded = new Set([...theirs.label, ...theirs.alias].map(foldText));
  const hit = ourNames(e).find((n) => folded.has(foldText(n)));
  return hit !== undefined ? { kind: 'alias', name: hit } : { kind: 'none' };
}

/** Whether the item is an instance of the expected class, directly or through one subclass step of its classes. */
export function typeFit(kind: EntityKind, item: WikidataItem, classes: ReadonlyMap<string, WikidataItem>): TypeFit {
  const want = KIND_CLASS[kind];
  if (!want) return 'not checked';
  const p31 = (item.claims.P31 ?? []).filter((v): v is string => v !== undefined);
  if (p31.includes(want)) return 'fits';
  for (const c of p31) if ((classes.get(c)?.claims.P279 ?? []).includes(want)) return 'fits';
  return 'differs';
}

/** The classes the items are instances of, fetched once, for the one-step subclass check. */
async function classesOf(client: WikidataClient, items: Iterable<WikidataItem>): Promise<Map<string, WikidataItem>> {
  const ids = new Set<string>();
  for (const i of items) for (const c of i.claims.P31 ?? []) if (c !== undefined) ids.add(c);
  return ids.size > 0 ? client.getEntities([...ids], ['en']) : new Map();
}

/** Asks Wikidata about every linked entity and judges each link. */
export async function verifyLinks(entities: readonly Entity[], client: WikidataClient, base: string): Promise<VerifiedLink[]> {
  const linked = entities.filter((e): e is Entity & { wikidata: string } => e.wikidata !== undefined);
  const items = await client.getEntities(
    linked.map((e) => e.wikidata),
    NAME_LANGUAGES,
  );
  const classes = await classesOf(client, items.values());
  return linked.map((e) => {
    const item = items.get(e.wikidata);
    if (!item) throw new Error(`no answer for ${e.wikidata}`);
    const problems: string[] = [];
    if (item.state === 'missing') problems.push(`${e.wikidata} is deleted (or never existed) on Wikidata`);
    if (item.state === 'redirected') problems.push(`${e.wikidata} was merged into ${item.id}: link ${item.id} instead`);
    const match = item.state === 'missing' ? { kind: 'none' as const } : nameMatch(e, item);
    if (item.state !== 'missing' && match.kind === 'none') problems.push(`none of our names (${ourNames(e).join(', ')}) is a label or alias of ${item.id}`);
    const type = item.state === 'missing' ? 'not checked' : typeFit(e.kind, item, classes);
    const instanceOf = (item.claims.P31 ?? []).filter((v): v is string => v !== undefined);
    if (type === 'differs') problems.push(`${item.id} is an instance of ${instanceOf.join(', ') || 'nothing'}, not of ${KIND_CLASS[e.kind] ?? '?'} as a ${e.kind} should be`);
    const ours = `${base}${e.path}`;
    return {
      entity: e,
      qid: e.wikidata,
      state: item.state,
      currentId: item.id,
      wikidataLabel: item.labels.en ?? '',
      labels: item.labels,
      nameMatch: match.kind,
      ...(match.name !== undefined ? { matchedName: match.name } : {}),
      type,
      instanceOf,
      hasOurUrl: (item.claims.P973 ?? []).includes(ours),
      problems,
    };
  });
}

export interface Candidate {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly instanceOf: readonly string[];
  readonly type: TypeFit;
  /** Our name the search found it by, and whether that name is the item's label or alias exactly (folded). */
  readonly foundBy: string;
  readonly exact: boolean;
  /** Another entity of ours already links this item. */
  readonly linkedTo?: string;
  readonly score: number;
}

export interface Suggestion {
  readonly entity: Entity;
  readonly candidates: readonly Candidate[];
}

/**
 * For each entity without a link: a search on Wikidata by each of its names (English name first, other spellings
 * next), then the candidates' types, ranked: right type, exact name, Wikidata's own order.
 */
export async function suggestLinks(entities: readonly Entity[], client: WikidataClient, opts: { perEntity?: number; searchLimit?: number } = {}): Promise<Suggestion[]> {
  const linkedBy = new Map(entities.flatMap((e) => (e.wikidata ? [[e.wikidata, e.id] as const] : [])));
  const out: Suggestion[] = [];
  for (const e of entities.filter((x) => x.wikidata === undefined)) {
    const found = new Map<string, { order: number; foundBy: string }>();
    // Latin-script names are searched in English, the others in their own language.
    const names: [string, string][] = [[e.name, 'en'], ...e.also.map((a): [string, string] => [a, 'en']), ...Object.entries(e.names).map(([l, n]): [string, string] => [n, l])];
    for (const [name, lang] of names) {
      const hits = await client.search(name, lang, opts.searchLimit ?? 7);
      hits.forEach((h, i) => {
        if (!found.has(h.id)) found.set(h.id, { order: found.size + i, foundBy: name });
      });
      if (found.size >= (opts.searchLimit ?? 7)) break;
    }
    if (found.size === 0) {
      out.push({ entity: e, candidates: [] });
      continue;
    }
    const items = await client.getEntities([...found.keys()], NAME_LANGUAGES);
    const classes = await classesOf(client, items.values());
    const candidates = [...found.entries()].flatMap(([id, f]): Candidate[] => {
      const item = items.get(id);
      if (!item || item.state === 'missing') return [];
      const type = typeFit(e.kind, item, classes);
      const exact = nameMatch(e, item).kind !== 'none';
      const linked = linkedBy.get(item.id);
      const score = (type === 'fits' ? 40 : type === 'not checked' ? 20 : 0) + (exact ? 30 : 0) + Math.max(0, 20 - f.order * 2) - (linked ? 50 : 0);
      return [
        {
          id: item.id,
          label: item.labels.en ?? Object.values(item.labels)[0] ?? '',
          description: item.descriptions.en ?? '',
          instanceOf: (item.claims.P31 ?? []).filter((v): v is string => v !== undefined),
          type,
          foundBy: f.foundBy,
          exact,
          ...(linked ? { linkedTo: linked } : {}),
          score,
        },
      ];
    });
    candidates.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id, 'en', { numeric: true }));
    out.push({ entity: e, candidates: candidates.slice(0, opts.perEntity ?? 5) });
  }
  return out;
}

/** Rows as a table of aligned columns (the last column is not padded). */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function verifyReport(results: readonly VerifiedLink[]): string {
  const rows = results.map((r) => [
    r.entity.id,
    r.qid,
    r.state === 'redirected' ? `redirected to ${r.currentId}` : r.state === 'missing' ? 'deleted' : 'exists',
    r.wikidataLabel,
    r.nameMatch === 'label' ? 'English label' : r.nameMatch === 'alias' ? `alias (${r.matchedName ?? ''})` : 'NO',
    r.type === 'fits' ? `fits (${KIND_CLASS[r.entity.kind] ?? ''})` : r.type === 'differs' ? `DIFFERS (P31: ${r.instanceOf.join(' ') || 'none'})` : 'not checked',
    r.hasOurUrl ? 'yes' : 'no',
  ]);
  const problems = results.flatMap((r) => r.problems.map((p) => `  ${r.entity.id} (${r.entity.at.position.file}:${r.entity.at.position.line}): ${p}`));
  const summary =
    problems.length === 0
      ? `${results.length} links checked: every item exists, carries one of our names and has the expected type (where one is confirmed).`
      : `${results.length} links checked, ${results.filter((r) => r.problems.length > 0).length} with a problem:\n${problems.join('\n')}`;
  const p973 = results.filter((r) => !r.hasOurUrl && r.state !== 'missing').length;
  return `${table(['entity', 'wikidata', 'item', 'Wikidata label (en)', 'name match', 'type (P31)', 'P973 ours'], rows)}\n\n${summary}\n${p973} linked items do not yet say 'described at URL' (P973) with our IRI (see the QuickStatements dump).\n`;
}

export function suggestReport(suggestions: readonly Suggestion[]): string {
  const blocks = suggestions.map((s) => {
    const at = `${s.entity.at.position.file}:${s.entity.at.position.line}`;
    if (s.candidates.length === 0) return `${s.entity.id} (${s.entity.kind}, ${at}): no candidate found for ${ourNames(s.entity).join(' / ')}`;
    const rows = s.candidates.map((c) => [
      c.id,
      c.label,
      c.description,
      c.type === 'fits' ? 'fits' : c.type === 'differs' ? `differs (P31: ${c.instanceOf.join(' ') || 'none'})` : `not checked (P31: ${c.instanceOf.join(' ') || 'none'})`,
      c.exact ? 'exact' : `found by "${c.foundBy}"`,
      c.linkedTo ? `already linked to ${c.linkedTo}` : '',
    ]);
    return `${s.entity.id} (${s.entity.kind} "${s.entity.name}", ${at}):\n${table(['candidate', 'label', 'description', 'type', 'name', 'note'], rows)
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n')}`;
  });
  return `${blocks.join('\n\n')}\n\nNothing was written. To link an entity, check the candidate on Wikidata, then add to its item in data/entities/*.yaml:\n    wikidata: Q…\n    evidence: [ …, { cite: wikidata } ]\nand run 'npm run check'.\n`;
}
