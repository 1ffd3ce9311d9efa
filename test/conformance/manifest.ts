// Reads the W3C manifests (Turtle, mf:/qt:/ut:/ht: vocabularies) into plain test descriptions.
import { readFileSync } from 'node:fs';
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';
import { SUITE_BASE, fileOf, shortId } from './paths.js';

const MF = 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#';
const QT = 'http://www.w3.org/2001/sw/DataAccess/tests/test-query#';
const UT = 'http://www.w3.org/2009/sparql/tests/test-update#';
const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const HT = 'http://www.w3.org/2011/http#';
const CNT = 'http://www.w3.org/2011/content#';
const HTS = 'http://www.w3.org/2011/http-statusCodes#';

const { namedNode } = N3.DataFactory;

export type QueryTestKind = 'evaluation' | 'positive-syntax' | 'negative-syntax' | 'csv-format';

export interface QueryTest {
  readonly id: string;
  readonly iri: string;
  readonly kind: QueryTestKind;
  readonly name: string;
  readonly queryIri: string;
  /** Files merged into the default graph. */
  readonly data: readonly string[];
  /** Files loaded as named graphs, each named by its own IRI. */
  readonly graphData: readonly string[];
  readonly resultIri?: string;
  /** mf:LaxCardinality: duplicates may be fewer than expected (REDUCED). */
  readonly laxCardinality: boolean;
}

export interface ProtocolRequest {
  readonly method: string;
  /** Path and query string as written, starting with `/sparql/`. */
  readonly absolutePath: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body?: { readonly chars: string; readonly encoding: string };
  readonly expectedStatus: readonly ('2xx' | '3xx' | '4xx' | '5xx')[];
  readonly expectedFormat?: 'boolean' | 'tabular' | 'RDF';
  readonly expectedBoolean?: boolean;
}

export interface ProtocolTest {
  readonly id: string;
  readonly name: string;
  /** Named graphs to preload: file IRI and the graph name the test expects. */
  readonly graphData: readonly { readonly file: string; readonly graph: string }[];
  readonly requests: readonly ProtocolRequest[];
}

export interface ServiceDescriptionTest {
  readonly id: string;
  readonly name: string;
}

class Graph {
  readonly store: N3.Store;
  constructor(readonly manifestIri: string) {
    this.store = new N3.Store(new N3.Parser({ baseIRI: manifestIri }).parse(readFileSync(fileOf(manifestIri), 'utf8')));
  }
  objects(s: RDF.Term, p: string): RDF.Term[] {
    return this.store.getObjects(s as N3.Quad_Subject, namedNode(p), null);
  }
  one(s: RDF.Term, p: string): RDF.Term | undefined {
    return this.objects(s, p)[0];
  }
  list(head: RDF.Term | undefined): RDF.Term[] {
    const out: RDF.Term[] = [];
    let node = head;
    while (node && !(node.termType === 'NamedNode' && node.value === `${RDF_NS}nil`)) {
      const first = this.one(node, `${RDF_NS}first`);
      if (!first) throw new Error(`${this.manifestIri}: malformed RDF list`);
      out.push(first);
      node = this.one(node, `${RDF_NS}rest`);
    }
    return out;
  }
  entries(): RDF.Term[] {
    return this.list(this.one(namedNode(this.manifestIri), `${MF}entries`));
  }
}

/** Every manifest reachable from `root` through mf:include, in document order. */
function manifests(rootIri: string): Graph[] {
  const root = new Graph(rootIri);
  const out = [root];
  for (const inc of root.list(root.one(namedNode(rootIri), `${MF}include`))) out.push(...manifests(inc.value));
  return out;
}

const KINDS: Record<string, QueryTestKind> = {
  [`${MF}QueryEvaluationTest`]: 'evaluation',
  [`${MF}PositiveSyntaxTest11`]: 'positive-syntax',
  [`${MF}NegativeSyntaxTest11`]: 'negative-syntax',
  [`${MF}CSVResultFormatTest`]: 'csv-format',
};

