// Clients nobody on the project wrote, each with its default settings, against a running server: SPARQLWrapper and
// rdflib (Python, Debian's python3-sparqlwrapper and python3-rdflib), roqet (rasqal-utils) and rapper (raptor2-utils).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server.js';

const NQ = readFileSync(new URL('./fixtures/query/summit.nq', import.meta.url), 'utf8');
const PYTHON_CLIENTS = fileURLToPath(new URL('./fixtures/clients/python-clients.py', import.meta.url));
const PYTHON = '/usr/bin/python3';
const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const HUNGARY = 'https://w3id.org/ots-kg/id/state/hungary';
const ORBAN_SAME_AS = '<http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q57641>';
const INSTALL = 'apt-get install -y python3-sparqlwrapper python3-rdflib rasqal-utils raptor2-utils (see .ci/run)';

/** Runs a client without blocking the event loop (the server under test shares it). */
function run(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: 60_000, maxBuffer: 16 << 20, env: { ...process.env, PYTHONWARNINGS: 'ignore' } }, (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') reject(new Error(`${cmd} is not installed: ${INSTALL}`));
      else resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let server: RunningServer;
let dir: string;
const log: string[] = [];

beforeAll(async () => {
  // The server as `npm start` runs it, over the test graph: /sparql and the entity IRIs both answer.
  dir = mkdtempSync(join(tmpdir(), 'ots-kg-clients-'));
  writeFileSync(join(dir, 'ots-kg.nq'), NQ);
  server = await startServer({
    env: { PORT: '0', HOST: '127.0.0.1', QUERY_WORKERS: '1', SERVICE_ALLOWLIST: 'none', DUMPS_DIR: dir, LOG_REQUESTS: 'true' },
    quiet: true,
    log: (l) => log.push(l),
  });
  await server.ready;
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('SPARQLWrapper and rdflib (Python)', () => {
  type Outcome = Record<string, unknown> & { error?: string };
  let results: Record<string, Outcome>;
  beforeAll(async () => {
    const r = await run(PYTHON, [PYTHON_CLIENTS, server.url]);
    if (r.code !== 0) throw new Error(`${PYTHON} ${PYTHON_CLIENTS} failed (${r.code}): ${r.stderr}\nThe Python clients come from Debian: ${INSTALL}`);
    results = JSON.parse(r.stdout) as Record<string, Outcome>;
  }, 120_000);
  const outcome = (name: string): Outcome => {
    const o = results[name];
    expect(o, `no outcome for ${name}`).toBeDefined();
    expect(o?.error, o?.error).toBeUndefined();
    return o!;
  };

  it.each([
    ['sparqlwrapper select, default format (XML)', 'application/sparql-results+xml'],
    ['sparqlwrapper select, JSON', 'application/sparql-results+json'],
  ])('%s: reads the label', (name, type) => {
    const o = outcome(name);
    expect(String(o.contentType)).toMatch(new RegExp(`^${type.replace('+', '\\+')}`));
    expect(o.values).toEqual(['Hungary']);
  });

  it('sparqlwrapper ask, default format (XML): reads true', () => {
    expect(outcome('sparqlwrapper ask, default format (XML)')).toMatchObject({ boolean: 'true' });
  });

  // SPARQLWrapper sends its return format as format=, output= and results= along with its Accept header.
  it.each([
    ['construct', 'default format (XML)', 'application/rdf+xml', 6],
    ['construct', 'RDFXML', 'application/rdf+xml', 6],
    ['construct', 'N3', 'text/turtle', 6],
    ['construct', 'TURTLE', 'text/turtle', 6],
    ['construct', 'JSON', 'application/ld+json', 6],
    ['describe', 'default format (XML)', 'application/rdf+xml', 3],
    ['describe', 'RDFXML', 'application/rdf+xml', 3],
    ['describe', 'N3', 'text/turtle', 3],
    ['describe', 'TURTLE', 'text/turtle', 3],
    ['describe', 'JSON', 'application/ld+json', 3],
  ])('sparqlwrapper %s, %s: gets %s and reads the graph', (form, fmt, type, triples) => {
    const o = outcome(`sparqlwrapper ${form}, ${fmt}`);
    expect(String(o.contentType).split(';')[0]).toBe(type);
    expect(o.triples).toBe(triples);
    expect(o.hungaryLabels).toEqual(['Hungary']);
  });

  it('sparqlwrapper, a query with an undeclared prefix: QueryBadFormed carrying the prefix, its position and the PREFIX line', () => {
    const o = outcome('sparqlwrapper undeclared prefix');
    expect(o.raised).toBe('QueryBadFormed');
    expect(String(o.message)).toContain("unknown prefix 'rdfs' at line 1, column 22");
    expect(String(o.message)).toContain(`PREFIX rdfs: <${RDFS_LABEL.slice(0, -'label'.length)}>`);
  });

  it.each(['nt', 'turtle', 'xml', 'json-ld', 'None'])("rdflib Graph().parse(entity IRI, format='%s') reads the entity's statements", (fmt) => {
    const o = outcome(`rdflib parse of an entity IRI, format=${fmt}`);
    expect(o.sameAs).toEqual(['http://www.wikidata.org/entity/Q57641']);
    expect(o.triples).toBe((results['rdflib parse of an entity IRI, format=nt'] as Outcome).triples);
  });
});

describe('roqet (Rasqal)', () => {
  const roqet = (query: string): Promise<{ code: number; stdout: string; stderr: string }> => run('roqet', ['-p', `${server.url}/sparql`, '-e', query]);

  it('runs a SELECT through the protocol and prints the row', async () => {
    const r = await roqet(`SELECT ?l WHERE { <${HUNGARY}> <${RDFS_LABEL}> ?l }`);
    expect(r.stderr).toContain('Query returned 1 results');
    expect(r.stdout).toContain('row: [l=string("Hungary"@en)]');
    expect(r.code).toBe(0);
  });

  it('sends a CONSTRUCT with Accept: application/sparql-results+xml and gets 200 Turtle, not 406', async () => {
    const before = log.length;
    await roqet(`CONSTRUCT { ?s <${RDFS_LABEL}> ?l } WHERE { ?s <${RDFS_LABEL}> ?l }`);
    const lines = log.slice(before).filter((l) => / \/sparql /.test(l));
    expect(lines.length, log.slice(before).join('\n')).toBe(1);
    expect(lines[0]).toMatch(/GET \/sparql 200 /);
    // The same request as roqet sent it, to see the answer it got (Rasqal 0.9.33 reads any service answer as SPARQL XML).
    const res = await fetch(`${server.url}/sparql?query=${encodeURIComponent(`CONSTRUCT { ?s <${RDFS_LABEL}> ?l } WHERE { ?s <${RDFS_LABEL}> ?l }`)}`, { headers: { accept: 'application/sparql-results+xml' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
    expect(await res.text()).toContain('"Hungary"@en');
  });

  it('loads an entity IRI as data (-D, its default Accept) and queries it', async () => {
    const r = await run('roqet', ['-D', `${server.url}/id/person/viktor-orban`, '-e', 'SELECT ?o WHERE { ?s <http://www.w3.org/2002/07/owl#sameAs> ?o }']);
    expect(r.stderr).toContain('Query returned 1 results');
    expect(r.stdout).toContain('row: [o=uri<http://www.wikidata.org/entity/Q57641>]');
  });
});

describe('rapper (Raptor)', () => {
  it.each([[[]], [['-g']], [['-i', 'turtle']], [['-i', 'ntriples']]])('rapper %j <entity IRI> reads its statements', async (args) => {
    const r = await run('rapper', [...args, `${server.url}/id/person/viktor-orban`]);
    expect(r.stderr).toMatch(/Parsing returned 4 triples/);
    expect(r.stdout).toContain(`<https://w3id.org/ots-kg/id/person/viktor-orban> ${ORBAN_SAME_AS} .`);
    expect(r.code).toBe(0);
  });

  it('rapper <a CONSTRUCT query URL> reads the RDF/XML answer', async () => {
    const q = `CONSTRUCT { ?s <${RDFS_LABEL}> ?l } WHERE { ?s <${RDFS_LABEL}> ?l }`;
    const r = await run('rapper', [`${server.url}/sparql?query=${encodeURIComponent(q)}`]);
    expect(r.stderr).toMatch(/Parsing returned 6 triples/);
    expect(r.stdout).toContain(`<${HUNGARY}> <${RDFS_LABEL}> "Hungary"@en .`);
    expect(r.code).toBe(0);
  });
});
