// Whether Oxigraph holds a dataset's typed literals exactly as written (it stores numbers in canonical form).
import type * as RDF from '@rdfjs/types';
import type * as ox from 'oxigraph';

const XSD_NS = 'http://www.w3.org/2001/XMLSchema#';
const TYPED_LITERAL = /"((?:[^"\\]|\\.)*)"\^\^<([^>]*)>/g;

/** Whether Oxigraph holds every typed literal of the data with the lexical form it was given (it canonicalises numbers). */
export function keepsLexicalForms(store: ox.Store, data: { nquads?: string; quads?: readonly RDF.Quad[] }): boolean {
  const given = new Set<string>();
  const note = (value: string, datatype: string): void => {
    if (datatype.startsWith(XSD_NS) && datatype !== `${XSD_NS}string`) given.add(`${value}\u0000${datatype}`);
  };
  if (data.nquads !== undefined) for (const m of data.nquads.matchAll(TYPED_LITERAL)) note(m[1] ?? '', m[2] ?? '');
  for (const q of data.quads ?? []) if (q.object.termType === 'Literal') note(q.object.value, q.object.datatype.value);
  const list = [...given];
  for (let i = 0; i < list.length; i += 500) {
    const chunk = list.slice(i, i + 500);
    // The store's reading of each literal, through the same encoding it applies to data.
    const values = chunk.map((k) => {
      const [v, dt] = k.split('\u0000') as [string, string];
      return `"${v}"^^<${dt}>`;
    });
    let rows: Map<string, ox.Term>[];
    try {
      rows = store.query(`SELECT ?o WHERE { VALUES ?o { ${values.join(' ')} } }`) as Map<string, ox.Term>[];
    } catch {
      return false; // a literal the store cannot even read back: do not trust it with this data
    }
    const back = new Set(rows.map((r) => {
      const o = r.get('o') as ox.Literal | undefined;
      return o ? `${o.value}\u0000${o.datatype.value}` : '';
    }));
    if (chunk.some((k) => !back.has(k.replace(/\\(.)/g, '$1')) && !back.has(k))) return false;
  }
  return true;
}
