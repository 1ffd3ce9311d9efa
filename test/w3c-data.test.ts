// test/w3c holds the W3C SPARQL 1.1 files the conformance runners read, and nothing else: every file a loaded manifest
// entry names is there, and every file there is a manifest or named by one.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProtocolTests, loadQueryTests } from './conformance/manifest.js';
import { fileOf, suiteDir } from './conformance/paths.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('test/w3c', () => {
  const suite = suiteDir();
  const named = new Set<string>();
  for (const root of ['manifest-sparql11-query.ttl', 'manifest-sparql11-results.ttl']) {
    for (const t of loadQueryTests(root)) {
      for (const iri of [t.queryIri, ...t.data, ...t.graphData, ...(t.resultIri === undefined ? [] : [t.resultIri])]) named.add(fileOf(iri));
    }
  }
  for (const t of loadProtocolTests()) for (const g of t.graphData) named.add(fileOf(g.file));
  const onDisk = filesUnder(suite);

  it('has every file the loaded manifests name', () => {
    const have = new Set(onDisk);
    expect([...named].filter((f) => !have.has(f)).map((f) => relative(suite, f))).toEqual([]);
    expect(named.size).toBeGreaterThan(600);
  });

  it('has nothing else: each file is a manifest or is named by a test the runners load', () => {
    const unused = onDisk.filter((f) => !named.has(f) && !/(^|\/)manifest(-sparql11-(query|results|protocol|service-description))?\.ttl$/.test(relative(suite, f)));
    expect(unused.map((f) => relative(suite, f))).toEqual([]);
  });
});
