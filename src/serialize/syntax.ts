// Lexical helpers shared by the writers: the prefix set, relative IRIs against the base, and string escaping per syntax.
import { NS } from '../vocab.js';
import { SerializeError } from './canonical.js';

/** The fixed prefix set every prefixed syntax declares (Turtle, TriG, JSON-LD context, RDF/XML): the project's namespaces, in vocab.ts order. */
export const PREFIXES: readonly (readonly [string, string])[] = Object.entries(NS);

const PREFIX_BY_NAMESPACE = new Map<string, string>(PREFIXES.map(([p, ns]) => [ns, p]));

/** Splits an IRI after its last '#' or '/', the way every namespace in PREFIXES ends. */
export function splitNamespace(iri: string): [string, string] {
  const cut = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/')) + 1;
  return [iri.slice(0, cut), iri.slice(cut)];
}

/** The prefix and local name for an IRI in a declared namespace, or undefined. */
export function prefixOf(iri: string): [string, string] | undefined {
  const [ns, local] = splitNamespace(iri);
  const p = PREFIX_BY_NAMESPACE.get(ns);
  return p === undefined ? undefined : [p, local];
}

/**
 * Checks that the base can serve as @base / xml:base: hierarchical, ending in '/', no query,
 * fragment or dot segment, so that `base + rest` and the resolved relative reference agree.
 */
export function checkBase(base: string): void {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\u0000-\u0020<>"{}|^`\\/?#]+(\/[^\u0000-\u0020<>"{}|^`\\?#]*)?\/$/.test(base)) {
    throw new SerializeError(`base ${JSON.stringify(base)} is not usable: give an absolute http(s) IRI ending in '/' with no query or fragment, e.g. "https://w3id.org/ots-kg/"`);
  }
  if (/\/\.\.?\//.test(base.slice(base.indexOf('//') + 2))) {
    throw new SerializeError(`base ${JSON.stringify(base)} contains a '.' or '..' segment; write it in normal form`);
  }
}

/**
 * The reference relative to `base` that resolves (RFC 3986 §5.2) back to exactly `iri`, or
 * undefined when none is safe: a ':' would read as a scheme (RFC 3986 looks only before the first
 * '/', but rdflib.js takes any ':' as one, so none is allowed), a leading '/' as a path from the
 * host, '.'/'..' segments would be removed, and a leading '@' looks like a JSON-LD keyword.
 */
export function relativize(base: string, iri: string): string | undefined {
  if (!iri.startsWith(base)) return undefined;
  const rest = iri.slice(base.length);
  if (rest === '') return '';
  const c = rest.charCodeAt(0);
  if (c === 0x2f /* / */ || c === 0x40 /* @ */) return undefined;
  if (rest.includes(':')) return undefined;
  const end = rest.search(/[?#]/);
  const path = end < 0 ? rest : rest.slice(0, end);
  if (path.includes('.') && path.split('/').some((s) => s === '.' || s === '..')) return undefined;
  return rest;
}

// The canonical form of RDF 1.2 N-Triples: ECHAR for \b \t \n \f \r \" \\, UCHAR for the other controls and U+007F.
const NT_SPECIAL = /["\\\x00-\x1f\x7f]/;
const NT_SPECIAL_ALL = /["\\\x00-\x1f\x7f]/g;
const NT_ECHAR: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** The body of a "…" string in N-Triples, N-Quads, Turtle and TriG. */
export function escapeNt(s: string): string {
  if (!NT_SPECIAL.test(s)) return s;
  return s.replace(NT_SPECIAL_ALL, (ch) => NT_ECHAR[ch] ?? `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

// XML 1.0 has no way to write these, not even as character references.
const XML_FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;
const XML_TEXT_SPECIAL = /[&<>\r]/;
const XML_TEXT_ALL = /[&<>\r]/g;
const XML_ATTR_SPECIAL = /[&<>"\r\n\t]/;
const XML_ATTR_ALL = /[&<>"\r\n\t]/g;
// '>' is escaped too so that ']]>' never appears; CR, and in attributes TAB and LF, as character references so XML's line-end and attribute normalisation keep them.
const XML_ENTITY: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;' };

/** `what` names the string in the error; a function so that the common, valid case builds no message. */
type What = string | (() => string);

function xmlCheck(s: string, what: What): void {
  const bad = XML_FORBIDDEN.exec(s);
  if (bad) {
    throw new SerializeError(
      `${typeof what === 'string' ? what : what()} ${JSON.stringify(s.slice(0, 60))} holds U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}, which XML 1.0 cannot carry: RDF/XML cannot express it (remove the character, or publish in another syntax)`,
    );
  }
}

export function escapeXmlText(s: string, what: What): string {
  xmlCheck(s, what);
  return XML_TEXT_SPECIAL.test(s) ? s.replace(XML_TEXT_ALL, (ch) => XML_ENTITY[ch] as string) : s;
}

export function escapeXmlAttr(s: string, what: What): string {
  xmlCheck(s, what);
  return XML_ATTR_SPECIAL.test(s) ? s.replace(XML_ATTR_ALL, (ch) => XML_ENTITY[ch] as string) : s;
}
