// Where links lead: this server's public address (PUBLIC_URL, else the address a request arrived on, never its Host
// header) and the link mode (LINK_MODE): pages always link here; in `rewrite` mode the RDF served names things here too.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { LinkMode } from '../../config.js';
import { literal, namedNode, quad as makeQuad } from '../../rdf.js';
import type { RDF } from '../../rdf.js';
import { ONTOLOGY_IRI } from './graph-index.js';

export interface LinkSettings {
  /** Configured roots (`https://host[:port]/`), the first one primary; empty: the address the request arrived on. */
  readonly publicUrls: readonly string[];
  readonly mode: LinkMode;
}

export const DEFAULT_LINKS: LinkSettings = { publicUrls: [], mode: 'local' };

/** `host:port` of a URL root as a Host header names it (default ports left out, as browsers send them). */
function hostOf(root: string): string {
  return new URL(root).host.toLowerCase();
}

/** The address the connection arrived on: the server's own listening address, chosen by the operator, not the client. */
function socketRoot(req: IncomingMessage): string {
  const s = req.socket;
  let addr = s.localAddress ?? '127.0.0.1';
  if (addr.startsWith('::ffff:')) addr = addr.slice(7);
  const host = addr.includes(':') ? `[${addr}]` : addr;
  const tls = (s as TLSSocket).encrypted === true;
  const port = s.localPort;
  const defaultPort = tls ? 443 : 80;
  return `${tls ? 'https' : 'http'}://${host}${port !== undefined && port !== defaultPort ? `:${port}` : ''}/`;
}

/**
 * The root URL (ending in '/') to write absolute links with: the configured URL whose host the
 * request named, else the first configured one, else the address the connection arrived on. A Host
 * header that names none of them is never copied into an answer.
 */
export function publicRoot(req: IncomingMessage, links: LinkSettings): string {
  const configured = links.publicUrls;
  if (configured.length === 0) return socketRoot(req);
  const asked = (req.headers.host ?? '').toLowerCase();
  return configured.find((u) => hostOf(u) === asked) ?? configured[0]!;
}

/** A canonical IRI on this server: IRIs under the base and the ontology's become `{root}path`; others stay as they are. */
export function servedIri(iri: string, base: string, root: string): string {
  if (iri.startsWith(base)) return root + iri.slice(base.length);
  if (iri === ONTOLOGY_IRI || iri.startsWith(`${ONTOLOGY_IRI}#`) || iri.startsWith(`${ONTOLOGY_IRI}/`)) return `${root}ontology${iri.slice(ONTOLOGY_IRI.length)}`;
  return iri;
}

/** The quads with every canonical IRI (and `xsd:anyURI` literal) moved onto this server (LINK_MODE=rewrite). */
export function rewriteQuads(quads: readonly RDF.Quad[], base: string, root: string): RDF.Quad[] {
  if (root === base) return [...quads];
  const term = <T extends RDF.Term>(t: T): T => {
    if (t.termType === 'NamedNode') {
      const v = servedIri(t.value, base, root);
      return (v === t.value ? t : namedNode(v)) as unknown as T;
    }
    if (t.termType === 'Literal' && t.datatype.value === 'http://www.w3.org/2001/XMLSchema#anyURI') {
      const v = servedIri(t.value, base, root);
      return (v === t.value ? t : literal(v, t.datatype)) as unknown as T;
    }
    return t;
  };
  return quads.map((q) => makeQuad(term(q.subject), term(q.predicate), term(q.object), term(q.graph)));
}