/** The query or results-format tests of a top-level manifest (`manifest-sparql11-query.ttl`, ...). */
export function loadQueryTests(rootFile: string): QueryTest[] {
  const tests: QueryTest[] = [];
  for (const g of manifests(SUITE_BASE + rootFile)) {
    for (const entry of g.entries()) {
      const type = g.objects(entry, `${RDF_NS}type`).find((t) => KINDS[t.value]);
      const id = shortId(g.manifestIri, entry.value);
      if (!type) throw new Error(`${id}: unsupported test type`);
      const kind = KINDS[type.value]!;
      const action = g.one(entry, `${MF}action`);
      if (!action) throw new Error(`${id}: no mf:action`);
      // Syntax tests name the query file directly as the action.
      const isSyntax = kind === 'positive-syntax' || kind === 'negative-syntax';
      const queryIri = isSyntax ? action.value : g.one(action, `${QT}query`)?.value;
      if (!queryIri) throw new Error(`${id}: no query`);
      const result = g.one(entry, `${MF}result`)?.value;
      tests.push({
        id,
        iri: entry.value,
        kind,
        name: g.one(entry, `${MF}name`)?.value ?? id,
        queryIri,
        data: isSyntax ? [] : g.objects(action, `${QT}data`).map((t) => t.value),
        graphData: isSyntax ? [] : g.objects(action, `${QT}graphData`).map((t) => t.value),
        ...(result === undefined ? {} : { resultIri: result }),
        laxCardinality: g.one(entry, `${MF}resultCardinality`)?.value === `${MF}LaxCardinality`,
      });
    }
  }
  return tests;
}

export function loadProtocolTests(): ProtocolTest[] {
  const g = new Graph(`${SUITE_BASE}protocol/manifest.ttl`);
  return g.entries().map((entry) => {
    const id = shortId(g.manifestIri, entry.value);
    const action = g.one(entry, `${MF}action`);
    if (!action) throw new Error(`${id}: no mf:action`);
    const requests = g.list(g.one(action, `${HT}requests`)).map((req): ProtocolRequest => {
      const method = g.one(req, `${HT}methodName`)?.value;
      const absolutePath = g.one(req, `${HT}absolutePath`)?.value;
      if (!method || !absolutePath) throw new Error(`${id}: request without method or path`);
      const headers = g.list(g.one(req, `${HT}headers`)).map((h) => {
        const name = g.one(h, `${HT}fieldName`)?.value;
        const value = g.one(h, `${HT}fieldValue`)?.value;
        if (name === undefined || value === undefined) throw new Error(`${id}: malformed header`);
        return [name, value] as const;
      });
      const bodyNode = g.one(req, `${HT}body`);
      const resp = g.one(req, `${HT}resp`);
      if (!resp) throw new Error(`${id}: request without ht:resp`);
      const status = g.objects(resp, `${MF}expectedStatus`).map((s) => {
        const m = /StatusCode(\dxx)$/.exec(s.value);
        if (!m || !s.value.startsWith(HTS)) throw new Error(`${id}: unknown status class ${s.value}`);
        return m[1] as '2xx' | '3xx' | '4xx' | '5xx';
      });
      const format = g.one(resp, `${MF}expectedFormat`)?.value;
      const bool = g.one(resp, `${MF}expectedBoolean`)?.value;
      return {
        method,
        absolutePath,
        headers,
        ...(bodyNode
          ? {
              body: {
                chars: g.one(bodyNode, `${CNT}chars`)?.value ?? '',
                encoding: g.one(bodyNode, `${CNT}characterEncoding`)?.value ?? 'UTF-8',
              },
            }
          : {}),
        expectedStatus: status,
        ...(format === 'boolean' || format === 'tabular' || format === 'RDF' ? { expectedFormat: format } : {}),
        ...(bool === undefined ? {} : { expectedBoolean: bool === 'true' }),
      };
    });
    const graphData = g.objects(entry, `${UT}graphData`).map((gd) => {
      const file = g.one(gd, `${UT}graph`)?.value;
      const graph = g.one(gd, `${RDFS}label`)?.value;
      if (!file || !graph) throw new Error(`${id}: malformed ut:graphData`);
      return { file, graph };
    });
    return { id, name: g.one(entry, `${MF}name`)?.value ?? id, graphData, requests };
  });
}

export function loadServiceDescriptionTests(): ServiceDescriptionTest[] {
  const g = new Graph(`${SUITE_BASE}service-description/manifest.ttl`);
  return g.entries().map((entry) => ({
    id: shortId(g.manifestIri, entry.value),
    name: g.one(entry, `${MF}name`)?.value ?? entry.value,
  }));
}
