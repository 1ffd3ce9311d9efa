// Loads the suite's data and expected-result files from disk (never from the network).
import { readFileSync } from 'node:fs';
import N3 from 'n3';
import * as $rdf from 'rdflib';
import type * as RDF from '@rdfjs/types';
import { fileOf } from './paths.js';
import { type QueryResult, asTriples, parseCsv, parseSrj, parseSrx, parseTsv, resultSetFromGraph } from './results.js';

const DF = N3.DataFactory;

/** rdflib.js terms follow RDF/JS closely but not exactly; rebuild them with the N3 factory. */
function fromRdflib(t: { termType: string; value: string; language?: string; datatype?: { value: string } }): RDF.Term {
  switch (t.termType) {
    case 'NamedNode':
      return DF.namedNode(t.value);
    case 'BlankNode':
      return DF.blankNode(t.value);
    case 'Literal':
      return t.language ? DF.literal(t.value, t.language) : DF.literal(t.value, DF.namedNode(t.datatype?.value ?? 'http://www.w3.org/2001/XMLSchema#string'));
    case 'DefaultGraph':
      return DF.defaultGraph();
    default:
      throw new Error(`unexpected rdflib term ${t.termType}`);
  }
}

/** RDF/XML through rdflib.js, as RDF/JS triples. */
export function parseRdfXml(text: string, baseIRI: string): RDF.Quad[] {
  const store = $rdf.graph();
  $rdf.parse(text, store, baseIRI, 'application/rdf+xml');
  return store.statements.map((st) =>
    DF.quad(
      fromRdflib(st.subject) as RDF.Quad_Subject,
      fromRdflib(st.predicate) as RDF.Quad_Predicate,
      fromRdflib(st.object) as RDF.Quad_Object,
    ),
  );
}

/** Parses one RDF file of the suite (Turtle, N-Triples, RDF/XML) into triples of `graph`. */
export function loadRdf(iri: string, graph: RDF.Quad_Graph = DF.defaultGraph()): RDF.Quad[] {
  const text = readFileSync(fileOf(iri), 'utf8');
  let triples: RDF.Quad[];
  if (iri.endsWith('.rdf')) {
    triples = parseRdfXml(text, iri);
  } else if (iri.endsWith('.ttl') || iri.endsWith('.nt')) {
    triples = new N3.Parser({ baseIRI: iri, format: iri.endsWith('.nt') ? 'N-Triples' : 'Turtle' }).parse(text);
  } else {
    throw new Error(`no parser for data file ${iri}`);
  }
  return triples.map((q) => DF.quad(q.subject, q.predicate, q.object, graph));
}

/**
 * The dataset of a test: qt:data files merged into the default graph, each qt:graphData file as a
 * named graph called by its own IRI. Blank-node labels are kept apart per file.
 */
export function loadDataset(data: readonly string[], graphData: readonly string[]): RDF.Quad[] {
  const out: RDF.Quad[] = [];
  const files: [string, RDF.Quad_Graph][] = [
    ...data.map((f): [string, RDF.Quad_Graph] => [f, DF.defaultGraph()]),
    ...graphData.map((f): [string, RDF.Quad_Graph] => [f, DF.namedNode(f)]),
  ];
  files.forEach(([file, graph], i) => {
    const rename = (t: RDF.Term): RDF.Term => (t.termType === 'BlankNode' ? DF.blankNode(`f${i}_${t.value}`) : t);
    for (const q of loadRdf(file, graph)) {
      out.push(DF.quad(rename(q.subject) as RDF.Quad_Subject, q.predicate, rename(q.object) as RDF.Quad_Object, q.graph));
    }
  });
  return out;
}

/** Reads an expected result in any of the suite's formats. */
export async function loadExpected(iri: string): Promise<QueryResult> {
  const text = (): string => readFileSync(fileOf(iri), 'utf8');
  if (iri.endsWith('.srx')) return parseSrx(text());
  if (iri.endsWith('.srj')) return parseSrj(text());
  if (iri.endsWith('.tsv')) return parseTsv(text());
  if (iri.endsWith('.csv')) return parseCsv(text());
  const quads = loadRdf(iri);
  return resultSetFromGraph(quads) ?? { type: 'quads', quads: asTriples(quads) };
}

export function readText(iri: string): string {
  return readFileSync(fileOf(iri), 'utf8');
}
