// What one YAML file contributes, and the table-driven reading of its sections: a section is a small parser
// registered under its key; the runner checks the item's shape, fields, id and evidence and records the fact.
import type { Citation, Entity, EvidenceRef, Fact, SourceArticle, Statement, Summit } from './model.js';
import { evidenceOf } from './fields.js';
import type { Issues, Value } from './reader.js';

/** Collects what the files contribute. */
export class Collector {
  readonly articles: SourceArticle[] = [];
  readonly citations: Citation[] = [];
  readonly entities: Entity[] = [];
  readonly summits: Summit[] = [];
  readonly facts: Fact[] = [];
  readonly minted: Array<{ path: string; at: Value }> = [];
  /** The entity that first used each Wikidata ID, and where: one item may be the same as only one entity. */
  readonly wikidataIds = new Map<string, { id: string; file: string; line: number }>();
  constructor(readonly issues: Issues) {}

  mint(p: string, at: Value): string {
    this.minted.push({ path: p, at });
    return p;
  }

  /**
   * Records one fact. `since` is the number of issues when its item started: if reading the item reported any,
   * the fact is marked incomplete, so the shapes are not asked about what its missing parts would have said.
   */
  addFact(key: string, at: Value, evidence: EvidenceRef[], statements: Statement[], file: string, since: number): void {
    this.mint(key, at);
    this.facts.push({ key, file, line: at.position.line, evidence, statements, ...(this.issues.size > since ? { incomplete: true } : {}) });
  }
}

/** What every section parser of a file can use. */
export interface FileContext {
  readonly c: Collector;
  /** The file as shown in messages, e.g. data/summits/2024-bishkek.yaml. */
  readonly file: string;
  /** The file's name without .yaml: the middle of its facts' IRIs (fact/<stem>/…). */
  readonly stem: string;
  /** The file's header had a problem: every item may miss what the header would have given it (the summit's date, say). */
  readonly headerIncomplete?: boolean;
}

export type SectionResult = Statement[] | { readonly statements: Statement[]; readonly evidence: EvidenceRef[] } | undefined;

/** One section of a file: how its items read into statements. */
export interface Section<C extends FileContext> {
  /** The middle of each item's fact IRI: fact/<stem>/<fact>-<id>. */
  readonly fact: string;
  /** One line for the documentation: what one item says. */
  readonly says: string;
  /** The item's own fields (besides `id` and `evidence`). */
  readonly fields: readonly string[];
  /** The section is one mapping rather than a list of them. */
  readonly one?: boolean;
  /** Items have no `id:` field and take this one. */
  readonly fixedId?: string;
  /** false: the item names its sources in its own fields and `read` returns them as the evidence. */
  readonly evidence?: boolean;
  /** The statements of one item; `id` and `evidence` are read already. Undefined: nothing to record. */
  read(ctx: C, v: Value, id: string, evidence: EvidenceRef[]): SectionResult;
}

export type SectionTable<C extends FileContext> = Readonly<Record<string, Section<C>>>;

/** Reads the sections of `table` that `root` has, in the table's order (a section may use what an earlier one recorded). */
export function readSections<C extends FileContext>(root: Value, table: SectionTable<C>, ctx: C): void {
  for (const [name, section] of Object.entries(table)) {
    const v = root.get(name);
    if (!v.present) continue;
    const items = section.one ? (v.mapping() ? [v] : []) : v.items();
    for (const item of items) {
      const since = ctx.headerIncomplete ? -1 : ctx.c.issues.size;
      if (!item.mapping()) continue;
      const own = [...(section.fixedId ? [] : ['id']), ...(section.evidence === false ? [] : ['evidence'])];
      item.keys([...own, ...section.fields]);
      const id = section.fixedId ?? item.get('id').id();
      const evidence = section.evidence === false ? [] : evidenceOf(item);
      if (id === undefined) continue;
      const r = section.read(ctx, item, id, evidence);
      if (r === undefined) continue;
      const [statements, ev] = Array.isArray(r) ? [r, evidence] : [r.statements, r.evidence];
      ctx.c.addFact(`fact/${ctx.stem}/${section.fact}-${id}`, section.fixedId ? item : item.get('id'), ev, statements, ctx.file, since);
    }
  }
}
