// The pipeline as one call: data folder -> resolved facts -> quads (validation and dumps are separate steps, see cli.ts).
import { loadFacts } from './facts/load.js';
import { factsToQuads } from './graph/quads.js';
import type { BuiltGraph } from './graph/types.js';

export interface BuildOptions {
  readonly dataDir: string;
  /** Base IRI; must end in '/'. */
  readonly base: string;
}

export async function buildGraph(opts: BuildOptions): Promise<BuiltGraph> {
  if (!opts.base.endsWith('/')) throw new Error(`base IRI must end in '/': ${opts.base}`);
  const facts = await loadFacts({ dataDir: opts.dataDir });
  return { quads: factsToQuads(facts, { base: opts.base }), base: opts.base };
}
