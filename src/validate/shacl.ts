// The build's graph validator: loads shapes and ontology, checks the default graph against SHACL Core shapes, prints each violation on one line.
import { readFile } from 'node:fs/promises';
import type * as RDF from '@rdfjs/types';
import { Parser } from '../rdf.js';
import { NS } from '../vocab.js';
import type { Severity } from './compile.js';
import { compileShapes, scannedPredicates, ShapesError, showPath, showTerm } from './compile.js';
import { DataIndex, Engine } from './engine.js';

export { ShapesError };
export type { Severity };

/**
 * One validation result. Terms are written as in N-Triples (`<iri>`, `_:b0`, `"text"@en`,
 * `"5"^^<http://www.w3.org/2001/XMLSchema#integer>`), paths as in SPARQL (`<iri>` or `^<iri>`).
 */
export interface Violation {
  focusNode: string;
  path?: string;
  value?: string;
  /** The shape's sh:message, or a description of what the constraint expects. */
  message: string;
  /** `<iri>` of the shape, or for a blank property shape its parent shape and path. */
  shape: string;
  severity: Severity;
  /** The SHACL constraint component, such as `http://www.w3.org/ns/shacl#MinCountConstraintComponent`. */
  component: string;
}

async function readTurtle(path: string, what: string): Promise<RDF.Quad[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ShapesError(`${path}: cannot read the ${what} (${code}); run from the project root or pass the file's path`);
  }
  try {
    return new Parser({ format: 'text/turtle' }).parse(text);
  } catch (err) {
    throw new ShapesError(`${path}: the ${what} is not valid Turtle: ${(err as Error).message}`);
  }
}

/** Reads the SHACL shapes (Turtle). */
export async function loadShapes(path = 'ontology/shapes.ttl'): Promise<RDF.Quad[]> {
  return readTurtle(path, 'shapes file');
}

/** Reads the ontology (Turtle); the validator takes rdfs:subClassOf from it for sh:targetClass and sh:class. */
export async function loadOntology(path = 'ontology/ots.ttl'): Promise<RDF.Quad[]> {
  return readTurtle(path, 'ontology');
}

/**
 * Validates the default-graph quads of `data` (named-graph copies are skipped: they repeat the
 * default graph) against `shapes`. Subclass axioms are taken from `ontology` and from the data.
 * Throws ShapesError when the shapes use a SHACL feature this validator does not implement.
 */
export function validateGraph(data: readonly RDF.Quad[], shapes: readonly RDF.Quad[], ontology: readonly RDF.Quad[] = []): Violation[] {
  const roots = compileShapes(shapes);
  const engine = new Engine(new DataIndex(data, ontology, scannedPredicates(roots)));
  const violations = engine.run(roots).map(
    (r): Violation => ({
      focusNode: showTerm(r.focusNode),
      ...(r.path !== undefined ? { path: showPath(r.path) } : {}),
      ...(r.value !== undefined ? { value: showTerm(r.value) } : {}),
      message: r.shape.message ?? r.detail,
      shape: r.shape.id,
      severity: r.severity,
      component: r.component,
    }),
  );
  const key = (v: Violation): string => [v.focusNode, v.path ?? '', v.component, v.value ?? '', v.shape].join('\u0000');
  return violations.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

const PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ...Object.entries(NS).filter(([p]) => p !== 'wd'),
  ['otsh', 'https://w3id.org/ots-kg/shapes#'] as const,
].sort((a, b) => b[1].length - a[1].length);

/** `<iri>` to `prefix:local` when a known namespace fits and the local part is a plain name. */
function compactIri(bracketed: string): string {
  const iri = bracketed.slice(1, -1);
  for (const [prefix, ns] of PREFIXES) {
    if (iri.startsWith(ns) && /^[A-Za-z_][\w-]*$/.test(iri.slice(ns.length))) return `${prefix}:${iri.slice(ns.length)}`;
  }
  return bracketed;
}

function compact(text: string): string {
  return text.replace(/<[^<>\s"]*>/g, compactIri);
}

function shorten(value: string, max = 80): string {
  if (value.length <= max) return value;
  // Keep the literal's closing quote and tag visible: cut inside the lexical form.
  const m = /^(".*")(\^\^\S+|@\S+)?$/s.exec(value);
  if (m === null) return `${value.slice(0, max - 1)}…`;
  const lex = m[1] ?? '';
  return `${lex.slice(0, max - 2)}…"${m[2] ?? ''}`;
}

/** One line: severity, focus node, path, offending value (if any), message, and the shape that found it. */
export function formatViolation(v: Violation): string {
  const where = [v.focusNode, v.path !== undefined ? compact(v.path) : undefined].filter((s) => s !== undefined).join(' ');
  const value = v.value !== undefined ? ` value ${shorten(compact(v.value))}` : '';
  return `${v.severity}: ${where}${value}: ${v.message} (shape ${compact(v.shape)})`.replace(/[\r\n]+/g, ' ');
}
