// The dataset describes itself: VoID statistics and partitions, DCAT distributions with checksums, the Wikidata linkset.
import { blankNode, literal, namedNode, quad } from '../../rdf.js';
import type { RDF } from '../../rdf.js';
import { DCAT, DCT, NS, OTS, OWL, RDF_, SCHEMA, VOID, XSD } from '../../vocab.js';
import { ONTOLOGY_IRI, type GraphIndex } from './graph-index.js';
import { prefixedName } from './labels.js';
import type { DumpManifestLike } from './types.js';
import { EXPORT_FORMATS } from '../../wikidata/exports.js';

const SPDX = 'http://spdx.org/rdf/terms#';
const CC_TERMS = { license: `${NS.cc}license`, attributionName: `${NS.cc}attributionName`, attributionURL: `${NS.cc}attributionURL` } as const;
const IANA = 'https://www.iana.org/assignments/media-types/';
export const WIKIDATA_DATASET = 'https://www.wikidata.org/';

export interface DatasetDescriptionOptions {
  readonly manifest?: DumpManifestLike;
  /** Path of the SPARQL endpoint, resolved against the base (`/sparql` -> `{base}sparql`). */
  readonly sparqlPath: string;
  readonly licence: string;
  /** How many example resources to name. */
  readonly examples?: number;
}

function int(n: number): RDF.Literal {
  return literal(String(n), namedNode(XSD.integer));
}

function fragmentFor(iri: string): string {
  return prefixedName(iri).replace(/[^A-Za-z0-9_-]+/g, '-');
}

/**
 * VoID and DCAT for the dataset IRI `{base}dataset`, computed from the graph and the dump manifest.
 * Partitions and distributions get `#fragment` IRIs under the dataset IRI, so dereferencing the
 * dataset answers for them too.
 */
