// The SPARQL 1.1 Service Description served by GET /sparql without a query: the endpoint, its formats, its default dataset.
import { NS } from '../vocab.js';
import { formatByName, type Format } from '../serialize/formats.js';

// W3C's IRIs for the formats (https://www.w3.org/ns/formats/).
const FORMAT_IRIS: Readonly<Record<string, string>> = {
  json: 'http://www.w3.org/ns/formats/SPARQL_Results_JSON',
  xml: 'http://www.w3.org/ns/formats/SPARQL_Results_XML',
  csv: 'http://www.w3.org/ns/formats/SPARQL_Results_CSV',
  tsv: 'http://www.w3.org/ns/formats/SPARQL_Results_TSV',
  turtle: 'http://www.w3.org/ns/formats/Turtle',
  ntriples: 'http://www.w3.org/ns/formats/N-Triples',
  jsonld: 'http://www.w3.org/ns/formats/JSON-LD',
  rdfxml: 'http://www.w3.org/ns/formats/RDF_XML',
  nquads: 'http://www.w3.org/ns/formats/N-Quads',
  trig: 'http://www.w3.org/ns/formats/TriG',
};

export const DESCRIPTION_FORMATS: readonly Format[] = ['turtle', 'jsonld', 'ntriples'].map((n) => {
  const f = formatByName(n);
  if (!f) throw new Error(`format table has no ${n}`);
  return f;
});

export interface DescriptionInput {
  /** The endpoint's IRI exactly as the client reached it. */
  readonly endpoint: string;
  /** The dataset's IRI (`{base}dataset`). */
  readonly dataset: string;
  readonly quads: number;
}

function iri(s: string): string {
  return `<${s.replace(/[<>"{}|^`\\\s]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}>`;
}

export function describeTurtle(d: DescriptionInput): string {
  const sd = NS.sd;
  const formats = Object.values(FORMAT_IRIS).map(iri).join(',\n    ');
  return `@prefix sd: <${sd}> .
@prefix void: <${NS.void}> .
@prefix dct: <${NS.dct}> .

[] a sd:Service ;
  sd:endpoint ${iri(d.endpoint)} ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:feature sd:BasicFederatedQuery ;
  sd:resultFormat
    ${formats} ;
  sd:defaultDataset [
    a sd:Dataset ;
    dct:source ${iri(d.dataset)} ;
    sd:defaultGraph [ a sd:Graph ]
  ] .
`;
}

export function describeJsonLd(d: DescriptionInput): string {
  const sd = NS.sd;
  return `${JSON.stringify(
    {
      '@context': { sd, dct: NS.dct },
      '@type': 'sd:Service',
      'sd:endpoint': { '@id': d.endpoint },
      'sd:supportedLanguage': { '@id': `${sd}SPARQL11Query` },
      'sd:feature': { '@id': `${sd}BasicFederatedQuery` },
      'sd:resultFormat': Object.values(FORMAT_IRIS).map((i) => ({ '@id': i })),
      'sd:defaultDataset': {
        '@type': 'sd:Dataset',
        'dct:source': { '@id': d.dataset },
        'sd:defaultGraph': { '@type': 'sd:Graph' },
      },
    },
    null,
    2,
  )}\n`;
}

export function describeNTriples(d: DescriptionInput): string {
  const sd = NS.sd;
  const t = (s: string, p: string, o: string): string => `${s} ${iri(p)} ${o} .`;
  const svc = '_:service';
  const ds = '_:dataset';
  const g = '_:default';
  const rdfType = `${NS.rdf}type`;
  const lines = [
    t(svc, rdfType, iri(`${sd}Service`)),
    t(svc, `${sd}endpoint`, iri(d.endpoint)),
    t(svc, `${sd}supportedLanguage`, iri(`${sd}SPARQL11Query`)),
    t(svc, `${sd}feature`, iri(`${sd}BasicFederatedQuery`)),
    ...Object.values(FORMAT_IRIS).map((f) => t(svc, `${sd}resultFormat`, iri(f))),
    t(svc, `${sd}defaultDataset`, ds),
    t(ds, rdfType, iri(`${sd}Dataset`)),
    t(ds, `${NS.dct}source`, iri(d.dataset)),
    t(ds, `${sd}defaultGraph`, g),
    t(g, rdfType, iri(`${sd}Graph`)),
  ];
  return `${lines.join('\n')}\n`;
}
