// Text repair (encoding damage) and the one normalisation under which evidence quotes must match the source.

/**
 * Byte -> character tables of the two legacy encodings that UTF-8 text is most often mis-decoded
 * with: Mac OS Roman (gives "Orb√°n" for "Orbán") and Windows-1252 (gives "OrbÃ¡n").
 */
function legacyTable(encoding: string): Map<string, number> {
  const decoder = new TextDecoder(encoding);
  const table = new Map<string, number>();
  for (let b = 0x80; b <= 0xff; b++) {
    const ch = decoder.decode(Uint8Array.of(b));
    if (ch !== '\uFFFD' && !table.has(ch)) table.set(ch, b);
  }
  return table;
}

let tables: Map<string, number>[] | undefined;
function legacyTables(): Map<string, number>[] {
  tables ??= [legacyTable('macintosh'), legacyTable('windows-1252')];
  return tables;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * Tries to read a mis-decoded UTF-8 sequence starting at `chars[i]` through one legacy table.
 * Returns the repaired character and how many input characters it replaces.
 */
function repairAt(chars: readonly string[], i: number, table: Map<string, number>): { text: string; length: number } | undefined {
  const first = chars[i];
  if (first === undefined) return undefined;
  const lead = table.get(first);
  if (lead === undefined) return undefined;
  const n = sequenceLength(lead);
  if (n === 0 || i + n > chars.length) return undefined;
  const bytes = [lead];
  for (let k = 1; k < n; k++) {
    const c = chars[i + k];
    const b = c === undefined ? undefined : table.get(c);
    if (b === undefined || b < 0x80 || b > 0xbf) return undefined;
    bytes.push(b);
  }
  try {
    return { text: utf8.decode(Uint8Array.from(bytes)), length: n };
  } catch {
    return undefined;
  }
}

export interface Repaired {
  readonly text: string;
  /** For each UTF-16 index of `text`, the index in the input where the character it came from starts. */
  readonly origin: readonly number[];
  /** For each UTF-16 index of `text`, the index in the input just past the character(s) it came from. */
  readonly originEnd: readonly number[];
}

/** Repairs UTF-8 text that was decoded as Mac OS Roman or Windows-1252 ("Orb√°n" -> "Orbán"), keeping an index map. */
export function repairEncodingWithMap(input: string): Repaired {
  // Fast path: pure ASCII text or text with no legacy-table character cannot hold this damage.
  if (!/[\u0080-\uffff]/.test(input)) {
    return { text: input, origin: Array.from({ length: input.length }, (_, k) => k), originEnd: Array.from({ length: input.length }, (_, k) => k + 1) };
  }
  const chars = Array.from(input);
  let out = '';
  const origin: number[] = [];
  const originEnd: number[] = [];
  let pos = 0; // UTF-16 index in input
  for (let i = 0; i < chars.length; ) {
    let fixed: { text: string; length: number } | undefined;
    for (const table of legacyTables()) {
      fixed = repairAt(chars, i, table);
      if (fixed) break;
    }
    if (fixed) {
      let span = 0;
      for (let k = 0; k < fixed.length; k++) span += (chars[i + k] ?? '').length;
      for (let k = 0; k < fixed.text.length; k++) {
        origin.push(pos);
        originEnd.push(pos + span);
      }
      out += fixed.text;
      pos += span;
      i += fixed.length;
    } else {
      const c = chars[i] ?? '';
      for (let k = 0; k < c.length; k++) {
        origin.push(pos);
        originEnd.push(pos + c.length);
      }
      out += c;
      pos += c.length;
      i += 1;
    }
  }
  return { text: out, origin, originEnd };
}

export function repairEncoding(input: string): string {
  return repairEncodingWithMap(input).text;
}

export interface Normalized {
  readonly text: string;
  /** For each UTF-16 index of `text`, the UTF-16 index in the original where its character starts. */
  readonly origin: readonly number[];
  /** For each UTF-16 index of `text`, the UTF-16 index in the original just past its character. */
  readonly originEnd: readonly number[];
}

/**
 * The one normalisation evidence quotes are matched under, applied alike to the article and the quote:
 * 1. encoding damage repaired (see repairEncoding), then Unicode NFC;
 * 2. asterisks dropped (Markdown emphasis and list bullets: `**name**` reads as `name`);
 * 3. every run of white space (line breaks included) read as one space, and the ends trimmed.
 */
export function normalizeWithMap(input: string): Normalized {
  const repaired = repairEncodingWithMap(input);
  let text = '';
  const origin: number[] = [];
  const originEnd: number[] = [];
  let pendingSpace = -1; // index in the repaired text of the first white space of a run, or -1
  const src = repaired.text;
  for (let i = 0; i < src.length; i++) {
    const c = src[i] ?? '';
    if (c === '*') continue;
    if (/\s/.test(c)) {
      if (pendingSpace < 0 && text.length > 0) pendingSpace = i;
      continue;
    }
    if (pendingSpace >= 0) {
      text += ' ';
      origin.push(repaired.origin[pendingSpace] ?? 0);
      originEnd.push(repaired.originEnd[pendingSpace] ?? 0);
      pendingSpace = -1;
    }
    text += c;
    origin.push(repaired.origin[i] ?? 0);
    originEnd.push(repaired.originEnd[i] ?? 0);
  }
  const nfc = text.normalize('NFC');
  if (nfc.length !== text.length) {
    // Decomposed input: offsets become approximate (they point into the composed run), the text stays exact.
    return { text: nfc, origin: origin.slice(0, nfc.length), originEnd: originEnd.slice(0, nfc.length) };
  }
  return { text, origin, originEnd };
}

export function normalizeText(input: string): string {
  return normalizeWithMap(input).text;
}

/** Lower-case, accents stripped, punctuation and spacing unified: the key under which names are resolved. */
export function nameKey(name: string): string {
  return repairEncoding(name)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ı/g, 'i')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A lower-case ASCII slug for IRIs: "Viktor Orbán" -> "viktor-orban". */
export function slugify(name: string): string {
  return nameKey(name)
    .replace(/[^a-z0-9 ]+/g, '')
    .trim()
    .replace(/ +/g, '-');
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

export function closest(word: string, candidates: Iterable<string>, maxDistance = 3): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
  }
  return bestD <= Math.max(maxDistance, Math.floor(word.length / 3)) ? best : undefined;
}