export function datasetDescription(g: GraphIndex, opts: DatasetDescriptionOptions): RDF.Quad[] {
  const base = g.base;
  const ds = namedNode(`${base}dataset`);
  const out: RDF.Quad[] = [];
  const add = (s: RDF.Quad['subject'], p: string, o: RDF.Quad['object']): void => {
    out.push(quad(s, namedNode(p), o));
  };
  const usage = g.usage();
  const dgStats = g.defaultGraphStats();
  const entities = g.describedIris().filter((i) => i.startsWith(`${base}id/`));

  add(ds, RDF_.type, namedNode(VOID.Dataset));
  add(ds, RDF_.type, namedNode(DCAT.Dataset));
  if (g.statements(ds, namedNode(DCT.title), null).length === 0) {
    add(ds, DCT.title, literal('ots-kg: the Organization of Turkic States knowledge graph', 'en'));
  }
  if (g.statements(ds, namedNode(DCT.description), null).length === 0) {
    add(ds, DCT.description, literal('Summits, member and observer states, representatives, decisions and agreements of the Organization of Turkic States, each statement with its source.', 'en'));
  }
  add(ds, DCT.license, namedNode(opts.licence));
  add(ds, CC_TERMS.license, namedNode(opts.licence));
  add(ds, CC_TERMS.attributionName, literal('ots-kg'));
  add(ds, CC_TERMS.attributionURL, namedNode(base));
  for (const src of g.describedIris().filter((i) => i.startsWith(`${base}source/`))) {
    add(ds, DCT.source, namedNode(src));
    for (const q of g.statements(namedNode(src), null, null)) {
      if (q.predicate.value === RDF_.type || q.predicate.value === `${NS.rdfs}label` || q.predicate.value === SCHEMA.url || q.predicate.value === DCT.license) out.push(q);
    }
  }
  add(ds, DCAT.landingPage, namedNode(base));
  add(ds, VOID.uriSpace, literal(base));
  add(ds, VOID.triples, int(dgStats.triples));
  add(ds, VOID.entities, int(entities.length));
  add(ds, VOID.distinctSubjects, int(dgStats.distinctSubjects));
  add(ds, VOID.distinctObjects, int(dgStats.distinctObjects));
  add(ds, VOID.classes, int(usage.classes.size));
  add(ds, VOID.properties, int(usage.properties.size));
  const vocabularies = new Set<string>();
  for (const p of usage.properties.keys()) {
    const ns = Object.values(NS).find((n) => p.startsWith(n));
    if (ns) vocabularies.add(ns === NS.ots ? ONTOLOGY_IRI : ns);
  }
  for (const v of [...vocabularies].sort()) add(ds, VOID.vocabulary, namedNode(v));

  const endpoint = namedNode(base + opts.sparqlPath.replace(/^\//, ''));
  add(ds, VOID.sparqlEndpoint, endpoint);
  add(endpoint, RDF_.type, namedNode(DCAT.DataService));
  add(endpoint, DCAT.endpointURL, endpoint);
  add(endpoint, DCAT.servesDataset, ds);
  add(endpoint, DCT.conformsTo, namedNode('https://www.w3.org/TR/sparql11-protocol/'));

  const wanted = opts.examples ?? 6;
  const isEntity = (i: string): boolean => i.startsWith(`${base}id/`);
  const examples = [...g.instancesOf(OTS.Summit).filter(isEntity), ...g.instancesOf(SCHEMA.Person).filter(isEntity), ...g.instancesOf(OTS.State).filter(isEntity)];
  for (const e of [...new Set(examples)].slice(0, wanted)) add(ds, VOID.exampleResource, namedNode(e));

  for (const [cls, n] of [...usage.classes.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const part = namedNode(`${base}dataset#class-${fragmentFor(cls)}`);
    add(ds, VOID.classPartition, part);
    add(part, VOID.class, namedNode(cls));
    add(part, VOID.entities, int(n));
  }
  for (const [prop, n] of [...usage.properties.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const part = namedNode(`${base}dataset#property-${fragmentFor(prop)}`);
    add(ds, VOID.propertyPartition, part);
    add(part, VOID.property, namedNode(prop));
    add(part, VOID.triples, int(n));
  }

  const links = g.wikidataLinks();
  const linkset = namedNode(`${base}dataset#wikidata-links`);
  add(ds, `${NS.void}subset`, linkset);
  add(linkset, RDF_.type, namedNode(VOID.Linkset));
  add(linkset, DCT.title, literal('Links to Wikidata', 'en'));
  add(linkset, VOID.linkPredicate, namedNode(OWL.sameAs));
  add(linkset, VOID.subjectsTarget, ds);
  add(linkset, VOID.objectsTarget, namedNode(WIKIDATA_DATASET));
  add(linkset, VOID.triples, int(links.length));
  add(namedNode(WIKIDATA_DATASET), RDF_.type, namedNode(VOID.Dataset));
  add(namedNode(WIKIDATA_DATASET), DCT.title, literal('Wikidata', 'en'));
  add(namedNode(WIKIDATA_DATASET), VOID.uriSpace, literal(NS.wd));

  // Only dumps of the data are distributions: the JSON-LD context that builds before the dump carried it inline listed is not.
  for (const f of (opts.manifest?.files ?? []).filter((file) => file.format !== 'jsonld-context')) {
    const variants = [{ name: f.name, bytes: f.bytes, sha256: f.sha256, gzip: false }];
    if (f.gzip) variants.push({ name: f.gzip.name, bytes: f.gzip.bytes, sha256: f.gzip.sha256, gzip: true });
    for (const v of variants) {
      const url = namedNode(`${base}dumps/${v.name}`);
      const dist = namedNode(`${base}dataset#dump-${v.name.replace(/[^A-Za-z0-9_-]+/g, '-')}`);
      // The exports for Wikidata editors are distributions too, but not RDF dumps of the dataset.
      if (!EXPORT_FORMATS.has(f.format)) add(ds, VOID.dataDump, url);
      add(ds, DCAT.distribution, dist);
      add(dist, RDF_.type, namedNode(DCAT.Distribution));
      add(dist, DCT.title, literal(`${f.format}${v.gzip ? ', gzip-compressed' : ''}`, 'en'));
      add(dist, DCAT.downloadURL, url);
      add(dist, DCAT.accessURL, namedNode(`${base}dumps`));
      add(dist, DCAT.mediaType, namedNode(IANA + f.mediaType));
      add(dist, DCT.format, literal(f.mediaType));
      if (v.gzip) add(dist, DCAT.compressFormat, namedNode(`${IANA}application/gzip`));
      add(dist, DCAT.byteSize, literal(String(v.bytes), namedNode(XSD.nonNegativeInteger)));
      add(dist, DCT.license, namedNode(opts.licence));
      const checksum = blankNode(`sum-${v.name.replace(/[^A-Za-z0-9]+/g, '-')}`);
      add(dist, `${SPDX}checksum`, checksum);
      add(checksum, RDF_.type, namedNode(`${SPDX}Checksum`));
      add(checksum, `${SPDX}algorithm`, namedNode(`${SPDX}checksumAlgorithm_sha256`));
      add(checksum, `${SPDX}checksumValue`, literal(v.sha256, namedNode(`${NS.xsd}hexBinary`)));
      const count = f.quads ?? f.triples;
      if (count !== undefined && !v.gzip) add(dist, VOID.triples, int(count));
    }
  }
  return out;
}
