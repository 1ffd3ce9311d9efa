// Shared readers for the fields of a YAML item. Each reads its value once and reports a missing or bad field where
// it stands, so a problem is reported once; each returns what a statement needs (an object term), or undefined.
import { OTS, XSD } from '../vocab.js';
import type { EntityKind, EvidenceRef, Obj, Statement, Subj } from './model.js';
import type { Value } from './reader.js';

export const lit = (value: string, lang = 'en'): Obj => ({ t: 'literal', value, lang });
export const typed = (value: string, datatype: string): Obj => ({ t: 'literal', value, datatype });
export const iri = (value: string): Obj => ({ t: 'iri', iri: value });
/** A path under the base IRI, usable as subject and as object. */
export const path = (p: string) => ({ t: 'path', path: p }) as const;

/** Text, as an English literal. */
export function text(v: Value, required = false): Obj | undefined {
  const s = v.str(required);
  return s === undefined ? undefined : lit(s);
}

/** A list of texts (a single text is accepted), as English literals. */
export function texts(v: Value, required = false): Obj[] {
  return v.strings(required).map((s) => lit(s));
}

/** An entity named by id or by any of its names, of one of the given kinds (checked when names are resolved). */
export function ref(v: Value, kinds: readonly EntityKind[], required = false): Obj | undefined {
  const name = v.str(required);
  return name === undefined ? undefined : { t: 'entity', ref: name, kinds, at: v };
}

/** One entity or a list of them. */
export function refs(v: Value, kinds: readonly EntityKind[], required = false): Obj[] {
  if (v.present && !v.isList()) {
    const one = ref(v, kinds, true);
    return one ? [one] : [];
  }
  return v
    .items(required)
    .map((item) => ref(item, kinds, true))
    .filter((o): o is Obj => o !== undefined);
}

/** A summit named by its id (the name of its file in data/summits/). */
export function summitRef(v: Value, required = false): Obj | undefined {
  const id = v.id(required);
  return id === undefined ? undefined : { t: 'summit', ref: id, at: v };
}

/** Citation ids of data/sources.yaml, one or a list. */
export function citationIds(v: Value, required = false): string[] {
  return v.strings(required);
}

/** A date written YYYY-MM-DD, as xsd:date. */
export function date(v: Value, required = false): Obj | undefined {
  const d = v.date(required);
  return d === undefined ? undefined : typed(d, XSD.date);
}

/** A whole number of at least `min`, as xsd:integer. */
export function whole(v: Value, required = false, min = 0): Obj | undefined {
  const n = v.int(required, min);
  return n === undefined ? undefined : typed(String(n), XSD.integer);
}

/** A four-digit year, as xsd:gYear. */
export function year(v: Value, required = false): Obj | undefined {
  const y = v.year(required);
  return y === undefined ? undefined : typed(String(y), XSD.gYear);
}

/** The `evidence:` list of an item: quotes of a source article and citations of data/sources.yaml. */
/** The evidence list under `key` (normally `evidence`): quotes and citations. */
export function evidenceOf(v: Value, required = true, key = 'evidence'): EvidenceRef[] {
  const ev = v.get(key);
  const out: EvidenceRef[] = [];
  // Read once: a value that is not a list is reported here and nowhere else.
  const items = ev.items(required);
  for (const item of items) {
    if (!item.mapping()) continue;
    item.keys(['quote', 'cite']);
    const q = item.get('quote');
    const c = item.get('cite');
    if (q.present && c.present) {
      item.fail("an evidence item has either 'quote' or 'cite', not both", 'split it into two items');
      continue;
    }
    if (q.present) {
      const s = q.str();
      if (s !== undefined) out.push({ kind: 'quote', text: s, at: q });
    } else if (c.present) {
      for (const id of c.strings()) out.push({ kind: 'cite', id, at: c });
    } else {
      item.fail("an evidence item needs 'quote' (words of the source article) or 'cite' (an id from data/sources.yaml)");
    }
  }
  if (required && ev.isList() && items.length === 0) ev.fail('evidence is empty', 'add at least one quote or citation');
  return out;
}

/** The sources that make a claim and those that contradict it: statements, and the fact's evidence. */
export function claimSources(stmts: Statement[], C: Subj, v: Value, contradicted: boolean): { statements: Statement[]; evidence: EvidenceRef[] } {
  const evidence: EvidenceRef[] = [];
  for (const [key, p, required] of [
    ['sources', OTS.claimSource, true],
    ['contradicted_by', OTS.contradictedBy, contradicted],
  ] as const) {
    const at = v.get(key);
    for (const id of at.strings(required)) {
      stmts.push({ s: C, p, o: { t: 'citation', ref: id, at } });
      // The claim is supported, as a claim, by the sources that make it; the fact graph says so.
      evidence.push({ kind: 'cite', id, at });
    }
  }
  return { statements: stmts, evidence };
}
