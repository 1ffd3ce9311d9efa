// Content negotiation as a pure function: an Accept header and the candidate formats in, a format or a 406 out.
import type { Format } from '../serialize/formats.js';

interface Range {
  type: string;
  subtype: string;
  q: number;
  order: number;
  specificity: number;
}

function parseAccept(header: string): Range[] {
  const out: Range[] = [];
  header.split(',').forEach((part, order) => {
    const [mt, ...params] = part.trim().split(';');
    if (!mt) return;
    const [type, subtype] = mt.trim().toLowerCase().split('/');
    if (!type || !subtype) return;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.split('=').map((s) => s.trim());
      if (k?.toLowerCase() === 'q' && v !== undefined) {
        const n = Number(v);
        q = Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0;
      }
    }
    const specificity = type === '*' ? 0 : subtype === '*' ? 1 : 2;
    out.push({ type, subtype, q, order, specificity });
  });
  return out;
}

function qualityFor(ranges: Range[], mediaType: string): { q: number; order: number; specificity: number } | undefined {
  const [type, subtype] = mediaType.split('/');
  let best: Range | undefined;
  for (const r of ranges) {
    const matches = (r.type === '*' || r.type === type) && (r.subtype === '*' || r.subtype === subtype);
    if (!matches) continue;
    // The most specific matching range decides the quality (RFC 9110 §12.5.1).
    if (!best || r.specificity > best.specificity) best = r;
  }
  return best ? { q: best.q, order: best.order, specificity: best.specificity } : undefined;
}

export interface NegotiateOptions {
  /** Chosen when the header is absent or empty. Defaults to the first candidate. */
  readonly fallback?: Format;
}

/**
 * Picks the candidate the client prefers: highest q first; on equal q, the more specific range,
 * then the range listed first in the header, then the candidate's own order (the server's preference).
 * Returns undefined when nothing acceptable is on offer (the caller answers 406).
 */
export function negotiate(acceptHeader: string | undefined, candidates: readonly Format[], options: NegotiateOptions = {}): Format | undefined {
  if (candidates.length === 0) return undefined;
  if (!acceptHeader || acceptHeader.trim() === '') return options.fallback ?? candidates[0];
  const ranges = parseAccept(acceptHeader);
  let best: { f: Format; q: number; spec: number; order: number; idx: number } | undefined;
  candidates.forEach((f, idx) => {
    const types = [f.mediaType, ...f.aliases];
    for (const t of types) {
      const m = qualityFor(ranges, t);
      // An alias counts only when named: `text/*` asks for what is text by its own type, not for N-Triples as text/plain.
      if (!m || m.q <= 0 || (t !== f.mediaType && m.specificity < 2)) continue;
      const cand = { f, q: m.q, spec: m.specificity, order: m.order, idx };
      if (
        !best ||
        cand.q > best.q ||
        (cand.q === best.q && cand.spec > best.spec) ||
        (cand.q === best.q && cand.spec === best.spec && cand.order < best.order) ||
        (cand.q === best.q && cand.spec === best.spec && cand.order === best.order && cand.idx < best.idx)
      ) {
        best = cand;
      }
    }
  });
  return best?.f;
}

/** The quality (0..1) the Accept header gives a format, by its most specific matching range; 1 when the header is absent. */
export function acceptQuality(acceptHeader: string | undefined, format: Format): number {
  if (!acceptHeader || acceptHeader.trim() === '') return 1;
  const ranges = parseAccept(acceptHeader);
  return Math.max(
    0,
    ...[format.mediaType, ...format.aliases].map((t) => {
      const m = qualityFor(ranges, t);
      return m && (t === format.mediaType || m.specificity === 2) ? m.q : 0;
    }),
  );
}

/** The media ranges the Accept header accepts (q above 0), in lower case, in header order; [] when it is absent or empty. */
export function acceptedMediaTypes(acceptHeader: string | undefined): string[] {
  if (!acceptHeader || acceptHeader.trim() === '') return [];
  return parseAccept(acceptHeader)
    .filter((r) => r.q > 0)
    .map((r) => `${r.type}/${r.subtype}`);
}
