// Where the W3C SPARQL 1.1 suite lives on disk and how its IRIs map to files.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this file sits at test/conformance/paths.ts. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** IRIs of the suite's files, as published (the manifests resolve relative IRIs against them). */
export const SUITE_BASE = 'https://w3c.github.io/rdf-tests/sparql/sparql11/';

/**
 * The folder holding the W3C suite: `test/w3c` in the repository (with its licence and origin),
 * or CONFORMANCE_DIR for another copy.
 */
export function conformanceDir(): string {
  const dir = process.env['CONFORMANCE_DIR'] ?? path.join(repoRoot, 'test', 'w3c');
  const suite = path.join(dir, 'w3c-sparql11');
  if (!existsSync(path.join(suite, 'manifest-sparql11-query.ttl'))) {
    const from = process.env['CONFORMANCE_DIR'] ? 'CONFORMANCE_DIR' : 'the default, test/w3c in the repository';
    throw new Error(
      `W3C SPARQL 1.1 test suite not found: no ${suite}/manifest-sparql11-query.ttl (${from}). ` +
        'Restore test/w3c from git (git checkout -- test/w3c), or point CONFORMANCE_DIR at a folder holding w3c-sparql11/.',
    );
  }
  return dir;
}

export function suiteDir(): string {
  return path.join(conformanceDir(), 'w3c-sparql11');
}

/** Maps a suite IRI to its file on disk; anything outside the suite is an error, never a fetch. */
export function fileOf(iri: string): string {
  if (!iri.startsWith(SUITE_BASE)) throw new Error(`not a suite IRI: ${iri}`);
  const rel = decodeURIComponent(iri.slice(SUITE_BASE.length).replace(/[#?].*$/, ''));
  return path.join(suiteDir(), ...rel.split('/'));
}

export function iriOf(relativePath: string): string {
  return SUITE_BASE + relativePath.split(path.sep).join('/');
}

/**
 * A short, stable test id: `<folder>#<name>`, e.g. `aggregates#agg01`. The test IRIs use old
 * w3.org namespaces that differ from folder to folder, so the folder comes from the manifest.
 */
export function shortId(manifestIri: string, testIri: string): string {
  const rel = manifestIri.slice(SUITE_BASE.length);
  const folder = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : rel;
  const hash = testIri.lastIndexOf('#');
  const local = hash >= 0 ? testIri.slice(hash + 1) : testIri.slice(testIri.lastIndexOf('/') + 1);
  return `${folder}#${local}`;
}
