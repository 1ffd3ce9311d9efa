// Picks the writer for each RDF format of the format table and serializes quads to text, whole or in pieces.
import type * as RDF from '@rdfjs/types';
import { FORMATS, formatByName, type FormatName } from './formats.js';
import { SerializeError, canonicalize, type CanonicalQuads } from './canonical.js';
import { ntriplesChunks, nquadsChunks } from './ntriples.js';
import { turtleChunks, trigChunks } from './turtle.js';
import { jsonldChunks } from './jsonld.js';
import { rdfxmlChunks } from './rdfxml.js';

/** The formats of the table that carry RDF: 'graph' ones write the default graph, 'dataset' ones every graph. */
export type RdfFormatName = Extract<(typeof FORMATS)[number], { kind: 'graph' | 'dataset' }>['name'];

export interface SerializeOptions {
  /** Base IRI: Turtle, TriG, JSON-LD and RDF/XML write IRIs under it relative to it (@base, xml:base). */
  readonly base: string;
  /**
   * JSON-LD only: where the document says its context is (absolute, or relative to the document's
   * own URL, as in the dumps). Without it the context is written inline.
   */
  readonly contextUrl?: string;
  /** JSON-LD only: write the named graphs too (JSON-LD 1.1 `@graph` per graph); otherwise the default graph alone. */
  readonly namedGraphs?: boolean;
}

type ChunkWriter = (c: CanonicalQuads, opts: SerializeOptions) => Iterable<string>;

// A Record over RdfFormatName: adding an RDF format to the table without a writer is a compile error.
const WRITERS: Readonly<Record<RdfFormatName, ChunkWriter>> = {
  turtle: turtleChunks,
  ntriples: ntriplesChunks,
  jsonld: jsonldChunks,
  rdfxml: rdfxmlChunks,
  nquads: nquadsChunks,
  trig: trigChunks,
};

export function isRdfFormatName(name: string): name is RdfFormatName {
  return Object.hasOwn(WRITERS, name);
}

function writerFor(format: string): ChunkWriter {
  if (!isRdfFormatName(format)) {
    const known = formatByName(format);
    const rdf = Object.keys(WRITERS).join(', ');
    throw new SerializeError(
      known ? `${known.label} (${format}) is not an RDF syntax: quads can be written as ${rdf}` : `unknown format ${JSON.stringify(format)}: quads can be written as ${rdf}`,
    );
  }
  return WRITERS[format];
}

/** Writes already canonical quads (see canonicalize) as a sequence of text pieces; the dumps use it to stream. */
export function canonicalChunks(c: CanonicalQuads, format: RdfFormatName, opts: SerializeOptions): Iterable<string> {
  return writerFor(format)(c, opts);
}

/** Validates, sorts and writes quads as text pieces, for streaming a response. Graph formats carry only the default graph. */
export function serializeChunks(quads: readonly RDF.Quad[], format: FormatName, opts: SerializeOptions): Iterable<string> {
  const write = writerFor(format);
  return write(canonicalize(quads), opts);
}

/**
 * Serializes a (small) set of quads to one string in any RDF format of the table. Deterministic:
 * the same quads in any order give the same text. Graph formats (Turtle, N-Triples, JSON-LD,
 * RDF/XML) carry only the default graph; N-Quads and TriG carry all graphs.
 * Throws SerializeError for a format that is not RDF or for quads no syntax can express.
 */
export function serializeQuads(quads: readonly RDF.Quad[], format: FormatName, opts: SerializeOptions): string {
  let out = '';
  for (const chunk of serializeChunks(quads, format, opts)) out += chunk;
  return out;
}
