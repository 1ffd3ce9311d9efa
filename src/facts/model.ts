// The facts as read from data/: sources, entities and facts whose statements still name entities by id or name.
import type { Value } from './reader.js';

export type EntityKind = 'state' | 'organization' | 'council' | 'person' | 'city' | 'venue' | 'award' | 'initiative' | 'document';
export const ENTITY_KINDS: readonly EntityKind[] = ['state', 'organization', 'council', 'person', 'city', 'venue', 'award', 'initiative'];

export interface SourceArticle {
  readonly id: string;
  /** Path relative to the data folder. */
  readonly file: string;
  readonly title: string;
  readonly publisher: string;
  readonly url?: string;
  readonly license?: string;
  /** The article as stored, byte for byte. */
  readonly text: string;
}

export interface Citation {
  readonly id: string;
  readonly outlet: string;
  readonly date?: string;
  readonly title?: string;
  readonly url?: string;
  readonly note?: string;
}

export type EvidenceRef = { readonly kind: 'quote'; readonly text: string; readonly at: Value } | { readonly kind: 'cite'; readonly id: string; readonly at: Value };

/** The object of a statement before resolution. */
export type Obj =
  | { readonly t: 'iri'; readonly iri: string }
  | { readonly t: 'path'; readonly path: string }
  | { readonly t: 'entity'; readonly ref: string; readonly kinds: readonly EntityKind[]; readonly at: Value }
  | { readonly t: 'summit'; readonly ref: string; readonly at: Value }
  | { readonly t: 'citation'; readonly ref: string; readonly at: Value }
  | { readonly t: 'literal'; readonly value: string; readonly lang?: string; readonly datatype?: string }
  /** An English label composed from text and the names of what the item refers to. */
  | { readonly t: 'label'; readonly parts: ReadonlyArray<string | Obj | undefined> };

/** The subject of a statement: an IRI path under the base, or an entity named in the YAML. */
export type Subj =
  | { readonly t: 'path'; readonly path: string }
  | { readonly t: 'entity'; readonly ref: string; readonly kinds: readonly EntityKind[]; readonly at: Value }
  | { readonly t: 'summit'; readonly ref: string; readonly at: Value };

export interface Statement {
  readonly s: Subj;
  /** Full predicate IRI (from src/vocab.ts). */
  readonly p: string;
  readonly o: Obj;
}

/** One curated fact: the statements of one YAML item and the evidence that supports them. */
export interface Fact {
  /** IRI path of the fact's named graph, e.g. `fact/2024-bishkek/participant-kyrgyzstan`. */
  readonly key: string;
  /** Data-folder-relative file and line the item starts on. */
  readonly file: string;
  readonly line: number;
  readonly evidence: readonly EvidenceRef[];
  readonly statements: readonly Statement[];
  /** Reading the item reported a problem: some of its statements may be missing. */
  readonly incomplete?: boolean;
}

export interface Entity {
  readonly kind: EntityKind;
  readonly id: string;
  /** IRI path under the base, e.g. `id/person/viktor-orban`. */
  readonly path: string;
  readonly name: string;
  readonly also: readonly string[];
  readonly names: Readonly<Record<string, string>>;
  /** The Wikidata item this entity is `owl:sameAs` (Q followed by digits), when a curator confirmed one. */
  readonly wikidata?: string;
  readonly at: Value;
}

export interface Summit {
  readonly id: string;
  readonly path: string;
  readonly name: string;
  readonly at: Value;
}

/** Everything read from the data folder, before references are resolved. */
export interface FactSet {
  readonly articles: readonly SourceArticle[];
  readonly citations: readonly Citation[];
  readonly entities: readonly Entity[];
  readonly summits: readonly Summit[];
  readonly facts: readonly Fact[];
  /** Every IRI path minted, with where it was declared (for duplicate detection). */
  readonly minted: ReadonlyArray<{ readonly path: string; readonly at: Value }>;
}
