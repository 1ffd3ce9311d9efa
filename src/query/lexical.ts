// Whether Oxigraph holds a dataset's typed literals exactly as written (it stores numbers in canonical form).
import type * as RDF from '@rdfjs/types';
import type * as ox from 'oxigraph';

const XSD_NS = 'http://www.w3.org/2001/XMLSchema#';
const TYPED_LITERAL = /"((?:[^"\\]|\\.)*)"\^\^<([^>]*)>/g;

function note(out: Set<string>, value: string, datatype: string): void {
  if (datatype.startsWith(XSD_NS) && datatype !== `${XSD_NS}string`) out.add(`${value}\u0000${datatype}`);
}

/** Adds the typed literals (XSD, other than xsd:string) written in N-Quads text to `out`. */
export function typedLiteralsOf(nquads: string, out: Set<string>): Set<string> {
  for (const m of nquads.matchAll(TYPED_LITERAL)) note(out, m[1] ?? '', m[2] ?? '');
  return out;
}

const XSD_MARK = Buffer.from(`"^^<${XSD_NS}`, 'latin1');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Whether the byte at `i` is preceded by an odd number of backslashes (so it is escaped). */
function escaped(bytes: Uint8Array, i: number): boolean {
  let n = 0;
  for (let j = i - 1; j >= 0 && bytes[j] === BACKSLASH; j--) n++;
  return n % 2 === 1;
}

/**
 * The same as typedLiteralsOf, over N-Quads bytes (whole lines): finds each `"^^<` + XSD namespace with the buffer's
 * own search and decodes only those literals, where decoding the whole text and matching it cost about 2.4 s at 10^6
 * triples (0.1 s this way).
 */
export function typedLiteralsOfBytes(bytes: Buffer, out: Set<string>): Set<string> {
  for (let at = bytes.indexOf(XSD_MARK); at >= 0; at = bytes.indexOf(XSD_MARK, at + 1)) {
    if (escaped(bytes, at)) continue; // inside a literal's text, not its end
    // The opening quote: inside a literal every quote is escaped, so it is the first unescaped one before.
    let open = at - 1;
    while (open >= 0 && (bytes[open] !== QUOTE || escaped(bytes, open))) open--;
    if (open < 0) continue;
    const dtStart = at + 4;
    const close = bytes.indexOf(0x3e /* > */, dtStart);
    if (close < 0) continue;
    note(out, bytes.toString('utf8', open + 1, at), bytes.toString('utf8', dtStart, close));
  }
  return out;
}

/** Whether Oxigraph holds every typed literal of the data with the lexical form it was given (it canonicalises numbers). */
export function keepsLexicalForms(store: ox.Store, data: { nquads?: string; quads?: readonly RDF.Quad[] }): boolean {
  const given = new Set<string>();
  if (data.nquads !== undefined) typedLiteralsOf(data.nquads, given);
  for (const q of data.quads ?? []) if (q.object.termType === 'Literal') note(given, q.object.value, q.object.datatype.value);
  return checkLexicalForms(store, given);
}

/** Whether the store reads back each literal (`value \0 datatype`) with the lexical form it was given. */
export function checkLexicalForms(store: ox.Store, given: ReadonlySet<string>): boolean {
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
