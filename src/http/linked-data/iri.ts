// Maps request paths to canonical IRIs and canonical IRIs back to links on the serving host.
import { FORMATS, formatByExtension, formatByName } from '../../serialize/formats.js';
import type { Format } from '../../serialize/formats.js';
import { ONTOLOGY_IRI } from './graph-index.js';

/** The formats an IRI's description can take: RDF first, so RDF wins a tie in negotiation. */
export const DESCRIPTION_FORMATS: readonly Format[] = [
  ...FORMATS.filter((f) => f.kind === 'graph'),
  ...FORMATS.filter((f) => f.kind === 'dataset'),
  ...FORMATS.filter((f) => f.kind === 'page'),
];

/** The first path segments of the IRIs the graph mints (docs/model.md). */
export const MINTED_ROOTS = ['id', 'fact', 'evidence', 'source'] as const;

export class BadRequestError extends Error {
  readonly status = 400;
  constructor(message: string) {
    super(message);
    this.name = 'BadRequestError';
  }
}

const SEGMENT = /^[A-Za-z0-9._~!$&'()*+,;=:@-]+$/;

/**
 * Checks a request path before it becomes an IRI: no empty, dot or dot-dot segments, no
 * percent-escapes that decode to '/', '\' or control characters. Returns the path unchanged.
 */
export function checkPath(path: string): string {
  const segments = path.split('/').slice(1);
  for (const seg of segments) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(seg);
    } catch {
      throw new BadRequestError(`malformed percent-escape in path segment ${JSON.stringify(seg)}: IRIs here use lower-case ASCII slugs such as /id/person/viktor-orban`);
    }
    if (seg === '' || decoded === '.' || decoded === '..' || /[/\\\u0000-\u001f\u007f]/.test(decoded)) {
      throw new BadRequestError(`path ${JSON.stringify(path)} has an empty, '.', '..' or escaped-separator segment: IRIs here look like /id/person/viktor-orban`);
    }
    if (!SEGMENT.test(seg.replace(/%[0-9A-Fa-f]{2}/g, 'x'))) {
      throw new BadRequestError(`path segment ${JSON.stringify(seg)} holds characters an IRI path cannot carry unescaped`);
    }
  }
  return path;
}

/** `/id/person/viktor-orban` -> `{base}id/person/viktor-orban`, whatever host the request came to. */
export function iriForPath(base: string, path: string): string {
  return base + path.replace(/^\//, '');
}

/**
 * A canonical IRI as a link on the serving host: IRIs under the base and the ontology's become
 * root-relative paths (so browsing works on localhost); anything else stays as it is.
 */
export function hrefFor(iri: string, base: string): string {
  if (iri.startsWith(base)) return `/${iri.slice(base.length)}`;
  if (iri === ONTOLOGY_IRI || iri.startsWith(`${ONTOLOGY_IRI}#`)) return `/ontology${iri.slice(ONTOLOGY_IRI.length)}`;
  return iri;
}

/** True when the IRI is one the server itself answers (so a page links to it as internal). */
export function isLocal(iri: string, base: string): boolean {
  return hrefFor(iri, base) !== iri;
}

export type FormatChoice = { kind: 'explicit'; format: Format } | { kind: 'negotiate' } | { kind: 'unsupported'; message: string };

/** Reads `?format=` (a format name or extension from the table). */
export function formatFromQuery(value: unknown): FormatChoice {
  if (value === undefined) return { kind: 'negotiate' };
  if (typeof value !== 'string' || value === '') {
    throw new BadRequestError(`?format= must be given once, as one of: ${DESCRIPTION_FORMATS.map((f) => f.name).join(', ')}`);
  }
  const f = formatByName(value) ?? formatByExtension(value);
  if (!f) throw new BadRequestError(`?format=${value} is not a format this server knows; use one of: ${DESCRIPTION_FORMATS.map((f) => f.name).join(', ')}`);
  if (!DESCRIPTION_FORMATS.includes(f)) return { kind: 'unsupported', message: `${f.label} is not offered for resource descriptions; use one of: ${DESCRIPTION_FORMATS.map((x) => x.name).join(', ')}` };
  return { kind: 'explicit', format: f };
}

/** Splits `/id/person/x.ttl` into the path of the IRI and the format its extension names, when it names one. */
export function splitExtension(path: string): { path: string; format: Format } | undefined {
  const m = /^(.*[^/])\.([A-Za-z0-9]+)$/.exec(path);
  if (!m?.[1] || !m[2]) return undefined;
  const format = formatByExtension(m[2]);
  return format ? { path: m[1], format } : undefined;
}
