// `npx tsx bench/load-phases.ts <ots-kg.nq>`: where a worker's load of a dump goes, step by step, in this process:
// reading, hashing, finding the typed literals (as text with a regular expression, and in the bytes), the store's
// loader with each way of handing it the data, the lexical-form check, and Comunica's start. Each store is freed
// before the next. Prints one line per step.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import oxigraph from 'oxigraph';
import { checkLexicalForms, typedLiteralsOf, typedLiteralsOfBytes } from '../src/query/lexical.js';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: bench/load-phases.ts <ots-kg.nq>\n');
  process.exit(2);
}
let t = performance.now();
const lap = (what: string): void => {
  const now = performance.now();
  console.log(`${what}: ${((now - t) / 1000).toFixed(2)} s`);
  t = now;
};
const bytes = readFileSync(file);
lap(`reading ${bytes.length} bytes`);
createHash('sha256').update(bytes).digest('hex');
lap('SHA-256');
const text = bytes.toString('utf8');
lap('decoding as text');
const literals = typedLiteralsOf(text, new Set());
lap(`typed literals by regular expression over the text (${literals.size} distinct)`);
typedLiteralsOfBytes(bytes, new Set());
lap('typed literals found in the bytes');

function* chunks(): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; ) {
    let j = bytes.indexOf(10, Math.min(bytes.length - 1, i + 8 * 2 ** 20));
    if (j < 0) j = bytes.length - 1;
    yield bytes.subarray(i, j + 1);
    i = j + 1;
  }
}
const ways: [string, () => unknown, Record<string, boolean>][] = [
  ['text, default options', () => text, {}],
  ['text, no_transaction', () => text, { no_transaction: true }],
  ['the whole file as one buffer, default options', () => bytes, {}],
  ['8 MiB chunks, no_transaction', chunks, { no_transaction: true }],
  ['8 MiB chunks, no_transaction and lenient', chunks, { no_transaction: true, lenient: true }],
];
let last: oxigraph.Store | undefined;
for (const [what, data, options] of ways) {
  (last as unknown as { free?: () => void } | undefined)?.free?.();
  t = performance.now();
  const store = new oxigraph.Store();
  store.load(data() as string, { format: 'application/n-quads', ...options });
  lap(`store.load, ${what} (${store.size} quads)`);
  last = store;
}
if (last) {
  checkLexicalForms(last, literals);
  lap('checking the lexical forms');
}
const { QueryEngine } = await import('@comunica/query-sparql');
lap("loading Comunica's modules");
new QueryEngine();
lap('new QueryEngine()');
