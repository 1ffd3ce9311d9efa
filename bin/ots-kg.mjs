#!/usr/bin/env node
// Entry point for `ots-kg ...` (and the npm scripts): runs the command line from a plain-JavaScript bundle of the
// sources (bin/bundle.mjs), made on first use and after any source change; the query workers are bundled beside it.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleSources } from './bundle.mjs';

const WORKERS = ['query/worker', 'query/warmup-worker'];
const dir = bundleSources('cli', fileURLToPath(new URL('../src/', import.meta.url)), ['cli', ...WORKERS], WORKERS);
const cli = join(dir, 'cli.mjs');
process.argv.splice(1, 1, cli);
await import(pathToFileURL(cli).href);
