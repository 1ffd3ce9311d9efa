// Loads the example queries (sparql/*.rq) and the ontology file the pages show; read once when the router is made.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from '../../rdf.js';
import type { RDF } from '../../rdf.js';
import type { ExampleQuery } from './types.js';

/** The question a query answers, from its `# Question:` header comment. */
export function parseExample(name: string, text: string, where: string): ExampleQuery {
  const m = /^#\s*Question:\s*(.+)$/im.exec(text);
  const question = m?.[1]?.trim();
  if (!question) {
    throw new Error(`${where}: no '# Question:' header comment; start the file with a line like '# Question: Who represented each state?'`);
  }
  return { name, question, query: text };
}

/** Every `*.rq` file in the folder, sorted by name. A missing folder means no examples; a file without its header is an error. */
export function loadExampleQueries(dir: string): ExampleQuery[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.rq'))
    .sort()
    .map((f) => parseExample(f.replace(/\.rq$/, ''), readFileSync(join(dir, f), 'utf8'), join(dir, f)));
}

/** Parses ontology/ots.ttl (or another Turtle file); undefined when the file is not there. */
export function loadOntology(path: string): RDF.Quad[] | undefined {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  try {
    return new Parser({ baseIRI: 'https://w3id.org/ots-kg/ontology' }).parse(text);
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
}
