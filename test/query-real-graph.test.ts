// Smoke test over the real graph: built from data/, loaded as the endpoint loads it, queried in-process.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../src/build.js';
import { DEFAULT_BASE_IRI } from '../src/config.js';
import { SparqlEngine } from '../src/query/engine.js';

describe('the engine over the real graph', () => {
  let engine: SparqlEngine;
  let quads = 0;
  beforeAll(async () => {
    const graph = await buildGraph({ dataDir: 'data', base: DEFAULT_BASE_IRI });
    quads = graph.quads.length;
    engine = SparqlEngine.create({ quads: graph.quads });
  });

  it('holds every quad of the build', () => {
    expect(engine.size).toBe(quads);
  });

  it('answers the participants example with the host state among the rows', async () => {
    const r = await engine.evaluate(readFileSync('sparql/participants.rq', 'utf8'));
    expect(r.type).toBe('bindings');
    if (r.type !== 'bindings') return;
    expect(r.bindings.length).toBeGreaterThan(5);
    expect(r.bindings.map((b) => b.get('participant')?.value)).toContain('Kyrgyzstan');
  });

  it('keeps facts in their own named graphs, separate from the default graph', async () => {
    const r = await engine.evaluate('SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }');
    if (r.type !== 'bindings') throw new Error('expected bindings');
    expect(Number(r.bindings[0]?.get('n')?.value)).toBeGreaterThan(10);
    const union = await engine.evaluate('ASK { ?g a <https://w3id.org/ots-kg/ontology#FactGraph> }');
    expect(union).toEqual({ type: 'boolean', value: true });
  });
});
